package models

import (
	"context"
	"testing"
)

// The confirmation of a cancel (OrderToCancel) refuses what CancelOrder refuses: an order that
// is neither pending payment nor pending review, a member who may not cancel, another's order.
func TestOrderToCancel(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	pending, paid := mustOrder(t, db, demo, gpssd(10, 1)), mustOrder(t, db, demo, gpssd(10, 1))
	if _, err := PayOrder(ctx, db, cust, PayInput{OrderID: paid.ID, Official: paid.OfficialMoney()}, testNow); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		a    Actor
		id   uint64
		want error
	}{
		{"pending payment, by its customer", cust, pending.ID, nil},
		{"pending payment, by a sales member", actor(t, db, "provider-sales"), pending.ID, nil},
		{"paid (processing)", cust, paid.ID, ErrOrderState},
		{"a finance member", actor(t, db, "provider-finance"), pending.ID, ErrForbidden},
		{"another partner", actor(t, db, "distributor"), pending.ID, ErrNotFound},
		{"another customer", customerActor(demo + 1), pending.ID, ErrNotFound},
	} {
		o, err := OrderToCancel(ctx, db, c.a, c.id)
		wantErr(t, c.name, err, c.want)
		if c.want == nil && (o == nil || o.ID != c.id) {
			t.Errorf("%s: %+v", c.name, o)
		}
	}
	_, err := CancelOrder(ctx, db, actor(t, db, "provider-finance"), pending.ID, testNow)
	wantErr(t, "CancelOrder by a finance member", err, ErrForbidden)
	if _, err := CancelOrder(ctx, db, cust, pending.ID, testNow); err != nil {
		t.Fatal(err)
	}
	_, err = OrderToCancel(ctx, db, cust, pending.ID)
	wantErr(t, "a cancelled order", err, ErrOrderState)
}
