package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
)

// billNow is the tests' clock: 2026-11-23 in Shanghai, cycle 2026-11.
var billNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

func TestBillDetailQuery(t *testing.T) {
	t.Parallel()
	n := func(v int32) *int32 { return &v }
	base := func(mod func(r *subCustomerBillDetailReq)) *subCustomerBillDetailReq {
		r := &subCustomerBillDetailReq{BillCycle: "2026-11", CustomerID: "c"}
		if mod != nil {
			mod(r)
		}
		return r
	}
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, models.BusinessZone)
		return d
	}
	cases := []struct {
		name string
		req  *subCustomerBillDetailReq
		want func(q feeQuery) bool
		bad  bool
	}{
		{"defaults", base(nil), func(q feeQuery) bool {
			return q.filter.Cycle == "2026-11" && q.paging == models.Paging{Limit: 10} && !q.none && q.filter.Since.IsZero()
		}, false},
		{"an earlier cycle", base(func(r *subCustomerBillDetailReq) { r.BillCycle = "2025-01" }), func(q feeQuery) bool { return q.filter.Cycle == "2025-01" }, false},
		{"every filter", base(func(r *subCustomerBillDetailReq) {
			r.ServiceTypeCode, r.RegionCode, r.ChargingMode, r.BillDetailType = "hws.service.type.ebs", "cn-north-4", n(3), n(103)
			r.ResourceID, r.TradeID, r.AssociationType, r.AccountManagerID = "r1", "cs26112300000016", "2", "sales"
			r.BillDateBegin, r.BillDateEnd, r.Offset, r.Limit = "2026-11-02", "2026-11-05", n(models.MaxOffset), n(100)
		}), func(q feeQuery) bool {
			f := q.filter
			return f.ServiceType == "hws.service.type.ebs" && f.Region == "cn-north-4" && f.ChargeMode == 3 && f.BillType == 103 &&
				f.ResourceID == "r1" && f.OrderID == 16 && q.mode == models.Consignment && q.manager == "sales" &&
				f.Since.Equal(day("2026-11-02")) && f.Until.Equal(day("2026-11-06")) && q.paging == models.Paging{Offset: models.MaxOffset, Limit: 100}
		}, false},
		{"a trade that is no order", base(func(r *subCustomerBillDetailReq) { r.TradeID = "T-1" }), func(q feeQuery) bool { return q.none }, false},
		{"a savings plan", base(func(r *subCustomerBillDetailReq) { r.ChargingMode = n(11) }), func(q feeQuery) bool { return q.filter.ChargeMode == 11 }, false},
		{"month 13", base(func(r *subCustomerBillDetailReq) { r.BillCycle = "2026-13" }), nil, true},
		{"a future cycle", base(func(r *subCustomerBillDetailReq) { r.BillCycle = "2026-12" }), nil, true},
		{"a day for a cycle", base(func(r *subCustomerBillDetailReq) { r.BillCycle = "2026-11-01" }), nil, true},
		{"offset beyond", base(func(r *subCustomerBillDetailReq) { r.Offset = n(models.MaxOffset + 1) }), nil, true},
		{"negative offset", base(func(r *subCustomerBillDetailReq) { r.Offset = n(-1) }), nil, true},
		{"limit 0", base(func(r *subCustomerBillDetailReq) { r.Limit = n(0) }), nil, true},
		{"limit 101", base(func(r *subCustomerBillDetailReq) { r.Limit = n(101) }), nil, true},
		{"charging mode 2", base(func(r *subCustomerBillDetailReq) { r.ChargingMode = n(2) }), nil, true},
		{"bill type 6", base(func(r *subCustomerBillDetailReq) { r.BillDetailType = n(6) }), nil, true},
		{"association 3", base(func(r *subCustomerBillDetailReq) { r.AssociationType = "3" }), nil, true},
		{"one date", base(func(r *subCustomerBillDetailReq) { r.BillDateEnd = "2026-11-05" }), nil, true},
		{"dates of another month", base(func(r *subCustomerBillDetailReq) { r.BillDateBegin, r.BillDateEnd = "2026-10-01", "2026-10-02" }), nil, true},
		{"a long customer id", base(func(r *subCustomerBillDetailReq) { r.CustomerID = strings.Repeat("c", 65) }), nil, true},
	}
	for _, c := range cases {
		q, err := billDetailQueryOf(c.req, billNow)
		switch {
		case c.bad && (err == nil || codeOf(err) != "CBC.0100"):
			t.Errorf("%s: %v, want a CBC.0100", c.name, err)
		case !c.bad && (err != nil || !c.want(q)):
			t.Errorf("%s: %+v, %v", c.name, q, err)
		}
	}
}

