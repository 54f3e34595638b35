package handlers

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// The bill operations (reference 4.9) through the SDK, on an order paid in the test: a partner
// reads its customer's fee records and monthly bills, the customer its own with its own key; each
// figure is what the models' fee records and monthly sums say.

func wantMoney(t testing.TB, what string, got *decimal.Decimal, fen int64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: missing, want %s", what, models.Fen(fen))
		return
	}
	wantDecimal(t, what, *got, models.Fen(fen).Decimal)
}

// paidOrder has the provider order an ECS and a 30 GB disk for 5 months for the demo customer, who
// pays it with its 200 yuan voucher and its balance: fee records of the current cycle.
func paidOrder(t *testing.T, app *testApp) (*models.Order, models.Customer) {
	t.Helper()
	cc, demo := customerSDK(t, app, "customer")
	o := placeOrder(t, app, demo.ID, ecsProduct(), diskProduct(30, 5))
	var big models.Coupon
	for _, c := range usableCoupons(t, app, demo.ID) {
		if c.FaceValue == 20000 {
			big = c
		}
	}
	if err := pay(cc, o.OrderID(), payment{coupons: voucher(big)}); err != nil {
		t.Fatal(err)
	}
	return o, demo
}

// ratedBucketHour gives the customer an on-demand OBS bucket and rates its last hour before
// testNow: three fee records of bill type 5 (outbound traffic, storage, requests), by usage id.
func ratedBucketHour(t *testing.T, app *testApp, customerID uint64) map[uint64]models.UsageRecord {
	t.Helper()
	ctx, hour := context.Background(), testNow.Truncate(time.Hour).Add(-time.Hour)
	var c models.Customer
	app.DB.Take(&c, customerID)
	r := models.Resource{PublicID: "sdk-bucket-1", PartnerID: *c.PartnerID, CustomerID: c.ID, ServiceType: "hws.service.type.obs",
		ResourceType: "hws.resource.type.obs", Spec: "obs.standard", Region: "cn-north-1", ChargeMode: models.ChargeOnDemand,
		Status: models.ResourceInUse, EffectiveAt: hour.Add(-time.Hour), CreatedAt: hour.Add(-time.Hour)}
	if err := app.DB.Create(&r).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := models.GenerateUsage(ctx, app.DB, hour, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := models.RateUsage(ctx, app.DB, models.RateOptions{}, testNow); err != nil {
		t.Fatal(err)
	}
	var us []models.UsageRecord
	app.DB.Where("resource_id = ? AND state = ?", r.ID, models.UsageRated).Find(&us)
	if len(us) != 3 {
		t.Fatalf("the bucket's hour rated %d records, want 3", len(us))
	}
	out := map[uint64]models.UsageRecord{}
	for _, u := range us {
		out[u.ID] = u
	}
	return out
}

// wantUsage checks a record's usage fields: a rated hour's usage type, amount and unit, and none
// for another record.
func wantUsage(t *testing.T, what string, usages map[uint64]models.UsageRecord, m *models.FeeRecord, factor *string, amount *decimal.Decimal, measure *int32) int {
	t.Helper()
	if m.UsageID == nil {
		if factor != nil || amount != nil || measure != nil {
			t.Errorf("%s (bill type %d) has usage %v %v %v", what, m.BillType, factor, amount, measure)
		}
		return 0
	}
	u, ok := usages[*m.UsageID]
	if !ok {
		return 0 // an hour of another resource
	}
	if factor == nil || amount == nil || measure == nil || *factor != u.Factor || !amount.Equal(u.Value.Decimal) || *measure != int32(u.MeasureID) {
		t.Errorf("%s: usage %v %v %v, want %s %s %d", what, factor, amount, measure, u.Factor, u.Value, u.MeasureID)
	}
	return 1
}

func TestSDKSubCustomerBillDetail(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o, demo := paidOrder(t, app)
	usages := ratedBucketHour(t, app, demo.ID)
	pc, _ := sdkClient(t, app, "provider")
	cycle, ctx := models.BillCycleOf(testNow), context.Background()
	provider := models.ActorOf(mustUser(t, app, "provider"), "test")
	want, err := models.ListFeeDetails(ctx, app.DB, provider, models.FeeDetailFilter{FeeFilter: models.FeeFilter{Cycle: cycle, CustomerID: demo.ID}},
		models.Paging{Limit: 100})
	if err != nil || want.Total < 2 {
		t.Fatalf("the models' records: %v %+v", err, want)
	}
	list := func(req model.ListSubCustomerBillDetailRequest) *model.ListSubCustomerBillDetailResponse {
		t.Helper()
		req.BillCycle, req.CustomerId = cycle, demo.DomainID
		resp, err := pc.ListSubCustomerBillDetail(&req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	all := list(model.ListSubCustomerBillDetailRequest{Limit: ptr(int32(100))})
	if int64(*all.TotalCount) != want.Total || len(*all.FeeRecords) != len(want.Rows) || *all.Currency != "CNY" {
		t.Fatalf("records: %d of %d, want %d", len(*all.FeeRecords), *all.TotalCount, want.Total)
	}
	ours, rated := 0, 0
	for i, r := range *all.FeeRecords {
		m := want.Rows[i]
		what := "record " + *r.Id
		rated += wantUsage(t, what, usages, &m, r.UsageType, r.UsageAmount, r.UsageMeasureId)
		if *r.Id != idString(m.ID) || *r.CustomerId != demo.DomainID || *r.BillCycle != cycle || *r.ChargingMode != int32(m.ChargeMode) ||
			*r.BillDetailType != int32(m.BillType) || *r.ServiceTypeCode != m.ServiceType || *r.RegionCode != m.Region || *r.AssociationType != "2" {
			t.Errorf("%s: %s, want %+v", what, mustJSON(r), m)
		}
		wantMoney(t, what+" official", r.OfficialAmount, m.Official)
		wantMoney(t, what+" discount", r.OfficialDiscountAmount, m.Discount)
		wantMoney(t, what+" payment", r.PaymentAmount, m.Official-m.Discount)
		wantMoney(t, what+" cash", r.CashAmount, m.Cash)
		wantMoney(t, what+" coupon", r.CouponAmount, m.Coupon)
		wantMoney(t, what+" debt", r.DebtAmount, m.Debt)
		if m.OrderID != nil && *m.OrderID == o.ID {
			ours++
			if *r.TradeId != o.OrderID() || *r.PeriodType != 20 || *r.ResourceName == "" || *r.ServiceTypeName == "" || *r.PartnerId == "" ||
				*r.TradeTime != testNow.Format(sdkTime) {
				t.Errorf("the paid order's record: %s", mustJSON(r))
			}
		}
	}
	if ours != 2 || rated != 3 {
		t.Errorf("%d records of the paid order, want its 2 lines; %d of the bucket's hour, want 3", ours, rated)
	}
	var disk models.FeeRecord
	app.DB.Where("order_id = ? AND service_type = ?", o.ID, "hws.service.type.ebs").First(&disk)
	for name, c := range map[string]struct {
		req  model.ListSubCustomerBillDetailRequest
		want int32
	}{
		"the order":          {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID())}, 2},
		"another trade":      {model.ListSubCustomerBillDetailRequest{TradeId: ptr("x")}, 0},
		"the disk":           {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), ServiceTypeCode: ptr("hws.service.type.ebs")}, 1},
		"its resource":       {model.ListSubCustomerBillDetailRequest{ResourceId: ptr(disk.ResourceID)}, 1},
		"by resource name":   {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), ResourceName: ptr("GPSSD")}, 1},
		"refunds":            {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), BillDetailType: ptr(int32(4))}, 0},
		"on demand":          {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), ChargingMode: ptr(int32(3))}, 0},
		"today":              {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), BillDateBegin: ptr("2026-11-23"), BillDateEnd: ptr("2026-11-23")}, 2},
		"before today":       {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), BillDateBegin: ptr("2026-11-01"), BillDateEnd: ptr("2026-11-22")}, 0},
		"advisory customers": {model.ListSubCustomerBillDetailRequest{AssociationType: ptr("1")}, 0},
		"another region":     {model.ListSubCustomerBillDetailRequest{TradeId: ptr(o.OrderID()), RegionCode: ptr("cn-east-3")}, 0},
	} {
		if got := list(c.req); *got.TotalCount != c.want || len(*got.FeeRecords) != int(c.want) {
			t.Errorf("%s: %d records, want %d", name, *got.TotalCount, c.want)
		}
	}
	page := list(model.ListSubCustomerBillDetailRequest{Offset: ptr(int32(1)), Limit: ptr(int32(1))})
	if len(*page.FeeRecords) != 1 || *(*page.FeeRecords)[0].Id != idString(want.Rows[1].ID) || int64(*page.TotalCount) != want.Total {
		t.Errorf("the second page of one: %s", mustJSON(page))
	}

	// refusals
	for name, c := range map[string]struct {
		req    model.ListSubCustomerBillDetailRequest
		status int
		code   string
	}{
		"month 13":        {model.ListSubCustomerBillDetailRequest{BillCycle: "2026-13", CustomerId: demo.DomainID}, 400, "CBC.0100"},
		"a future cycle":  {model.ListSubCustomerBillDetailRequest{BillCycle: "2026-12", CustomerId: demo.DomainID}, 400, "CBC.0100"},
		"two months":      {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, BillDateBegin: ptr("2026-10-30"), BillDateEnd: ptr("2026-11-02")}, 400, "CBC.0100"},
		"one date":        {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, BillDateBegin: ptr("2026-11-02")}, 400, "CBC.0100"},
		"deep offset":     {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, Offset: ptr(int32(models.MaxOffset + 1))}, 400, "CBC.0100"},
		"limit 101":       {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, Limit: ptr(int32(101))}, 400, "CBC.0100"},
		"limit 0":         {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, Limit: ptr(int32(0))}, 400, "CBC.0100"},
		"bill type 6":     {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, BillDetailType: ptr(int32(6))}, 400, "CBC.0100"},
		"charging mode 2": {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID, ChargingMode: ptr(int32(2))}, 400, "CBC.0100"},
		"unknown account": {model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: "0123456789abcdef0123456789abcdef"}, 400, "CBC.99000035"},
	} {
		_, err := pc.ListSubCustomerBillDetail(&c.req)
		t.Run(name, func(t *testing.T) { sdkError(t, err, c.status, c.code) })
	}
	other, _ := sdkClient(t, app, "distributor")
	_, err = other.ListSubCustomerBillDetail(&model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID})
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
	cc, _ := customerSDK(t, app, "customer")
	_, err = cc.ListSubCustomerBillDetail(&model.ListSubCustomerBillDetailRequest{BillCycle: cycle, CustomerId: demo.DomainID})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
}

