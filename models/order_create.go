package models

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"partnerhub/store"
)

// OrderInput is an order on behalf: the customer, how it buys (yearly/monthly or on demand) and
// its products, in the inquiry's terms (an on-demand product gives no period).
type OrderInput struct {
	CustomerID uint64
	Mode       ChargeMode
	Products   []InquiryProduct
	// Expected is the official price the person confirmed (nil: none): an order that prices
	// otherwise now (a new price list took effect meanwhile) is refused with ErrOrderChanged,
	// so that no one orders at a price they were not shown.
	Expected *Money
	// Key is the confirmation's one-time key (up to 128 characters; "" none): the same key again
	// answers the order it placed instead of placing another.
	Key string
}

// CreateOrder orders on a customer's behalf (代客下单). The products are priced by Inquire, the
// one pricing function, and the order keeps the prices it used. A yearly/monthly order waits for
// payment for PaymentWindow, or first for the operator's review when its official price is above
// the review threshold or it holds a product flagged for review; an on-demand order creates its
// resources at once (charged by use: the bills rate it) and is complete.
//
// Refused: an advisory customer, a frozen one, a master distributor's own account, a customer
// without a live authorization, a marketplace product, on demand for a customer in arrears;
// another partner's customer is not found.
func CreateOrder(ctx context.Context, db *gorm.DB, a Actor, in OrderInput, now time.Time) (*Order, error) {
	if !a.mayOrderOnBehalf() {
		return nil, ErrForbidden
	}
	if in.Mode != ChargePeriod && in.Mode != ChargeOnDemand {
		return nil, &FieldError{Field: "charging_mode", Err: ErrInvalidInput}
	}
	if len(in.Products) == 0 || len(in.Products) > MaxInquiryProducts {
		return nil, ErrNoLines
	}
	if len(in.Key) > 128 {
		return nil, ErrInvalidInput
	}
	var key *string
	if in.Key != "" {
		k := idemScope(a) + in.Key
		if o, err := samePlacement(ctx, db, k, in.CustomerID); err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return o, err
		}
		key = &k
	}
	// the customer's refusals come before the products': they are what the page must say first
	if _, err := LiveAuthorization(ctx, db, a, in.CustomerID, now); err != nil {
		return nil, err
	}
	products := slices.Clone(in.Products)
	for i := range products {
		if products[i].ID == "" {
			products[i].ID = strconv.Itoa(i + 1)
		}
	}
	q, err := Inquire(ctx, db, a, Inquiry{At: now, CustomerID: in.CustomerID, Mode: in.Mode, Products: products})
	if err != nil {
		return nil, err
	}
	if in.Expected != nil && !q.Official.Equal(in.Expected.Decimal) {
		return nil, ErrOrderChanged
	}
	var o *Order
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := store.LockRows(tx, "customers", "id = ?", in.CustomerID); err != nil {
			return err
		}
		c, err := orderableCustomer(tx, a, in.CustomerID) // again, under the lock: it may have changed
		if err != nil {
			return err
		}
		z, err := liveAuthorization(tx, a.PartnerID, c, now)
		if err != nil {
			return err
		}
		if in.Mode == ChargeOnDemand { // more usage would only add to the debt (and escape its freeze)
			if err := refuseArrears(tx, c.ID); err != nil {
				return ErrOnDemandInArrears
			}
		}
		o, err = insertOrder(tx, a, c, z, in.Mode, products, q, key, now)
		return err
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) && key != nil {
		return samePlacement(ctx, db, *key, in.CustomerID) // a concurrent double-click won
	}
	return o, err
}

// insertOrder writes the order and its lines in the status its rules give it.
// samePlacement is the order placed under key, refused if the key placed an order for another
// customer.
func samePlacement(ctx context.Context, db *gorm.DB, key string, customerID uint64) (*Order, error) {
	var o Order
	if err := db.WithContext(ctx).Where("place_key = ?", key).First(&o).Error; err != nil {
		return nil, err
	}
	if o.CustomerID != customerID {
		return nil, ErrIdempotencyConflict
	}
	return &o, nil
}

func insertOrder(tx *gorm.DB, a Actor, c *Customer, z *OrderAuthorization, mode ChargeMode, products []InquiryProduct, q *Quote, key *string, now time.Time) (*Order, error) {
	now = now.UTC()
	official, err := amountFenOrZero(q.Official)
	if err != nil {
		return nil, err
	}
	o := &Order{PartnerID: *c.PartnerID, TopPartnerID: *c.TopPartnerID, CustomerID: c.ID, AuthorizationID: z.ID, Type: OrderNew,
		ChargeMode: mode, Version: 1, PricedAt: q.At.UTC(), Official: official, CreatedBy: a.UserID, CreatedAt: now,
		ServiceType: products[0].ServiceType, PlaceKey: key}
	status, err := initialStatus(tx, mode, official, products)
	if err != nil {
		return nil, err
	}
	o.Status = status
	if status == OrderPendingPayment {
		end := now.Add(PaymentWindow)
		o.PendingPaymentEndTime = &end
	}
	if status == OrderCompleted {
		o.CompletedAt = &now
	}
	if err := tx.Create(o).Error; err != nil {
		return nil, err
	}
	lines := make([]OrderLine, len(products))
	for i, p := range products {
		ql := q.Lines[i]
		fen, err := amountFenOrZero(ql.Official)
		if err != nil {
			return nil, err
		}
		lines[i] = OrderLine{OrderID: o.ID, LineNo: i + 1, ServiceType: p.ServiceType, ResourceType: p.ResourceType, Spec: p.Spec,
			Region: p.Region, Zone: p.Zone, Size: p.Size, PeriodType: p.PeriodType, PeriodNum: p.PeriodNum, Quantity: p.Quantity,
			UnitPrice: ql.UnitPrice, PriceVersion: ql.VersionID, Official: fen, Mode: ql.Mode, CreatedAt: now}
	}
	if err := tx.Create(&lines).Error; err != nil {
		return nil, err
	}
	if status == OrderCompleted {
		if err := createResources(tx, o, lines, now); err != nil {
			return nil, err
		}
	}
	return o, audit(tx, a, o.PartnerID, "order.create", "order", o.ID, nil, orderAudit(o))
}

