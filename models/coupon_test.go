package models

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// grant gives a partner a fresh voucher quota of n yuan, effective from a day before testNow for
// 30 days, with the given changes.
func grant(t testing.TB, db *gorm.DB, partner string, n int64, change func(*GrantInput)) *CouponQuota {
	t.Helper()
	in := GrantInput{PartnerID: partnerByAccount(t, db, partner).ID, Type: VoucherQuota, Amount: Fen(n * 100),
		EffectiveAt: testNow.Add(-24 * time.Hour), ExpireAt: testNow.Add(30 * 24 * time.Hour)}
	if change != nil {
		change(&in)
	}
	q, err := GrantQuota(context.Background(), db, actor(t, db, "operator"), in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// customersOf returns n unfrozen customers of a partner, in both modes.
func customersOf(t testing.TB, db *gorm.DB, partner string, n int) []Customer {
	t.Helper()
	var cs []Customer
	err := db.Where("partner_id = ? AND frozen = 0", partnerByAccount(t, db, partner).ID).Order("id").Limit(n).Find(&cs).Error
	if err != nil || len(cs) < n {
		t.Fatalf("%d customers of %s: %v", len(cs), partner, err)
	}
	return cs
}

func dids(cs []Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.DomainID
	}
	return out
}

func quotaBalance(t testing.TB, db *gorm.DB, id uint64) int64 {
	t.Helper()
	return count(t, db, "SELECT balance FROM coupon_quotas WHERE id = ?", id)
}

func TestGrantQuotaRules(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	provider := partnerByAccount(t, db, "provider").ID
	quotas := count(t, db, "SELECT COUNT(*) FROM coupon_quotas")
	audits := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'quota.grant'")
	base := GrantInput{PartnerID: provider, Amount: Fen(100000), EffectiveAt: testNow, ExpireAt: testNow.Add(time.Hour)}
	cases := []struct {
		name   string
		actor  Actor
		change func(*GrantInput)
		want   error
	}{
		{"a partner granting", actor(t, db, "provider"), nil, ErrForbidden},
		{"zero", op, func(in *GrantInput) { in.Amount = Fen(0) }, ErrInvalidAmount},
		{"sub-fen", op, func(in *GrantInput) { in.Amount = mustMoney(t, "0.001") }, ErrInvalidAmount},
		{"expiry before effective", op, func(in *GrantInput) { in.ExpireAt = in.EffectiveAt.Add(-time.Second) }, ErrInvalidValidity},
		{"already expired", op, func(in *GrantInput) { in.EffectiveAt, in.ExpireAt = testNow.Add(-2*time.Hour), testNow.Add(-time.Hour) }, ErrInvalidValidity},
		{"minimum above maximum", op, func(in *GrantInput) { in.MinFace, in.MaxFace = Fen(500), Fen(100) }, ErrMinFaceAboveMax},
		{"maximum above the amount", op, func(in *GrantInput) { in.MaxFace = Fen(100001) }, ErrMaxFaceAboveAmount},
		{"a partner in no program", op, func(in *GrantInput) { in.PartnerID = networkMember(t, db) }, ErrQuotaHolder},
		{"unknown service type", op, func(in *GrantInput) { in.ServiceTypes = []string{"hws.service.type.nope"} }, ErrInvalidServiceType},
		{"repeated service type", op, func(in *GrantInput) { in.ServiceTypes = []string{ServiceTypes[0], ServiceTypes[0]} }, ErrInvalidServiceType},
		{"a reseller", op, func(in *GrantInput) { in.PartnerID = partnerByAccount(t, db, "reseller").ID }, ErrQuotaHolder},
		{"no such partner", op, func(in *GrantInput) { in.PartnerID = 999999 }, ErrNotFound},
		{"bad type", op, func(in *GrantInput) { in.Type = 7 }, ErrInvalidInput},
		{"granted", op, func(in *GrantInput) { in.ServiceTypes = []string{ServiceTypes[1], ServiceTypes[0]} }, nil},
	}
	for _, tc := range cases {
		in := base
		if tc.change != nil {
			tc.change(&in)
		}
		q, err := GrantQuota(ctx, db, tc.actor, in, testNow)
		wantErr(t, tc.name, err, tc.want)
		if tc.want == nil && (q.Balance != 100000 || q.ServiceTypes != "hws.service.type.ebs,hws.service.type.ec2") {
			t.Errorf("granted quota: %+v", q)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM coupon_quotas") - quotas; n != 1 {
		t.Errorf("%d quotas after one grant and refusals", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'quota.grant'") - audits; n != 1 {
		t.Errorf("%d grant audit records", n)
	}
	mustCheck(t, db)
}

func TestQuotaStatusChanges(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	q := grant(t, db, "provider", 100, nil)
	steps := []struct {
		action string
		want   error
		status QuotaStatus
	}{
		{QuotaUnfreeze, ErrQuotaState, QuotaNormal},
		{QuotaFreeze, nil, QuotaFrozen},
		{QuotaFreeze, ErrQuotaState, QuotaFrozen},
		{QuotaUnfreeze, nil, QuotaNormal},
		{QuotaInvalidate, nil, QuotaInvalid},
		{QuotaUnfreeze, ErrQuotaState, QuotaInvalid},
		{"delete", ErrQuotaState, QuotaInvalid},
	}
	for _, s := range steps {
		_, err := SetQuotaStatus(ctx, db, op, q.ID, s.action, testNow)
		wantErr(t, s.action, err, s.want)
		if got := QuotaStatus(count(t, db, "SELECT status FROM coupon_quotas WHERE id = ?", q.ID)); got != s.status {
			t.Fatalf("after %s: status %d, want %d", s.action, got, s.status)
		}
	}
	_, err := SetQuotaStatus(ctx, db, actor(t, db, "provider"), q.ID, QuotaFreeze, testNow)
	wantErr(t, "a partner freezing", err, ErrForbidden)
	if got := grant(t, db, "provider", 1, nil).StatusAt(testNow.Add(31 * 24 * time.Hour)); got != QuotaInvalid {
		t.Errorf("an expired quota shows status %d", got)
	}
}

func TestIssueRefusals(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 1000, func(in *GrantInput) {
		in.MinFace, in.MaxFace, in.ServiceTypes = Fen(100), Fen(50000), []string{ServiceTypes[0], ServiceTypes[1]}
	})
	frozen := grant(t, db, "provider", 1000, nil)
	SetQuotaStatus(ctx, db, actor(t, db, "operator"), frozen.ID, QuotaFreeze, testNow)
	later := grant(t, db, "provider", 1000, func(in *GrantInput) { in.EffectiveAt = testNow.Add(time.Hour) })
	theirs := grant(t, db, "distributor", 1000, nil)
	cs := dids(customersOf(t, db, "provider", 2))
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("c%d", i)
	}
	ok := IssueInput{QuotaID: q.ID, Customers: cs, FaceValue: Fen(1000)}
	cases := []struct {
		name   string
		actor  Actor
		change func(*IssueInput)
		want   error
	}{
		{"a viewer", actor(t, db, "provider-viewer"), nil, ErrForbidden},
		{"a sales member", actor(t, db, "provider-sales"), nil, ErrForbidden},
		{"101 customers", a, func(in *IssueInput) { in.Customers = many }, ErrTooManyCustomers},
		{"no customers", a, func(in *IssueInput) { in.Customers = nil }, ErrNoCustomers},
		{"a customer twice", a, func(in *IssueInput) { in.Customers = []string{cs[0], cs[1], cs[0]} }, ErrDuplicateCustomers},
		{"face value 0", a, func(in *IssueInput) { in.FaceValue = Fen(0) }, ErrInvalidAmount},
		{"face value -5", a, func(in *IssueInput) { in.FaceValue = Fen(-500) }, ErrInvalidAmount},
		{"face value 0.001", a, func(in *IssueInput) { in.FaceValue = mustMoney(t, "0.001") }, ErrInvalidAmount},
		{"below the minimum", a, func(in *IssueInput) { in.FaceValue = Fen(99) }, ErrFaceBelowMin},
		{"above the maximum", a, func(in *IssueInput) { in.FaceValue = Fen(50001) }, ErrFaceAboveMax},
		{"expiry before effective", a, func(in *IssueInput) {
			in.EffectiveAt, in.ExpireAt = testNow.Add(2*time.Hour), testNow.Add(time.Hour)
		}, ErrInvalidValidity},
		{"beyond the quota's expiry", a, func(in *IssueInput) { in.ExpireAt = q.ExpireAt.Add(time.Second) }, ErrInvalidValidity},
		{"before the quota's start", a, func(in *IssueInput) { in.EffectiveAt = q.EffectiveAt.Add(-time.Second) }, ErrInvalidValidity},
		{"a service type outside the quota's", a, func(in *IssueInput) { in.ServiceTypes = []string{ServiceTypes[2]} }, ErrServiceTypeBeyond},
		{"an unknown service type", a, func(in *IssueInput) { in.ServiceTypes = []string{"x"} }, ErrInvalidServiceType},
		{"a frozen quota", a, func(in *IssueInput) { in.QuotaID = frozen.ID }, ErrQuotaUnusable},
		{"a quota not yet effective", a, func(in *IssueInput) { in.QuotaID = later.ID }, ErrQuotaNotEffective},
		{"another partner's quota", a, func(in *IssueInput) { in.QuotaID = theirs.ID }, ErrQuotaNotFound},
		{"no such quota", a, func(in *IssueInput) { in.QuotaID = 999999 }, ErrQuotaNotFound},
		{"a memo too long", a, func(in *IssueInput) { in.Memo = strings.Repeat("备", 257) }, ErrTextTooLong},
	}
	for _, tc := range cases {
		in := ok
		in.Customers = append([]string(nil), cs...)
		if tc.change != nil {
			tc.change(&in)
		}
		_, err := IssueCoupons(ctx, db, tc.actor, in, testNow)
		wantErr(t, tc.name, err, tc.want)
	}
	// after the quota's expiry
	_, err := IssueCoupons(ctx, db, a, ok, q.ExpireAt)
	wantErr(t, "an expired quota", err, ErrQuotaNotEffective)
	mine := []uint64{q.ID, frozen.ID, later.ID, theirs.ID}
	if n := count(t, db, "SELECT COUNT(*) FROM coupons WHERE quota_id IN ?", mine) + count(t, db, "SELECT COUNT(*) FROM coupon_batches WHERE quota_id IN ?", mine); n != 0 {
		t.Errorf("refused issues left %d rows", n)
	}
	if quotaBalance(t, db, q.ID) != 100000 {
		t.Error("a refused issue moved the quota")
	}
}

func TestIssuePartialSuccess(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	q := grant(t, db, "provider", 30, nil) // room for three coupons of 10
	mine := customersOf(t, db, "provider", 5)
	db.Model(&Customer{}).Where("id = ?", mine[4].ID).Update("frozen", 1)
	other := customersOf(t, db, "reseller", 1)[0]
	list := []string{mine[0].DomainID, other.DomainID, "nobody", mine[4].DomainID, mine[1].DomainID, mine[2].DomainID, mine[3].DomainID}
	out, err := IssueCoupons(ctx, db, actor(t, db, "provider-finance"), IssueInput{QuotaID: q.ID, Customers: list, FaceValue: Fen(1000), Memo: "双十一"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []error{nil, ErrNotFound, ErrNotFound, ErrCustomerFrozen, nil, nil, ErrQuotaInsufficient}
	for i, r := range out.Results {
		wantErr(t, "customer "+r.CustomerDID, r.Err, want[i])
		if (r.Coupon != nil) != (want[i] == nil) {
			t.Errorf("customer %d: coupon %v with error %v", i, r.Coupon, r.Err)
		}
	}
	if out.Batch.Issued != 3 || quotaBalance(t, db, q.ID) != 0 || out.Quota.Balance != 0 {
		t.Errorf("issued %d, quota balance %d", out.Batch.Issued, quotaBalance(t, db, q.ID))
	}
	if n := count(t, db, "SELECT COUNT(*) FROM coupon_records WHERE batch_id = ? AND result = -1", out.Batch.ID); n != 4 {
		t.Errorf("%d failure records, want 4", n)
	}
	// another partner's customer is not named in the records: its id is not the partner's to see
	if n := count(t, db, "SELECT COUNT(*) FROM coupon_records WHERE batch_id = ? AND customer_id = ?", out.Batch.ID, other.ID); n != 0 {
		t.Error("a record points at another partner's customer")
	}
	again, err := GetIssue(ctx, db, actor(t, db, "provider"), out.Batch.ID)
	if err != nil || len(again.Results) != len(list) || again.Results[6].Err != ErrQuotaInsufficient || again.Results[0].Coupon == nil {
		t.Errorf("the issue read back: %+v %v", again, err)
	}
	_, err = GetIssue(ctx, db, actor(t, db, "distributor"), out.Batch.ID)
	wantErr(t, "another partner's issue", err, ErrNotFound)
	mustCheck(t, db)
}

func TestIssueIdempotent(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 1000, nil)
	in := IssueInput{QuotaID: q.ID, Customers: dids(customersOf(t, db, "provider", 3)), FaceValue: Fen(500), IdempotencyKey: "issue-1"}
	var wg sync.WaitGroup
	batches := make([]uint64, 8)
	for i := range batches {
		wg.Go(func() {
			out, err := IssueCoupons(ctx, db, a, in, testNow)
			if err != nil {
				t.Error(err)
				return
			}
			batches[i] = out.Batch.ID
		})
	}
	wg.Wait()
	for _, b := range batches {
		if b != batches[0] {
			t.Fatalf("retries answered with different issues: %v", batches)
		}
	}
	if quotaBalance(t, db, q.ID) != 100000-1500 || count(t, db, "SELECT COUNT(*) FROM coupons WHERE quota_id = ?", q.ID) != 3 {
		t.Error("retries issued more than once")
	}
	in.FaceValue = Fen(600)
	_, err := IssueCoupons(ctx, db, a, in, testNow)
	wantErr(t, "the key reused for another face value", err, ErrIdempotencyConflict)
	in.FaceValue = Fen(500)
	_, err = IssueCoupons(ctx, db, actor(t, db, "provider-finance"), in, testNow)
	wantErr(t, "the same key from another member of the partner", err, nil)
	mustCheck(t, db)
}

func issueOne(t testing.TB, db *gorm.DB, user string, q *CouponQuota, c Customer, fen int64) *Coupon {
	t.Helper()
	out, err := IssueCoupons(context.Background(), db, actor(t, db, user), IssueInput{QuotaID: q.ID, Customers: []string{c.DomainID}, FaceValue: Fen(fen)}, testNow)
	if err != nil || out.Results[0].Err != nil {
		t.Fatalf("issue: %v %+v", err, out)
	}
	return out.Results[0].Coupon
}

func TestReclaimCoupon(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 100, nil)
	cs := customersOf(t, db, "provider", 3)
	c := issueOne(t, db, "provider", q, cs[0], 2000)
	_, err := ReclaimCoupon(ctx, db, actor(t, db, "distributor"), c.ID, testNow)
	wantErr(t, "another partner reclaiming", err, ErrNotFound)
	_, err = ReclaimCoupon(ctx, db, actor(t, db, "provider-viewer"), c.ID, testNow)
	wantErr(t, "a viewer reclaiming", err, ErrForbidden)
	got, err := ReclaimCoupon(ctx, db, a, c.ID, testNow)
	if err != nil || got.Status != CouponReclaimed || quotaBalance(t, db, q.ID) != 10000 {
		t.Fatalf("reclaim: %+v %v, quota %d", got, err, quotaBalance(t, db, q.ID))
	}
	_, err = ReclaimCoupon(ctx, db, a, c.ID, testNow)
	wantErr(t, "reclaiming twice", err, ErrCouponNotReclaimable)
	locked := issueOne(t, db, "provider", q, cs[1], 1000)
	db.Model(&Coupon{}).Where("id = ?", locked.ID).Update("lock_order_id", "CS2611230000001")
	_, err = ReclaimCoupon(ctx, db, a, locked.ID, testNow)
	wantErr(t, "a coupon held by a pending order", err, ErrCouponLocked)
	expiring := issueOne(t, db, "provider", q, cs[2], 1000)
	_, err = ReclaimCoupon(ctx, db, a, expiring.ID, q.ExpireAt)
	wantErr(t, "an expired coupon", err, ErrCouponNotReclaimable)
	if n := count(t, db, "SELECT COUNT(*) FROM coupon_records WHERE operation_type = 2 AND coupon_id = ? AND amount = 2000", c.ID); n != 1 {
		t.Errorf("%d reclaim records", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'coupon.reclaim' AND object_id = ?", c.ID); n != 1 {
		t.Errorf("%d reclaim audit records", n)
	}
	mustCheck(t, db)
}

func TestUnbindAndSwitchReclaimCoupons(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 100, nil)
	cs := customersOf(t, db, "provider", 2)
	issueOne(t, db, "provider", q, cs[0], 1500)
	issueOne(t, db, "provider", q, cs[0], 500)
	issueOne(t, db, "provider", q, cs[1], 700)
	mode := Advisory
	if cs[0].Mode == Advisory {
		mode = Consignment
	}
	if err := SwitchMode(ctx, db, a, cs[0].ID, mode, testNow); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COALESCE(SUM(amount), 0) FROM coupon_records WHERE operation_type = 8 AND customer_id = ? AND quota_id = ?", cs[0].ID, q.ID); n != 2000 {
		t.Errorf("a mode switch reclaimed %d fen, want 2000", n)
	}
	if err := Unbind(ctx, db, a, cs[1].ID, testNow); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COALESCE(SUM(amount), 0) FROM coupon_records WHERE operation_type = 3 AND customer_id = ? AND quota_id = ?", cs[1].ID, q.ID); n != 700 {
		t.Errorf("unbinding reclaimed %d fen, want 700", n)
	}
	if quotaBalance(t, db, q.ID) != 10000 || count(t, db, "SELECT COUNT(*) FROM coupons WHERE status = 5 AND quota_id = ?", q.ID) != 3 {
		t.Error("the coupons did not all go back to the quota")
	}
	mustCheck(t, db)
}