func FuzzBillDetailQuery(f *testing.F) {
	f.Add("2026-11", "2026-11-01", "2026-11-30", "CS26112300000016", "2", int32(3), int32(5), int32(0), int32(10))
	f.Add("2026-13", "", "", "x", "3", int32(2), int32(6), int32(-1), int32(101))
	f.Add("2026-12", "2026-12-01", "", "", "", int32(11), int32(103), int32(10001), int32(0))
	f.Fuzz(func(t *testing.T, cycle, begin, end, trade, assoc string, mode, billType, offset, limit int32) {
		req := subCustomerBillDetailReq{BillCycle: cycle, CustomerID: "c", BillDateBegin: begin, BillDateEnd: end, TradeID: trade,
			AssociationType: assoc, ChargingMode: &mode, BillDetailType: &billType, Offset: &offset, Limit: &limit}
		q, err := billDetailQueryOf(&req, billNow)
		if err != nil {
			if codeOf(err) != "CBC.0100" {
				t.Fatalf("refusal %v is not a CBC.0100", err)
			}
			return
		}
		f := q.filter
		if f.Cycle != cycle || f.Cycle > "2026-11" || q.paging.Offset < 0 || q.paging.Offset > models.MaxOffset || q.paging.Limit < 1 ||
			q.paging.Limit > 100 || !containsInt(chargingModes, int32(f.ChargeMode)) || !containsInt(billDetailTypes, int32(f.BillType)) ||
			trade != "" && f.OrderID == 0 && !q.none {
			t.Fatalf("accepted %+v as %+v", req, q)
		}
		if !f.Since.IsZero() && (models.BillCycleOf(f.Since) != cycle || models.BillCycleOf(f.Until.Add(-time.Nanosecond)) != cycle) {
			t.Fatalf("dates %s–%s outside the cycle %s", f.Since, f.Until, cycle)
		}
	})
}

func TestMonthlyBillsQuery(t *testing.T) {
	t.Parallel()
	n := func(v int32) *int32 { return &v }
	cases := []struct {
		req  subcustomerMonthlyBillsReq
		want monthlyBillsQuery
		bad  bool
	}{
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "1"},
			want: monthlyBillsQuery{filter: models.MonthlyBillFilter{Cycle: "2026-11", ChargeMode: 1}, paging: models.Paging{Limit: 10}}},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-10", ChargeMode: "3", BillType: "1", CloudServiceType: "hws.service.type.ec2", Offset: n(20), Limit: n(50)},
			want: monthlyBillsQuery{filter: models.MonthlyBillFilter{Cycle: "2026-10", ChargeMode: 3, Kind: models.BillKindRefund,
				ServiceType: "hws.service.type.ec2"}, paging: models.Paging{Offset: 20, Limit: 50}}},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "11", BillType: "0"},
			want: monthlyBillsQuery{filter: models.MonthlyBillFilter{Cycle: "2026-11", ChargeMode: 11, Kind: models.BillKindConsumption}, paging: models.Paging{Limit: 10}}},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "1", BillType: "2"},
			want: monthlyBillsQuery{filter: models.MonthlyBillFilter{Cycle: "2026-11", ChargeMode: 1}, paging: models.Paging{Limit: 10}, none: true}},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-13", ChargeMode: "1"}, bad: true},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-12", ChargeMode: "1"}, bad: true},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "2"}, bad: true},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "01"}, bad: true},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "1", BillType: "3"}, bad: true},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "1", Offset: n(models.MaxOffset + 1)}, bad: true},
		{req: subcustomerMonthlyBillsReq{Cycle: "2026-11", ChargeMode: "1", Limit: n(101)}, bad: true},
	}
	for _, c := range cases {
		q, err := monthlyBillsQueryOf(&c.req, billNow)
		switch {
		case c.bad && (err == nil || codeOf(err) != "CBC.0100"):
			t.Errorf("%+v: %v, want a CBC.0100", c.req, err)
		case !c.bad && (err != nil || q != c.want):
			t.Errorf("%+v: %+v, %v; want %+v", c.req, q, err, c.want)
		}
	}
}

