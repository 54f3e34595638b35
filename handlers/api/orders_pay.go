package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// Paying and cancelling an order, and what it may be paid with: the customer's own key only.
//
// The reference lists CBC.3106 (the order's status changed, it cannot be paid) and CBC.3112 (a
// coupon is already used) with HTTP 200. They are answered 400 here: the SDK takes any status below
// 400 for success and ignores error_code in it, so an integrator would read a refused payment as
// paid.

// PayOrders — POST /v3/orders/customer-orders/pay (PayCustomerOrderV3Req).
type payOrdersReq struct {
	OrderID       string            `json:"order_id"`
	UseCoupon     string            `json:"use_coupon"`   // YES or NO
	UseDiscount   string            `json:"use_discount"` // YES or NO
	CouponInfos   []payCouponInfo   `json:"coupon_infos,omitempty"`
	DiscountInfos []payDiscountInfo `json:"discount_infos,omitempty"`
}

// payCouponInfo is the SDK's CouponSimpleInfoOrderPayV3: type 300 discount coupon, 301 voucher
// (代金券), 302 cash coupon (现金券), 303 stored-value card.
type payCouponInfo struct {
	ID   string `json:"id"`
	Type int32  `json:"type"`
}

// payDiscountInfo is the SDK's DiscountSimpleInfoV3: type 0 promotion, 2 business, 3 partner-granted.
type payDiscountInfo struct {
	ID   string `json:"id"`
	Type int32  `json:"type"`
}

// payCouponType maps a coupon's type as the coupon lists give it (coupon_type 1 代金券, 2 折扣券,
// 4 现金券) to the type PayOrders takes for it; a product coupon (3) has none.
var payCouponType = map[int8]int32{1: 301, 2: 300, 4: 302}

// payDiscountType maps a discount's type (the reference's 605/606/607) to the discount_type of
// ListOrderDiscounts and the type PayOrders takes for it: the operator's business-contract
// discount is a business discount (2); a master distributor's contract discount and a partner's
// rate are granted by a partner (3).
var payDiscountType = map[models.DiscountType]int32{models.Discount605: 2, models.Discount606: 3, models.Discount607: 3}

// payRequest is a checked PayOrders body: the order's number and the ids to pay with, each with
// the type the caller gave.
type payRequest struct {
	orderID   string
	coupons   []payCouponInfo
	discounts []payDiscountInfo
}

// payRequestOf checks a PayOrders body's shape: order_id required; use_coupon and use_discount YES
// or NO; with YES its list is required, with NO it must be empty; ids up to 64 characters; known
// types. More than 3 coupons or 1 discount is the domain's refusal (CBC.99006031, CBC.99006032).
func payRequestOf(req *payOrdersReq) (*payRequest, error) {
	if req.OrderID == "" {
		return nil, errBadRequest("order_id is required")
	}
	if err := checkLen("order_id", req.OrderID, 64); err != nil {
		return nil, err
	}
	if err := useFlag("use_coupon", req.UseCoupon, "coupon_infos", len(req.CouponInfos)); err != nil {
		return nil, err
	}
	if err := useFlag("use_discount", req.UseDiscount, "discount_infos", len(req.DiscountInfos)); err != nil {
		return nil, err
	}
	if len(req.CouponInfos) > models.MaxOrderCoupons {
		return nil, &models.FieldError{Field: "coupon_infos", Err: models.ErrTooManyCoupons}
	}
	if len(req.DiscountInfos) > models.MaxOrderDiscounts {
		return nil, &models.FieldError{Field: "discount_infos", Err: models.ErrTooManyDiscounts}
	}
	for i, ci := range req.CouponInfos {
		if err := payID(fmt.Sprintf("coupon_infos.%d.id", i), ci.ID); err != nil {
			return nil, err
		}
		if ci.Type < 300 || ci.Type > 303 {
			return nil, errBadRequest(fmt.Sprintf("coupon_infos.%d.type must be 300, 301, 302 or 303", i))
		}
	}
	for i, di := range req.DiscountInfos {
		if err := payID(fmt.Sprintf("discount_infos.%d.id", i), di.ID); err != nil {
			return nil, err
		}
		if di.Type != 0 && di.Type != 2 && di.Type != 3 {
			return nil, errBadRequest(fmt.Sprintf("discount_infos.%d.type must be 0, 2 or 3", i))
		}
	}
	return &payRequest{orderID: req.OrderID, coupons: req.CouponInfos, discounts: req.DiscountInfos}, nil
}

