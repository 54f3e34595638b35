package models

import (
	"context"
	"testing"
)

func TestSeedPriceHistory(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	if err := SeedPriceHistory(ctx, db, 4000, 10, testNow); err != nil {
		t.Fatal(err)
	}
	if err := SeedPriceHistory(ctx, db, 4000, 10, testNow); err != nil { // seeded already: nothing
		t.Fatal(err)
	}
	var n int64
	db.Model(&Price{}).Where("key_id IN (SELECT id FROM price_keys WHERE spec_id IN (SELECT id FROM resource_specs WHERE code LIKE 'bench%'))").Count(&n)
	if n != 4000 {
		t.Fatalf("%d bench prices", n)
	}
	p := InquiryProduct{ID: "b", ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Spec: "bench0007.large.2.linux",
		Region: "cn-east-3", PeriodType: PeriodMonth, PeriodNum: 1, Quantity: 1}
	first := inquire(t, db, actor(t, db, "provider"), Inquiry{At: testNow.AddDate(0, 0, -10), Products: []InquiryProduct{p}})
	last := inquire(t, db, actor(t, db, "provider"), Inquiry{At: testNow, Products: []InquiryProduct{p}})
	if d := last.Lines[0].UnitPrice.Sub(first.Lines[0].UnitPrice.Decimal); d.String() != "0.27" { // 9 versions of 3 fen
		t.Errorf("first %s, last %s", first.Lines[0].UnitPrice, last.Lines[0].UnitPrice)
	}
	page, err := ListResourceSpecs(ctx, db, SpecQuery{ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
		Region: "cn-south-1", Mode: ChargePeriod, Limit: 100})
	if err != nil || len(page.Specs) != 100 || page.Next == "" {
		t.Errorf("page %d, next %q, %v", len(page.Specs), page.Next, err)
	}
}
