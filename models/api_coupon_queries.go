package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// What the partner API's coupon operations (handlers/api) need beyond the console's functions:
// quotas, coupons, customers and resellers named by their public ids (the API's quota_id,
// coupon_id, customer_id, indirect_partner_id) instead of row ids. The two batch calls below are
// GiveQuota and ReclaimQuotas themselves, with the targets resolved inside their transaction, so
// that an unknown id is refused for that item alone, like any other reseller or quota that is not
// the actor's.

// GiveQuotaToResellers is GiveQuota with the resellers named by account id. An id that is not one
// of the actor's resellers fails alone (ErrNotYourReseller); the results are in the order asked. A
// call with an idempotency key (key, "" for none) gives once and answers its retries the same.
func GiveQuotaToResellers(ctx context.Context, db *gorm.DB, a Actor, quotaID uint64, resellerDIDs []string, amount Money, key string, now time.Time) ([]GiveResult, error) {
	resolve := func(tx *gorm.DB, did string) (uint64, error) {
		var p Partner
		err := tx.Select("id").Where("domain_id = ? AND distributor_id = ?", did, a.PartnerID).First(&p).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return 0, nil
		}
		return p.ID, err
	}
	return giveQuota(ctx, db, a, quotaID, resellerDIDs, resolve, amount, "", key, now) // the API's call has no remark
}

// ReclaimQuotasByPublicID is ReclaimQuotas with the child quotas named by quota_id. An id that is
// not a child quota the actor gave fails alone (ErrNotChildQuota); the results are in the order asked.
// A call with an idempotency key (key, "" for none) takes back once and answers its retries the same.
func ReclaimQuotasByPublicID(ctx context.Context, db *gorm.DB, a Actor, publicIDs []string, remark, key string, now time.Time) ([]ReclaimResult, error) {
	resolve := func(tx *gorm.DB, pid string) (uint64, error) {
		var q CouponQuota
		err := tx.Select("id").Where("public_id = ?", pid).First(&q).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return 0, nil
		}
		return q.ID, err
	}
	return reclaimQuotas(ctx, db, a, publicIDs, resolve, remark, key, now)
}

// VisibleQuotaID resolves a quota_id the actor may see (see GetQuota): its own quotas and the child
// quotas a master distributor gave. 0 when there is none, so that a filter on it matches nothing.
func VisibleQuotaID(ctx context.Context, db *gorm.DB, a Actor, publicID string) (uint64, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return 0, ErrForbidden
	}
	var q CouponQuota
	err := db.WithContext(ctx).Select("id").Where("public_id = ?", publicID).
		Where("partner_id = ? OR parent_id IN (SELECT id FROM coupon_quotas WHERE partner_id = ?)", a.PartnerID, a.PartnerID).
		First(&q).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	return q.ID, err
}

// CouponIDsByPublicID resolves coupon_ids among the coupons of the owner the actor reads (see
// couponOwner); ids of no such coupon are left out.
func CouponIDsByPublicID(ctx context.Context, db *gorm.DB, a Actor, publicIDs []string, resellerID uint64) ([]uint64, error) {
	owner, err := couponOwner(ctx, db, a, resellerID)
	if err != nil || len(publicIDs) == 0 {
		return nil, err
	}
	var ids []uint64
	err = db.WithContext(ctx).Model(&Coupon{}).Where("public_id IN ? AND partner_id = ?", publicIDs, owner).Pluck("id", &ids).Error
	return ids, err
}

// CouponCustomerID resolves the customer_id filter of coupon lists and records: any customer
// account, since coupons and records stay with the partner that issued them after the customer
// has left it; the lists themselves are scoped to the partner. 0 when no account has the id.
func CouponCustomerID(ctx context.Context, db *gorm.DB, a Actor, domainID string) (uint64, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return 0, ErrForbidden
	}
	var c Customer
	err := db.WithContext(ctx).Select("id").Where("domain_id = ?", domainID).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	return c.ID, err
}
