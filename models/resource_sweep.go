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
// any other, or one whose balance falls short, expires (status 5, the grace period), and one that
// renews itself is tried again each day of its grace period (retryAutoRenewals); GracePeriod
// after its expiry it is frozen (4); RetentionPeriod later it is closed (3: deleted). Attached
// resources follow their main one. Every step is audited, one record per main resource.

// The sizes of the sweep's transactions. A plain step is a few statements for a whole chunk (the
// resources, their attached ones, their audit records), so 250 resources hold the write lock for
// a few milliseconds; an auto-renewal is a whole order and payment, so those go 8 at a time,
// priced before their transaction.
// Other writes wait for one chunk at most, never for the sweep.
// Bigger chunks commit less often (each commit is an fsync): 500 moves hold the lock ~20 ms.
const (
	sweepChunk   = 500
	renewalChunk = 8
)

// ResourceSweep counts what a sweep did.
type ResourceSweep struct {
	Renewed, Expired, Frozen, Closed int
}

// sweepStep is one step of the sweep: the resources it takes (in status, at least after past
// their expiry), the status it moves them to and the columns it sets with it, whether it renews
// those that renew themselves first, and what may hold a resource back.
type sweepStep struct {
	from, to int8
	after    time.Duration
	action   string
	renew    bool
	set      func(now time.Time) map[string]any
	held     func(tx *gorm.DB, ids []uint64) (map[uint64]bool, error)
}

// sweepSteps are the three steps, in the order a resource takes them.
var sweepSteps = []sweepStep{
	{from: ResourceInUse, to: ResourceExpired, action: "resource.expire", renew: true},
	{from: ResourceExpired, to: ResourceFrozen, after: GracePeriod, action: "resource.freeze",
		set: func(time.Time) map[string]any { return map[string]any{"auto_renew_at": nil} }}, // no more deductions
	{from: ResourceFrozen, to: ResourceClosed, after: GracePeriod + RetentionPeriod, action: "resource.close", held: renewalsInProgress,
		set: func(now time.Time) map[string]any {
			m := autoRenewOff()
			m["closed_at"] = now.UTC()
			return m
		}},
}

// SweepResources runs each step for up to limit resources due at now and says what it did.
// Every change is made to what the transaction read, under its lock, so several servers may
// sweep at once: a resource renewed or swept meanwhile is left alone.
func SweepResources(ctx context.Context, db *gorm.DB, now time.Time, limit int) (ResourceSweep, error) {
	var out ResourceSweep
	moved := []*int{&out.Expired, &out.Frozen, &out.Closed}
	for i, s := range sweepSteps {
		renewed, n, err := runSweepStep(ctx, db, s, now, limit)
		out.Renewed += renewed
		*moved[i] += n
		if err != nil {
			return out, err
		}
		if i == 0 { // the expired ones' deductions, before the grace periods that end now
			renewed, err := retryAutoRenewals(ctx, db, now, limit)
			out.Renewed += renewed
			if err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// runSweepStep finds the main resources due for the step (one range of ix_res_expiry) and moves
// them a chunk per transaction; those that renew themselves are set aside and renewed after, in
// smaller transactions.
func runSweepStep(ctx context.Context, db *gorm.DB, s sweepStep, now time.Time, limit int) (renewed, moved int, err error) {
	var ids []uint64
	err = db.WithContext(ctx).Model(&Resource{}).Where("status = ? AND expire_at <= ? AND parent_id IS NULL", s.from, now.Add(-s.after).UTC()).
		Order("expire_at").Limit(limit).Pluck("id", &ids).Error
	var renewing []uint64
	for len(ids) > 0 && err == nil {
		chunk := ids[:min(sweepChunk, len(ids))]
		ids = ids[len(chunk):]
		var m int
		var set []uint64 // set by the work, which the committer may run more than once
		err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			var err error
			m, set, err = moveChunk(tx, s, chunk, now)
			return err
		})
		moved, renewing = moved+m, append(renewing, set...)
	}
	for len(renewing) > 0 && err == nil {
		chunk := renewing[:min(renewalChunk, len(renewing))]
		renewing = renewing[len(chunk):]
		quotes, qerr := renewalQuotes(ctx, db, chunk, now)
		if qerr != nil {
			return renewed, moved, qerr
		}
		var r, m int
		err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			var err error
			r, m, err = renewChunk(tx, s, chunk, quotes, now)
			return err
		})
		renewed, moved = renewed+r, moved+m
	}
	return renewed, moved, err
}

