package models

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

func TestCheckCycle(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		running bool
		err     error
	}{
		{"2026-11", true, nil},
		{"2026-10", false, nil},
		{"2000-01", false, nil},
		{"2026-12", false, ErrBillCycleFuture},
		{"2027-01", false, ErrBillCycleFuture},
		{"2026-13", false, ErrBillCycle},
		{"2026-1", false, ErrBillCycle},
		{"", false, ErrBillCycle},
	}
	for _, c := range cases {
		cy, err := CheckCycle(c.in, testNow)
		wantErr(t, c.in, err, c.err)
		if err == nil && (cy.Running != c.running || cy.Cycle != c.in) {
			t.Errorf("%s: %+v", c.in, cy)
		}
	}
	// the business zone decides: 2026-11-30 16:00 UTC is already December in Shanghai
	if cy, err := CheckCycle("2026-12", time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)); err != nil || !cy.Running {
		t.Errorf("December at midnight in Shanghai: %+v %v", cy, err)
	}
	if got := Cycles(testNow, 3); strings.Join(got, ",") != "2026-11,2026-10,2026-09" {
		t.Errorf("Cycles = %v", got)
	}
}

func FuzzCheckCycle(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-13", "9999-12", "２０２６-１１", "2026-1 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cy, err := CheckCycle(s, testNow)
		if err == nil && (cy.Cycle != s || cy.Cycle > "2026-11" || cy.Start.Format("2006-01") != s) {
			t.Fatalf("CheckCycle(%q) = %+v", s, cy)
		}
	})
}

