package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// Price inquiry (reference 4.5): ListRateOnPeriodDetail and ListOnDemandResourceRatings, both
// answered by models.Inquire, the pricing function the console uses too. project_id names whose
// discounts apply: a customer of the caller (its customer_id), or the partner's own account for
// the official price only.

type periodProductInfo struct {
	ID               string `json:"id"`
	CloudServiceType string `json:"cloud_service_type"`
	ResourceType     string `json:"resource_type"`
	ResourceSpec     string `json:"resource_spec"`
	Region           string `json:"region"`
	AvailableZone    string `json:"available_zone,omitempty"`
	ResourceSize     *int32 `json:"resource_size,omitempty"`
	SizeMeasureID    *int32 `json:"size_measure_id,omitempty"`
	PeriodType       int32  `json:"period_type"`
	PeriodNum        int32  `json:"period_num"`
	SubscriptionNum  int32  `json:"subscription_num"`
}

type rateOnPeriodReq struct {
	ProjectID    string              `json:"project_id"`
	ProductInfos []periodProductInfo `json:"product_infos"`
}

type demandProductInfo struct {
	ID               string      `json:"id"`
	CloudServiceType string      `json:"cloud_service_type"`
	ResourceType     string      `json:"resource_type"`
	ResourceSpec     string      `json:"resource_spec"`
	Region           string      `json:"region"`
	AvailableZone    string      `json:"available_zone,omitempty"`
	ResourceSize     *int32      `json:"resource_size,omitempty"`
	SizeMeasureID    *int32      `json:"size_measure_id,omitempty"`
	UsageFactor      string      `json:"usage_factor"`
	UsageValue       decimalText `json:"usage_value"`
	UsageMeasureID   int32       `json:"usage_measure_id"`
	SubscriptionNum  int32       `json:"subscription_num"`
}

type rateOnDemandReq struct {
	ProjectID        string              `json:"project_id"`
	InquiryPrecision *int32              `json:"inquiry_precision,omitempty"`
	ProductInfos     []demandProductInfo `json:"product_infos"`
}

// decimalText is a decimal in a request, sent as a JSON string (the SDK's decimal) or a number,
// read from its exact text.
type decimalText struct{ raw []byte }

func (d *decimalText) UnmarshalJSON(b []byte) error {
	d.raw = append([]byte(nil), b...)
	return nil
}

func (decimalText) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "description": "a decimal in plain notation, up to 8 places; a JSON number is accepted too"}
}

// value is the decimal, or a CBC.0100 naming field.
func (d decimalText) value(field string) (decimal.Decimal, error) {
	raw, text := bytes.TrimSpace(d.raw), ""
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return decimal.Zero, errBadRequest(field + " is required")
	case raw[0] == '"':
		if json.Unmarshal(raw, &text) != nil {
			return decimal.Zero, errBadRequest(field + " must be a decimal")
		}
	default:
		text = string(raw)
	}
	v, err := decimal.NewFromString(text)
	if err != nil || bytes.ContainsAny([]byte(text), "eE") {
		return decimal.Zero, errBadRequest(field + " must be a decimal in plain notation")
	}
	return v, nil
}

// price is an amount answered as a JSON number with the inquiry's places.
type price struct {
	d      decimal.Decimal
	places int32
}

func (p price) MarshalJSON() ([]byte, error) { return []byte(p.d.StringFixed(p.places)), nil }

func (price) jsonSchema() map[string]any { return map[string]any{"type": "number"} }

type periodOfficialLine struct {
	ID                    string `json:"id"`
	ProductID             string `json:"product_id"`
	OfficialWebsiteAmount price  `json:"official_website_amount"`
	MeasureID             int32  `json:"measure_id"`
}

type officialRatingResult struct {
	OfficialWebsiteAmount price                `json:"official_website_amount"`
	MeasureID             int32                `json:"measure_id"`
	ProductRatingResults  []periodOfficialLine `json:"product_rating_results"`
}

type periodDiscountLine struct {
	ID                    string `json:"id"`
	ProductID             string `json:"product_id"`
	Amount                price  `json:"amount"`
	OfficialWebsiteAmount price  `json:"official_website_amount"`
	DiscountAmount        price  `json:"discount_amount"`
	MeasureID             int32  `json:"measure_id"`
}

