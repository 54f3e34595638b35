package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Orders on behalf (代客下单, issue 14): a partner's sales member or admin orders cloud resources
// for a consignment customer that authorized it (order_authorization.go); a yearly/monthly order
// waits for payment (or first for the operator's review), is paid with coupons, at most one
// discount and the customer's consumption account (order_pay.go), and a background step creates
// its resources (order_process.go). The statuses and types are the API's (reference 4.7).

// Order statuses (the API's status).
const (
	OrderPendingReview  int8 = 1 // 待审核
	OrderProcessing     int8 = 3 // 处理中: paid, resources being created
	OrderCancelled      int8 = 4 // 已取消
	OrderCompleted      int8 = 5 // 已完成
	OrderPendingPayment int8 = 6 // 待支付
)

// OrderNew is the order type of a new purchase (the API's order_type 1).
const OrderNew int8 = 1

// PaymentWindow is how long a pending order may be paid before the sweep cancels it.
const PaymentWindow = 7 * 24 * time.Hour

// KindOrderPayment is the ledger's transfer for an order's cash: customer → cloud revenue.
const KindOrderPayment TransferKind = "order_payment"

// Order is an order on behalf of a customer. Amounts are fen: Official is the sum of its lines at
// the official price; Discount, Coupons and Cash are set when it is paid (Official − Discount =
// Coupons + Cash). Version moves with every change of state, so that a payment prepared against
// one state is refused once the order has moved on.
type Order struct {
	ID                    uint64     `gorm:"primaryKey"`
	PartnerID             uint64     `gorm:"not null;index:ix_order_partner,priority:1;index:ix_order_pstatus,priority:1;index:ix_order_ptype,priority:1;index:ix_order_pservice,priority:1;index:ix_order_ppaid,priority:1;index:ix_order_pcustomer,priority:1"` // the ordering partner
	TopPartnerID          uint64     `gorm:"not null;index:ix_order_top,priority:1"`                                                                                                                                                                              // its master distributor, or itself
	CustomerID            uint64     `gorm:"not null;index:ix_order_customer,priority:1;index:ix_order_pcustomer,priority:2"`
	AuthorizationID       uint64     `gorm:"not null"`
	Type                  int8       `gorm:"not null;index:ix_order_ptype,priority:2"`
	ChargeMode            ChargeMode `gorm:"not null"`
	Status                int8       `gorm:"not null;index:ix_order_status,priority:1;index:ix_order_customer,priority:2;index:ix_order_pstatus,priority:2"`
	Version               int64      `gorm:"not null;default:1"`
	PricedAt              time.Time  `gorm:"not null"` // the price list the lines were priced from
	Official              int64      `gorm:"not null"`
	Discount              int64      `gorm:"not null;default:0"`
	DiscountID            *uint64
	Coupons               int64 `gorm:"not null;default:0"`
	Cash                  int64 `gorm:"not null;default:0"`
	PaymentTransferID     *uint64
	PayKey                *string    `gorm:"size:160;uniqueIndex"` // the payer's idempotency key, scoped
	PayHash               string     `gorm:"size:64;not null;default:''"`
	CreatedBy             uint64     `gorm:"not null"`
	PendingPaymentEndTime *time.Time `gorm:"index:ix_order_status,priority:2"`
	PaidAt                *time.Time `gorm:"index:ix_order_ppaid,priority:2"`
	CompletedAt           *time.Time
	CancelledAt           *time.Time
	CreatedAt             time.Time `gorm:"not null;index:ix_order_partner,priority:2;index:ix_order_top,priority:2;index:ix_order_customer,priority:3;index:ix_order_pstatus,priority:3;index:ix_order_ptype,priority:3;index:ix_order_pservice,priority:3;index:ix_order_pcustomer,priority:3"`
	// ServiceType is the first line's: the order's service as the API shows and filters it.
	ServiceType string `gorm:"size:64;not null;default:'';index:ix_order_pservice,priority:2"`
	// PlaceKey is the orderer's idempotency key, scoped like PayKey: placing the same order twice
	// (a double-click on the confirmation) answers the first order.
	PlaceKey *string `gorm:"size:160;uniqueIndex"`
}

// OrderID is the order's number as the API shows it: CS, its day, its row id.
func (o *Order) OrderID() string {
	return fmt.Sprintf("CS%s%08d", o.CreatedAt.UTC().Format("060102"), o.ID)
}

