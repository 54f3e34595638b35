package api

import (
	"errors"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The coupon operations (reference section 4.2): a partner's quotas, issuing coupons to its
// customers from them, the coupons issued, reclaiming one, and the operation records. Field names
// and JSON types follow the SDK's models. A master distributor names one of its resellers with
// indirect_partner_id to act on that reseller's quotas and coupons.

// Quota limits (limit_infos) as PartnerHub answers them: limit_key "cloudServiceType" with one
// limit_values entry {value1: code} per service type the quota is limited to, and "faceValue" with
// {value1: minimum, value2: maximum} in yuan, each present only when the quota sets it.
const (
	limitServiceType = "cloudServiceType"
	limitFaceValue   = "faceValue"
)

// couponQuota is the SDK's CouponQuotaV2: amounts are decimals (numbers), status and type ints.
type couponQuota struct {
	QuotaID        string           `json:"quota_id"`
	QuotaType      int32            `json:"quota_type"`
	CreateTime     string           `json:"create_time"`
	LastUpdateTime string           `json:"last_update_time"`
	QuotaValue     decimalNumber    `json:"quota_value"`
	QuotaStatus    int32            `json:"quota_status"`
	Balance        decimalNumber    `json:"balance"`
	MeasureID      int32            `json:"measure_id"`
	Currency       string           `json:"currency"`
	EffectiveTime  string           `json:"effective_time"`
	ExpireTime     string           `json:"expire_time"`
	LimitInfos     []quotaLimitInfo `json:"limit_infos"`
}

type quotaLimitInfo struct {
	LimitKey    string       `json:"limit_key"`
	LimitValues []limitValue `json:"limit_values"`
}

type limitValue struct {
	Value1 string `json:"value1,omitempty"`
	Value2 string `json:"value2,omitempty"`
}

func toCouponQuota(q *models.CouponQuota, now time.Time) couponQuota {
	return couponQuota{QuotaID: q.PublicID, QuotaType: int32(q.Type), CreateTime: formatTime(&q.CreatedAt),
		LastUpdateTime: formatTime(&q.UpdatedAt), QuotaValue: decimalNumber{q.ValueMoney()}, QuotaStatus: int32(q.StatusAt(now)),
		Balance: decimalNumber{q.BalanceMoney()}, MeasureID: measureYuan, Currency: currencyCNY,
		EffectiveTime: formatTime(&q.EffectiveAt), ExpireTime: formatTime(&q.ExpireAt), LimitInfos: limitInfos(q)}
}

func limitInfos(q *models.CouponQuota) []quotaLimitInfo {
	out := []quotaLimitInfo{}
	if types := q.ServiceTypeList(); len(types) > 0 {
		l := quotaLimitInfo{LimitKey: limitServiceType}
		for _, t := range types {
			l.LimitValues = append(l.LimitValues, limitValue{Value1: t})
		}
		out = append(out, l)
	}
	if q.MinFace != 0 || q.MaxFace != 0 {
		var v limitValue
		if q.MinFace != 0 {
			v.Value1 = moneyString(q.MinFaceMoney())
		}
		if q.MaxFace != 0 {
			v.Value2 = moneyString(q.MaxFaceMoney())
		}
		out = append(out, quotaLimitInfo{LimitKey: limitFaceValue, LimitValues: []limitValue{v}})
	}
	return out
}

// errorDetail is the SDK's ErrorDetail: one refused item of a batch answered with HTTP 200.
type errorDetail struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	ID        string `json:"id"`
}

func detailOf(id string, err error) errorDetail {
	var me *models.Error
	if errors.As(err, &me) {
		return errorDetail{ErrorCode: me.Code, ErrorMsg: errorText(me), ID: id}
	}
	return errorDetail{ErrorCode: errInternal.Code, ErrorMsg: errInternal.Msg, ID: id}
}

// checkIDs refuses an over-long id in a list (the list's length, emptiness and duplicates are the
// domain's rules).
func checkIDs(field string, ids []string) error {
	for _, id := range ids {
		if err := checkLen(field, id, 64); err != nil {
			return err
		}
	}
	return nil
}

