package models

import (
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
