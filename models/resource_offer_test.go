package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The resource page offers renewing and unsubscribing by the rule the use cases refuse by
// (hasLife, in lifeResource): an attached, on-demand or closed resource is not offered, and an
// actor who may not act on resources is offered nothing.
func TestMayRenewOrUnsubscribe(t *testing.T) {
	t.Parallel()
	expiry, parent := testNow.Add(30*24*time.Hour), uint64(1)
	main := Resource{ChargeMode: ChargePeriod, ExpireAt: &expiry, Status: ResourceInUse}
	with := func(change func(*Resource)) Resource { r := main; change(&r); return r }
	cust, finance := customerActor(7), Actor{Kind: PartnerUser, PartnerID: 1, UserID: 2, Roles: Roles(RoleFinance)}
	sales := Actor{Kind: PartnerUser, PartnerID: 1, UserID: 3, Roles: Roles(RoleSales)}
	for _, c := range []struct {
		name string
		a    Actor
		r    Resource
		want error
	}{
		{"a main resource in use", cust, main, nil},
		{"an expired one, by a sales member", sales, with(func(r *Resource) { r.Status = ResourceExpired }), nil},
		{"a frozen one", cust, with(func(r *Resource) { r.Status = ResourceFrozen }), nil},
		{"an attached one", cust, with(func(r *Resource) { r.ParentID = &parent }), ErrNotMainResource},
		{"an on-demand one", cust, with(func(r *Resource) { r.ChargeMode = ChargeOnDemand; r.ExpireAt = nil }), ErrResourceOnDemand},
		{"one without expiry", cust, with(func(r *Resource) { r.ExpireAt = nil }), ErrResourceOnDemand},
		{"a closed one", cust, with(func(r *Resource) { r.Status = ResourceClosed }), ErrResourceClosed},
		{"a finance member", finance, main, ErrForbidden},
	} {
		err := hasLife(&c.r)
		if c.a.Kind == PartnerUser && mayActOnResources(c.a) != nil {
			err = ErrForbidden
		}
		if err != c.want || c.a.MayRenewOrUnsubscribe(&c.r) != (c.want == nil) {
			t.Errorf("%s: refused %v, offered %v; want %v", c.name, err, c.a.MayRenewOrUnsubscribe(&c.r), c.want)
		}
	}
}

// An auto-renewal starts from the resource's own setting, else a month until cancelled; a
// setting without a period (never written so, but read so) is a month.
func TestAutoRenewSetting(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		r             Resource
		period, times int
	}{
		{Resource{ExpirePolicy: ExpireGrace}, PeriodMonth, 0},
		{Resource{ExpirePolicy: ExpireGrace, AutoRenewPeriod: int8(PeriodYear), AutoRenewTimes: 4}, PeriodMonth, 0},
		{Resource{ExpirePolicy: ExpireAutoRenew, AutoRenewPeriod: int8(PeriodYear), AutoRenewTimes: 5}, PeriodYear, 5},
		{Resource{ExpirePolicy: ExpireAutoRenew, AutoRenewTimes: 2}, PeriodMonth, 2},
	} {
		if p, n := c.r.AutoRenewSetting(); p != c.period || n != c.times {
			t.Errorf("%+v: %d, %d; want %d, %d", c.r, p, n, c.period, c.times)
		}
	}
}

// PreviewRenewal says what RenewResources would take: the auto-paid renewal's cash is the
// preview's, a short balance is the preview's Missing, the coupons are the customer's usable ones
// in scope, and it refuses what the renewal refuses.
func TestPreviewRenewal(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust, admin := customerActor(demo), actor(t, db, "provider")
	r := paidResources(t, db, demo, 0, gpssd(30, 1))[0]
	pv, err := PreviewRenewal(ctx, db, cust, r.PublicID, PeriodMonth, 2, testNow)
	if err != nil || pv.Quote == nil || !pv.Cash.IsPositive() || pv.Resource.ID != r.ID {
		t.Fatalf("preview %+v %v", pv, err)
	}
	for _, c := range pv.Coupons {
		if c.CustomerID != demo || c.StatusAt(testNow) != CouponUsable || c.Balance <= 0 {
			t.Errorf("a coupon it may not be paid with: %+v", c)
		}
	}
	if len(pv.Coupons) == 0 {
		t.Error("the demo customer's usable coupons are not offered")
	}
	// no balance: all the cash is missing, and the auto-paid renewal is refused with as much
	reclaimAll(t, db, demo)
	if pv, err = PreviewRenewal(ctx, db, cust, r.PublicID, PeriodMonth, 2, testNow); err != nil || !pv.Missing.Equal(pv.Cash.Decimal) {
		t.Fatalf("preview without balance %+v %v", pv, err)
	}
	var short *ShortError
	_, err = RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{r.PublicID}, PeriodType: PeriodMonth, PeriodNum: 2, AutoPay: true}, testNow)
	if !errors.As(err, &short) || !short.Missing.Equal(pv.Missing.Decimal) {
		t.Fatalf("auto-paying without balance: %v (preview missing %s)", err, pv.Missing.StringFixed(2))
	}
	if _, err := Allocate(ctx, db, admin, demo, FundsInput{Amount: pv.Cash}, testNow); err != nil {
		t.Fatal(err)
	}
	if pv, err = PreviewRenewal(ctx, db, cust, r.PublicID, PeriodMonth, 2, testNow); err != nil || !pv.Missing.IsZero() {
		t.Fatalf("after allocating %+v %v", pv, err)
	}
	res, err := RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{r.PublicID}, PeriodType: PeriodMonth, PeriodNum: 2, AutoPay: true}, testNow)
	if err != nil || !Fen(res.Orders[0].Cash).Equal(pv.Cash.Decimal) {
		t.Fatalf("auto-paid %+v (preview %+v): %v", res, pv, err)
	}
	_, err = PreviewRenewal(ctx, db, cust, r.PublicID, PeriodMonth, 2, testNow)
	wantErr(t, "a preview while the renewal is in progress", err, ErrResourceBusy)
	_, err = PreviewRenewal(ctx, db, actor(t, db, "reseller"), r.PublicID, PeriodMonth, 2, testNow)
	wantErr(t, "another partner's resource", err, ErrNotFound)
}