func FuzzMonthlyBillsQuery(f *testing.F) {
	f.Add("2026-11", "1", "0", int32(0), int32(10))
	f.Add("2026-12", "11", "2", int32(-1), int32(0))
	f.Fuzz(func(t *testing.T, cycle, mode, billType string, offset, limit int32) {
		req := subcustomerMonthlyBillsReq{Cycle: cycle, ChargeMode: mode, BillType: billType, Offset: &offset, Limit: &limit}
		q, err := monthlyBillsQueryOf(&req, billNow)
		if err != nil {
			if codeOf(err) != "CBC.0100" {
				t.Fatalf("refusal %v is not a CBC.0100", err)
			}
			return
		}
		if q.filter.Cycle != cycle || cycle > "2026-11" || (mode != "1" && mode != "3" && mode != "11") ||
			(billType != "" && billType != "0" && billType != "1" && billType != "2") || q.paging.Offset > models.MaxOffset || q.paging.Limit > 100 {
			t.Fatalf("accepted %+v as %+v", req, q)
		}
	})
}

func TestCustomerselfQuery(t *testing.T) {
	t.Parallel()
	n := func(v int32) *int32 { return &v }
	cases := []struct {
		name string
		req  customerselfRecordsReq
		want func(q feeQuery) bool
		bad  bool
	}{
		{"defaults", customerselfRecordsReq{Cycle: "2026-11"}, func(q feeQuery) bool { return !q.none && q.paging.Limit == 10 && !q.filter.NonZero }, false},
		{"filters", customerselfRecordsReq{Cycle: "2026-11", ChargeMode: "3", BillType: n(5), IncludeZeroRecord: new(false), Method: "all",
			EnterpriseProjectID: "0", StatisticType: n(3), TradeID: "CS26112300000016"}, func(q feeQuery) bool {
			return !q.none && q.filter.ChargeMode == 3 && q.filter.BillType == 5 && q.filter.NonZero && q.filter.OrderID == 16
		}, false},
		{"sub-customers", customerselfRecordsReq{Cycle: "2026-11", Method: "sub_customer", SubCustomerID: "s"}, func(q feeQuery) bool { return q.none }, false},
		{"another project", customerselfRecordsReq{Cycle: "2026-11", EnterpriseProjectID: "p1"}, func(q feeQuery) bool { return q.none }, false},
		{"month 13", customerselfRecordsReq{Cycle: "2026-13"}, nil, true},
		{"a future cycle", customerselfRecordsReq{Cycle: "2027-11"}, nil, true},
		{"charge mode as a word", customerselfRecordsReq{Cycle: "2026-11", ChargeMode: "period"}, nil, true},
		{"with zeros", customerselfRecordsReq{Cycle: "2026-11", IncludeZeroRecord: new(true)}, func(q feeQuery) bool { return !q.filter.NonZero }, false},
		{"by cycle", customerselfRecordsReq{Cycle: "2026-11", StatisticType: n(1), BillDateBegin: "2026-11-01", BillDateEnd: "2026-11-02"},
			func(q feeQuery) bool { return q.byCycle && q.filter.Since.IsZero() }, false},
		{"statistic 2", customerselfRecordsReq{Cycle: "2026-11", StatisticType: n(2)}, nil, true},
		{"sub_customer alone", customerselfRecordsReq{Cycle: "2026-11", Method: "sub_customer"}, nil, true},
		{"offset beyond", customerselfRecordsReq{Cycle: "2026-11", Offset: n(models.MaxOffset + 1)}, nil, true},
		{"dates across months", customerselfRecordsReq{Cycle: "2026-11", BillDateBegin: "2026-11-30", BillDateEnd: "2026-12-01"}, nil, true},
	}
	for _, c := range cases {
		q, err := customerselfQueryOf(&c.req, billNow)
		switch {
		case c.bad && (err == nil || codeOf(err) != "CBC.0100"):
			t.Errorf("%s: %v, want a CBC.0100", c.name, err)
		case !c.bad && (err != nil || !c.want(q)):
			t.Errorf("%s: %+v, %v", c.name, q, err)
		}
	}
}

