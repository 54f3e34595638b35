package models

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Paying an order (PayOrders v3, reference 4.7).

// Limits of a payment.
const (
	MaxOrderCoupons   = 3
	MaxOrderDiscounts = 1
)

// PayInput is a payment of one pending order. Version and Official are the order as the payer saw
// it (Version 0: not checked): a payment prepared against another price or state is refused.
type PayInput struct {
	OrderID        uint64
	Version        int64
	Official       Money
	CouponIDs      []uint64
	DiscountIDs    []uint64
	IdempotencyKey string
}

func (in PayInput) hash() string {
	return requestHash("pay_order", in.OrderID, in.Official.StringFixed(2), in.CouponIDs, in.DiscountIDs)
}

// PayOrder pays a pending order: by its customer, or by its partner's sales member or admin with
// a live authorization. Up to 3 coupons of the customer, usable now and in scope of the order's
// services, at most 1 discount, and the rest from the customer's consumption account, as one
// ledger transfer (customer → cloud revenue, order_payment), all in one transaction: not enough
// balance refuses it with the amount missing (*ShortError) and nothing changes. The order moves to
// processing; ProcessPaidOrders creates its resources. A retry with the same idempotency key
// answers the paid order.
func PayOrder(ctx context.Context, db *gorm.DB, a Actor, in PayInput, now time.Time) (*Order, error) {
	if err := checkPayInput(a, in); err != nil {
		return nil, err
	}
	key, hash := in.IdempotencyKey, in.hash()
	if key != "" {
		key = idemScope(a) + key
		if o, err := samePayment(ctx, db, key, hash); err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return o, err
		}
	}
	o, err := orderFor(db.WithContext(ctx), a, in.OrderID)
	if err != nil {
		return nil, err
	}
	due, err := dueAmounts(ctx, db, o, in.DiscountIDs) // a price inquiry: read before the money line
	if err != nil {
		return nil, err
	}
	err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		var err error
		o, err = payInTx(tx, a, in, due, key, hash, 0, now)
		return err
	})
	// a retry that ran beside the first attempt finds the order paid (moved on, or its key taken):
	// it answers the first attempt's payment
	if key != "" && (errors.Is(err, gorm.ErrDuplicatedKey) || errors.Is(err, ErrOrderState) || errors.Is(err, ErrOrderChanged)) {
		if o, err2 := samePayment(ctx, db, key, hash); err2 == nil {
			return o, nil
		}
	}
	return o, err
}

func checkPayInput(a Actor, in PayInput) error {
	if a.Kind == PartnerUser && !a.mayOrderOnBehalf() || a.Kind == OperatorUser {
		return ErrForbidden
	}
	if len(in.IdempotencyKey) > 128 {
		return ErrInvalidInput
	}
	if len(in.CouponIDs) > MaxOrderCoupons {
		return &FieldError{Field: "coupon_ids", Err: ErrTooManyCoupons}
	}
	if len(in.DiscountIDs) > MaxOrderDiscounts {
		return &FieldError{Field: "discount_ids", Err: ErrTooManyDiscounts}
	}
	seen := map[uint64]bool{}
	for _, id := range in.CouponIDs {
		if seen[id] {
			return &FieldError{Field: "coupon_ids", Err: ErrCouponUnusable}
		}
		seen[id] = true
	}
	return nil
}

// samePayment is the order paid under key, refused if the key was used for another payment.
func samePayment(ctx context.Context, db *gorm.DB, key, hash string) (*Order, error) {
	var o Order
	if err := db.WithContext(ctx).Where("pay_key = ?", key).First(&o).Error; err != nil {
		return nil, err
	}
	if o.PayHash != hash {
		return nil, ErrIdempotencyConflict
	}
	return &o, nil
}

// due is what an order's payment must cover: the official price priced again from the order's
// lines at the time it was priced (so a changed price is seen), the discount chosen and its id,
// and each service type's share after the discount, which bounds its coupons.
type due struct {
	official   int64
	discount   int64
	discountID *uint64
	offer      *Offer // the offer of the discount chosen, if any
	byService  map[string]int64
	lines      []OrderLine // the order's, in line order: they do not change once the order is made
}

