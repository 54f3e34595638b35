package api

import (
	"cmp"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// ListRenewRateOnPeriod and ShowRefundOrderDetails (reference 4.8, 4.7).

// ListRenewRateOnPeriod — ListRenewRateOnPeriodReq.
type renewRateReq struct {
	ResourceIDs              []string `json:"resource_ids"`
	PeriodType               int32    `json:"period_type"`
	PeriodNum                int32    `json:"period_num"`
	IncludeRelativeResources *bool    `json:"include_relative_resources,omitempty"`
}

// renewRateResp is ListRenewRateOnPeriodResponse: its amounts are strings of yuan.
type renewRateResp struct {
	Currency                      string                `json:"currency"`
	RenewInquiryResults           []renewInquiryResult  `json:"renew_inquiry_results"`
	OfficialWebsiteRatingResult   renewOfficialResult   `json:"official_website_rating_result"`
	OptionalDiscountRatingResults []renewDiscountResult `json:"optional_discount_rating_results"`
	FailResourceInfos             []failResourceInfo    `json:"fail_resource_infos"`
}

// renewInquiryResult is the SDK's RenewInquiryResultInfo: a main resource's renewal (with its
// attached ones) at the official price.
type renewInquiryResult struct {
	ResourceID string `json:"resource_id"`
	Amount     string `json:"amount"`
}

// renewOfficialResult is the SDK's OfficialWebsiteRatingResultV2.
type renewOfficialResult struct {
	OfficialWebsiteAmount string `json:"official_website_amount"`
}

// renewDiscountResult is the SDK's OptionalDiscountRatingResultV2: one discount type over all the
// resources priced (amount = official_website_amount − discount_amount).
type renewDiscountResult struct {
	DiscountID            string `json:"discount_id"`
	Amount                string `json:"amount"`
	OfficialWebsiteAmount string `json:"official_website_amount"`
	DiscountAmount        string `json:"discount_amount"`
	DiscountType          int32  `json:"discount_type"`
	DiscountName          string `json:"discount_name"`
	BestOffer             int32  `json:"best_offer"` // 1: the largest discount
}

// renewRateOf checks a ListRenewRateOnPeriod body's shape. include_relative_resources changes
// nothing: a main resource's renewal always includes its attached ones, as the order does.
func renewRateOf(req *renewRateReq) error {
	if err := lifeIDs(req.ResourceIDs); err != nil {
		return err
	}
	return models.CheckPeriod(int(req.PeriodType), int(req.PeriodNum))
}

func yuanString(d decimal.Decimal) string { return d.StringFixed(2) }

func (s *server) listRenewRateOnPeriod(c echo.Context, body []byte) error {
	var req renewRateReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if err := renewRateOf(&req); err != nil {
		return err
	}
	resp := renewRateResp{Currency: currencyCNY, RenewInquiryResults: []renewInquiryResult{},
		OptionalDiscountRatingResults: []renewDiscountResult{}, FailResourceInfos: []failResourceInfo{}}
	total := decimal.Zero
	var quotes []*models.Quote
	var firstErr error
	seen := map[string]bool{}
	for _, id := range req.ResourceIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		q, err := models.RenewalQuote(ctxOf(c), s.DB, actor(c), id, int(req.PeriodType), int(req.PeriodNum), s.now())
		if err != nil {
			be := bssOf(lifeRefusal(err))
			if be == errInternal {
				return err
			}
			firstErr = cmp.Or(firstErr, error(be))
			resp.FailResourceInfos = append(resp.FailResourceInfos, failResourceInfo{be.Code, be.Msg, id})
			continue
		}
		quotes = append(quotes, q)
		total = total.Add(q.Official)
		resp.RenewInquiryResults = append(resp.RenewInquiryResults, renewInquiryResult{id, yuanString(q.Official)})
	}
	if len(quotes) == 0 {
		return firstErr
	}
	resp.OfficialWebsiteRatingResult.OfficialWebsiteAmount = yuanString(total)
	resp.OptionalDiscountRatingResults = renewOffers(quotes, total)
	return ok(c, resp)
}