func FuzzCustomerselfQuery(f *testing.F) {
	f.Add("2026-11", "3", false, "all", "", "2026-11-01", "2026-11-02", int32(3), int32(10))
	f.Add("2026-11", "x", true, "sub_customer", "", "", "", int32(1), int32(0))
	f.Fuzz(func(t *testing.T, cycle, mode string, zero bool, method, sub, begin, end string, statistic, limit int32) {
		req := customerselfRecordsReq{Cycle: cycle, ChargeMode: mode, IncludeZeroRecord: &zero, Method: method, SubCustomerID: sub,
			BillDateBegin: begin, BillDateEnd: end, StatisticType: &statistic, Limit: &limit}
		q, err := customerselfQueryOf(&req, billNow)
		if err != nil {
			if codeOf(err) != "CBC.0100" {
				t.Fatalf("refusal %v is not a CBC.0100", err)
			}
			return
		}
		if q.filter.Cycle != cycle || cycle > "2026-11" || statistic != 3 && statistic != 1 || q.byCycle != (statistic == 1) ||
			q.paging.Limit < 1 || q.paging.Limit > 100 ||
			q.filter.NonZero == zero || method == "sub_customer" && !q.none {
			t.Fatalf("accepted %+v as %+v", req, q)
		}
	})
}

// TestOpenAPIBills: the bill operations say whose keys call them and give the JSON types the SDK
// decodes strictly: charging_mode, bill_detail_type and period_type are integers in the partner's
// records, charge_mode and period_type strings in the customer's, bill_type a string in the
// partner's monthly bills and an integer in the customer's, every amount a number.
func TestOpenAPIBills(t *testing.T) {
	b, _ := json.Marshal(OpenAPI())
	var doc map[string]any
	json.Unmarshal(b, &doc)
	props := func(path string, list ...string) any {
		keys := append([]string{"paths", path, "get", "responses", "200", "content", "application/json", "schema", "properties"}, list...)
		return dig(doc, keys...)
	}
	cases := []struct {
		path, list string
		types      map[string]string
		callers    string
	}{
		{"/v2/bills/subcustomer-bills/res-fee-records", "fee_records", map[string]string{"charging_mode": "integer", "bill_detail_type": "integer",
			"period_type": "integer", "official_amount": "number", "debt_amount": "number", "trade_id": "string",
			"usage_type": "string", "usage_amount": "number", "usage_measure_id": "integer"}, "partner"},
		{"/v2/bills/partner-bills/subcustomer-bills/monthly-sum", "bill_sums", map[string]string{"bill_type": "string", "charge_mode": "string",
			"amount": "number", "measure_id": "integer"}, "partner"},
		{"/v2/bills/customer-bills/monthly-sum", "bill_sums", map[string]string{"bill_type": "integer", "charging_mode": "integer",
			"consume_amount": "number"}, "customer"},
		{"/v2/bills/customer-bills/res-fee-records", "fee_records", map[string]string{"charge_mode": "string", "period_type": "string",
			"bill_type": "integer", "amount": "number", "usage_type": "string", "usage": "number", "usage_measure_id": "integer"}, "customer"},
	}
	for _, c := range cases {
		if op, ok := dig(doc, "paths", c.path, "get").(map[string]any); !ok || op["x-callers"] != c.callers {
			t.Errorf("%s: x-callers %v, want %s", c.path, dig(doc, "paths", c.path, "get", "x-callers"), c.callers)
		}
		items := props(c.path, c.list, "items", "properties")
		for field, typ := range c.types {
			if got := dig(items, field, "type"); got != typ {
				t.Errorf("%s %s.%s: %v, want %s", c.path, c.list, field, got, typ)
			}
		}
	}
	if dig(props("/v2/bills/customer-bills/monthly-sum"), "consume_amount", "type") != "number" {
		t.Error("the customer's consume_amount is not a number")
	}
}
