package models

import (
	"context"
	"sync"
	"testing"
)

// TestPayOrderRetryBeside: a retry sent while the first attempt is still running (the same
// idempotency key, at once) is answered with the payment, not refused as a changed order, and the
// order is paid once.
func TestPayOrderRetryBeside(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	for i := range 3 {
		o := mustOrder(t, db, demo, gpssd(int64(10+i), 1))
		in := PayInput{OrderID: o.ID, Official: o.OfficialMoney(), IdempotencyKey: "retry-" + o.OrderID()}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for k := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[k] = PayOrder(ctx, db, customerActor(demo), in, testNow) }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("a retry beside the first attempt: %v", err)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM transfers WHERE memo = ?", "order "+o.OrderID()); n != 1 {
			t.Fatalf("%d payments", n)
		}
	}
	mustCheck(t, db)
}
