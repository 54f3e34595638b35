package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The preview of an unsubscribe says what the unsubscribe then gives back (the README's worked
// example: 18.21 of 25.00 cash), changes nothing, and refuses what the unsubscribe refuses.
func TestPreviewUnsubscribe(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	coupon := uint64(count(t, db, "SELECT COALESCE(MIN(id), 0) FROM coupons WHERE customer_id = ? AND status = ? AND balance = 5000", demo, CouponUsable))
	r := paidResources(t, db, demo, coupon, gpssd(30, 5))[0]
	at := testNow.Add(40*24*time.Hour + 3*time.Hour)
	cust := customerActor(demo)
	cash := customerCash(t, db, demo)
	p, err := PreviewUnsubscribe(ctx, db, cust, r.PublicID, UnsubscribeResource, at)
	if err != nil || p.Amount != 1821 || len(p.Terms) != 1 || p.Terms[0].Refunded != 1821 || p.Terms[0].Cash != 2500 {
		t.Fatalf("preview %+v %v", p, err)
	}
	if customerCash(t, db, demo) != cash || reloadResource(t, db, r.ID).Status != ResourceInUse {
		t.Fatal("the preview changed something")
	}
	_, err = PreviewUnsubscribe(ctx, db, cust, r.PublicID, UnsubscribeRenewals, at)
	wantErr(t, "no renewed period", err, ErrNoRenewedPeriods)
	if _, err := PreviewUnsubscribe(ctx, db, cust, r.PublicID, 3, at); !errors.Is(err, ErrUnsubscribeType) {
		t.Errorf("type 3: %v", err)
	}
	if _, err := PreviewUnsubscribe(ctx, db, actor(t, db, "reseller"), r.PublicID, UnsubscribeResource, at); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner: %v", err)
	}
	if _, err := PreviewUnsubscribe(ctx, db, actor(t, db, "provider-viewer"), r.PublicID, UnsubscribeResource, at); !errors.Is(err, ErrForbidden) {
		t.Errorf("a viewer: %v", err)
	}
	res, err := Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource}, at)
	if err != nil || res.Orders[0].Cash != p.Amount {
		t.Fatalf("unsubscribed %+v %v, the preview said %d", res, err, p.Amount)
	}
	_, err = PreviewUnsubscribe(ctx, db, cust, r.PublicID, UnsubscribeResource, at)
	wantErr(t, "a closed resource", err, ErrResourceClosed)
}
