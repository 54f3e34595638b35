package models

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// explainPlan is SQLite's plan of a dry-run statement, its steps joined with "; ".
func explainPlan(t testing.TB, db *gorm.DB, st *gorm.Statement) string {
	t.Helper()
	var plan []struct {
		ID, Parent, NotUsed int
		Detail              string
	}
	if err := db.Raw("EXPLAIN QUERY PLAN "+st.SQL.String(), st.Vars...).Scan(&plan).Error; err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, p := range plan {
		steps = append(steps, p.Detail)
	}
	return strings.Join(steps, "; ")
}

// The API's fee record lists read one index range in its order at the deepest offset the API
// allows: a partner's list of its customer's records walks ix_fee_partner on all three of its
// columns (the row id gives the order), or ix_fee_customer for some days; the customer's own
// ix_fee_customer; never a scan or a sort.
func TestFeeDetailQueryPlans(t *testing.T) {
	onSQLiteOnly(t, "EXPLAIN QUERY PLAN (PostgreSQL plans: the PostgreSQL issue)")
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	provider := actor(t, db, "provider")
	_, nov, _ := ParseBillCycle("2026-11")
	since, until, _ := ParseBillDates(nov, "2026-11-02", "2026-11-05")
	cases := []struct {
		name  string
		a     Actor
		f     FeeDetailFilter
		index string
	}{
		{"partner", provider, FeeDetailFilter{FeeFilter: FeeFilter{Cycle: "2026-11", CustomerID: demo}}, "ix_fee_partner"},
		{"partner, filtered", provider, FeeDetailFilter{FeeFilter: FeeFilter{Cycle: "2026-11", CustomerID: demo, ServiceType: "hws.service.type.ebs",
			BillType: 1, ChargeMode: 1, OrderID: 7}, Region: "cn-north-4", Specs: []string{"GPSSD"}, NonZero: true}, "ix_fee_partner"},
		{"partner, days", provider, FeeDetailFilter{FeeFilter: FeeFilter{Cycle: "2026-11", CustomerID: demo, ServiceType: "hws.service.type.ebs"},
			Since: since, Until: until}, "ix_fee_customer"},
		{"customer", customerActor(demo), FeeDetailFilter{FeeFilter: FeeFilter{Cycle: "2026-11"}}, "ix_fee_customer"},
		{"customer, dates", customerActor(demo), FeeDetailFilter{FeeFilter: FeeFilter{Cycle: "2026-11", ResourceID: "r1"}, Since: since, Until: until}, "ix_fee_customer"},
	}
	for _, c := range cases {
		q, order, err := feeDetailScope(ctx, db, c.a, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var rows []FeeRecord
		st := c.f.apply(q.Where("bill_cycle = ?", "2026-11")).Session(&gorm.Session{DryRun: true}).
			Order(order).Offset(MaxOffset).Limit(MaxLimit).Find(&rows).Statement
		plan := explainPlan(t, db, st)
		if !regexp.MustCompile(`SEARCH fee_records USING INDEX `+c.index+`\b`).MatchString(plan) || strings.Contains(plan, "TEMP B-TREE") ||
			c.index == "ix_fee_partner" && !strings.Contains(plan, "partner_id=? AND bill_cycle=? AND customer_id=?") {
			t.Errorf("%s: plan %q, want a search of %s in its order", c.name, plan, c.index)
		}
		t.Logf("%s: %s", c.name, plan)
	}
}

// deepFeeRecords writes n fee records of the cycle for the customer under its partner (bulk, no
// monthly sums: only the lists read them).
func deepFeeRecords(t testing.TB, db *gorm.DB, customerID uint64, cycle string, n int) {
	t.Helper()
	var c Customer
	db.First(&c, customerID)
	_, start, _ := ParseBillCycle(cycle)
	rows := make([]FeeRecord, 0, 1000)
	for i := range n {
		at := start.Add(time.Duration(i) * time.Second).UTC()
		rows = append(rows, FeeRecord{CustomerID: customerID, PartnerID: deref(c.PartnerID), TopPartnerID: deref(c.TopPartnerID), BillCycle: cycle,
			TradeTime: at, BillType: BillUsage, ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Region: "cn-north-4",
			ChargeMode: ChargeOnDemand, Official: 12, Cash: 12, CreatedAt: at})
		if len(rows) == cap(rows) || i == n-1 {
			if err := db.CreateInBatches(rows, 200).Error; err != nil {
				t.Fatal(err)
			}
			rows = rows[:0]
		}
	}
}

// BenchmarkFeeDetailsDeep lists a page of 100 of a customer's 50,000 fee records of a cycle at
// the deepest offset the API allows, as its partner (ListSubCustomerBillDetail) and as itself
// (ListCustomerselfResourceRecords).
func BenchmarkFeeDetailsDeep(b *testing.B) {
	db, ctx := demoDB(b), context.Background()
	demo := demoCustomerID(b, db)
	deepFeeRecords(b, db, demo, "2026-10", 50000)
	f := FeeDetailFilter{FeeFilter: FeeFilter{Cycle: "2026-10", CustomerID: demo}}
	for name, a := range map[string]Actor{"partner": actor(b, db, "provider"), "customer": customerActor(demo)} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				l, err := ListFeeDetails(ctx, db, a, f, Paging{Offset: MaxOffset, Limit: MaxLimit})
				if err != nil || len(l.Rows) != MaxLimit {
					b.Fatal(err, l)
				}
			}
		})
	}
}

// ListSubcustomerMonthlyBills over a whole partner walks its consignment bills of the cycle in
// customer order (ix_cbill_pcustomer, covering), each customer by its key and its monthly sums by
// theirs: no scan, and no sort (not even of one customer's sums).
func TestMonthlyBillsQueryPlan(t *testing.T) {
	onSQLiteOnly(t, "EXPLAIN QUERY PLAN (PostgreSQL plans: the PostgreSQL issue)")
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	provider := actor(t, db, "provider")
	for _, f := range []MonthlyBillFilter{{Cycle: "2026-11", ChargeMode: ChargePeriod}, {Cycle: "2026-11", ChargeMode: ChargeOnDemand, Kind: BillKindRefund},
		{Cycle: "2026-11", ChargeMode: ChargePeriod, ServiceType: "hws.service.type.ebs"}} {
		var rows []BillSum
		st := monthlyBillsQuery(ctx, db, provider.PartnerID, f.Cycle, f).Session(&gorm.Session{DryRun: true}).Scan(&rows).Statement
		plan := explainPlan(t, db, st)
		for _, want := range []string{"SEARCH cycle_bills USING COVERING INDEX ix_cbill_pcustomer", "SEARCH customers USING INTEGER PRIMARY KEY",
			"SEARCH monthly_sums USING INDEX ux_msum_key"} {
			if !strings.Contains(plan, want) {
				t.Errorf("%+v: plan %q, want %q", f, plan, want)
			}
		}
		if strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "SCAN ") {
			t.Errorf("%+v: plan %q sorts or scans", f, plan)
		}
	}
}
