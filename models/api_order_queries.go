package models

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Read queries of the partner API's order operations (handlers/api, reference 4.7). They answer
// what the BSS order shapes ask and the console's functions do not: a customer named by its
// account id, how a paid order's coupons split by coupon type, each line's product, discount and
// resource times, and a customer's coupons and discounts named by the API's ids. They only read.

// OrderCustomerID resolves the customer_id filter of ListCustomerOrders to a customer's row id.
// The filter is a condition, not a lookup: ok is false when no account has the id, and the list is
// then empty; whose customer it is, the order scope decides.
func OrderCustomerID(ctx context.Context, db *gorm.DB, domainID string) (id uint64, ok bool, err error) {
	var c Customer
	err = db.WithContext(ctx).Select("id").Where("domain_id = ?", domainID).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, false, nil
	}
	return c.ID, err == nil, err
}

// OrderPayment is how a paid order was paid besides its cash: what its coupons paid by coupon type
// (1 代金券, 4 现金券), and its discount's type (0: none).
type OrderPayment struct {
	CouponsByType map[int8]int64 // fen
	DiscountType  DiscountType
}

// OrderPayments is the payment of each of the orders (a page of a list): two queries for the page.
func OrderPayments(ctx context.Context, db *gorm.DB, orders []Order) (map[uint64]OrderPayment, error) {
	out := make(map[uint64]OrderPayment, len(orders))
	var ids, discounts []uint64
	for _, o := range orders {
		out[o.ID] = OrderPayment{CouponsByType: map[int8]int64{}}
		if o.Coupons > 0 {
			ids = append(ids, o.ID)
		}
		if o.DiscountID != nil {
			discounts = append(discounts, *o.DiscountID)
		}
	}
	if len(ids) > 0 {
		var parts []struct {
			OrderID uint64
			Type    int8
			Amount  int64
		}
		err := db.WithContext(ctx).Table("order_coupons").Select("order_coupons.order_id, coupons.type, SUM(order_coupons.amount) AS amount").
			Joins("JOIN coupons ON coupons.id = order_coupons.coupon_id").Where("order_coupons.order_id IN ?", ids).
			Group("order_coupons.order_id, coupons.type").Scan(&parts).Error
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			out[p.OrderID].CouponsByType[p.Type] += p.Amount
		}
	}
	if len(discounts) == 0 {
		return out, nil
	}
	var ds []Discount
	if err := db.WithContext(ctx).Select("id", "type").Where("id IN ?", discounts).Find(&ds).Error; err != nil {
		return nil, err
	}
	types := make(map[uint64]DiscountType, len(ds))
	for _, d := range ds {
		types[d.ID] = d.Type
	}
	for _, o := range orders {
		if o.DiscountID != nil {
			p := out[o.ID]
			// a discount removed since keeps its place in the order's amounts as the partner's (607)
			p.DiscountType = Discount607
			if t, ok := types[*o.DiscountID]; ok {
				p.DiscountType = t
			}
			out[o.ID] = p
		}
	}
	return out, nil
}

// OrderDetail is one order as ShowCustomerOrderDetails shows it: the order with its customer, how
// it was paid, and its lines with what each came to.
type OrderDetail struct {
	OrderRow
	Payment OrderPayment
	Lines   []OrderLineDetail
}

// OrderLineDetail is a line with its product id, its share of the order's discount, and its first
// resource's effective and expiry times once the order has created it.
type OrderLineDetail struct {
	OrderLine
	ProductID   string
	Discount    int64 // fen
	EffectiveAt *time.Time
	ExpireAt    *time.Time
}

// AfterDiscount is the line's official price less its discount, in fen.
func (l *OrderLineDetail) AfterDiscount() int64 { return l.Official - l.Discount }

