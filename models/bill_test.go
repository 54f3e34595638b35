package models

import (
	"context"
	"errors"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

func TestSplitFen(t *testing.T) {
	t.Parallel()
	cases := []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{0, []int64{1, 2, 3}, []int64{0, 0, 0}},
		{100, []int64{1, 1, 1}, []int64{33, 33, 34}},
		{99, []int64{33, 33, 34}, []int64{32, 33, 34}}, // rounding each share down would leave 35 for the last
		{1, []int64{1, 1}, []int64{0, 1}},
		{7, []int64{0, 5, 0}, []int64{0, 7, 0}}, // a line of no weight gets nothing, even the last
		{21750, []int64{14250, 7500}, []int64{14250, 7500}},
		{2000, []int64{14250, 7500}, []int64{1310, 690}},
		{1_000_000_000_000_000, []int64{1_000_000_000_000_000, 1_000_000_000_000_000}, []int64{500_000_000_000_000, 500_000_000_000_000}},
		{0, []int64{0, 0}, []int64{0, 0}},
		{5, nil, []int64{}},
	}
	for _, c := range cases {
		if got := splitFen(c.total, c.weights); !slices.Equal(got, c.want) {
			t.Errorf("splitFen(%d, %v) = %v, want %v", c.total, c.weights, got, c.want)
		}
	}
	// any total up to the weights' sum: the shares add up to it, each between 0 and its weight
	r := rand.New(rand.NewPCG(15, 15))
	for range 2000 {
		ws := make([]int64, 1+r.IntN(6))
		var sum int64
		for i := range ws {
			ws[i] = r.Int64N(5000)
			sum += ws[i]
		}
		total := r.Int64N(sum + 1)
		got := splitFen(total, ws)
		var s int64
		for i, v := range got {
			if v < 0 || v > ws[i] {
				t.Fatalf("splitFen(%d, %v) = %v: share %d out of bounds", total, ws, got, i)
			}
			s += v
		}
		if s != total {
			t.Fatalf("splitFen(%d, %v) = %v adds up to %d", total, ws, got, s)
		}
	}
}

