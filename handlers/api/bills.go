package api

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The bill operations (reference 4.9): a partner's key reads its customers' fee records
// (ListSubCustomerBillDetail) and their monthly bills (ListSubcustomerMonthlyBills), a master
// distributor a reseller's with indirect_partner_id; a customer's own key reads its bill of a cycle
// (ShowCustomerMonthlySum) and its fee records (ListCustomerselfResourceRecords). Every amount is a
// decimal of the SDK, answered as a JSON number with 2 decimals; the figures are the monthly sums
// and fee records the console shows.

var billOperations = []Operation{
	{Name: "ListSubCustomerBillDetail", Method: "GET", Path: "/v2/bills/subcustomer-bills/res-fee-records",
		Summary: "A customer's fee records of a bill cycle (bill_cycle YYYY-MM, customer_id required), made while it was the partner's " +
			"(a master distributor's reseller's with indirect_partner_id), in record order (in time order with bill dates); offset at most " +
			"10000, limit 1–100; total_count counts up to 10001.",
		SummaryZH: "查询客户某账期的消费记录（bill_cycle 为 YYYY-MM，customer_id 必填），为客户与伙伴关联期间产生的记录（总经销商可用 " +
			"indirect_partner_id 查询云经销商的客户），按记录顺序（指定账单日期时按时间顺序）；offset 最大 10000，limit 为 1–100；total_count 最多计到 10001。",
		Roles: fundReadRoles, Request: subCustomerBillDetailReq{}, Response: subCustomerBillDetailResp{},
		run: (*server).listSubCustomerBillDetail},
	{Name: "ListSubcustomerMonthlyBills", Method: "GET", Path: "/v2/bills/partner-bills/subcustomer-bills/monthly-sum",
		Summary: "The monthly bills (客户月度消费账单) of the partner's consignment customers for a cycle and charge mode (both required): " +
			"one row per customer, service type and bill type (\"0\" consumption, \"1\" unsubscribe refunds, negative); count is the rows.",
		SummaryZH: "查询伙伴代售类客户某账期、某计费模式（均必填）的月度消费账单：每个客户、云服务类型和账单类型（\"0\" 消费，\"1\" 退订，为负值）一行；" +
			"count 为行数。",
		Roles: fundReadRoles, Request: subcustomerMonthlyBillsReq{}, Response: subcustomerMonthlyBillsResp{},
		run: (*server).listSubcustomerMonthlyBills},
	{Name: "ShowCustomerMonthlySum", Method: "GET", Path: "/v2/bills/customer-bills/monthly-sum",
		Summary: "The customer's bill of a cycle (bill_cycle required): sums by service type, charging mode and bill type (1 consumption, " +
			"2 refund, 3 adjustment), and the cycle's totals. Customer's key only.",
		SummaryZH: "查询客户某账期的汇总账单（bill_cycle 必填）：按云服务类型、计费模式和账单类型（1 消费，2 退款，3 调账）汇总，及账期合计。仅限客户自己的密钥。",
		Callers:   CustomerKeys, Request: customerMonthlySumReq{}, Response: customerMonthlySumResp{}, run: (*server).showCustomerMonthlySum},
	{Name: "ListCustomerselfResourceRecords", Method: "GET", Path: "/v2/bills/customer-bills/res-fee-records",
		Summary: "The customer's fee records of a cycle (cycle required), in time order, or with statistic_type 1 summed by resource; " +
			"charge_mode is a string here, period_type too. offset at most 10000, limit 1–100; total_count counts up to 10001. Customer's key only.",
		SummaryZH: "查询客户某账期的资源消费记录（cycle 必填），按时间顺序；statistic_type 为 1 时按资源汇总。此处 charge_mode 和 period_type 为字符串。" +
			"offset 最大 10000，limit 为 1–100；total_count 最多计到 10001。仅限客户自己的密钥。",
		Callers: CustomerKeys, Request: customerselfRecordsReq{}, Response: customerselfRecordsResp{},
		run: (*server).listCustomerselfResourceRecords},
}