type optionalDiscountResult struct {
	DiscountID            string               `json:"discount_id"`
	Amount                price                `json:"amount"`
	OfficialWebsiteAmount price                `json:"official_website_amount"`
	DiscountAmount        price                `json:"discount_amount"`
	MeasureID             int32                `json:"measure_id"`
	DiscountType          int32                `json:"discount_type"`
	DiscountName          string               `json:"discount_name"`
	BestOffer             int32                `json:"best_offer"`
	ProductRatingResults  []periodDiscountLine `json:"product_rating_results"`
}

type rateOnPeriodResp struct {
	OfficialWebsiteRatingResult   officialRatingResult     `json:"official_website_rating_result"`
	OptionalDiscountRatingResults []optionalDiscountResult `json:"optional_discount_rating_results"`
	Currency                      string                   `json:"currency"`
}

func (s *server) listRateOnPeriodDetail(c echo.Context, body []byte) error {
	var req rateOnPeriodReq
	if err := decode(body, &req); err != nil {
		return err
	}
	in := models.Inquiry{At: s.now(), Mode: models.ChargePeriod, Lang: lang(c)}
	for _, p := range req.ProductInfos {
		in.Products = append(in.Products, models.InquiryProduct{ID: p.ID, ServiceType: p.CloudServiceType, ResourceType: p.ResourceType,
			Spec: p.ResourceSpec, Region: p.Region, Zone: p.AvailableZone, Size: int64(deref(p.ResourceSize)),
			SizeMeasureID: uint64(max(0, deref(p.SizeMeasureID))), PeriodType: int(p.PeriodType), PeriodNum: int(p.PeriodNum),
			Quantity: int(p.SubscriptionNum)})
	}
	q, err := s.inquire(c, req.ProjectID, in)
	if err != nil {
		return err
	}
	return ok(c, periodAnswer(q))
}

