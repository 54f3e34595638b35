package models

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"
)

// The monthly bills' read models: a partner's customers of a cycle (from cycle_bills, by index),
// the cycle's totals (cycle_totals), and one customer's bill of a cycle.

// ErrBillCycleFuture refuses a cycle that has not begun.
var ErrBillCycleFuture = newError("CBC.0100", "err.bill_cycle_future", "the bill cycle has not begun yet")

// Cycle is a bill cycle as the pages show it: its month, its first instant, and whether it is the
// running one (its bill is not final: charges are still added to it as they are made).
type Cycle struct {
	Cycle   string
	Start   time.Time
	Running bool
}

// CheckCycle parses a cycle a user or integrator asked for (ParseBillCycle) and refuses one after
// the running cycle of now.
func CheckCycle(s string, now time.Time) (Cycle, error) {
	c, start, err := ParseBillCycle(s)
	if err != nil {
		return Cycle{}, &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	cur := BillCycleOf(now)
	if c > cur {
		return Cycle{}, &FieldError{Field: "bill_cycle", Err: ErrBillCycleFuture}
	}
	return Cycle{Cycle: c, Start: start, Running: c == cur}, nil
}

// Cycles are the n cycles up to and including the one of now, newest first.
func Cycles(now time.Time, n int) []string {
	t := now.In(BusinessZone)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, BusinessZone)
	out := make([]string, n)
	for i := range out {
		out[i] = first.AddDate(0, -i, 0).Format("2006-01")
	}
	return out
}

// CycleSort orders a cycle's customers.
type CycleSort string

const (
	CycleByAmountDesc   CycleSort = "-amount" // the default: the largest bills first
	CycleByAmount       CycleSort = "amount"
	CycleByCustomer     CycleSort = "customer" // the order customers came in
	CycleByCustomerDesc CycleSort = "-customer"
)

// CycleBillFilter selects a partner's customers of a cycle. Zero fields do not filter, but Mode
// (NoMode is Consignment: the bills the partner settles).
type CycleBillFilter struct {
	Cycle       string // YYYY-MM, required
	Customer    string // an account name, or a fragment of account or real names (the customer search)
	ResellerID  uint64 // a master distributor: one of its resellers' customers
	Mode        Mode
	ServiceType string // customers with charges of this service type in the cycle
	ChargeMode  ChargeMode
	BillType    int8
	Sort        CycleSort
	Offset      int
	Limit       int  // 1–100; 0 is 10
	Deep        bool // the API's paging: offsets up to MaxAPIOffset
}

// CycleBillRow is a customer's bill of a cycle with its names.
type CycleBillRow struct {
	CycleBill
	AccountName, RealName string
	DomainID              string // the customer's account id (the API's customer_id)
	Reseller              string // the reseller's name, for a master distributor's list
}

// CycleBillList is one page of a cycle's customers, and the cycle's totals (of every customer of
// the cycle in the mode and reseller chosen, not of the page, nor of the other filters).
type CycleBillList struct {
	Cycle   Cycle
	Rows    []CycleBillRow
	Total   int64
	Capped  bool
	Totals  CycleTotal
	History []CycleTotal // the totals of the 12 cycles up to this one, oldest first (zero: no charges)
}

// billCustomerMatches bounds the customers a name search of the bills page finds.
const billCustomerMatches = 100