// sweptColumns are what a plain step reads of a resource: what it decides on and audits.
const sweptColumns = "id, public_id, partner_id, customer_id, status, expire_policy, expire_at, auto_renew_period, auto_renew_times, auto_renew_count"

// dueResources locks and reads the resources of ids (columns of them: "" for all) and keeps those
// still due for the step.
func dueResources(tx *gorm.DB, s sweepStep, ids []uint64, columns string, now time.Time) ([]Resource, error) {
	if err := store.LockRows(tx, "resources", "id IN ?", ids); err != nil {
		return nil, err
	}
	q := tx.Where("id IN ?", ids)
	if columns != "" {
		q = q.Select(columns)
	}
	var rs []Resource
	if err := q.Find(&rs).Error; err != nil {
		return nil, err
	}
	held := map[uint64]bool{}
	if s.held != nil {
		var err error
		if held, err = s.held(tx, ids); err != nil {
			return nil, err
		}
	}
	out := rs[:0]
	for _, r := range rs {
		if r.Status == s.from && r.ExpireAt != nil && !r.ExpireAt.Add(s.after).After(now) && !held[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}

// moveChunk moves the chunk's resources still due, except those that renew themselves, which it
// returns to be renewed.
func moveChunk(tx *gorm.DB, s sweepStep, ids []uint64, now time.Time) (int, []uint64, error) {
	rs, err := dueResources(tx, s, ids, sweptColumns, now)
	if err != nil {
		return 0, nil, err
	}
	var renewing []uint64
	move := rs[:0]
	for _, r := range rs {
		if s.renew && renews(&r) {
			renewing = append(renewing, r.ID)
		} else {
			move = append(move, r)
		}
	}
	return len(move), renewing, moveResources(tx, s, move, now)
}

// renewChunk renews each resource still due from its customer's balance, in a savepoint so that
// a renewal refused (the balance short, the product no longer sold) leaves nothing; those refused,
// and those with a renewal of their own waiting for payment, take the step instead, and are
// tried again at the next day's deduction.
func renewChunk(tx *gorm.DB, s sweepStep, ids []uint64, quotes map[uint64]renewalQuote, now time.Time) (renewed, moved int, err error) {
	rs, err := dueResources(tx, s, ids, "", now) // a renewal is an order of the whole resource
	if err != nil {
		return 0, 0, err
	}
	var move []Resource
	for i := range rs {
		ok, err := tryAutoRenew(tx, &rs[i], quotes[rs[i].ID], now)
		if err != nil {
			return 0, 0, err
		}
		if ok {
			renewed++
		} else {
			move = append(move, rs[i])
		}
	}
	if err := moveResources(tx, s, move, now); err != nil {
		return 0, 0, err
	}
	return renewed, len(move), nextDeduction(tx, move, now)
}

// tryAutoRenew renews the resource unless a renewal of it already waits (the customer's own
// choice: it expires meanwhile) or the renewal is refused.
func tryAutoRenew(tx *gorm.DB, r *Resource, p renewalQuote, now time.Time) (bool, error) {
	if p.q == nil || p.period != r.AutoRenewPeriod { // no price, or one for a period changed since
		return false, nil
	}
	busy, err := openOrders(tx, r.ID)
	if err != nil || busy {
		return false, err
	}
	if covered, err := balanceCovers(tx, r, p.q); err != nil || !covered {
		return false, err
	}
	err = tx.Transaction(func(sp *gorm.DB) error { return autoRenew(sp, r, p.q, now) })
	var refused *Error
	if err != nil && errors.As(err, &refused) {
		return false, nil
	}
	return err == nil, err
}

// balanceCovers tells whether the customer's balance pays a renewal's cash (its official price
// less the best discount, as payNow pays it). A renewal sure to be refused is not attempted: at a
// million expiries, each customer short of money would otherwise cost an order written and rolled
// back.
func balanceCovers(tx *gorm.DB, r *Resource, q *Quote) (bool, error) {
	d, err := bestDue(q, r.ServiceType)
	if err != nil {
		return false, err
	}
	balance, err := CustomerBalance(tx.Statement.Context, tx, r.CustomerID)
	return balance.GreaterThanOrEqual(Fen(d.cash()).Decimal), err
}

// renewalQuotes prices the renewals of the resources before their transaction (a read, from the
// cached catalog): a resource whose renewal cannot be priced has none, and expires.
func renewalQuotes(ctx context.Context, db *gorm.DB, ids []uint64, now time.Time) (map[uint64]renewalQuote, error) {
	var rs []Resource
	if err := db.WithContext(ctx).Where("id IN ?", ids).Find(&rs).Error; err != nil {
		return nil, err
	}
	out := make(map[uint64]renewalQuote, len(rs))
	for i := range rs {
		q, err := renewalPrice(ctx, db, &rs[i], int(rs[i].AutoRenewPeriod), 1, now)
		var refused *Error
		if err != nil && !errors.As(err, &refused) {
			return nil, err
		}
		if err == nil {
			out[rs[i].ID] = renewalQuote{period: rs[i].AutoRenewPeriod, q: q}
		}
	}
	return out, nil
}

// renewalQuote is the price of a resource's auto-renewal and the period it is for.
type renewalQuote struct {
	period int8
	q      *Quote
}

// renews tells whether the resource renews itself at this expiry.
func renews(r *Resource) bool {
	return r.ExpirePolicy == ExpireAutoRenew && (r.AutoRenewTimes == 0 || r.AutoRenewCount < r.AutoRenewTimes)
}

// autoRenew renews the resource for one period of its auto-renewal at today's price: a renewal
// order, paid from the balance with the customer's best discount, and applied at once.
func autoRenew(tx *gorm.DB, r *Resource, q *Quote, now time.Time) error {
	period := int(r.AutoRenewPeriod)
	o, l, err := insertRenewal(tx, sweepActor, r, 0, q, period, 1, now)
	if err != nil {
		return err
	}
	if o, err = payNow(tx, sweepActor, o, l, q, BillAutoRenew, now); err != nil {
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

// renewalsInProgress are the resources of ids with a renewal paid and not yet applied: they are
// not closed until the order step has applied it.
func renewalsInProgress(tx *gorm.DB, ids []uint64) (map[uint64]bool, error) {
	var held []uint64
	err := tx.Model(&OrderLine{}).Joins("JOIN orders ON orders.id = order_lines.order_id").
		Where("order_lines.resource_id IN ? AND orders.status = ?", ids, OrderProcessing).Pluck("order_lines.resource_id", &held).Error
	out := make(map[uint64]bool, len(held))
	for _, id := range held {
		out[id] = true
	}
	return out, err
}

// moveResources moves main resources (read and locked in this transaction) and their attached
// ones to the step's status, by key (a status beside the ids would let the planner read every
// resource of the status through ix_res_expiry), and writes an audit record for each.
func moveResources(tx *gorm.DB, s sweepStep, rs []Resource, now time.Time) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]uint64, len(rs))
	for i := range rs {
		ids[i] = rs[i].ID
	}
	updates := map[string]any{}
	if s.set != nil {
		updates = s.set(now)
	}
	updates["status"] = s.to
	if err := tx.Model(&Resource{}).Where("id IN ?", ids).Updates(updates).Error; err != nil {
		return err
	}
	if err := tx.Model(&Resource{}).Where("parent_id IN ?", ids).Updates(updates).Error; err != nil {
		return err
	}
	records := make([]AuditRecord, len(rs))
	for i := range rs {
		before := resourceAudit(&rs[i])
		rs[i].Status = s.to
		if _, off := updates["expire_policy"]; off {
			rs[i].ExpirePolicy = ExpireGrace
		}
		records[i] = auditRecord(sweepActor, rs[i].PartnerID, s.action, "resource", rs[i].ID, before, resourceAudit(&rs[i]))
	}
	return insertAuditRecords(tx, records)
}

// updateFamily updates a main resource and then its attached ones: two statements by key, not
// one with OR, which the planner may answer through ix_res_expiry by reading every resource of a
// status.
func updateFamily(tx *gorm.DB, r *Resource, updates map[string]any) error {
	if err := tx.Model(&Resource{}).Where("id = ?", r.ID).Updates(updates).Error; err != nil {
		return err
	}
	return tx.Model(&Resource{}).Where("parent_id = ?", r.ID).Updates(updates).Error
}