func useFlag(field, v, list string, n int) error {
	switch {
	case v != "YES" && v != "NO":
		return errBadRequest(field + " must be YES or NO")
	case v == "YES" && n == 0:
		return errBadRequest(list + " is required when " + field + " is YES")
	case v == "NO" && n > 0:
		return errBadRequest(list + " must be left out when " + field + " is NO")
	}
	return nil
}

func payID(field, v string) error {
	if v == "" {
		return errBadRequest(field + " is required")
	}
	return checkLen(field, v, 64)
}

func (s *server) payOrders(c echo.Context, body []byte) error {
	var req payOrdersReq
	if err := decode(body, &req); err != nil {
		return err
	}
	pr, err := payRequestOf(&req)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(c)
	if err != nil {
		return err
	}
	in, err := s.payInput(c, pr)
	if err != nil {
		return payRefusal(err)
	}
	in.IdempotencyKey = key
	if _, err := models.PayOrder(ctxOf(c), s.DB, actor(c), in, s.now()); err != nil {
		return payRefusal(err)
	}
	return c.NoContent(http.StatusNoContent)
}

// payInput resolves the request's order, coupons and discount, and checks each type given against
// the coupon's or discount's own. The payment is for the order's price as it stands: the domain
// refuses it if the price or state moves before it is made.
func (s *server) payInput(c echo.Context, pr *payRequest) (models.PayInput, error) {
	ctx, a := ctxOf(c), actor(c)
	id := models.ParseOrderID(strings.ToUpper(pr.orderID))
	if id == 0 {
		return models.PayInput{}, models.ErrNotFound
	}
	o, _, err := models.GetOrder(ctx, s.DB, a, id)
	if err != nil {
		return models.PayInput{}, err
	}
	in := models.PayInput{OrderID: o.ID, Official: o.OfficialMoney()}
	ids := make([]string, len(pr.coupons))
	for i, ci := range pr.coupons {
		ids[i] = ci.ID
	}
	cs, err := models.PayCoupons(ctx, s.DB, a, ids)
	if err != nil {
		return in, err
	}
	for i, cp := range cs {
		if want := payCouponType[cp.Type]; pr.coupons[i].Type != want {
			return in, errBadRequest(fmt.Sprintf("coupon_infos.%d.type must be %d for coupon %s", i, want, cp.PublicID))
		}
		in.CouponIDs = append(in.CouponIDs, cp.ID)
	}
	for i, di := range pr.discounts {
		d, err := models.PayDiscount(ctx, s.DB, a, di.ID)
		if err != nil {
			return in, err
		}
		if want := payDiscountType[d.Type]; di.Type != want {
			return in, errBadRequest(fmt.Sprintf("discount_infos.%d.type must be %d for discount %s", i, want, di.ID))
		}
		in.DiscountIDs = append(in.DiscountIDs, d.ID)
	}
	return in, nil
}

// payRefusal answers a refused payment with the reference's codes where it has one.
func payRefusal(err error) error {
	var short *models.ShortError
	switch {
	case errors.As(err, &short):
		return &bssError{http.StatusBadRequest, "CBC.99005003", "insufficient balance: " + short.Missing.StringFixed(2) + " missing"}
	case errors.Is(err, models.ErrOrderState), errors.Is(err, models.ErrOrderChanged):
		return &bssError{http.StatusBadRequest, "CBC.3106", "the order's status changed: it cannot be paid"}
	case errors.Is(err, models.ErrCouponUnusable):
		return &bssError{http.StatusBadRequest, "CBC.3112", "a coupon is already used, not usable now, or not the customer's"}
	}
	return orderRefusal(err)
}

