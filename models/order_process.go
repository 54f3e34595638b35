package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// orderFor loads an order the actor may act on: the customer its own, a partner its own orders
// and (master distributor) its resellers', the operator any. Anyone else's is not found.
func orderFor(tx *gorm.DB, a Actor, orderID uint64) (*Order, error) {
	q := tx.Where("id = ?", orderID)
	switch {
	case a.Kind == OperatorUser:
	case a.Kind == CustomerUser && a.CustomerID != 0:
		q = q.Where("customer_id = ?", a.CustomerID)
	case a.Kind == PartnerUser && a.PartnerID != 0:
		q = q.Where("partner_id = ? OR top_partner_id = ?", a.PartnerID, a.PartnerID)
	default:
		return nil, ErrNotFound
	}
	var o Order
	if err := q.First(&o).Error; err != nil {
		return nil, notFound(err)
	}
	return &o, nil
}

// GetOrder loads one order the actor may see, with its lines.
func GetOrder(ctx context.Context, db *gorm.DB, a Actor, orderID uint64) (*Order, []OrderLine, error) {
	o, err := orderFor(db.WithContext(ctx), a, orderID)
	if err != nil {
		return nil, nil, err
	}
	var lines []OrderLine
	err = db.WithContext(ctx).Where("order_id = ?", o.ID).Order("line_no").Find(&lines).Error
	return o, lines, err
}

// CancelOrder (CancelCustomerOrder) cancels an order pending payment or review, by its customer,
// its partner's sales member or admin, or the operator, and releases any coupon it held. It runs
// in the money committer's line, like a payment: of a payment and a cancel racing, one wins and
// the other is told the order changed.
func CancelOrder(ctx context.Context, db *gorm.DB, a Actor, orderID uint64, now time.Time) (*Order, error) {
	if a.Kind == PartnerUser && !a.mayOrderOnBehalf() {
		return nil, ErrForbidden
	}
	var o *Order
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		var err error
		if o, err = orderFor(tx, a, orderID); err != nil {
			return err
		}
		return cancelOrder(tx, a, o, "order.cancel", now)
	})
	return o, err
}

func cancelOrder(tx *gorm.DB, a Actor, o *Order, action string, now time.Time) error {
	if err := cancellable(o); err != nil {
		return err
	}
	err := tx.Model(&Coupon{}).Where("customer_id = ? AND lock_order_id = ?", o.CustomerID, o.OrderID()).
		Update("lock_order_id", "").Error
	if err != nil {
		return err
	}
	return moveOrder(tx, a, o, o.Status, map[string]any{"status": OrderCancelled, "cancelled_at": now.UTC()}, action)
}

// cancellable refuses cancelling an order that is neither pending payment nor pending review.
func cancellable(o *Order) error {
	if o.Status != OrderPendingPayment && o.Status != OrderPendingReview {
		return ErrOrderState
	}
	return nil
}

// OrderToCancel is an order the actor may cancel now (CancelOrder's rules: who, and the order's
// state), for the confirmation of the cancel.
func OrderToCancel(ctx context.Context, db *gorm.DB, a Actor, orderID uint64) (*Order, error) {
	if a.Kind == PartnerUser && !a.mayOrderOnBehalf() {
		return nil, ErrForbidden
	}
	o, err := orderFor(db.WithContext(ctx), a, orderID)
	if err != nil {
		return nil, err
	}
	return o, cancellable(o)
}

// sweepActor is who the background steps act as in the audit log.
var sweepActor = Actor{Kind: OperatorUser, RequestID: "sweep"}

// SweepOrders cancels up to limit orders whose payment deadline has passed and returns how many.
func SweepOrders(ctx context.Context, db *gorm.DB, now time.Time, limit int) (int, error) {
	var ids []uint64
	err := db.WithContext(ctx).Model(&Order{}).Where("status = ? AND pending_payment_end_time <= ?", OrderPendingPayment, now.UTC()).
		Order("pending_payment_end_time").Limit(limit).Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		cancelled := false // set by the work, which the committer may run more than once
		err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			cancelled = false
			if err := store.LockRows(tx, "orders", "id = ?", id); err != nil { // another server's sweep
				return err
			}
			var o Order
			if err := tx.First(&o, id).Error; err != nil {
				return err
			}
			if o.Status != OrderPendingPayment || o.PendingPaymentEndTime.After(now) {
				return nil // paid or cancelled meanwhile
			}
			cancelled = true
			return cancelOrder(tx, sweepActor, &o, "order.expire", now)
		})
		if err != nil {
			return n, err
		}
		if cancelled {
			n++
		}
	}
	return n, nil
}

// ProcessPaidOrders is the background step after payment: for up to limit orders in processing it
// creates their resources and completes them, one order per transaction. It returns how many.
func ProcessPaidOrders(ctx context.Context, db *gorm.DB, now time.Time, limit int) (int, error) {
	var ids []uint64
	err := db.WithContext(ctx).Model(&Order{}).Where("status = ?", OrderProcessing).Order("id").Limit(limit).Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := store.LockRows(tx, "orders", "id = ?", id); err != nil {
				return err
			}
			var o Order
			if err := tx.First(&o, id).Error; err != nil {
				return err
			}
			if o.Status != OrderProcessing {
				return nil // another worker completed it
			}
			return completeOrder(tx, &o, now)
		})
		if err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

