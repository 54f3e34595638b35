package seed

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/store"
)

// Coupons for the benchmark worlds: a quota of the demo provider's, n coupons of ¥100 issued from
// it to its customers in batches of 100 over the past year (one in ten since reclaimed), with their
// records, the quota's records and the counters, exactly as IssueCoupons and ReclaimCoupon would
// have left them, so that `partnerhub check` passes on the result.

// BulkCoupons sizes a bulk load of coupons.
type BulkCoupons struct {
	N       int
	Expire  func(i int) time.Time // the i-th coupon's expiry
	Reserve models.Money          // quota balance left for issuing more
}

const (
	bulkFace  = 10000 // fen
	bulkBatch = 100
)

// Coupons loads n coupons into the demo provider's new quota, each valid 18 months from its
// issue.
func Coupons(ctx context.Context, db *gorm.DB, n int, now time.Time) error {
	spec := BulkCoupons{N: n, Reserve: models.Fen(100000000)}
	l := couponLoad{spec: spec, now: now}
	spec.Expire = func(i int) time.Time { return l.created(i).AddDate(0, 18, 0) }
	return LoadCoupons(ctx, db, spec, now)
}

// LoadCoupons bulk-loads the coupons of spec into the demo provider's new quota.
func LoadCoupons(ctx context.Context, db *gorm.DB, spec BulkCoupons, now time.Time) error {
	var admin models.User
	if err := db.WithContext(ctx).Where("username = ?", "provider").First(&admin).Error; err != nil {
		return err
	}
	var op models.User
	if err := db.WithContext(ctx).Where("kind = ?", models.OperatorUser).First(&op).Error; err != nil {
		return err
	}
	value := models.Money{Decimal: models.Fen(int64(spec.N) * bulkFace).Add(spec.Reserve.Decimal)}
	q, err := models.GrantQuota(ctx, db, models.ActorOf(&op, "seed"), models.GrantInput{PartnerID: *admin.PartnerID, Amount: value,
		EffectiveAt: now.AddDate(-1, 0, -1), ExpireAt: now.AddDate(2, 0, 0), Remark: "bench"}, now)
	if err != nil {
		return err
	}
	var custs []models.Customer
	if err := db.WithContext(ctx).Select("id, domain_id").Where("partner_id = ?", q.PartnerID).Find(&custs).Error; err != nil {
		return err
	}
	if len(custs) == 0 {
		return fmt.Errorf("models: the provider has no customers to issue coupons to")
	}
	l := couponLoad{spec: spec, q: q, admin: admin.ID, custs: custs, now: now}
	return store.BulkLoad(ctx, db, []string{"coupons", "coupon_records"}, l.load)
}

type couponLoad struct {
	spec          BulkCoupons
	q             *models.CouponQuota
	admin         uint64
	custs         []models.Customer
	now           time.Time
	firstCoupon   uint64
	firstBatch    uint64
	firstRecordID uint64
}

func (l *couponLoad) load(tx *gorm.DB) error {
	for _, x := range []struct {
		table string
		into  *uint64
	}{{"coupons", &l.firstCoupon}, {"coupon_batches", &l.firstBatch}, {"coupon_records", &l.firstRecordID}} {
		if err := tx.Table(x.table).Select("COALESCE(MAX(id), 0) + 1").Scan(x.into).Error; err != nil {
			return err
		}
	}
	if err := l.batches(tx); err != nil {
		return err
	}
	if err := store.BulkInsert(tx, "coupons", couponCols, l.spec.N, l.coupon); err != nil {
		return err
	}
	if err := store.BulkInsert(tx, "coupon_records", couponRecordCols, l.spec.N+l.reclaimed(), l.record); err != nil {
		return err
	}
	return l.quotaRecords(tx)
}

// created spreads the coupons over the past year, oldest first.
func (l *couponLoad) created(i int) time.Time {
	step := 365 * 24 * time.Hour / time.Duration(l.spec.N+1) // divided first: N years of nanoseconds overflow
	return l.now.Add(-time.Duration(l.spec.N-i) * step).UTC()
}

func reclaimedAt(i int) bool { return i%10 == 9 }

func (l *couponLoad) reclaimed() int { return l.spec.N / 10 }