// CancelCustomerOrder — PUT /v2/orders/customer-orders/cancel (CancelCustomerOrderReq).
type cancelOrderReq struct {
	OrderID string `json:"order_id"`
}

func (s *server) cancelCustomerOrder(c echo.Context, body []byte) error {
	var req cancelOrderReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.OrderID == "" {
		return errBadRequest("order_id is required")
	}
	if err := checkLen("order_id", req.OrderID, 64); err != nil {
		return err
	}
	id := models.ParseOrderID(strings.ToUpper(req.OrderID))
	if id == 0 {
		return errOrderNotFound
	}
	_, err := models.CancelOrder(ctxOf(c), s.DB, actor(c), id, s.now())
	switch {
	case errors.Is(err, models.ErrOrderState), errors.Is(err, models.ErrOrderChanged):
		return &bssError{http.StatusBadRequest, "CBC.99005010", "the order cannot be cancelled: it is no longer pending payment or review"}
	case err != nil:
		return orderRefusal(err)
	}
	return c.NoContent(http.StatusNoContent)
}

// orderIDReq is the one query parameter of ListOrderCouponsByOrderId and ListOrderDiscounts.
type orderIDReq struct {
	OrderID string `query:"order_id,required"`
}

type orderCouponsReq = orderIDReq

// orderIDOf reads the order_id parameter: an id of no order is not found.
func orderIDOf(c echo.Context) (uint64, error) {
	var req orderIDReq
	if err := decodeQuery(c, &req); err != nil {
		return 0, err
	}
	if err := checkLen("order_id", req.OrderID, 64); err != nil {
		return 0, err
	}
	id := models.ParseOrderID(strings.ToUpper(req.OrderID))
	if id == 0 {
		return 0, errOrderNotFound
	}
	return id, nil
}

// ListOrderCouponsByOrderId — GET /v2/orders/customer-orders/order-coupons.
type orderCouponsResp struct {
	Count                int32            `json:"count"`
	UserCoupons          []orderCoupon    `json:"user_coupons"`
	CouponMaxUseQuantity []couponMaxCount `json:"coupon_max_use_quantity"`
}

// orderCoupon is the SDK's CouponInfoV2.
type orderCoupon struct {
	CouponID      string        `json:"coupon_id"`
	Status        int32         `json:"status"` // 2: usable
	CouponType    int32         `json:"coupon_type"`
	MeasureID     int32         `json:"measure_id"`
	FaceValue     float64       `json:"face_value"`
	EffectiveTime string        `json:"effective_time"`
	ExpireTime    string        `json:"expire_time"`
	UseLimits     []couponLimit `json:"use_limits"`
	ActiveTime    string        `json:"active_time"`
	CreateTime    string        `json:"create_time"`
	CouponVersion int32         `json:"coupon_version"` // 2: spent in several orders until its balance is gone
	Balance       float64       `json:"balance"`
	UsedByOrderID string        `json:"used_by_order_id,omitempty"`
	CouponGroup   int32         `json:"coupon_group"` // 0: a cloud service coupon
}

// couponMaxCount is the SDK's CouponMaxUseQuantity.
type couponMaxCount struct {
	CouponType       int32 `json:"coupon_type"`
	CouponGroup      int32 `json:"coupon_group"`
	UseQuantityValue int32 `json:"use_quantity_value"`
}

