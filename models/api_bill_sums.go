package models

import (
	"cmp"
	"context"
	"slices"

	"gorm.io/gorm"
)

// The monthly bills of the partner API (reference 4.9): a customer's bill of a cycle with its
// totals (ShowCustomerMonthlySum) and a partner's customers' bills of a cycle
// (ListSubcustomerMonthlyBills), both read from the monthly sums kept as fee records are written.

// Bill kinds: how the monthly bills group bill types (ShowCustomerMonthlySum's bill_type; the
// partner's list knows consumption, which takes the adjustments in, and refunds).
const (
	BillKindConsumption int8 = 1 // 消费
	BillKindRefund      int8 = 2 // 退款
	BillKindAdjustment  int8 = 3 // 调账
)

// refundBills are the bill types of refunds (退款-退订, 退款-变更, 退款-包年/包月转按需).
var refundBills = []int8{BillRefund, 20, 24}

// BillKindOf is the kind of a bill type: refunds, adjustments (9 compensation, 16 deduction), and
// the consumption of every other type.
func BillKindOf(billType int8) int8 {
	switch billType {
	case BillRefund, 20, 24:
		return BillKindRefund
	case 9, 16:
		return BillKindAdjustment
	}
	return BillKindConsumption
}

// BillSum is a cycle's bill of a customer for a service type, charge mode and bill kind, or a sum
// of such: the sums of its fee records, fen. Amount is official − discount (应付金额), negative for
// refunds.
type BillSum struct {
	CustomerID  uint64
	DomainID    string // the customer's account id, in a partner's list
	ServiceType string
	ChargeMode  ChargeMode
	Kind        int8
	Amount      int64
	Discount    int64
	Cash        int64
	Coupon      int64
	Debt        int64
}

// Official is the official price of the sum's lines.
func (s *BillSum) Official() int64 { return s.Amount + s.Discount }

func (s *BillSum) add(m *MonthlySum) {
	s.Amount += m.Amount
	s.Discount += m.Discount
	s.Cash += m.Cash
	s.Coupon += m.Coupon
	s.Debt += m.Debt
}

// CycleSums is a customer's bill of a cycle: its sums by service type, charge mode and kind, and
// their total (the refunds included, as the cloud's consume_amount).
type CycleSums struct {
	Sums  []BillSum
	Total BillSum
}

// CustomerCycleBill (ShowCustomerMonthlySum) is a customer's bill of a cycle, of one service type
// when serviceType is not empty: CustomerMonthlySums added up by kind, in their order (service
// type, charge mode, then kind). Who may read it is CustomerMonthlySums' rule.
func CustomerCycleBill(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, cycle, serviceType string) (*CycleSums, error) {
	sums, err := CustomerMonthlySums(ctx, db, a, customerID, cycle)
	if err != nil {
		return nil, err
	}
	out := &CycleSums{Sums: []BillSum{}, Total: BillSum{CustomerID: customerID}}
	at := map[BillSum]int{} // a sum's key (its identity fields) → its index in out.Sums
	for i := range sums {
		m := &sums[i]
		if serviceType != "" && m.ServiceType != serviceType {
			continue
		}
		key := BillSum{CustomerID: customerID, ServiceType: m.ServiceType, ChargeMode: m.ChargeMode, Kind: BillKindOf(m.BillType)}
		j, ok := at[key]
		if !ok {
			j = len(out.Sums)
			at[key] = j
			out.Sums = append(out.Sums, key)
		}
		out.Sums[j].add(m)
		out.Total.add(m)
	}
	sortBillSums(out.Sums)
	return out, nil
}

// sortBillSums orders sums by service type, charge mode and kind (the monthly sums come by bill
// type within a charge mode, which puts a refund (4) before an auto-renewal (8)).
func sortBillSums(s []BillSum) {
	slices.SortStableFunc(s, func(a, b BillSum) int {
		return cmp.Or(cmp.Compare(a.ServiceType, b.ServiceType), cmp.Compare(a.ChargeMode, b.ChargeMode), cmp.Compare(a.Kind, b.Kind))
	})
}

// MonthlyBillFilter selects a partner's customers' bills of a cycle (ListSubcustomerMonthlyBills).
// Zero fields other than Cycle and ChargeMode do not filter.
type MonthlyBillFilter struct {
	Cycle       string // YYYY-MM, required
	ChargeMode  ChargeMode
	CustomerID  uint64
	ResellerID  uint64 // a master distributor: one of its resellers' customers
	ServiceType string
	Kind        int8 // BillKindConsumption (the adjustments with it) or BillKindRefund
}

// MonthlyBillList is one page of a partner's customers' bills; the total is counted up to CountCap.
type MonthlyBillList struct {
	Rows   []BillSum
	Total  int64
	Capped bool
}

