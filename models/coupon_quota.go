package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Coupon quotas (代金券额度). The operator grants a partner a quota of value; the partner issues
// coupons to its customers from it, and a master distributor gives parts of its quotas to its
// resellers as child quotas. A quota's balance is value: it is cached on the quota and every change
// is an append-only QuotaRecord in the same transaction, so that `partnerhub check` can prove
// balance = granted − issued − given + returned.

// QuotaType is the API's quota_type.
type QuotaType int8

const (
	VoucherQuota    QuotaType = 0 // 代金券额度
	CashCouponQuota QuotaType = 1 // 现金券额度
)

// CouponType is the type of the coupons a quota of this type issues (the API's coupon_type).
func (t QuotaType) CouponType() int8 {
	if t == CashCouponQuota {
		return 4 // 现金券
	}
	return 1 // 代金券
}

// QuotaStatus is the API's quota_status.
type QuotaStatus int8

const (
	QuotaNormal    QuotaStatus = 0
	QuotaInvalid   QuotaStatus = 3 // expired, or invalidated by the operator
	QuotaAdjusting QuotaStatus = 4 // visible but unusable
	QuotaFrozen    QuotaStatus = 5
	QuotaReclaimed QuotaStatus = 6 // a child quota its master distributor took back
)

// QuotaStatuses lists the statuses in display order.
var QuotaStatuses = []QuotaStatus{QuotaNormal, QuotaInvalid, QuotaAdjusting, QuotaFrozen, QuotaReclaimed}

// CouponQuota is a partner's coupon quota. A child quota (ParentID set) is the part of a master
// distributor's quota given to one of its resellers; it has its parent's type, validity and limits.
type CouponQuota struct {
	ID           uint64      `gorm:"primaryKey"`
	PublicID     string      `gorm:"size:32;not null;uniqueIndex"` // the API's quota_id
	PartnerID    uint64      `gorm:"not null;index:ix_quota_partner,priority:1"`
	ParentID     *uint64     `gorm:"index"`
	Type         QuotaType   `gorm:"not null"`
	Value        int64       `gorm:"not null" json:"value_fen"` // fen granted
	Balance      int64       `gorm:"not null;check:chk_quota_balance,balance >= 0" json:"balance_fen"`
	Status       QuotaStatus `gorm:"not null"`
	EffectiveAt  time.Time   `gorm:"not null"`
	ExpireAt     time.Time   `gorm:"not null"`
	ServiceTypes string      `gorm:"size:512;not null;default:''"`           // comma-separated codes; "" is no limit
	MinFace      int64       `gorm:"not null;default:0" json:"min_face_fen"` // fen; 0 is no limit
	MaxFace      int64       `gorm:"not null;default:0" json:"max_face_fen"`
	Remark       string      `gorm:"size:256;not null;default:''"`
	CreatedAt    time.Time   `gorm:"not null;index:ix_quota_partner,priority:2"`
	UpdatedAt    time.Time   `gorm:"not null"`
}

// TableName: GORM's inflection would call it coupon_quota.
func (CouponQuota) TableName() string { return "coupon_quotas" }

// ValueMoney, BalanceMoney, MinFaceMoney and MaxFaceMoney are the quota's amounts as Money.
func (q *CouponQuota) ValueMoney() Money   { return Fen(q.Value) }
func (q *CouponQuota) BalanceMoney() Money { return Fen(q.Balance) }
func (q *CouponQuota) MinFaceMoney() Money { return Fen(q.MinFace) }
func (q *CouponQuota) MaxFaceMoney() Money { return Fen(q.MaxFace) }

// ServiceTypeList is the quota's service-type limit (none: any service).
func (q *CouponQuota) ServiceTypeList() []string { return splitList(q.ServiceTypes) }

// StatusAt is the status shown at now: a normal quota past its expiry is invalid.
func (q *CouponQuota) StatusAt(now time.Time) QuotaStatus {
	if q.Status == QuotaNormal && !now.Before(q.ExpireAt) {
		return QuotaInvalid
	}
	return q.Status
}