func (s *server) listOrderCoupons(c echo.Context, _ []byte) error {
	id, err := orderIDOf(c)
	if err != nil {
		return err
	}
	cs, err := models.OrderCouponChoices(ctxOf(c), s.DB, actor(c), id, s.now())
	if err != nil {
		return orderRefusal(err)
	}
	resp := orderCouponsResp{Count: int32(len(cs)), UserCoupons: []orderCoupon{}, CouponMaxUseQuantity: []couponMaxCount{
		{int32(couponVoucher), 0, models.MaxOrderCoupons}, {int32(couponCash), 0, models.MaxOrderCoupons}}}
	for i := range cs {
		cp := &cs[i]
		resp.UserCoupons = append(resp.UserCoupons, orderCoupon{CouponID: cp.PublicID, Status: int32(cp.StatusAt(s.now())),
			CouponType: int32(cp.Type), MeasureID: measureYuan, FaceValue: cp.FaceMoney().InexactFloat64(),
			EffectiveTime: formatTime(&cp.EffectiveAt), ExpireTime: formatTime(&cp.ExpireAt), UseLimits: useLimits(cp),
			ActiveTime: formatTime(&cp.EffectiveAt), CreateTime: formatTime(&cp.CreatedAt), CouponVersion: 2,
			Balance: cp.BalanceMoney().InexactFloat64(), UsedByOrderID: cp.LockOrderID})
	}
	return ok(c, resp)
}

// ListOrderDiscounts — GET /v2/orders/customer-orders/order-discounts.
type orderDiscountsReq = orderIDReq

type orderDiscountsResp struct {
	Discounts []orderDiscount `json:"discounts"`
}

// orderDiscount is the SDK's DiscountInfoV3.
type orderDiscount struct {
	DiscountID    string          `json:"discount_id"`
	DiscountValue string          `json:"discount_value"` // the rate paid (0.90 for 10% off)
	DiscountType  int32           `json:"discount_type"`
	Orders        []discountOrder `json:"orders"`
}

// discountOrder is the SDK's OrderV3.
type discountOrder struct {
	OrderID        string              `json:"order_id"`
	OrderLineItems []discountLineItems `json:"order_line_items"`
}

// discountLineItems is the SDK's OrderLineItemV3: the discount on one line (discount_mode 0, a rate).
type discountLineItems struct {
	OrderLineItemIDs []string      `json:"order_line_item_ids"`
	DiscountMode     int32         `json:"discount_mode"`
	DiscountAmount   decimalNumber `json:"discount_amount"`
	DiscountRatio    ratio         `json:"discount_ratio"`
}

// ratio is a rate answered as a JSON number (a decimal of the SDK).
type ratio struct{ s string }

func (r ratio) MarshalJSON() ([]byte, error) { return []byte(r.s), nil }

func (ratio) jsonSchema() map[string]any { return map[string]any{"type": "number"} }

// rateOf is the part of the price paid under off percent off, to 4 places: 10 → 0.9000.
func rateOf(off models.Percent) string {
	return models.PercentOf(10000).Sub(off.Decimal).Shift(-2).StringFixed(4)
}

func (s *server) listOrderDiscounts(c echo.Context, _ []byte) error {
	id, err := orderIDOf(c)
	if err != nil {
		return err
	}
	choices, err := models.OrderDiscountChoices(ctxOf(c), s.DB, actor(c), id)
	if err != nil {
		return orderRefusal(err)
	}
	resp := orderDiscountsResp{Discounts: []orderDiscount{}}
	if len(choices) == 0 {
		return ok(c, resp)
	}
	o, _, err := models.GetOrder(ctxOf(c), s.DB, actor(c), id)
	if err != nil {
		return orderRefusal(err)
	}
	orderID := o.OrderID()
	for _, ch := range choices {
		d := orderDiscount{DiscountID: fmt.Sprint(ch.DiscountID), DiscountType: payDiscountType[ch.Offer.Type]}
		var items []discountLineItems
		for n, ol := range ch.Offer.Lines {
			if !ol.Off.IsPositive() {
				continue
			}
			if d.DiscountValue == "" {
				d.DiscountValue = rateOf(ol.Off)
			}
			items = append(items, discountLineItems{[]string{lineItemID(orderID, n+1)}, 0,
				decimalNumber{models.Money{Decimal: ol.Discount}}, ratio{rateOf(ol.Off)}})
		}
		d.Orders = []discountOrder{{orderID, items}}
		resp.Discounts = append(resp.Discounts, d)
	}
	return ok(c, resp)
}