func TestExpirySweep(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 1000, nil)
	cs := customersOf(t, db, "provider", 3)
	soon := testNow.Add(time.Hour)
	out, err := IssueCoupons(ctx, db, a, IssueInput{QuotaID: q.ID, Customers: dids(cs[:2]), FaceValue: Fen(1000), ExpireAt: soon}, testNow)
	if err != nil || out.Batch.Issued != 2 {
		t.Fatal(err, out)
	}
	issueOne(t, db, "provider", q, cs[2], 1000) // expires with the quota
	list := func(status int8, now time.Time) int64 {
		l, err := ListIssuedCoupons(ctx, db, a, CouponFilter{QuotaID: q.ID, Status: status, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(l.Rows)) != l.Total {
			t.Fatalf("status %d: %d rows, total %d", status, len(l.Rows), l.Total)
		}
		return l.Total
	}
	// before the sweep the lists go by the stored status; each coupon shows its status of the moment
	if list(CouponUsable, soon) != 3 || out.Results[0].Coupon.StatusAt(soon) != CouponExpired {
		t.Error("before the sweep: wrong stored or shown status")
	}
	if n, err := ExpireCoupons(ctx, db, soon.Add(-time.Second)); err != nil || n != 0 {
		t.Fatalf("a sweep before the expiry expired %d: %v", n, err)
	}
	if n, err := ExpireCoupons(ctx, db, soon); err != nil || n != 2 {
		t.Fatalf("the sweep expired %d: %v", n, err)
	}
	if n, err := ExpireCoupons(ctx, db, soon); err != nil || n != 0 {
		t.Fatalf("a second sweep expired %d: %v", n, err)
	}
	if quotaBalance(t, db, q.ID) != 100000-1000 || list(CouponExpired, soon) != 2 || list(CouponUsable, soon) != 1 {
		t.Error("after the sweep: the quota or the lists are wrong")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM coupon_records WHERE operation_type = 4 AND amount = 1000 AND quota_id = ?", q.ID); n != 2 {
		t.Errorf("%d expiry records", n)
	}
	var rec AuditRecord // one per partner and batch, with what went back
	db.Where("action = ? AND partner_id = ?", "coupon.expire", a.PartnerID).First(&rec)
	if !strings.Contains(rec.After, `"coupons":2`) || !strings.Contains(rec.After, `"returned":"20.00"`) {
		t.Errorf("the expiry's audit record: %q", rec.After)
	}
	mustCheck(t, db)
}