func idString(id uint64) string { return decimal.NewFromUint64(id).String() }

func TestSDKSubcustomerMonthlyBills(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, demo := paidOrder(t, app)
	pc, _ := sdkClient(t, app, "provider")
	cycle, ctx := models.BillCycleOf(testNow), context.Background()
	bill, err := models.CustomerCycleBill(ctx, app.DB, models.ActorOf(mustUser(t, app, "provider"), "test"), demo.ID, cycle, "")
	if err != nil || len(bill.Sums) == 0 {
		t.Fatalf("the models' bill: %v %+v", err, bill)
	}
	// the partner's rows: consumption (adjustments in) and refunds, by service type, of the charge mode
	want := map[string]models.BillSum{}
	for _, s := range bill.Sums {
		if s.ChargeMode != models.ChargePeriod {
			continue
		}
		kind := "0"
		if s.Kind == models.BillKindRefund {
			kind = "1"
		}
		w := want[s.ServiceType+"/"+kind]
		w.Amount, w.Discount, w.Cash, w.Coupon, w.Debt = w.Amount+s.Amount, w.Discount+s.Discount, w.Cash+s.Cash, w.Coupon+s.Coupon, w.Debt+s.Debt
		want[s.ServiceType+"/"+kind] = w
	}
	resp, err := pc.ListSubcustomerMonthlyBills(&model.ListSubcustomerMonthlyBillsRequest{Cycle: cycle, ChargeMode: "1", CustomerId: &demo.DomainID, Limit: ptr(int32(100))})
	if err != nil || int(*resp.Count) != len(want) || len(*resp.BillSums) != len(want) || *resp.Currency != "CNY" {
		t.Fatalf("the customer's bills: %v %s, want %d rows", err, mustJSON(resp), len(want))
	}
	for _, b := range *resp.BillSums {
		w, found := want[*b.CloudServiceType+"/"+*b.BillType]
		what := *b.CloudServiceType + " " + *b.BillType
		if !found || *b.CustomerId != demo.DomainID || *b.ChargeMode != "1" || *b.MeasureId != 1 || *b.CloudServiceTypeName == "" {
			t.Errorf("%s: %s", what, mustJSON(b))
			continue
		}
		wantMoney(t, what+" amount", b.Amount, w.Amount)
		if *b.BillType == "0" {
			wantMoney(t, what+" discount", b.DiscountAmount, w.Discount)
			wantMoney(t, what+" debt", b.DebtAmount, w.Debt)
		}
		paid := map[string]int64{}
		for _, a := range *b.AccountDetails {
			paid[*a.BalanceType] = a.Amount.Mul(decimal.NewFromInt(100)).IntPart()
		}
		if paid["BALANCE_TYPE_DEBIT"] != w.Cash || paid["BALANCE_TYPE_COUPON"] != w.Coupon {
			t.Errorf("%s paid by %v, want cash %d coupon %d", what, paid, w.Cash, w.Coupon)
		}
	}
	// the partner's whole list holds the customer's rows; a filter that matches none, and refusals
	all, err := pc.ListSubcustomerMonthlyBills(&model.ListSubcustomerMonthlyBillsRequest{Cycle: cycle, ChargeMode: "1"})
	if err != nil || int(*all.Count) < len(want) {
		t.Fatalf("all customers: %v %s", err, mustJSON(all))
	}
	none, err := pc.ListSubcustomerMonthlyBills(&model.ListSubcustomerMonthlyBillsRequest{Cycle: cycle, ChargeMode: "1", BillType: ptr("2")})
	if err != nil || *none.Count != 0 {
		t.Errorf("Huawei write-offs: %v %s", err, mustJSON(none))
	}
	for name, req := range map[string]model.ListSubcustomerMonthlyBillsRequest{
		"month 13":       {Cycle: "2026-13", ChargeMode: "1"},
		"future":         {Cycle: "2027-01", ChargeMode: "1"},
		"charge mode 2":  {Cycle: cycle, ChargeMode: "2"},
		"bill type 3":    {Cycle: cycle, ChargeMode: "1", BillType: ptr("3")},
		"deep offset":    {Cycle: cycle, ChargeMode: "1", Offset: ptr(int32(models.MaxOffset + 1))},
		"negative":       {Cycle: cycle, ChargeMode: "1", Offset: ptr(int32(-1))},
		"a cycle as day": {Cycle: "2026-11-01", ChargeMode: "1"},
	} {
		_, err := pc.ListSubcustomerMonthlyBills(&req)
		t.Run(name, func(t *testing.T) { sdkError(t, err, http.StatusBadRequest, "CBC.0100") })
	}
	other, _ := sdkClient(t, app, "distributor")
	_, err = other.ListSubcustomerMonthlyBills(&model.ListSubcustomerMonthlyBillsRequest{Cycle: cycle, ChargeMode: "1", CustomerId: &demo.DomainID})
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
}

