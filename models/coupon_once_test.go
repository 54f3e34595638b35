package models

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGrantQuotaOnce: the grant form's token makes a refresh or a double-click grant once, even
// when the two requests race; a refused grant keeps no token; the token reused for another grant
// is refused, and another operator's same token is its own.
func TestGrantQuotaOnce(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	provider := partnerByAccount(t, db, "provider")
	in := GrantInput{PartnerID: partnerByAccount(t, db, "reseller").ID, Amount: Fen(50000),
		EffectiveAt: testNow, ExpireAt: testNow.Add(30 * 24 * time.Hour), IdempotencyKey: "grant-form-token-1"}
	_, err := GrantQuota(ctx, db, op, in, testNow)
	wantErr(t, "a grant to a reseller", err, ErrQuotaHolder)
	in.PartnerID = provider.ID // corrected and sent again with the same token
	before := count(t, db, "SELECT COUNT(*) FROM coupon_quotas WHERE partner_id = ?", provider.ID)
	const n = 8
	ids := make([]uint64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q, err := GrantQuota(ctx, db, op, in, testNow)
			errs[i] = err
			if q != nil {
				ids[i] = q.ID
			}
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || ids[i] != ids[0] || ids[0] == 0 {
			t.Fatalf("request %d: quota %d, %v (the first: %d)", i, ids[i], errs[i], ids[0])
		}
	}
	if got := count(t, db, "SELECT COUNT(*) FROM coupon_quotas WHERE partner_id = ?", provider.ID); got != before+1 {
		t.Errorf("%d quotas granted under one token", got-before)
	}
	if got := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'quota.grant' AND object_id = ?", ids[0]); got != 1 {
		t.Errorf("%d audit records of the grant", got)
	}
	other := in
	other.Amount = Fen(60000)
	_, err = GrantQuota(ctx, db, op, other, testNow)
	wantErr(t, "the token reused for another amount", err, ErrIdempotencyConflict)
	second := fastUser(t, db, User{Username: "operator-2"}, "operator-2-password")
	if q, err := GrantQuota(ctx, db, ActorOf(second, "test"), in, testNow); err != nil || q.ID == ids[0] {
		t.Errorf("another operator's same token: %v, %v", q, err)
	}
	in.IdempotencyKey = strings.Repeat("k", 129)
	_, err = GrantQuota(ctx, db, op, in, testNow)
	wantErr(t, "a token too long", err, ErrInvalidInput)
	mustCheck(t, db)
}

// TestGiveQuotaOnce: the give form's token makes a second post (or one racing the first) give
// nothing more and answer with the first outcome, refusals included.
func TestGiveQuotaOnce(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	master := actor(t, db, "distributor")
	parent := grant(t, db, "distributor", 1000, nil)
	sh, gz := partnerByAccount(t, db, "reseller-sh").ID, partnerByAccount(t, db, "reseller-gz").ID
	provider := partnerByAccount(t, db, "provider").ID
	targets := []uint64{sh, provider, gz}
	const n = 6
	results := make([][]GiveResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = GiveQuotaOnce(ctx, db, master, "give-form-token-1", parent.ID, targets, Fen(10000), "", testNow)
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || len(results[i]) != 3 {
			t.Fatalf("request %d: %v %v", i, results[i], errs[i])
		}
		r := results[i]
		if r[0].Err != nil || r[2].Err != nil || r[1].Err != ErrNotYourReseller || r[1].Child != nil ||
			r[0].Child.ID != results[0][0].Child.ID || r[2].Child.ID != results[0][2].Child.ID {
			t.Errorf("request %d answered %+v, the first %+v", i, r, results[0])
		}
	}
	if got := count(t, db, "SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ?", parent.ID); got != 2 {
		t.Errorf("%d child quotas under one token, want 2", got)
	}
	if quotaBalance(t, db, parent.ID) != 100000-2*10000 {
		t.Errorf("parent balance %d", quotaBalance(t, db, parent.ID))
	}
	_, err := GiveQuotaOnce(ctx, db, master, "give-form-token-1", parent.ID, []uint64{sh}, Fen(10000), "", testNow)
	wantErr(t, "the token reused for other resellers", err, ErrIdempotencyConflict)
	_, err = GiveQuotaOnce(ctx, db, actor(t, db, "distributor"), "give-form-token-2", parent.ID, []uint64{sh}, Fen(0), "", testNow)
	wantErr(t, "a refused give", err, ErrInvalidAmount)
	res, err := GiveQuotaOnce(ctx, db, master, "give-form-token-2", parent.ID, []uint64{sh}, Fen(100), "", testNow)
	if err != nil || res[0].Err != nil {
		t.Errorf("the token of a refused give, used again: %v %v", res, err)
	}
	// another partner's same token is its own: it finds no outcome, and no quota of its own
	_, err = GiveQuotaOnce(ctx, db, actor(t, db, "reseller-sh"), "give-form-token-1", parent.ID, targets, Fen(10000), "", testNow)
	wantErr(t, "a reseller with the master's token", err, ErrQuotaNotFound)
	_, err = GiveQuotaOnce(ctx, db, actor(t, db, "provider-viewer"), "give-form-token-1", parent.ID, targets, Fen(10000), "", testNow)
	wantErr(t, "a viewer", err, ErrForbidden)
	mustCheck(t, db)
}
