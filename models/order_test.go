package models

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// The demo world's provider sales member is authorized by the demo customer (seed_orders.go).

func demoCustomerID(t testing.TB, db *gorm.DB) uint64 {
	t.Helper()
	return uint64(count(t, db, "SELECT id FROM customers WHERE account_name = 'demo-customer'"))
}

// unauthorizedCustomer is a consignment customer of the provider's without any authorization.
func unauthorizedCustomer(t testing.TB, db *gorm.DB, mode Mode, frozen int) uint64 {
	t.Helper()
	id := uint64(count(t, db, `SELECT COALESCE(MIN(id), 0) FROM customers WHERE partner_id = ? AND mode = ? AND frozen = ?
		AND id NOT IN (SELECT customer_id FROM order_authorizations)`, partnerByAccount(t, db, "provider").ID, mode, frozen))
	if id == 0 {
		t.Fatalf("no customer of mode %d, frozen %d", mode, frozen)
	}
	return id
}

func customerActor(id uint64) Actor {
	return Actor{Kind: CustomerUser, CustomerID: id, UserID: 1, RequestID: "test"}
}

func gpssd(size int64, months int) InquiryProduct {
	return demoProduct("hws.resource.type.volume", "GPSSD", size, PeriodMonth, months, 1)
}

func ecsMonth() InquiryProduct {
	return demoProduct("hws.resource.type.vm", "s6.large.2.linux", 0, PeriodMonth, 1, 1)
}

