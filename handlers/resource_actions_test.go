package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

// paidDisk orders the demo customer a 30 GB GPSSD disk for 5 months (75.00), pays it with a
// coupon of 50.00 and 25.00 from the balance, and creates it: the README's worked example.
func paidDiskPage(t *testing.T, app *testApp) models.Resource {
	t.Helper()
	ctx := t.Context()
	o := ebsOrder(t, app)
	cust := models.ActorOf(mustUser(t, app, "customer"), "t")
	coupon := uint64(dbValue[int64](t, app, `SELECT COALESCE(MIN(id), 0) FROM coupons WHERE customer_id = ? AND status = ? AND balance = 5000`,
		o.CustomerID, models.CouponUsable))
	if coupon == 0 {
		t.Fatal("the demo customer has no usable coupon of 50.00")
	}
	if _, err := models.PayOrder(ctx, app.DB, cust, models.PayInput{OrderID: o.ID, Official: o.OfficialMoney(), CouponIDs: []uint64{coupon}}, app.now()); err != nil {
		t.Fatal(err)
	}
	if _, err := models.ProcessPaidOrders(ctx, app.DB, app.now(), 100); err != nil {
		t.Fatal(err)
	}
	rs, err := models.OrderResources(ctx, app.DB, cust, o.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("resources %v %v", rs, err)
	}
	return rs[0]
}

func consolePage(r models.Resource) string { return "/orders/resources/" + views.ID(r.ID) }
func portalPage(r models.Resource) string  { return "/customer/resources/" + views.ID(r.ID) }

// orderOf is the order a redirect goes to.
func orderOf(t *testing.T, app *testApp, prefix string, r *response) models.Order {
	t.Helper()
	var id uint64
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, prefix) {
		t.Fatalf("%d to %q, want a redirect to %s…", r.Status, r.Location, prefix)
	}
	fmt.Sscan(strings.TrimPrefix(r.Location, prefix), &id)
	var o models.Order
	if err := app.DB.First(&o, id).Error; err != nil {
		t.Fatal(err)
	}
	return o
}

// Renewing in the console, left pending payment: the confirmation prices a month at 15.00 (0.50
// per GB and month), the order is a renewal pending payment; a second one is refused in words,
// and so are a period out of range and a malformed form; a viewer and another partner may not.
func TestResourceRenew(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := paidDiskPage(t, app)
	sales := app.client(t).login("provider-sales")
	page := consolePage(r)
	d := sales.get(page)
	if d.count(`[data-testid="renew-form"]`) != 1 || d.text(`[data-testid="auto-renew"]`) != views.T(views.ZH, "resact.auto_off") {
		t.Fatalf("the page offers no renewal, or says %q of auto-renewal", d.text(`[data-testid="auto-renew"]`))
	}
	conf := sales.post(page, page+"/renew/confirm", url.Values{"period_type": {"2"}, "period_num": {"1"}})
	if conf.Status != http.StatusOK || conf.text(`[data-testid="renew-official"]`) != "¥15.00" || conf.text(`[data-testid="renew-period"]`) != "1 个月" {
		t.Fatalf("confirm: %d, %q for %q", conf.Status, conf.text(`[data-testid="renew-official"]`), conf.text(`[data-testid="renew-period"]`))
	}
	if conf.count(`[data-testid="renew-cash"]`) != 0 || !strings.Contains(conf.text(`[data-testid="notice"]`), "待支付") ||
		conf.count(`[data-testid="renew-coupons"]`) != 1 {
		t.Errorf("a renewal not paid at once says %q", conf.text(`[data-testid="notice"]`))
	}
	action, form := confirmForm(t, conf)
	o := orderOf(t, app, "/orders/", sales.do(http.MethodPost, action, form))
	if o.Type != models.OrderRenew || o.Status != models.OrderPendingPayment || o.Official != 1500 || o.CustomerID != r.CustomerID {
		t.Errorf("the renewal order %+v", o)
	}
	// while it waits for payment, the page says so instead of offering what would be refused
	if w := sales.get(page); w.count(`[data-testid="renew-form"]`) != 0 || w.count(`[data-testid="unsubscribe-form"]`) != 0 ||
		w.count(`[data-testid="open-order"] a[href="/orders/`+views.ID(o.ID)+`"]`) != 1 || w.count(`[data-testid="auto-renew-form"]`) != 1 {
		t.Error("the page with a renewal pending offers a renewal, or does not link the order")
	}
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"period_type": {"2"}, "period_num": {"1"}}, "err.resource_busy"},
		{url.Values{"period_type": {"2"}, "period_num": {"12"}}, "err.period_num"},
		{url.Values{"period_type": {"3"}, "period_num": {"4"}}, "err.period_num"},
		{url.Values{"period_type": {"9"}, "period_num": {"1"}}, "err.period_type"},
		{url.Values{"period_type": {"2"}, "period_num": {"-1"}}, "err.period_num"},
	} {
		for _, path := range []string{page + "/renew/confirm", page + "/renew"} {
			res := sales.post(page, path, tc.form)
			// the confirmation refuses what the renewal refuses (RenewalQuote: no price for a busy
			// resource); the renewal's card is not offered while one waits for payment: the refusal is said above
			if want := views.T(views.ZH, tc.want); res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="action-error"]`) != want {
				t.Errorf("%s %v: %d %q, want 422 %q", path, tc.form, res.Status, res.text(`[data-testid="action-error"]`), want)
			}
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM orders WHERE type = ? AND customer_id = ?`, models.OrderRenew, r.CustomerID); n != 1 {
		t.Errorf("%d renewal orders, want the one", n)
	}
	if res := app.client(t).login("provider-viewer").post(page, page+"/renew/confirm", url.Values{"period_type": {"2"}, "period_num": {"1"}}); res.Status != http.StatusForbidden {
		t.Errorf("a viewer: %d", res.Status)
	}
	if v := app.client(t).login("provider-viewer").get(page); v.count(`[data-testid="resource-actions"]`) != 0 || v.text(`[data-testid="auto-renew"]`) == "" {
		t.Error("a viewer is offered the actions, or not told the auto-renewal")
	}
	other := app.client(t).login("reseller")
	for _, path := range []string{"/renew/confirm", "/renew", "/auto-renew", "/auto-renew/cancel", "/unsubscribe/confirm", "/unsubscribe"} {
		if res := other.post("/orders/resources", page+path, url.Values{"period_type": {"2"}, "period_num": {"1"}, "times": {"0"},
			"unsubscribe_type": {"1"}}); res.Status != http.StatusNotFound {
			t.Errorf("another partner %s: %d", path, res.Status)
		}
	}
}