func TestSDKCustomerMonthlySum(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, demo := paidOrder(t, app)
	cc, _ := customerSDK(t, app, "customer")
	cycle, ctx := models.BillCycleOf(testNow), context.Background()
	self := models.ActorOf(mustUser(t, app, "customer"), "test")
	bill, err := models.CustomerCycleBill(ctx, app.DB, self, demo.ID, cycle, "")
	if err != nil || len(bill.Sums) == 0 {
		t.Fatalf("the models' bill: %v %+v", err, bill)
	}
	resp, err := cc.ShowCustomerMonthlySum(&model.ShowCustomerMonthlySumRequest{BillCycle: cycle, Limit: ptr(int32(100))})
	if err != nil || int(*resp.TotalCount) != len(bill.Sums) || len(*resp.BillSums) != len(bill.Sums) {
		t.Fatalf("the bill: %v %s, want %d sums", err, mustJSON(resp), len(bill.Sums))
	}
	wantMoney(t, "consume_amount", resp.ConsumeAmount, bill.Total.Amount)
	wantMoney(t, "cash_amount", resp.CashAmount, bill.Total.Cash)
	wantMoney(t, "coupon_amount", resp.CouponAmount, bill.Total.Coupon)
	wantMoney(t, "debt_amount", resp.DebtAmount, bill.Total.Debt)
	if *resp.MeasureId != 1 || *resp.Currency != "CNY" {
		t.Errorf("unit: %s", mustJSON(resp))
	}
	for i, b := range *resp.BillSums {
		s := bill.Sums[i]
		what := s.ServiceType
		if *b.ServiceTypeCode != s.ServiceType || *b.ChargingMode != int32(s.ChargeMode) || *b.BillType != int32(s.Kind) ||
			*b.BillCycle != cycle || *b.CustomerId != demo.DomainID || *b.AccountName != demo.AccountName {
			t.Errorf("sum %d: %s, want %+v", i, mustJSON(b), s)
		}
		wantMoney(t, what+" official", b.OfficialAmount, s.Official())
		wantMoney(t, what+" discount", b.OfficialDiscountAmount, s.Discount)
		wantMoney(t, what+" consume", b.ConsumeAmount, s.Amount)
		wantMoney(t, what+" cash", b.CashAmount, s.Cash)
		wantMoney(t, what+" coupon", b.CouponAmount, s.Coupon)
	}
	ebs, err := cc.ShowCustomerMonthlySum(&model.ShowCustomerMonthlySumRequest{BillCycle: cycle, ServiceTypeCode: ptr("hws.service.type.ebs")})
	if err != nil || *ebs.TotalCount == 0 || *(*ebs.BillSums)[0].ServiceTypeCode != "hws.service.type.ebs" {
		t.Errorf("the disks' bill: %v %s", err, mustJSON(ebs))
	}
	sub, err := cc.ShowCustomerMonthlySum(&model.ShowCustomerMonthlySumRequest{BillCycle: cycle, Method: ptr("sub_customer"), SubCustomerId: ptr("x")})
	if err != nil || *sub.TotalCount != 0 || !sub.ConsumeAmount.IsZero() {
		t.Errorf("enterprise sub-customers: %v %s", err, mustJSON(sub))
	}
	for name, req := range map[string]model.ShowCustomerMonthlySumRequest{
		"month 13":           {BillCycle: "2026-13"},
		"future":             {BillCycle: "2026-12"},
		"sub_customer alone": {BillCycle: cycle, Method: ptr("sub_customer")},
		"method":             {BillCycle: cycle, Method: ptr("everyone")},
		"limit 101":          {BillCycle: cycle, Limit: ptr(int32(101))},
	} {
		_, err := cc.ShowCustomerMonthlySum(&req)
		t.Run(name, func(t *testing.T) { sdkError(t, err, http.StatusBadRequest, "CBC.0100") })
	}
	pc, _ := sdkClient(t, app, "provider")
	_, err = pc.ShowCustomerMonthlySum(&model.ShowCustomerMonthlySumRequest{BillCycle: cycle})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
}

