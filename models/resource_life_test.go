package models

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// paidResources orders the products for the demo customer, pays them (with the coupon, if any,
// and cash) and creates their resources, main ones first.
func paidResources(t testing.TB, db *gorm.DB, demo uint64, couponID uint64, ps ...InquiryProduct) []Resource {
	t.Helper()
	ctx := context.Background()
	o := mustOrder(t, db, demo, ps...)
	in := PayInput{OrderID: o.ID, Official: o.OfficialMoney()}
	if couponID != 0 {
		in.CouponIDs = []uint64{couponID}
	}
	if _, err := PayOrder(ctx, db, customerActor(demo), in, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := ProcessPaidOrders(ctx, db, testNow, 100); err != nil {
		t.Fatal(err)
	}
	rs, err := OrderResources(ctx, db, customerActor(demo), o.ID)
	if err != nil || len(rs) == 0 {
		t.Fatalf("resources %v %v", rs, err)
	}
	return rs
}

func reloadResource(t testing.TB, db *gorm.DB, id uint64) *Resource {
	t.Helper()
	var r Resource
	if err := db.First(&r, id).Error; err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestUnsubscribeWorkedExample is the README's example: a 30 GB GPSSD disk for 5 months (75.00),
// paid 50.00 by a coupon and 25.00 in cash, unsubscribed 40 days and 3 hours later: 110 whole days
// of the 151 are unused, and 25.00 × 110 ÷ 151 = 18.2119… gives back 18.21; the coupon's part
// is not refunded.
func TestUnsubscribeWorkedExample(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	coupon := uint64(count(t, db, "SELECT COALESCE(MIN(id), 0) FROM coupons WHERE customer_id = ? AND status = ? AND balance = 5000", demo, CouponUsable))
	if coupon == 0 {
		t.Fatal("the demo customer has no usable coupon of 50.00")
	}
	r := paidResources(t, db, demo, coupon, gpssd(30, 5))[0]
	if n := count(t, db, "SELECT cash FROM resource_terms WHERE resource_id = ?", r.ID); n != 2500 {
		t.Fatalf("the term's cash %d, want 2500", n)
	}
	at := testNow.Add(40*24*time.Hour + 3*time.Hour)
	cash, revenue := customerCash(t, db, demo), count(t, db, "SELECT balance FROM accounts WHERE kind = 'revenue'")
	res, err := Unsubscribe(ctx, db, customerActor(demo), UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource,
		ReasonType: 5, Reason: "  moving to another region "}, at)
	if err != nil || len(res.Orders) != 1 {
		t.Fatalf("unsubscribe: %+v %v", res, err)
	}
	o := res.Orders[0]
	if o.Type != OrderUnsubscribe || o.Status != OrderCompleted || o.Cash != 1821 {
		t.Errorf("unsubscribe order %+v", o)
	}
	if customerCash(t, db, demo) != cash+1821 || count(t, db, "SELECT balance FROM accounts WHERE kind = 'revenue'") != revenue-1821 {
		t.Error("the refund did not move from revenue to the customer")
	}
	f, err := RefundOfOrder(ctx, db, customerActor(demo), o.ID)
	if err != nil || f.Amount != 1821 || f.TransferID == nil || f.Reason != "moving to another region" || f.UnsubscribeType != UnsubscribeResource {
		t.Errorf("refund %+v %v", f, err)
	}
	if _, err := RefundOfOrder(ctx, db, actor(t, db, "reseller"), o.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner's refund: %v", err)
	}
	if g := reloadResource(t, db, r.ID); g.Status != ResourceClosed || g.ClosedAt == nil || !g.ExpireAt.Equal(at) {
		t.Errorf("resource after unsubscribing %+v", g)
	}
	mustCheck(t, db)
}

func TestTermRefund(t *testing.T) {
	t.Parallel()
	start := testNow
	term := ResourceTerm{StartAt: start, EndAt: start.AddDate(0, 5, 0), Cash: 2500} // 151 days
	for _, c := range []struct {
		name string
		at   time.Time
		want int64
	}{
		{"not begun", start.Add(-time.Hour), 2500},
		{"at its start", start, 2500},
		{"an hour in: the first day is used", start.Add(time.Hour), 2500 * 150 / 151},
		{"the worked example", start.Add(40*24*time.Hour + 3*time.Hour), 1821},
		{"its last hour", term.EndAt.Add(-time.Hour), 0},
		{"ended", term.EndAt, 0},
		{"after", term.EndAt.Add(time.Hour), 0},
	} {
		if got := termRefund(&term, c.at); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	if got := termRefund(&ResourceTerm{StartAt: start, EndAt: start.AddDate(0, 1, 0)}, start); got != 0 {
		t.Errorf("a term paid only by coupons refunds %d", got)
	}
}

func TestCashShares(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{100, []int64{1, 1, 1}, []int64{33, 33, 34}},
		{1750, []int64{14250, 7500}, []int64{1146, 604}},
		{0, []int64{5, 5}, []int64{0, 0}},
		{7, []int64{0, 0}, []int64{0, 7}},
		{1 << 52, []int64{1 << 52, 1 << 52}, []int64{1 << 51, 1 << 51}},
		{5, nil, []int64{}},
	} {
		got := cashShares(c.total, c.weights)
		sum := int64(0)
		for i := range got {
			sum += got[i]
			if got[i] != c.want[i] {
				t.Errorf("cashShares(%d, %v) = %v, want %v", c.total, c.weights, got, c.want)
				break
			}
		}
		if len(got) > 0 && sum != c.total {
			t.Errorf("cashShares(%d, %v) adds up to %d", c.total, c.weights, sum)
		}
	}
}

// TestRenewAndUnsubscribeRenewals: a renewal order waits for payment (the resource is busy
// meanwhile), a paid one moves the expiry by its period from the old expiry once applied, and
// unsubscribing the renewed periods gives back all their cash and the expiry they added.
func TestRenewAndUnsubscribeRenewals(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust, sales := customerActor(demo), actor(t, db, "provider-sales")
	rs := paidResources(t, db, demo, 0, ecsMonth()) // an ECS and its system disk
	ecs, disk := rs[0], rs[1]
	q, err := RenewalQuote(ctx, db, cust, ecs.PublicID, PeriodMonth, 2, testNow)
	if err != nil || !q.Official.Equal(Fen(28500).Decimal) {
		t.Fatalf("renewal quote %v %v", q, err)
	}
	res, err := RenewResources(ctx, db, sales, RenewInput{ResourceIDs: []string{ecs.PublicID}, PeriodType: PeriodMonth, PeriodNum: 2}, testNow)
	if err != nil || res.Orders[0].Status != OrderPendingPayment || res.Orders[0].Type != OrderRenew || res.Orders[0].Official != 28500 {
		t.Fatalf("renewal %+v %v", res, err)
	}
	pending := res.Orders[0]
	_, err = Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{ecs.PublicID}, Type: UnsubscribeResource}, testNow)
	wantErr(t, "unsubscribing with a renewal pending", err, ErrResourceBusy)
	_, err = RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{ecs.PublicID}, PeriodType: PeriodMonth, PeriodNum: 1}, testNow)
	wantErr(t, "a second renewal while one is pending", err, ErrResourceBusy)
	if _, err := PayOrder(ctx, db, cust, PayInput{OrderID: pending.ID, Official: pending.OfficialMoney()}, testNow); err != nil {
		t.Fatal(err)
	}
	oldExpiry := *ecs.ExpireAt
	if n, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil || n != 1 {
		t.Fatalf("processed %d: %v", n, err)
	}
	want := oldExpiry.AddDate(0, 2, 0)
	if g, d := reloadResource(t, db, ecs.ID), reloadResource(t, db, disk.ID); !g.ExpireAt.Equal(want) || !d.ExpireAt.Equal(want) {
		t.Errorf("after the renewal: %v and its disk %v, want %v", g.ExpireAt, d.ExpireAt, want)
	}
	// auto-pay: paid at once from the balance, applied by the order step
	cash := customerCash(t, db, demo)
	res, err = RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{ecs.PublicID}, PeriodType: PeriodYear, PeriodNum: 1, AutoPay: true}, testNow)
	if err != nil || res.Orders[0].Status != OrderProcessing || customerCash(t, db, demo) != cash-res.Orders[0].Cash {
		t.Fatalf("auto-paid renewal %+v %v", res, err)
	}
	ProcessPaidOrders(ctx, db, testNow, 10)
	yearCash := res.Orders[0].Cash
	// unsubscribing the renewed periods: both renewals give back all their cash, the first period stays
	cash = customerCash(t, db, demo)
	at := testNow.Add(24 * time.Hour)
	res, err = Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{ecs.PublicID}, Type: UnsubscribeRenewals}, at)
	if err != nil || res.Orders[0].Cash != 28500+yearCash || customerCash(t, db, demo) != cash+28500+yearCash {
		t.Fatalf("unsubscribing the renewals %+v %v", res, err)
	}
	if g := reloadResource(t, db, ecs.ID); g.Status != ResourceInUse || !g.ExpireAt.Equal(oldExpiry) {
		t.Errorf("after unsubscribing the renewals: %+v", g)
	}
	_, err = Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{ecs.PublicID}, Type: UnsubscribeRenewals}, at)
	wantErr(t, "no renewed period left", err, ErrNoRenewedPeriods)
	mustCheck(t, db)
}