// Renewing in the portal, paid at once from the balance: the confirmation says what the balance
// pays (the best offer), the order is paid with exactly that; a short balance is refused with
// what is missing, and nothing is made.
func TestResourceRenewAutoPay(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := paidDiskPage(t, app)
	cust := app.client(t).login("customer")
	page := portalPage(r)
	q, err := models.RenewalQuote(t.Context(), app.DB, models.ActorOf(mustUser(t, app, "customer"), "t"), r.PublicID, models.PeriodMonth, 2, app.now())
	if err != nil {
		t.Fatal(err)
	}
	want := views.MoneyOf(q.Official)
	if q.Best >= 0 {
		want = views.MoneyOf(q.Offers[q.Best].Amount)
	}
	before, _ := models.CustomerBalance(t.Context(), app.DB, r.CustomerID)
	conf := cust.post(page, page+"/renew/confirm", url.Values{"period_type": {"2"}, "period_num": {"2"}, "auto_pay": {"1"}})
	if conf.Status != http.StatusOK || conf.text(`[data-testid="renew-official"]`) != "¥30.00" || conf.text(`[data-testid="renew-cash"]`) != views.Money(want) ||
		conf.text(`[data-testid="renew-balance"]`) != views.Money(before) {
		t.Fatalf("confirm: %d, official %q, cash %q (want %s), balance %q", conf.Status, conf.text(`[data-testid="renew-official"]`),
			conf.text(`[data-testid="renew-cash"]`), views.Money(want), conf.text(`[data-testid="renew-balance"]`))
	}
	action, form := confirmForm(t, conf)
	o := orderOf(t, app, "/customer/orders/", cust.do(http.MethodPost, action, form))
	after, _ := models.CustomerBalance(t.Context(), app.DB, r.CustomerID)
	if o.Status != models.OrderProcessing || o.CashMoney().String() != want.String() || !before.Sub(after.Decimal).Equal(want.Decimal) {
		t.Errorf("the paid renewal %+v: the balance went %s → %s, want %s less", o, before, after, want)
	}
	if p := cust.get("/customer/orders/" + views.ID(o.ID)); p.text(`[data-testid="amount-cash"]`) != views.Money(want) {
		t.Errorf("the renewal's page says %q paid", p.text(`[data-testid="amount-cash"]`))
	}
	// once applied, again with the balance gone
	if _, err := models.ProcessPaidOrders(t.Context(), app.DB, app.now(), 10); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Reclaim(t.Context(), app.DB, models.ActorOf(mustUser(t, app, "provider"), "t"), r.CustomerID, models.FundsInput{Amount: after}, app.now()); err != nil {
		t.Fatal(err)
	}
	res := cust.do(http.MethodPost, action, form)
	short := views.T(views.ZH, "opages.short", views.Money(want))
	if res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="action-error"]`) != short ||
		res.text(`[data-testid="renew-card"] [data-testid="notice"]`) != short || res.Doc.Find(`[data-testid="renew-auto-pay"]`).AttrOr("checked", "no") == "no" {
		t.Errorf("a short balance: %d %q, want %q", res.Status, res.text(`[data-testid="action-error"]`), short)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM orders WHERE type = ? AND customer_id = ?`, models.OrderRenew, r.CustomerID); n != 1 {
		t.Errorf("%d renewal orders after the short one, want 1", n)
	}
}