// The cycle bills and totals are the fee records added up, and a payment adds to them.
func TestCycleBillsFollowFeeRecords(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	if n := count(t, db, "SELECT COUNT(*) FROM cycle_bills"); n == 0 {
		t.Fatal("the demo world has no cycle bills")
	}
	mustCheck(t, db)
	provider := actor(t, db, "provider")
	demo := demoCustomerID(t, db)
	before, err := ListCycleBills(ctx, db, provider, CycleBillFilter{Cycle: "2026-11"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	o := mustOrder(t, db, demo, gpssd(30, 1))
	if _, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, testNow); err != nil {
		t.Fatal(err)
	}
	after, err := ListCycleBills(ctx, db, provider, CycleBillFilter{Cycle: "2026-11"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if after.Totals.Amount != before.Totals.Amount+o.Official-o.Discount || after.Totals.Count != before.Totals.Count+1 {
		t.Errorf("totals %+v then %+v after an order of %d", before.Totals, after.Totals, o.Official)
	}
	mustCheck(t, db)
}

func TestListCycleBills(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	provider, distributor, op := actor(t, db, "provider"), actor(t, db, "distributor"), actor(t, db, "operator")
	reseller := uint64(count(t, db, "SELECT id FROM partners WHERE distributor_id = ? ORDER BY id LIMIT 1", distributor.PartnerID))
	all := count(t, db, "SELECT COUNT(*) FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", provider.PartnerID)
	demo := billedCustomer(t, db, provider)
	var demoName string
	db.Model(&Customer{}).Where("id = ?", demo).Pluck("account_name", &demoName)
	ebs := count(t, db, `SELECT COUNT(DISTINCT b.customer_id) FROM cycle_bills b JOIN monthly_sums m ON m.customer_id = b.customer_id AND m.bill_cycle = b.bill_cycle
		WHERE b.partner_id = ? AND b.bill_cycle = '2026-11' AND b.mode = 2 AND m.service_type = 'hws.service.type.ebs'`, provider.PartnerID)
	refunds := count(t, db, `SELECT COUNT(DISTINCT b.customer_id) FROM cycle_bills b JOIN monthly_sums m ON m.customer_id = b.customer_id AND m.bill_cycle = b.bill_cycle
		WHERE b.partner_id = ? AND b.bill_cycle = '2026-11' AND b.mode = 2 AND m.bill_type = 4`, provider.PartnerID)
	ebsRefunds := count(t, db, `SELECT COUNT(DISTINCT b.customer_id) FROM cycle_bills b JOIN monthly_sums m ON m.customer_id = b.customer_id AND m.bill_cycle = b.bill_cycle
		WHERE b.partner_id = ? AND b.bill_cycle = '2026-11' AND b.mode = 2 AND m.bill_type = 4 AND m.service_type = 'hws.service.type.ebs'`, provider.PartnerID)
	ofReseller := count(t, db, "SELECT COUNT(*) FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", reseller)
	ofDistributor := count(t, db, "SELECT COUNT(*) FROM cycle_bills WHERE top_partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", distributor.PartnerID)
	if all == 0 || ebs == 0 || refunds == 0 || ofReseller == 0 {
		t.Fatalf("the demo world's bills: %d, %d with disks, %d with refunds, %d of the reseller", all, ebs, refunds, ofReseller)
	}
	cases := []struct {
		name string
		a    Actor
		f    CycleBillFilter
		want int64
		err  error
	}{
		{"partner", provider, CycleBillFilter{Cycle: "2026-11"}, all, nil},
		{"by customer", provider, CycleBillFilter{Cycle: "2026-11", Sort: CycleByCustomer}, all, nil},
		{"a customer by name", provider, CycleBillFilter{Cycle: "2026-11", Customer: demoName}, 1, nil},
		{"a name nobody has", provider, CycleBillFilter{Cycle: "2026-11", Customer: "无此客户名称"}, 0, nil},
		{"disks", provider, CycleBillFilter{Cycle: "2026-11", ServiceType: "hws.service.type.ebs"}, ebs, nil},
		{"refunds", provider, CycleBillFilter{Cycle: "2026-11", BillType: BillRefund}, refunds, nil},
		{"refunds of disks", provider, CycleBillFilter{Cycle: "2026-11", BillType: BillRefund, ServiceType: "hws.service.type.ebs"}, ebsRefunds, nil},
		{"a service type nobody bought", provider, CycleBillFilter{Cycle: "2026-11", ServiceType: "hws.service.type.marketplace"}, 0, nil},
		{"yearly/monthly", provider, CycleBillFilter{Cycle: "2026-11", ChargeMode: ChargePeriod}, all, nil},
		{"on demand", provider, CycleBillFilter{Cycle: "2026-11", ChargeMode: ChargeOnDemand}, 0, nil},
		{"advisory", provider, CycleBillFilter{Cycle: "2026-11", Mode: Advisory}, 0, nil},
		{"distributor, all", distributor, CycleBillFilter{Cycle: "2026-11"}, ofDistributor, nil},
		{"distributor, a reseller", distributor, CycleBillFilter{Cycle: "2026-11", ResellerID: reseller}, ofReseller, nil},
		{"another partner's reseller", provider, CycleBillFilter{Cycle: "2026-11", ResellerID: reseller}, 0, ErrNotYourReseller},
		{"another partner", distributor, CycleBillFilter{Cycle: "2026-11", Customer: demoName}, 0, nil},
		{"operator", op, CycleBillFilter{Cycle: "2026-11"}, 0, ErrForbidden},
		{"future", provider, CycleBillFilter{Cycle: "2026-12"}, 0, ErrBillCycleFuture},
		{"month 13", provider, CycleBillFilter{Cycle: "2026-13"}, 0, ErrBillCycle},
	}
	for _, c := range cases {
		l, err := ListCycleBills(ctx, db, c.a, c.f, testNow)
		wantErr(t, c.name, err, c.err)
		if err == nil && l.Total != c.want {
			t.Errorf("%s: %d customers, want %d", c.name, l.Total, c.want)
		}
	}
	l, err := ListCycleBills(ctx, db, provider, CycleBillFilter{Cycle: "2026-11", Limit: 100}, testNow)
	if err != nil || int64(len(l.Rows)) != min(all, 100) || l.Totals.Customers != all || l.Rows[0].AccountName == "" {
		t.Fatalf("the list %+v %v", l, err)
	}
	var amount int64
	for i, r := range l.Rows {
		amount += r.Amount
		if i > 0 && r.Amount > l.Rows[i-1].Amount {
			t.Errorf("row %d: %d after %d, want the largest first", i, r.Amount, l.Rows[i-1].Amount)
		}
	}
	if all <= 100 && amount != l.Totals.Amount {
		t.Errorf("rows add up to %d, totals say %d", amount, l.Totals.Amount)
	}
	d, err := ListCycleBills(ctx, db, distributor, CycleBillFilter{Cycle: "2026-11", ResellerID: reseller}, testNow)
	if err != nil || len(d.Rows) == 0 || d.Rows[0].Reseller == "" {
		t.Errorf("a reseller's customers name their reseller: %+v %v", d, err)
	}
}

func TestGetCustomerBill(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	provider, distributor := actor(t, db, "provider"), actor(t, db, "distributor")
	demo := billedCustomer(t, db, provider)
	b, err := GetCustomerBill(ctx, db, provider, demo, "2026-11", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var lines int64
	for _, l := range b.Lines {
		lines += l.Amount
	}
	if len(b.Bills) == 0 || b.Sum.Amount == 0 || lines != b.Sum.Amount || len(b.History) != 12 ||
		b.History[11].BillCycle != "2026-11" || b.History[11].Amount != b.Sum.Amount || !b.Cycle.Running || b.Settleable(provider) == nil {
		t.Errorf("the bill %+v", b)
	}
	_, err = GetCustomerBill(ctx, db, distributor, demo, "2026-11", testNow)
	wantErr(t, "another partner's customer", err, ErrNotFound)
	if own, err := GetCustomerBill(ctx, db, customerActor(demo), demo, "2026-11", testNow); err != nil || own.Sum != b.Sum || own.Settleable(customerActor(demo)) != nil {
		t.Errorf("the customer's own bill: %+v %v, its partner's sum %+v", own, err, b.Sum)
	}
	var other uint64
	db.Model(&Customer{}).Where("id <> ?", demo).Order("id").Limit(1).Pluck("id", &other)
	_, err = GetCustomerBill(ctx, db, customerActor(demo), other, "2026-11", testNow)
	wantErr(t, "another customer's bill", err, ErrNotFound)
	_, err = GetCustomerBill(ctx, db, provider, demo, "2026-12", testNow)
	wantErr(t, "a future cycle", err, ErrBillCycleFuture)
}

func TestSettleBill(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	provider, finance, viewer := actor(t, db, "provider"), actor(t, db, "provider-finance"), actor(t, db, "provider-viewer")
	distributor := actor(t, db, "distributor")
	cust := uint64(count(t, db, "SELECT customer_id FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-10' AND mode = 2 ORDER BY id LIMIT 1", provider.PartnerID))
	none := uint64(count(t, db, `SELECT id FROM customers WHERE partner_id = ? AND id NOT IN (SELECT customer_id FROM cycle_bills WHERE bill_cycle = '2026-10') ORDER BY id LIMIT 1`, provider.PartnerID))
	resold := uint64(count(t, db, "SELECT customer_id FROM cycle_bills WHERE top_partner_id = ? AND partner_id <> top_partner_id LIMIT 1", distributor.PartnerID))
	ok := SettleInput{CustomerID: cust, Cycle: "2026-10", InvoiceNo: "INV-2026-0001", InvoiceDate: "2026-11-05"}
	with := func(f func(*SettleInput)) SettleInput { in := ok; f(&in); return in }
	cases := []struct {
		name string
		a    Actor
		in   SettleInput
		err  error
	}{
		{"a viewer", viewer, ok, ErrBillNotSettleable},
		{"a customer", customerActor(cust), ok, ErrBillNotSettleable},
		{"no invoice number", finance, with(func(i *SettleInput) { i.InvoiceNo = " " }), ErrInvoiceNo},
		{"an invoice number too long", finance, with(func(i *SettleInput) { i.InvoiceNo = strings.Repeat("1", 33) }), ErrInvoiceNo},
		{"a formula for invoice number", finance, with(func(i *SettleInput) { i.InvoiceNo = "=1+1" }), ErrInvoiceNo},
		{"no invoice date", finance, with(func(i *SettleInput) { i.InvoiceDate = "" }), ErrInvoiceDate},
		{"an invoice date of no day", finance, with(func(i *SettleInput) { i.InvoiceDate = "2026-11-31" }), ErrInvoiceDate},
		{"an invoice date before the cycle", finance, with(func(i *SettleInput) { i.InvoiceDate = "2026-09-30" }), ErrInvoiceDate},
		{"an invoice date after today", finance, with(func(i *SettleInput) { i.InvoiceDate = "2026-11-24" }), ErrInvoiceDate},
		{"the running cycle", finance, with(func(i *SettleInput) { i.Cycle = "2026-11" }), ErrBillRunning},
		{"a future cycle", finance, with(func(i *SettleInput) { i.Cycle = "2026-12" }), ErrBillCycleFuture},
		{"month 13", finance, with(func(i *SettleInput) { i.Cycle = "2026-13" }), ErrBillCycle},
		{"another partner's customer", distributor, ok, ErrNotFound},
		{"a reseller's customer", distributor, with(func(i *SettleInput) { i.CustomerID = resold }), ErrResellersCustomer},
		{"no bill in the cycle", finance, with(func(i *SettleInput) { i.CustomerID = none }), ErrBillNoBill},
		{"settled", finance, ok, nil},
		{"settled twice", provider, ok, ErrBillSettled},
	}
	for _, c := range cases {
		b, err := SettleBill(ctx, db, c.a, c.in, testNow)
		wantErr(t, c.name, err, c.err)
		if err == nil && (!b.Settled() || b.InvoiceNo != "INV-2026-0001" || b.SettledAmount != b.Amount) {
			t.Errorf("%s: %+v", c.name, b)
		}
	}
	l, _ := ListCycleBills(ctx, db, provider, CycleBillFilter{Cycle: "2026-10"}, testNow)
	if l.Totals.Settled != 1 {
		t.Errorf("totals count %d settled", l.Totals.Settled)
	}
	_, err := UnsettleBill(ctx, db, finance, cust, "2026-10", "  ")
	wantErr(t, "an undo without a reason", err, ErrUndoReason)
	_, err = UnsettleBill(ctx, db, finance, cust, "2026-10", "bad\u202etext")
	wantErr(t, "a reason of hidden characters", err, ErrTextInvalid)
	_, err = UnsettleBill(ctx, db, viewer, cust, "2026-10", "wrong invoice")
	wantErr(t, "a viewer's undo", err, ErrBillNotSettleable)
	if b, err := UnsettleBill(ctx, db, finance, cust, "2026-10", "发票号码有误"); err != nil || b.Settled() || b.InvoiceNo != "" {
		t.Errorf("undo: %+v %v", b, err)
	}
	_, err = UnsettleBill(ctx, db, finance, cust, "2026-10", "again")
	wantErr(t, "an undo of an unsettled bill", err, ErrBillNotSettled)
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action IN ('bill.settle', 'bill.unsettle') AND object_type = 'bill'"); n != 2 {
		t.Errorf("%d audit records, want 2", n)
	}
	mustCheck(t, db)
}

func TestParseInvoice(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, BusinessZone)
	for in, ok := range map[string]bool{"12345678": true, " INV-1 ": true, "": false, "发票1": false, "A B": false, strings.Repeat("9", 32): true} {
		if _, err := ParseInvoiceNo(in); (err == nil) != ok {
			t.Errorf("ParseInvoiceNo(%q): %v", in, err)
		}
	}
	for in, ok := range map[string]bool{"2026-10-01": true, "2026-11-23": true, "2026-11-24": false, "2026-9-30": false, "2026-02-30": false, "20261101": false} {
		if _, err := ParseInvoiceDate(in, start, testNow); (err == nil) != ok {
			t.Errorf("ParseInvoiceDate(%q): %v", in, err)
		}
	}
}

func FuzzParseInvoice(f *testing.F) {
	for _, s := range []string{"INV-1", "2026-11-01", "=cmd", "\u202e1"} {
		f.Add(s)
	}
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, BusinessZone)
	f.Fuzz(func(t *testing.T, s string) {
		if no, err := ParseInvoiceNo(s); err == nil && (no == "" || len(no) > 32 || CSVCell(no) != no && !strings.HasPrefix(no, "-")) {
			t.Fatalf("ParseInvoiceNo(%q) = %q", s, no)
		}
		if d, err := ParseInvoiceDate(s, start, testNow); err == nil && (d < "2026-10-01" || d > "2026-11-23") {
			t.Fatalf("ParseInvoiceDate(%q) = %q", s, d)
		}
	})
}

// A cycle's customers page through one index range in the order asked for: no scan, no sort.
func TestCycleBillQueryPlans(t *testing.T) {
	onSQLiteOnly(t, "EXPLAIN QUERY PLAN (PostgreSQL plans: the PostgreSQL issue)")
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	provider, distributor := actor(t, db, "provider"), actor(t, db, "distributor")
	reseller := uint64(count(t, db, "SELECT id FROM partners WHERE distributor_id = ? ORDER BY id LIMIT 1", distributor.PartnerID))
	cases := []struct {
		name  string
		a     Actor
		f     CycleBillFilter
		index string
	}{
		{"partner, by amount", provider, CycleBillFilter{Cycle: "2026-11"}, "ix_cbill_pamount"},
		{"partner, smallest first", provider, CycleBillFilter{Cycle: "2026-11", Sort: CycleByAmount}, "ix_cbill_pamount"},
		{"partner, by customer", provider, CycleBillFilter{Cycle: "2026-11", Sort: CycleByCustomer}, "ix_cbill_pcustomer"},
		{"partner, by service", provider, CycleBillFilter{Cycle: "2026-11", ServiceType: "hws.service.type.ebs"}, "ix_cbill_pamount"},
		{"partner, by charge mode", provider, CycleBillFilter{Cycle: "2026-11", ChargeMode: ChargeOnDemand, Sort: CycleByCustomer}, "ix_cbill_pcustomer"},
		{"partner, by bill type", provider, CycleBillFilter{Cycle: "2026-11", BillType: BillRefund}, "ix_cbill_pamount"},
		{"partner, by service and bill type", provider, CycleBillFilter{Cycle: "2026-11", ServiceType: "hws.service.type.ebs", BillType: BillRefund}, "ix_cbill_pamount"},
		{"distributor, by service", distributor, CycleBillFilter{Cycle: "2026-11", ServiceType: "hws.service.type.ec2"}, "ix_cbill_tamount"},
		{"distributor", distributor, CycleBillFilter{Cycle: "2026-11"}, "ix_cbill_tamount"},
		{"distributor, by customer", distributor, CycleBillFilter{Cycle: "2026-11", Sort: CycleByCustomerDesc}, "ix_cbill_tcustomer"},
		{"distributor, a reseller", distributor, CycleBillFilter{Cycle: "2026-11", ResellerID: reseller}, "ix_cbill_pamount"},
		// the customers a name search found are looked up by key, not found by walking the cycle
		{"partner, a customer by name", provider, CycleBillFilter{Cycle: "2026-11", Customer: "demo-customer"}, "(ix_cbill_pcustomer|ux_cbill_key)"},
		{"distributor, a customer by name", distributor, CycleBillFilter{Cycle: "2026-11", Customer: "cust"}, "(ix_cbill_tcustomer|ux_cbill_key)"},
	}
	for _, c := range cases {
		plan := cycleBillPlan(t, db, ctx, c.a, c.f)
		if !regexp.MustCompile(`SEARCH cycle_bills USING (COVERING )?INDEX `+c.index+`\b`).MatchString(plan) || strings.Contains(plan, "TEMP B-TREE") ||
			strings.Contains(plan, "SCAN") && !strings.Contains(plan, "SCAN CONSTANT") {
			t.Errorf("%s: plan %q, want a search of %s in its order", c.name, plan, c.index)
		}
		// one filter is a bit of the facets in the index read; two look the monthly sums up as well
		if _, lookup := c.f.facets(); lookup != strings.Contains(plan, "ux_msum_key") {
			t.Errorf("%s: plan %q, want the monthly sums looked up by ux_msum_key: %v", c.name, plan, lookup)
		}
	}
}

// cycleBillPlan is SQLite's plan of a page of the list.
func cycleBillPlan(t *testing.T, db *gorm.DB, ctx context.Context, a Actor, f CycleBillFilter) string {
	t.Helper()
	cq, err := cycleQuery(ctx, db, a, &f, testNow)
	if err != nil {
		t.Fatal(err)
	}
	q := cq.q
	var rows []CycleBill
	q = q.Session(&gorm.Session{DryRun: true})
	if f.Customer == "" {
		q = q.Order(f.Sort.order())
	} // else as namedBills reads it: by key, sorted after
	st := q.Limit(10).Find(&rows).Statement
	var plan []struct {
		ID, Parent, NotUsed int
		Detail              string
	}
	if err := db.Raw("EXPLAIN QUERY PLAN "+st.SQL.String(), st.Vars...).Scan(&plan).Error; err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, p := range plan {
		details = append(details, p.Detail)
	}
	return strings.Join(details, "; ")
}

// billedCustomer is the partner's customer of the largest consignment bill of 2026-11.
func billedCustomer(t *testing.T, db *gorm.DB, a Actor) uint64 {
	t.Helper()
	return uint64(count(t, db, "SELECT customer_id FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2 ORDER BY amount DESC LIMIT 1", a.PartnerID))
}

// Two members settling the same bill at once: one settles it, the other is told it is settled,
// and the totals count it once (run with -race).
func TestSettleBillAtOnce(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	provider, finance := actor(t, db, "provider"), actor(t, db, "provider-finance")
	cust := uint64(count(t, db, "SELECT customer_id FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-10' AND mode = 2 ORDER BY id LIMIT 1", provider.PartnerID))
	errs := make(chan error, 2)
	for _, a := range []Actor{provider, finance} {
		go func() {
			_, err := SettleBill(ctx, db, a, SettleInput{CustomerID: cust, Cycle: "2026-10", InvoiceNo: "INV-1", InvoiceDate: "2026-11-01"}, testNow)
			errs <- err
		}()
	}
	var settled, refused int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			settled++
		case errors.Is(err, ErrBillSettled):
			refused++
		default:
			t.Errorf("a settlement: %v", err)
		}
	}
	if settled != 1 || refused != 1 {
		t.Errorf("%d settled, %d refused", settled, refused)
	}
	mustCheck(t, db)
}

// TestCycleSortCompare: the bills of a name search, sorted in Go, come in the order the list's
// SQL gives the others (order()): ties of amount by customer, the same way round.
func TestCycleSortCompare(t *testing.T) {
	t.Parallel()
	bill := func(id uint64, amount int64) CycleBill { return CycleBill{CustomerID: id, Amount: amount} }
	in := []CycleBill{bill(1, 5), bill(2, 5), bill(3, 7), bill(4, 1)}
	for sort, want := range map[CycleSort][]uint64{
		"":                  {3, 2, 1, 4},
		CycleByAmountDesc:   {3, 2, 1, 4},
		CycleByAmount:       {4, 1, 2, 3},
		CycleByCustomer:     {1, 2, 3, 4},
		CycleByCustomerDesc: {4, 3, 2, 1},
	} {
		got := slices.Clone(in)
		slices.SortFunc(got, sort.compare)
		ids := make([]uint64, len(got))
		for i, b := range got {
			ids[i] = b.CustomerID
		}
		if !slices.Equal(ids, want) {
			t.Errorf("sort %q: %v, want %v", sort, ids, want)
		}
	}
}