// ListCycleBills (the bills page, ListConsumeSubCustomers) lists the customers of a cycle the
// acting partner may see: its own, a master distributor's resellers' too (or, with ResellerID,
// one reseller's). It reads an index range of cycle_bills in the order asked for, and the totals
// from cycle_totals: its cost does not grow with the partner's customers.
func ListCycleBills(ctx context.Context, db *gorm.DB, a Actor, f CycleBillFilter, now time.Time) (*CycleBillList, error) {
	cq, err := cycleQuery(ctx, db, a, &f, now)
	if err != nil {
		return nil, err
	}
	out := &CycleBillList{Cycle: cq.cycle, Rows: []CycleBillRow{}}
	if out.Totals, err = cycleTotals(ctx, db, a, cq.col, f, cq.cycle.Cycle); err != nil {
		return nil, err
	}
	if out.History, err = cycleHistory(ctx, db, a, cq.col, f, cq.cycle.Start); err != nil {
		return nil, err
	}
	var bills []CycleBill
	if f.Customer != "" {
		bills, err = namedBills(cq.q, f)
		out.Total = int64(len(bills))
		bills = bills[min(max(f.Offset, 0), len(bills)):]
		bills = bills[:min(len(bills), pageLimit(f.Limit))]
	} else if cq.filtered {
		out.Total, out.Capped, err = findPage(cq.q, f.Sort.order(), f.Offset, f.Limit, &bills)
	} else { // the total is the cycle's customers, which its totals count
		out.Total = out.Totals.Customers
		err = cq.q.Order(f.Sort.order()).Offset(min(max(f.Offset, 0), f.maxOffset())).Limit(pageLimit(f.Limit)).Find(&bills).Error
	}
	if err != nil {
		return nil, err
	}
	out.Rows, err = withNames(ctx, db, bills, cq.master)
	return out, err
}

// pageLimit is a page's size: 1–MaxLimit, DefaultLimit when not asked for.
func pageLimit(limit int) int {
	if limit <= 0 || limit > MaxLimit {
		return DefaultLimit
	}
	return limit
}

// namedBills are the bills of a list narrowed to the customers a name search found (at most
// billCustomerMatches), in the list's order: read by their key and sorted here. Ordered by amount
// in SQL, the list would walk the partner's whole cycle by amount to find them (28,706 bills, 2–5
// ms in the bench world) rather than look up each.
func namedBills(q *gorm.DB, f CycleBillFilter) ([]CycleBill, error) {
	var bills []CycleBill
	if err := q.Limit(CountCap).Find(&bills).Error; err != nil {
		return nil, err
	}
	slices.SortFunc(bills, f.Sort.compare)
	return bills, nil
}

// compare orders two bills as order() does.
func (s CycleSort) compare(a, b CycleBill) int {
	switch s {
	case CycleByAmount:
		return cmp.Or(cmp.Compare(a.Amount, b.Amount), cmp.Compare(a.CustomerID, b.CustomerID))
	case CycleByCustomer:
		return cmp.Compare(a.CustomerID, b.CustomerID)
	case CycleByCustomerDesc:
		return cmp.Compare(b.CustomerID, a.CustomerID)
	}
	return cmp.Or(cmp.Compare(b.Amount, a.Amount), cmp.Compare(b.CustomerID, a.CustomerID))
}

// maxOffset is how deep the list pages: the console's bound, or the API's.
func (f CycleBillFilter) maxOffset() int {
	if f.Deep {
		return MaxAPIOffset
	}
	return MaxOffset
}

// cycleList is the query of a cycle's customers the actor may see under a filter.
type cycleList struct {
	q        *gorm.DB
	cycle    Cycle
	col      string // the scope's column: partner_id or top_partner_id
	master   bool
	filtered bool // narrowed by more than the scope, the cycle and the mode
}

// cycleQuery checks the cycle and the actor's scope and builds the list's query (its columns
// qualified: an export joins the customers).
func cycleQuery(ctx context.Context, db *gorm.DB, a Actor, f *CycleBillFilter, now time.Time) (*cycleList, error) {
	cy, err := CheckCycle(f.Cycle, now)
	if err != nil {
		return nil, err
	}
	if f.Mode == NoMode {
		f.Mode = Consignment
	}
	q, col, master, err := cycleScope(ctx, db, a, f.ResellerID)
	if err != nil {
		return nil, err
	}
	q = q.Where("cycle_bills."+col+" = ? AND cycle_bills.bill_cycle = ? AND cycle_bills.mode = ?", scopeID(a, *f), cy.Cycle, f.Mode)
	if q, err = f.apply(ctx, db, a, q); err != nil {
		return nil, err
	}
	return &cycleList{q: q, cycle: cy, col: col, master: master,
		filtered: f.Customer != "" || f.ServiceType != "" || f.ChargeMode != 0 || f.BillType != 0}, nil
}