// dueAmounts prices the order's lines again at its price time, with the customer's discounts.
func dueAmounts(ctx context.Context, db *gorm.DB, o *Order, discountIDs []uint64) (*due, error) {
	q, lines, err := orderQuoteLines(ctx, db, o)
	if err != nil {
		return nil, err
	}
	var off *Offer
	if len(discountIDs) == 1 {
		if off = offerWith(q, discountIDs[0]); off == nil {
			return nil, &FieldError{Field: "discount_ids", Err: ErrDiscountUnusable}
		}
	}
	services := make([]string, len(lines))
	for i, l := range lines {
		services[i] = l.ServiceType
	}
	d, err := dueOf(q, off, services)
	if err != nil {
		return nil, err
	}
	if off != nil {
		d.discountID = &discountIDs[0] // the id chosen, of the offer's (one per service type)
	}
	d.lines = lines
	return d, nil
}

// dueOf is what paying the quote's lines with the offer (nil: none) must cover: the official
// price, the offer's discount (its first discount id), and each service type's share after it,
// line by line (services[i] is line i's). The order's payment, a renewal paid at once and the
// sweep's estimate of one all take it from here.
func dueOf(q *Quote, off *Offer, services []string) (*due, error) {
	d := &due{byService: map[string]int64{}, offer: off}
	var err error
	if d.official, err = amountFenOrZero(q.Official); err != nil {
		return nil, err
	}
	for i, s := range services {
		amount := q.Lines[i].Official
		if off != nil {
			amount = off.Lines[i].Amount
		}
		fen, err := amountFenOrZero(amount)
		if err != nil {
			return nil, err
		}
		d.byService[s] += fen
	}
	if off != nil {
		if d.discount, err = amountFenOrZero(off.Discount); err != nil {
			return nil, err
		}
		d.discountID = &off.DiscountIDs[0]
	}
	return d, nil
}

// cash is what the due leaves to the balance before any coupon.
func (d *due) cash() int64 { return d.official - d.discount }

// orderQuote prices the order's lines again at its price time, with its customer's discounts.
func orderQuote(ctx context.Context, db *gorm.DB, o *Order) (*Quote, error) {
	q, _, err := orderQuoteLines(ctx, db, o)
	return q, err
}

func orderQuoteLines(ctx context.Context, db *gorm.DB, o *Order) (*Quote, []OrderLine, error) {
	var lines []OrderLine
	if err := db.WithContext(ctx).Where("order_id = ?", o.ID).Order("line_no").Find(&lines).Error; err != nil {
		return nil, nil, err
	}
	if o.ChargeMode != ChargePeriod || len(lines) == 0 {
		return nil, nil, ErrOrderState
	}
	in := Inquiry{At: o.PricedAt, CustomerID: o.CustomerID, Mode: o.ChargeMode, Products: make([]InquiryProduct, len(lines))}
	for i, l := range lines {
		in.Products[i] = InquiryProduct{ID: strconv.Itoa(i + 1), ServiceType: l.ServiceType,
			ResourceType: l.ResourceType, Spec: l.Spec, Region: l.Region, Zone: l.Zone, Size: l.Size, PeriodType: l.PeriodType,
			PeriodNum: l.PeriodNum, Quantity: l.Quantity}
	}
	// the domain reads the prices on the payer's behalf: a customer may not inquire by itself
	q, err := Inquire(ctx, db, Actor{Kind: OperatorUser}, in)
	return q, lines, err
}

// offerWith is the offer of the quote that applies the discount id, if any.
func offerWith(q *Quote, id uint64) *Offer {
	for i := range q.Offers {
		if slices.Contains(q.Offers[i].DiscountIDs, id) && q.Offers[i].Discount.IsPositive() {
			return &q.Offers[i]
		}
	}
	return nil
}

