package models

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"
)

func TestListOrders(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, gpssd(30, 5))
	sales := actor(t, db, "provider-sales")
	cases := []struct {
		name string
		a    Actor
		f    OrderFilter
		want bool // the new order is listed
	}{
		{"the partner's", sales, OrderFilter{}, true},
		{"by status", sales, OrderFilter{Status: OrderPendingPayment}, true},
		{"another status", sales, OrderFilter{Status: OrderCompleted}, false},
		{"by service type", sales, OrderFilter{ServiceType: "hws.service.type.ebs"}, true},
		{"another service type", sales, OrderFilter{ServiceType: "hws.service.type.ec2"}, false},
		{"by customer", sales, OrderFilter{CustomerID: demo}, true},
		{"created before it", sales, OrderFilter{Created: TimeRange{To: o.CreatedAt}}, false},
		{"by id", sales, OrderFilter{OrderID: o.ID}, true},
		{"the customer's own", customerActor(demo), OrderFilter{}, true},
		{"another customer", customerActor(demo + 1), OrderFilter{}, false},
		{"the operator", Actor{Kind: OperatorUser, UserID: 1}, OrderFilter{OrderID: o.ID}, true},
		{"another partner", actor(t, db, "distributor"), OrderFilter{OrderID: o.ID}, false},
	}
	for _, c := range cases {
		list, err := ListOrders(ctx, db, c.a, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		found := false
		for _, r := range list.Rows {
			if r.ID == o.ID {
				found = r.CustomerName != "" && r.ServiceType == "hws.service.type.ebs"
			}
		}
		if found != c.want || c.want && list.Total < 1 {
			t.Errorf("%s: listed %v (total %d), want %v", c.name, found, list.Total, c.want)
		}
	}
	_, err := ListOrders(ctx, db, actor(t, db, "distributor"), OrderFilter{ResellerID: partnerByAccount(t, db, "provider").ID})
	if !errors.Is(err, ErrNotYourReseller) {
		t.Errorf("a partner that is not its reseller: %v", err)
	}
}

func TestOrderChoices(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	sales := actor(t, db, "provider-sales")
	day := testNow.In(BusinessZone)
	_, err := SetDiscount(ctx, db, sales, SetDiscountInput{CustomerID: demo, Type: Discount607, Off: "10",
		ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	o := mustOrder(t, db, demo, gpssd(30, 5))
	cs, err := OrderCouponChoices(ctx, db, sales, o.ID, testNow)
	if err != nil || len(cs) == 0 {
		t.Fatalf("coupons %d: %v", len(cs), err)
	}
	for _, c := range cs {
		if c.CustomerID != demo || c.StatusAt(testNow) != CouponUsable || !couponCovers(&c, []string{"hws.service.type.ebs"}) {
			t.Errorf("offered coupon %+v", c)
		}
	}
	if _, err := OrderCouponChoices(ctx, db, actor(t, db, "distributor"), o.ID, testNow); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner's order: %v", err)
	}
	ds, err := OrderDiscountChoices(ctx, db, customerActor(demo), o.ID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("discounts %d: %v", len(ds), err)
	}
	paid, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney(), DiscountIDs: []uint64{ds[0].DiscountID}}, testNow)
	if err != nil || paid.Discount == 0 || paid.Discount != ds[0].Offer.Discount.Shift(2).IntPart() {
		t.Errorf("paying with offered discount %d: %+v %v", ds[0].DiscountID, paid, err)
	}
	if cs, err := OrderCouponChoices(ctx, db, sales, o.ID, testNow.Add(time.Hour)); err != nil || len(cs) != 0 {
		t.Errorf("a paid order offers %d coupons: %v", len(cs), err)
	}
}

// TestOrderDetail: an order's detail for the API, seen by its customer and its partner (with the
// reseller filter, only a reseller's); each line's product, and its share of the discount adding up
// to the order's; what its coupons paid by type. Anyone else's order is not found.
func TestOrderDetail(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	day := testNow.In(BusinessZone)
	d, err := SetDiscount(ctx, db, actor(t, db, "provider-sales"), SetDiscountInput{CustomerID: demo, Type: Discount607, Off: "10",
		ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	o := mustOrder(t, db, demo, ecsMonth(), gpssd(30, 5)) // 142.50 + 75.00
	var coupon Coupon
	db.Where("customer_id = ? AND status = ?", demo, CouponUsable).Order("id").First(&coupon)
	cs, err := PayCoupons(ctx, db, customerActor(demo), []string{coupon.PublicID})
	if err != nil || len(cs) != 1 || cs[0].ID != coupon.ID {
		t.Fatalf("the coupon by its public id: %v %+v", err, cs)
	}
	_, err = PayCoupons(ctx, db, customerActor(demo+1), []string{coupon.PublicID})
	wantErr(t, "another customer's coupon", err, ErrCouponUnusable)
	if got, err := PayDiscount(ctx, db, customerActor(demo), strconv.FormatUint(d.ID, 10)); err != nil || got.Type != Discount607 {
		t.Fatalf("the discount: %v %+v", err, got)
	}
	_, err = PayDiscount(ctx, db, customerActor(demo+1), strconv.FormatUint(d.ID, 10))
	wantErr(t, "another customer's discount", err, ErrDiscountUnusable)
	if _, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney(), CouponIDs: []uint64{coupon.ID},
		DiscountIDs: []uint64{d.ID}}, testNow); err != nil {
		t.Fatal(err)
	}
	for _, a := range []Actor{customerActor(demo), actor(t, db, "provider-sales"), actor(t, db, "provider-finance")} {
		got, err := GetOrderDetail(ctx, db, a, o.ID, 0)
		if err != nil || len(got.Lines) != 2 || got.DomainID == "" || got.CustomerName != "demo-customer" {
			t.Fatalf("detail: %v %+v", err, got)
		}
		if got.Lines[0].ProductID == "" || got.Lines[0].Discount+got.Lines[1].Discount != got.Discount || got.Discount != 2175 ||
			got.Lines[1].AfterDiscount() != 6750 || got.Payment.DiscountType != Discount607 ||
			got.Payment.CouponsByType[coupon.Type] != got.Coupons || got.Coupons == 0 {
			t.Errorf("detail lines %+v, payment %+v", got.Lines, got.Payment)
		}
	}
	for name, a := range map[string]Actor{"another customer": customerActor(demo + 1), "another partner": actor(t, db, "reseller")} {
		_, err := GetOrderDetail(ctx, db, a, o.ID, 0)
		wantErr(t, name, err, ErrNotFound)
	}
	_, err = GetOrderDetail(ctx, db, actor(t, db, "provider-sales"), o.ID, partnerByAccount(t, db, "reseller").ID)
	wantErr(t, "a reseller's only", err, ErrNotFound)
	if id, ok, err := OrderCustomerID(ctx, db, "no-such-account"); err != nil || ok || id != 0 {
		t.Errorf("an unknown account: %d %v %v", id, ok, err)
	}
	mustCheck(t, db)
}