// cycleScope is the cycle bills the actor may list, and the column its scope is by: a master
// distributor's whole list by top_partner_id, one reseller's (checked to be its) or any other
// partner's by partner_id.
func cycleScope(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64) (*gorm.DB, string, bool, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, "", false, ErrForbidden
	}
	p, err := GetPartner(ctx, db, a.PartnerID)
	if err != nil {
		return nil, "", false, err
	}
	q := db.WithContext(ctx).Model(&CycleBill{})
	master := p.Kind == MasterDistributor
	switch {
	case resellerID != 0 && resellerID != a.PartnerID:
		if !master {
			return nil, "", false, ErrNotYourReseller
		}
		if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
			return nil, "", false, ErrNotYourReseller
		}
		return q, "partner_id", master, nil
	case master && resellerID == 0:
		return q, "top_partner_id", master, nil
	}
	return q, "partner_id", master, nil
}

// scopeID is the partner the scope's column is compared with.
func scopeID(a Actor, f CycleBillFilter) uint64 {
	if f.ResellerID != 0 {
		return f.ResellerID
	}
	return a.PartnerID
}

// cycleTotals adds up the partner's cycle totals of the scope (a handful of rows).
func cycleTotals(ctx context.Context, db *gorm.DB, a Actor, col string, f CycleBillFilter, cycle string) (CycleTotal, error) {
	var t CycleTotal
	err := db.WithContext(ctx).Model(&CycleTotal{}).Where(col+" = ? AND bill_cycle = ? AND mode = ?", scopeID(a, f), cycle, f.Mode).
		Select("COALESCE(SUM(amount), 0) AS amount, COALESCE(SUM(cash), 0) AS cash, COALESCE(SUM(coupon), 0) AS coupon, " +
			"COALESCE(SUM(debt), 0) AS debt, COALESCE(SUM(discount), 0) AS discount, COALESCE(SUM(count), 0) AS count, " +
			"COALESCE(SUM(customers), 0) AS customers, COALESCE(SUM(settled), 0) AS settled").Scan(&t).Error
	t.BillCycle, t.Mode = cycle, f.Mode
	return t, err
}

// cycleHistory is the scope's totals of the 12 cycles up to the one starting at start, oldest
// first: one range of the totals' key.
func cycleHistory(ctx context.Context, db *gorm.DB, a Actor, col string, f CycleBillFilter, start time.Time) ([]CycleTotal, error) {
	var rows []CycleTotal
	err := db.WithContext(ctx).Model(&CycleTotal{}).Where(col+" = ? AND bill_cycle >= ? AND bill_cycle <= ? AND mode = ?", scopeID(a, f),
		start.AddDate(0, -11, 0).Format("2006-01"), start.Format("2006-01"), f.Mode).
		Select("bill_cycle, COALESCE(SUM(amount), 0) AS amount, COALESCE(SUM(debt), 0) AS debt").Group("bill_cycle").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]CycleTotal, 12)
	for i := range out {
		out[i].BillCycle, out[i].Mode = start.AddDate(0, i-11, 0).Format("2006-01"), f.Mode
		for _, r := range rows {
			if r.BillCycle == out[i].BillCycle {
				out[i].Amount, out[i].Debt = r.Amount, r.Debt
			}
		}
	}
	return out, nil
}

// apply narrows the list: to the customers a name search finds (the customer list's search), and
// to the bills with charges of the service type, charge mode or bill type: by the bills' facets
// (bill_facets.go), in the index the list reads; for two or more of them together, also by the
// customers' monthly sums of the cycle (each row a lookup of ux_msum_key).
func (f CycleBillFilter) apply(ctx context.Context, db *gorm.DB, a Actor, q *gorm.DB) (*gorm.DB, error) {
	if f.Customer != "" {
		ids, err := billCustomers(ctx, db, a, f)
		if err != nil {
			return nil, err
		}
		q = q.Where("cycle_bills.customer_id IN ?", append(ids, 0)) // none found: nothing matches
	}
	bits, lookup := f.facets()
	if bits != 0 {
		q = q.Where("cycle_bills.facets & ? = ?", bits, bits)
	}
	if !lookup {
		return q, nil
	}
	sub := db.Model(&MonthlySum{}).Select("1").Where("monthly_sums.customer_id = cycle_bills.customer_id AND monthly_sums.bill_cycle = cycle_bills.bill_cycle")
	if f.ServiceType != "" {
		sub = sub.Where("monthly_sums.service_type = ?", f.ServiceType)
	}
	if f.ChargeMode != 0 {
		sub = sub.Where("monthly_sums.charge_mode = ?", f.ChargeMode)
	}
	if f.BillType != 0 {
		sub = sub.Where("monthly_sums.bill_type = ?", f.BillType)
	}
	return q.Where("EXISTS (?)", sub), nil
}

