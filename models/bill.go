package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Bills (issue 15, reference 4.9): each movement of money for a customer's consumption is a fee
// record (res-fee-records), one per bill line, written in the money line's transaction that moves
// the money; the customer's monthly sums (bill_sums) are added to in that same transaction, so a
// bill page reads them and never sums fee records per request. This part covers what already moves
// money: paid orders (new, renewal, auto-renewal) and unsubscribe refunds; rated usage (5) and the
// operator's adjustments (9, 16) come later and fill the credit, debt and write-off columns.
//
// The identity of a fee record's parts (checked by Check): official − discount = cash + coupon +
// credit + debt. The write-off is not one of the parts: it is debt of an earlier charge paid
// later, recorded on that charge's line without changing what the line cost. A refund's record
// is negative in every part, as Huawei's bills show it.

// Bill types (the API's bill_detail_type) PartnerHub writes.
const (
	BillNew       int8 = 1 // 新购
	BillRenew     int8 = 2 // 续订
	BillRefund    int8 = 4 // 退订退款
	BillUsage     int8 = 5 // 按需使用
	BillAutoRenew int8 = 8 // 自动续订
)

// Period types of a fee record (the API's period_type).
const (
	BillPeriodYear  = 19
	BillPeriodMonth = 20
)

// FeeRecord is one line of a customer's bill. PartnerID and TopPartnerID are the customer's
// partner and its master distributor (or itself) when it was charged: a bill line stays with the
// partner it was made under. BillCycle is the month (YYYY-MM, Asia/Shanghai) of TradeTime.
// OrderID and LineID are the order line it bills (its trade_id is the order's number); LineID is
// unique, so an order line is billed once. Amounts are fen.
type FeeRecord struct {
	ID           uint64     `gorm:"primaryKey"`
	CustomerID   uint64     `gorm:"not null;index:ix_fee_customer,priority:1;index:ix_fee_partner,priority:3;index:ix_fee_top,priority:3;index:ix_fee_debt,where:debt > writeoff"`
	PartnerID    uint64     `gorm:"not null;default:0;index:ix_fee_partner,priority:1"`
	TopPartnerID uint64     `gorm:"not null;default:0;index:ix_fee_top,priority:1"`
	BillCycle    string     `gorm:"size:7;not null;index:ix_fee_partner,priority:2;index:ix_fee_top,priority:2;index:ix_fee_customer,priority:2"`
	TradeTime    time.Time  `gorm:"not null;index:ix_fee_customer,priority:3"`
	OrderID      *uint64    `gorm:"index:ix_fee_order,where:order_id IS NOT NULL"`
	LineID       *uint64    `gorm:"uniqueIndex:ux_fee_line,where:line_id IS NOT NULL"`
	BillType     int8       `gorm:"not null"`
	ServiceType  string     `gorm:"size:64;not null"`
	ResourceType string     `gorm:"size:64;not null;default:''"`
	ResourceID   string     `gorm:"size:40;not null;default:''"` // the resource's public id, when the line is for one
	Region       string     `gorm:"size:64;not null;default:''"`
	ChargeMode   ChargeMode `gorm:"not null"`
	PeriodType   int        `gorm:"not null;default:0"`
	Official     int64      `gorm:"not null"`
	Discount     int64      `gorm:"not null;default:0"`
	Cash         int64      `gorm:"not null;default:0"`
	Coupon       int64      `gorm:"not null;default:0"`
	Credit       int64      `gorm:"not null;default:0"`
	Debt         int64      `gorm:"not null;default:0"`
	Writeoff     int64      `gorm:"not null;default:0"`
	CreatedAt    time.Time  `gorm:"not null"`
	// UsageID is the usage record a rated hour bills (bill type 5): unique, so an hour is billed
	// once. The partial index on the customer finds its records still in debt (write-off).
	UsageID *uint64 `gorm:"uniqueIndex:ux_fee_usage,where:usage_id IS NOT NULL"`
}

// Amount is what the line costs after its discount (the API's payment_amount).
func (f *FeeRecord) Amount() Money { return Fen(f.Official - f.Discount) }