func TestSplitPayment(t *testing.T) {
	t.Parallel()
	const ecs, ebs = "ec2", "ebs"
	cases := []struct {
		name      string
		o         Order
		officials []int64
		services  []string
		by        *servicePayment
		want      []linePayment
	}{
		{"evenly", Order{Official: 10000, Discount: 1001, Coupons: 3333, Cash: 5666}, []int64{3333, 3333, 3334}, []string{ebs, ebs, ebs}, nil,
			[]linePayment{{3333, 333, 1111, 1889}, {3333, 334, 1110, 1889}, {3334, 334, 1112, 1888}}},
		{"no coupon, no discount", Order{Official: 21750, Cash: 21750}, []int64{14250, 7500}, []string{ecs, ebs}, nil,
			[]linePayment{{14250, 0, 0, 14250}, {7500, 0, 0, 7500}}},
		{"all by coupon", Order{Official: 21750, Coupons: 21750}, []int64{14250, 7500}, []string{ecs, ebs}, nil,
			[]linePayment{{14250, 0, 14250, 0}, {7500, 0, 7500, 0}}},
		// a discount and a coupon of the disks only: the ECS pays its whole price in cash
		{"by service", Order{Official: 21750, Discount: 750, Coupons: 6750, Cash: 14250}, []int64{14250, 7500}, []string{ecs, ebs},
			&servicePayment{owed: map[string]int64{ecs: 14250, ebs: 6750}, coupons: map[string]int64{ebs: 6750, ecs: 0}},
			[]linePayment{{14250, 0, 0, 14250}, {7500, 750, 6750, 0}}},
		{"by service, two lines of one", Order{Official: 22750, Discount: 1000, Coupons: 2000, Cash: 19750}, []int64{7500, 14250, 1000}, []string{ebs, ecs, ebs},
			&servicePayment{owed: map[string]int64{ecs: 14250, ebs: 7500}, coupons: map[string]int64{ebs: 2000}},
			[]linePayment{{7500, 882, 1764, 4854}, {14250, 0, 0, 14250}, {1000, 118, 236, 646}}},
		// coupons that do not add up to the order's: split evenly instead
		{"by service, coupons off", Order{Official: 21750, Coupons: 21750}, []int64{14250, 7500}, []string{ecs, ebs},
			&servicePayment{owed: map[string]int64{ecs: 14250, ebs: 7500}, coupons: map[string]int64{ebs: 100}},
			[]linePayment{{14250, 0, 14250, 0}, {7500, 0, 7500, 0}}},
		// a service's coupons above what it owes: split evenly instead
		{"by service, coupons over", Order{Official: 21750, Coupons: 8000, Cash: 13750}, []int64{14250, 7500}, []string{ecs, ebs},
			&servicePayment{owed: map[string]int64{ecs: 14250, ebs: 7500}, coupons: map[string]int64{ebs: 8000}},
			[]linePayment{{14250, 0, 5241, 9009}, {7500, 0, 2759, 4741}}},
		{"refund", Order{Official: 6556, Cash: 6556}, []int64{6556}, []string{ebs}, nil, []linePayment{{6556, 0, 0, 6556}}},
	}
	for _, c := range cases {
		got, err := splitPayment(&c.o, c.officials, c.services, c.by)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: %v %v, want %v", c.name, got, err, c.want)
		}
		var sum linePayment
		for _, p := range got {
			if p.official-p.discount != p.coupon+p.cash || p.cash < 0 || p.coupon < 0 || p.discount < 0 {
				t.Errorf("%s: line %+v does not add up", c.name, p)
			}
			sum.official, sum.discount, sum.coupon, sum.cash = sum.official+p.official, sum.discount+p.discount, sum.coupon+p.coupon, sum.cash+p.cash
		}
		if sum != (linePayment{c.o.Official, c.o.Discount, c.o.Coupons, c.o.Cash}) {
			t.Errorf("%s: lines add up to %+v", c.name, sum)
		}
	}
	for _, bad := range []*Order{{Official: 9999, Cash: 9999}, {Official: 10000, Discount: 1, Cash: 10000}, {Official: 10000, Coupons: -1, Cash: 10001}} {
		if _, err := splitPayment(bad, []int64{3333, 3333, 3334}, []string{"a", "a", "a"}, nil); err == nil {
			t.Errorf("order %+v split", bad)
		}
	}
}

func TestParseBillCycle(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in string
		ok bool
	}{
		{"2026-11", true}, {"2026-01", true}, {"2026-12", true}, {"2000-01", true}, {"9999-12", true},
		{"2026-13", false}, {"2026-00", false}, {"2026-1", false}, {"2026/11", false}, {"202611", false}, {"1999-12", false},
		{" 2026-11", false}, {"2026-11 ", false}, {"2026-11-01", false}, {"", false}, {"+026-11", false}, {"2026-+1", false},
		{"２０２６-11", false}, {"abcd-ef", false},
	}
	for _, c := range cases {
		cycle, start, err := ParseBillCycle(c.in)
		if c.ok != (err == nil) {
			t.Errorf("ParseBillCycle(%q): %v", c.in, err)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrBillCycle) {
				t.Errorf("ParseBillCycle(%q): %v, want ErrBillCycle", c.in, err)
			}
			continue
		}
		if cycle != c.in || BillCycleOf(start) != c.in || start.Day() != 1 || start.Hour() != 0 || start.Location() != BusinessZone {
			t.Errorf("ParseBillCycle(%q) = %q, %s", c.in, cycle, start)
		}
	}
	if BillCycleOf(time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)) != "2026-12" || BillCycleOf(time.Date(2026, 11, 30, 15, 59, 59, 0, time.UTC)) != "2026-11" {
		t.Error("a bill cycle is not the month in Asia/Shanghai")
	}
}