func mustOrder(t testing.TB, db *gorm.DB, customerID uint64, ps ...InquiryProduct) *Order {
	t.Helper()
	o, err := CreateOrder(context.Background(), db, actor(t, db, "provider-sales"),
		OrderInput{CustomerID: customerID, Mode: ChargePeriod, Products: ps}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func orderStatus(t testing.TB, db *gorm.DB, id uint64) int8 {
	t.Helper()
	return int8(count(t, db, "SELECT status FROM orders WHERE id = ?", id))
}

func TestAuthorizationRules(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	sales := actor(t, db, "provider-sales")
	id := unauthorizedCustomer(t, db, Consignment, 0)
	past := testNow.Add(-time.Hour)
	_, err := RequestAuthorization(ctx, db, actor(t, db, "provider-finance"), id, nil, testNow)
	wantErr(t, "a finance member asking", err, ErrForbidden)
	_, err = RequestAuthorization(ctx, db, actor(t, db, "reseller"), id, nil, testNow)
	wantErr(t, "another partner asking", err, ErrNotFound)
	_, err = RequestAuthorization(ctx, db, sales, unauthorizedCustomer(t, db, Advisory, 0), nil, testNow)
	wantErr(t, "an advisory customer", err, ErrAdvisoryCustomer)
	_, err = RequestAuthorization(ctx, db, sales, id, &past, testNow)
	wantErr(t, "an end in the past", err, ErrAuthorizationEnd)

	end := testNow.Add(48 * time.Hour)
	z, err := RequestAuthorization(ctx, db, sales, id, &end, testNow)
	wantErr(t, "a request", err, nil)
	_, err = RequestAuthorization(ctx, db, sales, id, nil, testNow)
	wantErr(t, "a second request", err, ErrAuthorizationExists)
	_, err = LiveAuthorization(ctx, db, sales, id, testNow)
	wantErr(t, "pending is not live", err, ErrNoAuthorization)
	_, err = DecideAuthorization(ctx, db, customerActor(id+1), z.ID, true, testNow)
	wantErr(t, "another customer granting", err, ErrNotFound)
	_, err = DecideAuthorization(ctx, db, sales, z.ID, true, testNow)
	wantErr(t, "the partner granting", err, ErrForbidden)
	_, err = DecideAuthorization(ctx, db, customerActor(id), z.ID, true, testNow)
	wantErr(t, "the customer granting", err, nil)
	_, err = DecideAuthorization(ctx, db, customerActor(id), z.ID, false, testNow)
	wantErr(t, "deciding twice", err, ErrAuthorizationState)
	_, err = LiveAuthorization(ctx, db, sales, id, testNow)
	wantErr(t, "granted is live", err, nil)
	_, err = LiveAuthorization(ctx, db, sales, id, end)
	wantErr(t, "live until its end only", err, ErrNoAuthorization)
	_, err = RevokeAuthorization(ctx, db, customerActor(id), z.ID, testNow)
	wantErr(t, "revoking", err, nil)
	_, err = LiveAuthorization(ctx, db, sales, id, testNow)
	wantErr(t, "revoked is not live", err, ErrNoAuthorization)
	_, err = RevokeAuthorization(ctx, db, customerActor(id), z.ID, testNow)
	wantErr(t, "revoking twice", err, ErrAuthorizationState)
	// a declined request can be asked again
	z, _ = RequestAuthorization(ctx, db, sales, id, nil, testNow)
	_, err = DecideAuthorization(ctx, db, customerActor(id), z.ID, false, testNow)
	wantErr(t, "declining", err, nil)
	_, err = LiveAuthorization(ctx, db, sales, id, testNow)
	wantErr(t, "declined is not live", err, ErrNoAuthorization)
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action LIKE 'order_authorization.%' AND object_id = ?", id); n != 5 {
		t.Errorf("%d audit records of the authorizations, want 5", n)
	}
}

func TestCreateOrderRefusals(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	sales := actor(t, db, "provider-sales")
	// a copy of the demo customer's authorization for a customer that owes usage (the arrears' row
	// alone: what refuses is their amount)
	inArrears := unauthorizedCustomer(t, db, Consignment, 0)
	db.Exec(`INSERT INTO order_authorizations (partner_id, customer_id, association_id, status, requested_by, requested_at, decided_at, end_at)
		SELECT partner_id, ?, (SELECT association_id FROM customers WHERE id = ?), status, requested_by, requested_at, decided_at, end_at
		FROM order_authorizations WHERE customer_id = ? AND status = 2 LIMIT 1`, inArrears, inArrears, demoCustomerID(t, db))
	since := testNow.Add(-time.Hour)
	db.Create(&Arrears{CustomerID: inArrears, Amount: 132, Since: &since, DueAt: &since, UpdatedAt: testNow})
	od := ecsMonth()
	od.PeriodType, od.PeriodNum, od.UsageFactor, od.UsageValue, od.UsageMeasureID = 0, 0, "Duration", Fen(100).Decimal, 4
	if _, err := CreateOrder(ctx, db, sales, OrderInput{CustomerID: inArrears, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, testNow); err != nil {
		t.Fatalf("a yearly/monthly order for the customer in arrears (or its authorization's copy): %v", err)
	}
	// frozen, advisory and master-distributor customers are refused before their authorization is asked
	frozen := unauthorizedCustomer(t, db, Consignment, 1)
	advisory := unauthorizedCustomer(t, db, Advisory, 0)
	mdAccount := unauthorizedCustomer(t, db, Consignment, 0)
	db.Model(&Partner{}).Where("account_name = ?", "distributor").Update("customer_id", mdAccount)
	noAuth := uint64(count(t, db, `SELECT MAX(id) FROM customers WHERE partner_id = ? AND mode = 2 AND frozen = 0
		AND id NOT IN (SELECT customer_id FROM order_authorizations)`, partnerByAccount(t, db, "provider").ID))
	resellers := uint64(count(t, db, "SELECT MIN(id) FROM customers WHERE partner_id = ? AND mode = 2", partnerByAccount(t, db, "reseller").ID))
	demo := demoCustomerID(t, db)
	mkp := InquiryProduct{ServiceType: "hws.service.type.marketplace", ResourceType: "hws.resource.type.marketplace.saas",
		Spec: "mkp.waf.standard", Region: "cn-north-4", PeriodType: PeriodMonth, PeriodNum: 1, Quantity: 1}
	for _, c := range []struct {
		name string
		a    Actor
		in   OrderInput
		want error
	}{
		{"a finance member", actor(t, db, "provider-finance"), OrderInput{CustomerID: demo, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, ErrForbidden},
		{"another partner's customer", sales, OrderInput{CustomerID: resellers, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, ErrNotFound},
		{"an advisory customer", sales, OrderInput{CustomerID: advisory, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, ErrAdvisoryCustomer},
		{"a frozen customer", sales, OrderInput{CustomerID: frozen, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, ErrCustomerFrozen},
		{"a master distributor's account", sales, OrderInput{CustomerID: mdAccount, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, ErrNoCustomerIdentity},
		{"no authorization", sales, OrderInput{CustomerID: noAuth, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 5)}}, ErrNoAuthorization},
		{"a marketplace product", sales, OrderInput{CustomerID: demo, Mode: ChargePeriod, Products: []InquiryProduct{mkp}}, ErrMarketplaceProduct},
		{"no products", sales, OrderInput{CustomerID: demo, Mode: ChargePeriod}, ErrNoLines},
		{"a period out of range", sales, OrderInput{CustomerID: demo, Mode: ChargePeriod, Products: []InquiryProduct{gpssd(30, 12)}}, ErrPeriodNum},
		{"a bad charge mode", sales, OrderInput{CustomerID: demo, Mode: 2, Products: []InquiryProduct{gpssd(30, 5)}}, ErrInvalidInput},
		{"on demand for a customer in arrears", sales, OrderInput{CustomerID: inArrears, Mode: ChargeOnDemand, Products: []InquiryProduct{od}}, ErrOnDemandInArrears},
	} {
		before := count(t, db, "SELECT COUNT(*) FROM orders")
		_, err := CreateOrder(ctx, db, c.a, c.in, testNow)
		wantErr(t, c.name, err, c.want)
		if count(t, db, "SELECT COUNT(*) FROM orders") != before {
			t.Errorf("%s: an order was made", c.name)
		}
	}
}

func TestCreateOrderPricesAndStatus(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, gpssd(30, 5))
	q, err := Inquire(ctx, db, actor(t, db, "provider"), Inquiry{At: testNow, CustomerID: demo, Mode: ChargePeriod, Products: []InquiryProduct{{ID: "1",
		ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Spec: "GPSSD", Region: "cn-north-4", Size: 30, PeriodType: PeriodMonth, PeriodNum: 5, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if !o.OfficialMoney().Equal(q.Official) || o.Status != OrderPendingPayment || !o.PendingPaymentEndTime.Equal(testNow.Add(PaymentWindow)) {
		t.Errorf("order %+v, inquiry %s", o, q.Official)
	}
	_, lines, err := GetOrder(ctx, db, actor(t, db, "provider"), o.ID)
	if err != nil || len(lines) != 1 || !lines[0].UnitPrice.Equal(q.Lines[0].UnitPrice.Decimal) || lines[0].PriceVersion != q.Lines[0].VersionID {
		t.Errorf("lines %+v, %v", lines, err)
	}
	if _, _, err := GetOrder(ctx, db, actor(t, db, "reseller"), o.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner reading the order: %v", err)
	}
	if ParseOrderID(o.OrderID()) != o.ID {
		t.Errorf("order number %s does not parse back", o.OrderID())
	}
	// the review threshold (the seed's 20,000 yuan) and a flagged service type
	big := demoProduct("hws.resource.type.vm", "s6.xlarge.2.linux", 0, PeriodYear, 3, 3)
	if r := mustOrder(t, db, demo, big); r.Status != OrderPendingReview || r.PendingPaymentEndTime != nil {
		t.Errorf("above the threshold: status %d", r.Status)
	}
	op := actor(t, db, "operator")
	wantErr(t, "a partner setting the threshold", SetOrderSettings(ctx, db, actor(t, db, "provider"), Fen(1), nil, testNow), ErrForbidden)
	wantErr(t, "an unknown service type", SetOrderSettings(ctx, db, op, Fen(0), []string{"nope"}, testNow), ErrInvalidServiceType)
	wantErr(t, "flagging EVS", SetOrderSettings(ctx, db, op, Fen(0), []string{"hws.service.type.ebs"}, testNow), nil)
	r := mustOrder(t, db, demo, gpssd(10, 1))
	if r.Status != OrderPendingReview {
		t.Errorf("a flagged service: status %d", r.Status)
	}
	_, err = ReviewOrder(ctx, db, actor(t, db, "provider"), r.ID, true, testNow)
	wantErr(t, "a partner approving", err, ErrForbidden)
	later := testNow.Add(time.Hour)
	a, err := ReviewOrder(ctx, db, op, r.ID, true, later)
	if err != nil || a.Status != OrderPendingPayment || !a.PendingPaymentEndTime.Equal(later.Add(PaymentWindow)) {
		t.Errorf("approved: %+v %v", a, err)
	}
	_, err = ReviewOrder(ctx, db, op, r.ID, false, later)
	wantErr(t, "rejecting an approved order", err, ErrOrderState)
	rj := mustOrder(t, db, demo, gpssd(10, 2))
	if rj, err = ReviewOrder(ctx, db, op, rj.ID, false, later); err != nil || rj.Status != OrderCancelled {
		t.Errorf("rejected: %+v %v", rj, err)
	}
	// on demand: complete at once, with its resources
	od := ecsMonth()
	od.PeriodType, od.PeriodNum, od.UsageFactor, od.UsageValue, od.UsageMeasureID = 0, 0, "Duration", Fen(100).Decimal, 4
	d, err := CreateOrder(ctx, db, actor(t, db, "provider-sales"), OrderInput{CustomerID: demo, Mode: ChargeOnDemand, Products: []InquiryProduct{od}}, testNow)
	if err != nil || d.Status != OrderCompleted {
		t.Fatalf("on demand: %+v %v", d, err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM resources WHERE order_id = ? AND expire_at IS NULL", d.ID); n != 2 {
		t.Errorf("on demand: %d resources without expiry, want the ECS and its system disk", n)
	}
	mustCheck(t, db)
}

func TestPayOrder(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, ecsMonth(), gpssd(30, 5)) // 142.50 + 75.00
	if o.Official != 21750 {
		t.Fatalf("official %d fen", o.Official)
	}
	var coupon Coupon
	db.Where("customer_id = ? AND status = ? AND face_value = 20000", demo, CouponUsable).First(&coupon)
	cash, revenue := customerCash(t, db, demo), count(t, db, "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'revenue'")
	in := PayInput{OrderID: o.ID, Version: o.Version, Official: o.OfficialMoney(), CouponIDs: []uint64{coupon.ID}, IdempotencyKey: "pay-1"}
	paid, err := PayOrder(ctx, db, customerActor(demo), in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if paid.Status != OrderProcessing || paid.Coupons != 20000 || paid.Cash != 1750 || paid.PaymentTransferID == nil {
		t.Errorf("paid: %+v", paid)
	}
	if customerCash(t, db, demo) != cash-1750 || count(t, db, "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'revenue'") != revenue+1750 {
		t.Error("the cash did not move from the customer to revenue")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM transfers WHERE id = ? AND kind = 'order_payment' AND amount = 1750", *paid.PaymentTransferID); n != 1 {
		t.Error("no order_payment transfer")
	}
	if n := count(t, db, "SELECT status FROM coupons WHERE id = ?", coupon.ID); n != int64(CouponUsed) {
		t.Errorf("coupon status %d after paying", n)
	}
	again, err := PayOrder(ctx, db, customerActor(demo), in, testNow)
	if err != nil || again.ID != o.ID || count(t, db, "SELECT COUNT(*) FROM transfers WHERE kind = 'order_payment' AND customer_id = ? AND id NOT IN (SELECT payment_transfer_id FROM orders WHERE paid_at < '2026-11-23' AND payment_transfer_id IS NOT NULL)", demo) != 1 {
		t.Errorf("a retry: %+v %v", again, err)
	}
	in.CouponIDs = nil
	_, err = PayOrder(ctx, db, customerActor(demo), in, testNow)
	wantErr(t, "the key for another payment", err, ErrIdempotencyConflict)
	_, err = CancelOrder(ctx, db, customerActor(demo), o.ID, testNow)
	wantErr(t, "cancelling a paid order", err, ErrOrderState)
	if n, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil || n != 1 {
		t.Fatalf("processed %d: %v", n, err)
	}
	if orderStatus(t, db, o.ID) != OrderCompleted {
		t.Error("not completed")
	}
	rs, err := OrderResources(ctx, db, customerActor(demo), o.ID)
	if err != nil || len(rs) != 3 || rs[1].ParentID == nil || *rs[1].ParentID != rs[0].ID || rs[2].ExpireAt == nil ||
		!rs[2].ExpireAt.Equal(testNow.AddDate(0, 5, 0)) {
		t.Errorf("resources %+v %v", rs, err)
	}
	mustCheck(t, db)
}

func TestPayOrderRefusals(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	o := mustOrder(t, db, demo, gpssd(30, 5))
	var live []Coupon
	db.Where("customer_id = ? AND status = ?", demo, CouponUsable).Order("id").Find(&live)
	other := uint64(count(t, db, "SELECT MIN(id) FROM coupons WHERE customer_id <> ? AND status = ?", demo, CouponUsable))
	if len(live) != 2 {
		t.Fatalf("the demo customer has %d usable coupons", len(live))
	}
	scoped, expired := live[0], live[1]
	db.Model(&Coupon{}).Where("id = ?", scoped.ID).Update("service_types", "hws.service.type.ec2")
	db.Model(&Coupon{}).Where("id = ?", expired.ID).Update("expire_at", testNow.Add(-time.Minute))
	pay := func(mod func(*PayInput)) PayInput {
		in := PayInput{OrderID: o.ID, Version: o.Version, Official: o.OfficialMoney()}
		mod(&in)
		return in
	}
	cancelled := mustOrder(t, db, demo, gpssd(10, 1))
	if _, err := CancelOrder(ctx, db, cust, cancelled.ID, testNow); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		a    Actor
		in   PayInput
		at   time.Time
		want error
	}{
		{"four coupons", cust, pay(func(in *PayInput) { in.CouponIDs = []uint64{1, 2, 3, 4} }), testNow, ErrTooManyCoupons},
		{"two discounts", cust, pay(func(in *PayInput) { in.DiscountIDs = []uint64{1, 2} }), testNow, ErrTooManyDiscounts},
		{"a coupon twice", cust, pay(func(in *PayInput) { in.CouponIDs = []uint64{live[0].ID, live[0].ID} }), testNow, ErrCouponUnusable},
		{"another customer's coupon", cust, pay(func(in *PayInput) { in.CouponIDs = []uint64{other} }), testNow, ErrCouponUnusable},
		{"an expired coupon", cust, pay(func(in *PayInput) { in.CouponIDs = []uint64{expired.ID} }), testNow, ErrCouponUnusable},
		{"a coupon out of scope", cust, pay(func(in *PayInput) { in.CouponIDs = []uint64{scoped.ID} }), testNow, ErrCouponOutOfScope},
		{"a discount the customer lacks", cust, pay(func(in *PayInput) { in.DiscountIDs = []uint64{999999} }), testNow, ErrDiscountUnusable},
		{"a changed price", cust, pay(func(in *PayInput) { in.Official = Fen(1) }), testNow, ErrOrderChanged},
		{"a changed state", cust, pay(func(in *PayInput) { in.Version = 7 }), testNow, ErrOrderChanged},
		{"after the deadline", cust, pay(func(*PayInput) {}), testNow.Add(PaymentWindow), ErrPaymentDeadline},
		{"a cancelled order", cust, PayInput{OrderID: cancelled.ID, Official: cancelled.OfficialMoney()}, testNow, ErrOrderState},
		{"another customer", customerActor(demo + 1), pay(func(*PayInput) {}), testNow, ErrNotFound},
		{"another partner", actor(t, db, "reseller"), pay(func(*PayInput) {}), testNow, ErrNotFound},
		{"a finance member", actor(t, db, "provider-finance"), pay(func(*PayInput) {}), testNow, ErrForbidden},
		{"the operator", actor(t, db, "operator"), pay(func(*PayInput) {}), testNow, ErrForbidden},
	} {
		before, used := count(t, db, "SELECT COUNT(*) FROM transfers"), count(t, db, "SELECT COUNT(*) FROM order_coupons")
		_, err := PayOrder(ctx, db, c.a, c.in, c.at)
		wantErr(t, c.name, err, c.want)
		if orderStatus(t, db, o.ID) != OrderPendingPayment || count(t, db, "SELECT COUNT(*) FROM transfers") != before ||
			count(t, db, "SELECT COUNT(*) FROM order_coupons") != used {
			t.Fatalf("%s: something changed", c.name)
		}
	}
	// not enough balance: refused with what is missing, the coupon unspent
	db.Model(&Coupon{}).Where("id = ?", expired.ID).Update("expire_at", expired.ExpireAt)
	spend := expired // 50 yuan of the 75
	bal := customerCash(t, db, demo)
	if _, err := Reclaim(ctx, db, actor(t, db, "provider"), demo, FundsInput{Amount: Fen(bal - 1000)}, testNow); err != nil {
		t.Fatal(err)
	}
	_, err := PayOrder(ctx, db, cust, pay(func(in *PayInput) { in.CouponIDs = []uint64{spend.ID} }), testNow)
	var short *ShortError
	if !errors.As(err, &short) || !errors.Is(err, ErrInsufficientBalance) || !short.Missing.Equal(Fen(o.Official-spend.Balance-1000).Decimal) {
		t.Fatalf("short of balance: %v (coupon %d)", err, spend.Balance)
	}
	if count(t, db, "SELECT balance FROM coupons WHERE id = ?", spend.ID) != spend.Balance || orderStatus(t, db, o.ID) != OrderPendingPayment {
		t.Error("a refused payment changed something")
	}
	// the partner pays on the customer's behalf while authorized, not once revoked
	z := uint64(count(t, db, "SELECT id FROM order_authorizations WHERE customer_id = ? AND status = ?", demo, AuthGranted))
	if _, err := RevokeAuthorization(ctx, db, cust, z, testNow); err != nil {
		t.Fatal(err)
	}
	_, err = PayOrder(ctx, db, actor(t, db, "provider-sales"), pay(func(*PayInput) {}), testNow)
	wantErr(t, "the partner without authorization", err, ErrNoAuthorization)
	mustCheck(t, db)
}

// TestPayOrderRaces: paying twice at once pays once; a payment racing a cancel, one wins and the
// other is told; one coupon on two orders at once pays one of them. The ledger holds after.
func TestPayOrderRaces(t *testing.T) {
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
	ok := func(errs []error) (n int) {
		for _, err := range errs {
			if err == nil {
				n++
			} else if !errors.Is(err, ErrOrderChanged) && !errors.Is(err, ErrOrderState) && !errors.Is(err, ErrCouponUnusable) {
				t.Errorf("unexpected refusal: %v", err)
			}
		}
		return n
	}
	o := mustOrder(t, db, demo, gpssd(30, 5))
	payO := func() error {
		_, err := PayOrder(ctx, db, cust, PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, testNow)
		return err
	}
	if n := ok(run(payO, payO, payO, payO)); n != 1 {
		t.Errorf("four payments at once: %d paid", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM transfers WHERE kind = 'order_payment' AND customer_id = ? AND id NOT IN (SELECT payment_transfer_id FROM orders WHERE paid_at < '2026-11-23' AND payment_transfer_id IS NOT NULL)", demo); n != 1 {
		t.Errorf("%d payment transfers", n)
	}
	for range 3 {
		r := mustOrder(t, db, demo, gpssd(10, 1))
		pay := func() error {
			_, err := PayOrder(ctx, db, cust, PayInput{OrderID: r.ID, Official: r.OfficialMoney()}, testNow)
			return err
		}
		cancel := func() error { _, err := CancelOrder(ctx, db, cust, r.ID, testNow); return err }
		errs := run(pay, cancel)
		if ok(errs) != 1 {
			t.Fatalf("pay racing cancel: %v", errs)
		}
		paid := count(t, db, "SELECT COUNT(*) FROM transfers WHERE memo = ?", "order "+r.OrderID())
		if st := orderStatus(t, db, r.ID); (errs[0] == nil) != (st == OrderProcessing) || (paid == 1) != (st == OrderProcessing) {
			t.Errorf("pay racing cancel: status %d, %d transfers, %v", st, paid, errs)
		}
	}
	var coupon Coupon
	db.Where("customer_id = ? AND status = ?", demo, CouponUsable).Order("id").First(&coupon)
	a, b := mustOrder(t, db, demo, gpssd(30, 5)), mustOrder(t, db, demo, gpssd(20, 5))
	payWith := func(o *Order) func() error {
		return func() error {
			_, err := PayOrder(ctx, db, cust, PayInput{OrderID: o.ID, Official: o.OfficialMoney(), CouponIDs: []uint64{coupon.ID}}, testNow)
			return err
		}
	}
	if n := ok(run(payWith(a), payWith(b))); n != 1 {
		t.Errorf("one coupon on two orders: %d paid", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM order_coupons WHERE coupon_id = ?", coupon.ID); n != 1 {
		t.Errorf("the coupon paid %d orders", n)
	}
	mustCheck(t, db)
}

func TestOrderSweepAndUnbind(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	o := mustOrder(t, db, demo, gpssd(30, 5))
	err := Unbind(ctx, db, actor(t, db, "provider"), demo, testNow)
	var pending *PendingOrdersError
	if !errors.As(err, &pending) || !errors.Is(err, ErrPendingOrders) || len(pending.Orders) != 1 || pending.Orders[0] != o.OrderID() {
		t.Fatalf("unbinding with a pending order: %v", err)
	}
	if _, err := SweepOrders(ctx, db, testNow.Add(PaymentWindow-time.Second), 100); err != nil || orderStatus(t, db, o.ID) != OrderPendingPayment {
		t.Fatalf("swept before the deadline: %v", err)
	}
	if n, err := SweepOrders(ctx, db, testNow.Add(PaymentWindow), 100); err != nil || n < 1 {
		t.Fatalf("swept %d at the deadline: %v", n, err)
	}
	if orderStatus(t, db, o.ID) != OrderCancelled {
		t.Error("the sweep did not cancel the order")
	}
	wantErr(t, "unbinding after the sweep", Unbind(ctx, db, actor(t, db, "provider"), demo, testNow), nil)
	mustCheck(t, db)
}

func TestCheckOrders(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	mustCheck(t, db) // the seeded orders hold
	var oc OrderCoupon
	db.First(&oc)
	db.Exec("UPDATE orders SET cash = cash + 1 WHERE id = ?", oc.OrderID)
	report, err := Check(context.Background(), db)
	if err != nil || len(report) != 1 {
		t.Errorf("a paid order's cash off its transfer: %v %v", report, err)
	}
}

func TestPayOrderWithDiscount(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	day := testNow.In(BusinessZone)
	d, err := SetDiscount(ctx, db, actor(t, db, "provider-sales"), SetDiscountInput{CustomerID: demo, Type: Discount607, Off: "10",
		ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	o := mustOrder(t, db, demo, gpssd(30, 5)) // 75.00
	cash := customerCash(t, db, demo)
	paid, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney(), DiscountIDs: []uint64{d.ID}}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if paid.Discount != 750 || paid.Cash != 6750 || paid.DiscountID == nil || *paid.DiscountID != d.ID || customerCash(t, db, demo) != cash-6750 {
		t.Errorf("paid with 10%% off: %+v", paid)
	}
	mustCheck(t, db)
}

func TestParseOrderID(t *testing.T) {
	t.Parallel()
	o := Order{ID: 42, CreatedAt: testNow}
	for _, c := range []struct {
		in   string
		want uint64
	}{
		{o.OrderID(), 42}, {"CS26112300000042", 42}, {"", 0}, {"CS2611230000004", 0}, {"XS26112300000042", 0},
		{"CS261123-0000042", 0}, {"CSab112300000042", 0}, {"CS26112300000000", 0}, {"CS26112300000042 ", 0}, {"42", 0},
	} {
		if got := ParseOrderID(c.in); got != c.want {
			t.Errorf("ParseOrderID(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func FuzzParseOrderID(f *testing.F) {
	f.Add("CS26112300000042")
	f.Add("CS26112399999999")
	f.Fuzz(func(t *testing.T, s string) {
		id := ParseOrderID(s)
		if id != 0 && len(s) != 16 {
			t.Errorf("%q parsed to %d", s, id)
		}
	})
}

// TestProcessPaidOrdersTwice: two servers' background steps at once complete each paid order once.
func TestProcessPaidOrdersTwice(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	var ids []uint64
	for range 4 {
		o := mustOrder(t, db, demo, ecsMonth())
		if _, err := PayOrder(ctx, db, customerActor(demo), PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, testNow); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = ProcessPaidOrders(ctx, db, testNow, 10) }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		if orderStatus(t, db, id) != OrderCompleted || count(t, db, "SELECT COUNT(*) FROM resources WHERE order_id = ?", id) != 2 {
			t.Errorf("order %d: status %d, %d resources", id, orderStatus(t, db, id),
				count(t, db, "SELECT COUNT(*) FROM resources WHERE order_id = ?", id))
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'order.complete' AND object_id IN ?", ids); n != 4 {
		t.Errorf("%d completions audited, want 4", n)
	}
	mustCheck(t, db)
}

// demoProduct is a yearly/monthly product in cn-north-4, as the demo orders (seed) order them.
func demoProduct(rtype, spec string, size int64, periodType, periodNum, quantity int) InquiryProduct {
	st := "hws.service.type.ebs"
	if rtype == "hws.resource.type.vm" {
		st = "hws.service.type.ec2"
	}
	return InquiryProduct{ServiceType: st, ResourceType: rtype, Spec: spec, Region: "cn-north-4", Size: size,
		PeriodType: periodType, PeriodNum: periodNum, Quantity: quantity}
}