// MonthlySum is a customer's bill of a cycle for one service type, charge mode and bill type: the
// sums of its fee records, added to as each is written. Amount is official − discount.
type MonthlySum struct {
	ID          uint64     `gorm:"primaryKey"`
	CustomerID  uint64     `gorm:"not null;uniqueIndex:ux_msum_key,priority:1"`
	BillCycle   string     `gorm:"size:7;not null;uniqueIndex:ux_msum_key,priority:2"`
	ServiceType string     `gorm:"size:64;not null;uniqueIndex:ux_msum_key,priority:3"`
	ChargeMode  ChargeMode `gorm:"not null;uniqueIndex:ux_msum_key,priority:4"`
	BillType    int8       `gorm:"not null;uniqueIndex:ux_msum_key,priority:5"`
	Amount      int64      `gorm:"not null;default:0"`
	Cash        int64      `gorm:"not null;default:0"`
	Coupon      int64      `gorm:"not null;default:0"`
	Debt        int64      `gorm:"not null;default:0"`
	Discount    int64      `gorm:"not null;default:0"`
	Count       int64      `gorm:"not null;default:0"`
	UpdatedAt   time.Time  `gorm:"not null"`
}

// BillCycleOf is the bill cycle (YYYY-MM) of a time: its month in the business zone.
func BillCycleOf(t time.Time) string { return t.In(BusinessZone).Format("2006-01") }

// ErrBillCycle refuses a bill cycle that is not a month written YYYY-MM.
var ErrBillCycle = newError("CBC.0100", "err.bill_cycle", "the bill cycle must be a month written YYYY-MM, like 2026-11")

// ParseBillCycle parses a bill cycle typed by a user or passed to the API: YYYY-MM, a month of the
// years 2000–9999 (nothing else: no day, no spaces, no other separator). It answers the cycle as
// written and its first instant in the business zone.
func ParseBillCycle(s string) (string, time.Time, error) {
	if len(s) != 7 || s[4] != '-' {
		return "", time.Time{}, ErrBillCycle
	}
	for i, r := range s {
		if i != 4 && (r < '0' || r > '9') {
			return "", time.Time{}, ErrBillCycle
		}
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:])
	if y < 2000 || m < 1 || m > 12 {
		return "", time.Time{}, ErrBillCycle
	}
	return s, time.Date(y, time.Month(m), 1, 0, 0, 0, 0, BusinessZone), nil
}

// splitFen splits total fen over lines in proportion to their weights, exactly: the lines before
// the last get the running share rounded down less what the lines before them got, and the last
// line what remains. Rounding the running share, not each share, keeps every share between 0 and
// its own weight whenever 0 ≤ total ≤ the weights' sum, so a line never pays more by coupon than
// it owes (rounding each share down and giving the last line the whole remainder can: 99 fen
// over 33, 33 and 34 would give the last 35).
func splitFen(total int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if len(weights) == 0 {
		return out
	}
	t, s := decimal.NewFromInt(total), decimal.NewFromInt(sum)
	var run, given int64
	for i, w := range weights[:len(weights)-1] {
		run += w
		upTo := int64(0)
		if sum != 0 {
			upTo = t.Mul(decimal.NewFromInt(run)).Div(s).Floor().IntPart()
		}
		out[i] = upTo - given
		given = upTo
	}
	out[len(out)-1] = total - given
	return out
}

// linePayment is an order line's part of its order's payment, in fen.
type linePayment struct{ official, discount, coupon, cash int64 }

// servicePayment is how a payment fell on the order's service types: what each owed after the
// discount (due.byService) and what the coupons paid of each (useCoupons; nil: none).
type servicePayment struct{ owed, coupons map[string]int64 }

// splitPayment splits an order's discount, coupons and cash over its lines, exactly: each part
// adds up to the order's, and each line's parts to its official price. Knowing how the payment
// fell on the service types (by), the discount goes to the service types it took off and the
// coupons to those they paid, and within a service type over its lines as splitLines does;
// without it (a refund), or should the service types' parts not fit their lines, over all the
// lines as splitLines does.
func splitPayment(o *Order, officials []int64, services []string, by *servicePayment) ([]linePayment, error) {
	var sum int64
	for _, v := range officials {
		sum += v
	}
	if sum != o.Official || o.Discount < 0 || o.Coupons < 0 || o.Cash < 0 || o.Official-o.Discount != o.Coupons+o.Cash {
		return nil, fmt.Errorf("models: order %d's amounts do not add up to its lines", o.ID)
	}
	if by != nil {
		if out, ok := splitByService(o, officials, services, by); ok {
			return out, nil
		}
	}
	return splitLines(o.Discount, o.Coupons, officials), nil
}