// ParseOrderID is the row id of an order number (0 for anything else).
func ParseOrderID(s string) uint64 {
	if len(s) != 16 || !strings.HasPrefix(s, "CS") || strings.ContainsFunc(s[2:], func(r rune) bool { return r < '0' || r > '9' }) {
		return 0
	}
	id, err := strconv.ParseUint(s[8:], 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// OfficialMoney, DiscountMoney, CouponMoney and CashMoney are the order's amounts as Money.
func (o *Order) OfficialMoney() Money { return Fen(o.Official) }
func (o *Order) DiscountMoney() Money { return Fen(o.Discount) }
func (o *Order) CouponMoney() Money   { return Fen(o.Coupons) }
func (o *Order) CashMoney() Money     { return Fen(o.Cash) }

// OrderLine is one product of an order, with the price it was ordered at: the unit price as the
// price list stores it, the version it came from, and the rounded official line.
type OrderLine struct {
	ID           uint64    `gorm:"primaryKey"`
	OrderID      uint64    `gorm:"not null;index"`
	LineNo       int       `gorm:"not null"`
	ServiceType  string    `gorm:"size:64;not null"`
	ResourceType string    `gorm:"size:64;not null"`
	Spec         string    `gorm:"size:64;not null"`
	Region       string    `gorm:"size:64;not null"`
	Zone         string    `gorm:"size:64;not null;default:''"`
	Size         int64     `gorm:"not null;default:0"`
	PeriodType   int       `gorm:"not null;default:0"`
	PeriodNum    int       `gorm:"not null;default:0"`
	Quantity     int       `gorm:"not null"`
	UnitPrice    UnitPrice `gorm:"not null"`
	PriceVersion uint64    `gorm:"not null"`
	Official     int64     `gorm:"not null"` // fen
	Mode         PriceMode `gorm:"size:16;not null"`
	CreatedAt    time.Time `gorm:"not null"`
	ResourceID   *uint64   `gorm:"index"` // the resource a renewal or unsubscribe line is for
}

// OrderCoupon is a coupon's part of an order's payment. The unique coupon id is the rule that a
// coupon pays one order: a second order using it fails on the index, however the two interleave.
type OrderCoupon struct {
	ID        uint64    `gorm:"primaryKey"`
	OrderID   uint64    `gorm:"not null;index"`
	CouponID  uint64    `gorm:"not null;uniqueIndex"`
	Amount    int64     `gorm:"not null"` // fen
	CreatedAt time.Time `gorm:"not null"`
}

// Resource statuses (the API's status).
const (
	ResourceInUse   int8 = 2
	ResourceClosed  int8 = 3
	ResourceFrozen  int8 = 4
	ResourceExpired int8 = 5
)

// Resource is a cloud resource an order created: a main resource, or one attached to it
// (ParentID: an ECS's system disk).
type Resource struct {
	ID           uint64     `gorm:"primaryKey"`
	PublicID     string     `gorm:"size:40;not null;uniqueIndex"`
	OrderID      uint64     `gorm:"not null;index"`
	LineID       uint64     `gorm:"not null"`
	ParentID     *uint64    `gorm:"index"`
	PartnerID    uint64     `gorm:"not null;index:ix_res_partner,priority:1;index:ix_res_main_partner,priority:1,where:parent_id IS NULL;index:ix_res_main_status,priority:1,where:parent_id IS NULL;index:ix_res_main_service,priority:1,where:parent_id IS NULL;index:ix_res_pcustomer,priority:1;index:ix_res_main_customer,priority:1,where:parent_id IS NULL;index:ix_res_main_region,priority:1,where:parent_id IS NULL;index:ix_res_main_expiry,priority:1,where:parent_id IS NULL"`
	CustomerID   uint64     `gorm:"not null;index:ix_res_customer,priority:1;index:ix_res_pcustomer,priority:2;index:ix_res_main_customer,priority:2,where:parent_id IS NULL;index:ix_res_main_own,priority:1,where:parent_id IS NULL"`
	ServiceType  string     `gorm:"size:64;not null;index:ix_res_main_service,priority:2,where:parent_id IS NULL"`
	ResourceType string     `gorm:"size:64;not null"`
	Spec         string     `gorm:"size:64;not null"`
	Region       string     `gorm:"size:64;not null;index:ix_res_main_region,priority:2,where:parent_id IS NULL"`
	Zone         string     `gorm:"size:64;not null;default:''"`
	Size         int64      `gorm:"not null;default:0"`
	ChargeMode   ChargeMode `gorm:"not null;index:ix_res_pcustomer,priority:3"`
	Status       int8       `gorm:"not null;index:ix_res_expiry,priority:1;index:ix_res_main_status,priority:2,where:parent_id IS NULL"`
	ExpirePolicy int8       `gorm:"not null;default:0"` // 0: enter the grace period at expiry; 3: auto-renew
	EffectiveAt  time.Time  `gorm:"not null"`
	ExpireAt     *time.Time `gorm:"index:ix_res_expiry,priority:2;index:ix_res_main_expiry,priority:2,where:parent_id IS NULL"` // nil on demand
	// the lists' indexes of main resources (ix_res_main_*) are partial: a list of main resources
	// (parent_id IS NULL) counts and pages them without reading each row for its parent
	CreatedAt time.Time `gorm:"not null;index:ix_res_partner,priority:2;index:ix_res_customer,priority:2;index:ix_res_main_partner,priority:2,where:parent_id IS NULL;index:ix_res_main_status,priority:3,where:parent_id IS NULL;index:ix_res_main_service,priority:3,where:parent_id IS NULL;index:ix_res_pcustomer,priority:4;index:ix_res_main_customer,priority:3,where:parent_id IS NULL;index:ix_res_main_region,priority:3,where:parent_id IS NULL;index:ix_res_main_own,priority:2,where:parent_id IS NULL"`
	// Auto-renewal (resource_life.go): one period of AutoRenewPeriod (2 month, 3 year) at each
	// expiry, AutoRenewTimes times (0: until cancelled); AutoRenewCount renewals made so far.
	AutoRenewPeriod int8 `gorm:"not null;default:0"`
	AutoRenewTimes  int  `gorm:"not null;default:0"`
	AutoRenewCount  int  `gorm:"not null;default:0"`
	ClosedAt        *time.Time
	// AutoRenewAt is the next deduction of an expired resource that renews itself
	// (resource_autorenew.go): the sweep tries to renew it then, and a day later again while it
	// is in its grace period; nil for any other.
	AutoRenewAt *time.Time `gorm:"index:ix_res_autorenew"`
}

// OrderSettings is the operator's settings of orders: one row (id 1). An order whose official
// price is above ReviewThreshold (fen; 0: none), or with a line of a service type listed in
// ReviewServiceTypes, waits for the operator's review before it can be paid.
type OrderSettings struct {
	ID                 uint64    `gorm:"primaryKey"`
	ReviewThreshold    int64     `gorm:"not null;default:0"`
	ReviewServiceTypes string    `gorm:"size:1024;not null;default:''"`
	UpdatedAt          time.Time `gorm:"not null"`
}

// Errors of orders.
var (
	ErrAdvisoryCustomer    = newError("CBC.99000014", "err.advisory_customer", "orders on behalf are for consignment customers only")
	ErrNoAuthorization     = newError("CBC.99000038", "err.no_authorization", "the customer has not authorized this partner to order on its behalf")
	ErrAuthorizationExists = newError("CBC.0100", "err.authorization_exists", "an authorization is already pending or granted")
	ErrAuthorizationState  = newError("CBC.0100", "err.authorization_state", "the authorization cannot change that way now")
	ErrAuthorizationEnd    = newError("CBC.0100", "err.authorization_end", "the end date must be in the future")
	ErrOrderState          = newError("CBC.99006099", "err.order_state", "the order is not in a state that allows this")
	ErrOrderChanged        = newError("CBC.99006098", "err.order_changed", "the order's price or state changed: reload it")
	ErrPaymentDeadline     = newError("CBC.99006097", "err.payment_deadline", "the order's payment deadline has passed")
	ErrTooManyCoupons      = newError("CBC.99006031", "err.too_many_coupons", "at most 3 coupons per order")
	ErrTooManyDiscounts    = newError("CBC.99006032", "err.too_many_discounts", "at most 1 discount per order")
	ErrCouponUnusable      = newError("CBC.99006033", "err.coupon_unusable", "a coupon is not the customer's, not usable now, or already used")
	ErrCouponOutOfScope    = newError("CBC.99006034", "err.coupon_out_of_scope", "a coupon does not apply to the order's services")
	ErrDiscountUnusable    = newError("CBC.99006035", "err.discount_unusable", "the discount does not apply to this order")
	ErrPendingOrders       = newError("CBC.99000039", "err.pending_orders", "the customer has orders pending payment or review")
	ErrNoLines             = newError("CBC.0100", "err.no_lines", "an order needs one to 100 products")
)

// ShortError is a payment refused for want of balance: how much is missing.
type ShortError struct{ Missing Money }

func (e *ShortError) Error() string {
	return "models: insufficient balance: " + e.Missing.StringFixed(2) + " missing"
}

// Unwrap is ErrInsufficientBalance, the refusal's code.
func (e *ShortError) Unwrap() error { return ErrInsufficientBalance }

// PendingOrdersError refuses an unbinding: the orders that still wait for payment or review.
type PendingOrdersError struct{ Orders []string }

func (e *PendingOrdersError) Error() string {
	return "models: pending orders: " + strings.Join(e.Orders, ", ")
}

// Unwrap is ErrPendingOrders.
func (e *PendingOrdersError) Unwrap() error { return ErrPendingOrders }
