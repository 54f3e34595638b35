package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The coupons a partner issued: list them, reclaim one, and the operation records of its coupons.

// ListIssuedPartnerCoupons — GET /v2/promotions/benefits/partner-coupons.
type listIssuedCouponsReq struct {
	CouponID           string `query:"coupon_id"`
	CustomerID         string `query:"customer_id"`
	OrderID            string `query:"order_id"`
	CouponType         *int32 `query:"coupon_type"`
	Status             *int32 `query:"status"`
	CreateTimeBegin    string `query:"create_time_begin"`
	CreateTimeEnd      string `query:"create_time_end"`
	EffectiveTimeBegin string `query:"effective_time_begin"`
	EffectiveTimeEnd   string `query:"effective_time_end"`
	ExpireTimeBegin    string `query:"expire_time_begin"`
	ExpireTimeEnd      string `query:"expire_time_end"`
	Offset             *int32 `query:"offset"`
	Limit              *int32 `query:"limit"`
	IndirectPartnerID  string `query:"indirect_partner_id"`
}

type listIssuedCouponsResp struct {
	TotalCount  int32           `json:"total_count"`
	UserCoupons []partnerCoupon `json:"user_coupons"`
}

// partnerCoupon is the SDK's IQueryUserPartnerCouponsResultV2: amounts are decimals (numbers).
type partnerCoupon struct {
	CouponID      string        `json:"coupon_id"`
	Status        int32         `json:"status"`
	CustomerID    string        `json:"customer_id"`
	CouponType    int32         `json:"coupon_type"`
	MeasureID     int32         `json:"measure_id"`
	FaceValue     decimalNumber `json:"face_value"`
	EffectiveTime string        `json:"effective_time"`
	ExpireTime    string        `json:"expire_time"`
	UseLimits     []couponLimit `json:"use_limits"`
	CreateTime    string        `json:"create_time"`
	Balance       decimalNumber `json:"balance"`
	LockOrderID   string        `json:"lock_order_id,omitempty"`
	IsFrozen      string        `json:"is_frozen"`
}

// couponLimit is the SDK's ICouponUseLimitInfoV2: a coupon's own service-type scope, one entry per
// service type (none: the quota's limits apply).
type couponLimit struct {
	LimitKey string `json:"limit_key"`
	Value1   string `json:"value1"`
}

func useLimits(c *models.Coupon) []couponLimit {
	out := []couponLimit{}
	for _, t := range c.ServiceTypeList() {
		out = append(out, couponLimit{LimitKey: limitServiceType, Value1: t})
	}
	return out
}

// couponStatusOf checks the status parameter of the coupon lists: 1 to 5.
func couponStatusOf(v *int32) (int8, error) {
	if v == nil {
		return 0, nil
	}
	if *v < 1 || *v > 5 {
		return 0, errBadRequest("status must be 1 (not activated), 2 (usable), 3 (used), 4 (expired) or 5 (reclaimed)")
	}
	return int8(*v), nil
}

// couponTypeOf checks coupon_type: 1 代金券, 2 折扣券, 3 产品券, 4 现金券 (PartnerHub issues 1 and 4).
func couponTypeOf(v *int32) (int8, error) {
	if v == nil {
		return 0, nil
	}
	if *v < 1 || *v > 4 {
		return 0, errBadRequest("coupon_type must be 1 (voucher), 2 (discount), 3 (product) or 4 (cash coupon)")
	}
	return int8(*v), nil
}

