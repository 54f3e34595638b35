package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnerhub/models"
)

// Checking the bill operations' query parameters (reference 4.9). A bill cycle is YYYY-MM, not
// after the current one; bill dates are days of that month, both or neither; enumerations are the
// reference's values, and a value PartnerHub never bills (a reserved instance, a savings plan, an
// enterprise project other than the default, a trade id that is no order number) matches nothing
// rather than being refused. A fee record list pages at most models.MaxOffset deep: the partner's
// walks an index to the offset, and that walk is what bounds its time.

// billDetailTypes are the bill types (bill_detail_type, bill_type) the reference lists.
var billDetailTypes = []int32{1, 2, 3, 4, 5, 8, 9, 14, 16, 18, 20, 23, 24, 25, 103}

// chargingModes are the charging modes the reference lists: 1 yearly/monthly, 3 on demand,
// 10 reserved instance, 11 savings plan.
var chargingModes = []int32{1, 3, 10, 11}

// feePaging checks a fee record list's offset (0 to models.MaxOffset) and limit (1–100, default 10).
func feePaging(offset, limit *int32) (models.Paging, error) {
	p := models.Paging{Limit: models.DefaultLimit}
	if offset != nil {
		if *offset < 0 || *offset > models.MaxOffset {
			return p, errBadRequest(fmt.Sprintf("offset must be 0 to %d", models.MaxOffset))
		}
		p.Offset = int(*offset)
	}
	if limit != nil {
		if *limit < 1 || *limit > models.MaxLimit {
			return p, errBadRequest("limit must be 1 to 100")
		}
		p.Limit = int(*limit)
	}
	return p, nil
}

// billCycle checks a bill cycle parameter at now.
func billCycle(field, v string, now time.Time) (string, time.Time, error) {
	cycle, start, err := models.ParseBillCycleAt(v, now)
	switch {
	case errors.Is(err, models.ErrBillCycleFuture):
		return "", time.Time{}, errBadRequest(field + ": the bill cycle " + v + " is in the future")
	case err != nil:
		return "", time.Time{}, errBadRequest(field + " must be a month written YYYY-MM, like 2026-11")
	}
	return cycle, start, nil
}

// billDates checks bill_date_begin and bill_date_end of the cycle starting at start.
func billDates(start time.Time, begin, end string) (time.Time, time.Time, error) {
	since, until, err := models.ParseBillDates(start, begin, end)
	if err != nil {
		return since, until, errBadRequest("bill_date_begin and bill_date_end must be days YYYY-MM-DD of the bill cycle, " +
			"both or neither, the first not after the second")
	}
	return since, until, nil
}

// feeQuery is a checked fee record query: the filter (but the customer, which the caller
// resolves), the page, and none when it can match no record.
type feeQuery struct {
	filter  models.FeeDetailFilter
	paging  models.Paging
	none    bool
	mode    models.Mode // association_type (ListSubCustomerBillDetail); NoMode: any
	manager string      // account_manager_id: the customer's manager's account name; "": any
	byCycle bool        // statistic_type 1 (ListCustomerselfResourceRecords): sums by resource
}

// billDetailQueryOf checks ListSubCustomerBillDetail's parameters.
func billDetailQueryOf(req *subCustomerBillDetailReq, now time.Time) (q feeQuery, err error) {
	for _, l := range []struct{ field, v string }{{"customer_id", req.CustomerID}, {"service_type_code", req.ServiceTypeCode},
		{"region_code", req.RegionCode}, {"resource_id", req.ResourceID}, {"resource_name", req.ResourceName}, {"trade_id", req.TradeID},
		{"account_manager_id", req.AccountManagerID}, {"indirect_partner_id", req.IndirectPartnerID}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return q, err
		}
	}
	f := &q.filter
	var start time.Time
	if f.Cycle, start, err = billCycle("bill_cycle", req.BillCycle, now); err != nil {
		return q, err
	}
	if f.Since, f.Until, err = billDates(start, req.BillDateBegin, req.BillDateEnd); err != nil {
		return q, err
	}
	if req.ChargingMode != nil {
		if !containsInt(chargingModes, *req.ChargingMode) {
			return q, errBadRequest("charging_mode must be 1, 3, 10 or 11")
		}
		f.ChargeMode = models.ChargeMode(*req.ChargingMode)
	}
	if f.BillType, err = billTypeOf("bill_detail_type", req.BillDetailType); err != nil {
		return q, err
	}
	switch req.AssociationType {
	case "":
	case "1", "2":
		q.mode = models.Mode(req.AssociationType[0] - '0')
	default:
		return q, errBadRequest(`association_type must be "1" (advisory) or "2" (consignment)`)
	}
	q.none = tradeFilter(&f.FeeFilter, req.TradeID)
	f.ServiceType, f.Region, f.ResourceID, q.manager = req.ServiceTypeCode, req.RegionCode, req.ResourceID, req.AccountManagerID
	q.paging, err = feePaging(req.Offset, req.Limit)
	return q, err
}