func TestResourceLifeRefusals(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust, sales := customerActor(demo), actor(t, db, "provider-sales")
	rs := paidResources(t, db, demo, 0, ecsMonth())
	ecs, disk := rs[0].PublicID, rs[1].PublicID
	closed := paidResources(t, db, demo, 0, gpssd(10, 1))[0].PublicID
	if _, err := Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{closed}, Type: UnsubscribeResource}, testNow); err != nil {
		t.Fatal(err)
	}
	od := ecsMonth()
	od.PeriodType, od.PeriodNum, od.UsageFactor, od.UsageValue, od.UsageMeasureID = 0, 0, "Duration", Fen(100).Decimal, 4
	d, err := CreateOrder(ctx, db, sales, OrderInput{CustomerID: demo, Mode: ChargeOnDemand, Products: []InquiryProduct{od}}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	onDemand, _ := OrderResources(ctx, db, cust, d.ID)
	renew := func(a Actor, id string, pt, n int) func() error {
		return func() error {
			_, err := RenewResources(ctx, db, a, RenewInput{ResourceIDs: []string{id}, PeriodType: pt, PeriodNum: n, AutoPay: true}, testNow)
			return err
		}
	}
	// the renewal price refuses what the renewal refuses, with the same error
	quote := func(a Actor, id string, pt, n int) func() error {
		return func() error {
			_, err := RenewalQuote(ctx, db, a, id, pt, n, testNow)
			return err
		}
	}
	unsub := func(a Actor, typ int8, ids ...string) func() error {
		return func() error {
			_, err := Unsubscribe(ctx, db, a, UnsubscribeInput{ResourceIDs: ids, Type: typ}, testNow)
			return err
		}
	}
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = ecs + string(rune('a'+i))
	}
	for _, c := range []struct {
		name string
		do   func() error
		want error
	}{
		{"renewing an attached resource alone", renew(cust, disk, PeriodMonth, 1), ErrNotMainResource},
		{"unsubscribing an attached resource alone", unsub(cust, UnsubscribeResource, disk), ErrNotMainResource},
		{"renewing a closed resource", renew(cust, closed, PeriodMonth, 1), ErrResourceClosed},
		{"the renewal price of a closed resource", quote(cust, closed, PeriodMonth, 1), ErrResourceClosed},
		{"the renewal price of an attached resource", quote(cust, disk, PeriodMonth, 1), ErrNotMainResource},
		{"the renewal price of an on-demand resource", quote(cust, onDemand[0].PublicID, PeriodMonth, 1), ErrResourceOnDemand},
		{"the renewal price for 12 months", quote(cust, ecs, PeriodMonth, 12), ErrPeriodNum},
		{"the renewal price of another customer's resource", quote(customerActor(demo+1), ecs, PeriodMonth, 1), ErrNotFound},
		{"unsubscribing twice", unsub(cust, UnsubscribeResource, closed), ErrResourceClosed},
		{"renewing an on-demand resource", renew(cust, onDemand[0].PublicID, PeriodMonth, 1), ErrResourceOnDemand},
		{"12 months", renew(cust, ecs, PeriodMonth, 12), ErrPeriodNum},
		{"0 months", renew(cust, ecs, PeriodMonth, 0), ErrPeriodNum},
		{"4 years", renew(cust, ecs, PeriodYear, 4), ErrPeriodNum},
		{"a period in days", renew(cust, ecs, 0, 1), ErrPeriodType},
		{"another customer's resource", renew(customerActor(demo+1), ecs, PeriodMonth, 1), ErrNotFound},
		{"another partner's resource", unsub(actor(t, db, "reseller"), UnsubscribeResource, ecs), ErrNotFound},
		{"an unknown resource", unsub(cust, UnsubscribeResource, "r-nope"), ErrNotFound},
		{"a finance member", unsub(actor(t, db, "provider-finance"), UnsubscribeResource, ecs), ErrForbidden},
		{"the operator", renew(actor(t, db, "operator"), ecs, PeriodMonth, 1), ErrForbidden},
		{"no renewed period", unsub(cust, UnsubscribeRenewals, ecs), ErrNoRenewedPeriods},
		{"a bad unsubscribe type", unsub(cust, 3, ecs), ErrUnsubscribeType},
		{"no resources", unsub(cust, UnsubscribeResource), ErrLifeResources},
		{"eleven resources", unsub(cust, UnsubscribeResource, eleven...), ErrLifeResources},
	} {
		orders, transfers := count(t, db, "SELECT COUNT(*) FROM orders"), count(t, db, "SELECT COUNT(*) FROM transfers")
		wantErr(t, c.name, c.do(), c.want)
		if count(t, db, "SELECT COUNT(*) FROM orders") != orders || count(t, db, "SELECT COUNT(*) FROM transfers") != transfers {
			t.Errorf("%s: something changed", c.name)
		}
	}
	_, err = Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{ecs}, Type: UnsubscribeResource, ReasonType: 6}, testNow)
	wantErr(t, "a reason type of 6", err, ErrUnsubscribeReason)
	_, err = Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{ecs}, Type: UnsubscribeResource, Reason: "a\u202eb"}, testNow)
	wantErr(t, "a reason with a bidirectional override", err, ErrTextInvalid)
	// auto-pay without the balance: refused with what is missing, no order made
	reclaimAll(t, db, demo)
	orders := count(t, db, "SELECT COUNT(*) FROM orders")
	_, err = RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{ecs}, PeriodType: PeriodMonth, PeriodNum: 1, AutoPay: true}, testNow)
	var short *ShortError
	if !errors.As(err, &short) || !short.Missing.Equal(Fen(14250).Decimal) || count(t, db, "SELECT COUNT(*) FROM orders") != orders {
		t.Errorf("auto-pay short of balance: %v", err)
	}
	// a batch answers per resource: one done, one refused
	res, err := Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{ecs, closed}, Type: UnsubscribeResource}, testNow)
	if err != nil || len(res.Orders) != 1 || len(res.Failures) != 1 || res.Failures[0].ResourceID != closed || !errors.Is(res.Failures[0].Err, ErrResourceClosed) {
		t.Errorf("a batch: %+v %v", res, err)
	}
	mustCheck(t, db)
}