// Auto-renewal: set (a year, twice), shown on the page; out of range refused in words; cancelled.
func TestResourceAutoRenew(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := paidDiskPage(t, app)
	sales := app.client(t).login("provider-sales")
	page := consolePage(r)
	if res := sales.post(page, page+"/auto-renew", url.Values{"period_type": {"3"}, "times": {"2"}}); res.Status != http.StatusSeeOther || res.Location != page {
		t.Fatalf("set: %d %s", res.Status, res.Location)
	}
	on := views.T(views.ZH, "resact.auto_times", "1 年", 2, 0)
	if got := sales.get(page); got.text(`[data-testid="auto-renew"]`) != on || got.count(`[data-testid="auto-renew-cancel"]`) != 1 {
		t.Errorf("after setting: %q, want %q", got.text(`[data-testid="auto-renew"]`), on)
	}
	var g models.Resource
	app.DB.First(&g, r.ID)
	if g.ExpirePolicy != models.ExpireAutoRenew || g.AutoRenewPeriod != models.PeriodYear || g.AutoRenewTimes != 2 {
		t.Errorf("stored %+v", g)
	}
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"period_type": {"2"}, "times": {"100"}}, "err.auto_renew_times"},
		{url.Values{"period_type": {"2"}, "times": {"x"}}, "err.auto_renew_times"},
		{url.Values{"period_type": {"1"}, "times": {"0"}}, "err.period_type"},
	} {
		res := sales.post(page, page+"/auto-renew", tc.form)
		if want := views.T(views.ZH, tc.want); res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="auto-renew-card"] [data-testid="notice"]`) != want {
			t.Errorf("%v: %d %q, want %q", tc.form, res.Status, res.text(`[data-testid="action-error"]`), want)
		}
	}
	cust := app.client(t).login("customer")
	if res := cust.post(portalPage(r), portalPage(r)+"/auto-renew/cancel", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.Status)
	}
	if got := cust.get(portalPage(r)).text(`[data-testid="auto-renew"]`); got != views.T(views.ZH, "resact.auto_off") {
		t.Errorf("after cancelling: %q", got)
	}
}

// Unsubscribing, the worked example: 40 days and 3 hours after it began, the confirmation says
// 18.21 is refunded of the 25.00 cash; the unsubscribe order's page shows the refund, in the
// console and the portal. Twice is refused; so are renewed periods where there are none; the
// closed resource offers nothing.
func TestResourceUnsubscribe(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := paidDiskPage(t, app)
	app.advance(40*24*time.Hour + 3*time.Hour)
	sales := app.client(t).login("provider-sales")
	page := consolePage(r)
	res := sales.post(page, page+"/unsubscribe/confirm", url.Values{"unsubscribe_type": {"2"}, "reason_type": {"0"}})
	if want := views.T(views.ZH, "err.no_renewed_periods"); res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="unsubscribe-card"] [data-testid="notice"]`) != want {
		t.Errorf("renewed periods only, without any: %d %q", res.Status, res.text(`[data-testid="action-error"]`))
	}
	for _, bad := range []url.Values{{"unsubscribe_type": {"3"}}, {"unsubscribe_type": {"1"}, "reason_type": {"6"}}} {
		if res := sales.post(page, page+"/unsubscribe/confirm", bad); res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="action-error"]`) == "" {
			t.Errorf("%v: %d", bad, res.Status)
		}
	}
	long := url.Values{"unsubscribe_type": {"1"}, "reason_type": {"5"}, "reason": {strings.Repeat("长", 513)}}
	if res := sales.post(page, page+"/unsubscribe", long); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.text(`[data-testid="action-error"]`), "512") {
		t.Errorf("a reason too long: %d %q", res.Status, res.text(`[data-testid="action-error"]`))
	}
	conf := sales.post(page, page+"/unsubscribe/confirm", url.Values{"unsubscribe_type": {"1"}, "reason_type": {"5"}, "reason": {"moving to another region"}})
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-refund"]`) != "¥18.21" || conf.count(`[data-testid="refund-term"]`) != 1 ||
		!strings.Contains(conf.text(`[data-testid="refund-term"]`), "¥25.00") {
		t.Fatalf("confirm: %d, refund %q, term %q", conf.Status, conf.text(`[data-testid="confirm-refund"]`), conf.text(`[data-testid="refund-term"]`))
	}
	action, form := confirmForm(t, conf)
	if form.Get("reason") != "moving to another region" || form.Get("unsubscribe_type") != "1" {
		t.Errorf("the confirmation carries %v", form)
	}
	o := orderOf(t, app, "/orders/", sales.do(http.MethodPost, action, form))
	if o.Type != models.OrderUnsubscribe || o.Status != models.OrderCompleted || o.Cash != 1821 {
		t.Errorf("the unsubscribe order %+v", o)
	}
	for _, path := range []string{"/orders/", "/customer/orders/"} {
		c := sales
		if path == "/customer/orders/" {
			c = app.client(t).login("customer")
		}
		p := c.get(path + views.ID(o.ID))
		if p.Status != http.StatusOK || p.text(`[data-testid="refund-amount"]`) != "¥18.21" || p.text(`[data-testid="refund-type"]`) != views.T(views.ZH, "resact.unsub_type.1") {
			t.Errorf("%s: %d, refund %q", path, p.Status, p.text(`[data-testid="refund-amount"]`))
		}
		if p.count(`[data-testid="order-amounts"]`) != 0 {
			t.Errorf("%s: the unsubscribe order shows amounts to pay", path)
		}
		// the line: the disk's unit price as bought, and the refund as its amount
		if unit, amount := p.text(`[data-testid="order-line"] td:nth-child(8)`), p.text(`[data-testid="order-line"] td:nth-child(9)`); unit != "¥0.50 / GB / 月" || amount != "¥18.21" {
			t.Errorf("%s: the unsubscribe line's unit price %q and amount %q", path, unit, amount)
		}
	}
	if res := sales.post(page, page+"/unsubscribe", form); res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="action-error"]`) != views.T(views.ZH, "err.resource_closed") {
		t.Errorf("twice: %d %q", res.Status, res.text(`[data-testid="action-error"]`))
	}
	closed := sales.get(page)
	if closed.count(`[data-testid="resource-actions"]`) != 0 {
		t.Error("a closed resource offers its actions")
	}
	for _, path := range []string{"/renew/confirm", "/auto-renew"} {
		res := sales.post(page, page+path, url.Values{"period_type": {"2"}, "period_num": {"1"}, "times": {"0"}})
		if res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="action-error"]`) != views.T(views.ZH, "err.resource_closed") {
			t.Errorf("%s of a closed resource: %d %q", path, res.Status, res.text(`[data-testid="action-error"]`))
		}
	}
}