func (s *server) listIssuedPartnerCoupons(c echo.Context, _ []byte) error {
	var req listIssuedCouponsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listIssuedCouponsResp{UserCoupons: []partnerCoupon{}}
	f, none, err := s.couponFilter(c, &req)
	if err != nil || none {
		return okOr(c, resp, err)
	}
	list, err := models.ListIssuedCoupons(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for i := range list.Rows {
		r := &list.Rows[i]
		resp.UserCoupons = append(resp.UserCoupons, partnerCoupon{CouponID: r.PublicID, Status: int32(r.StatusAt(s.now())),
			CustomerID: r.CustomerDID, CouponType: int32(r.Type), MeasureID: measureYuan, FaceValue: decimalNumber{r.FaceMoney()},
			EffectiveTime: formatTime(&r.EffectiveAt), ExpireTime: formatTime(&r.ExpireAt), UseLimits: useLimits(&r.Coupon),
			CreateTime: formatTime(&r.CreatedAt), Balance: decimalNumber{r.BalanceMoney()}, LockOrderID: r.LockOrderID, IsFrozen: "0"})
	}
	return ok(c, resp)
}

// okOr answers err if there is one, else the (empty) answer.
func okOr(c echo.Context, resp any, err error) error {
	if err != nil {
		return err
	}
	return ok(c, resp)
}

// couponFilter checks the filters of ListIssuedPartnerCoupons. none tells a filter no coupon can
// match: an unknown customer, or an order (PartnerHub has no orders yet, so no coupon was used by one).
func (s *server) couponFilter(c echo.Context, req *listIssuedCouponsReq) (f models.CouponFilter, none bool, err error) {
	for _, l := range []struct{ field, v string }{{"coupon_id", req.CouponID}, {"customer_id", req.CustomerID},
		{"order_id", req.OrderID}, {"indirect_partner_id", req.IndirectPartnerID}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return
		}
	}
	if f.Type, err = couponTypeOf(req.CouponType); err != nil {
		return
	}
	if f.Status, err = couponStatusOf(req.Status); err != nil {
		return
	}
	if f.Created, err = timeRange("create_time_begin", req.CreateTimeBegin, "create_time_end", req.CreateTimeEnd); err != nil {
		return
	}
	if f.Effective, err = timeRange("effective_time_begin", req.EffectiveTimeBegin, "effective_time_end", req.EffectiveTimeEnd); err != nil {
		return
	}
	if f.Expire, err = timeRange("expire_time_begin", req.ExpireTimeBegin, "expire_time_end", req.ExpireTimeEnd); err != nil {
		return
	}
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return
	}
	f.ResellerID, f.CouponID = idOf(r), req.CouponID
	if req.CustomerID != "" {
		if f.CustomerID, err = models.CouponCustomerID(ctxOf(c), s.DB, actor(c), req.CustomerID); err != nil {
			return
		}
		none = f.CustomerID == 0
	}
	return f, none || req.OrderID != "", nil
}

// ReclaimPartnerCoupons — POST /v2/promotions/benefits/partner-coupons/reclaim: 204 No Content.
type reclaimPartnerCouponsReq struct {
	CouponID          string `json:"coupon_id"`
	IndirectPartnerID string `json:"indirect_partner_id,omitempty"`
}

