package models

import (
	"context"
	"strings"
	"sync"
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

// Placing the same order twice under one key (a double-click on the confirmation, or two at once)
// places one order; the key again for another customer is refused.
func TestCreateOrderKey(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo, sales := demoCustomerID(t, db), actor(t, db, "provider-sales")
	in := OrderInput{CustomerID: demo, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}, Key: "place-0123456789abcdef"}
	before := count(t, db, "SELECT COUNT(*) FROM orders")
	ids := make(chan uint64, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := CreateOrder(ctx, db, sales, in, testNow)
			if err != nil {
				t.Error(err)
				return
			}
			ids <- o.ID
		}()
	}
	wg.Wait()
	close(ids)
	first := <-ids
	for id := range ids {
		if id != first {
			t.Errorf("orders %d and %d under one key", first, id)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM orders"); n != before+1 {
		t.Fatalf("%d orders placed under one key", n-before)
	}
	other := in
	other.CustomerID = unauthorizedCustomer(t, db, Consignment, 0)
	_, err := CreateOrder(ctx, db, sales, other, testNow)
	wantErr(t, "the key for another customer", err, ErrIdempotencyConflict)
	in.Key = strings.Repeat("k", 129)
	_, err = CreateOrder(ctx, db, sales, in, testNow)
	wantErr(t, "a key too long", err, ErrInvalidInput)
}