func FuzzParseBillCycle(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-13", "0000-00", "2026-1", "9999-12", "2026-11-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cycle, start, err := ParseBillCycle(s)
		if err != nil {
			if !errors.Is(err, ErrBillCycle) {
				t.Fatalf("ParseBillCycle(%q): %v", s, err)
			}
			return
		}
		// the cycle starts at start: a moment before is in the cycle before (YYYY-MM sorts as text)
		if cycle != s || BillCycleOf(start) != s || BillCycleOf(start.Add(-time.Nanosecond)) >= s {
			t.Fatalf("ParseBillCycle(%q) = %q, %s", s, cycle, start)
		}
	})
}

// A paid order of two lines with a coupon of both services is billed line by line (the coupon
// pays the services in the order of their names: the disk's first), each line's share exact, and
// its resources are the ones the lines name; unsubscribing one bills the refund, negative.
func TestFeeRecordsOfAnOrder(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, ecsMonth(), gpssd(30, 5)) // 142.50 + 75.00
	var coupon Coupon
	db.Where("customer_id = ? AND status = ? AND face_value = 20000", demo, CouponUsable).First(&coupon)
	paid, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney(), CouponIDs: []uint64{coupon.ID}}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var fs []FeeRecord
	db.Where("order_id = ?", o.ID).Order("id").Find(&fs)
	if len(fs) != 2 || fs[0].BillType != BillNew || fs[0].Official != 14250 || fs[1].Official != 7500 ||
		fs[0].Cash+fs[1].Cash != paid.Cash || fs[0].Coupon+fs[1].Coupon != paid.Coupons || fs[0].Coupon != 12500 || fs[1].Coupon != 7500 ||
		fs[0].BillCycle != "2026-11" || !fs[0].TradeTime.Equal(testNow) || fs[0].PeriodType != BillPeriodMonth || fs[1].ChargeMode != ChargePeriod {
		t.Fatalf("fee records %+v", fs)
	}
	if _, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil {
		t.Fatal(err)
	}
	rs, _ := OrderResources(ctx, db, customerActor(demo), o.ID)
	var disk Resource
	for _, r := range rs {
		if r.ParentID == nil && r.ResourceType == "hws.resource.type.volume" {
			disk = r
		}
	}
	if fs[1].ResourceID != disk.PublicID || fs[0].ResourceID != rs[0].PublicID {
		t.Errorf("fee records name %s and %s, the order made %+v", fs[0].ResourceID, fs[1].ResourceID, rs)
	}
	// the ECS: its bill line paid 17.50 in cash (the coupon paid the disk whole, whose refund
	// would be nothing)
	ecs := rs[0]
	res, err := Unsubscribe(ctx, db, customerActor(demo), UnsubscribeInput{ResourceIDs: []string{ecs.PublicID}, Type: UnsubscribeResource}, testNow.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var refund FeeRecord
	db.Where("order_id = ?", res.Orders[0].ID).First(&refund)
	if refund.BillType != BillRefund || refund.Cash >= 0 || refund.Cash != -res.Orders[0].Cash || refund.Official != refund.Cash || refund.ResourceID != ecs.PublicID {
		t.Errorf("refund's fee record %+v of %+v", refund, res.Orders[0])
	}
	mustCheck(t, db)
}