// Balance types of a monthly bill's account_details: what paid it.
const (
	balanceCash   = "BALANCE_TYPE_DEBIT"
	balanceCoupon = "BALANCE_TYPE_COUPON"
)

// ListSubCustomerBillDetail — GET /v2/bills/subcustomer-bills/res-fee-records.
type subCustomerBillDetailReq struct {
	BillCycle         string `query:"bill_cycle,required"`
	CustomerID        string `query:"customer_id,required"`
	ServiceTypeCode   string `query:"service_type_code"`
	RegionCode        string `query:"region_code"`
	ChargingMode      *int32 `query:"charging_mode"`
	BillDetailType    *int32 `query:"bill_detail_type"`
	ResourceID        string `query:"resource_id"`
	ResourceName      string `query:"resource_name"`
	TradeID           string `query:"trade_id"`
	AccountManagerID  string `query:"account_manager_id"`
	AssociationType   string `query:"association_type"`
	Offset            *int32 `query:"offset"`
	Limit             *int32 `query:"limit"`
	IndirectPartnerID string `query:"indirect_partner_id"`
	BillDateBegin     string `query:"bill_date_begin"`
	BillDateEnd       string `query:"bill_date_end"`
}

type subCustomerBillDetailResp struct {
	TotalCount int32                  `json:"total_count"`
	Currency   string                 `json:"currency"`
	FeeRecords []subCustomerFeeRecord `json:"fee_records"`
}

// subCustomerFeeRecord is the SDK's SubCustomerMonthlyBillDetail: charging_mode, bill_detail_type and
// period_type are integers, the amounts decimals.
type subCustomerFeeRecord struct {
	BillCycle                 string        `json:"bill_cycle"`
	CustomerID                string        `json:"customer_id"`
	AssociationType           string        `json:"association_type,omitempty"`
	ServiceTypeCode           string        `json:"service_type_code"`
	ResourceTypeCode          string        `json:"resource_type_code"`
	ServiceTypeName           string        `json:"service_type_name"`
	ResourceTypeName          string        `json:"resource_type_name"`
	ChargingMode              int32         `json:"charging_mode"`
	TradeTime                 string        `json:"trade_time"`
	TradeID                   string        `json:"trade_id"`
	ID                        string        `json:"id"`
	BillDetailType            int32         `json:"bill_detail_type"`
	ResourceID                string        `json:"resource_id"`
	ResourceName              string        `json:"resource_name"`
	ProductSpecDesc           string        `json:"product_spec_desc"`
	RegionCode                string        `json:"region_code"`
	RegionName                string        `json:"region_name"`
	ProductID                 string        `json:"product_id"`
	ProductName               string        `json:"product_name"`
	ConsumeTime               string        `json:"consume_time"`
	UsageType                 string        `json:"usage_type,omitempty"`   // a rated hour's (bill type 5) usage
	UsageAmount               *ratio        `json:"usage_amount,omitempty"` // in usage_measure_id units
	UsageMeasureID            int32         `json:"usage_measure_id,omitempty"`
	OfficialAmount            decimalNumber `json:"official_amount"`
	OfficialDiscountAmount    decimalNumber `json:"official_discount_amount"`
	PaymentAmount             decimalNumber `json:"payment_amount"`
	CashAmount                decimalNumber `json:"cash_amount"`
	CreditAmount              decimalNumber `json:"credit_amount"`
	CouponAmount              decimalNumber `json:"coupon_amount"`
	FlexipurchaseCouponAmount decimalNumber `json:"flexipurchase_coupon_amount"`
	StoredValueCardAmount     decimalNumber `json:"stored_value_card_amount"`
	DebtAmount                decimalNumber `json:"debt_amount"`
	WriteoffAmount            decimalNumber `json:"writeoff_amount"`
	PeriodType                int32         `json:"period_type,omitempty"`
	PeriodNum                 *ratio        `json:"period_num,omitempty"`
	AccountManagerID          string        `json:"account_manager_id,omitempty"`
	PartnerID                 string        `json:"partner_id"`
}

