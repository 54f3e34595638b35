package models

import (
	"context"
	"testing"
)

// An order placed at the price the person confirmed goes through; at another price (a new price
// list took effect meanwhile) it is refused and nothing is written.
func TestCreateOrderExpectedPrice(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo, sales := demoCustomerID(t, db), actor(t, db, "provider-sales")
	in := OrderInput{CustomerID: demo, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}
	wrong := Fen(7400)
	in.Expected = &wrong
	before := count(t, db, "SELECT COUNT(*) FROM orders")
	_, err := CreateOrder(ctx, db, sales, in, testNow)
	wantErr(t, "another price than confirmed", err, ErrOrderChanged)
	if count(t, db, "SELECT COUNT(*) FROM orders") != before {
		t.Error("an order was made at a price not confirmed")
	}
	right := Fen(7500)
	in.Expected = &right
	o, err := CreateOrder(ctx, db, sales, in, testNow)
	if err != nil || o.Official != 7500 {
		t.Fatalf("the confirmed price: %+v %v", o, err)
	}
}