// initialStatus: on demand is complete at once; yearly/monthly waits for payment, or for review.
func initialStatus(tx *gorm.DB, mode ChargeMode, official int64, products []InquiryProduct) (int8, error) {
	if mode == ChargeOnDemand {
		return OrderCompleted, nil
	}
	s, err := orderSettings(tx)
	if err != nil {
		return 0, err
	}
	if s.ReviewThreshold > 0 && official > s.ReviewThreshold {
		return OrderPendingReview, nil
	}
	flagged := splitList(s.ReviewServiceTypes)
	for _, p := range products {
		if slices.Contains(flagged, p.ServiceType) {
			return OrderPendingReview, nil
		}
	}
	return OrderPendingPayment, nil
}

// amountFenOrZero is a rounded amount in fen; zero is allowed (an on-demand line).
func amountFenOrZero(d decimal.Decimal) (int64, error) {
	if d.IsZero() {
		return 0, nil
	}
	return amountFen(Money{d})
}

// orderAudit is what the audit log keeps of an order.
func orderAudit(o *Order) map[string]any {
	return map[string]any{"order_id": o.OrderID(), "customer_id": o.CustomerID, "status": o.Status, "version": o.Version,
		"official": Fen(o.Official).StringFixed(2), "discount": Fen(o.Discount).StringFixed(2),
		"coupons": Fen(o.Coupons).StringFixed(2), "cash": Fen(o.Cash).StringFixed(2)}
}

// orderSettings reads the operator's settings (defaults before any were set).
func orderSettings(tx *gorm.DB) (*OrderSettings, error) {
	var s OrderSettings
	err := tx.Where("id = 1").First(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &OrderSettings{ID: 1}, nil
	}
	return &s, err
}

// GetOrderSettings reads the operator's settings of orders.
func GetOrderSettings(ctx context.Context, db *gorm.DB) (*OrderSettings, error) {
	return orderSettings(db.WithContext(ctx))
}

// SetOrderSettings is the operator setting the review threshold (zero: none) and the service
// types whose orders are reviewed.
func SetOrderSettings(ctx context.Context, db *gorm.DB, a Actor, threshold Money, serviceTypes []string, now time.Time) error {
	if a.Kind != OperatorUser {
		return ErrForbidden
	}
	fen := int64(0)
	if !threshold.IsZero() {
		var err error
		if fen, err = amountFen(threshold); err != nil {
			return &FieldError{Field: "review_threshold", Err: ErrInvalidAmount}
		}
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&ServiceType{}).Where("code IN ?", serviceTypes).Count(&n).Error; err != nil {
			return err
		}
		if int(n) != len(serviceTypes) || len(serviceTypes) > 10 {
			return &FieldError{Field: "review_service_types", Err: ErrInvalidServiceType}
		}
		before, err := orderSettings(tx)
		if err != nil {
			return err
		}
		s := OrderSettings{ID: 1, ReviewThreshold: fen, ReviewServiceTypes: strings.Join(serviceTypes, ","), UpdatedAt: now.UTC()}
		if err := tx.Save(&s).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "order.settings", "order_settings", 1, before, s)
	})
}

// ReviewOrder is the operator approving (→ pending payment, its deadline from now) or rejecting
// (→ cancelled) an order pending review.
func ReviewOrder(ctx context.Context, db *gorm.DB, a Actor, orderID uint64, approve bool, now time.Time) (*Order, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var o Order
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		if err := tx.First(&o, orderID).Error; err != nil {
			return notFound(err)
		}
		if o.Status != OrderPendingReview {
			return ErrOrderState
		}
		t := now.UTC()
		updates := map[string]any{"status": OrderCancelled, "cancelled_at": t}
		if approve {
			end := t.Add(PaymentWindow)
			updates = map[string]any{"status": OrderPendingPayment, "pending_payment_end_time": end}
		}
		return moveOrder(tx, a, &o, OrderPendingReview, updates, map[bool]string{true: "order.approve", false: "order.reject"}[approve])
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// moveOrder changes an order from the status it was read in, and its version, or refuses with
// ErrOrderChanged when something else changed it meanwhile; then reloads and audits it.
func moveOrder(tx *gorm.DB, a Actor, o *Order, from int8, updates map[string]any, action string) error {
	before := orderAudit(o)
	updates["version"] = gorm.Expr("version + 1")
	res := tx.Model(&Order{}).Where("id = ? AND status = ? AND version = ?", o.ID, from, o.Version).Updates(updates)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrOrderChanged
	}
	if err := tx.First(o, o.ID).Error; err != nil {
		return err
	}
	return audit(tx, a, o.PartnerID, action, "order", o.ID, before, orderAudit(o))
}
