package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Lists of orders (ListCustomerOrders, the console's /orders and the portal's), and what a pending
// order may be paid with (ListOrderCouponsByOrderId, ListOrderDiscounts).

// OrderFilter selects orders. Zero fields do not filter.
type OrderFilter struct {
	OrderID     uint64
	Status      int8
	Type        int8
	CustomerID  uint64
	CustomerIDs []uint64 // any of these customers (the customers a name search found); nil: any
	ResellerID  uint64   // a master distributor: one of its resellers' orders (indirect_partner_id)
	ServiceType string
	Created     TimeRange
	Paid        TimeRange
	Oldest      bool // oldest first (the API's order_by createTime); newest first otherwise
	Offset      int
	Limit       int // 1–100; 0 is 10
}

// OrderList is one page of orders, with their customers. The total is counted up to CountCap.
type OrderList struct {
	Rows   []OrderRow
	Total  int64
	Capped bool
}

// OrderRow is an order with its customer's names and account id.
type OrderRow struct {
	Order
	CustomerName string // the account name
	RealName     string
	DomainID     string // the customer's account id (the API's customer_id)
}

// ListOrders lists the orders the actor may see: a customer its own; a partner the orders it
// placed (a master distributor, with ResellerID, one of its resellers'); the operator all of them
// (the review desk filters by status). Another partner's customer or reseller in the filter finds
// nothing rather than an error: the filter is a condition, not a lookup.
func ListOrders(ctx context.Context, db *gorm.DB, a Actor, f OrderFilter) (*OrderList, error) {
	q, err := tradeScope(ctx, db, a, &Order{}, f.ResellerID)
	if err != nil {
		return nil, err
	}
	order := "created_at DESC, id DESC"
	switch {
	case f.Paid != (TimeRange{}) && f.Created == (TimeRange{}):
		// orders paid in a window come by payment time (ix_order_ppaid): in created order a page
		// would sort every payment of the window, or walk the partner's orders created since
		order = "paid_at DESC, id DESC"
		if f.Oldest {
			order = "paid_at, id"
		}
	case f.Oldest:
		order = "created_at, id"
	}
	rows, out := []Order{}, &OrderList{}
	if out.Total, out.Capped, err = findPage(f.apply(q), order, f.Offset, f.Limit, &rows); err != nil {
		return nil, err
	}
	out.Rows, err = withOrderCustomers(ctx, db, rows)
	return out, err
}

// tradeScope is the orders or resources (model) an actor may see: a customer its own, a partner
// those of the orders it placed (a master distributor, with resellerID, one of its resellers'),
// the operator all of them.
func tradeScope(ctx context.Context, db *gorm.DB, a Actor, model any, resellerID uint64) (*gorm.DB, error) {
	q := db.WithContext(ctx).Model(model)
	switch {
	case a.Kind == OperatorUser:
		return q, nil
	case a.Kind == CustomerUser && a.CustomerID != 0:
		return q.Where("customer_id = ?", a.CustomerID), nil
	case a.Kind != PartnerUser || a.PartnerID == 0:
		return nil, ErrForbidden
	case resellerID == 0 || resellerID == a.PartnerID:
		return q.Where("partner_id = ?", a.PartnerID), nil
	}
	if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
		return nil, ErrNotYourReseller
	}
	return q.Where("partner_id = ?", resellerID), nil
}

// findPage counts q's rows (up to CountCap) and loads one page of them in order into rows: from
// offset (up to MaxOffset), limit rows (1–100; 0 is 10).
func findPage(q *gorm.DB, order string, offset, limit int, rows any) (total int64, capped bool, err error) {
	if total, capped, err = cappedCount(q); err != nil {
		return 0, false, err
	}
	if limit <= 0 {
		limit = 10
	}
	err = q.Order(order).Offset(min(max(offset, 0), MaxOffset)).Limit(min(limit, 100)).Find(rows).Error
	return total, capped, err
}

func (f OrderFilter) apply(q *gorm.DB) *gorm.DB {
	if f.OrderID != 0 {
		q = q.Where("id = ?", f.OrderID)
	}
	if f.Status != 0 {
		q = q.Where("status = ?", f.Status)
	}
	if f.Type != 0 {
		q = q.Where("type = ?", f.Type)
	}
	if f.CustomerID != 0 {
		q = q.Where("customer_id = ?", f.CustomerID)
	}
	if f.CustomerIDs != nil {
		q = q.Where("customer_id IN ?", append(slices.Clip(f.CustomerIDs), 0)) // none found: nothing matches
	}
	if f.ServiceType != "" {
		q = q.Where("service_type = ?", f.ServiceType)
	}
	q = f.Created.apply(q, "created_at")
	return f.Paid.apply(q, "paid_at")
}