// payInTx checks the order again under the money line's lock, pays it and bills it (bill type
// billType; 0: the order's own, orderBillType).
func payInTx(tx *gorm.DB, a Actor, in PayInput, d *due, key, hash string, billType int8, now time.Time) (*Order, error) {
	o, err := orderFor(tx, a, in.OrderID)
	if err != nil {
		return nil, err
	}
	publicIDs, err := mayPay(tx, a, o, in, d, now)
	if err != nil {
		return nil, err
	}
	coupons, byService, err := useCoupons(tx, o, in.CouponIDs, d, now)
	if err != nil {
		return nil, err
	}
	cash := d.cash() - coupons
	updates := map[string]any{"status": OrderProcessing, "paid_at": now.UTC(), "discount": d.discount, "discount_id": d.discountID,
		"coupons": coupons, "cash": cash, "pending_payment_end_time": nil}
	if key != "" {
		updates["pay_key"], updates["pay_hash"] = key, hash
	}
	if cash > 0 {
		t, err := payCash(tx, a, o, cash, now)
		if err != nil {
			return nil, err
		}
		updates["payment_transfer_id"] = t.ID
	}
	if err := moveOrder(tx, a, o, OrderPendingPayment, updates, "order.pay"); err != nil {
		return nil, err
	}
	if billType == 0 {
		billType = orderBillType(o)
	}
	return o, postFeeRecords(tx, o, d.lines, publicIDs, billType, &servicePayment{owed: d.byService, coupons: byService}, now)
}

// orderBillType is the bill type of paying an order of its type: a new purchase or a renewal (an
// auto-renewal, also a renewal order, is billed as one by the sweep that pays it).
func orderBillType(o *Order) int8 {
	if o.Type == OrderRenew {
		return BillRenew
	}
	return BillNew
}

// mayPay refuses a payment of an order that is not pending payment, past its deadline, changed
// since the payer saw it, or (a partner paying) without a live authorization. It answers the
// public ids of the resources a renewal's lines name (renewalPayable), for its bill.
func mayPay(tx *gorm.DB, a Actor, o *Order, in PayInput, d *due, now time.Time) (map[uint64]string, error) {
	switch {
	case o.Status != OrderPendingPayment:
		return nil, ErrOrderState
	case o.PendingPaymentEndTime != nil && !now.Before(*o.PendingPaymentEndTime):
		return nil, ErrPaymentDeadline
	case in.Version != 0 && in.Version != o.Version, !in.Official.Equal(Fen(o.Official).Decimal), d.official != o.Official:
		return nil, ErrOrderChanged
	}
	publicIDs, err := renewalPayable(tx, o, d.lines)
	if err != nil || a.Kind != PartnerUser {
		return publicIDs, err
	}
	var c Customer
	if err := tx.First(&c, o.CustomerID).Error; err != nil {
		return nil, err
	}
	if c.AssociationID == nil { // unbound: no authorization of its can be live
		return nil, ErrNoAuthorization
	}
	_, err = liveAuthorization(tx, a.PartnerID, &c, now)
	return publicIDs, err
}

// payCash moves the cash from the customer's consumption account to the cloud's revenue, or
// refuses with what is missing.
func payCash(tx *gorm.DB, a Actor, o *Order, cash int64, now time.Time) (*Transfer, error) {
	ca, rev, err := accounts(tx, ownerOf(CustomerAccount, 0, o.CustomerID), ownerOf(RevenueAccount, 0, 0))
	if err != nil {
		return nil, err
	}
	if ca.Balance < cash {
		return nil, &ShortError{Missing: Fen(cash - ca.Balance)}
	}
	// No partner on the transfer: it is the customer's spending, not one of the partner's adjust
	// records (whose queries take a customer's partner transfers to be allocations, reclaims and
	// unbindings); the order, and its audit record, carry the partner.
	t, err := postTransfer(tx, a, transferSpec{From: ca, To: rev, Amount: Fen(cash), Kind: KindOrderPayment,
		CustomerID: o.CustomerID, Memo: "order " + o.OrderID()}, now)
	if errors.Is(err, ErrInsufficientBalance) {
		return nil, &ShortError{Missing: Fen(cash - ca.Balance)}
	}
	return t, err
}
