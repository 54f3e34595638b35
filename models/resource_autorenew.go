package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// SetAutoRenew (AutoRenewalResources) has a main resource renew itself at each expiry for one
// period of periodType (2 month, 3 year), times times (0: until cancelled), paid from the
// customer's balance by the expiry sweep; when the balance falls short it expires as any other.
// Setting it again starts the count afresh.
func SetAutoRenew(ctx context.Context, db *gorm.DB, a Actor, resourceID string, periodType, times int, now time.Time) (*Resource, error) {
	if periodType != PeriodMonth && periodType != PeriodYear {
		return nil, &FieldError{Field: "period_type", Err: ErrPeriodType}
	}
	if times < 0 || times > MaxAutoRenewTimes {
		return nil, &FieldError{Field: "auto_renew_times", Err: ErrAutoRenewTimes}
	}
	return changeAutoRenew(ctx, db, a, resourceID, "resource.auto_renew", map[string]any{"expire_policy": ExpireAutoRenew,
		"auto_renew_period": periodType, "auto_renew_times": times, "auto_renew_count": 0}, now)
}

// CancelAutoRenew (CancelAutoRenewalResources) stops a resource's auto-renewal: at its expiry it
// enters the grace period.
func CancelAutoRenew(ctx context.Context, db *gorm.DB, a Actor, resourceID string, now time.Time) (*Resource, error) {
	return changeAutoRenew(ctx, db, a, resourceID, "resource.auto_renew_cancel", autoRenewOff(), now)
}

// autoRenewOff are the columns of a resource that does not renew itself.
func autoRenewOff() map[string]any {
	return map[string]any{"expire_policy": ExpireGrace, "auto_renew_period": 0, "auto_renew_times": 0, "auto_renew_count": 0}
}

func changeAutoRenew(ctx context.Context, db *gorm.DB, a Actor, resourceID string, action string, updates map[string]any, now time.Time) (*Resource, error) {
	if err := mayActOnResources(a); err != nil {
		return nil, err
	}
	var r *Resource
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := store.LockRows(tx, "resources", "public_id = ?", resourceID); err != nil {
			return err
		}
		var err error
		if r, err = resourceByPublicID(tx, a, resourceID); err != nil {
			return err
		}
		switch {
		case r.ParentID != nil:
			return ErrNotMainResource
		case r.ChargeMode != ChargePeriod:
			return ErrResourceOnDemand
		case r.Status == ResourceClosed:
			return ErrResourceClosed
		}
		if _, err := onBehalf(tx, a, r.CustomerID, now); err != nil {
			return err
		}
		before := resourceAudit(r)
		if err := tx.Model(&Resource{}).Where("id = ?", r.ID).Updates(updates).Error; err != nil {
			return err
		}
		if err := tx.First(r, r.ID).Error; err != nil {
			return err
		}
		return audit(tx, a, r.PartnerID, action, "resource", r.ID, before, resourceAudit(r))
	})
	return r, err
}