func (s *server) reclaimPartnerCoupons(c echo.Context, body []byte) error {
	var req reclaimPartnerCouponsReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.CouponID == "" {
		return errBadRequest("coupon_id is required")
	}
	if err := checkLen("coupon_id", req.CouponID, 64); err != nil {
		return err
	}
	key, err := idempotencyKey(c)
	if err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	cp, err := models.CouponByPublicID(ctxOf(c), s.DB, actor(c), req.CouponID, idOf(r))
	if err != nil {
		return err
	}
	if _, err := models.ReclaimCouponWithKey(ctxOf(c), s.DB, actor(c), cp.ID, key, s.now()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListPartnerCouponsRecord — GET /v2/promotions/benefits/partner-coupons/records/query.
type listCouponRecordsReq struct {
	OperationTypes     []string `query:"operation_types"`
	QuotaID            string   `query:"quota_id"`
	QuotaType          *int32   `query:"quota_type"`
	CouponIDs          []string `query:"coupon_ids"`
	CustomerID         string   `query:"customer_id"`
	OperationTimeBegin string   `query:"operation_time_begin"`
	OperationTimeEnd   string   `query:"operation_time_end"`
	Result             string   `query:"result"`
	Offset             *int32   `query:"offset"`
	Limit              *int32   `query:"limit"`
	IndirectPartnerID  string   `query:"indirect_partner_id"`
}

type listCouponRecordsResp struct {
	TotalCount int32          `json:"total_count"`
	Records    []couponRecord `json:"records"`
}

// couponRecord is the SDK's CouponRecordV2: operation_type and result are strings, the amount a
// decimal (number).
type couponRecord struct {
	ID              string        `json:"id"`
	OperationType   string        `json:"operation_type"`
	QuotaID         string        `json:"quota_id"`
	QuotaType       int32         `json:"quota_type"`
	CouponID        string        `json:"coupon_id,omitempty"`
	CustomerID      string        `json:"customer_id"`
	OperationAmount decimalNumber `json:"operation_amount"`
	OperationTime   string        `json:"operation_time"`
	Result          string        `json:"result"`
	Remark          string        `json:"remark,omitempty"`
}

func (s *server) listPartnerCouponsRecord(c echo.Context, _ []byte) error {
	var req listCouponRecordsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listCouponRecordsResp{Records: []couponRecord{}}
	f, none, err := s.recordFilter(c, &req)
	if err != nil || none {
		return okOr(c, resp, err)
	}
	list, err := models.ListCouponRecords(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for _, r := range list.Rows {
		rec := couponRecord{ID: strconv.FormatUint(r.ID, 10), OperationType: strconv.Itoa(int(r.OperationType)),
			QuotaID: r.QuotaPublicID, QuotaType: int32(r.QuotaType), CouponID: r.CouponPublicID, CustomerID: r.CustomerDID,
			OperationAmount: decimalNumber{r.AmountMoney()}, OperationTime: formatTime(&r.CreatedAt), Result: "0", Remark: r.Remark}
		if r.Failed() {
			rec.Result = "-1"
		}
		resp.Records = append(resp.Records, rec)
	}
	return ok(c, resp)
}

// recordFilter checks the filters of ListPartnerCouponsRecord; none tells a filter no record can
// match (a quota, coupon or customer that is not there).
func (s *server) recordFilter(c echo.Context, req *listCouponRecordsReq) (f models.RecordFilter, none bool, err error) {
	for _, l := range []struct{ field, v string }{{"quota_id", req.QuotaID}, {"customer_id", req.CustomerID},
		{"indirect_partner_id", req.IndirectPartnerID}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return
		}
	}
	if err = checkIDs("coupon_ids", req.CouponIDs); err != nil {
		return
	}
	for _, op := range req.OperationTypes {
		n, convErr := strconv.Atoi(op)
		if convErr != nil || n < 1 || n > 9 || op != strconv.Itoa(n) {
			err = errBadRequest(fmt.Sprintf("operation_types holds 1 to 9, not %q", op))
			return
		}
		f.Ops = append(f.Ops, int8(n))
	}
	if req.QuotaType != nil {
		if *req.QuotaType != 0 && *req.QuotaType != 1 {
			err = errBadRequest("quota_type must be 0 (voucher quota) or 1 (cash coupon quota)")
			return
		}
		t := models.QuotaType(*req.QuotaType)
		f.QuotaType = &t
	}
	switch req.Result { // the cloud ignores any other value
	case "0", "-1":
		n := int8(0)
		if req.Result == "-1" {
			n = -1
		}
		f.Result = &n
	}
	if f.Time, err = timeRange("operation_time_begin", req.OperationTimeBegin, "operation_time_end", req.OperationTimeEnd); err != nil {
		return
	}
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return
	}
	f.ResellerID = idOf(r)
	return s.recordTargets(c, req, f)
}

// recordTargets resolves the quota, coupons and customer a record filter names.
func (s *server) recordTargets(c echo.Context, req *listCouponRecordsReq, f models.RecordFilter) (models.RecordFilter, bool, error) {
	ctx, a := ctxOf(c), actor(c)
	if req.QuotaID != "" {
		q, err := models.QuotaByPublicID(ctx, s.DB, a, req.QuotaID, f.ResellerID)
		if errors.Is(err, models.ErrQuotaNotFound) {
			return f, true, nil
		}
		if err != nil {
			return f, false, err
		}
		f.QuotaID = q.ID
	}
	if len(req.CouponIDs) > 0 {
		ids, err := models.CouponIDsByPublicID(ctx, s.DB, a, req.CouponIDs, f.ResellerID)
		if err != nil || len(ids) == 0 {
			return f, err == nil, err
		}
		f.CouponIDs = ids
	}
	if req.CustomerID != "" {
		id, err := models.CouponCustomerID(ctx, s.DB, a, req.CustomerID)
		if err != nil || id == 0 {
			return f, err == nil, err
		}
		f.CustomerID = id
	}
	return f, false, nil
}