// usableAt refuses a quota coupons cannot be issued or given from at now.
func (q *CouponQuota) usableAt(now time.Time) error {
	switch {
	case q.Status != QuotaNormal:
		return ErrQuotaUnusable
	case now.Before(q.EffectiveAt) || !now.Before(q.ExpireAt):
		return ErrQuotaNotEffective
	}
	return nil
}

// QuotaChange says why a quota's balance changed.
type QuotaChange string

const (
	QuotaGranted     QuotaChange = "grant"         // the operator's grant, or a child quota's share of its parent
	QuotaIssued      QuotaChange = "coupon_issue"  // coupons issued from it
	QuotaReturned    QuotaChange = "coupon_return" // coupons' unused balances back: reclaim, unbinding, mode switch, expiry
	QuotaGiven       QuotaChange = "child_issue"   // part given to a reseller (operation type 10)
	QuotaChildReturn QuotaChange = "child_reclaim" // a child quota's balance taken back (operation type 11)
)

// QuotaRecord is one change of a quota's balance. Rows are only ever inserted.
type QuotaRecord struct {
	ID           uint64      `gorm:"primaryKey"`
	PartnerID    uint64      `gorm:"not null;index:ix_qrec_partner,priority:1"` // the quota's owner
	QuotaID      uint64      `gorm:"not null;index:ix_qrec_quota,priority:1"`
	Kind         QuotaChange `gorm:"size:16;not null;index:ix_qrec_partner,priority:2"`
	Amount       int64       `gorm:"not null"` // fen, signed: negative when the balance fell
	BalanceAfter int64       `gorm:"not null"`
	ChildQuotaID *uint64     `gorm:"index"` // a give or take-back: the child quota (on both sides)
	BatchID      *uint64     // an issue of coupons
	ActorUserID  uint64      `gorm:"not null"`
	Remark       string      `gorm:"size:256;not null;default:''"`
	RequestID    string      `gorm:"size:64;not null;default:''"`
	CreatedAt    time.Time   `gorm:"not null;index:ix_qrec_quota,priority:2;index:ix_qrec_partner,priority:3"`
}

// AmountMoney is the change as Money.
func (r *QuotaRecord) AmountMoney() Money { return Fen(r.Amount) }

