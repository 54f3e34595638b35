package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// What a coupon has left goes back to its quota when the partner reclaims it, when the customer's
// association ends or changes mode, and when it expires.

// ReclaimCoupon (回收代金券, ReclaimPartnerCoupons) takes back what one of the acting partner's
// coupons has left (a master distributor may take back its resellers'). A coupon that is used,
// expired or already reclaimed, or held by an order pending payment, is refused.
func ReclaimCoupon(ctx context.Context, db *gorm.DB, a Actor, couponID uint64, now time.Time) (*Coupon, error) {
	return ReclaimCouponWithKey(ctx, db, a, couponID, "", now)
}

// ReclaimCouponWithKey is ReclaimCoupon with an idempotency key (the API's X-Idempotency-Key, ""
// for none): a retry answers as the first call did, where a second reclaim would be refused
// because the coupon is already reclaimed (keyed_call.go).
func ReclaimCouponWithKey(ctx context.Context, db *gorm.DB, a Actor, couponID uint64, key string, now time.Time) (*Coupon, error) {
	if !a.mayIssueCoupons() {
		return nil, ErrForbidden
	}
	return keyedCall(ctx, db, a, key, requestHash("reclaim_coupon", couponID), now, func(tx *gorm.DB) (*Coupon, error) {
		return reclaimCoupon(tx, a, couponID, now)
	})
}

func reclaimCoupon(tx *gorm.DB, a Actor, couponID uint64, now time.Time) (*Coupon, error) {
	var c Coupon
	err := tx.Where("id = ? AND (partner_id = ? OR partner_id IN (SELECT id FROM partners WHERE distributor_id = ?))",
		couponID, a.PartnerID, a.PartnerID).First(&c).Error
	if err != nil {
		return nil, notFound(err)
	}
	switch st := c.StatusAt(now); {
	case st != CouponUsable && st != CouponNotActivated || c.Balance == 0:
		return nil, ErrCouponNotReclaimable
	case c.LockOrderID != "":
		return nil, ErrCouponLocked
	}
	if err := returnCoupons(tx, a, []Coupon{c}, OpReclaim, now); err != nil {
		return nil, err
	}
	after := c
	after.Status, after.Balance = CouponReclaimed, 0
	if err := audit(tx, a, c.PartnerID, "coupon.reclaim", "coupon", c.ID, c, after); err != nil {
		return nil, err
	}
	return &after, nil
}

// reclaimCustomerCoupons takes back, within an unbinding or a mode switch, the unused coupons the
// customer's partner issued to it (operation type 3 or 8). Coupons already past their expiry are
// left to the expiry sweep, which records them as expired.
func reclaimCustomerCoupons(tx *gorm.DB, a Actor, c *Customer, op int8, now time.Time) error {
	cs, err := reclaimableCoupons(tx, c, now)
	if err != nil || len(cs) == 0 {
		return err
	}
	if err := returnCoupons(tx, a, cs, op, now); err != nil {
		return err
	}
	ids, amount := make([]string, len(cs)), int64(0)
	for i, x := range cs {
		ids[i], amount = x.PublicID, amount+x.Balance
	}
	return audit(tx, a, *c.PartnerID, "coupon."+OpActions[op], "customer", c.ID, nil,
		map[string]any{"coupons": ids, "returned": Fen(amount).StringFixed(2)})
}

// reclaimableCoupons are the coupons an unbinding or a mode switch takes back now: the customer's
// unused ones its partner issued, not yet past their expiry.
func reclaimableCoupons(tx *gorm.DB, c *Customer, now time.Time) ([]Coupon, error) {
	var cs []Coupon
	err := tx.Where("customer_id = ? AND partner_id = ? AND status IN ? AND balance > 0 AND expire_at > ?",
		c.ID, *c.PartnerID, liveStatuses, now.UTC()).Order("id").Find(&cs).Error
	return cs, err
}

// OpActions name the audit actions of the coupons reclaimed by an unbinding or a mode switch.
var OpActions = map[int8]string{OpUnbind: "reclaim_on_unbind", OpSwitchMode: "reclaim_on_switch"}