// A discount and a coupon of the disks only are billed on the disk's line: the ECS of the same
// order is billed its whole price in cash, and the customer's monthly sums by service say so.
func TestFeeRecordsByService(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	day := testNow.In(BusinessZone)
	d, err := SetDiscount(ctx, db, actor(t, db, "provider-sales"), SetDiscountInput{CustomerID: demo, Type: Discount607, Off: "10",
		ServiceType: "hws.service.type.ebs", ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	var coupon Coupon
	db.Where("customer_id = ? AND status = ? AND face_value = 20000", demo, CouponUsable).First(&coupon)
	if err := db.Model(&coupon).Update("service_types", "hws.service.type.ebs").Error; err != nil {
		t.Fatal(err)
	}
	o := mustOrder(t, db, demo, ecsMonth(), gpssd(30, 5)) // 142.50 + 75.00
	paid, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney(), CouponIDs: []uint64{coupon.ID},
		DiscountIDs: []uint64{d.ID}}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if paid.Discount != 750 || paid.Coupons != 6750 || paid.Cash != 14250 {
		t.Fatalf("paid %+v", paid)
	}
	var fs []FeeRecord
	db.Where("order_id = ?", o.ID).Order("id").Find(&fs)
	if len(fs) != 2 || fs[0].ServiceType != "hws.service.type.ec2" || fs[0].Discount != 0 || fs[0].Coupon != 0 || fs[0].Cash != 14250 ||
		fs[1].Discount != 750 || fs[1].Coupon != 6750 || fs[1].Cash != 0 {
		t.Errorf("fee records %+v", fs)
	}
	// the resources' paid periods carry their bill lines' cash: the disk, paid by its coupon,
	// has no cash to refund
	if _, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		var term ResourceTerm
		if err := db.Where("order_id = ? AND line_id = ?", o.ID, *f.LineID).First(&term).Error; err != nil || term.Cash != f.Cash {
			t.Errorf("the term of line %d has cash %d, its bill line %d (%v)", *f.LineID, term.Cash, f.Cash, err)
		}
	}
	sums, err := CustomerMonthlySums(ctx, db, customerActor(demo), demo, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.ServiceType == "hws.service.type.ec2" && s.BillType == BillNew && (s.Coupon != 0 || s.Discount != 0) {
			t.Errorf("the ECS's monthly sum %+v has the disk's coupon or discount", s)
		}
	}
	mustCheck(t, db)
}

// The demo world pays, renews, auto-renews and refunds through the use cases: its bills hold each
// kind, and its customer's monthly sums read as its fee records add up.
func TestFeeRecordsOfDemoWorld(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	for _, bt := range []int8{BillNew, BillRenew, BillRefund, BillAutoRenew} {
		if n := count(t, db, "SELECT COUNT(*) FROM fee_records WHERE bill_type = ?", bt); n == 0 {
			t.Errorf("no fee record of type %d", bt)
		}
	}
	cust := uint64(count(t, db, "SELECT customer_id FROM fee_records WHERE bill_type = 4"))
	sums, err := CustomerMonthlySums(ctx, db, actor(t, db, "provider"), cust, "2026-11")
	if err != nil || len(sums) == 0 {
		t.Fatalf("monthly sums %v %v", sums, err)
	}
	var amount int64
	for _, s := range sums {
		amount += s.Amount
	}
	if want := count(t, db, "SELECT SUM(official - discount) FROM fee_records WHERE customer_id = ? AND bill_cycle = '2026-11'", cust); amount != want {
		t.Errorf("the cycle's sums add up to %d, its fee records to %d", amount, want)
	}
	mustCheck(t, db)
}