// billTypeOf checks a bill type parameter (nil: any).
func billTypeOf(field string, v *int32) (int8, error) {
	if v == nil {
		return 0, nil
	}
	if !containsInt(billDetailTypes, *v) {
		return 0, errBadRequest(field + " must be one of 1, 2, 3, 4, 5, 8, 9, 14, 16, 18, 20, 23, 24, 25, 103")
	}
	return int8(*v), nil
}

// tradeFilter filters by a trade id, an order's number (case-insensitive, as order ids are); true
// when it is no order number, which no record of PartnerHub's carries.
func tradeFilter(f *models.FeeFilter, tradeID string) bool {
	if tradeID == "" {
		return false
	}
	f.OrderID = models.ParseOrderID(strings.ToUpper(tradeID))
	return f.OrderID == 0
}

// matches says whether the customer is of the query's association type and account manager.
func (q *feeQuery) matches(c *models.Customer, manager string) bool {
	return (q.mode == models.NoMode || c.Mode == q.mode) && (q.manager == "" || q.manager == manager)
}

// specsNamed are the specs whose name (in either language) or code is name: the resource_name
// filter, as resource names are the specs' names; nil when name is empty.
func specsNamed(cat *models.Catalog, name string) ([]string, error) {
	if name == "" {
		return nil, nil
	}
	out := []string{}
	for _, rt := range cat.ResourceTypes("") {
		for _, sp := range cat.Specs(rt.Code) {
			if sp.Code == name || sp.NameZH == name || sp.NameEN == name {
				out = append(out, sp.Code)
			}
		}
	}
	return out, nil
}

// monthlyBillsQuery is a checked ListSubcustomerMonthlyBills request.
type monthlyBillsQuery struct {
	filter models.MonthlyBillFilter
	paging models.Paging
	none   bool
}

// monthlyBillsQueryOf checks ListSubcustomerMonthlyBills' parameters: charge_mode "1", "3" or "11";
// bill_type "0" (consumption), "1" (unsubscribe) or "2" (Huawei's write-off, which PartnerHub has none of).
func monthlyBillsQueryOf(req *subcustomerMonthlyBillsReq, now time.Time) (q monthlyBillsQuery, err error) {
	for _, l := range []struct{ field, v string }{{"customer_id", req.CustomerID}, {"cloud_service_type", req.CloudServiceType},
		{"indirect_partner_id", req.IndirectPartnerID}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return q, err
		}
	}
	f := &q.filter
	if f.Cycle, _, err = billCycle("cycle", req.Cycle, now); err != nil {
		return q, err
	}
	switch req.ChargeMode {
	case "1", "3", "11":
		n, _ := strconv.Atoi(req.ChargeMode)
		f.ChargeMode = models.ChargeMode(n)
	default:
		return q, errBadRequest(`charge_mode must be "1" (yearly/monthly), "3" (on demand) or "11" (savings plan)`)
	}
	switch req.BillType {
	case "":
	case "0":
		f.Kind = models.BillKindConsumption
	case "1":
		f.Kind = models.BillKindRefund
	case "2":
		q.none = true
	default:
		return q, errBadRequest(`bill_type must be "0" (consumption), "1" (unsubscribe) or "2" (write-off)`)
	}
	f.ServiceType = req.CloudServiceType
	q.paging, err = feePaging(req.Offset, req.Limit)
	return q, err
}