// splitByService splits the discount over the service types in proportion to what it took off
// each, gives each service type the coupons that paid it, and splits each over its lines; false
// when a service type's parts exceed its lines' price (the discount's rounding to the fen).
func splitByService(o *Order, officials []int64, services []string, by *servicePayment) ([]linePayment, bool) {
	var order []string
	lines, official := map[string][]int{}, map[string]int64{}
	for i, s := range services {
		if lines[s] == nil {
			order = append(order, s)
		}
		lines[s] = append(lines[s], i)
		official[s] += officials[i]
	}
	weights := make([]int64, len(order))
	var coupons int64
	for j, s := range order {
		weights[j] = max(official[s]-by.owed[s], 0)
		coupons += by.coupons[s]
	}
	if coupons != o.Coupons {
		return nil, false
	}
	discounts := splitFen(o.Discount, weights)
	out := make([]linePayment, len(officials))
	for j, s := range order {
		c := by.coupons[s]
		if discounts[j] > official[s] || c < 0 || c > official[s]-discounts[j] {
			return nil, false
		}
		ws := make([]int64, len(lines[s]))
		for k, i := range lines[s] {
			ws[k] = officials[i]
		}
		for k, p := range splitLines(discounts[j], c, ws) {
			out[lines[s][k]] = p
		}
	}
	return out, true
}

// splitLines splits a discount over lines in proportion to their official prices, coupons in
// proportion to what each line owes after its discount, and the cash is what each line still
// owes. The discount and coupons are at most what the lines cost (splitFen keeps each share
// within its line's).
func splitLines(discount, coupons int64, officials []int64) []linePayment {
	discounts := splitFen(discount, officials)
	owed := make([]int64, len(officials))
	for i := range officials {
		owed[i] = officials[i] - discounts[i]
	}
	cs := splitFen(coupons, owed)
	out := make([]linePayment, len(officials))
	for i := range officials {
		out[i] = linePayment{official: officials[i], discount: discounts[i], coupon: cs[i], cash: owed[i] - cs[i]}
	}
	return out
}

// postFeeRecords bills a paid order, or an unsubscribe order's refund (bill type 4, every part
// negative; by nil), in the transaction that moved its money: one fee record per order line, its
// share of the order's discount, coupons and cash (splitPayment, by how the payment fell on the
// service types), and the customer's monthly sums added to. The bill line is the customer's
// partner's at the time. The caller has the order's lines (in line order) and the public ids of
// the resources they name (publicIDs, by resource id): it read them to pay or refund, and the pay
// path reads nothing twice.
func postFeeRecords(tx *gorm.DB, o *Order, lines []OrderLine, publicIDs map[uint64]string, billType int8, by *servicePayment, now time.Time) error {
	officials, services := make([]int64, len(lines)), make([]string, len(lines))
	for i, l := range lines {
		officials[i], services[i] = l.Official, l.ServiceType
	}
	parts, err := splitPayment(o, officials, services, by)
	if err != nil {
		return err
	}
	var c Customer
	if err := tx.Select("id, partner_id, top_partner_id").Take(&c, o.CustomerID).Error; err != nil {
		return err
	}
	sign := int64(1)
	if billType == BillRefund {
		sign = -1
	}
	now = now.UTC()
	records := make([]FeeRecord, len(lines))
	for i := range lines {
		l, p := &lines[i], parts[i]
		records[i] = FeeRecord{CustomerID: o.CustomerID, PartnerID: deref(c.PartnerID), TopPartnerID: deref(c.TopPartnerID),
			BillCycle: BillCycleOf(now), TradeTime: now, OrderID: &o.ID, LineID: &l.ID, BillType: billType,
			ServiceType: l.ServiceType, ResourceType: l.ResourceType, ResourceID: lineResource(o, l, publicIDs), Region: l.Region,
			ChargeMode: o.ChargeMode, PeriodType: billPeriod(l.PeriodType), Official: sign * p.official, Discount: sign * p.discount,
			Cash: sign * p.cash, Coupon: sign * p.coupon, CreatedAt: now}
	}
	if err := tx.Create(&records).Error; err != nil {
		return err
	}
	return addMonthlySums(tx, records, now)
}

// lineResource is the public id of the resource an order line bills: a renewal's or unsubscribe's
// resource, or the one resource a new purchase of quantity 1 will create (its id follows from the
// order and the line, resourcePublicID); a line of several resources names none.
func lineResource(o *Order, l *OrderLine, publicIDs map[uint64]string) string {
	if l.ResourceID != nil {
		return publicIDs[*l.ResourceID]
	}
	if l.Quantity == 1 {
		return resourcePublicID(o.ID, l.LineNo, 1)
	}
	return ""
}

