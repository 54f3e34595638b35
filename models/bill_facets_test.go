package models

import (
	"os"
	"strings"
	"testing"
)

// TestFacets: each service type, charge mode and bill type has its own bit, below the sign bit;
// one filter is a bit alone, two or an unknown service type also look the monthly sums up; and
// migration 00027 fills the old bills with facetsSQL's expression, on both backends.
func TestFacets(t *testing.T) {
	t.Parallel()
	seen := map[int64]string{}
	bit := func(name string, b int64) {
		if b == 0 || b&(b-1) != 0 || b < 0 {
			t.Errorf("%s: bit %x", name, b)
		}
		if other, ok := seen[b]; ok {
			t.Errorf("%s and %s share bit %x", name, other, b)
		}
		seen[b] = name
	}
	for code := range facetServices {
		bit(code, facetOfService(code))
	}
	for m := range facetChargeModes {
		bit("charge mode", facetOfChargeMode(m))
	}
	for bt := int8(1); bt <= facetBillTypes; bt++ {
		bit("bill type", facetOfBillType(bt))
	}
	if facetOfService("hws.service.type.nope") != 0 || facetOfBillType(0) != 0 || facetOfBillType(25) != 0 || facetOfChargeMode(2) != 0 {
		t.Error("a value without a bit has one")
	}
	for _, c := range []struct {
		name   string
		f      CycleBillFilter
		bits   int64
		lookup bool
	}{
		{"none", CycleBillFilter{}, 0, false},
		{"service", CycleBillFilter{ServiceType: "hws.service.type.ebs"}, facetOfService("hws.service.type.ebs"), false},
		{"charge mode", CycleBillFilter{ChargeMode: ChargeOnDemand}, facetOfChargeMode(ChargeOnDemand), false},
		{"bill type", CycleBillFilter{BillType: BillRefund}, facetOfBillType(BillRefund), false},
		{"two", CycleBillFilter{ServiceType: "hws.service.type.ebs", BillType: BillRefund},
			facetOfService("hws.service.type.ebs") | facetOfBillType(BillRefund), true},
		{"a service type without a bit", CycleBillFilter{ServiceType: "hws.service.type.rds"}, 0, true},
	} {
		if bits, lookup := c.f.facets(); bits != c.bits || lookup != c.lookup {
			t.Errorf("%s: %x %v, want %x %v", c.name, bits, lookup, c.bits, c.lookup)
		}
	}
	want := strings.Join(strings.Fields(facetsSQL("m.service_type", "m.charge_mode", "m.bill_type")), " ")
	for _, dir := range []string{"sqlite", "postgres"} {
		b, err := os.ReadFile("migrations/" + dir + "/00027_cycle_bill_facets.sql")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(b)), " "), want) {
			t.Errorf("%s's migration 00027 does not fill the facets as facetsSQL does", dir)
		}
	}
}

// TestRebuildCycleBillsFacets: the bench world's cycle bills, made at once from the fee records,
// have the facets the domain gives them as it writes each (the demo world's), and pass Check.
func TestRebuildCycleBillsFacets(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	type key struct {
		customer, partner, top uint64
		cycle                  string
		mode                   Mode
	}
	facets := func() map[key]int64 {
		t.Helper()
		var bills []CycleBill
		if err := db.Order("id").Find(&bills).Error; err != nil {
			t.Fatal(err)
		}
		out := map[key]int64{}
		for _, b := range bills {
			k := key{b.CustomerID, b.PartnerID, b.TopPartnerID, b.BillCycle, b.Mode}
			out[k] = b.Facets
			if b.Facets == 0 {
				t.Errorf("bill %d has no facets", b.ID)
			}
		}
		return out
	}
	before := facets()
	if len(before) == 0 {
		t.Fatal("the demo world has no cycle bills")
	}
	if err := RebuildCycleBills(db, testNow); err != nil {
		t.Fatal(err)
	}
	after := facets()
	for k, f := range before {
		if after[k] != f {
			t.Errorf("bill of %v: facets %x rebuilt as %x", k, f, after[k])
		}
	}
	mustCheck(t, db)
}
