package models

import (
	"context"
	"errors"
	"testing"
)

// Two payments with the same key at once (a double click): one pays, both answer the paid order.
func TestPayOrderSameKeyAtOnce(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, gpssd(30, 5))
	in := PayInput{OrderID: o.ID, Version: o.Version, Official: o.OfficialMoney(), IdempotencyKey: "double-click"}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			paid, err := PayOrder(ctx, db, customerActor(demo), in, testNow)
			if err == nil && paid.ID != o.ID {
				err = errors.New("another order answered")
			}
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a payment: %v", err)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM transfers WHERE kind = 'order_payment' AND customer_id = ? AND id NOT IN (SELECT payment_transfer_id FROM orders WHERE paid_at < '2026-11-23' AND payment_transfer_id IS NOT NULL)", demo); n != 1 {
		t.Errorf("%d payments", n)
	}
}