// returnCoupons moves what the coupons have left back to their quotas: each coupon becomes
// reclaimed (expired for the sweep) with a balance of zero and gets a record; each quota rises by
// the sum of its coupons, with one quota record.
func returnCoupons(tx *gorm.DB, a Actor, cs []Coupon, op int8, now time.Time) error {
	status := CouponReclaimed
	if op == OpExpire {
		status = CouponExpired
	}
	ids := make([]uint64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	if err := recordReturns(tx, a, ids, op, now); err != nil { // before the balances become zero
		return err
	}
	res := tx.Model(&Coupon{}).Where("id IN ? AND status IN ?", ids, liveStatuses).
		Updates(map[string]any{"status": status, "balance": 0, "updated_at": now.UTC()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != int64(len(cs)) { // changed since it was read: nothing may be returned twice
		return ErrCouponNotReclaimable
	}
	if err := returnToQuotas(tx, a, cs, op, now); err != nil {
		return err
	}
	return countReturns(tx, cs, status)
}

// recordReturns writes a record per coupon of what it has left, copied by the database from the
// coupon rows: the sweep writes a million of them, and sending each row's values from Go (or
// building a model per row) would cost it more than the database's own work does.
func recordReturns(tx *gorm.DB, a Actor, ids []uint64, op int8, now time.Time) error {
	// the quota types written out: PostgreSQL takes a parameter in a CASE for text
	insert := "INSERT INTO coupon_records (partner_id, operation_type, quota_id, quota_type, coupon_id, customer_id, " +
		"customer_d_id, amount, result, actor_user_id, request_id, created_at) " +
		fmt.Sprintf("SELECT partner_id, ?, quota_id, CASE WHEN type = 4 THEN %d ELSE %d END, id, customer_id, '', balance, 0, ?, ?, ? ", CashCouponQuota, VoucherQuota) +
		"FROM coupons WHERE id IN ?"
	for start := 0; start < len(ids); start += recordRows {
		part := ids[start:min(start+recordRows, len(ids))]
		err := tx.Exec(insert, op, a.UserID, a.requestID(), now.UTC(), part).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// recordRows bounds the coupons of one INSERT: 1,000 ids keep within every database's limit of
// bound parameters.
const recordRows = 1000

func returnToQuotas(tx *gorm.DB, a Actor, cs []Coupon, op int8, now time.Time) error {
	sums := map[uint64]int64{}
	var order []uint64
	for _, c := range cs {
		if _, ok := sums[c.QuotaID]; !ok {
			order = append(order, c.QuotaID)
		}
		sums[c.QuotaID] += c.Balance
	}
	for _, qid := range order {
		if sums[qid] == 0 {
			continue
		}
		q, err := lockQuota(tx, "id = ?", qid)
		if err != nil {
			return err
		}
		if err := moveQuota(tx, a, q, sums[qid], QuotaRecord{Kind: QuotaReturned, Remark: OpRemarks[op]}, now); err != nil {
			return err
		}
	}
	return nil
}

// OpRemarks name the operations in the quota records they write (the console shows them in its
// language).
var OpRemarks = map[int8]string{OpReclaim: "reclaim", OpUnbind: "unbind", OpExpire: "expiry", OpSwitchMode: "mode switch"}

// countReturns moves the coupons between their partners' counters.
func countReturns(tx *gorm.DB, cs []Coupon, status int8) error {
	type key struct {
		partner uint64
		status  int8
	}
	n := map[key]int64{}
	for _, c := range cs {
		n[key{c.PartnerID, c.Status}]++
	}
	for k, d := range n {
		if err := bumpCouponCount(tx, k.partner, k.status, -d); err != nil {
			return err
		}
		if err := bumpCouponCount(tx, k.partner, status, d); err != nil {
			return err
		}
	}
	return nil
}

// SweepBatch is how many coupons one sweep transaction expires: about 15 ms of work, so a write
// arriving meanwhile (queued at the write gate, store/gate.go) waits at most that long. Batches of
// 1,000 were 15% faster in all but made writers wait twice as long.
const SweepBatch = 500

// systemActor is who acts in background work.
var systemActor = Actor{RequestID: "expiry-sweep"}

// ExpireCoupons is the coupon sweep: it activates the coupons whose effective time has come, then
// (过期回收) marks every coupon past its expiry as expired and returns what it had left to its quota
// (operation type 4), in transactions of at most SweepBatch coupons. It is idempotent: a coupon is
// activated and expired once, whoever runs the sweep and however often. It reports how many
// coupons expired.
func ExpireCoupons(ctx context.Context, db *gorm.DB, now time.Time) (int, error) {
	for {
		n, err := activateBatch(ctx, db, now)
		if err != nil {
			return 0, err
		}
		if n < SweepBatch {
			break
		}
	}
	total := 0
	for {
		n, err := expireBatch(ctx, db, now)
		total += n
		if err != nil || n < SweepBatch {
			return total, err
		}
	}
}

// dueForActivation and dueForExpiry are the sweep's next batch (found by the partial indexes),
// claimed (store.ClaimRows): another server sweeping at once takes the next batch.
func dueForActivation(tx *gorm.DB, now time.Time) *gorm.DB {
	return store.ClaimRows(tx.Model(&Coupon{}).Select("id, partner_id").Where(wherePending+" AND effective_at <= ?", now.UTC()).
		Order("effective_at").Limit(SweepBatch))
}

func dueForExpiry(tx *gorm.DB, now time.Time) *gorm.DB {
	return store.ClaimRows(tx.Model(&Coupon{}).Select("id, public_id, partner_id, quota_id, customer_id, type, balance, status").
		Where(whereLive+" AND expire_at <= ?", now.UTC()).Limit(SweepBatch))
}

// activateBatch makes up to SweepBatch coupons usable whose effective time has come.
func activateBatch(ctx context.Context, db *gorm.DB, now time.Time) (int, error) {
	var n int
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cs []Coupon
		err := dueForActivation(tx, now).Find(&cs).Error
		if err != nil || len(cs) == 0 {
			return err
		}
		n = len(cs)
		ids, per := make([]uint64, len(cs)), map[uint64]int64{}
		for i, c := range cs {
			ids[i] = c.ID
			per[c.PartnerID]++
		}
		res := tx.Model(&Coupon{}).Where("id IN ? AND status = ?", ids, CouponNotActivated).
			Updates(map[string]any{"status": CouponUsable, "updated_at": now.UTC()})
		if res.Error != nil || res.RowsAffected != int64(len(ids)) {
			return firstErr(res.Error, ErrCouponNotReclaimable)
		}
		for pid, d := range per {
			if err := bumpCouponCount(tx, pid, CouponNotActivated, -d); err != nil {
				return err
			}
			if err := bumpCouponCount(tx, pid, CouponUsable, d); err != nil {
				return err
			}
		}
		return auditSweep(tx, cs, "coupon.activate")
	})
	return n, err
}

func expireBatch(ctx context.Context, db *gorm.DB, now time.Time) (int, error) {
	var n int
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cs []Coupon
		err := dueForExpiry(tx, now).Find(&cs).Error
		if err != nil || len(cs) == 0 {
			return err
		}
		n = len(cs)
		if err := returnCoupons(tx, systemActor, cs, OpExpire, now); err != nil {
			return err
		}
		return auditSweep(tx, cs, "coupon.expire")
	})
	return n, err
}

// auditSweep writes one audit record per partner for a sweep batch (action coupon.activate or
// coupon.expire): how many of its coupons, the first and last of them, and for an expiry how much
// went back to the quotas (each expired coupon also has its own operation record).
func auditSweep(tx *gorm.DB, cs []Coupon, action string) error {
	type span struct {
		n           int
		amount      int64
		first, last uint64
	}
	spans, order := map[uint64]*span{}, []uint64{}
	for _, c := range cs {
		s := spans[c.PartnerID]
		if s == nil {
			s = &span{first: c.ID}
			spans[c.PartnerID], order = s, append(order, c.PartnerID)
		}
		s.n, s.amount, s.first, s.last = s.n+1, s.amount+c.Balance, min(s.first, c.ID), max(s.last, c.ID)
	}
	for _, pid := range order {
		s := spans[pid]
		after := map[string]any{"coupons": s.n, "first_coupon": s.first, "last_coupon": s.last}
		if action == "coupon.expire" {
			after["returned"] = Fen(s.amount).StringFixed(2)
		}
		if err := audit(tx, systemActor, pid, action, "coupon", s.first, nil, after); err != nil {
			return err
		}
	}
	return nil
}
