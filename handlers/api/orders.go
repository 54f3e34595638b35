package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The yearly/monthly order operations (reference section 4.7). A partner's key lists and reads the
// orders it placed on its customers' behalf (a master distributor's reseller's with
// indirect_partner_id); a customer's own key lists and reads its orders and is the only key that
// pays or cancels one, and reads what it may pay with (the cloud refuses a partner's AK/SK there).
// Amounts are float64 (numbers) in the SDK's order models, decimals in ListOrderDiscounts.

var orderOperations = []Operation{
	{Name: "ListCustomerOrders", Method: "GET", Path: "/v2/orders/customer-orders",
		Summary: "List yearly/monthly orders: with a partner's key the orders it placed for its customers (a master distributor's " +
			"reseller's with indirect_partner_id), with a customer's key its own. order_type is a string here, an integer in the answer.",
		SummaryZH: "查询包年/包月订单列表：使用伙伴的密钥时为伙伴代客户下的订单（总经销商可用 indirect_partner_id 查询云经销商的），" +
			"使用客户的密钥时为客户自己的订单。查询参数 order_type 为字符串，响应中为整数。",
		Roles: orderReadRoles, Callers: AnyKeys, Request: listCustomerOrdersReq{}, Response: listCustomerOrdersResp{},
		run: (*server).listCustomerOrders},
	{Name: "ShowCustomerOrderDetails", Method: "GET", Path: "/v2/orders/customer-orders/details/:order_id",
		Summary:   "One order with its line items (paged), amounts and payment deadline; another account's order is not found (CBC.0101).",
		SummaryZH: "查询订单详情：订单项（分页）、金额和支付截止时间；其他账号的订单视为不存在（CBC.0101）。",
		Roles:     orderReadRoles, Callers: AnyKeys, Request: showOrderDetailsReq{}, Response: showOrderDetailsResp{},
		run: (*server).showCustomerOrderDetails},
	{Name: "PayOrders", Method: "POST", Path: "/v3/orders/customer-orders/pay",
		Summary: "The customer pays a pending order with up to 3 coupons (type 301 for a voucher, 302 for a cash coupon), at most 1 " +
			"discount (type 2 business, 3 partner-granted) and the rest from its balance; answers 204. Customer's key only.",
		SummaryZH: "客户支付待支付订单：最多 3 张优惠券（代金券 type 301，现金券 302）、最多 1 个折扣（商务优惠 2，伙伴授予 3），" +
			"其余从账户余额扣除；成功时返回 204。仅限客户自己的密钥。",
		Callers: CustomerKeys, Idempotent: true, Request: payOrdersReq{}, Response: nil, run: (*server).payOrders},
	{Name: "CancelCustomerOrder", Method: "PUT", Path: "/v2/orders/customer-orders/cancel",
		Summary:   "The customer cancels an order pending payment (or review), releasing any coupon it held; answers 204. Customer's key only.",
		SummaryZH: "客户取消待支付（或待审核）的订单，释放其占用的优惠券；成功时返回 204。仅限客户自己的密钥。",
		Callers:   CustomerKeys, Request: cancelOrderReq{}, Response: nil, run: (*server).cancelCustomerOrder},
	{Name: "ListOrderCouponsByOrderId", Method: "GET", Path: "/v2/orders/customer-orders/order-coupons",
		Summary:   "The coupons a pending order may be paid with: usable now, in scope of its services, not held by another order. Customer's key only.",
		SummaryZH: "查询订单可用的优惠券：当前可用、适用于订单的云服务、未被其他订单占用。仅限客户自己的密钥。",
		Callers:   CustomerKeys, Request: orderCouponsReq{}, Response: orderCouponsResp{}, run: (*server).listOrderCoupons},
	{Name: "ListOrderDiscounts", Method: "GET", Path: "/v2/orders/customer-orders/order-discounts",
		Summary:   "The discounts a pending order may be paid with (one per payment), with what each takes off each line. Customer's key only.",
		SummaryZH: "查询订单可用的折扣（每次支付最多一个）及其在各订单项上的减免金额。仅限客户自己的密钥。",
		Callers:   CustomerKeys, Request: orderDiscountsReq{}, Response: orderDiscountsResp{}, run: (*server).listOrderDiscounts},
}