// billPeriod is the fee record's period type of an order line's period (PeriodMonth, PeriodYear).
func billPeriod(periodType int) int {
	switch periodType {
	case PeriodMonth:
		return BillPeriodMonth
	case PeriodYear:
		return BillPeriodYear
	}
	return 0
}

func deref(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

// monthlyKey is what a monthly sum adds up.
type monthlyKey struct {
	customerID  uint64
	cycle       string
	serviceType string
	mode        ChargeMode
	billType    int8
}

// addMonthlySums adds fee records to their monthly sums: one upsert per sum, adding to the row
// (or making it), in the records' transaction; and to their cycle bills and totals (addCycleBills),
// under each customer's association mode now.
func addMonthlySums(tx *gorm.DB, records []FeeRecord, now time.Time) error {
	return addMonthlySumsIn(tx, records, nil, now)
}

// addMonthlySumsIn is addMonthlySums with the association mode of each customer the records are
// charged under (nil: as it is now): an adjustment of a closed cycle goes on the bill of the mode
// the customer had then.
func addMonthlySumsIn(tx *gorm.DB, records []FeeRecord, modes map[uint64]Mode, now time.Time) error {
	sums := map[monthlyKey]*MonthlySum{}
	var keys []monthlyKey
	for _, f := range records {
		k := monthlyKey{f.CustomerID, f.BillCycle, f.ServiceType, f.ChargeMode, f.BillType}
		s := sums[k]
		if s == nil {
			s = &MonthlySum{CustomerID: k.customerID, BillCycle: k.cycle, ServiceType: k.serviceType, ChargeMode: k.mode,
				BillType: k.billType, UpdatedAt: now.UTC()}
			sums[k] = s
			keys = append(keys, k)
		}
		s.Amount += f.Official - f.Discount
		s.Cash += f.Cash
		s.Coupon += f.Coupon
		s.Debt += f.Debt
		s.Discount += f.Discount
		s.Count++
	}
	rows := make([][]any, len(keys))
	for i, k := range keys { // in the records' order: concurrent writers take the rows in the same order
		m := sums[k]
		rows[i] = []any{m.CustomerID, m.BillCycle, m.ServiceType, m.ChargeMode, m.BillType, m.Amount, m.Cash, m.Coupon,
			m.Debt, m.Discount, m.Count, m.UpdatedAt}
	}
	err := addToSums(tx, "monthly_sums", []string{"customer_id", "bill_cycle", "service_type", "charge_mode", "bill_type"},
		[]string{"amount", "cash", "coupon", "debt", "discount", "count"}, []string{"updated_at"}, rows)
	if err != nil {
		return err
	}
	if err := addCycleBills(tx, records, modes, now); err != nil {
		return err
	}
	return addDailySums(tx, records)
}

// addToSums adds rows to a table of sums, 500 rows a statement: a row whose key is there adds its
// adds columns to the row's and replaces its sets columns; one that is not is inserted. Each row
// holds the key's columns, then the adds, then the sets. A plain statement, not GORM's Create,
// which asks for the ids back (that took half of a usage rating batch's time).
func addToSums(tx *gorm.DB, table string, key, adds, sets []string, rows [][]any) error {
	for part := range slices.Chunk(rows, 500) {
		if err := tx.Exec(sumsUpsert(table, key, adds, sets, len(part)), slices.Concat(part...)...).Error; err != nil {
			return err
		}
	}
	return nil
}

// sumsUpsert is addToSums' statement for n rows; the ors columns (after the sets) are OR'ed into
// the row's, bit by bit.
func sumsUpsert(table string, key, adds, sets []string, n int, ors ...string) string {
	cols := slices.Concat(key, adds, sets, ors)
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	update := make([]string, 0, len(adds)+len(sets))
	for _, c := range adds {
		update = append(update, c+" = "+table+"."+c+" + excluded."+c)
	}
	for _, c := range sets {
		update = append(update, c+" = excluded."+c)
	}
	for _, c := range ors {
		update = append(update, c+" = "+table+"."+c+" | excluded."+c)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ") +
		" ON CONFLICT (" + strings.Join(key, ", ") + ") DO UPDATE SET " + strings.Join(update, ", ")
}