// completeOrder applies a paid order: a new order creates its resources, a renewal moves their
// expiry (extendResources); then it is complete.
func completeOrder(tx *gorm.DB, o *Order, now time.Time) error {
	var lines []OrderLine
	if err := tx.Where("order_id = ?", o.ID).Order("line_no").Find(&lines).Error; err != nil {
		return err
	}
	apply := createResources
	if o.Type == OrderRenew {
		apply = extendResources
	}
	if err := apply(tx, o, lines, now); err != nil {
		return err
	}
	return moveOrder(tx, sweepActor, o, OrderProcessing, map[string]any{"status": OrderCompleted, "completed_at": now.UTC()}, "order.complete")
}

// systemDisk is what an ECS comes with: a resource attached to it, bought and expiring with it.
const (
	systemDiskType = "hws.resource.type.volume"
	systemDiskSpec = "SAS"
	systemDiskSize = 40
)

// createResources creates each line's resources, quantity of them: the main one and, for an ECS,
// its system disk. A yearly/monthly resource expires after its period, its first term paid by its
// share of the order's cash; an on-demand one has no expiry. Ids follow from the order and line,
// so a resource is never created twice (unique).
func createResources(tx *gorm.DB, o *Order, lines []OrderLine, now time.Time) error {
	now = now.UTC()
	cash, err := lineCash(tx, o, lines)
	if err != nil {
		return err
	}
	for i := range lines {
		l := &lines[i]
		each := cashShares(cash[i], ones(l.Quantity))
		for k := 1; k <= l.Quantity; k++ {
			r, disk := newLineResource(o, l, k, now)
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
			if r.ExpireAt != nil {
				if err := addTerm(tx, &r, o, l, now, *r.ExpireAt, each[k-1], now); err != nil {
					return err
				}
			}
			if disk == nil {
				continue
			}
			disk.ParentID = &r.ID
			if err := tx.Create(disk).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// newLineResource is the k-th resource an order's line creates at now, in use, and for an ECS its
// system disk (whose ParentID is the main resource's id, once it has one).
func newLineResource(o *Order, l *OrderLine, k int, now time.Time) (Resource, *Resource) {
	var expire *time.Time
	if o.ChargeMode == ChargePeriod {
		e := addPeriod(now, l.PeriodType, l.PeriodNum)
		expire = &e
	}
	r := Resource{PublicID: resourcePublicID(o.ID, l.LineNo, k), OrderID: o.ID, LineID: l.ID,
		PartnerID: o.PartnerID, CustomerID: o.CustomerID, ServiceType: l.ServiceType, ResourceType: l.ResourceType,
		Spec: l.Spec, Region: l.Region, Zone: l.Zone, Size: l.Size, ChargeMode: o.ChargeMode, Status: ResourceInUse,
		EffectiveAt: now, ExpireAt: expire, CreatedAt: now}
	if l.ResourceType != "hws.resource.type.vm" {
		return r, nil
	}
	disk := r
	disk.PublicID = r.PublicID + "-sys"
	disk.ServiceType, disk.ResourceType, disk.Spec, disk.Size = "hws.service.type.ebs", systemDiskType, systemDiskSpec, systemDiskSize
	return r, &disk
}

// resourcePublicID is the public id of the k-th resource an order's line creates: it follows from
// them, so that a bill line written at payment names the resource created after it.
func resourcePublicID(orderID uint64, lineNo, k int) string {
	return fmt.Sprintf("r%010d-%03d-%03d", orderID, lineNo, k)
}

// ones is n weights of one: equal shares.
func ones(n int) []int64 {
	w := make([]int64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// OrderResources lists the resources an order created, main ones first.
func OrderResources(ctx context.Context, db *gorm.DB, a Actor, orderID uint64) ([]Resource, error) {
	o, err := orderFor(db.WithContext(ctx), a, orderID)
	if err != nil {
		return nil, err
	}
	var rs []Resource
	return rs, db.WithContext(ctx).Where("order_id = ?", o.ID).Order("id").Find(&rs).Error
}

// pendingOrders lists the order numbers of a customer's orders pending payment or review.
func pendingOrders(tx *gorm.DB, customerID uint64) ([]string, error) {
	var os []Order
	err := tx.Select("id, created_at").Where("customer_id = ? AND status IN ?", customerID, []int8{OrderPendingPayment, OrderPendingReview}).
		Order("id").Limit(100).Find(&os).Error
	out := make([]string, len(os))
	for i := range os {
		out[i] = os[i].OrderID()
	}
	return out, err
}

// refusePendingOrders refuses an unbinding while the customer has orders pending payment or
// review: they would be paid from, or reviewed for, an association that no longer exists.
func refusePendingOrders(tx *gorm.DB, customerID uint64) error {
	if !tx.Migrator().HasTable(&Order{}) { // a database of version 1 (the adoption test's) has no orders
		return nil
	}
	ids, err := pendingOrders(tx, customerID)
	if err != nil || len(ids) == 0 {
		return err
	}
	return &PendingOrdersError{Orders: ids}
}
