package models

import (
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Issued voucher quotas (已发放代金券额度): a master distributor gives part of one of its quotas to
// its resellers, each share a child quota of the reseller's own, and takes back what a child has
// left. The parent's balance falls by what it gives and rises by what comes back, in the same
// transaction as the child's.

// maxResellersPerGive bounds one give, like the 100 customers of an issue.
const maxResellersPerGive = 100

// GiveResult is the outcome of a give for one reseller: its new child quota, or why not.
type GiveResult struct {
	ResellerID uint64
	Child      *CouponQuota
	Err        error
}

// GiveQuota (向云经销商发放代金券额度, UpdateCouponQuotas) gives amount of the acting master
// distributor's quota to each reseller, as a new child quota each. A reseller that is not its own,
// or one the balance no longer covers, fails alone; a wrong quota or amount fails the whole call.
func GiveQuota(ctx context.Context, db *gorm.DB, a Actor, quotaID uint64, resellerIDs []uint64, amount Money, now time.Time) ([]GiveResult, error) {
	return GiveQuotaOnce(ctx, db, a, "", quotaID, resellerIDs, amount, "", now)
}

// GiveQuotaOnce is GiveQuota under an idempotency key (the give form's one-time token): a second
// request with the key gives nothing and gets the first one's results, reseller by reseller.
// memo, a memo's text (memoText), is kept as each child quota's remark and on the records of the
// give on both sides, so that the reseller's quota, the records and the audit say why it was given.
func GiveQuotaOnce(ctx context.Context, db *gorm.DB, a Actor, key string, quotaID uint64, resellerIDs []uint64, amount Money, memo string, now time.Time) ([]GiveResult, error) {
	return giveQuota(ctx, db, a, quotaID, resellerIDs, func(_ *gorm.DB, id uint64) (uint64, error) { return id, nil }, amount, memo, key, now)
}

// giveQuota is GiveQuota with the resellers named by any key (an id, the API's account id) that
// resolve turns into a reseller id within the transaction; 0 is no reseller of the actor's. With an
// idempotency key, a retry gets the first call's results and gives nothing (keyed_call.go).
func giveQuota[T comparable](ctx context.Context, db *gorm.DB, a Actor, quotaID uint64, targets []T,
	resolve func(tx *gorm.DB, t T) (uint64, error), amount Money, memo, key string, now time.Time) ([]GiveResult, error) {
	if !a.mayIssueCoupons() {
		return nil, ErrForbidden
	}
	fen, err := amountFen(amount)
	if err != nil {
		return nil, err
	}
	if err := checkTargets(targets, maxResellersPerGive); err != nil {
		return nil, err
	}
	memo, err = memoText.Clean(memo)
	if err != nil {
		return nil, err
	}
	args := []any{quotaID, targets, fen}
	if memo != "" { // a give without one hashes as before memos were taken
		args = append(args, memo)
	}
	hash := requestHash("give_quota", args...)
	return keyedCall(ctx, db, a, key, hash, now, func(tx *gorm.DB) ([]GiveResult, error) {
		parent, err := lockQuota(tx, "id = ? AND partner_id = ? AND parent_id IS NULL", quotaID, a.PartnerID)
		if err != nil {
			return nil, ErrQuotaNotFound
		}
		if err := parent.usableAt(now); err != nil {
			return nil, err
		}
		out := make([]GiveResult, 0, len(targets))
		for _, t := range targets {
			rid, err := resolve(tx, t)
			if err != nil {
				return nil, err
			}
			child, err := giveOne(tx, a, parent, rid, fen, memo, now)
			if err != nil && !isDomainError(err) {
				return nil, err
			}
			out = append(out, GiveResult{ResellerID: rid, Child: child, Err: err})
		}
		return out, nil
	})
}

func giveOne(tx *gorm.DB, a Actor, parent *CouponQuota, resellerID uint64, fen int64, memo string, now time.Time) (*CouponQuota, error) {
	if _, err := resellerOf(tx.Statement.Context, tx, a, resellerID); err != nil {
		return nil, ErrNotYourReseller
	}
	if parent.Balance < fen {
		return nil, ErrQuotaInsufficient
	}
	child := &CouponQuota{PublicID: randomHex(16), PartnerID: resellerID, ParentID: &parent.ID, Type: parent.Type, Value: fen,
		Status: QuotaNormal, EffectiveAt: parent.EffectiveAt, ExpireAt: parent.ExpireAt, ServiceTypes: parent.ServiceTypes,
		MinFace: parent.MinFace, MaxFace: parent.MaxFace, Remark: memo, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if err := tx.Create(child).Error; err != nil {
		return nil, err
	}
	if err := moveQuota(tx, a, parent, -fen, QuotaRecord{Kind: QuotaGiven, ChildQuotaID: &child.ID, Remark: memo}, now); err != nil {
		return nil, err
	}
	if err := moveQuota(tx, a, child, fen, QuotaRecord{Kind: QuotaGranted, ChildQuotaID: &child.ID, Remark: memo}, now); err != nil {
		return nil, err
	}
	return child, audit(tx, a, a.PartnerID, "quota.give", "coupon_quota", child.ID, nil, child)
}

// ReclaimResult is the outcome of taking back one child quota: the amount that came back, or why not.
type ReclaimResult struct {
	QuotaID uint64
	Quota   *CouponQuota
	Amount  Money
	Err     error
}

// ReclaimQuotas (回收云经销商代金券额度, ReclaimCouponQuotas) takes back what each child quota has left
// into its parent; the child becomes reclaimed. Coupons the reseller issued stay with its customers.
// Only the master distributor that gave a child quota may take it back.
func ReclaimQuotas(ctx context.Context, db *gorm.DB, a Actor, childIDs []uint64, remark string, now time.Time) ([]ReclaimResult, error) {
	return reclaimQuotas(ctx, db, a, childIDs, func(_ *gorm.DB, id uint64) (uint64, error) { return id, nil }, remark, "", now)
}

// reclaimQuotas is ReclaimQuotas with the child quotas named by any key (an id, the API's
// quota_id) that resolve turns into a quota id within the transaction; 0 is no quota. With an
// idempotency key, a retry gets the first call's results and takes nothing back (keyed_call.go).
func reclaimQuotas[T comparable](ctx context.Context, db *gorm.DB, a Actor, targets []T,
	resolve func(tx *gorm.DB, t T) (uint64, error), remark, key string, now time.Time) ([]ReclaimResult, error) {
	if !a.mayIssueCoupons() {
		return nil, ErrForbidden
	}
	if err := checkTargets(targets, maxResellersPerGive); err != nil {
		return nil, err
	}
	remark, err := remarkText.Clean(remark)
	if err != nil {
		return nil, err
	}
	hash := requestHash("reclaim_quotas", targets, remark)
	return keyedCall(ctx, db, a, key, hash, now, func(tx *gorm.DB) ([]ReclaimResult, error) {
		out := make([]ReclaimResult, 0, len(targets))
		for _, t := range targets {
			id, err := resolve(tx, t)
			if err != nil {
				return nil, err
			}
			r := ReclaimResult{QuotaID: id}
			r.Quota, r.Amount, r.Err = reclaimOne(tx, a, id, remark, now)
			if r.Err != nil && !isDomainError(r.Err) {
				return nil, r.Err
			}
			out = append(out, r)
		}
		return out, nil
	})
}

func reclaimOne(tx *gorm.DB, a Actor, childID uint64, remark string, now time.Time) (*CouponQuota, Money, error) {
	child, err := lockQuota(tx, "id = ? AND parent_id IN (SELECT id FROM coupon_quotas WHERE partner_id = ?)", childID, a.PartnerID)
	if err != nil {
		return nil, Money{}, ErrNotChildQuota
	}
	if child.Balance == 0 {
		return child, Money{}, ErrQuotaEmpty
	}
	parent, err := lockQuota(tx, "id = ?", *child.ParentID)
	if err != nil {
		return nil, Money{}, err
	}
	before, fen := *child, child.Balance
	rec := QuotaRecord{Kind: QuotaChildReturn, ChildQuotaID: &child.ID, Remark: remark}
	if err := moveQuota(tx, a, child, -fen, rec, now); err != nil {
		return nil, Money{}, err
	}
	if err := moveQuota(tx, a, parent, fen, rec, now); err != nil {
		return nil, Money{}, err
	}
	child.Status = QuotaReclaimed
	if err := tx.Model(child).Update("status", QuotaReclaimed).Error; err != nil {
		return nil, Money{}, err
	}
	return child, Fen(fen), audit(tx, a, a.PartnerID, "quota.reclaim", "coupon_quota", child.ID, before, child)
}

// checkTargets checks the list of a batch call: not empty, not too long, no duplicates.
func checkTargets[T comparable](ids []T, most int) error {
	switch {
	case len(ids) == 0:
		return ErrNoCustomers
	case len(ids) > most:
		return ErrTooManyCustomers
	}
	seen := make(map[T]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return ErrDuplicateCustomers
		}
		seen[id] = true
	}
	return nil
}

// isDomainError tells a refusal (reported per item of a batch) from a failure (which aborts it).
func isDomainError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// ChildQuotaFilter selects the child quotas a master distributor gave.
type ChildQuotaFilter struct {
	QuotaID, ResellerID, ParentID uint64
	Offset, Limit                 int
}

// ChildQuota is a child quota with its reseller and parent.
type ChildQuota struct {
	CouponQuota
	Reseller       Partner
	ParentPublicID string
}

// ChildQuotas is one page of child quotas.
type ChildQuotas struct {
	Rows  []ChildQuota
	Total int64
}

// ListChildQuotas (ListIssuedCouponQuotas) lists the acting master distributor's child quotas,
// newest first.
func ListChildQuotas(ctx context.Context, db *gorm.DB, a Actor, f ChildQuotaFilter) (*ChildQuotas, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&CouponQuota{}).
		Where("parent_id IN (SELECT id FROM coupon_quotas WHERE partner_id = ? AND parent_id IS NULL)", a.PartnerID)
	if f.QuotaID != 0 {
		q = q.Where("id = ?", f.QuotaID)
	}
	if f.ResellerID != 0 {
		q = q.Where("partner_id = ?", f.ResellerID)
	}
	if f.ParentID != 0 {
		q = q.Where("parent_id = ?", f.ParentID)
	}
	out := &ChildQuotas{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	var rows []CouponQuota
	if err := q.Order("created_at DESC, id DESC").Offset(f.Offset).Limit(max(f.Limit, 1)).Find(&rows).Error; err != nil {
		return nil, err
	}
	return out, withResellers(ctx, db, rows, out)
}

func withResellers(ctx context.Context, db *gorm.DB, rows []CouponQuota, out *ChildQuotas) error {
	var pids, qids []uint64
	for _, r := range rows {
		pids, qids = append(pids, r.PartnerID), append(qids, *r.ParentID)
	}
	partners, err := partnersByID(ctx, db, pids)
	if err != nil {
		return err
	}
	parents, err := quotaPublicIDs(ctx, db, qids)
	if err != nil {
		return err
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, ChildQuota{CouponQuota: r, Reseller: partners[r.PartnerID], ParentPublicID: parents[*r.ParentID]})
	}
	return nil
}

