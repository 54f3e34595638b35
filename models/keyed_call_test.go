package models

import (
	"context"
	"sync"
	"testing"

	"gorm.io/gorm"
)

// Idempotency keys of the quota and coupon operations whose answer is stored beside the key
// (keyed_call.go): a retry answers the first result and moves nothing; the key reused for
// another request is refused; concurrent first attempts move once.

func TestGiveQuotaWithKey(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	master := actor(t, db, "distributor")
	parent := grant(t, db, "distributor", 1000, nil)
	sh, gz, other := partnerByAccount(t, db, "reseller-sh"), partnerByAccount(t, db, "reseller-gz"), partnerByAccount(t, db, "provider")
	give := func(dids []string, fen int64, key string) ([]GiveResult, error) {
		return GiveQuotaToResellers(ctx, db, master, parent.ID, dids, Fen(fen), key, testNow)
	}
	first, err := give([]string{sh.DomainID, other.DomainID}, 40000, "give-1")
	if err != nil || first[0].Err != nil || first[1].Err != ErrNotYourReseller {
		t.Fatalf("give: %v %+v", err, first)
	}
	quotas := count(t, db, "SELECT COUNT(*) FROM coupon_quotas")
	again, err := give([]string{sh.DomainID, other.DomainID}, 40000, "give-1")
	if err != nil || len(again) != 2 || again[0].Child == nil || again[0].Child.PublicID != first[0].Child.PublicID ||
		again[0].Child.Balance != 40000 || again[0].ResellerID != sh.ID || again[1].Err != ErrNotYourReseller || again[1].Child != nil {
		t.Fatalf("a retry: %v %+v", err, again)
	}
	if quotaBalance(t, db, parent.ID) != 60000 || count(t, db, "SELECT COUNT(*) FROM coupon_quotas") != quotas {
		t.Errorf("a retried give gave again: parent %d", quotaBalance(t, db, parent.ID))
	}
	for name, call := range map[string]func() error{
		"another amount":   func() error { _, err := give([]string{sh.DomainID, other.DomainID}, 40001, "give-1"); return err },
		"another reseller": func() error { _, err := give([]string{gz.DomainID, other.DomainID}, 40000, "give-1"); return err },
		"a take-back": func() error {
			_, err := ReclaimQuotasByPublicID(ctx, db, master, []string{first[0].Child.PublicID}, "", "give-1", testNow)
			return err
		},
	} {
		wantErr(t, name, call(), ErrIdempotencyConflict)
	}
	// another partner's key of the same name is its own
	_, err = GiveQuotaToResellers(ctx, db, actor(t, db, "provider"), parent.ID, []string{sh.DomainID}, Fen(100), "give-1", testNow)
	wantErr(t, "another partner with the same key", err, ErrQuotaNotFound)
	// a refused call stores nothing: the key gives once the call can succeed
	if _, err := give([]string{gz.DomainID}, 100, "give-2"); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

func TestReclaimQuotasWithKey(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	master := actor(t, db, "distributor")
	parent := grant(t, db, "distributor", 1000, nil)
	sh := partnerByAccount(t, db, "reseller-sh")
	given, err := GiveQuota(ctx, db, master, parent.ID, []uint64{sh.ID}, Fen(30000), testNow)
	if err != nil || given[0].Err != nil {
		t.Fatalf("give: %v %+v", err, given)
	}
	child := given[0].Child
	reclaim := func(key string) ([]ReclaimResult, error) {
		return ReclaimQuotasByPublicID(ctx, db, master, []string{child.PublicID, "nope"}, "year end", key, testNow)
	}
	first, err := reclaim("back-1")
	if err != nil || first[0].Err != nil || !first[0].Amount.Equal(Fen(30000).Decimal) || first[1].Err != ErrNotChildQuota {
		t.Fatalf("reclaim: %v %+v", err, first)
	}
	// the child's balance may come back later (a coupon reclaimed to it): the retry still answers the first result
	db.Model(&CouponQuota{}).Where("id = ?", child.ID).Update("balance", 500)
	db.Model(&CouponQuota{}).Where("id = ?", parent.ID).Update("balance", gorm.Expr("balance - 500"))
	again, err := reclaim("back-1")
	if err != nil || again[0].Err != nil || !again[0].Amount.Equal(Fen(30000).Decimal) || again[0].Quota.Balance != 0 ||
		again[0].Quota.Status != QuotaReclaimed || again[1].Err != ErrNotChildQuota {
		t.Fatalf("a retry: %v %+v", err, again)
	}
	if quotaBalance(t, db, child.ID) != 500 || quotaBalance(t, db, parent.ID) != 99500 {
		t.Errorf("a retried take-back took back again: child %d, parent %d", quotaBalance(t, db, child.ID), quotaBalance(t, db, parent.ID))
	}
	_, err = ReclaimQuotasByPublicID(ctx, db, master, []string{child.PublicID}, "another remark", "back-1", testNow)
	wantErr(t, "another remark", err, ErrIdempotencyConflict)
}

func TestReclaimCouponWithKey(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 100, nil)
	cs := customersOf(t, db, "provider", 2)
	c, other := issueOne(t, db, "provider", q, cs[0], 2000), issueOne(t, db, "provider", q, cs[1], 1000)
	first, err := ReclaimCouponWithKey(ctx, db, a, c.ID, "r-1", testNow)
	if err != nil || first.Status != CouponReclaimed || quotaBalance(t, db, q.ID) != 9000 {
		t.Fatalf("reclaim: %+v %v", first, err)
	}
	again, err := ReclaimCouponWithKey(ctx, db, a, c.ID, "r-1", testNow)
	if err != nil || again.ID != c.ID || again.Status != CouponReclaimed || again.PublicID != c.PublicID {
		t.Fatalf("a retry: %+v %v", again, err)
	}
	// without the key, reclaiming again is refused: the coupon is reclaimed
	_, err = ReclaimCoupon(ctx, db, a, c.ID, testNow)
	wantErr(t, "reclaiming again without the key", err, ErrCouponNotReclaimable)
	_, err = ReclaimCouponWithKey(ctx, db, a, other.ID, "r-1", testNow)
	wantErr(t, "the key for another coupon", err, ErrIdempotencyConflict)
	if quotaBalance(t, db, q.ID) != 9000 || count(t, db, "SELECT COUNT(*) FROM coupon_records WHERE operation_type = 2 AND coupon_id = ?", c.ID) != 1 {
		t.Error("a retried reclaim reclaimed twice")
	}
	mustCheck(t, db)
}

// TestKeyedCallsConcurrent: many first attempts with one key at once give once and all get the
// same answer (the unique key decides, whichever transaction commits first).
func TestKeyedCallsConcurrent(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	master := actor(t, db, "distributor")
	parent := grant(t, db, "distributor", 1000, nil)
	sh := partnerByAccount(t, db, "reseller-sh")
	const n = 8
	answers := make([][]GiveResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			answers[i], errs[i] = GiveQuotaToResellers(ctx, db, master, parent.ID, []string{sh.DomainID}, Fen(100), "at-once", testNow)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || answers[i][0].Err != nil || answers[i][0].Child.PublicID != answers[0][0].Child.PublicID {
			t.Fatalf("attempt %d: %v %+v", i, errs[i], answers[i])
		}
	}
	if quotaBalance(t, db, parent.ID) != 100000-100 || count(t, db, "SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ?", parent.ID) != 1 {
		t.Errorf("%d concurrent attempts gave more than once: parent %d", n, quotaBalance(t, db, parent.ID))
	}
}
