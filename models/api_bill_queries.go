package models

import (
	"context"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Read queries of the partner API's bill operations (handlers/api, reference 4.9) that
// bill_queries.go's do not answer: a fee record list filtered by region and bill dates, a partner's
// view of one customer's records walked in an index at any offset the API allows, and what a
// record's line shows of the order line it bills. They only read.

// ErrBillDates refuses a bill query's dates (a future cycle is ErrBillCycleFuture, bill_cycle_queries.go).
var ErrBillDates = newError("CBC.0100", "err.bill_dates",
	"the bill dates must be days written YYYY-MM-DD of the bill cycle's month, both or neither, the first not after the second")

// ParseBillCycleAt is ParseBillCycle for a bill query at now: a cycle after the current one (in
// the business zone) has no bill and is refused.
func ParseBillCycleAt(s string, now time.Time) (string, time.Time, error) {
	cycle, start, err := ParseBillCycle(s)
	if err != nil {
		return "", time.Time{}, err
	}
	if cycle > BillCycleOf(now) { // YYYY-MM sorts as text as it sorts in time
		return "", time.Time{}, ErrBillCycleFuture
	}
	return cycle, start, nil
}

// ParseBillDates parses a query's bill dates (bill_date_begin, bill_date_end) within the cycle
// that starts at cycleStart: both or neither, each a day YYYY-MM-DD of that month, the first not
// after the second. It answers the trade times they cover, [begin 00:00, the day after end 00:00)
// in the business zone; zero times when neither is given.
func ParseBillDates(cycleStart time.Time, begin, end string) (since, until time.Time, err error) {
	if begin == "" && end == "" {
		return time.Time{}, time.Time{}, nil
	}
	b, errB := parseBillDay(begin)
	e, errE := parseBillDay(end)
	month := func(t time.Time) bool { return t.Year() == cycleStart.Year() && t.Month() == cycleStart.Month() }
	if errB != nil || errE != nil || !month(b) || !month(e) || e.Before(b) {
		return time.Time{}, time.Time{}, ErrBillDates
	}
	return b, e.AddDate(0, 0, 1), nil
}

// parseBillDay reads a day written YYYY-MM-DD (digits only, an existing day) in the business zone.
func parseBillDay(s string) (time.Time, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, ErrBillDates
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return time.Time{}, ErrBillDates
		}
	}
	return time.ParseInLocation("2006-01-02", s, BusinessZone)
}

// FeeDetailFilter is the API's filter of fee records: a FeeFilter and what only the API asks.
type FeeDetailFilter struct {
	FeeFilter
	Region       string
	Specs        []string  // the lines of these specs (the API's resource_name); nil: any
	Since, Until time.Time // trade times [Since, Until) (ParseBillDates); zero: the whole cycle
	NonZero      bool      // only lines with an amount to pay (include_zero_record=false)
}

// ListFeeDetails (ListSubCustomerBillDetail, ListCustomerselfResourceRecords) lists a cycle's fee
// records of one customer. A customer's own key lists its own, in time order (ix_fee_customer). A
// partner names its customer (CustomerID, required) and sees the records made while the customer
// was its own, or with ResellerID (a master distributor) one of its resellers' customer's records
// made under that reseller, as the cloud's indirect_partner_id; a customer that is not now the
// partner's (or that reseller's) is not found, a reseller not the actor's ErrNotYourReseller.
//
// A partner's list comes in record order through ix_fee_partner (partner, cycle, customer, and
// the row id every index carries): a page at a deep offset is a walk of that index, with no sort
// and no table row read for the entries it skips. Asked for some days of the cycle, it comes in
// time order through ix_fee_customer's range of those days (ordered by row id, it would be sorted).
func ListFeeDetails(ctx context.Context, db *gorm.DB, a Actor, f FeeDetailFilter, p Paging) (*FeeRecordList, error) {
	cycle, _, err := ParseBillCycle(f.Cycle)
	if err != nil {
		return nil, &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	q, order, err := feeDetailScope(ctx, db, a, f)
	if err != nil {
		return nil, err
	}
	q = f.apply(q.Where("bill_cycle = ?", cycle))
	out := &FeeRecordList{Rows: []FeeRecord{}}
	if out.Total, out.Capped, err = findPage(q, order, p.Offset, p.Limit, &out.Rows); err != nil {
		return nil, err
	}
	return out, nil
}

// feeDetailScope is the fee records of the filter's customer the actor may see, and their order.
func feeDetailScope(ctx context.Context, db *gorm.DB, a Actor, f FeeDetailFilter) (*gorm.DB, string, error) {
	q := db.WithContext(ctx).Model(&FeeRecord{})
	switch {
	case a.Kind == CustomerUser:
		if a.CustomerID == 0 || f.CustomerID != 0 && f.CustomerID != a.CustomerID {
			return nil, "", ErrNotFound
		}
		return q.Where("customer_id = ?", a.CustomerID), "trade_time, id", nil
	case a.Kind != PartnerUser || a.PartnerID == 0:
		return nil, "", ErrForbidden
	case f.CustomerID == 0:
		return nil, "", &FieldError{Field: "customer_id", Err: ErrInvalidInput}
	}
	owner, err := billOwner(ctx, db, a, f.ResellerID)
	if err != nil {
		return nil, "", err
	}
	var n int64
	if err := db.WithContext(ctx).Model(&Customer{}).Where("id = ? AND partner_id = ?", f.CustomerID, owner).Count(&n).Error; err != nil {
		return nil, "", err
	}
	if n == 0 {
		return nil, "", ErrNotFound
	}
	q = q.Where("partner_id = ? AND customer_id = ?", owner, f.CustomerID)
	if !f.Since.IsZero() { // a range of days: ix_fee_customer's range of trade times, in its order
		return q, "trade_time, id", nil
	}
	return q, "id", nil
}

// billOwner is the partner whose bills the actor reads: itself, or with resellerID (a master
// distributor) that reseller of its own.
func billOwner(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64) (uint64, error) {
	if resellerID == 0 || resellerID == a.PartnerID {
		return a.PartnerID, nil
	}
	if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
		return 0, ErrNotYourReseller
	}
	return resellerID, nil
}