// Reading bills: who sees whose, and the refusals.
func TestBillQueries(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	cust := uint64(count(t, db, "SELECT customer_id FROM fee_records WHERE bill_type = 4"))
	provider, other, op := actor(t, db, "provider"), actor(t, db, "distributor"), actor(t, db, "operator")
	_, err := CustomerMonthlySums(ctx, db, other, cust, "2026-11")
	wantErr(t, "another partner's customer", err, ErrNotFound)
	_, err = CustomerMonthlySums(ctx, db, customerActor(cust+1), cust, "2026-11")
	wantErr(t, "another customer", err, ErrNotFound)
	_, err = CustomerMonthlySums(ctx, db, provider, cust, "2026-13")
	wantErr(t, "month 13", err, ErrBillCycle)
	for _, a := range []Actor{provider, op, customerActor(cust)} {
		if sums, err := CustomerMonthlySums(ctx, db, a, cust, "2026-11"); err != nil || len(sums) == 0 {
			t.Errorf("%v: %v %v", a.Kind, sums, err)
		}
	}
	all := count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ? AND bill_cycle = '2026-11'", cust)
	// the demo customer's monthly orders are the provider's too (seed/seed_bills.go)
	ofPartner := count(t, db, "SELECT COUNT(*) FROM fee_records WHERE partner_id = ? AND bill_cycle = '2026-11'", provider.PartnerID)
	earlier := count(t, db, "SELECT COUNT(*) FROM fee_records WHERE partner_id = ? AND bill_cycle = '2026-09'", provider.PartnerID)
	cases := []struct {
		name string
		a    Actor
		f    FeeFilter
		want int64
		err  error
	}{
		{"partner", provider, FeeFilter{Cycle: "2026-11"}, ofPartner, nil},
		{"partner, customer", provider, FeeFilter{Cycle: "2026-11", CustomerID: cust}, all, nil},
		{"partner, refunds", provider, FeeFilter{Cycle: "2026-11", BillType: BillRefund}, 1, nil},
		{"partner, earlier cycle", provider, FeeFilter{Cycle: "2026-09"}, earlier, nil},
		{"customer", customerActor(cust), FeeFilter{Cycle: "2026-11"}, all, nil},
		{"operator, customer", op, FeeFilter{Cycle: "2026-11", CustomerID: cust}, all, nil},
		{"operator, partner", op, FeeFilter{Cycle: "2026-11", PartnerID: provider.PartnerID}, ofPartner, nil},
		{"another partner", other, FeeFilter{Cycle: "2026-11"}, 0, nil},
		{"another partner, the customer", other, FeeFilter{Cycle: "2026-11", CustomerID: cust}, 0, ErrNotFound},
		{"another customer's filter", customerActor(cust + 1), FeeFilter{Cycle: "2026-11", CustomerID: cust}, 0, ErrNotFound},
		{"not its reseller", other, FeeFilter{Cycle: "2026-11", ResellerID: provider.PartnerID}, 0, ErrNotYourReseller},
		{"operator, everyone", op, FeeFilter{Cycle: "2026-11"}, 0, ErrInvalidInput},
		{"month 13", provider, FeeFilter{Cycle: "2026-13"}, 0, ErrBillCycle},
	}
	for _, c := range cases {
		l, err := ListFeeRecords(ctx, db, c.a, c.f, Paging{Limit: 100})
		wantErr(t, c.name, err, c.err)
		if err == nil && (l.Total != c.want || int64(len(l.Rows)) != c.want) {
			t.Errorf("%s: %d records (%d rows), want %d", c.name, l.Total, len(l.Rows), c.want)
		}
	}
	l, err := ListFeeRecords(ctx, db, customerActor(cust), FeeFilter{Cycle: "2026-11"}, Paging{Limit: 2, Offset: 1})
	if err != nil || len(l.Rows) != 2 || l.Total != all || l.Rows[0].TradeTime.After(l.Rows[1].TradeTime) {
		t.Errorf("a page: %+v %v", l, err)
	}
}