// billCustomers are the customers a name search finds: an account name as typed is one lookup,
// anything else searches the names by fragment, as the customer list does.
func billCustomers(ctx context.Context, db *gorm.DB, a Actor, f CycleBillFilter) ([]uint64, error) {
	list, err := ListCustomers(ctx, db, a, CustomerFilter{AccountName: f.Customer, ResellerID: f.ResellerID, Page: 1, Limit: 1})
	if err == nil && len(list.Rows) == 0 {
		list, err = ListCustomers(ctx, db, a, CustomerFilter{Query: f.Customer, ResellerID: f.ResellerID, Page: 1, Limit: billCustomerMatches})
	}
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrForbidden) {
			return nil, &FieldError{Field: "customer", Err: fe}
		}
		return nil, err
	}
	ids := make([]uint64, 0, len(list.Rows))
	for _, c := range list.Rows {
		ids = append(ids, c.ID)
	}
	return ids, nil
}

// order is the list's order, that of the index it reads.
func (s CycleSort) order() string {
	switch s {
	case CycleByAmount:
		return "cycle_bills.amount ASC, cycle_bills.customer_id ASC"
	case CycleByCustomer:
		return "cycle_bills.customer_id ASC"
	case CycleByCustomerDesc:
		return "cycle_bills.customer_id DESC"
	}
	return "cycle_bills.amount DESC, cycle_bills.customer_id DESC"
}

// withNames gives the bills their customers' names (and, for a master distributor, their resellers').
func withNames(ctx context.Context, db *gorm.DB, bills []CycleBill, master bool) ([]CycleBillRow, error) {
	out := make([]CycleBillRow, len(bills))
	if len(bills) == 0 {
		return out, nil
	}
	ids, pids := make([]uint64, len(bills)), []uint64{}
	for i, b := range bills {
		ids[i] = b.CustomerID
		pids = append(pids, b.PartnerID)
	}
	var cs []Customer
	if err := db.WithContext(ctx).Select("id, domain_id, account_name, real_name").Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, err
	}
	names := map[uint64]Customer{}
	for _, c := range cs {
		names[c.ID] = c
	}
	partners := map[uint64]string{}
	if master {
		var ps []Partner
		if err := db.WithContext(ctx).Select("id, name").Where("id IN ?", pids).Find(&ps).Error; err != nil {
			return nil, err
		}
		for _, p := range ps {
			partners[p.ID] = p.Name
		}
	}
	for i, b := range bills {
		c := names[b.CustomerID]
		out[i] = CycleBillRow{CycleBill: b, AccountName: c.AccountName, RealName: c.RealName, DomainID: c.DomainID}
		if b.TopPartnerID != b.PartnerID {
			out[i].Reseller = partners[b.PartnerID]
		}
	}
	return out, nil
}

// CustomerBill is a customer's bill of a cycle as its partner sees it: the customer, the cycle
// bills the partner may see (one per partner and mode it was charged under; usually one), their
// sum, the monthly sums by service type and charge mode, and the last 12 cycles' sums.
type CustomerBill struct {
	Cycle    Cycle
	Customer Customer
	Bills    []CycleBill
	Sum      CycleBill // the bills' money added up
	Lines    []BillLine
	History  []CycleBill // the 12 cycles up to this one, oldest first; a cycle without charges is zero
}

// BillLine is a customer's sum of a cycle for one service type and charge mode.
type BillLine struct {
	ServiceType string
	ChargeMode  ChargeMode
	Amount      int64
	Cash        int64
	Coupon      int64
	Debt        int64
	Discount    int64
	Count       int64
}

