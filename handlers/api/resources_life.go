package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The life of a customer's yearly/monthly resources (reference 4.8): renewing, auto-renewal,
// unsubscribing, the renewal price, and an unsubscribe order's refund, through the console's use
// cases (models/resource_*.go). The cloud serves them to the customer's own key (caller C); the
// refund also to a partner's (P/C). Renewals and unsubscribes move money and take an
// X-Idempotency-Key: a retry under it gets the same order_ids and moves nothing again. The
// renewal price and the refund are in resources_rate.go.

var lifeOperations = []Operation{
	{Name: "RenewalResources", Method: "POST", Path: "/v2/orders/subscriptions/resources/renew",
		Summary: "The customer renews up to 10 main resources (with their attached ones) for 1–11 months or 1–3 years: a renewal " +
			"order each, pending payment, or paid at once from the balance with is_auto_pay 1. Customer's key only.",
		SummaryZH: "客户续订最多 10 个主资源（含其从资源）：1–11 个月或 1–3 年，每个资源一个续订订单，待支付；" +
			"is_auto_pay 为 1 时立即从账户余额支付。仅限客户自己的密钥。",
		Callers: CustomerKeys, Idempotent: true, Request: renewalResourcesReq{}, Response: lifeResp{}, run: (*server).renewalResources},
	{Name: "AutoRenewalResources", Method: "POST", Path: "/v2/orders/subscriptions/resources/autorenew/:resource_id",
		Summary: "The customer has a main resource renew itself at each expiry from its balance: period_type MONTH or YEAR, " +
			"auto_renew_times 0 (until cancelled) to 99. Left out, they keep the resource's setting (else a month, until cancelled). Customer's key only.",
		SummaryZH: "客户为主资源开通自动续费：到期时从账户余额续费，period_type 为 MONTH 或 YEAR，auto_renew_times 为 0（不限次数）至 99；" +
			"不填时沿用资源当前的设置（否则按月、不限次数）。仅限客户自己的密钥。",
		Callers: CustomerKeys, Request: autoRenewReq{}, Response: nil, run: (*server).autoRenewalResources},
	{Name: "CancelAutoRenewalResources", Method: "DELETE", Path: "/v2/orders/subscriptions/resources/autorenew/:resource_id",
		Summary:   "The customer stops a main resource's auto-renewal: at its expiry it enters the grace period. Customer's key only.",
		SummaryZH: "客户取消主资源的自动续费：到期后进入宽限期。仅限客户自己的密钥。",
		Callers:   CustomerKeys, Response: nil, run: (*server).cancelAutoRenewalResources},
	{Name: "CancelResourcesSubscription", Method: "POST", Path: "/v2/orders/subscriptions/resources/unsubscribe",
		Summary: "The customer unsubscribes up to 10 main resources: unsubscribe_type 1 the resource (closed now, with its attached " +
			"ones) and its renewed periods, 2 the renewed periods not yet begun. The cash paid for the unused whole days is refunded " +
			"to its balance (coupons are not). Customer's key only.",
		SummaryZH: "客户退订最多 10 个主资源：unsubscribe_type 为 1 时退订资源（立即关闭，含从资源）及其已续费周期，为 2 时只退订尚未开始的已续费周期。" +
			"未使用的整天对应的现金退回账户余额（代金券支付的部分不退）。仅限客户自己的密钥。",
		Callers: CustomerKeys, Idempotent: true, Request: unsubscribeReq{}, Response: lifeResp{}, run: (*server).cancelResourcesSubscription},
	{Name: "ListRenewRateOnPeriod", Method: "POST", Path: "/v2/bills/ratings/period-resources/renew-rate",
		Summary:   "The price of renewing up to 10 main resources for a period at today's prices: official, and with each discount the customer has. Customer's key only.",
		SummaryZH: "查询续订最多 10 个主资源一个周期的价格（按当前价格）：官网价及客户可用的各项折扣价。仅限客户自己的密钥。",
		Callers:   CustomerKeys, Query: true, Request: renewRateReq{}, Response: renewRateResp{}, run: (*server).listRenewRateOnPeriod},
	{Name: "ShowRefundOrderDetails", Method: "GET", Path: "/v2/orders/customer-orders/refund-orders",
		Summary: "An unsubscribe order's refund, one record per order whose paid period it cut (base_order_id), the amount refunded " +
			"negative. A partner names the customer_id (a reseller's customer with indirect_partner_id).",
		SummaryZH: "查询退订订单的退款详情：每个被退订周期的原订单一条记录（base_order_id），退款金额为负数。伙伴需填 customer_id（总经销商用 indirect_partner_id 查询云经销商的客户）。",
		Roles:     orderReadRoles, Callers: AnyKeys, Request: refundOrderReq{}, Response: refundOrderResp{}, run: (*server).showRefundOrderDetails},
}

