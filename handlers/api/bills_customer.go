package api

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The customer's own bill operations. PartnerHub's customers have no enterprise sub-accounts and
// every resource is in the default enterprise project ("0"): method sub_customer and any other
// project match nothing.

// defaultProject is the enterprise project every record is in.
const defaultProject = "0"

// ShowCustomerMonthlySum — GET /v2/bills/customer-bills/monthly-sum.
type customerMonthlySumReq struct {
	BillCycle           string `query:"bill_cycle,required"`
	ServiceTypeCode     string `query:"service_type_code"`
	EnterpriseProjectID string `query:"enterprise_project_id"`
	Offset              *int32 `query:"offset"`
	Limit               *int32 `query:"limit"`
	Method              string `query:"method"`
	SubCustomerID       string `query:"sub_customer_id"`
}

// customerMonthlySumResp is the SDK's ShowCustomerMonthlySumResponse: the page of sums and the
// totals of all of them (consume_amount includes the refunds).
type customerMonthlySumResp struct {
	TotalCount                int32           `json:"total_count"`
	BillSums                  []billSumRecord `json:"bill_sums"`
	ConsumeAmount             decimalNumber   `json:"consume_amount"`
	DebtAmount                decimalNumber   `json:"debt_amount"`
	CouponAmount              decimalNumber   `json:"coupon_amount"`
	FlexipurchaseCouponAmount decimalNumber   `json:"flexipurchase_coupon_amount"`
	StoredValueCardAmount     decimalNumber   `json:"stored_value_card_amount"`
	CashAmount                decimalNumber   `json:"cash_amount"`
	CreditAmount              decimalNumber   `json:"credit_amount"`
	WriteoffAmount            decimalNumber   `json:"writeoff_amount"`
	MeasureID                 int32           `json:"measure_id"`
	Currency                  string          `json:"currency"`
}

// billSumRecord is the SDK's BillSumRecordInfoV2: charging_mode and bill_type (1 consumption,
// 2 refund, 3 adjustment) are integers.
type billSumRecord struct {
	BillCycle                 string        `json:"bill_cycle"`
	ServiceTypeCode           string        `json:"service_type_code"`
	ServiceTypeName           string        `json:"service_type_name"`
	ChargingMode              int32         `json:"charging_mode"`
	OfficialAmount            decimalNumber `json:"official_amount"`
	OfficialDiscountAmount    decimalNumber `json:"official_discount_amount"`
	TruncatedAmount           decimalNumber `json:"truncated_amount"`
	ConsumeAmount             decimalNumber `json:"consume_amount"`
	CouponAmount              decimalNumber `json:"coupon_amount"`
	FlexipurchaseCouponAmount decimalNumber `json:"flexipurchase_coupon_amount"`
	StoredValueCardAmount     decimalNumber `json:"stored_value_card_amount"`
	DebtAmount                decimalNumber `json:"debt_amount"`
	WriteoffAmount            decimalNumber `json:"writeoff_amount"`
	CashAmount                decimalNumber `json:"cash_amount"`
	CreditAmount              decimalNumber `json:"credit_amount"`
	MeasureID                 int32         `json:"measure_id"`
	BillType                  int32         `json:"bill_type"`
	CustomerID                string        `json:"customer_id"`
	AccountName               string        `json:"account_name"`
}