// GetOrderDetail loads one order the actor may see (GetOrder's scope; with resellerID, a master
// distributor's reseller's order only) with what ShowCustomerOrderDetails shows. A yearly/monthly
// order's lines are priced again at its price time, which gives each line's product and, for a
// paid order with a discount, its share of the discount.
func GetOrderDetail(ctx context.Context, db *gorm.DB, a Actor, orderID, resellerID uint64) (*OrderDetail, error) {
	o, lines, err := GetOrder(ctx, db, a, orderID)
	if err != nil {
		return nil, err
	}
	if resellerID != 0 && o.PartnerID != resellerID {
		return nil, ErrNotFound
	}
	rows, err := withOrderCustomers(ctx, db, []Order{*o})
	if err != nil {
		return nil, err
	}
	pays, err := OrderPayments(ctx, db, []Order{*o})
	if err != nil {
		return nil, err
	}
	d := &OrderDetail{OrderRow: rows[0], Payment: pays[o.ID], Lines: make([]OrderLineDetail, len(lines))}
	for i, l := range lines {
		d.Lines[i] = OrderLineDetail{OrderLine: l}
	}
	if err := d.priceLines(ctx, db); err != nil {
		return nil, err
	}
	return d, d.resourceTimes(ctx, db)
}

// priceLines fills each line's product id and discount from the order's quote.
func (d *OrderDetail) priceLines(ctx context.Context, db *gorm.DB) error {
	if d.ChargeMode != ChargePeriod || len(d.Lines) == 0 {
		return nil
	}
	q, err := orderQuote(ctx, db, &d.Order)
	if err != nil {
		return err
	}
	for i := range d.Lines {
		if i < len(q.Lines) {
			d.Lines[i].ProductID = q.Lines[i].ProductID
		}
	}
	if d.DiscountID == nil || d.Discount == 0 {
		return nil
	}
	off := offerWith(q, *d.DiscountID)
	if off == nil {
		return nil
	}
	for i := range d.Lines {
		if i < len(off.Lines) {
			if d.Lines[i].Discount, err = amountFenOrZero(off.Lines[i].Discount); err != nil {
				return err
			}
		}
	}
	return nil
}

// resourceTimes gives each line its first main resource's times.
func (d *OrderDetail) resourceTimes(ctx context.Context, db *gorm.DB) error {
	var rs []Resource
	err := db.WithContext(ctx).Select("line_id", "effective_at", "expire_at").Where("order_id = ? AND parent_id IS NULL", d.ID).
		Order("id").Find(&rs).Error
	if err != nil {
		return err
	}
	for i := range d.Lines {
		for _, r := range rs {
			if r.LineID == d.Lines[i].ID {
				d.Lines[i].EffectiveAt, d.Lines[i].ExpireAt = &r.EffectiveAt, r.ExpireAt
				break
			}
		}
	}
	return nil
}

// PayCoupons resolves the coupon ids of a payment (the API's coupon_infos) among the acting
// customer's coupons, in their order; an id of no coupon of the customer is ErrCouponUnusable.
func PayCoupons(ctx context.Context, db *gorm.DB, a Actor, publicIDs []string) ([]Coupon, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var cs []Coupon
	if len(publicIDs) > 0 {
		err := db.WithContext(ctx).Where("public_id IN ? AND customer_id = ?", publicIDs, a.CustomerID).Find(&cs).Error
		if err != nil {
			return nil, err
		}
	}
	out := make([]Coupon, 0, len(publicIDs))
	for _, id := range publicIDs {
		found := false
		for _, c := range cs {
			if c.PublicID == id {
				out, found = append(out, c), true
				break
			}
		}
		if !found {
			return nil, &FieldError{Field: "coupon_infos", Err: ErrCouponUnusable}
		}
	}
	return out, nil
}

// PayDiscount resolves the discount id of a payment (the API's discount_infos: the decimal id the
// price inquiry and ListOrderDiscounts give) among the acting customer's discounts; anything else
// is ErrDiscountUnusable.
func PayDiscount(ctx context.Context, db *gorm.DB, a Actor, id string) (*Discount, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return nil, &FieldError{Field: "discount_infos", Err: ErrDiscountUnusable}
	}
	var d Discount
	if err := db.WithContext(ctx).Where("id = ? AND customer_id = ?", n, a.CustomerID).First(&d).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, &FieldError{Field: "discount_infos", Err: ErrDiscountUnusable}
		}
		return nil, err
	}
	return &d, nil
}