func TestResourceLifeWithoutAuthorization(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	r := paidResources(t, db, demo, 0, gpssd(20, 1))[0]
	z := uint64(count(t, db, "SELECT id FROM order_authorizations WHERE customer_id = ? AND status = ?", demo, AuthGranted))
	if _, err := RevokeAuthorization(ctx, db, customerActor(demo), z, testNow); err != nil {
		t.Fatal(err)
	}
	sales := actor(t, db, "provider-sales")
	_, err := RenewResources(ctx, db, sales, RenewInput{ResourceIDs: []string{r.PublicID}, PeriodType: PeriodMonth, PeriodNum: 1}, testNow)
	wantErr(t, "renewing without authorization", err, ErrNoAuthorization)
	_, err = Unsubscribe(ctx, db, sales, UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource}, testNow)
	wantErr(t, "unsubscribing without authorization", err, ErrNoAuthorization)
	_, err = SetAutoRenew(ctx, db, sales, r.PublicID, PeriodMonth, 0, testNow)
	wantErr(t, "auto-renewal without authorization", err, ErrNoAuthorization)
	// the customer itself needs none
	_, err = SetAutoRenew(ctx, db, customerActor(demo), r.PublicID, PeriodMonth, 0, testNow)
	wantErr(t, "the customer's own auto-renewal", err, nil)
}