// Each list of fee records reads one index range in its order: no scan of the table, no sort.
func TestFeeRecordQueryPlans(t *testing.T) {
	onSQLiteOnly(t, "EXPLAIN QUERY PLAN (PostgreSQL plans: the PostgreSQL issue)")
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	cust := uint64(count(t, db, "SELECT customer_id FROM fee_records WHERE bill_type = 4"))
	provider, op := actor(t, db, "provider"), actor(t, db, "operator")
	distributor := actor(t, db, "distributor")
	reseller := uint64(count(t, db, "SELECT id FROM partners WHERE distributor_id = ? ORDER BY id LIMIT 1", distributor.PartnerID))
	cases := []struct {
		name  string
		a     Actor
		f     FeeFilter
		index string
	}{
		{"partner", provider, FeeFilter{Cycle: "2026-11"}, "ix_fee_partner"},
		{"partner, filtered", provider, FeeFilter{Cycle: "2026-11", ServiceType: "hws.service.type.ebs", BillType: 1, ChargeMode: 1}, "ix_fee_partner"},
		{"partner, customer", provider, FeeFilter{Cycle: "2026-11", CustomerID: cust}, "ix_fee_customer"},
		{"reseller of a distributor", distributor, FeeFilter{Cycle: "2026-11", ResellerID: reseller}, "ix_fee_partner"},
		{"customer", customerActor(cust), FeeFilter{Cycle: "2026-11", ResourceID: "r1"}, "ix_fee_customer"},
		{"operator, customer", op, FeeFilter{Cycle: "2026-11", CustomerID: cust}, "ix_fee_customer"},
		{"operator, partner", op, FeeFilter{Cycle: "2026-11", PartnerID: provider.PartnerID}, "ix_fee_partner"},
	}
	for _, c := range cases {
		q, order, err := feeQuery(ctx, db, c.a, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var rows []FeeRecord
		st := q.Session(&gorm.Session{DryRun: true}).Order(order).Limit(10).Find(&rows).Statement
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
		all := strings.Join(details, "; ")
		if !regexp.MustCompile(`SEARCH fee_records USING INDEX `+c.index+`\b`).MatchString(all) || strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want a search of %s in its order", c.name, all, c.index)
		}
	}
	var sums []MonthlySum
	st := db.Session(&gorm.Session{DryRun: true}).Where("customer_id = ? AND bill_cycle = ?", cust, "2026-11").
		Order("service_type, charge_mode, bill_type").Find(&sums).Statement
	var plan []struct {
		ID, Parent, NotUsed int
		Detail              string
	}
	if err := db.Raw("EXPLAIN QUERY PLAN "+st.SQL.String(), st.Vars...).Scan(&plan).Error; err != nil {
		t.Fatal(err)
	}
	if len(plan) != 1 || !strings.Contains(plan[0].Detail, "USING INDEX ux_msum_key") {
		t.Errorf("monthly sums: plan %+v", plan)
	}
}

// Orders paid at once, of one customer and one service (one monthly sum for all) and of two
// customers, beside a renewal paid at once and an unsubscribe, keep the monthly sums equal to the
// fee records (run with -race).
func TestFeeRecordsConcurrentPayments(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	other := uint64(count(t, db, "SELECT customer_id FROM fee_records WHERE bill_type = 4"))
	before := count(t, db, "SELECT COALESCE(SUM(count), 0) FROM monthly_sums")
	var work []func() error
	for i := range 12 {
		c := demo
		if i%3 == 0 {
			c = other
		}
		o := mustOrder(t, db, c, gpssd(int64(10+i), 1))
		work = append(work, func() error {
			_, err := PayOrder(ctx, db, customerActor(o.CustomerID), PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, testNow)
			return err
		})
	}
	var idle []string // the other customer's main resources in use with no order open
	db.Raw(`SELECT public_id FROM resources r WHERE customer_id = ? AND parent_id IS NULL AND status = 2 AND NOT EXISTS (
		SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.resource_id = r.id AND o.status IN (1, 3, 6)) ORDER BY id`, other).Scan(&idle)
	if len(idle) < 2 {
		t.Fatalf("resources in use: %v", idle)
	}
	work = append(work, func() error {
		_, err := Unsubscribe(ctx, db, customerActor(other), UnsubscribeInput{ResourceIDs: idle[:1], Type: UnsubscribeResource}, testNow)
		return err
	}, func() error {
		_, err := RenewResources(ctx, db, customerActor(other), RenewInput{ResourceIDs: idle[1:2], PeriodType: PeriodMonth, PeriodNum: 1, AutoPay: true}, testNow)
		return err
	})
	var wg sync.WaitGroup
	errs := make([]error, len(work))
	for i, w := range work {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = w() }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("work %d: %v", i, err)
		}
	}
	if n := count(t, db, "SELECT COALESCE(SUM(count), 0) FROM monthly_sums"); n != before+int64(len(work)) {
		t.Errorf("monthly sums count %d records, want %d", n, before+int64(len(work)))
	}
	mustCheck(t, db)
}
