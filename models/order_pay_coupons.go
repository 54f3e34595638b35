package models

import (
	"maps"
	"slices"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// The coupons of a payment (PayOrder, PreviewPayment): up to 3 of the customer's, each paying
// at most what is left of the shares of the services in its scope.

// useCoupons spends the coupons on the order, each its share (couponShares), and returns their
// total and what they paid of each service type. A coupon pays one order: it ends used, and the
// unique order_coupons index refuses a second use however the two payments interleave.
func useCoupons(tx *gorm.DB, o *Order, ids []uint64, d *due, now time.Time) (int64, map[string]int64, error) {
	if len(ids) == 0 {
		return 0, nil, nil
	}
	if err := store.LockRows(tx, "coupons", "id IN ?", ids); err != nil {
		return 0, nil, err
	}
	shares, total, left, err := couponShares(tx, o, ids, d, now)
	if err != nil {
		return 0, nil, err
	}
	for i := range shares {
		if err := spendCoupon(tx, o, &shares[i].Coupon, shares[i].fen, now); err != nil {
			return 0, nil, err
		}
	}
	paid := make(map[string]int64, len(left))
	for s, v := range left {
		paid[s] = d.byService[s] - v
	}
	return total, paid, nil
}

// couponShares is each chosen coupon's share of the order, in the order chosen, each at most
// what is left of its services' shares (couponShare), their total, and what is left of each
// service type's share after them: what the payment spends and its preview shows.
func couponShares(tx *gorm.DB, o *Order, ids []uint64, d *due, now time.Time) ([]CouponShare, int64, map[string]int64, error) {
	var cs []Coupon
	if err := tx.Where("id IN ? AND customer_id = ?", ids, o.CustomerID).Find(&cs).Error; err != nil {
		return nil, 0, nil, err
	}
	if len(cs) != len(ids) {
		return nil, 0, nil, &FieldError{Field: "coupon_ids", Err: ErrCouponUnusable}
	}
	left := maps.Clone(d.byService)
	out := make([]CouponShare, len(ids))
	total := int64(0)
	for i, id := range ids {
		c := cs[slices.IndexFunc(cs, func(c Coupon) bool { return c.ID == id })]
		amount, err := couponShare(&c, left, o, now)
		if err != nil {
			return nil, 0, nil, err
		}
		out[i] = CouponShare{Coupon: c, Amount: Fen(amount), fen: amount}
		total += amount
	}
	return out, total, left, nil
}

// couponShare is what a coupon pays of the order: its balance, at most what is left of the
// shares of the services in its scope (taken from them, in the order of their names: the same
// payment always falls on the same services, as its bill lines show).
func couponShare(c *Coupon, left map[string]int64, o *Order, now time.Time) (int64, error) {
	if c.StatusAt(now) != CouponUsable || c.Balance <= 0 || c.LockOrderID != "" && c.LockOrderID != o.OrderID() {
		return 0, &FieldError{Field: "coupon_ids", Err: ErrCouponUnusable}
	}
	scope := c.ServiceTypeList()
	amount := int64(0)
	for _, s := range slices.Sorted(maps.Keys(left)) {
		v := left[s]
		if len(scope) > 0 && !slices.Contains(scope, s) || v == 0 {
			continue
		}
		take := min(v, c.Balance-amount)
		left[s] -= take
		amount += take
	}
	if amount == 0 {
		return 0, &FieldError{Field: "coupon_ids", Err: ErrCouponOutOfScope}
	}
	return amount, nil
}

// spendCoupon takes amount from the coupon (conditionally: it must still be live with the
// balance) and records its part of the order.
func spendCoupon(tx *gorm.DB, o *Order, c *Coupon, amount int64, now time.Time) error {
	res := tx.Model(&Coupon{}).Where("id = ? AND status IN ? AND balance >= ?", c.ID, liveStatuses, amount).Updates(map[string]any{
		"balance": gorm.Expr("balance - ?", amount), "used": gorm.Expr("used + ?", amount), "status": CouponUsed,
		"lock_order_id": "", "updated_at": now.UTC()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return &FieldError{Field: "coupon_ids", Err: ErrCouponUnusable}
	}
	if err := bumpCouponCount(tx, c.PartnerID, c.Status, -1); err != nil {
		return err
	}
	if err := bumpCouponCount(tx, c.PartnerID, CouponUsed, 1); err != nil {
		return err
	}
	return tx.Create(&OrderCoupon{OrderID: o.ID, CouponID: c.ID, Amount: amount, CreatedAt: now.UTC()}).Error
}
