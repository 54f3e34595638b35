package models

import (
	"context"
	"testing"
	"time"
)

// TestAutoRenewExpired: auto-renewal set on a resource already expired renews it at the next
// deduction (the next sweep) from the balance, back in use one period after its old expiry, by a
// renewal order paid and completed; one the balance does not cover stays expired, is tried again
// each day, and is frozen when its grace period ends, as any other.
func TestAutoRenewExpired(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	covered := paidResources(t, db, demo, 0, gpssd(20, 1))[0]
	short := paidResources(t, db, demo, 0, gpssd(500, 1))[0]
	expiry := *covered.ExpireAt
	for _, at := range []time.Time{expiry.Add(-time.Second), expiry} { // the seed's resources first, then these
		if _, err := SweepResources(ctx, db, at, 100); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []Resource{covered, short} {
		if g := reloadResource(t, db, r.ID); g.Status != ResourceExpired || g.AutoRenewAt != nil {
			t.Fatalf("%s at expiry: %+v", r.PublicID, g)
		}
	}
	// the balance covers a month of 20 GB (10.00 at most), never one of 500 GB (250.00 before discounts)
	if _, err := Reclaim(ctx, db, actor(t, db, "provider"), demo, FundsInput{Amount: Fen(customerCash(t, db, demo) - 2000)}, expiry); err != nil {
		t.Fatal(err)
	}
	set := expiry.Add(2 * 24 * time.Hour)
	for _, r := range []Resource{covered, short} {
		g, err := SetAutoRenew(ctx, db, cust, r.PublicID, PeriodMonth, 0, set)
		if err != nil || g.ExpirePolicy != ExpireAutoRenew || g.AutoRenewAt == nil || !g.AutoRenewAt.Equal(set) || g.Status != ResourceExpired {
			t.Fatalf("auto-renewal set on an expired resource: %+v %v", g, err)
		}
	}
	sweep := set.Add(time.Minute)
	s, err := SweepResources(ctx, db, sweep, 100)
	if err != nil || s.Renewed != 1 {
		t.Fatalf("the next deduction: %+v %v", s, err)
	}
	g := reloadResource(t, db, covered.ID)
	if g.Status != ResourceInUse || !g.ExpireAt.Equal(expiry.AddDate(0, 1, 0)) || g.AutoRenewAt != nil || g.AutoRenewCount != 1 {
		t.Errorf("renewed: %+v", g)
	}
	var o Order
	err = db.Joins("JOIN order_lines ON order_lines.order_id = orders.id").Where("order_lines.resource_id = ? AND orders.type = ?", covered.ID, OrderRenew).
		First(&o).Error
	if err != nil || o.Status != OrderCompleted || o.PaidAt == nil || o.Cash <= 0 || o.PaymentTransferID == nil || customerCash(t, db, demo) != 2000-o.Cash {
		t.Errorf("the renewal order %+v %v, balance %d", o, err, customerCash(t, db, demo))
	}
	g = reloadResource(t, db, short.ID)
	if g.Status != ResourceExpired || g.AutoRenewAt == nil || !g.AutoRenewAt.Equal(sweep.Add(24*time.Hour)) {
		t.Errorf("refused: %+v, want expired and tried again a day later", g)
	}
	day := expiry.Add(4 * 24 * time.Hour)
	if s, err := SweepResources(ctx, db, day, 100); err != nil || s.Renewed != 0 {
		t.Fatalf("a day later: %+v %v", s, err)
	}
	if g := reloadResource(t, db, short.ID); g.Status != ResourceExpired || !g.AutoRenewAt.Equal(day.Add(24*time.Hour)) {
		t.Errorf("tried again: %+v", g)
	}
	if _, err := SweepResources(ctx, db, expiry.Add(GracePeriod-time.Second), 100); err != nil {
		t.Fatal(err)
	}
	if g := reloadResource(t, db, short.ID); g.Status != ResourceExpired {
		t.Errorf("a second before its grace period ends: %+v", g)
	}
	if _, err := SweepResources(ctx, db, expiry.Add(GracePeriod), 100); err != nil {
		t.Fatal(err)
	}
	if g := reloadResource(t, db, short.ID); g.Status != ResourceFrozen || g.AutoRenewAt != nil || g.ExpirePolicy != ExpireAutoRenew {
		t.Errorf("at the end of its grace period: %+v, want frozen with no deduction waiting", g)
	}
	if customerCash(t, db, demo) != 2000-o.Cash {
		t.Error("a refused deduction moved money")
	}
	mustCheck(t, db)
}