// withOrderCustomers adds each order's customer names, in one query for the page.
func withOrderCustomers(ctx context.Context, db *gorm.DB, orders []Order) ([]OrderRow, error) {
	names, err := customerRows(ctx, db, orders, func(o Order) uint64 { return o.CustomerID })
	if err != nil {
		return nil, err
	}
	rows := make([]OrderRow, len(orders))
	for i, o := range orders {
		c := names[o.CustomerID]
		rows[i] = OrderRow{Order: o, CustomerName: c.AccountName, RealName: c.RealName, DomainID: c.DomainID}
	}
	return rows, nil
}

// OrderWithCustomer is an order the actor was given (GetOrder, PreviewPayment) with its
// customer's names: one read of the customer, not a list.
func OrderWithCustomer(ctx context.Context, db *gorm.DB, o *Order) (*OrderRow, error) {
	rows, err := withOrderCustomers(ctx, db, []Order{*o})
	if err != nil {
		return nil, err
	}
	return &rows[0], nil
}

// OrderCoupon choices: at most this many are offered for one order.
const maxCouponChoices = 100

// OrderCouponChoices lists the coupons a pending order may be paid with: its customer's (whichever
// partner issued them), usable now, with a balance, not held by another order, and in scope of
// at least one of the order's service types. Soonest to expire first.
func OrderCouponChoices(ctx context.Context, db *gorm.DB, a Actor, orderID uint64, now time.Time) ([]Coupon, error) {
	o, lines, err := GetOrder(ctx, db, a, orderID)
	if err != nil {
		return nil, err
	}
	if o.Status != OrderPendingPayment {
		return nil, nil
	}
	services := make([]string, len(lines))
	for i, l := range lines {
		services[i] = l.ServiceType
	}
	return payableCoupons(db.WithContext(ctx), o.CustomerID, o.OrderID(), services, now)
}

// payableCoupons are the customer's coupons an order of the service types may be paid with now:
// usable, with a balance, not held by another order than lockOrderID ("" for an order not made
// yet), and in scope of at least one of the service types. Soonest to expire first.
func payableCoupons(tx *gorm.DB, customerID uint64, lockOrderID string, services []string, now time.Time) ([]Coupon, error) {
	var cs []Coupon
	err := tx.Where("customer_id = ? AND status IN ? AND balance > 0 AND effective_at <= ? AND expire_at > ?",
		customerID, liveStatuses, now.UTC(), now.UTC()).Where("lock_order_id IN ?", []string{"", lockOrderID}).
		Order("expire_at, id").Limit(maxCouponChoices).Find(&cs).Error
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cs, func(c Coupon) bool { return !couponCovers(&c, services) }), nil
}

// couponCovers tells whether a coupon's scope includes one of the service types.
func couponCovers(c *Coupon, services []string) bool {
	scope := c.ServiceTypeList()
	if len(scope) == 0 {
		return true
	}
	return slices.ContainsFunc(services, func(s string) bool { return slices.Contains(scope, s) })
}

// OrderDiscountChoice is a discount a pending order may be paid with: the offer the pricing
// function makes with it, priced at the order's price time.
type OrderDiscountChoice struct {
	DiscountID uint64
	Offer      Offer
}

// OrderDiscountChoices lists the discounts a pending order may use (one of them per payment):
// each of the customer's offers that takes something off this order.
func OrderDiscountChoices(ctx context.Context, db *gorm.DB, a Actor, orderID uint64) ([]OrderDiscountChoice, error) {
	o, _, err := GetOrder(ctx, db, a, orderID)
	if err != nil {
		return nil, err
	}
	if o.Status != OrderPendingPayment {
		return nil, nil
	}
	q, err := orderQuote(ctx, db, o)
	if err != nil {
		return nil, err
	}
	// an offer applies all its discounts (one per service type): any of its ids chooses it
	var out []OrderDiscountChoice
	for _, off := range q.Offers {
		if off.Discount.IsPositive() && len(off.DiscountIDs) > 0 {
			out = append(out, OrderDiscountChoice{DiscountID: off.DiscountIDs[0], Offer: off})
		}
	}
	return out, nil
}
