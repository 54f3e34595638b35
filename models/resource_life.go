package models

import (
	"context"
	"errors"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// The life of a yearly/monthly resource (issue 14, reference 4.8): it is renewed by a renewal
// order (RenewResources, order type 2) or automatically at expiry (SetAutoRenew, SweepResources),
// expires into a grace period, is frozen, then closed (resource_sweep.go), and may be unsubscribed
// with a refund of the cash it did not use (resource_refund.go).
//
// Every paid period of a main resource is a ResourceTerm carrying the cash that paid it: the
// expiry is the end of its last term, and a refund is computed from the terms alone. An attached
// resource (an ECS's system disk) has no terms: it is renewed, expires and closes with its main.

// Order types of the resources' life (the API's order_type).
const (
	OrderRenew       int8 = 2 // 续订
	OrderUnsubscribe int8 = 4 // 退订
)

// Expire policies (the API's expire_policy) PartnerHub applies.
const (
	ExpireGrace     int8 = 0 // expire into the grace period
	ExpireAutoRenew int8 = 3 // renew from the balance at expiry
)

// The times after expiry: an expired resource is frozen after the grace period, and a frozen one
// is closed (deleted) after the retention period.
const (
	GracePeriod     = 15 * 24 * time.Hour
	RetentionPeriod = 15 * 24 * time.Hour
)

// Limits of the resources' operations (reference 4.8).
const (
	MaxLifeResources  = 10 // main resources per renewal or unsubscribe
	MaxAutoRenewTimes = 99
)

// KindRefund is the ledger's transfer of an unsubscribe's refund: cloud revenue → customer, the
// mirror of KindOrderPayment.
const KindRefund TransferKind = "refund"

// Errors of the resources' life.
var (
	ErrNotMainResource   = newError("CBC.30010036", "err.not_main_resource", "an attached resource is renewed and unsubscribed with its main resource")
	ErrResourceClosed    = newError("CBC.99003013", "err.resource_closed", "the resource is closed or unsubscribed")
	ErrResourceOnDemand  = newError("CBC.99003014", "err.resource_on_demand", "the resource is charged on demand: it has no period to renew or unsubscribe")
	ErrResourceBusy      = newError("CBC.99003651", "err.resource_busy", "an order of the resource is pending or in progress")
	ErrNoRenewedPeriods  = newError("CBC.99003015", "err.no_renewed_periods", "the resource has no renewed period that has not begun")
	ErrLifeResources     = newError("CBC.0100", "err.life_resources", "give 1 to 10 resources")
	ErrUnsubscribeType   = newError("CBC.0100", "err.unsubscribe_type", "unsubscribe_type must be 1 (resource and renewals) or 2 (renewals only)")
	ErrUnsubscribeReason = newError("CBC.0100", "err.unsubscribe_reason_type", "unsubscribe_reason_type must be 1 to 5")
	ErrAutoRenewTimes    = newError("CBC.0100", "err.auto_renew_times", "auto_renew_times must be 0 (until cancelled) to 99")
)

// ResourceTerm is one paid period of a main resource: from StartAt to EndAt, paid by Cash (fen,
// the resource's share of its order's cash). An unsubscribe cuts it at CutAt and refunds Refunded
// of its cash (RefundID); a cut term ends at the earlier of CutAt and EndAt.
type ResourceTerm struct {
	ID         uint64    `gorm:"primaryKey"`
	ResourceID uint64    `gorm:"not null;index"`
	OrderID    uint64    `gorm:"not null;index"`
	LineID     uint64    `gorm:"not null"`
	StartAt    time.Time `gorm:"not null"`
	EndAt      time.Time `gorm:"not null"`
	Cash       int64     `gorm:"not null"`
	CutAt      *time.Time
	Refunded   int64     `gorm:"not null;default:0"`
	RefundID   *uint64   `gorm:"index"`
	CreatedAt  time.Time `gorm:"not null"`
}

// addPeriod is the end of a period of n months or years from start, as a new resource's expiry is.
func addPeriod(start time.Time, periodType, n int) time.Time {
	if periodType == PeriodYear {
		return start.AddDate(n, 0, 0)
	}
	return start.AddDate(0, n, 0)
}

// CheckPeriod refuses a renewal period outside the inquiry's: 1–11 months or 1–3 years. The API
// checks a request's period by it before anything is read.
func CheckPeriod(periodType, n int) error {
	switch {
	case periodType != PeriodMonth && periodType != PeriodYear:
		return &FieldError{Field: "period_type", Err: ErrPeriodType}
	case n < 1 || periodType == PeriodMonth && n > 11 || periodType == PeriodYear && n > 3:
		return &FieldError{Field: "period_num", Err: ErrPeriodNum}
	}
	return nil
}

// resourceByPublicID loads a resource the actor may act on by its public id: the customer its own, a
// partner its customers' and (master distributor) its resellers' customers', the operator any.
// Anyone else's is not found, as orderFor.
func resourceByPublicID(tx *gorm.DB, a Actor, publicID string) (*Resource, error) {
	return oneResource(tx, a, "public_id = ?", publicID)
}

// lifeResource loads a main yearly/monthly resource for an operation of its life; closed ones
// are refused, and so are those with an order pending or in progress (a renewal not yet paid or
// applied): what it would change is not settled yet.
func lifeResource(tx *gorm.DB, a Actor, publicID string) (*Resource, error) {
	r, err := resourceByPublicID(tx, a, publicID)
	if err != nil {
		return nil, err
	}
	if err := hasLife(r); err != nil {
		return nil, err
	}
	busy, err := openOrders(tx, r.ID)
	if err != nil {
		return nil, err
	}
	if busy {
		return nil, ErrResourceBusy
	}
	return r, nil
}

// hasLife refuses, by the resource alone, what can be neither renewed nor unsubscribed: an
// attached resource (it goes with its main), an on-demand one, a closed one.
func hasLife(r *Resource) error {
	switch {
	case r.ParentID != nil:
		return ErrNotMainResource
	case r.ChargeMode != ChargePeriod || r.ExpireAt == nil:
		return ErrResourceOnDemand
	case r.Status == ResourceClosed:
		return ErrResourceClosed
	}
	return nil
}

// MayRenewOrUnsubscribe tells whether the resource's page offers the actor renewing and
// unsubscribing it (and setting its auto-renewal): an actor who may act on resources, and a
// resource RenewResources and Unsubscribe do not refuse by itself. An order open on it is the
// page's to say (OpenOrderOf).
func (a Actor) MayRenewOrUnsubscribe(r *Resource) bool {
	return a.MayActOnOrders() && hasLife(r) == nil
}

// openOrders tells whether an order of the resource waits for review or payment, or is paid and
// not yet applied.
func openOrders(tx *gorm.DB, resourceID uint64) (bool, error) {
	var n int64
	err := tx.Model(&OrderLine{}).Joins("JOIN orders ON orders.id = order_lines.order_id").
		Where("order_lines.resource_id = ? AND orders.status IN ?", resourceID, openOrderStatuses).
		Limit(1).Count(&n).Error
	return n > 0, err
}

// openOrderStatuses are an order's statuses while it is not settled: it makes its resource wait.
var openOrderStatuses = []int8{OrderPendingReview, OrderPendingPayment, OrderProcessing}

// OpenOrderOf is the order that makes a resource the actor may see wait before it is renewed or
// unsubscribed (openOrders: pending review or payment, or paid and not yet applied), or nil; the
// page says so instead of offering what would be refused.
func OpenOrderOf(ctx context.Context, db *gorm.DB, a Actor, resourceID uint64) (*Order, error) {
	r, err := resourceFor(ctx, db, a, resourceID)
	if err != nil {
		return nil, err
	}
	var os []Order
	err = db.WithContext(ctx).Joins("JOIN order_lines ON order_lines.order_id = orders.id").
		Where("order_lines.resource_id = ? AND orders.status IN ?", r.ID, openOrderStatuses).Order("orders.id").Limit(1).Find(&os).Error
	if err != nil || len(os) == 0 {
		return nil, err
	}
	return &os[0], nil
}

// onBehalf is the authorization under which the actor acts on the customer's resources: none for
// the customer itself, a live authorization for its partner's sales member or admin (as for
// ordering); anyone else may not.
func onBehalf(tx *gorm.DB, a Actor, customerID uint64, now time.Time) (uint64, error) {
	switch {
	case a.Kind == CustomerUser:
		return 0, nil
	case !a.mayOrderOnBehalf():
		return 0, ErrForbidden
	}
	c, err := orderableCustomer(tx, a, customerID)
	if err != nil {
		return 0, err
	}
	z, err := liveAuthorization(tx, a.PartnerID, c, now)
	if err != nil {
		return 0, err
	}
	return z.ID, nil
}

// mayActOnResources refuses, before any read, an actor who can never renew or unsubscribe.
func mayActOnResources(a Actor) error {
	if a.MayActOnOrders() {
		return nil
	}
	return ErrForbidden
}

// ResourceFailure is one resource of a batch that was refused, and why.
type ResourceFailure struct {
	ResourceID string
	Err        error
}

// LifeResult is what a batch of renewals or unsubscribes made: one order per resource done, and
// the resources refused.
type LifeResult struct {
	Orders   []*Order
	Failures []ResourceFailure
}

// perResource runs do for each resource id, each on its own (the API answers per resource:
// order_ids and fail_resource_infos). When none succeeds, the first refusal is also the error, so
// that a caller of one resource gets it as it would from any use case.
func perResource(ids []string, do func(id string) (*Order, error)) (*LifeResult, error) {
	if len(ids) == 0 || len(ids) > MaxLifeResources {
		return nil, &FieldError{Field: "resource_ids", Err: ErrLifeResources}
	}
	res := &LifeResult{}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		o, err := do(id)
		if err != nil {
			var domain *Error
			if !errors.As(err, &domain) && !errors.Is(err, ErrNotFound) {
				return res, err // not a refusal: the database failed
			}
			res.Failures = append(res.Failures, ResourceFailure{ResourceID: id, Err: err})
			continue
		}
		res.Orders = append(res.Orders, o)
	}
	if len(res.Orders) == 0 {
		return res, res.Failures[0].Err
	}
	return res, nil
}