// TestSweepResources: at expiry an auto-renewing resource is renewed from the balance and another
// expires; one whose balance falls short expires too; 15 days later the expired are frozen, 15
// more and they are closed, each step not a second early.
func TestSweepResources(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	auto := paidResources(t, db, demo, 0, gpssd(20, 1))[0]
	plain := paidResources(t, db, demo, 0, ecsMonth())
	short := paidResources(t, db, demo, 0, gpssd(30, 1))[0]
	if _, err := SetAutoRenew(ctx, db, cust, auto.PublicID, PeriodMonth, 2, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := SetAutoRenew(ctx, db, cust, short.PublicID, PeriodYear, 0, testNow); err != nil {
		t.Fatal(err)
	}
	_, err := SetAutoRenew(ctx, db, cust, plain[1].PublicID, PeriodMonth, 0, testNow)
	wantErr(t, "auto-renewing an attached resource", err, ErrNotMainResource)
	_, err = SetAutoRenew(ctx, db, cust, auto.PublicID, PeriodMonth, 100, testNow)
	wantErr(t, "100 times", err, ErrAutoRenewTimes)
	// the balance covers a month of 20 GB but not a year of 30 GB
	bal, month := customerCash(t, db, demo), int64(20*100*50/100)
	if _, err := Reclaim(ctx, db, actor(t, db, "provider"), demo, FundsInput{Amount: Fen(bal - month - 100)}, testNow); err != nil {
		t.Fatal(err)
	}
	expiry := *auto.ExpireAt
	mine := []uint64{auto.ID, plain[0].ID, short.ID}
	// sweepAt sweeps a second early (the seed's resources, which expire three days before these,
	// are swept then) and checks these did not move, then sweeps at t
	sweepAt := func(at time.Time) ResourceSweep {
		t.Helper()
		before := count(t, db, "SELECT SUM(status) FROM resources WHERE id IN ?", mine)
		if _, err := SweepResources(ctx, db, at.Add(-time.Second), 100); err != nil {
			t.Fatal(err)
		}
		if count(t, db, "SELECT SUM(status) FROM resources WHERE id IN ?", mine) != before {
			t.Errorf("swept a second before %v", at)
		}
		s, err := SweepResources(ctx, db, at, 100)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := sweepAt(expiry); s != (ResourceSweep{Renewed: 1, Expired: 2}) {
		t.Fatalf("at expiry: %+v", s)
	}
	if g := reloadResource(t, db, auto.ID); g.Status != ResourceInUse || !g.ExpireAt.Equal(expiry.AddDate(0, 1, 0)) || g.AutoRenewCount != 1 {
		t.Errorf("auto-renewed: %+v", g)
	}
	for _, r := range []Resource{plain[0], plain[1], short} {
		if g := reloadResource(t, db, r.ID); g.Status != ResourceExpired {
			t.Errorf("%s: status %d, want expired", g.PublicID, g.Status)
		}
	}
	if s := sweepAt(expiry.Add(GracePeriod)); s != (ResourceSweep{Frozen: 2}) {
		t.Errorf("after the grace period: %+v", s)
	}
	if g := reloadResource(t, db, plain[1].ID); g.Status != ResourceFrozen {
		t.Errorf("the attached disk: status %d, want frozen", g.Status)
	}
	if s := sweepAt(expiry.Add(GracePeriod + RetentionPeriod)); s != (ResourceSweep{Closed: 2}) {
		t.Errorf("after the retention: %+v", s)
	}
	if g := reloadResource(t, db, short.ID); g.Status != ResourceClosed || g.ClosedAt == nil {
		t.Errorf("closed: %+v", g)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action IN ('resource.expire', 'resource.freeze', 'resource.close') AND object_id IN ?", mine); n != 6 {
		t.Errorf("%d steps audited, want 6", n)
	}
	mustCheck(t, db)
}

// TestResourceLifeRaces: unsubscribing twice at once refunds once; a renewal racing an
// unsubscribe, one wins and the other is told.
func TestResourceLifeRaces(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	run := func(fs ...func() error) []error {
		errs := make([]error, len(fs))
		var wg sync.WaitGroup
		for i, f := range fs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = f() }()
		}
		wg.Wait()
		return errs
	}
	unsub := func(id string) func() error {
		return func() error {
			_, err := Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{id}, Type: UnsubscribeResource}, testNow.Add(time.Hour))
			return err
		}
	}
	renew := func(id string) func() error {
		return func() error {
			_, err := RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{id}, PeriodType: PeriodMonth, PeriodNum: 1, AutoPay: true}, testNow)
			return err
		}
	}
	r := paidResources(t, db, demo, 0, gpssd(30, 5))[0]
	errs := run(unsub(r.PublicID), unsub(r.PublicID), unsub(r.PublicID))
	done := 0
	for _, err := range errs {
		if err == nil {
			done++
		} else if !errors.Is(err, ErrResourceClosed) {
			t.Errorf("unexpected refusal: %v", err)
		}
	}
	if done != 1 || count(t, db, "SELECT COUNT(*) FROM refunds WHERE resource_id = ?", r.ID) != 1 {
		t.Errorf("three unsubscribes at once: %d done, %v", done, errs)
	}
	for range 3 {
		r := paidResources(t, db, demo, 0, gpssd(10, 1))[0]
		errs := run(renew(r.PublicID), unsub(r.PublicID))
		switch {
		case errs[0] == nil && errors.Is(errs[1], ErrResourceBusy):
		case errs[1] == nil && errors.Is(errs[0], ErrResourceClosed):
		default:
			t.Errorf("renew racing unsubscribe: %v", errs)
		}
		ProcessPaidOrders(ctx, db, testNow, 10)
	}
	mustCheck(t, db)
}