// ListMonthlyBills (ListSubcustomerMonthlyBills) lists the bills of a cycle of the acting partner's
// consignment customers (with ResellerID, a master distributor's reseller's): one row per
// customer, service type and kind (consumption or refund) of the charge mode, by customer. A
// customer of the filter that is not the partner's (or that reseller's) is not found.
func ListMonthlyBills(ctx context.Context, db *gorm.DB, a Actor, f MonthlyBillFilter, p Paging) (*MonthlyBillList, error) {
	cycle, _, err := ParseBillCycle(f.Cycle)
	if err != nil {
		return nil, &FieldError{Field: "cycle", Err: ErrBillCycle}
	}
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	owner, err := billOwner(ctx, db, a, f.ResellerID)
	if err != nil {
		return nil, err
	}
	if f.CustomerID != 0 {
		var n int64
		if err := db.WithContext(ctx).Model(&Customer{}).Where("id = ? AND partner_id = ?", f.CustomerID, owner).Count(&n).Error; err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, ErrNotFound
		}
	}
	rows, err := monthlyBillsQuery(ctx, db, owner, cycle, f).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	page := monthlyPage{offset: min(max(p.Offset, 0), MaxOffset), limit: min(p.Limit, MaxLimit), mode: f.ChargeMode,
		out: &MonthlyBillList{Rows: []BillSum{}}}
	for rows.Next() && !page.done() {
		var r monthlyRow
		if err := rows.Scan(&r.customerID, &r.m.ID, &r.domainID, &r.service, &r.billType, &r.m.Amount, &r.m.Discount, &r.m.Cash,
			&r.m.Coupon, &r.m.Debt); err != nil {
			return nil, err
		}
		page.add(&r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	page.flush()
	page.out.Total = min(page.out.Total, CountCap)
	page.out.Capped = page.out.Total >= CountCap
	return page.out, nil
}

// monthlyBillsQuery is ListMonthlyBills' statement: the monthly sums of the charge mode of the
// partner's current consignment customers with a consignment bill of the cycle, in customer order
// (each customer's in the order of its key's index, which monthlyPage does not count on).
func monthlyBillsQuery(ctx context.Context, db *gorm.DB, owner uint64, cycle string, f MonthlyBillFilter) *gorm.DB {
	// the partner's consignment bills of the cycle in customer order (ix_cbill_pcustomer), each
	// customer's monthly sums of the charge mode by its key (ux_msum_key): a customer's groups are
	// added up here as they come, so a page reads as far as its offset and the count as far as
	// CountCap, never sorting the partner's customers' sums (as a GROUP BY by kind did: 117–400 ms
	// for a whole partner in the bench world), nor even each customer's (a sorter a customer)
	q := db.WithContext(ctx).Table("cycle_bills").
		Joins("JOIN customers ON customers.id = cycle_bills.customer_id").
		Joins("JOIN monthly_sums ON monthly_sums.customer_id = cycle_bills.customer_id AND monthly_sums.bill_cycle = cycle_bills.bill_cycle").
		Where("cycle_bills.partner_id = ? AND cycle_bills.bill_cycle = ? AND cycle_bills.mode = ?", owner, cycle, Consignment).
		Where("customers.partner_id = ? AND customers.mode = ? AND monthly_sums.charge_mode = ?", owner, Consignment, f.ChargeMode)
	if f.CustomerID != 0 {
		q = q.Where("cycle_bills.customer_id = ?", f.CustomerID)
	}
	return f.apply(q).Select("cycle_bills.customer_id, monthly_sums.id, customers.domain_id, monthly_sums.service_type, " +
		"monthly_sums.bill_type, monthly_sums.amount, monthly_sums.discount, monthly_sums.cash, monthly_sums.coupon, monthly_sums.debt").
		Order("cycle_bills.customer_id")
}

// monthlyRow is a customer's monthly sum as ListMonthlyBills reads it.
type monthlyRow struct {
	customerID        uint64
	domainID, service string
	billType          int8
	m                 MonthlySum
}

// monthlyPage adds each customer's monthly sums up by service type and kind as they come (a
// customer's sums one after the other, in any order), counting the groups up to CountCap and
// keeping those of the page.
type monthlyPage struct {
	offset, limit int
	mode          ChargeMode
	out           *MonthlyBillList
	customer      uint64
	groups        []BillSum // the customer's so far
	// the customer's monthly sums added: a customer with two bills of the cycle (under two master
	// distributors) comes with each
	seen []uint64
}

// done tells whether the count reached CountCap with the page filled: nothing more need be read.
func (p *monthlyPage) done() bool {
	return p.out.Total >= CountCap && (len(p.out.Rows) == p.limit || p.out.Total >= int64(p.offset+p.limit))
}

func (p *monthlyPage) add(r *monthlyRow) {
	if r.customerID != p.customer {
		p.flush()
		p.customer = r.customerID
	} else if slices.Contains(p.seen, r.m.ID) {
		return
	}
	p.seen = append(p.seen, r.m.ID)
	k := BillKindOf(r.billType)
	if k == BillKindAdjustment { // the partner's list knows consumption, which takes the adjustments in, and refunds
		k = BillKindConsumption
	}
	i := slices.IndexFunc(p.groups, func(g BillSum) bool { return g.ServiceType == r.service && g.Kind == k })
	if i < 0 {
		i = len(p.groups)
		p.groups = append(p.groups, BillSum{CustomerID: r.customerID, DomainID: r.domainID, ServiceType: r.service, ChargeMode: p.mode, Kind: k})
	}
	p.groups[i].add(&r.m)
}

// flush counts the customer's groups, by service type and consumption before refunds, and keeps
// those of the page.
func (p *monthlyPage) flush() {
	sortBillSums(p.groups)
	for _, g := range p.groups {
		if p.out.Total >= int64(p.offset) && len(p.out.Rows) < p.limit {
			p.out.Rows = append(p.out.Rows, g)
		}
		p.out.Total++
	}
	p.groups, p.seen = p.groups[:0], p.seen[:0]
}

func (f MonthlyBillFilter) apply(q *gorm.DB) *gorm.DB {
	if f.CustomerID != 0 {
		q = q.Where("monthly_sums.customer_id = ?", f.CustomerID)
	}
	if f.ServiceType != "" {
		q = q.Where("monthly_sums.service_type = ?", f.ServiceType)
	}
	switch f.Kind {
	case BillKindRefund:
		q = q.Where("monthly_sums.bill_type IN ?", refundBills)
	case BillKindConsumption:
		q = q.Where("monthly_sums.bill_type NOT IN ?", refundBills)
	}
	return q
}