// cashShares splits total fen over weights in proportion, rounding down, and gives what rounding
// left to the last share: the shares always add up to the total, so the terms of an order hold
// exactly the cash it was paid and no refund can return more.
func cashShares(total int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	sum := int64(0)
	for _, w := range weights {
		sum += w
	}
	if len(weights) == 0 {
		return out
	}
	left := total
	for i, w := range weights {
		if sum > 0 {
			out[i] = decimal.NewFromInt(total).Mul(decimal.NewFromInt(w)).Div(decimal.NewFromInt(sum)).Floor().IntPart()
		}
		left -= out[i]
	}
	out[len(out)-1] += left
	return out
}

// lineCash is each line's share of the order's cash: what its bill line says it paid (the split
// of postFeeRecords, which puts coupons and discounts on the services they applied to), so that a
// resource's paid periods, and so its refund, agree with its bill. An order paid before bills were
// written is shared by its lines' official prices.
func lineCash(tx *gorm.DB, o *Order, lines []OrderLine) ([]int64, error) {
	var billed []FeeRecord
	if err := tx.Select("line_id, cash").Where("order_id = ?", o.ID).Find(&billed).Error; err != nil {
		return nil, err
	}
	byLine := make(map[uint64]int64, len(billed))
	for _, f := range billed {
		if f.LineID != nil {
			byLine[*f.LineID] = f.Cash
		}
	}
	out, w := make([]int64, len(lines)), make([]int64, len(lines))
	for i, l := range lines {
		c, ok := byLine[l.ID]
		if !ok {
			out = nil
		} else if out != nil {
			out[i] = c
		}
		w[i] = l.Official
	}
	if out == nil {
		return cashShares(o.Cash, w), nil
	}
	return out, nil
}

// addTerm records a paid period of a main resource.
func addTerm(tx *gorm.DB, r *Resource, o *Order, l *OrderLine, start, end time.Time, cash int64, now time.Time) error {
	t := ResourceTerm{ResourceID: r.ID, OrderID: o.ID, LineID: l.ID, StartAt: start.UTC(), EndAt: end.UTC(), Cash: cash, CreatedAt: now.UTC()}
	return tx.Create(&t).Error
}

// resourceAudit is what the audit log keeps of a resource's life.
func resourceAudit(r *Resource) map[string]any {
	out := map[string]any{"resource_id": r.PublicID, "customer_id": r.CustomerID, "status": r.Status, "expire_policy": r.ExpirePolicy}
	if r.ExpireAt != nil {
		out["expire_at"] = r.ExpireAt.UTC().Format(time.RFC3339)
	}
	if r.ExpirePolicy == ExpireAutoRenew {
		out["auto_renew_period"], out["auto_renew_times"], out["auto_renew_count"] = r.AutoRenewPeriod, r.AutoRenewTimes, r.AutoRenewCount
	}
	return out
}