func partnersByID(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]Partner, error) {
	out := map[uint64]Partner{}
	if len(ids) == 0 {
		return out, nil
	}
	var ps []Partner
	if err := db.WithContext(ctx).Where("id IN ?", uniq(ids)).Find(&ps).Error; err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

func quotaPublicIDs(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]string, error) {
	return namesOf(ctx, db, &CouponQuota{}, "public_id", uniq(ids))
}

func uniq(ids []uint64) []uint64 {
	s := slices.Clone(ids)
	slices.Sort(s)
	return slices.Compact(s)
}

// ChildRecordFilter selects a master distributor's quota operation records (issue 10, reclaim 11).
type ChildRecordFilter struct {
	Kind                          QuotaChange // QuotaGiven or QuotaChildReturn; "" for both
	ChildID, ParentID, ResellerID uint64
	From, To                      time.Time
	Offset, Limit                 int
}

// ChildRecord is a give or take-back, seen from the parent quota.
type ChildRecord struct {
	QuotaRecord
	Child          CouponQuota
	ParentPublicID string
	Reseller       Partner
	Operator       string
}

// ChildRecords is one page of quota operation records.
type ChildRecords struct {
	Rows  []ChildRecord
	Total int64
}

// ListChildQuotaRecords (ListCouponQuotasRecords) lists the acting master distributor's gives and
// take-backs, newest first.
func ListChildQuotaRecords(ctx context.Context, db *gorm.DB, a Actor, f ChildRecordFilter) (*ChildRecords, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	kinds := []QuotaChange{QuotaGiven, QuotaChildReturn}
	if f.Kind != "" {
		kinds = []QuotaChange{f.Kind}
	}
	q := db.WithContext(ctx).Model(&QuotaRecord{}).Where("partner_id = ? AND kind IN ?", a.PartnerID, kinds)
	if f.ChildID != 0 {
		q = q.Where("child_quota_id = ?", f.ChildID)
	}
	if f.ParentID != 0 {
		q = q.Where("quota_id = ?", f.ParentID)
	}
	if f.ResellerID != 0 {
		q = q.Where("child_quota_id IN (SELECT id FROM coupon_quotas WHERE partner_id = ?)", f.ResellerID)
	}
	if !f.From.IsZero() {
		q = q.Where("created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("created_at < ?", f.To.UTC())
	}
	out := &ChildRecords{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	var rows []QuotaRecord
	if err := q.Order("created_at DESC, id DESC").Offset(f.Offset).Limit(max(f.Limit, 1)).Find(&rows).Error; err != nil {
		return nil, err
	}
	return out, withChildren(ctx, db, rows, out)
}

func withChildren(ctx context.Context, db *gorm.DB, rows []QuotaRecord, out *ChildRecords) error {
	var childIDs, parentIDs, actors []uint64
	for _, r := range rows {
		childIDs, parentIDs, actors = append(childIDs, *r.ChildQuotaID), append(parentIDs, r.QuotaID), append(actors, r.ActorUserID)
	}
	children := map[uint64]CouponQuota{}
	if len(childIDs) > 0 {
		var qs []CouponQuota
		if err := db.WithContext(ctx).Where("id IN ?", uniq(childIDs)).Find(&qs).Error; err != nil {
			return err
		}
		for _, q := range qs {
			children[q.ID] = q
		}
	}
	var resellerIDs []uint64
	for _, c := range children {
		resellerIDs = append(resellerIDs, c.PartnerID)
	}
	resellers, err := partnersByID(ctx, db, resellerIDs)
	if err != nil {
		return err
	}
	parents, err := quotaPublicIDs(ctx, db, parentIDs)
	if err != nil {
		return err
	}
	names, err := NamesOf(ctx, db, actors)
	if err != nil {
		return err
	}
	for _, r := range rows {
		c := children[*r.ChildQuotaID]
		out.Rows = append(out.Rows, ChildRecord{QuotaRecord: r, Child: c, ParentPublicID: parents[r.QuotaID],
			Reseller: resellers[c.PartnerID], Operator: names[r.ActorUserID]})
	}
	return nil
}