func TestCheckResources(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	r := paidResources(t, db, demo, 0, gpssd(30, 5))[0]
	if _, err := Unsubscribe(ctx, db, customerActor(demo), UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource}, testNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	for _, c := range []struct{ name, break_, fix string }{
		{"a refund off its order", "UPDATE refunds SET amount = amount + 1", "UPDATE refunds SET amount = amount - 1"},
		{"an expiry off its terms", "UPDATE resources SET expire_at = ? WHERE id = ?", ""},
		{"a resource of a cancelled order", "UPDATE orders SET status = 4 WHERE id = ?", ""},
	} {
		var err error
		switch c.name {
		case "an expiry off its terms":
			err = db.Exec(c.break_, testNow, r.ID).Error
		case "a resource of a cancelled order":
			err = db.Exec(c.break_, r.OrderID).Error
		default:
			err = db.Exec(c.break_).Error
		}
		if err != nil {
			t.Fatal(err)
		}
		report, err := Check(ctx, db)
		if err != nil || len(report) == 0 {
			t.Errorf("%s: not reported (%v)", c.name, err)
		}
		if c.fix != "" {
			db.Exec(c.fix)
		}
	}
}

// TestDemoResources: the demo world holds resources in every status, auto-renewing ones, a
// renewal, and an unsubscribed one with its refund, and they hold the checks.
func TestDemoResources(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	for _, st := range []int8{ResourceInUse, ResourceClosed, ResourceFrozen, ResourceExpired} {
		if n := count(t, db, "SELECT COUNT(*) FROM resources WHERE status = ? AND parent_id IS NULL", st); n == 0 {
			t.Errorf("no resource of status %d", st)
		}
	}
	for what, sql := range map[string]string{
		"auto-renewing":        "SELECT COUNT(*) FROM resources WHERE expire_policy = 3",
		"renewed":              "SELECT COUNT(*) FROM orders WHERE type = 2 AND status = 5",
		"unsubscribed":         "SELECT COUNT(*) FROM orders WHERE type = 4 AND status = 5",
		"refunded":             "SELECT COUNT(*) FROM refunds WHERE amount > 0 AND transfer_id IS NOT NULL",
		"renewed by the sweep": "SELECT COUNT(*) FROM resources WHERE expire_policy = 3 AND auto_renew_count > 0",
	} {
		if count(t, db, sql) == 0 {
			t.Errorf("the demo world has no %s resource or order", what)
		}
	}
	mustCheck(t, db)
}