// moveQuota changes a quota's balance by delta within tx and records why. A fall is a conditional
// UPDATE — the balance must cover it — so that concurrent issues can never spend the same fen.
func moveQuota(tx *gorm.DB, a Actor, q *CouponQuota, delta int64, r QuotaRecord, now time.Time) error {
	res := tx.Model(&CouponQuota{}).Where("id = ? AND balance + ? >= 0", q.ID, delta).
		Updates(map[string]any{"balance": gorm.Expr("balance + ?", delta), "updated_at": now.UTC()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrQuotaInsufficient
	}
	if err := tx.Model(&CouponQuota{}).Where("id = ?", q.ID).Select("balance").Scan(&q.Balance).Error; err != nil {
		return err
	}
	r.PartnerID, r.QuotaID, r.Amount, r.BalanceAfter = q.PartnerID, q.ID, delta, q.Balance
	r.ActorUserID, r.RequestID, r.CreatedAt = a.UserID, a.requestID(), now.UTC()
	return tx.Create(&r).Error
}

// lockQuota locks a quota for a change (store.LockRows) and loads it.
func lockQuota(tx *gorm.DB, where string, args ...any) (*CouponQuota, error) {
	if err := store.LockRows(tx, "coupon_quotas", where, args...); err != nil {
		return nil, err
	}
	var q CouponQuota
	if err := tx.Where(where, args...).First(&q).Error; err != nil {
		return nil, notFound(err)
	}
	return &q, nil
}

// GrantInput is a quota the operator grants.
type GrantInput struct {
	PartnerID        uint64
	Type             QuotaType
	Amount           Money
	EffectiveAt      time.Time
	ExpireAt         time.Time
	ServiceTypes     []string
	MinFace, MaxFace Money // zero: no limit
	Remark           string
	IdempotencyKey   string // the grant form's one-time token: the same again grants nothing more
}

// optionalFen is a limit that may be absent (zero).
func optionalFen(m Money) (int64, error) {
	if m.IsZero() {
		return 0, nil
	}
	return amountFen(m)
}

// GrantQuota (发放额度) gives a tier-1 partner a coupon quota. Resellers get theirs from their
// master distributor. With an idempotency key (the form's one-time token), a second request with
// the key — a refresh, a double-click, one racing the first — grants nothing and gets the quota the
// first granted (keyed_call.go).
func GrantQuota(ctx context.Context, db *gorm.DB, a Actor, in GrantInput, now time.Time) (*CouponQuota, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	fen, minFace, maxFace, types, err := in.check(now)
	if err != nil {
		return nil, err
	}
	hash := requestHash("grant_quota", in.PartnerID, in.Type, fen, in.EffectiveAt.Unix(), in.ExpireAt.Unix(), types,
		minFace, maxFace, in.Remark)
	return keyedCall(ctx, db, a, in.IdempotencyKey, hash, now, func(tx *gorm.DB) (*CouponQuota, error) {
		p, err := GetPartner(ctx, tx, in.PartnerID)
		if err != nil {
			return nil, err
		}
		if err := mayHoldQuota(p); err != nil {
			return nil, err
		}
		q := &CouponQuota{PublicID: randomHex(16), PartnerID: in.PartnerID, Type: in.Type, Value: fen, Status: QuotaNormal,
			EffectiveAt: in.EffectiveAt.UTC(), ExpireAt: in.ExpireAt.UTC(), ServiceTypes: types,
			MinFace: minFace, MaxFace: maxFace, Remark: in.Remark, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		if err := tx.Create(q).Error; err != nil {
			return nil, err
		}
		if err := moveQuota(tx, a, q, fen, QuotaRecord{Kind: QuotaGranted, Remark: in.Remark}, now); err != nil {
			return nil, err
		}
		return q, audit(tx, a, p.ID, "quota.grant", "coupon_quota", q.ID, nil, q)
	})
}

// Operator actions on a quota's status.
const (
	QuotaFreeze     = "freeze"
	QuotaUnfreeze   = "unfreeze"
	QuotaInvalidate = "invalidate"
)

// quotaStatusAfter is the quota's status after the operator's action, or ErrQuotaState when the
// action does not apply to its status now: freezing a normal quota, unfreezing a frozen one,
// invalidating either (invalid is final).
func quotaStatusAfter(q *CouponQuota, action string) (QuotaStatus, error) {
	switch {
	case action == QuotaFreeze && q.Status == QuotaNormal:
		return QuotaFrozen, nil
	case action == QuotaUnfreeze && q.Status == QuotaFrozen:
		return QuotaNormal, nil
	case action == QuotaInvalidate && (q.Status == QuotaNormal || q.Status == QuotaFrozen):
		return QuotaInvalid, nil
	}
	return q.Status, ErrQuotaState
}

// SetQuotaStatus freezes, unfreezes or invalidates a quota (an operator's action). Invalid is
// final; a frozen quota issues nothing until unfrozen.
func SetQuotaStatus(ctx context.Context, db *gorm.DB, a Actor, quotaID uint64, action string, now time.Time) (*CouponQuota, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var q *CouponQuota
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if q, err = lockQuota(tx, "id = ?", quotaID); err != nil {
			return err
		}
		before := *q
		if q.Status, err = quotaStatusAfter(q, action); err != nil {
			return err
		}
		q.UpdatedAt = now.UTC()
		if err := tx.Model(q).Updates(map[string]any{"status": q.Status, "updated_at": q.UpdatedAt}).Error; err != nil {
			return err
		}
		return audit(tx, a, q.PartnerID, "quota."+action, "coupon_quota", q.ID, before, q)
	})
	return q, err
}