func TestSweepActivates(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 1000, nil)
	later := testNow.Add(2 * time.Hour)
	out, err := IssueCoupons(ctx, db, a, IssueInput{QuotaID: q.ID, Customers: dids(customersOf(t, db, "provider", 2)), FaceValue: Fen(100), EffectiveAt: later}, testNow)
	if err != nil || out.Results[0].Coupon.Status != CouponNotActivated {
		t.Fatalf("a coupon effective later: %v %+v", err, out)
	}
	status := func() int64 { return count(t, db, "SELECT MIN(status) FROM coupons WHERE quota_id = ?", q.ID) }
	ExpireCoupons(ctx, db, later.Add(-time.Second))
	if status() != int64(CouponNotActivated) {
		t.Error("activated before its effective time")
	}
	ExpireCoupons(ctx, db, later)
	if status() != int64(CouponUsable) || count(t, db, "SELECT MAX(status) FROM coupons WHERE quota_id = ?", q.ID) != int64(CouponUsable) {
		t.Error("not activated at its effective time")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'coupon.activate' AND partner_id = ?", a.PartnerID); n != 1 {
		t.Errorf("%d audit records of the activation, want 1", n)
	}
	mustCheck(t, db)
}

func TestSweepManyBatches(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 100000, nil)
	cs := customersOf(t, db, "provider", 100)
	soon := testNow.Add(time.Minute)
	for range (SweepBatch + 300) / 100 {
		if _, err := IssueCoupons(ctx, db, a, IssueInput{QuotaID: q.ID, Customers: dids(cs), FaceValue: Fen(100), ExpireAt: soon}, testNow); err != nil {
			t.Fatal(err)
		}
	}
	n, err := ExpireCoupons(ctx, db, soon)
	if err != nil || n != SweepBatch+300 {
		t.Fatalf("swept %d: %v", n, err)
	}
	if quotaBalance(t, db, q.ID) != 100000*100 {
		t.Error("the swept coupons' balances did not all come back")
	}
	mustCheck(t, db)
}