// timeRange reads an optional [begin, end] of API times; the end is included.
func timeRange(beginField, begin, endField, end string) (models.TimeRange, error) {
	var r models.TimeRange
	var err error
	if r.From, err = parseTime(beginField, begin); err != nil {
		return r, err
	}
	if r.To, err = parseTime(endField, end); err != nil {
		return r, err
	}
	if !r.To.IsZero() {
		r.To = r.To.Add(time.Second)
	}
	return r, nil
}

// ListQuotaCoupons — POST /v2/partners/coupon-quotas/query (QueryCouponQuotasReqExt).
type listQuotaCouponsReq struct {
	QuotaIDs           []string `json:"quota_ids,omitempty"`
	QuotaStatusList    []int32  `json:"quota_status_list,omitempty"`
	QuotaType          *int32   `json:"quota_type,omitempty"`
	CreateTimeBegin    string   `json:"create_time_begin,omitempty"`
	CreateTimeEnd      string   `json:"create_time_end,omitempty"`
	EffectiveTimeBegin string   `json:"effective_time_begin,omitempty"`
	EffectiveTimeEnd   string   `json:"effective_time_end,omitempty"`
	ExpireTimeBegin    string   `json:"expire_time_begin,omitempty"`
	ExpireTimeEnd      string   `json:"expire_time_end,omitempty"`
	Offset             *int32   `json:"offset,omitempty"`
	Limit              *int32   `json:"limit,omitempty"`
	IndirectPartnerID  string   `json:"indirect_partner_id,omitempty"`
}

type listQuotaCouponsResp struct {
	TotalCount int32         `json:"total_count"`
	Quotas     []couponQuota `json:"quotas"`
}

func (s *server) listQuotaCoupons(c echo.Context, body []byte) error {
	var req listQuotaCouponsReq
	if err := decode(body, &req); err != nil {
		return err
	}
	f, err := s.quotaFilter(c, &req)
	if err != nil {
		return err
	}
	list, err := models.ListQuotas(ctxOf(c), s.DB, actor(c), f, s.now())
	if err != nil {
		return err
	}
	resp := listQuotaCouponsResp{TotalCount: int32(list.Total), Quotas: make([]couponQuota, 0, len(list.Rows))}
	for i := range list.Rows {
		resp.Quotas = append(resp.Quotas, toCouponQuota(&list.Rows[i], s.now()))
	}
	return ok(c, resp)
}

func (s *server) quotaFilter(c echo.Context, req *listQuotaCouponsReq) (models.QuotaFilter, error) {
	var f models.QuotaFilter
	var err error
	if len(req.QuotaIDs) > models.MaxLimit {
		return f, errBadRequest("quota_ids holds at most 100 ids")
	}
	if err = checkIDs("quota_ids", req.QuotaIDs); err != nil {
		return f, err
	}
	f.PublicIDs = req.QuotaIDs
	for _, st := range req.QuotaStatusList {
		switch models.QuotaStatus(st) {
		case models.QuotaNormal, models.QuotaInvalid, models.QuotaAdjusting, models.QuotaFrozen, models.QuotaReclaimed:
			f.Statuses = append(f.Statuses, models.QuotaStatus(st))
		default:
			return f, errBadRequest("quota_status_list holds 0 (normal), 3 (invalid), 4 (adjusting), 5 (frozen) or 6 (reclaimed)")
		}
	}
	t := models.VoucherQuota // the cloud's default: voucher quotas
	if req.QuotaType != nil {
		if *req.QuotaType != 0 && *req.QuotaType != 1 {
			return f, errBadRequest("quota_type must be 0 (voucher quota) or 1 (cash coupon quota)")
		}
		t = models.QuotaType(*req.QuotaType)
	}
	f.Type = &t
	if f.Created, err = timeRange("create_time_begin", req.CreateTimeBegin, "create_time_end", req.CreateTimeEnd); err != nil {
		return f, err
	}
	if f.Effective, err = timeRange("effective_time_begin", req.EffectiveTimeBegin, "effective_time_end", req.EffectiveTimeEnd); err != nil {
		return f, err
	}
	if f.Expire, err = timeRange("expire_time_begin", req.ExpireTimeBegin, "expire_time_end", req.ExpireTimeEnd); err != nil {
		return f, err
	}
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return f, err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	f.ResellerID = idOf(r)
	return f, err
}