func (s *server) listSubCustomerBillDetail(c echo.Context, _ []byte) error {
	var req subCustomerBillDetailReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	q, err := billDetailQueryOf(&req, s.now())
	if err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	cust, err := s.fundCustomer(c, req.CustomerID, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	resp := subCustomerBillDetailResp{Currency: currencyCNY, FeeRecords: []subCustomerFeeRecord{}}
	manager, err := s.managerName(c, cust)
	if err != nil {
		return err
	}
	if q.none || !q.matches(cust, manager) {
		return ok(c, resp)
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	f := q.filter
	f.CustomerID, f.ResellerID = cust.ID, idOf(r)
	if f.Specs, err = specsNamed(cat, req.ResourceName); err != nil {
		return err
	}
	list, refs, err := s.feeList(c, models.ListFeeDetails, f, q.paging)
	if err != nil {
		return err
	}
	owner := caller(c).Partner.DomainID
	if r != nil {
		owner = r.DomainID
	}
	resp.TotalCount = int32(list.Total)
	for i := range list.Rows {
		d := feeDetailOf(cat, lang(c), &list.Rows[i], refs)
		resp.FeeRecords = append(resp.FeeRecords, subCustomerFeeRecord{BillCycle: d.r.BillCycle, CustomerID: cust.DomainID,
			AssociationType: associationType(cust.Mode), ServiceTypeCode: d.r.ServiceType, ResourceTypeCode: d.r.ResourceType,
			ServiceTypeName: d.names.service, ResourceTypeName: d.names.rtype, ChargingMode: int32(d.r.ChargeMode),
			TradeTime: formatTime(&d.r.TradeTime), TradeID: d.tradeID(), ID: d.id(), BillDetailType: int32(d.r.BillType),
			ResourceID: d.r.ResourceID, ResourceName: d.resourceName(), ProductSpecDesc: d.names.desc, RegionCode: d.r.Region,
			RegionName: d.region, ProductID: d.line.Spec, ProductName: d.names.spec, ConsumeTime: formatTime(&d.r.TradeTime),
			UsageType: d.usageType(), UsageAmount: d.usageAmount(), UsageMeasureID: d.usageMeasure(),
			OfficialAmount: fen(d.r.Official), OfficialDiscountAmount: fen(d.r.Discount), PaymentAmount: decimalNumber{d.r.Amount()},
			CashAmount: fen(d.r.Cash), CreditAmount: fen(d.r.Credit), CouponAmount: fen(d.r.Coupon), DebtAmount: fen(d.r.Debt),
			WriteoffAmount: fen(d.r.Writeoff), PeriodType: int32(d.r.PeriodType), PeriodNum: d.periodNum(),
			AccountManagerID: manager, PartnerID: owner})
	}
	return ok(c, resp)
}

func fen(v int64) decimalNumber { return decimalNumber{models.Fen(v)} }

func associationType(m models.Mode) string {
	if m == models.NoMode {
		return ""
	}
	return strconv.Itoa(int(m))
}

// managerName is the account name of the customer's account manager ("" none): the API names
// members by their account names.
func (s *server) managerName(c echo.Context, cust *models.Customer) (string, error) {
	if cust.AccountManagerID == nil {
		return "", nil
	}
	names, err := models.UsernamesOf(ctxOf(c), s.DB, []uint64{*cust.AccountManagerID})
	return names[*cust.AccountManagerID], err
}

// ListSubcustomerMonthlyBills — GET /v2/bills/partner-bills/subcustomer-bills/monthly-sum.
type subcustomerMonthlyBillsReq struct {
	CustomerID        string `query:"customer_id"`
	Cycle             string `query:"cycle,required"`
	CloudServiceType  string `query:"cloud_service_type"`
	ChargeMode        string `query:"charge_mode,required"`
	Offset            *int32 `query:"offset"`
	Limit             *int32 `query:"limit"`
	BillType          string `query:"bill_type"`
	IndirectPartnerID string `query:"indirect_partner_id"`
}

type subcustomerMonthlyBillsResp struct {
	Count    int32         `json:"count"`
	Currency string        `json:"currency"`
	BillSums []billSumInfo `json:"bill_sums"`
}

// billSumInfo is the SDK's BillSumInfoV2: bill_type and charge_mode are strings, amounts decimals.
// A refund's row has no debt, write-off (adjustment_amount) or discount, as the cloud's.
type billSumInfo struct {
	CustomerID           string           `json:"customer_id"`
	CloudServiceType     string           `json:"cloud_service_type"`
	CloudServiceTypeName string           `json:"cloud_service_type_name"`
	BillType             string           `json:"bill_type"`
	ChargeMode           string           `json:"charge_mode"`
	Amount               decimalNumber    `json:"amount"`
	DebtAmount           *decimalNumber   `json:"debt_amount,omitempty"`
	AdjustmentAmount     *decimalNumber   `json:"adjustment_amount,omitempty"`
	DiscountAmount       *decimalNumber   `json:"discount_amount,omitempty"`
	MeasureID            int32            `json:"measure_id"`
	AccountDetails       []balanceTypeSum `json:"account_details"`
}

// balanceTypeSum is the SDK's BalanceTypeDeductSumV2.
type balanceTypeSum struct {
	BalanceType string        `json:"balance_type"`
	Amount      decimalNumber `json:"amount"`
	BillType    string        `json:"bill_type"`
}

func (s *server) listSubcustomerMonthlyBills(c echo.Context, _ []byte) error {
	var req subcustomerMonthlyBillsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	q, err := monthlyBillsQueryOf(&req, s.now())
	if err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	q.filter.ResellerID = idOf(r)
	if req.CustomerID != "" {
		cust, err := s.fundCustomer(c, req.CustomerID, req.IndirectPartnerID)
		if err != nil {
			return err
		}
		q.filter.CustomerID = cust.ID
	}
	resp := subcustomerMonthlyBillsResp{Currency: currencyCNY, BillSums: []billSumInfo{}}
	if q.none {
		return ok(c, resp)
	}
	list, err := models.ListMonthlyBills(ctxOf(c), s.DB, actor(c), q.filter, q.paging)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	resp.Count = int32(list.Total)
	for i := range list.Rows {
		resp.BillSums = append(resp.BillSums, billSumInfoOf(cat, lang(c), &list.Rows[i]))
	}
	return ok(c, resp)
}

func billSumInfoOf(cat *models.Catalog, l string, b *models.BillSum) billSumInfo {
	kind := "0"
	if b.Kind == models.BillKindRefund {
		kind = "1"
	}
	out := billSumInfo{CustomerID: b.DomainID, CloudServiceType: b.ServiceType, CloudServiceTypeName: serviceName(cat, l, b.ServiceType),
		BillType: kind, ChargeMode: strconv.Itoa(int(b.ChargeMode)), Amount: fen(b.Amount), MeasureID: measureYuan,
		AccountDetails: []balanceTypeSum{{balanceCash, fen(b.Cash), kind}, {balanceCoupon, fen(b.Coupon), kind}}}
	if b.Kind != models.BillKindRefund {
		debt, writeoff, discount := fen(b.Debt), fen(0), fen(b.Discount)
		out.DebtAmount, out.AdjustmentAmount, out.DiscountAmount = &debt, &writeoff, &discount
	}
	return out
}

func serviceName(cat *models.Catalog, l, code string) string {
	if st := cat.ServiceType(code); st != nil {
		return st.Name(l)
	}
	return code
}
