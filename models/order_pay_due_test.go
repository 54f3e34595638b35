package models

import (
	"testing"

	"github.com/shopspring/decimal"
)

// dueOf is the one reading of a quote with an offer: the official price, the offer's discount,
// and each service type's share after it, line by line (the payment's coupons are bounded by
// those shares); the best offer's due is what a renewal paid at once takes and the sweep expects.
func TestDueOf(t *testing.T) {
	t.Parallel()
	y := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	q := &Quote{Official: y("30.00"), Lines: []QuoteLine{{Official: y("10.00")}, {Official: y("15.00")}, {Official: y("5.00")}}, Best: 0,
		Offers: []Offer{{DiscountIDs: []uint64{7, 8}, Discount: y("2.50"), Amount: y("27.50"),
			Lines: []OfferLine{{Amount: y("9.00")}, {Amount: y("13.50")}, {Amount: y("5.00")}}}}}
	services := []string{"ebs", "ecs", "ebs"}
	d, err := dueOf(q, nil, services)
	if err != nil || d.official != 3000 || d.discount != 0 || d.discountID != nil || d.byService["ebs"] != 1500 || d.byService["ecs"] != 1500 || d.cash() != 3000 {
		t.Fatalf("without an offer %+v %v", d, err)
	}
	d, err = dueOf(q, &q.Offers[0], services)
	if err != nil || d.official != 3000 || d.discount != 250 || *d.discountID != 7 || d.byService["ebs"] != 1400 || d.byService["ecs"] != 1350 ||
		d.cash() != 2750 || d.offer != &q.Offers[0] {
		t.Fatalf("with the offer %+v %v", d, err)
	}
	one := &Quote{Official: y("10.00"), Lines: q.Lines[:1], Best: 0, Offers: []Offer{{DiscountIDs: []uint64{7}, Discount: y("1.00"),
		Lines: []OfferLine{{Amount: y("9.00")}}}}}
	if d, err = bestDue(one, "ebs"); err != nil || d.cash() != 900 || d.byService["ebs"] != 900 {
		t.Fatalf("the best offer's due %+v %v", d, err)
	}
	one.Best, one.Offers = -1, nil
	if d, err = bestDue(one, "ebs"); err != nil || d.cash() != 1000 || d.discountID != nil {
		t.Fatalf("no offer's due %+v %v", d, err)
	}
}