// RenewalResources — RenewalResourcesReq.
type renewalResourcesReq struct {
	ResourceIDs []string `json:"resource_ids"`
	PeriodType  int32    `json:"period_type"` // 2 month, 3 year
	PeriodNum   int32    `json:"period_num"`
	IsAutoPay   *int32   `json:"is_auto_pay,omitempty"` // 0 no (default), 1 yes
}

// lifeResp is RenewalResourcesResponse and CancelResourcesSubscriptionResponse.
type lifeResp struct {
	OrderIDs          []string           `json:"order_ids"`
	FailResourceInfos []failResourceInfo `json:"fail_resource_infos"`
}

// failResourceInfo is the SDK's FailResourceInfo: a resource of the batch refused, and why.
type failResourceInfo struct {
	ErrorCode  string `json:"error_code"`
	ErrorMsg   string `json:"error_msg"`
	ResourceID string `json:"resource_id"`
}

// errResourceNotFound answers a resource id of no resource the caller may act on, another
// partner's or customer's included (the reference's CBC.99003012).
var errResourceNotFound = &bssError{http.StatusBadRequest, "CBC.99003012", "resource_id: no such resource"}

// lifeIDs checks the resource ids of a renewal, an unsubscribe or a renewal price: 1 to 10, each
// an id's length.
func lifeIDs(ids []string) error {
	if len(ids) == 0 || len(ids) > models.MaxLifeResources {
		return &models.FieldError{Field: "resource_ids", Err: models.ErrLifeResources}
	}
	for _, id := range ids {
		if id == "" || len(id) > 64 {
			return errBadRequest("resource_ids holds an empty or too long id")
		}
	}
	return nil
}

// renewInputOf checks a RenewalResources body's shape.
func renewInputOf(req *renewalResourcesReq) (models.RenewInput, error) {
	in := models.RenewInput{ResourceIDs: req.ResourceIDs, PeriodType: int(req.PeriodType), PeriodNum: int(req.PeriodNum)}
	if err := lifeIDs(req.ResourceIDs); err != nil {
		return in, err
	}
	if err := models.CheckPeriod(int(req.PeriodType), int(req.PeriodNum)); err != nil {
		return in, err
	}
	if req.IsAutoPay != nil {
		if *req.IsAutoPay != 0 && *req.IsAutoPay != 1 {
			return in, errBadRequest("is_auto_pay must be 0 or 1")
		}
		in.AutoPay = *req.IsAutoPay == 1
	}
	return in, nil
}

func (s *server) renewalResources(c echo.Context, body []byte) error {
	var req renewalResourcesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	in, err := renewInputOf(&req)
	if err != nil {
		return err
	}
	if in.IdempotencyKey, err = idempotencyKey(c); err != nil {
		return err
	}
	res, err := models.RenewResources(ctxOf(c), s.DB, actor(c), in, s.now())
	return lifeAnswer(c, res, err)
}

// lifeAnswer answers a batch: the orders made and the resources refused, each with its code. When
// every resource was refused the first refusal is the answer, as the SDK raises it.
func lifeAnswer(c echo.Context, res *models.LifeResult, err error) error {
	if err != nil {
		return lifeRefusal(err)
	}
	resp := lifeResp{OrderIDs: []string{}, FailResourceInfos: []failResourceInfo{}}
	for _, o := range res.Orders {
		resp.OrderIDs = append(resp.OrderIDs, o.OrderID())
	}
	for _, f := range res.Failures {
		be := bssOf(lifeRefusal(f.Err))
		resp.FailResourceInfos = append(resp.FailResourceInfos, failResourceInfo{be.Code, be.Msg, f.ResourceID})
	}
	return ok(c, resp)
}

// lifeRefusal answers a resource the caller may not act on as not found, and a short balance
// (an auto-paid renewal) with what is missing.
func lifeRefusal(err error) error {
	var short *models.ShortError
	switch {
	case errors.Is(err, models.ErrNotFound):
		return errResourceNotFound
	case errors.As(err, &short):
		return &bssError{http.StatusBadRequest, "CBC.30050006", "auto-pay failed, insufficient balance: " + short.Missing.StringFixed(2) + " missing"}
	}
	return err
}

// bssOf is the BSS error a refusal is answered with.
func bssOf(err error) *bssError {
	var be *bssError
	var me *models.Error
	switch {
	case errors.As(err, &be):
		return be
	case errors.As(err, &me):
		msg := errorText(me)
		var fe *models.FieldError
		if errors.As(err, &fe) {
			msg = fe.Message()
		}
		return &bssError{http.StatusBadRequest, me.Code, msg}
	}
	return errInternal
}

// AutoRenewalResources — the path's resource_id and AutoRenewalResourcesReq.
type autoRenewReq struct {
	AutoRenewTimes *int32 `json:"auto_renew_times,omitempty"` // 0 (until cancelled) to 99
	PeriodType     string `json:"period_type,omitempty"`      // MONTH or YEAR
}