func TestAutoRenewSettings(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust, sales := customerActor(demo), actor(t, db, "provider-sales")
	r := paidResources(t, db, demo, 0, gpssd(20, 1))[0]
	g, err := SetAutoRenew(ctx, db, sales, r.PublicID, PeriodYear, 3, testNow)
	if err != nil || g.ExpirePolicy != ExpireAutoRenew || g.AutoRenewPeriod != PeriodYear || g.AutoRenewTimes != 3 || g.AutoRenewAt != nil {
		t.Fatalf("set: %+v %v", g, err)
	}
	g, err = CancelAutoRenew(ctx, db, cust, r.PublicID, testNow)
	if err != nil || g.ExpirePolicy != ExpireGrace || g.AutoRenewPeriod != 0 || g.AutoRenewTimes != 0 {
		t.Fatalf("cancelled: %+v %v", g, err)
	}
	_, err = SetAutoRenew(ctx, db, cust, r.PublicID, 1, 0, testNow)
	wantErr(t, "a period in weeks", err, ErrPeriodType)
	_, err = SetAutoRenew(ctx, db, actor(t, db, "reseller"), r.PublicID, PeriodMonth, 0, testNow)
	wantErr(t, "another partner", err, ErrNotFound)
	_, err = CancelAutoRenew(ctx, db, actor(t, db, "provider-viewer"), r.PublicID, testNow)
	wantErr(t, "a viewer", err, ErrForbidden)
	if _, err := Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource}, testNow); err != nil {
		t.Fatal(err)
	}
	_, err = SetAutoRenew(ctx, db, cust, r.PublicID, PeriodMonth, 0, testNow)
	wantErr(t, "a closed resource", err, ErrResourceClosed)
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action IN ('resource.auto_renew', 'resource.auto_renew_cancel') AND object_id = ?", r.ID); n != 2 {
		t.Errorf("%d changes audited, want 2", n)
	}
}

// reclaimAll takes back all the customer's balance (its partner, provider, reclaims it).
func reclaimAll(t testing.TB, db *gorm.DB, customerID uint64) {
	t.Helper()
	bal, err := CustomerBalance(context.Background(), db, customerID)
	if err != nil {
		t.Fatal(err)
	}
	if bal.IsPositive() {
		if _, err := Reclaim(context.Background(), db, actor(t, db, "provider"), customerID, FundsInput{Amount: bal}, testNow); err != nil {
			t.Fatal(err)
		}
	}
}