// orderReadRoles read orders with a partner's key: every member role (the console's orders pages).
var orderReadRoles = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleFinance, models.RoleViewer}

// errOrderNotFound answers an order id of no order the caller may see, another partner's or
// customer's included: the reference's "invalid parameter".
var errOrderNotFound = &bssError{http.StatusBadRequest, "CBC.0101", "order_id: no such order"}

// Order sources (source_type): PartnerHub's orders are all placed by a partner (代理, 2).
const sourceAgent = int32(2)

// ListCustomerOrders — GET /v2/orders/customer-orders.
type listCustomerOrdersReq struct {
	OrderID           string `query:"order_id"`
	CustomerID        string `query:"customer_id"`
	CreateTimeBegin   string `query:"create_time_begin"`
	CreateTimeEnd     string `query:"create_time_end"`
	ServiceTypeCode   string `query:"service_type_code"`
	Status            *int32 `query:"status"`
	OrderType         string `query:"order_type"`
	Limit             *int32 `query:"limit"`
	Offset            *int32 `query:"offset"`
	OrderBy           string `query:"order_by"`
	PaymentTimeBegin  string `query:"payment_time_begin"`
	PaymentTimeEnd    string `query:"payment_time_end"`
	IndirectPartnerID string `query:"indirect_partner_id"`
	Method            string `query:"method"`
}

type listCustomerOrdersResp struct {
	TotalCount int32           `json:"total_count"`
	OrderInfos []customerOrder `json:"order_infos"`
}

// orderFields are the fields CustomerOrderV2 (the list) and CustomerOrderV3 (the detail) share.
type orderFields struct {
	OrderID             string     `json:"order_id"`
	CustomerID          string     `json:"customer_id"`
	ServiceTypeCode     string     `json:"service_type_code"`
	ServiceTypeName     string     `json:"service_type_name"`
	SourceType          int32      `json:"source_type"`
	Status              int32      `json:"status"`
	OrderType           int32      `json:"order_type"`
	AmountAfterDiscount float64    `json:"amount_after_discount"` // official less discounts, before coupons
	OfficialAmount      float64    `json:"official_amount"`
	MeasureID           int32      `json:"measure_id"`
	CreateTime          string     `json:"create_time"`
	PaymentTime         string     `json:"payment_time,omitempty"`
	Currency            string     `json:"currency"`
	AmountInfo          amountInfo `json:"amount_info"`
}

// customerOrder is the SDK's CustomerOrderV2.
type customerOrder struct {
	orderFields
	EnterpriseProjects []enterpriseProject `json:"enterprise_projects"`
	AgentPayInfo       agentPayInfo        `json:"agent_pay_info"`
}

type enterpriseProject struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type agentPayInfo struct {
	IsAgentPay bool `json:"is_agent_pay"`
}

// amountInfo is the SDK's AmountInfomationV2 (sic): the discounts, and what coupons paid by kind.
type amountInfo struct {
	Discounts                 []discountItem `json:"discounts"`
	FlexipurchaseCouponAmount float64        `json:"flexipurchase_coupon_amount"` // 现金券
	CouponAmount              float64        `json:"coupon_amount"`               // 代金券
	StoredCardAmount          float64        `json:"stored_card_amount"`
}

type discountItem struct {
	DiscountType   string  `json:"discount_type"` // the reference's code as a string: "605", "606", "607"
	DiscountAmount float64 `json:"discount_amount"`
}

// Coupon types (models.Coupon.Type, the API's coupon_type).
const (
	couponVoucher = int8(1) // 代金券
	couponCash    = int8(4) // 现金券
)

func yuan(fen int64) float64 { return models.Fen(fen).InexactFloat64() }