// autoRenewPeriods are period_type's values.
var autoRenewPeriods = map[string]int{"MONTH": models.PeriodMonth, "YEAR": models.PeriodYear}

// autoRenewOf checks an AutoRenewalResources request's shape: the period (0 when left out) and the
// times (nil when left out).
func autoRenewOf(resourceID string, req *autoRenewReq) (period int, times *int, err error) {
	if resourceID == "" {
		return 0, nil, errBadRequest("resource_id is required")
	}
	if err := checkLen("resource_id", resourceID, 64); err != nil {
		return 0, nil, err
	}
	if req.PeriodType != "" {
		p, known := autoRenewPeriods[req.PeriodType]
		if !known {
			return 0, nil, errBadRequest("period_type must be MONTH or YEAR")
		}
		period = p
	}
	if req.AutoRenewTimes != nil {
		if *req.AutoRenewTimes < 0 || *req.AutoRenewTimes > models.MaxAutoRenewTimes {
			return 0, nil, &models.FieldError{Field: "auto_renew_times", Err: models.ErrAutoRenewTimes}
		}
		n := int(*req.AutoRenewTimes)
		times = &n
	}
	return period, times, nil
}

func (s *server) autoRenewalResources(c echo.Context, body []byte) error {
	var req autoRenewReq
	if err := decode(body, &req); err != nil {
		return err
	}
	id := c.Param("resource_id")
	period, times, err := autoRenewOf(id, &req)
	if err != nil {
		return err
	}
	if period == 0 || times == nil { // left out: the resource's own setting
		cur, err := s.ownResource(c, id)
		if err != nil {
			return err
		}
		p, n := cur.AutoRenewSetting()
		if period == 0 {
			period = p
		}
		if times == nil {
			times = &n
		}
	}
	if _, err := models.SetAutoRenew(ctxOf(c), s.DB, actor(c), id, period, *times, s.now()); err != nil {
		return lifeRefusal(err)
	}
	return c.NoContent(http.StatusNoContent)
}

// ownResource is the caller's yearly/monthly resource of the public id (main or attached).
func (s *server) ownResource(c echo.Context, id string) (*models.Resource, error) {
	list, err := models.ListResources(ctxOf(c), s.DB, actor(c), models.ResourceFilter{PublicIDs: []string{id},
		ChargeMode: models.ChargePeriod, WithAttached: true, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list.Rows) == 0 {
		return nil, errResourceNotFound
	}
	return &list.Rows[0].Resource, nil
}

func (s *server) cancelAutoRenewalResources(c echo.Context, _ []byte) error {
	id := c.Param("resource_id")
	if err := checkLen("resource_id", id, 64); err != nil {
		return err
	}
	if _, err := models.CancelAutoRenew(ctxOf(c), s.DB, actor(c), id, s.now()); err != nil {
		return lifeRefusal(err)
	}
	return c.NoContent(http.StatusNoContent)
}

// CancelResourcesSubscription — UnsubscribeResourcesReq.
type unsubscribeReq struct {
	ResourceIDs           []string `json:"resource_ids"`
	UnsubscribeType       int32    `json:"unsubscribe_type"`                  // 1 resource and renewals, 2 renewals only
	UnsubscribeReasonType *int32   `json:"unsubscribe_reason_type,omitempty"` // 1–5
	UnsubscribeReason     string   `json:"unsubscribe_reason,omitempty"`
}

// unsubscribeInputOf checks a CancelResourcesSubscription body's shape; the reason's text is the
// domain's to check.
func unsubscribeInputOf(req *unsubscribeReq) (models.UnsubscribeInput, error) {
	in := models.UnsubscribeInput{ResourceIDs: req.ResourceIDs, Reason: req.UnsubscribeReason}
	if err := lifeIDs(req.ResourceIDs); err != nil {
		return in, err
	}
	if req.UnsubscribeType != models.UnsubscribeResource && req.UnsubscribeType != models.UnsubscribeRenewals {
		return in, &models.FieldError{Field: "unsubscribe_type", Err: models.ErrUnsubscribeType}
	}
	in.Type = int8(req.UnsubscribeType)
	if rt := req.UnsubscribeReasonType; rt != nil {
		if *rt < 1 || *rt > 5 {
			return in, &models.FieldError{Field: "unsubscribe_reason_type", Err: models.ErrUnsubscribeReason}
		}
		in.ReasonType = int8(*rt)
	}
	return in, nil
}

func (s *server) cancelResourcesSubscription(c echo.Context, body []byte) error {
	var req unsubscribeReq
	if err := decode(body, &req); err != nil {
		return err
	}
	in, err := unsubscribeInputOf(&req)
	if err != nil {
		return err
	}
	if in.IdempotencyKey, err = idempotencyKey(c); err != nil {
		return err
	}
	res, err := models.Unsubscribe(ctxOf(c), s.DB, actor(c), in, s.now())
	return lifeAnswer(c, res, err)
}
