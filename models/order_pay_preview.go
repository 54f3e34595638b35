package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// PaymentPreview is what paying a pending order with the chosen coupons and discount would take
// from each, before anything moves: the confirmation page shows it. Cash is what the customer's
// consumption account pays; Missing is how much of it the balance lacks (zero when it suffices).
type PaymentPreview struct {
	Order    *Order
	Official Money
	Discount Money
	Coupons  Money
	Cash     Money
	Balance  Money
	Missing  Money
	// Offer is the offer of the discount chosen (nil: none), from the same pricing.
	Offer *Offer
	// CouponShares is each chosen coupon's part, in the order chosen.
	CouponShares []CouponShare
}

// CouponShare is one coupon's part of a payment.
type CouponShare struct {
	Coupon Coupon
	Amount Money
	fen    int64 // Amount in fen, as spent
}

// PreviewPayment answers what PayOrder would do with in, by the same rules and the same
// arithmetic (dueAmounts, couponShares), without writing: the order must be pending payment, within
// its deadline and (a partner paying) under a live authorization; the coupons the customer's,
// usable and in scope; the discount one of the order's offers. Version, Official and the
// idempotency key are not checked: the preview is of the order as it is now.
func PreviewPayment(ctx context.Context, db *gorm.DB, a Actor, in PayInput, now time.Time) (*PaymentPreview, error) {
	if err := checkPayInput(a, in); err != nil {
		return nil, err
	}
	tx := db.WithContext(ctx)
	o, err := orderFor(tx, a, in.OrderID)
	if err != nil {
		return nil, err
	}
	if o.Status != OrderPendingPayment {
		return nil, ErrOrderState
	}
	d, err := dueAmounts(ctx, db, o, in.DiscountIDs)
	if err != nil {
		return nil, err
	}
	in.Version, in.Official = 0, o.OfficialMoney()
	if _, err := mayPay(tx, a, o, in, d, now); err != nil {
		return nil, err
	}
	var shares []CouponShare
	var coupons int64
	if len(in.CouponIDs) > 0 {
		if shares, coupons, _, err = couponShares(tx, o, in.CouponIDs, d, now); err != nil {
			return nil, err
		}
	}
	balance, err := CustomerBalance(ctx, db, o.CustomerID)
	if err != nil {
		return nil, err
	}
	cash := d.cash() - coupons
	p := &PaymentPreview{Order: o, Official: Fen(d.official), Discount: Fen(d.discount), Coupons: Fen(coupons),
		Cash: Fen(cash), Balance: balance, Missing: Fen(0), CouponShares: shares, Offer: d.offer}
	if short := cash - balance.Shift(2).IntPart(); short > 0 {
		p.Missing = Fen(short)
	}
	return p, nil
}