// Settleable is the bill the acting partner settles: its own consignment bill of the cycle.
func (b *CustomerBill) Settleable(a Actor) *CycleBill {
	for i := range b.Bills {
		if c := &b.Bills[i]; c.PartnerID == a.PartnerID && c.Mode == Consignment {
			return c
		}
	}
	return nil
}

// GetCustomerBill (the customer's bill page, its statement, the portal's bills) is a customer's
// bill of a cycle: the acting partner's customer (a master distributor's resellers' too), or the
// acting customer's own (of every partner it had); another's is not found.
func GetCustomerBill(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, cycle string, now time.Time) (*CustomerBill, error) {
	cy, err := CheckCycle(cycle, now)
	if err != nil {
		return nil, err
	}
	out := &CustomerBill{Cycle: cy}
	var customer, mine *gorm.DB
	switch {
	case a.Kind == CustomerUser && a.CustomerID != 0 && a.CustomerID == customerID: // its own bills, of every partner
		customer = db.WithContext(ctx).Where("id = ?", customerID)
		mine = db.WithContext(ctx).Where("customer_id = ?", customerID)
	case a.Kind == PartnerUser && a.PartnerID != 0:
		customer = db.WithContext(ctx).Where("id = ? AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID)
		mine = db.WithContext(ctx).Where("customer_id = ? AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID)
	default:
		return nil, ErrNotFound
	}
	if err := customer.Take(&out.Customer).Error; err != nil {
		return nil, notFound(err)
	}
	if err := mine.Session(&gorm.Session{}).Where("bill_cycle = ?", cy.Cycle).Order("partner_id, top_partner_id, mode").Find(&out.Bills).Error; err != nil {
		return nil, err
	}
	for _, b := range out.Bills {
		out.Sum.Amount, out.Sum.Cash, out.Sum.Coupon = out.Sum.Amount+b.Amount, out.Sum.Cash+b.Cash, out.Sum.Coupon+b.Coupon
		out.Sum.Debt, out.Sum.Discount, out.Sum.Count = out.Sum.Debt+b.Debt, out.Sum.Discount+b.Discount, out.Sum.Count+b.Count
	}
	if out.Lines, err = billLines(ctx, db, customerID, cy.Cycle); err != nil {
		return nil, err
	}
	out.History, err = billHistory(mine, cy.Start)
	return out, err
}

// billLines are the customer's monthly sums of the cycle added up by service type and charge mode.
func billLines(ctx context.Context, db *gorm.DB, customerID uint64, cycle string) ([]BillLine, error) {
	var out []BillLine
	err := db.WithContext(ctx).Model(&MonthlySum{}).Where("customer_id = ? AND bill_cycle = ?", customerID, cycle).
		Select("service_type, charge_mode, SUM(amount) AS amount, SUM(cash) AS cash, SUM(coupon) AS coupon, SUM(debt) AS debt, " +
			"SUM(discount) AS discount, SUM(count) AS count").Group("service_type, charge_mode").Order("service_type, charge_mode").
		Scan(&out).Error
	return out, err
}

// billHistory is the customer's cycle bills of the 12 cycles up to the one starting at start.
func billHistory(mine *gorm.DB, start time.Time) ([]CycleBill, error) {
	from := start.AddDate(0, -11, 0).Format("2006-01")
	var rows []CycleBill
	err := mine.Session(&gorm.Session{}).Model(&CycleBill{}).Where("bill_cycle >= ? AND bill_cycle <= ?", from, start.Format("2006-01")).
		Select("bill_cycle, SUM(amount) AS amount, SUM(cash) AS cash, SUM(coupon) AS coupon, SUM(debt) AS debt, SUM(count) AS count").
		Group("bill_cycle").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	by := map[string]CycleBill{}
	for _, r := range rows {
		by[r.BillCycle] = r
	}
	out := make([]CycleBill, 12)
	for i := range out {
		c := start.AddDate(0, i-11, 0).Format("2006-01")
		out[i] = by[c]
		out[i].BillCycle = c
	}
	return out, nil
}