func deref(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

// inquire prices the inquiry for project_id's customer; a refused product is answered with the
// product's index and field.
func (s *server) inquire(c echo.Context, projectID string, in models.Inquiry) (*models.Quote, error) {
	customer, err := models.InquiryCustomer(ctxOf(c), s.DB, actor(c), projectID)
	if err != nil {
		return nil, err
	}
	in.CustomerID = customer
	q, err := models.Inquire(ctxOf(c), s.DB, actor(c), in)
	var pe *models.ProductError
	var me *models.Error
	if errors.As(err, &pe) && errors.As(err, &me) {
		status := statusOfCode[me.Code]
		if status == 0 {
			status = http.StatusBadRequest
		}
		return nil, &bssError{status, me.Code, pe.Message()}
	}
	return q, err
}

func periodAnswer(q *models.Quote) rateOnPeriodResp {
	r := rateOnPeriodResp{OfficialWebsiteRatingResult: officialRatingResult{OfficialWebsiteAmount: price{q.Official, 2}, MeasureID: measureYuan},
		OptionalDiscountRatingResults: []optionalDiscountResult{}, Currency: currencyCNY}
	for _, l := range q.Lines {
		r.OfficialWebsiteRatingResult.ProductRatingResults = append(r.OfficialWebsiteRatingResult.ProductRatingResults,
			periodOfficialLine{l.ID, l.ProductID, price{l.Official, 2}, measureYuan})
	}
	for _, o := range q.Offers {
		d := optionalDiscountResult{DiscountID: discountID(o), Amount: price{o.Amount, 2}, OfficialWebsiteAmount: price{q.Official, 2},
			DiscountAmount: price{o.Discount, 2}, MeasureID: measureYuan, DiscountType: int32(o.Type), DiscountName: o.Name,
			ProductRatingResults: []periodDiscountLine{}}
		if o.Best {
			d.BestOffer = 1
		}
		for i, ol := range o.Lines {
			d.ProductRatingResults = append(d.ProductRatingResults, periodDiscountLine{ol.ID, q.Lines[i].ProductID,
				price{ol.Amount, 2}, price{q.Lines[i].Official, 2}, price{ol.Discount, 2}, measureYuan})
		}
		r.OptionalDiscountRatingResults = append(r.OptionalDiscountRatingResults, d)
	}
	return r
}

// discountID is an offer's discount_id: its first discount's id (an offer applies at most one
// discount per service type; the API has room for one id).
func discountID(o models.Offer) string {
	if len(o.DiscountIDs) == 0 {
		return ""
	}
	return strconv.FormatUint(o.DiscountIDs[0], 10)
}

type demandDiscountResult struct {
	DiscountID   string `json:"discount_id"`
	DiscountType int32  `json:"discount_type"`
	Amount       price  `json:"amount"`
	MeasureID    int32  `json:"measure_id"`
	DiscountName string `json:"discount_name"`
}

type demandProductResult struct {
	ID                    string                 `json:"id"`
	ProductID             string                 `json:"product_id"`
	Amount                price                  `json:"amount"`
	DiscountAmount        price                  `json:"discount_amount"`
	OfficialWebsiteAmount price                  `json:"official_website_amount"`
	MeasureID             int32                  `json:"measure_id"`
	DiscountRatingResults []demandDiscountResult `json:"discount_rating_results"`
}

type rateOnDemandResp struct {
	Amount                price                 `json:"amount"`
	DiscountAmount        price                 `json:"discount_amount"`
	OfficialWebsiteAmount price                 `json:"official_website_amount"`
	MeasureID             int32                 `json:"measure_id"`
	Currency              string                `json:"currency"`
	ProductRatingResults  []demandProductResult `json:"product_rating_results"`
}

func (s *server) listOnDemandResourceRatings(c echo.Context, body []byte) error {
	var req rateOnDemandReq
	if err := decode(body, &req); err != nil {
		return err
	}
	in := models.Inquiry{At: s.now(), Mode: models.ChargeOnDemand, Places: 6, Lang: lang(c)}
	if req.InquiryPrecision != nil {
		switch *req.InquiryPrecision {
		case 0:
		case 1:
			in.Places = 10
		default:
			return &models.FieldError{Field: "inquiry_precision", Err: models.ErrInquiryPrecision}
		}
	}
	for i, p := range req.ProductInfos {
		v, err := p.UsageValue.value("product_infos[" + strconv.Itoa(i) + "].usage_value")
		if err != nil {
			return err
		}
		in.Products = append(in.Products, models.InquiryProduct{ID: p.ID, ServiceType: p.CloudServiceType, ResourceType: p.ResourceType,
			Spec: p.ResourceSpec, Region: p.Region, Zone: p.AvailableZone, Size: int64(deref(p.ResourceSize)),
			SizeMeasureID: uint64(max(0, deref(p.SizeMeasureID))), UsageFactor: p.UsageFactor, UsageValue: v,
			UsageMeasureID: uint64(max(0, p.UsageMeasureID)), Quantity: int(p.SubscriptionNum)})
	}
	q, err := s.inquire(c, req.ProjectID, in)
	if err != nil {
		return err
	}
	return ok(c, demandAnswer(q, in.Places))
}

// demandAnswer is the on-demand answer: the best offer's amounts (the official price without
// one), and per product each discount's amount.
func demandAnswer(q *models.Quote, places int32) rateOnDemandResp {
	amount, discount := q.Official, decimal.Zero
	if q.Best >= 0 {
		amount, discount = q.Offers[q.Best].Amount, q.Offers[q.Best].Discount
	}
	r := rateOnDemandResp{Amount: price{amount, places}, DiscountAmount: price{discount, places},
		OfficialWebsiteAmount: price{q.Official, places}, MeasureID: measureYuan, Currency: currencyCNY,
		ProductRatingResults: []demandProductResult{}}
	for i, l := range q.Lines {
		p := demandProductResult{ID: l.ID, ProductID: l.ProductID, Amount: price{l.Official, places}, DiscountAmount: price{decimal.Zero, places},
			OfficialWebsiteAmount: price{l.Official, places}, MeasureID: measureYuan, DiscountRatingResults: []demandDiscountResult{}}
		for j, o := range q.Offers {
			ol := o.Lines[i]
			if ol.Off.IsZero() {
				continue
			}
			p.DiscountRatingResults = append(p.DiscountRatingResults, demandDiscountResult{discountID(o), int32(o.Type),
				price{ol.Discount, places}, measureYuan, o.Name})
			if j == q.Best {
				p.Amount, p.DiscountAmount = price{ol.Amount, places}, price{ol.Discount, places}
			}
		}
		r.ProductRatingResults = append(r.ProductRatingResults, p)
	}
	return r
}
