package models

import (
	"context"
	"strings"
	"testing"
)

// TestKeyedLife: a renewal or unsubscribe retried under its key answers the same order and moves
// nothing again; the key sent with another request is refused; a key too long is refused.
func TestKeyedLife(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	r := paidResources(t, db, demo, 0, gpssd(30, 5))[0]
	renewIn := RenewInput{ResourceIDs: []string{r.PublicID}, PeriodType: PeriodMonth, PeriodNum: 1, AutoPay: true, IdempotencyKey: "k1"}
	first, err := RenewResources(ctx, db, cust, renewIn, testNow)
	if err != nil {
		t.Fatal(err)
	}
	cash := customerCash(t, db, demo)
	again, err := RenewResources(ctx, db, cust, renewIn, testNow)
	if err != nil || again.Orders[0].ID != first.Orders[0].ID || customerCash(t, db, demo) != cash {
		t.Fatalf("the renewal's retry: %+v %v", again, err)
	}
	if _, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil {
		t.Fatal(err)
	}
	renewIn.PeriodNum = 2 // the same key, another request
	_, err = RenewResources(ctx, db, cust, renewIn, testNow)
	wantErr(t, "the key sent with another renewal", err, ErrIdempotencyConflict)
	renewIn.IdempotencyKey = strings.Repeat("k", 129)
	_, err = RenewResources(ctx, db, cust, renewIn, testNow)
	wantErr(t, "a key too long", err, ErrInvalidInput)

	un := UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource, IdempotencyKey: "k1"} // a key names one request, whatever its operation
	_, err = Unsubscribe(ctx, db, cust, un, testNow)
	wantErr(t, "the renewal's key sent with an unsubscribe", err, ErrIdempotencyConflict)
	un.IdempotencyKey = "u1"
	done, err := Unsubscribe(ctx, db, cust, un, testNow)
	if err != nil {
		t.Fatal(err)
	}
	cash = customerCash(t, db, demo)
	again, err = Unsubscribe(ctx, db, cust, un, testNow)
	if err != nil || again.Orders[0].ID != done.Orders[0].ID || customerCash(t, db, demo) != cash ||
		count(t, db, "SELECT COUNT(*) FROM refunds WHERE resource_id = ?", r.ID) != 1 {
		t.Fatalf("the unsubscribe's retry: %+v %v", again, err)
	}
	un.IdempotencyKey = ""
	_, err = Unsubscribe(ctx, db, cust, un, testNow)
	wantErr(t, "unsubscribing again without the key", err, ErrResourceClosed)
	mustCheck(t, db)
}