func (s *server) showCustomerMonthlySum(c echo.Context, _ []byte) error {
	var req customerMonthlySumReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	cycle, _, err := billCycle("bill_cycle", req.BillCycle, s.now())
	if err != nil {
		return err
	}
	none, err := ownRecords(req.Method, req.SubCustomerID, req.EnterpriseProjectID)
	if err != nil {
		return err
	}
	if err := checkLen("service_type_code", req.ServiceTypeCode, 64); err != nil {
		return err
	}
	offset, limit, err := paging(req.Offset, req.Limit)
	if err != nil {
		return err
	}
	own := caller(c).Customer
	bill := &models.CycleSums{Sums: []models.BillSum{}}
	if !none {
		if bill, err = models.CustomerCycleBill(ctxOf(c), s.DB, actor(c), own.ID, cycle, req.ServiceTypeCode); err != nil {
			return err
		}
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	t := &bill.Total
	resp := customerMonthlySumResp{TotalCount: int32(len(bill.Sums)), BillSums: []billSumRecord{}, ConsumeAmount: fen(t.Amount),
		DebtAmount: fen(t.Debt), CouponAmount: fen(t.Coupon), FlexipurchaseCouponAmount: fen(0), StoredValueCardAmount: fen(0),
		CashAmount: fen(t.Cash), CreditAmount: fen(0), WriteoffAmount: fen(0), MeasureID: measureYuan, Currency: currencyCNY}
	for i := offset; i < len(bill.Sums) && i < offset+limit; i++ {
		b := &bill.Sums[i]
		resp.BillSums = append(resp.BillSums, billSumRecord{BillCycle: cycle, ServiceTypeCode: b.ServiceType,
			ServiceTypeName: serviceName(cat, lang(c), b.ServiceType), ChargingMode: int32(b.ChargeMode), OfficialAmount: fen(b.Official()),
			OfficialDiscountAmount: fen(b.Discount), TruncatedAmount: fen(0), ConsumeAmount: fen(b.Amount), CouponAmount: fen(b.Coupon),
			FlexipurchaseCouponAmount: fen(0), StoredValueCardAmount: fen(0), DebtAmount: fen(b.Debt), WriteoffAmount: fen(0),
			CashAmount: fen(b.Cash), CreditAmount: fen(0), MeasureID: measureYuan, BillType: int32(b.Kind), CustomerID: own.DomainID,
			AccountName: own.AccountName})
	}
	return ok(c, resp)
}

// ownRecords checks a customer's method (oneself, sub_customer or all; sub_customer needs its
// sub_customer_id) and enterprise project; true when they select none of its records.
func ownRecords(method, subCustomerID, project string) (bool, error) {
	for _, l := range []struct{ field, v string }{{"sub_customer_id", subCustomerID}, {"enterprise_project_id", project}} {
		if err := checkLen(l.field, l.v, 64); err != nil {
			return false, err
		}
	}
	none := project != "" && project != defaultProject
	switch method {
	case "", "all", "oneself":
		return none, nil
	case "sub_customer":
		if subCustomerID == "" {
			return false, errBadRequest("sub_customer_id is required when method is sub_customer")
		}
		return true, nil
	}
	return false, errBadRequest("method must be oneself, sub_customer or all")
}

// ListCustomerselfResourceRecords — GET /v2/bills/customer-bills/res-fee-records.
type customerselfRecordsReq struct {
	Cycle               string `query:"cycle,required"`
	CloudServiceType    string `query:"cloud_service_type"`
	Region              string `query:"region"`
	ChargeMode          string `query:"charge_mode"`
	BillType            *int32 `query:"bill_type"`
	Offset              *int32 `query:"offset"`
	Limit               *int32 `query:"limit"`
	ResourceID          string `query:"resource_id"`
	EnterpriseProjectID string `query:"enterprise_project_id"`
	IncludeZeroRecord   *bool  `query:"include_zero_record"`
	Method              string `query:"method"`
	SubCustomerID       string `query:"sub_customer_id"`
	TradeID             string `query:"trade_id"`
	BillDateBegin       string `query:"bill_date_begin"`
	BillDateEnd         string `query:"bill_date_end"`
	StatisticType       *int32 `query:"statistic_type"`
}

type customerselfRecordsResp struct {
	FeeRecords []resFeeRecord `json:"fee_records"`
	TotalCount int32          `json:"total_count"`
	Currency   string         `json:"currency"`
}

// resFeeRecord is the SDK's ResFeeRecordV2: charge_mode and period_type are strings here, bill_type
// an integer, the amounts decimals. amount is what the line costs after its discount; what paid
// it is cash, coupon, credit and debt, and adjustment_amount the debt written off since.
type resFeeRecord struct {
	BillDate              string        `json:"bill_date,omitempty"`
	BillType              int32         `json:"bill_type"`
	CustomerID            string        `json:"customer_id"`
	Region                string        `json:"region"`
	RegionName            string        `json:"region_name"`
	CloudServiceType      string        `json:"cloud_service_type"`
	ResourceType          string        `json:"resource_type"`
	CloudServiceTypeName  string        `json:"cloud_service_type_name"`
	ResourceTypeName      string        `json:"resource_type_name"`
	ResourceID            string        `json:"resource_id"`
	ResourceName          string        `json:"resource_name"`
	ProductID             string        `json:"product_id"`
	ProductName           string        `json:"product_name"`
	ProductSpecDesc       string        `json:"product_spec_desc"`
	SkuCode               string        `json:"sku_code"`
	SpecSize              *ratio        `json:"spec_size,omitempty"`
	SpecSizeMeasureID     int32         `json:"spec_size_measure_id,omitempty"`
	TradeID               string        `json:"trade_id,omitempty"`
	ID                    string        `json:"id,omitempty"`
	TradeTime             string        `json:"trade_time,omitempty"`
	EnterpriseProjectID   string        `json:"enterprise_project_id"`
	EnterpriseProjectName string        `json:"enterprise_project_name"`
	ChargeMode            string        `json:"charge_mode"`
	OrderID               string        `json:"order_id,omitempty"`
	PeriodType            string        `json:"period_type,omitempty"`
	UsageType             string        `json:"usage_type,omitempty"` // a rated hour's (bill type 5) usage
	Usage                 *ratio        `json:"usage,omitempty"`      // in usage_measure_id units
	UsageMeasureID        int32         `json:"usage_measure_id,omitempty"`
	OfficialAmount        decimalNumber `json:"official_amount"`
	DiscountAmount        decimalNumber `json:"discount_amount"`
	Amount                decimalNumber `json:"amount"`
	CashAmount            decimalNumber `json:"cash_amount"`
	CreditAmount          decimalNumber `json:"credit_amount"`
	CouponAmount          decimalNumber `json:"coupon_amount"`
	FlexipurchaseCoupon   decimalNumber `json:"flexipurchase_coupon_amount"`
	StoredCardAmount      decimalNumber `json:"stored_card_amount"`
	BonusAmount           decimalNumber `json:"bonus_amount"`
	DebtAmount            decimalNumber `json:"debt_amount"`
	AdjustmentAmount      decimalNumber `json:"adjustment_amount"`
	MeasureID             int32         `json:"measure_id"`
	ConsumeTime           string        `json:"consume_time,omitempty"`
	AccountName           string        `json:"account_name"`
	PeriodNum             *ratio        `json:"period_num,omitempty"`
}

func (s *server) listCustomerselfResourceRecords(c echo.Context, _ []byte) error {
	var req customerselfRecordsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	q, err := customerselfQueryOf(&req, s.now())
	if err != nil {
		return err
	}
	resp := customerselfRecordsResp{FeeRecords: []resFeeRecord{}, Currency: currencyCNY}
	if q.none {
		return ok(c, resp)
	}
	own := caller(c).Customer
	records := models.ListFeeDetails
	if q.byCycle {
		records = models.ListFeeSums
	}
	list, refs, err := s.feeList(c, records, q.filter, q.paging)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for i := range list.Rows {
		d := feeDetailOf(cat, lang(c), &list.Rows[i], refs)
		resp.FeeRecords = append(resp.FeeRecords, resFeeRecord{BillDate: d.billDate(),
			BillType: int32(d.r.BillType), CustomerID: own.DomainID, Region: d.r.Region, RegionName: d.region,
			CloudServiceType: d.r.ServiceType, ResourceType: d.r.ResourceType, CloudServiceTypeName: d.names.service,
			ResourceTypeName: d.names.rtype, ResourceID: d.r.ResourceID, ResourceName: d.resourceName(), ProductID: d.line.Spec,
			ProductName: d.names.spec, ProductSpecDesc: d.names.desc, SkuCode: d.line.Spec, SpecSize: d.specSize(),
			SpecSizeMeasureID: d.measure(), TradeID: d.tradeID(), ID: d.id(), TradeTime: formatTime(&d.r.TradeTime),
			EnterpriseProjectID: defaultProject, EnterpriseProjectName: "default", ChargeMode: strconv.Itoa(int(d.r.ChargeMode)),
			OrderID: d.tradeID(), PeriodType: d.periodType(),
			UsageType: d.usageType(), Usage: d.usageAmount(), UsageMeasureID: d.usageMeasure(), OfficialAmount: fen(d.r.Official), DiscountAmount: fen(d.r.Discount),
			Amount: decimalNumber{d.r.Amount()}, CashAmount: fen(d.r.Cash), CreditAmount: fen(d.r.Credit), CouponAmount: fen(d.r.Coupon),
			FlexipurchaseCoupon: fen(0), StoredCardAmount: fen(0), BonusAmount: fen(0), DebtAmount: fen(d.r.Debt),
			AdjustmentAmount: fen(d.r.Writeoff), MeasureID: measureYuan, ConsumeTime: formatTime(&d.r.TradeTime),
			AccountName: own.AccountName, PeriodNum: d.periodNum()})
	}
	return ok(c, resp)
}

// customerselfQueryOf checks ListCustomerselfResourceRecords' parameters: charge_mode a string of
// 1, 3, 10 or 11; include_zero_record false leaves out lines of no amount; statistic_type 1 (by cycle: the records
// summed by resource, where bill dates do not apply) or 3 (by record, the default).
func customerselfQueryOf(req *customerselfRecordsReq, now time.Time) (q feeQuery, err error) {
	for _, l := range []struct{ field, v string }{{"cloud_service_type", req.CloudServiceType}, {"region", req.Region},
		{"resource_id", req.ResourceID}, {"trade_id", req.TradeID}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return q, err
		}
	}
	f := &q.filter
	var start time.Time
	if f.Cycle, start, err = billCycle("cycle", req.Cycle, now); err != nil {
		return q, err
	}
	if f.Since, f.Until, err = billDates(start, req.BillDateBegin, req.BillDateEnd); err != nil {
		return q, err
	}
	if req.ChargeMode != "" {
		n, err := strconv.Atoi(req.ChargeMode)
		if err != nil || !containsInt(chargingModes, int32(n)) {
			return q, errBadRequest(`charge_mode must be "1", "3", "10" or "11"`)
		}
		f.ChargeMode = models.ChargeMode(n)
	}
	if f.BillType, err = billTypeOf("bill_type", req.BillType); err != nil {
		return q, err
	}
	f.NonZero = req.IncludeZeroRecord != nil && !*req.IncludeZeroRecord
	if req.StatisticType != nil {
		if *req.StatisticType != 1 && *req.StatisticType != 3 {
			return q, errBadRequest("statistic_type must be 1 (by cycle) or 3 (by record)")
		}
		q.byCycle = *req.StatisticType == 1
	}
	if q.byCycle && (req.BillDateBegin != "" || req.BillDateEnd != "") { // the cloud ignores them by cycle
		f.Since, f.Until = time.Time{}, time.Time{}
	}
	if q.none, err = ownRecords(req.Method, req.SubCustomerID, req.EnterpriseProjectID); err != nil {
		return q, err
	}
	q.none = tradeFilter(&f.FeeFilter, req.TradeID) || q.none
	f.ServiceType, f.Region, f.ResourceID = req.CloudServiceType, req.Region, req.ResourceID
	q.paging, err = feePaging(req.Offset, req.Limit)
	return q, err
}