func (f FeeDetailFilter) apply(q *gorm.DB) *gorm.DB {
	q = f.FeeFilter.apply(q)
	if f.Region != "" {
		q = q.Where("region = ?", f.Region)
	}
	if !f.Since.IsZero() {
		q = q.Where("trade_time >= ? AND trade_time < ?", f.Since.UTC(), f.Until.UTC())
	}
	if f.NonZero {
		q = q.Where("official <> discount")
	}
	if f.Specs != nil { // each record's own order line, by its primary key: no scan of the lines
		q = q.Where("EXISTS (SELECT 1 FROM order_lines WHERE order_lines.id = fee_records.line_id AND order_lines.spec IN ?)",
			append(slices.Clip(f.Specs), ""))
	}
	return q
}

// FeeLine is what a fee record's line shows of the order line it bills.
type FeeLine struct {
	OrderNumber string // the trade_id: the order's number
	Spec        string
	Size        int64 // a disk's size, 0 for others
	PeriodNum   int
}

// FeeRecordLines are the order lines of a page of fee records, by line id, in one query.
func FeeRecordLines(ctx context.Context, db *gorm.DB, rows []FeeRecord) (map[uint64]FeeLine, error) {
	var ids []uint64
	for _, r := range rows {
		if r.LineID != nil {
			ids = append(ids, *r.LineID)
		}
	}
	out := make(map[uint64]FeeLine, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var lines []struct {
		ID, OrderID    uint64
		Spec           string
		Size           int64
		PeriodNum      int
		OrderCreatedAt time.Time
	}
	err := db.WithContext(ctx).Table("order_lines").
		Select("order_lines.id, order_lines.order_id, order_lines.spec, order_lines.size, order_lines.period_num, orders.created_at AS order_created_at").
		Joins("JOIN orders ON orders.id = order_lines.order_id").Where("order_lines.id IN ?", ids).Scan(&lines).Error
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		o := Order{ID: l.OrderID, CreatedAt: l.OrderCreatedAt}
		out[l.ID] = FeeLine{OrderNumber: o.OrderID(), Spec: l.Spec, Size: l.Size, PeriodNum: l.PeriodNum}
	}
	return out, nil
}

// FeeUsage is the usage a rated hour's fee record (bill type 5) bills: its usage type, amount and
// unit, as the usage record has them (the API's usage_type, usage_amount, usage_measure_id).
type FeeUsage struct {
	Factor    string
	Value     decimal.Decimal
	MeasureID uint64
}

// FeeRecordUsages are the usage records of a page of fee records, by usage id, in one query
// (their primary keys).
func FeeRecordUsages(ctx context.Context, db *gorm.DB, rows []FeeRecord) (map[uint64]FeeUsage, error) {
	var ids []uint64
	for _, r := range rows {
		if r.UsageID != nil {
			ids = append(ids, *r.UsageID)
		}
	}
	out := make(map[uint64]FeeUsage, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var us []UsageRecord
	if err := db.WithContext(ctx).Select("id, factor, value, measure_id").Where("id IN ?", ids).Find(&us).Error; err != nil {
		return nil, err
	}
	for _, u := range us {
		out[u.ID] = FeeUsage{Factor: u.Factor, Value: u.Value.Decimal, MeasureID: u.MeasureID}
	}
	return out, nil
}

// ListFeeSums (ListCustomerselfResourceRecords by cycle, statistic_type 1) is the customer's own
// fee records of the filter summed by resource for the cycle: one row per service type, resource
// type, region, resource, charge mode and bill type, in that order, as fee records without an
// id, order or trade time (LineID one of the lines summed, for the resource's spec). The total
// counts the rows, up to CountCap.
func ListFeeSums(ctx context.Context, db *gorm.DB, a Actor, f FeeDetailFilter, p Paging) (*FeeRecordList, error) {
	cycle, _, err := ParseBillCycle(f.Cycle)
	if err != nil {
		return nil, &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	if a.Kind != CustomerUser {
		return nil, ErrForbidden
	}
	q, _, err := feeDetailScope(ctx, db, a, f)
	if err != nil {
		return nil, err
	}
	const keys = "service_type, resource_type, region, resource_id, charge_mode, bill_type"
	q = f.apply(q.Where("bill_cycle = ?", cycle)).Group(keys)
	out := &FeeRecordList{Rows: []FeeRecord{}}
	groups := q.Session(&gorm.Session{}).Select(keys).Limit(CountCap)
	if err := db.WithContext(ctx).Table("(?) AS capped", groups).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	out.Capped = out.Total >= CountCap
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	// the customer and the cycle are one in the scope, but only SQLite takes a column neither
	// grouped nor aggregated: MAX of each for PostgreSQL
	err = q.Select("MAX(customer_id) AS customer_id, MAX(bill_cycle) AS bill_cycle, " + keys + ", MAX(line_id) AS line_id, MAX(period_type) AS period_type, " +
		"SUM(official) AS official, SUM(discount) AS discount, SUM(cash) AS cash, SUM(coupon) AS coupon, " +
		"SUM(credit) AS credit, SUM(debt) AS debt, SUM(writeoff) AS writeoff").
		Order(keys).Offset(min(max(p.Offset, 0), MaxOffset)).Limit(min(p.Limit, MaxLimit)).Scan(&out.Rows).Error
	return out, err
}