// orderAmounts is an order's amount_info.
func orderAmounts(o *models.Order, p models.OrderPayment) amountInfo {
	ai := amountInfo{Discounts: []discountItem{}, CouponAmount: yuan(p.CouponsByType[couponVoucher]),
		FlexipurchaseCouponAmount: yuan(p.CouponsByType[couponCash])}
	if o.Discount > 0 {
		ai.Discounts = append(ai.Discounts, discountItem{fmt.Sprint(int(p.DiscountType)), yuan(o.Discount)})
	}
	return ai
}

func orderFieldsOf(r *models.OrderRow, p models.OrderPayment, cat *models.Catalog, lang string) orderFields {
	f := orderFields{OrderID: r.OrderID(), CustomerID: r.DomainID, ServiceTypeCode: r.ServiceType, SourceType: sourceAgent,
		Status: int32(r.Status), OrderType: int32(r.Type), AmountAfterDiscount: yuan(r.Official - r.Discount),
		OfficialAmount: yuan(r.Official), MeasureID: measureYuan, CreateTime: formatTime(&r.CreatedAt),
		PaymentTime: formatTime(r.PaidAt), Currency: currencyCNY, AmountInfo: orderAmounts(&r.Order, p)}
	if st := cat.ServiceType(r.ServiceType); st != nil {
		f.ServiceTypeName = st.Name(lang)
	}
	return f
}

func (s *server) listCustomerOrders(c echo.Context, _ []byte) error {
	var req listCustomerOrdersReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listCustomerOrdersResp{OrderInfos: []customerOrder{}}
	q, err := orderQueryOf(&req)
	if err != nil || q.none {
		return okOr(c, resp, err)
	}
	f := q.filter
	if q.customerID != "" {
		id, found, err := models.OrderCustomerID(ctxOf(c), s.DB, q.customerID)
		if err != nil || !found {
			return okOr(c, resp, err)
		}
		f.CustomerID = id
	}
	if !caller(c).IsCustomer() { // a customer's key lists its own orders: no reseller to act for
		r, err := s.reseller(c, req.IndirectPartnerID)
		if err != nil {
			return err
		}
		f.ResellerID = idOf(r)
	}
	list, err := models.ListOrders(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	orders := make([]models.Order, len(list.Rows))
	for i := range list.Rows {
		orders[i] = list.Rows[i].Order
	}
	pays, err := models.OrderPayments(ctxOf(c), s.DB, orders)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for i := range list.Rows {
		r := &list.Rows[i]
		resp.OrderInfos = append(resp.OrderInfos, customerOrder{orderFieldsOf(r, pays[r.ID], cat, lang(c)), []enterpriseProject{}, agentPayInfo{}})
	}
	return ok(c, resp)
}

// orderQuery is a checked ListCustomerOrders request: the filter, the customer's account id to
// resolve, and none when the request can match no order (an order id that is no order number,
// sub_customer orders, which PartnerHub has none of).
type orderQuery struct {
	filter     models.OrderFilter
	customerID string
	none       bool
}

// orderStatuses and orderTypes are the values the reference lists for the filters.
var (
	orderStatuses = []int32{1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13}
	orderTypes    = map[string]int8{"1": 1, "2": 2, "3": 3, "4": 4, "10": 10, "11": 11, "13": 13, "14": 14, "15": 15}
)

// maxOrderSpan is the longest range of creation or payment times one query may ask for.
const maxOrderSpan = 366 * 24 * time.Hour

// orderQueryOf checks the parameters of ListCustomerOrders. order_id and service_type_code are
// case-insensitive, as the cloud's; a time range is at most a year; order_by is createTime
// (oldest first) or -createTime (newest first, also the default).
func orderQueryOf(req *listCustomerOrdersReq) (q orderQuery, err error) {
	for _, l := range []struct{ field, v string }{{"order_id", req.OrderID}, {"customer_id", req.CustomerID},
		{"service_type_code", req.ServiceTypeCode}, {"indirect_partner_id", req.IndirectPartnerID}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return q, err
		}
	}
	f := &q.filter
	if req.Status != nil {
		if !containsInt(orderStatuses, *req.Status) {
			return q, errBadRequest("status must be 1, 2, 3, 4, 5, 6, 9, 10, 11, 12 or 13")
		}
		f.Status = int8(*req.Status)
	}
	if req.OrderType != "" {
		t, known := orderTypes[req.OrderType]
		if !known {
			return q, errBadRequest("order_type must be 1, 2, 3, 4, 10, 11, 13, 14 or 15")
		}
		f.Type = t
	}
	switch strings.ToLower(req.OrderBy) {
	case "", "-createtime":
	case "createtime":
		f.Oldest = true
	default:
		return q, errBadRequest("order_by must be createTime or -createTime")
	}
	switch req.Method {
	case "", "oneself":
	case "sub_customer":
		q.none = true
	default:
		return q, errBadRequest("method must be oneself or sub_customer")
	}
	if f.Created, err = orderSpan("create_time_begin", req.CreateTimeBegin, "create_time_end", req.CreateTimeEnd); err != nil {
		return q, err
	}
	if f.Paid, err = orderSpan("payment_time_begin", req.PaymentTimeBegin, "payment_time_end", req.PaymentTimeEnd); err != nil {
		return q, err
	}
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return q, err
	}
	if req.OrderID != "" {
		if f.OrderID = models.ParseOrderID(strings.ToUpper(req.OrderID)); f.OrderID == 0 {
			q.none = true
		}
	}
	f.ServiceType, q.customerID = strings.ToLower(req.ServiceTypeCode), req.CustomerID
	return q, nil
}