// Without a live authorization the partner may not act on the customer's resources: said in
// words; the customer still may.
func TestResourceActionsWithoutAuthorization(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := paidDiskPage(t, app)
	z := uint64(dbValue[int64](t, app, `SELECT id FROM order_authorizations WHERE customer_id = ? AND status = ?`, r.CustomerID, models.AuthGranted))
	if _, err := models.RevokeAuthorization(t.Context(), app.DB, models.ActorOf(mustUser(t, app, "customer"), "t"), z, app.now()); err != nil {
		t.Fatal(err)
	}
	sales := app.client(t).login("provider-sales")
	page := consolePage(r)
	res := sales.post(page, page+"/auto-renew", url.Values{"period_type": {"2"}, "times": {"0"}})
	if res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="action-error"]`) == "" {
		t.Errorf("without an authorization: %d", res.Status)
	}
	if res := app.client(t).login("customer").post(portalPage(r), portalPage(r)+"/auto-renew", url.Values{"period_type": {"2"}, "times": {"0"}}); res.Status != http.StatusSeeOther {
		t.Errorf("the customer: %d", res.Status)
	}
}

func TestParseResourceActionForms(t *testing.T) {
	for _, tc := range []struct {
		form string
		want renewChoice
		bad  string
	}{
		{"period_type=2&period_num=1", renewChoice{2, 1, false}, ""},
		{"period_type=3&period_num=3&auto_pay=1", renewChoice{3, 3, true}, ""},
		{"period_type=2&period_num=12", renewChoice{2, 12, false}, ""}, // the models refuse the range
		{"period_type=1&period_num=1", renewChoice{}, "err.period_type"},
		{"period_num=1", renewChoice{}, "err.period_type"},
		{"period_type=2", renewChoice{}, "err.period_num"},
		{"period_type=2&period_num=+1", renewChoice{}, "err.period_num"},
		{"period_type=2&period_num=1000", renewChoice{}, "err.period_num"},
		{"period_type=2&period_num=1&auto_pay=yes", renewChoice{}, "err.invalid"},
	} {
		v, _ := url.ParseQuery(tc.form)
		if got, bad := parseRenew(v); got != tc.want || bad != tc.bad {
			t.Errorf("renew %q: %+v %q", tc.form, got, bad)
		}
	}
	for _, tc := range []struct {
		form string
		want autoRenewChoice
		bad  string
	}{
		{"period_type=2&times=0", autoRenewChoice{2, 0}, ""},
		{"period_type=3&times=99", autoRenewChoice{3, 99}, ""},
		{"period_type=3&times=", autoRenewChoice{}, "err.auto_renew_times"},
		{"period_type=3&times=1e2", autoRenewChoice{}, "err.auto_renew_times"},
		{"period_type=&times=1", autoRenewChoice{}, "err.period_type"},
	} {
		v, _ := url.ParseQuery(tc.form)
		if got, bad := parseAutoRenew(v); got != tc.want || bad != tc.bad {
			t.Errorf("auto-renew %q: %+v %q", tc.form, got, bad)
		}
	}
	for _, tc := range []struct {
		form string
		want unsubscribeChoice
		bad  string
	}{
		{"unsubscribe_type=1", unsubscribeChoice{1, 0, ""}, ""},
		{"unsubscribe_type=2&reason_type=5&reason=x", unsubscribeChoice{2, 5, "x"}, ""},
		{"unsubscribe_type=0", unsubscribeChoice{}, "err.unsubscribe_type"},
		{"unsubscribe_type=1&reason_type=6", unsubscribeChoice{}, "err.unsubscribe_reason_type"},
		{"unsubscribe_type=1&reason_type=-1", unsubscribeChoice{}, "err.unsubscribe_reason_type"},
	} {
		v, _ := url.ParseQuery(tc.form)
		if got, bad := parseUnsubscribe(v); got != tc.want || bad != tc.bad {
			t.Errorf("unsubscribe %q: %+v %q", tc.form, got, bad)
		}
	}
}

func FuzzResourceActionForms(f *testing.F) {
	for _, s := range []string{"period_type=2&period_num=1&auto_pay=1", "period_type=3&times=99", "unsubscribe_type=2&reason_type=5&reason=%E4%B8%AD",
		"period_num=%ff&times=-0", "unsubscribe_type=1&reason_type=05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, form string) {
		v, err := url.ParseQuery(form)
		if err != nil {
			return
		}
		if ch, bad := parseRenew(v); bad == "" && (ch.periodType != models.PeriodMonth && ch.periodType != models.PeriodYear || ch.periodNum < 0 || ch.periodNum > 99) {
			t.Fatalf("%q: renew %+v", form, ch)
		}
		if ch, bad := parseAutoRenew(v); bad == "" && (ch.periodType != models.PeriodMonth && ch.periodType != models.PeriodYear || ch.times < 0 || ch.times > 999) {
			t.Fatalf("%q: auto-renew %+v", form, ch)
		}
		if ch, bad := parseUnsubscribe(v); bad == "" && (ch.typ != 1 && ch.typ != 2 || ch.reasonType < 0 || ch.reasonType > 5) {
			t.Fatalf("%q: unsubscribe %+v", form, ch)
		}
		for _, key := range []string{"err.period_type", "err.period_num", "err.auto_renew_times", "err.unsubscribe_type", "err.unsubscribe_reason_type", "err.invalid"} {
			if !views.HasKey(key) {
				t.Fatalf("no words for %s", key)
			}
		}
	})
}