func TestSDKCustomerselfResourceRecords(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o, demo := paidOrder(t, app)
	usages := ratedBucketHour(t, app, demo.ID)
	cc, _ := customerSDK(t, app, "customer")
	cycle, ctx := models.BillCycleOf(testNow), context.Background()
	self := models.ActorOf(mustUser(t, app, "customer"), "test")
	want, err := models.ListFeeDetails(ctx, app.DB, self, models.FeeDetailFilter{FeeFilter: models.FeeFilter{Cycle: cycle}}, models.Paging{Limit: 100})
	if err != nil || want.Total < 2 {
		t.Fatalf("the models' records: %v %+v", err, want)
	}
	list := func(req model.ListCustomerselfResourceRecordsRequest) *model.ListCustomerselfResourceRecordsResponse {
		t.Helper()
		req.Cycle = cycle
		resp, err := cc.ListCustomerselfResourceRecords(&req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	all := list(model.ListCustomerselfResourceRecordsRequest{Limit: ptr(int32(100))})
	if int64(*all.TotalCount) != want.Total || len(*all.FeeRecords) != len(want.Rows) {
		t.Fatalf("records: %d of %d, want %d", len(*all.FeeRecords), *all.TotalCount, want.Total)
	}
	rated := 0
	for i, r := range *all.FeeRecords {
		m := want.Rows[i]
		what := "record " + *r.Id
		rated += wantUsage(t, what, usages, &m, r.UsageType, r.Usage, r.UsageMeasureId)
		if *r.Id != idString(m.ID) || *r.CustomerId != demo.DomainID || *r.ChargeMode != "1" && m.ChargeMode == models.ChargePeriod ||
			*r.BillType != int32(m.BillType) || *r.CloudServiceType != m.ServiceType || *r.AccountName != demo.AccountName ||
			*r.BillDate != m.TradeTime.In(models.BusinessZone).Format("2006-01-02") {
			t.Errorf("%s: %s, want %+v", what, mustJSON(r), m)
		}
		wantMoney(t, what+" official", r.OfficialAmount, m.Official)
		wantMoney(t, what+" discount", r.DiscountAmount, m.Discount)
		wantMoney(t, what+" amount", r.Amount, m.Official-m.Discount)
		wantMoney(t, what+" cash", r.CashAmount, m.Cash)
		wantMoney(t, what+" coupon", r.CouponAmount, m.Coupon)
		wantMoney(t, what+" debt", r.DebtAmount, m.Debt)
		if m.OrderID != nil && *m.OrderID == o.ID && (*r.TradeId != o.OrderID() || *r.OrderId != o.OrderID() || *r.PeriodType != "20" ||
			*r.ResourceName == "" || r.PeriodNum == nil) {
			t.Errorf("the paid order's record: %s", mustJSON(r))
		}
	}
	if rated != 3 {
		t.Errorf("%d records of the bucket's hour, want 3", rated)
	}
	for name, c := range map[string]struct {
		req  model.ListCustomerselfResourceRecordsRequest
		want int32
	}{
		"the order":         {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID())}, 2},
		"its disk":          {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), CloudServiceType: ptr("hws.service.type.ebs")}, 1},
		"period":            {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), ChargeMode: ptr("1")}, 2},
		"on demand":         {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), ChargeMode: ptr("3")}, 0},
		"new purchases":     {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), BillType: ptr(int32(1))}, 2},
		"today":             {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), BillDateBegin: ptr("2026-11-23"), BillDateEnd: ptr("2026-11-30")}, 2},
		"without zeros":     {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), IncludeZeroRecord: ptr(false)}, 2},
		"another project":   {model.ListCustomerselfResourceRecordsRequest{TradeId: ptr(o.OrderID()), EnterpriseProjectId: ptr("1")}, 0},
		"the sub-customers": {model.ListCustomerselfResourceRecordsRequest{Method: ptr("sub_customer"), SubCustomerId: ptr("x")}, 0},
	} {
		if got := list(c.req); *got.TotalCount != c.want || len(*got.FeeRecords) != int(c.want) {
			t.Errorf("%s: %d records, want %d", name, *got.TotalCount, c.want)
		}
	}
	for name, req := range map[string]model.ListCustomerselfResourceRecordsRequest{
		"month 13":        {Cycle: "2026-13"},
		"future":          {Cycle: "2026-12"},
		"charge mode 2":   {Cycle: cycle, ChargeMode: ptr("2")},
		"statistic 2":     {Cycle: cycle, StatisticType: ptr(int32(2))},
		"deep offset":     {Cycle: cycle, Offset: ptr(int32(models.MaxOffset + 1))},
		"dates backwards": {Cycle: cycle, BillDateBegin: ptr("2026-11-20"), BillDateEnd: ptr("2026-11-19")},
	} {
		_, err := cc.ListCustomerselfResourceRecords(&req)
		t.Run(name, func(t *testing.T) { sdkError(t, err, http.StatusBadRequest, "CBC.0100") })
	}

	// by cycle: the records summed by resource, which add up to the records
	sums, err := models.ListFeeSums(ctx, app.DB, self, models.FeeDetailFilter{FeeFilter: models.FeeFilter{Cycle: cycle}}, models.Paging{Limit: 100})
	if err != nil || sums.Total == 0 {
		t.Fatalf("the models' sums: %v %+v", err, sums)
	}
	byCycle := list(model.ListCustomerselfResourceRecordsRequest{StatisticType: ptr(int32(1)), Limit: ptr(int32(100))})
	if int64(*byCycle.TotalCount) != sums.Total || len(*byCycle.FeeRecords) != len(sums.Rows) {
		t.Fatalf("by cycle: %s, want %d sums", mustJSON(byCycle), sums.Total)
	}
	var recorded, summed int64
	for _, m := range want.Rows {
		recorded += m.Official - m.Discount
	}
	for i, r := range *byCycle.FeeRecords {
		m := sums.Rows[i]
		summed += m.Official - m.Discount
		wantMoney(t, "sum "+m.ResourceID, r.Amount, m.Official-m.Discount)
		wantMoney(t, "sum "+m.ResourceID+" cash", r.CashAmount, m.Cash)
		if r.Id != nil || r.TradeId != nil || *r.CloudServiceType != m.ServiceType || *r.ResourceId != m.ResourceID || *r.BillType != int32(m.BillType) {
			t.Errorf("sum %d: %s, want %+v", i, mustJSON(r), m)
		}
	}
	if summed != recorded {
		t.Errorf("the sums add up to %d fen, the records to %d", summed, recorded)
	}

	pc, _ := sdkClient(t, app, "provider")
	_, err = pc.ListCustomerselfResourceRecords(&model.ListCustomerselfResourceRecordsRequest{Cycle: cycle})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
}
