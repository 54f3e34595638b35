package models

import (
	"context"
	"testing"
)

// BenchmarkPayOrder pays pending orders of the demo customer from its balance, one at a time:
// the price inquiry, the money line's transaction and its commit.
func BenchmarkPayOrder(b *testing.B) {
	db, ctx := demoDB(b), context.Background()
	demo := demoCustomerID(b, db)
	if _, err := Allocate(ctx, db, actor(b, db, "provider"), demo, FundsInput{Amount: Fen(500*int64(b.N) + 100)}, testNow); err != nil {
		b.Fatal(err)
	}
	orders := make([]*Order, b.N)
	for i := range orders {
		orders[i] = mustOrder(b, db, demo, gpssd(10, 1))
	}
	b.ResetTimer()
	for i := range b.N {
		o := orders[i]
		if _, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateOrder orders one disk on the demo customer's behalf.
func BenchmarkCreateOrder(b *testing.B) {
	db := demoDB(b)
	demo := demoCustomerID(b, db)
	b.ResetTimer()
	for range b.N {
		mustOrder(b, db, demo, gpssd(10, 1))
	}
}