// orderSpan is a time range of at most maxOrderSpan, its end included.
func orderSpan(beginField, begin, endField, end string) (models.TimeRange, error) {
	r, err := timeRange(beginField, begin, endField, end)
	if err == nil && !r.From.IsZero() && !r.To.IsZero() && r.To.Sub(r.From) > maxOrderSpan {
		err = errBadRequest(beginField + " and " + endField + " may be at most a year apart")
	}
	return r, err
}

func containsInt(list []int32, v int32) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ShowCustomerOrderDetails — GET /v2/orders/customer-orders/details/{order_id}: the path's
// order_id, paging of the line items, and indirect_partner_id.
type showOrderDetailsReq struct {
	Limit             *int32 `query:"limit"`
	Offset            *int32 `query:"offset"`
	IndirectPartnerID string `query:"indirect_partner_id"`
}

type showOrderDetailsResp struct {
	TotalCount     int32           `json:"total_count"` // the order's line items
	OrderInfo      orderDetailInfo `json:"order_info"`
	OrderLineItems []orderLineItem `json:"order_line_items"`
}

// orderDetailInfo is the SDK's CustomerOrderV3.
type orderDetailInfo struct {
	orderFields
	UserName              string `json:"user_name"`
	PendingPaymentEndTime string `json:"pending_payment_end_time,omitempty"`
}

// orderLineItem is the SDK's OrderLineItemEntityV2.
type orderLineItem struct {
	OrderLineItemID     string     `json:"order_line_item_id"`
	ServiceTypeCode     string     `json:"service_type_code"`
	ServiceTypeName     string     `json:"service_type_name"`
	ProductID           string     `json:"product_id"`
	ProductSpecDesc     string     `json:"product_spec_desc"`
	PeriodType          int32      `json:"period_type"` // 2 month, 3 year; 4 hour for an on-demand line
	PeriodNum           int32      `json:"period_num"`
	EffectiveTime       string     `json:"effective_time,omitempty"`
	ExpireTime          string     `json:"expire_time,omitempty"`
	SubscriptionNum     int32      `json:"subscription_num"`
	AmountAfterDiscount float64    `json:"amount_after_discount"`
	OfficialAmount      float64    `json:"official_amount"`
	AmountInfo          amountInfo `json:"amount_info"`
	Currency            string     `json:"currency"`
	CategoryCode        string     `json:"category_code"` // the resource type
	OrderID             string     `json:"order_id"`
}