// CreatePartnerCoupons — POST /v2/promotions/benefits/partner-coupons (CreatePartnerCouponsReq).
type createPartnerCouponsReq struct {
	QuotaID           string   `json:"quota_id"`
	CustomerIDs       []string `json:"customer_ids"`
	FaceValue         amount   `json:"face_value"`
	ValidTime         string   `json:"valid_time,omitempty"`
	ExpireTime        string   `json:"expire_time,omitempty"`
	CloudServiceTypes []string `json:"cloud_service_types,omitempty"`
	ProductIDs        []string `json:"product_ids,omitempty"`
	Memo              string   `json:"memo,omitempty"`
	IndirectPartnerID string   `json:"indirect_partner_id,omitempty"`
}

type createPartnerCouponsResp struct {
	ErrorDetails []errorDetail      `json:"error_details"`
	CouponInfos  []couponSimpleInfo `json:"coupon_infos"`
}

// couponSimpleInfo is the SDK's CouponSimpleInfo: id is the customer's account id.
type couponSimpleInfo struct {
	ID       string `json:"id"`
	CouponID string `json:"coupon_id"`
}

func (s *server) createPartnerCoupons(c echo.Context, body []byte) error {
	var req createPartnerCouponsReq
	if err := decode(body, &req); err != nil {
		return err
	}
	in, err := s.issueInput(c, &req)
	if err != nil {
		return err
	}
	out, err := models.IssueCoupons(ctxOf(c), s.DB, actor(c), in, s.now())
	if err != nil {
		return err
	}
	resp := createPartnerCouponsResp{ErrorDetails: []errorDetail{}, CouponInfos: []couponSimpleInfo{}}
	for _, r := range out.Results {
		if r.Err != nil {
			resp.ErrorDetails = append(resp.ErrorDetails, detailOf(r.CustomerDID, r.Err))
			continue
		}
		resp.CouponInfos = append(resp.CouponInfos, couponSimpleInfo{ID: r.CustomerDID, CouponID: r.Coupon.PublicID})
	}
	return ok(c, resp)
}

// issueInput checks the request's shape and resolves its quota; the rules of an issue (the list of
// customers, the face value against the quota, validity and scope) are IssueCoupons'.
func (s *server) issueInput(c echo.Context, req *createPartnerCouponsReq) (models.IssueInput, error) {
	var in models.IssueInput
	if req.QuotaID == "" {
		return in, errBadRequest("quota_id is required")
	}
	for _, l := range []struct{ field, v string }{{"quota_id", req.QuotaID}, {"indirect_partner_id", req.IndirectPartnerID}} {
		if err := checkLen(l.field, l.v, 64); err != nil {
			return in, err
		}
	}
	if err := checkIDs("customer_ids", req.CustomerIDs); err != nil {
		return in, err
	}
	if len(req.ProductIDs) > 0 { // quotas here are limited by service type only
		return in, errBadRequest("product_ids is not supported: limit coupons with cloud_service_types")
	}
	if err := checkLen("memo", req.Memo, 256); err != nil {
		return in, err
	}
	var err error
	if in.FaceValue, err = req.FaceValue.moneyOf("face_value"); err != nil {
		return in, err
	}
	if in.EffectiveAt, err = parseTime("valid_time", req.ValidTime); err != nil {
		return in, err
	}
	if in.ExpireAt, err = parseTime("expire_time", req.ExpireTime); err != nil {
		return in, err
	}
	if in.IdempotencyKey, err = idempotencyKey(c); err != nil {
		return in, err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return in, err
	}
	q, err := models.QuotaByPublicID(ctxOf(c), s.DB, actor(c), req.QuotaID, idOf(r))
	if err != nil {
		return in, err
	}
	in.QuotaID, in.Customers, in.ServiceTypes, in.Memo = q.ID, req.CustomerIDs, req.CloudServiceTypes, req.Memo
	return in, nil
}