// renewOffers sums each discount type's offers over the quotes (a resource without it pays the
// official price); the largest discount is the best offer, the first type of equal ones
// (605, 606, 607, as the quotes list them).
func renewOffers(quotes []*models.Quote, total decimal.Decimal) []renewDiscountResult {
	out := []renewDiscountResult{}
	var discounts []decimal.Decimal // out[i]'s, summed
	index := map[models.DiscountType]int{}
	for _, q := range quotes {
		for _, o := range q.Offers {
			i, found := index[o.Type]
			if !found {
				i = len(out)
				index[o.Type] = i
				out = append(out, renewDiscountResult{DiscountID: discountID(o), DiscountType: int32(o.Type), DiscountName: o.Name})
				discounts = append(discounts, decimal.Zero)
			}
			discounts[i] = discounts[i].Add(o.Discount)
		}
	}
	best := -1
	for i, d := range discounts {
		out[i].OfficialWebsiteAmount, out[i].DiscountAmount, out[i].Amount = yuanString(total), yuanString(d), yuanString(total.Sub(d))
		if d.IsPositive() && (best < 0 || d.GreaterThan(discounts[best])) {
			best = i
		}
	}
	if best >= 0 {
		out[best].BestOffer = 1
	}
	return out
}

// ShowRefundOrderDetails — GET /v2/orders/customer-orders/refund-orders.
type refundOrderReq struct {
	OrderID           string `query:"order_id,required"`
	CustomerID        string `query:"customer_id"`
	IndirectPartnerID string `query:"indirect_partner_id"`
}

type refundOrderResp struct {
	TotalCount  int32        `json:"total_count"`
	RefundInfos []refundInfo `json:"refund_infos"`
}

// refundInfo is the SDK's OrderRefundInfoV2: what the refund gave back of one order's cash,
// negative (the cloud's sign for money refunded). measure_id is a string here.
type refundInfo struct {
	ID               string        `json:"id"`
	Amount           decimalNumber `json:"amount"`
	MeasureID        string        `json:"measure_id"`
	CustomerID       string        `json:"customer_id"`
	ResourceTypeCode string        `json:"resource_type_code"`
	ServiceTypeCode  string        `json:"service_type_code"`
	ResourceTypeName string        `json:"resource_type_name"`
	ServiceTypeName  string        `json:"service_type_name"`
	RegionCode       string        `json:"region_code"`
	BaseOrderID      string        `json:"base_order_id"`
}

func (s *server) showRefundOrderDetails(c echo.Context, _ []byte) error {
	var req refundOrderReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	for _, l := range []struct{ field, v string }{{"order_id", req.OrderID}, {"customer_id", req.CustomerID},
		{"indirect_partner_id", req.IndirectPartnerID}} {
		if err := checkLen(l.field, l.v, 64); err != nil {
			return err
		}
	}
	customerID, err := s.resourceCustomer(c, req.CustomerID, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	id := models.ParseOrderID(strings.ToUpper(req.OrderID))
	if id == 0 {
		return errOrderNotFound
	}
	ctx, a := ctxOf(c), actor(c)
	f, err := models.RefundOfOrder(ctx, s.DB, a, id)
	if err == nil && f.CustomerID != customerID {
		err = models.ErrNotFound // the customer named is not the refund's
	}
	if err != nil {
		return orderRefusal(err)
	}
	r, err := models.GetResource(ctx, s.DB, a, f.ResourceID)
	if err != nil {
		return orderRefusal(err)
	}
	parts, err := models.RefundParts(ctx, s.DB, f)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, s.DB)
	if err != nil {
		return err
	}
	n := resourceNamesOf(cat, lang(c), &r.Resource)
	domainID, orderID := req.CustomerID, strings.ToUpper(req.OrderID)
	if own := caller(c).Customer; own != nil {
		domainID = own.DomainID
	}
	resp := refundOrderResp{TotalCount: int32(len(parts)), RefundInfos: []refundInfo{}}
	for i, p := range parts {
		resp.RefundInfos = append(resp.RefundInfos, refundInfo{ID: lineItemID(orderID, i+1), Amount: decimalNumber{models.Fen(-p.Amount)},
			MeasureID: "1", CustomerID: domainID, ResourceTypeCode: r.ResourceType, ServiceTypeCode: r.ServiceType,
			ResourceTypeName: n.rtype, ServiceTypeName: n.service, RegionCode: r.Region, BaseOrderID: p.Order.OrderID()})
	}
	return ok(c, resp)
}