// lineItemID is a line item's id: the order's number and the line's, as the cloud's
// (CS2207261447AUY4H-000001).
func lineItemID(orderID string, lineNo int) string { return fmt.Sprintf("%s-%06d", orderID, lineNo) }

// hourly is period_type 4: an on-demand line is charged by the hour.
const hourly = int32(4)

func (s *server) showCustomerOrderDetails(c echo.Context, _ []byte) error {
	var req showOrderDetailsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	offset, limit, err := paging(req.Offset, req.Limit)
	if err != nil {
		return err
	}
	var resellerID uint64
	if !caller(c).IsCustomer() {
		r, err := s.reseller(c, req.IndirectPartnerID)
		if err != nil {
			return err
		}
		resellerID = idOf(r)
	}
	id := models.ParseOrderID(strings.ToUpper(c.Param("order_id")))
	if id == 0 {
		return errOrderNotFound
	}
	d, err := models.GetOrderDetail(ctxOf(c), s.DB, actor(c), id, resellerID)
	if err != nil {
		return orderRefusal(err)
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	l := lang(c)
	resp := showOrderDetailsResp{TotalCount: int32(len(d.Lines)), OrderLineItems: []orderLineItem{},
		OrderInfo: orderDetailInfo{orderFieldsOf(&d.OrderRow, d.Payment, cat, l), d.CustomerName, formatTime(d.PendingPaymentEndTime)}}
	for i := offset; i < len(d.Lines) && i < offset+limit; i++ {
		resp.OrderLineItems = append(resp.OrderLineItems, lineItemOf(&d.Lines[i], d, cat, l))
	}
	return ok(c, resp)
}

func lineItemOf(ln *models.OrderLineDetail, d *models.OrderDetail, cat *models.Catalog, lang string) orderLineItem {
	it := orderLineItem{OrderLineItemID: lineItemID(d.OrderID(), ln.LineNo), ServiceTypeCode: ln.ServiceType, ProductID: ln.ProductID,
		ProductSpecDesc: specDesc(cat, &ln.OrderLine, lang), PeriodType: int32(ln.PeriodType), PeriodNum: int32(ln.PeriodNum),
		EffectiveTime: formatTime(ln.EffectiveAt), ExpireTime: formatTime(ln.ExpireAt), SubscriptionNum: int32(ln.Quantity),
		AmountAfterDiscount: yuan(ln.AfterDiscount()), OfficialAmount: yuan(ln.Official), Currency: currencyCNY,
		CategoryCode: ln.ResourceType, OrderID: d.OrderID(), AmountInfo: amountInfo{Discounts: []discountItem{}}}
	if d.ChargeMode != models.ChargePeriod {
		it.PeriodType, it.PeriodNum = hourly, 1
	}
	if ln.Discount > 0 {
		it.AmountInfo.Discounts = append(it.AmountInfo.Discounts, discountItem{fmt.Sprint(int(d.Payment.DiscountType)), yuan(ln.Discount)})
	}
	if st := cat.ServiceType(ln.ServiceType); st != nil {
		it.ServiceTypeName = st.Name(lang)
	}
	return it
}

// specDesc describes a line's product: its spec's name, and its size with the size's unit.
func specDesc(cat *models.Catalog, l *models.OrderLine, lang string) string {
	desc := l.Spec
	sp := cat.Spec(l.ResourceType, l.Spec)
	if sp != nil {
		desc = sp.Name(lang)
	}
	if l.Size <= 0 {
		return desc
	}
	unit := ""
	if sp != nil {
		if u := cat.MeasureUnit(sp.SizeMeasureID); u != nil {
			unit = " " + u.Abbreviation
		}
	}
	return fmt.Sprintf("%s | %d%s", desc, l.Size, unit)
}

// orderRefusal answers an order the caller may not see as not found.
func orderRefusal(err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return errOrderNotFound
	}
	return err
}
