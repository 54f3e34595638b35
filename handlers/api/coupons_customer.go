package api

import (
	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// ListSubCustomerCoupons — GET /v2/promotions/benefits/coupons. The cloud answers a customer's own
// key with its coupons; with a partner's key, as here, it lists the coupons the partner issued to
// its customers (a master distributor's reseller's with indirect_partner_id), in the customer
// coupon shape: face_value and balance are float64 there, and source_id is the issuing partner.
type listSubCustomerCouponsReq struct {
	CouponID          string `query:"coupon_id"`
	OrderID           string `query:"order_id"`
	PromotionPlanID   string `query:"promotion_plan_id"`
	CouponType        *int32 `query:"coupon_type"`
	Status            *int32 `query:"status"`
	ActiveStartTime   string `query:"active_start_time"`
	ActiveEndTime     string `query:"active_end_time"`
	Offset            *int32 `query:"offset"`
	Limit             *int32 `query:"limit"`
	SourceID          string `query:"source_id"`
	IndirectPartnerID string `query:"indirect_partner_id"`
}

type listSubCustomerCouponsResp struct {
	Count       int32        `json:"count"`
	UserCoupons []userCoupon `json:"user_coupons"`
}

// userCoupon is the SDK's IQueryUserCouponsResultV2.
type userCoupon struct {
	CouponID      string        `json:"coupon_id"`
	Status        int32         `json:"status"`
	CustomerID    string        `json:"customer_id"`
	CouponType    int32         `json:"coupon_type"`
	MeasureID     int32         `json:"measure_id"`
	FaceValue     float64       `json:"face_value"`
	ValidTime     string        `json:"valid_time"`
	ExpireTime    string        `json:"expire_time"`
	MediaType     int32         `json:"media_type"`   // 1: electronic
	FetchMethod   int32         `json:"fetch_method"` // 3: issued online
	UseLimits     []couponLimit `json:"use_limits"`
	ActiveTime    string        `json:"active_time"`
	CreateTime    string        `json:"create_time"`
	CouponVersion int32         `json:"coupon_version"` // 2: spent in several orders until its balance is gone
	Balance       float64       `json:"balance"`
	LockOrderID   string        `json:"lock_order_id,omitempty"`
	IsFrozen      string        `json:"is_frozen"`
	Currency      string        `json:"currency"`
	SourceID      string        `json:"source_id"`
}

func (s *server) listSubCustomerCoupons(c echo.Context, _ []byte) error {
	var req listSubCustomerCouponsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listSubCustomerCouponsResp{UserCoupons: []userCoupon{}}
	f, err := s.customerCouponFilter(c, &req)
	if err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	f.ResellerID = idOf(r)
	source := caller(c).Partner.DomainID
	if r != nil {
		source = r.DomainID
	}
	// PartnerHub's coupons come from partners' quotas only: none from a promotion plan, none used
	// by an order yet, none from another source
	if req.PromotionPlanID != "" || req.OrderID != "" || req.SourceID != "" && req.SourceID != source {
		return ok(c, resp)
	}
	list, err := models.ListIssuedCoupons(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp.Count = int32(list.Total)
	for i := range list.Rows {
		cp := &list.Rows[i]
		resp.UserCoupons = append(resp.UserCoupons, userCoupon{CouponID: cp.PublicID, Status: int32(cp.StatusAt(s.now())),
			CustomerID: cp.CustomerDID, CouponType: int32(cp.Type), MeasureID: measureYuan, FaceValue: cp.FaceMoney().InexactFloat64(),
			ValidTime: formatTime(&cp.EffectiveAt), ExpireTime: formatTime(&cp.ExpireAt), MediaType: 1, FetchMethod: 3,
			UseLimits: useLimits(&cp.Coupon), ActiveTime: formatTime(&cp.EffectiveAt), CreateTime: formatTime(&cp.CreatedAt),
			CouponVersion: 2, Balance: cp.BalanceMoney().InexactFloat64(), LockOrderID: cp.LockOrderID, IsFrozen: "0",
			Currency: currencyCNY, SourceID: source})
	}
	return ok(c, resp)
}

// customerCouponFilter checks the filters; active_start_time and active_end_time select coupons by
// the time they become usable (their effective time).
func (s *server) customerCouponFilter(c echo.Context, req *listSubCustomerCouponsReq) (f models.CouponFilter, err error) {
	for _, l := range []struct{ field, v string }{{"coupon_id", req.CouponID}, {"order_id", req.OrderID},
		{"promotion_plan_id", req.PromotionPlanID}, {"source_id", req.SourceID}, {"indirect_partner_id", req.IndirectPartnerID}} {
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
	if f.Effective, err = timeRange("active_start_time", req.ActiveStartTime, "active_end_time", req.ActiveEndTime); err != nil {
		return
	}
	f.Offset, f.Limit, err = paging(req.Offset, req.Limit)
	f.CouponID = req.CouponID
	return
}
