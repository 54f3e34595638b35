package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The payment preview takes from coupons, discount and balance what PayOrder then takes, and says
// the amount missing that PayOrder refuses with.
func TestPreviewPayment(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust, admin := customerActor(demo), actor(t, db, "provider")
	o := mustOrder(t, db, demo, gpssd(30, 5))
	cs, err := OrderCouponChoices(ctx, db, cust, o.ID, testNow)
	if err != nil || len(cs) == 0 {
		t.Fatalf("coupons %d: %v", len(cs), err)
	}
	in := PayInput{OrderID: o.ID, Official: o.OfficialMoney(), CouponIDs: []uint64{cs[0].ID}}
	for _, c := range []struct {
		name string
		a    Actor
		in   PayInput
		want error
	}{
		{"four coupons", cust, PayInput{OrderID: o.ID, CouponIDs: []uint64{1, 2, 3, 4}}, ErrTooManyCoupons},
		{"two discounts", cust, PayInput{OrderID: o.ID, DiscountIDs: []uint64{1, 2}}, ErrTooManyDiscounts},
		{"another customer's coupon", cust, PayInput{OrderID: o.ID, CouponIDs: []uint64{999999}}, ErrCouponUnusable},
		{"a discount it has not", cust, PayInput{OrderID: o.ID, DiscountIDs: []uint64{999999}}, ErrDiscountUnusable},
		{"a finance member", actor(t, db, "provider-finance"), in, ErrForbidden},
		{"another partner", actor(t, db, "distributor"), in, ErrNotFound},
		{"another customer", customerActor(demo + 1), in, ErrNotFound},
	} {
		if _, err := PreviewPayment(ctx, db, c.a, c.in, testNow); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	// no balance: all the cash is missing, and PayOrder refuses with the same amount
	reclaimAll(t, db, demo)
	pv, err := PreviewPayment(ctx, db, admin, in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	wantCoupon := min(cs[0].Balance, o.Official)
	if !pv.Coupons.Equal(Fen(wantCoupon).Decimal) || !pv.Cash.Equal(Fen(o.Official-wantCoupon).Decimal) || !pv.Missing.Equal(pv.Cash.Decimal) ||
		len(pv.CouponShares) != 1 || !pv.Balance.IsZero() {
		t.Fatalf("preview %+v", pv)
	}
	var short *ShortError
	if _, err := PayOrder(ctx, db, admin, in, testNow); !pv.Cash.IsPositive() || !errors.As(err, &short) || !short.Missing.Equal(pv.Missing.Decimal) {
		t.Fatalf("paying without balance: %v (preview missing %s)", err, pv.Missing.StringFixed(2))
	}
	if _, err := Allocate(ctx, db, admin, demo, FundsInput{Amount: pv.Cash}, testNow); err != nil {
		t.Fatal(err)
	}
	if pv, err = PreviewPayment(ctx, db, cust, in, testNow); err != nil || !pv.Missing.IsZero() {
		t.Fatalf("after allocating: %+v %v", pv, err)
	}
	paid, err := PayOrder(ctx, db, cust, in, testNow)
	if err != nil || paid.Coupons != wantCoupon || !Fen(paid.Cash).Equal(pv.Cash.Decimal) {
		t.Fatalf("paid %+v (preview %+v): %v", paid, pv, err)
	}
	if _, err := PreviewPayment(ctx, db, cust, in, testNow); !errors.Is(err, ErrOrderState) {
		t.Errorf("previewing a paid order: %v", err)
	}
}

// The preview of a payment with a discount carries the discount's offer, from the one pricing of
// the order it makes (the confirmation names it without pricing the order again), and its
// discount is the offer's.
func TestPreviewPaymentOffer(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	day := testNow.In(BusinessZone)
	if _, err := SetDiscount(ctx, db, actor(t, db, "provider-sales"), SetDiscountInput{CustomerID: demo, Type: Discount607, Off: "10",
		ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}
	o := mustOrder(t, db, demo, gpssd(30, 5))
	ds, err := OrderDiscountChoices(ctx, db, cust, o.ID)
	if err != nil || len(ds) == 0 {
		t.Fatalf("the demo customer has no discount for the disk: %v", err)
	}
	pv, err := PreviewPayment(ctx, db, cust, PayInput{OrderID: o.ID, DiscountIDs: []uint64{ds[0].DiscountID}}, testNow)
	if err != nil || pv.Offer == nil || pv.Offer.Type != ds[0].Offer.Type || !pv.Discount.Equal(ds[0].Offer.Discount) {
		t.Fatalf("preview with a discount %+v: %v", pv, err)
	}
	if pv, err = PreviewPayment(ctx, db, cust, PayInput{OrderID: o.ID}, testNow); err != nil || pv.Offer != nil {
		t.Fatalf("preview without a discount %+v: %v", pv, err)
	}
}

// OrderWithCustomer names the order's customer as the order list does.
func TestOrderWithCustomer(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, gpssd(30, 5))
	list, err := ListOrders(ctx, db, actor(t, db, "provider"), OrderFilter{OrderID: o.ID, Limit: 1})
	if err != nil || len(list.Rows) != 1 {
		t.Fatalf("list %v %v", list, err)
	}
	r, err := OrderWithCustomer(ctx, db, o)
	if err != nil || r.CustomerName == "" || r.CustomerName != list.Rows[0].CustomerName || r.RealName != list.Rows[0].RealName || r.ID != o.ID {
		t.Fatalf("order with customer %+v, the list's %+v: %v", r, list.Rows[0], err)
	}
}
