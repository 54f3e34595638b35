package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// The expiry sweep: each step of a yearly/monthly resource's end on time. At its expiry a
// resource that renews itself is renewed from its customer's balance if the balance covers it;
// any other, or one whose balance falls short, expires (status 5, the grace period); GracePeriod
// after its expiry it is frozen (4); RetentionPeriod later it is closed (3: deleted). Attached
// resources follow their main one.

// sweepChunk is how many resources one transaction of the sweep handles: small enough that a
// batch, auto-renewals included, holds the write lock for a few milliseconds, so other writes are
// never held up long; large enough that a million expiries are a few thousand commits.
const sweepChunk = 64

// ResourceSweep counts what a sweep did.
type ResourceSweep struct {
	Renewed, Expired, Frozen, Closed int
}

// sweepStep is one step of the sweep: which resources it takes (status, expired before), and
// what it does to one of them, returning whether it renewed it (else it moved it on) or did
// nothing (moved meanwhile).
type sweepStep struct {
	status int8
	after  time.Duration // how long after its expiry the step is due
	apply  func(tx *gorm.DB, r *Resource, now time.Time) (sweepOutcome, error)
}

type sweepOutcome int8

const (
	sweptNothing sweepOutcome = iota
	sweptRenewed
	sweptMoved
)

// SweepResources runs each step for up to limit resources due at now and says how many it moved.
// Each chunk of resources is one short transaction; every change is conditional on the state it
// was read in, so several servers may sweep at once.
func SweepResources(ctx context.Context, db *gorm.DB, now time.Time, limit int) (ResourceSweep, error) {
	var out ResourceSweep
	steps := []struct {
		step  sweepStep
		moved *int
	}{
		{sweepStep{ResourceInUse, 0, expireOrRenew}, &out.Expired},
		{sweepStep{ResourceExpired, GracePeriod, freezeResource}, &out.Frozen},
		{sweepStep{ResourceFrozen, GracePeriod + RetentionPeriod, closeExpired}, &out.Closed},
	}
	for _, s := range steps {
		renewed, moved, err := runSweepStep(ctx, db, s.step, now, limit)
		out.Renewed += renewed
		*s.moved += moved
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// runSweepStep finds the main resources due for the step (one range of ix_res_expiry) and applies
// it to them a chunk per transaction.
func runSweepStep(ctx context.Context, db *gorm.DB, s sweepStep, now time.Time, limit int) (renewed, moved int, err error) {
	var ids []uint64
	err = db.WithContext(ctx).Model(&Resource{}).Where("status = ? AND expire_at <= ? AND parent_id IS NULL", s.status, now.Add(-s.after).UTC()).
		Order("expire_at").Limit(limit).Pluck("id", &ids).Error
	for len(ids) > 0 && err == nil {
		chunk := ids[:min(sweepChunk, len(ids))]
		ids = ids[len(chunk):]
		var r, m int // set by the work, which the committer may run more than once
		err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			r, m = 0, 0
			for _, id := range chunk {
				o, err := sweepOne(tx, s, id, now)
				if err != nil {
					return err
				}
				r, m = r+b2i(o == sweptRenewed), m+b2i(o == sweptMoved)
			}
			return nil
		})
		if err == nil {
			renewed, moved = renewed+r, moved+m
		}
	}
	return renewed, moved, err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sweepOne applies the step to a resource if it is still due (it may have been renewed, or swept
// by another server, since it was found).
func sweepOne(tx *gorm.DB, s sweepStep, id uint64, now time.Time) (sweepOutcome, error) {
	var r Resource
	if err := tx.First(&r, id).Error; err != nil {
		return sweptNothing, err
	}
	if r.Status != s.status || r.ExpireAt == nil || r.ExpireAt.Add(s.after).After(now) {
		return sweptNothing, nil
	}
	return s.apply(tx, &r, now)
}

// expireOrRenew: at expiry an auto-renewing resource is renewed from the balance, in a savepoint
// so that a renewal refused (the balance short, the product no longer sold) leaves nothing and
// the resource expires instead.
func expireOrRenew(tx *gorm.DB, r *Resource, now time.Time) (sweepOutcome, error) {
	if renews(r) {
		busy, err := openOrders(tx, r.ID)
		if err != nil {
			return sweptNothing, err
		}
		if !busy { // a renewal waiting for payment is the customer's choice: let it expire meanwhile
			err = tx.Transaction(func(sp *gorm.DB) error { return autoRenew(sp, r, now) })
			var refused *Error
			if err == nil {
				return sweptRenewed, nil
			}
			if !errors.As(err, &refused) {
				return sweptNothing, err
			}
			if err := tx.First(r, r.ID).Error; err != nil { // as it was before the savepoint
				return sweptNothing, err
			}
		}
	}
	return sweptMoved, setResourceStatus(tx, r, ResourceExpired, "resource.expire")
}

// renews tells whether the resource renews itself at this expiry.
func renews(r *Resource) bool {
	return r.ExpirePolicy == ExpireAutoRenew && (r.AutoRenewTimes == 0 || r.AutoRenewCount < r.AutoRenewTimes)
}

// autoRenew renews the resource for one period of its auto-renewal at today's price: a renewal
// order, paid from the balance with the customer's best discount, and applied at once.
func autoRenew(tx *gorm.DB, r *Resource, now time.Time) error {
	period := int(r.AutoRenewPeriod)
	q, err := renewalPrice(tx.Statement.Context, tx, r, period, 1, now)
	if err != nil {
		return err
	}
	o, err := insertRenewal(tx, sweepActor, r, 0, q, period, 1, now)
	if err != nil {
		return err
	}
	if o, err = payNow(tx, sweepActor, o, q, now); err != nil {
		return err
	}
	if err := completeOrder(tx, o, now); err != nil {
		return err
	}
	updates := map[string]any{"auto_renew_count": gorm.Expr("auto_renew_count + 1")}
	if r.AutoRenewTimes > 0 && r.AutoRenewCount+1 >= r.AutoRenewTimes {
		updates = autoRenewOff() // the last of its renewals: at the next expiry it expires
	}
	return tx.Model(&Resource{}).Where("id = ?", r.ID).Updates(updates).Error
}

func freezeResource(tx *gorm.DB, r *Resource, _ time.Time) (sweepOutcome, error) {
	return sweptMoved, setResourceStatus(tx, r, ResourceFrozen, "resource.freeze")
}

// closeExpired closes a resource at the end of its retention, unless a renewal of it is paid and
// not yet applied (the order step applies it first).
func closeExpired(tx *gorm.DB, r *Resource, now time.Time) (sweepOutcome, error) {
	var n int64
	err := tx.Model(&OrderLine{}).Joins("JOIN orders ON orders.id = order_lines.order_id").
		Where("order_lines.resource_id = ? AND orders.status = ?", r.ID, OrderProcessing).Count(&n).Error
	if err != nil || n > 0 {
		return sweptNothing, err
	}
	return sweptMoved, closeResource(tx, sweepActor, r, now, "resource.close")
}

// setResourceStatus moves a main resource and its attached ones from the status it was read in.
func setResourceStatus(tx *gorm.DB, r *Resource, status int8, action string) error {
	err := tx.Model(&Resource{}).Where("(id = ? OR parent_id = ?) AND status = ?", r.ID, r.ID, r.Status).Update("status", status).Error
	if err != nil {
		return err
	}
	before := resourceAudit(r)
	r.Status = status
	return audit(tx, sweepActor, r.PartnerID, action, "resource", r.ID, before, resourceAudit(r))
}