func TestGiveAndReclaimQuota(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	master := actor(t, db, "distributor")
	parent := grant(t, db, "distributor", 1000, nil)
	sh, gz := partnerByAccount(t, db, "reseller-sh"), partnerByAccount(t, db, "reseller-gz")
	other := partnerByAccount(t, db, "provider")
	res, err := GiveQuota(ctx, db, master, parent.ID, []uint64{sh.ID, other.ID, gz.ID, partnerByAccount(t, db, "reseller").ID}, Fen(40000), testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []error{nil, ErrNotYourReseller, nil, ErrQuotaInsufficient}
	for i, r := range res {
		wantErr(t, fmt.Sprint("reseller ", i), r.Err, want[i])
	}
	if quotaBalance(t, db, parent.ID) != 20000 {
		t.Errorf("parent balance %d after giving 2 × 400", quotaBalance(t, db, parent.ID))
	}
	_, err = GiveQuota(ctx, db, actor(t, db, "provider"), parent.ID, []uint64{sh.ID}, Fen(100), testNow)
	wantErr(t, "another partner giving the quota", err, ErrQuotaNotFound)
	_, err = GiveQuota(ctx, db, master, res[0].Child.ID, []uint64{sh.ID}, Fen(100), testNow)
	wantErr(t, "giving a child quota", err, ErrQuotaNotFound)
	child := res[0].Child
	// the reseller issues from its child quota
	c := issueOne(t, db, "reseller-sh", child, customersOf(t, db, "reseller-sh", 1)[0], 10000)
	back, err := ReclaimQuotas(ctx, db, actor(t, db, "reseller-sh"), []uint64{child.ID}, "", testNow)
	if err != nil || back[0].Err != ErrNotChildQuota {
		t.Errorf("a reseller reclaiming its master's quota: %v %v", err, back)
	}
	back, err = ReclaimQuotas(ctx, db, master, []uint64{child.ID, res[2].Child.ID, 999999}, "year end", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if back[0].Amount.Cmp(Fen(30000).Decimal) != 0 || back[1].Err != nil || back[2].Err != ErrNotChildQuota {
		t.Errorf("reclaim results: %+v", back)
	}
	if quotaBalance(t, db, parent.ID) != 20000+30000+40000 || quotaBalance(t, db, child.ID) != 0 {
		t.Error("the reclaimed balances did not go back to the parent")
	}
	back, _ = ReclaimQuotas(ctx, db, master, []uint64{child.ID}, "", testNow)
	wantErr(t, "reclaiming an empty child", back[0].Err, ErrQuotaEmpty)
	// the reseller's coupon comes back to its (reclaimed) child quota; the master can take it again
	if _, err := ReclaimCoupon(ctx, db, actor(t, db, "reseller-sh"), c.ID, testNow); err != nil {
		t.Fatal(err)
	}
	if back, _ = ReclaimQuotas(ctx, db, master, []uint64{child.ID}, "", testNow); back[0].Err != nil || quotaBalance(t, db, parent.ID) != 100000 {
		t.Errorf("taking back the returned coupon: %+v, parent %d", back, quotaBalance(t, db, parent.ID))
	}
	list, err := ListChildQuotas(ctx, db, master, ChildQuotaFilter{ResellerID: sh.ID, ParentID: parent.ID, Limit: 10})
	if err != nil || list.Total != 1 || list.Rows[0].Reseller.ID != sh.ID || list.Rows[0].ParentPublicID != parent.PublicID {
		t.Errorf("child quotas of reseller-sh: %+v %v", list, err)
	}
	recs, err := ListChildQuotaRecords(ctx, db, master, ChildRecordFilter{ParentID: parent.ID, Limit: 20})
	if err != nil || recs.Total != 5 { // 2 gives, 3 take-backs
		t.Errorf("quota records: %d %v", recs.Total, err)
	}
	recs, _ = ListChildQuotaRecords(ctx, db, master, ChildRecordFilter{Kind: QuotaGiven, ResellerID: gz.ID, ParentID: parent.ID, Limit: 20})
	if recs.Total != 1 || recs.Rows[0].Reseller.ID != gz.ID || recs.Rows[0].Amount != -40000 {
		t.Errorf("gives to reseller-gz: %+v", recs)
	}
	if mine, _ := ListQuotas(ctx, db, actor(t, db, "reseller-sh"), QuotaFilter{PublicIDs: []string{child.PublicID}, Limit: 10}, testNow); mine.Total != 1 || mine.Rows[0].ID != child.ID {
		t.Errorf("the reseller's own quotas: %+v", mine)
	}
	mustCheck(t, db)
}

func TestCouponsUnderConcurrency(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	q := grant(t, db, "provider", 50, nil) // 5,000 fen: not enough for everyone
	cs := customersOf(t, db, "provider", 20)
	servers := []*gorm.DB{db, secondServer(t, db)} // half the workers on each
	var wg sync.WaitGroup
	var mu sync.Mutex
	issued := map[uint64]bool{}
	for w := range 8 {
		wg.Go(func() {
			db := servers[w%2]
			for i := range 6 {
				c := cs[(w*6+i)%len(cs)]
				out, err := IssueCoupons(ctx, db, a, IssueInput{QuotaID: q.ID, Customers: []string{c.DomainID}, FaceValue: Fen(150)}, testNow)
				if err != nil {
					t.Error(err)
					return
				}
				if cp := out.Results[0].Coupon; cp != nil && i%2 == 0 {
					if _, err := ReclaimCoupon(ctx, db, a, cp.ID, testNow); err != nil {
						t.Error(err)
					}
				} else if cp != nil {
					mu.Lock()
					issued[cp.ID] = true
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	held := count(t, db, "SELECT COALESCE(SUM(balance), 0) FROM coupons WHERE quota_id = ?", q.ID)
	if quotaBalance(t, db, q.ID)+held != 5000 || held != int64(len(issued))*150 {
		t.Errorf("quota %d + coupons %d ≠ 5000 (%d kept)", quotaBalance(t, db, q.ID), held, len(issued))
	}
	mustCheck(t, db)
}

func TestIssuedCouponTotals(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	totals := func() map[int8]int64 {
		out := map[int8]int64{}
		for _, status := range append([]int8{0}, CouponStatuses...) {
			l, err := ListIssuedCoupons(ctx, db, a, CouponFilter{Status: status, Limit: 100})
			if err != nil || l.Capped || int64(len(l.Rows)) != l.Total {
				t.Fatalf("status %d: total %d, %d rows (%v)", status, l.Total, len(l.Rows), err)
			}
			out[status] = l.Total
		}
		return out
	}
	before := totals()
	q := grant(t, db, "provider", 1000, nil)
	cs := customersOf(t, db, "provider", 4)
	IssueCoupons(ctx, db, a, IssueInput{QuotaID: q.ID, Customers: dids(cs), FaceValue: Fen(100)}, testNow)
	IssueCoupons(ctx, db, a, IssueInput{QuotaID: q.ID, Customers: dids(cs[:2]), FaceValue: Fen(100), EffectiveAt: testNow.Add(time.Hour)}, testNow)
	l, _ := ListIssuedCoupons(ctx, db, a, CouponFilter{Limit: 2})
	first := l.Rows[0]
	ReclaimCoupon(ctx, db, a, first.ID, testNow)
	after := totals()
	want := map[int8]int64{0: 6, CouponNotActivated: 1, CouponUsable: 4, CouponReclaimed: 1, CouponUsed: 0, CouponExpired: 0}
	for status, n := range want {
		if d := after[status] - before[status]; d != n {
			t.Errorf("status %d: %d more, want %d", status, d, n)
		}
	}
	l, _ = ListIssuedCoupons(ctx, db, a, CouponFilter{CustomerID: cs[0].ID, QuotaID: q.ID, Limit: 100})
	if l.Total != 2 || l.Rows[0].CustomerDID != cs[0].DomainID {
		t.Errorf("coupons of one customer: %+v", l)
	}
	if _, err := ListIssuedCoupons(ctx, db, a, CouponFilter{ResellerID: partnerByAccount(t, db, "reseller").ID}); err != ErrNotYourReseller {
		t.Errorf("reading another partner's reseller: %v", err)
	}
	recs, err := ListCouponRecords(ctx, db, a, RecordFilter{Ops: []int8{OpReclaim}, QuotaID: q.ID, Limit: 10})
	if err != nil || recs.Total != 1 || recs.Rows[0].CouponPublicID != first.PublicID {
		t.Errorf("reclaim records: %+v %v", recs, err)
	}
}

func TestLoadCoupons(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	if err := SeedCoupons(context.Background(), db, 2345, testNow); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM coupons WHERE memo = ''"); n < 2345 {
		t.Errorf("%d coupons loaded", n)
	}
	var first, last Coupon
	db.Where("memo = ''").Order("created_at").First(&first)
	db.Where("memo = ''").Order("created_at DESC").First(&last)
	if first.CreatedAt.Before(testNow.AddDate(-1, 0, -1)) || last.CreatedAt.After(testNow) || !last.ExpireAt.After(last.CreatedAt) {
		t.Errorf("loaded coupons issued %s to %s, the last expiring %s", first.CreatedAt, last.CreatedAt, last.ExpireAt)
	}
	mustCheck(t, db)
	a := actor(t, db, "provider")
	l, err := ListIssuedCoupons(context.Background(), db, a, CouponFilter{Limit: 10})
	if err != nil || l.Total < 2345 {
		t.Errorf("list after the load: %v %v", l.Total, err)
	}
}

// TestSweepQueryPlans: the sweep finds its batches by the partial indexes, whose conditions its
// queries must repeat literally; a scan of the coupons would read all five million of them a minute.
func TestSweepQueryPlans(t *testing.T) {
	onSQLiteOnly(t, "EXPLAIN QUERY PLAN (PostgreSQL plans: the PostgreSQL issue)")
	t.Parallel()
	db := demoCopy(t)
	for name, q := range map[string]func(*gorm.DB, time.Time) *gorm.DB{"activation": dueForActivation, "expiry": dueForExpiry} {
		var cs []Coupon
		st := q(db.Session(&gorm.Session{DryRun: true}), testNow).Find(&cs).Statement
		var plan []struct {
			ID, Parent, NotUsed int
			Detail              string
		}
		if err := db.Raw("EXPLAIN QUERY PLAN "+st.SQL.String(), st.Vars...).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"activation": "ix_coupon_pending", "expiry": "ix_coupon_live_expiry"}[name]
		if len(plan) != 1 || !strings.Contains(plan[0].Detail, "USING INDEX "+want) {
			t.Errorf("%s: plan %+v, want a search of %s", name, plan, want)
		}
	}
}
