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
//
// Set on a resource already expired (in its grace period), it renews it at the next deduction,
// as the cloud does: the next sweep renews it from the balance (retryAutoRenewals), and while
// the balance falls short it tries again each day until the grace period ends and the resource
// is frozen as any other. A frozen resource is renewed by hand (RenewResources) only.
func SetAutoRenew(ctx context.Context, db *gorm.DB, a Actor, resourceID string, periodType, times int, now time.Time) (*Resource, error) {
	if periodType != PeriodMonth && periodType != PeriodYear {
		return nil, &FieldError{Field: "period_type", Err: ErrPeriodType}
	}
	if times < 0 || times > MaxAutoRenewTimes {
		return nil, &FieldError{Field: "auto_renew_times", Err: ErrAutoRenewTimes}
	}
	return changeAutoRenew(ctx, db, a, resourceID, "resource.auto_renew", func(r *Resource) map[string]any {
		updates := map[string]any{"expire_policy": ExpireAutoRenew, "auto_renew_period": periodType, "auto_renew_times": times,
			"auto_renew_count": 0, "auto_renew_at": nil}
		if r.Status == ResourceExpired {
			updates["auto_renew_at"] = now.UTC() // the next deduction: the next sweep
		}
		return updates
	}, now)
}

// AutoRenewSetting is the auto-renewal a new setting of the resource starts from, where the
// caller leaves it out (the API's AutoRenewalResources) or a form begins (the resource's page):
// its own period and times when it renews itself, else a month, until cancelled (0).
func (r *Resource) AutoRenewSetting() (periodType, times int) {
	if r.ExpirePolicy != ExpireAutoRenew {
		return PeriodMonth, 0
	}
	periodType = PeriodMonth
	if r.AutoRenewPeriod != 0 {
		periodType = int(r.AutoRenewPeriod)
	}
	return periodType, r.AutoRenewTimes
}

// CancelAutoRenew (CancelAutoRenewalResources) stops a resource's auto-renewal: at its expiry it
// enters the grace period.
func CancelAutoRenew(ctx context.Context, db *gorm.DB, a Actor, resourceID string, now time.Time) (*Resource, error) {
	return changeAutoRenew(ctx, db, a, resourceID, "resource.auto_renew_cancel", func(*Resource) map[string]any { return autoRenewOff() }, now)
}

// autoRenewOff are the columns of a resource that does not renew itself.
func autoRenewOff() map[string]any {
	return map[string]any{"expire_policy": ExpireGrace, "auto_renew_period": 0, "auto_renew_times": 0, "auto_renew_count": 0,
		"auto_renew_at": nil}
}

// changeAutoRenew sets the columns updates gives for the resource as read under its lock.
func changeAutoRenew(ctx context.Context, db *gorm.DB, a Actor, resourceID string, action string, updates func(*Resource) map[string]any,
	now time.Time) (*Resource, error) {
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
		if err := tx.Model(&Resource{}).Where("id = ?", r.ID).Updates(updates(r)).Error; err != nil {
			return err
		}
		if err := tx.First(r, r.ID).Error; err != nil {
			return err
		}
		return audit(tx, a, r.PartnerID, action, "resource", r.ID, before, resourceAudit(r))
	})
	return r, err
}

// deductionInterval is how long after a refused auto-renewal of an expired resource the next is
// tried: a day, as the cloud deducts once a day.
const deductionInterval = 24 * time.Hour

// retryAutoRenewals is the deduction of expired resources that renew themselves (up to limit due
// at now, in the order they fell due): each is renewed from its customer's balance as at its
// expiry (tryAutoRenew), back in use until one period after its old expiry; one still refused is
// tried again a day later while it is in its grace period.
func retryAutoRenewals(ctx context.Context, db *gorm.DB, now time.Time, limit int) (int, error) {
	var ids []uint64
	err := db.WithContext(ctx).Model(&Resource{}).Where("auto_renew_at <= ?", now.UTC()).Order("auto_renew_at").Limit(limit).
		Pluck("id", &ids).Error
	renewed := 0
	for len(ids) > 0 && err == nil {
		chunk := ids[:min(renewalChunk, len(ids))]
		ids = ids[len(chunk):]
		quotes, qerr := renewalQuotes(ctx, db, chunk, now) // priced before the money line, as at expiry
		if qerr != nil {
			return renewed, qerr
		}
		var n int
		err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			var err error
			n, err = retryChunk(tx, chunk, quotes, now)
			return err
		})
		renewed += n
	}
	return renewed, err
}

// retryChunk renews the chunk's resources still due, under their lock; one no longer an expired
// resource that renews itself (renewed, cancelled, frozen meanwhile) has no deduction waiting.
func retryChunk(tx *gorm.DB, ids []uint64, quotes map[uint64]renewalQuote, now time.Time) (int, error) {
	if err := store.LockRows(tx, "resources", "id IN ?", ids); err != nil {
		return 0, err
	}
	var rs []Resource
	if err := tx.Where("id IN ? AND auto_renew_at <= ?", ids, now.UTC()).Find(&rs).Error; err != nil {
		return 0, err
	}
	renewed := 0
	var refused, none []uint64
	for i := range rs {
		r := &rs[i]
		if r.Status != ResourceExpired || r.ParentID != nil || !renews(r) || r.ExpireAt == nil || !r.ExpireAt.Add(GracePeriod).After(now) {
			none = append(none, r.ID)
			continue
		}
		ok, err := tryAutoRenew(tx, r, quotes[r.ID], now)
		switch {
		case err != nil:
			return 0, err
		case ok:
			renewed++
		default:
			refused = append(refused, r.ID)
		}
	}
	if len(none) > 0 {
		if err := tx.Model(&Resource{}).Where("id IN ?", none).Update("auto_renew_at", nil).Error; err != nil {
			return 0, err
		}
	}
	if len(refused) > 0 {
		if err := tx.Model(&Resource{}).Where("id IN ?", refused).Update("auto_renew_at", now.Add(deductionInterval).UTC()).Error; err != nil {
			return 0, err
		}
	}
	return renewed, nil
}

// nextDeduction schedules the next day's deduction of the resources, just expired, that renew
// themselves: their renewal at expiry was refused.
func nextDeduction(tx *gorm.DB, rs []Resource, now time.Time) error {
	var ids []uint64
	for i := range rs {
		if renews(&rs[i]) {
			ids = append(ids, rs[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return tx.Model(&Resource{}).Where("id IN ?", ids).Update("auto_renew_at", now.Add(deductionInterval).UTC()).Error
}