var couponCols = []string{"id", "public_id", "partner_id", "quota_id", "customer_id", "batch_id", "type", "face_value", "balance",
	"used", "status", "effective_at", "expire_at", "service_types", "memo", "lock_order_id", "created_at", "updated_at"}

func (l *couponLoad) coupon(i int) []any {
	c := l.custs[i%len(l.custs)]
	balance, status := int64(bulkFace), models.CouponUsable
	if reclaimedAt(i) {
		balance, status = 0, models.CouponReclaimed
	}
	t := l.created(i)
	return []any{l.firstCoupon + uint64(i), DomainID("coupon", uint64(i)), l.q.PartnerID, l.q.ID, c.ID, l.firstBatch + uint64(i/bulkBatch),
		1, bulkFace, balance, 0, status, t, l.spec.Expire(i), "", "", "", t, t}
}

var couponRecordCols = []string{"id", "partner_id", "operation_type", "quota_id", "quota_type", "coupon_id", "customer_id",
	"customer_d_id", "amount", "result", "err_key", "remark", "batch_id", "actor_user_id", "request_id", "created_at"}

// record is the issue record of coupon i, then (i ≥ N) the reclaim record of every tenth coupon.
func (l *couponLoad) record(i int) []any {
	op, coupon, at := models.OpIssue, i, time.Time{}
	var batch any
	if i < l.spec.N {
		at, batch = l.created(i), l.firstBatch+uint64(i/bulkBatch)
	} else {
		op, coupon = models.OpReclaim, (i-l.spec.N)*10+9
		at = l.created(coupon).Add(time.Hour)
	}
	c := l.custs[coupon%len(l.custs)]
	return []any{l.firstRecordID + uint64(i), l.q.PartnerID, op, l.q.ID, models.VoucherQuota, l.firstCoupon + uint64(coupon), c.ID,
		c.DomainID, bulkFace, 0, "", "", batch, l.admin, "seed", at}
}

func (l *couponLoad) batches(tx *gorm.DB) error {
	n := (l.spec.N + bulkBatch - 1) / bulkBatch
	return store.BulkInsert(tx, "coupon_batches", []string{"id", "partner_id", "quota_id", "face_value", "requested", "issued",
		"request_hash", "actor_user_id", "created_at"}, n, func(b int) []any {
		size := min(bulkBatch, l.spec.N-b*bulkBatch)
		return []any{l.firstBatch + uint64(b), l.q.PartnerID, l.q.ID, bulkFace, size, size, "", l.admin, l.created(b * bulkBatch)}
	})
}

// quotaRecords writes the quota's fall per batch and the reclaimed coupons' return, then its
// balance and the counters.
func (l *couponLoad) quotaRecords(tx *gorm.DB) error {
	n := (l.spec.N + bulkBatch - 1) / bulkBatch
	balance := l.q.Balance
	cols := []string{"partner_id", "quota_id", "kind", "amount", "balance_after", "batch_id", "actor_user_id", "remark", "request_id", "created_at"}
	err := store.BulkInsert(tx, "quota_records", cols, n+1, func(b int) []any {
		if b == n {
			back := int64(l.reclaimed()) * bulkFace
			balance += back
			return []any{l.q.PartnerID, l.q.ID, models.QuotaReturned, back, balance, nil, l.admin, "reclaim", "seed", l.now}
		}
		fen := int64(min(bulkBatch, l.spec.N-b*bulkBatch)) * bulkFace
		balance -= fen
		return []any{l.q.PartnerID, l.q.ID, models.QuotaIssued, -fen, balance, l.firstBatch + uint64(b), l.admin, "", "seed", l.created(b * bulkBatch)}
	})
	if err != nil {
		return err
	}
	if err := tx.Model(&models.CouponQuota{}).Where("id = ?", l.q.ID).Update("balance", balance).Error; err != nil {
		return err
	}
	if err := models.AddCouponCount(tx, l.q.PartnerID, models.CouponUsable, int64(l.spec.N-l.reclaimed())); err != nil {
		return err
	}
	return models.AddCouponCount(tx, l.q.PartnerID, models.CouponReclaimed, int64(l.reclaimed()))
}
