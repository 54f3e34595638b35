//go:build slow

package handlers

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

// Issue 14's "done when", in Chromium, on a 1440 px screen and a 390 px phone: the provider asks
// the demo customer for authorization (its old one revoked first), the customer grants it in the
// portal, the provider orders a 30 GB GPSSD disk for 5 months at the inquiry's price (¥75.00),
// pays it with a coupon of ¥50.00 and ¥25.00 of the allocated balance, the order step creates
// the disk, which the provider finds at /orders/resources, renews for a month (paid at once from
// the balance) and, 40 days after it began, unsubscribes: the unsubscribe order's page shows the
// refund, ¥18.21 of the first period's cash and all of the renewal's; the portal shows the same.
func TestBrowserResourceLife(t *testing.T) {
	for _, sc := range sessionScreens {
		t.Run(sc.name, func(t *testing.T) { browserResourceLife(t, sc) })
	}
}

func browserResourceLife(t *testing.T, sc screen) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	ctx, id := t.Context(), demoCustomer(t, app)
	cust := models.ActorOf(mustUser(t, app, "customer"), "t")
	z := uint64(dbValue[int64](t, app, `SELECT id FROM order_authorizations WHERE customer_id = ? AND status = ?`, parseUint(t, id), models.AuthGranted))
	if _, err := models.RevokeAuthorization(ctx, app.DB, cust, z, app.now()); err != nil {
		t.Fatal(err)
	}
	shot := func(b *browserTab, n int, name string) { b.shot(fmt.Sprintf("%d-life-%s-%s", n, name, sc.name)) }

	// authorization: asked by the provider, granted by the customer
	b := sessionsTab(rig, app, sc, "", "zh-CN")
	b.signIn("provider")
	b.open("/sales/customers/" + id)
	b.click(`[data-testid="auth-request"] button[type="submit"]`)
	p := sessionsTab(rig, app, sc, "", "zh-CN")
	p.signIn("customer")
	p.open("/customer")
	shot(p, 90, "portal-grant")
	p.click(`[data-testid="auth-grant"]`)
	if _, err := models.LiveAuthorization(ctx, app.DB, models.ActorOf(mustUser(t, app, "provider"), "t"), parseUint(t, id), app.now()); err != nil {
		t.Fatalf("after the customer granted it: %v", err)
	}

	// the order on behalf, at the inquiry's price
	b.open("/orders/price-inquiry?customer=" + id)
	if got := b.text(`[data-testid="official"]`); got != "¥75.00" {
		t.Errorf("the inquiry prices the disk at %q", got)
	}
	b.open("/sales/customers/" + id + "/orders/new")
	b.do("choose GPSSD", chromedp.SetValue(chromedp.CSS(`[name="l1.spec"]`), "hws.resource.type.volume/GPSSD"))
	retype(b, `[name="l1.size"]`, "30")
	retype(b, `[name="l1.period_num"]`, "5")
	b.click(`[data-testid="reprice"]`)
	b.click(`[data-testid="review"]`)
	if got := b.text(`[data-testid="official"]`); got != "¥75.00" {
		t.Errorf("the order's confirmation says %q", got)
	}
	b.click(`[data-testid="place-order"]`)
	order := pathID(t, b, `^/orders/(\d+)$`)

	// paid with the coupon of ¥50.00 and the balance
	browserRun(b, "choose the ¥50.00 coupon", chromedp.Evaluate[bool](`(() => {
		const row = [...document.querySelectorAll('[data-testid="coupon-choice"]')].find(r => r.cells[3].textContent.trim() === "¥50.00");
		if (!row) return false;
		row.querySelector('[data-testid="coupon-check"]').click();
		return true;
	})()`))
	b.click(`[data-testid="pay"]`)
	if c, k := b.text(`[data-testid="preview-coupons"]`), b.text(`[data-testid="preview-cash"]`); k != "¥25.00" || c[:len("¥50.00")] != "¥50.00" {
		t.Errorf("the payment's confirmation: coupons %q, balance %q", c, k)
	}
	orderFits(t, b, sc, `[data-testid="pay-preview"]`)
	shot(b, 91, "pay-confirm")
	b.click(`[data-testid="confirm"]`)
	if _, err := models.ProcessPaidOrders(ctx, app.DB, app.now(), 100); err != nil {
		t.Fatal(err)
	}

	// the disk, in the resources list
	var disk models.Resource
	if err := app.DB.Where("order_id = ? AND parent_id IS NULL", order).First(&disk).Error; err != nil {
		t.Fatal("the order created no disk:", err)
	}
	b.open("/orders/resources")
	b.click(fmt.Sprintf(`[data-testid="resource-row"] a[href="/orders/resources/%d"]`, disk.ID))
	b.visible(`[data-testid="resource-actions"]`)
	noRawCodes(t, b, app)
	orderFits(t, b, sc, `[data-testid="resource-actions"] form`)
	shot(b, 92, "resource")

	// renewed for a month, paid at once from the balance
	b.do("pay at once", chromedp.Click(chromedp.CSS(`[data-testid="renew-auto-pay"]`)))
	b.click(`[data-testid="renew"]`)
	if got := b.text(`[data-testid="renew-official"]`); got != "¥15.00" {
		t.Errorf("a month's renewal is priced %q", got)
	}
	renewCash := b.text(`[data-testid="renew-cash"]`)
	orderFits(t, b, sc, `[data-testid="confirm-step"]`)
	shot(b, 93, "renew-confirm")
	b.click(`[data-testid="confirm"]`)
	renewal := pathID(t, b, `^/orders/(\d+)$`)
	var ro models.Order
	app.DB.First(&ro, renewal)
	if ro.Type != models.OrderRenew || ro.Status != models.OrderProcessing || views.Money(ro.CashMoney()) != renewCash {
		t.Errorf("the renewal %+v, its confirmation said %s", ro, renewCash)
	}
	if _, err := models.ProcessPaidOrders(ctx, app.DB, app.now(), 100); err != nil {
		t.Fatal(err)
	}

	// unsubscribed 40 days and 3 hours later: 110 of the first period's 151 days unused
	app.advance(40*24*time.Hour + 3*time.Hour)
	b.login("provider") // the sessions ended meanwhile
	p.login("customer")
	want := views.Money(models.Fen(1821 + ro.Cash))
	b.open(fmt.Sprintf("/orders/resources/%d", disk.ID))
	b.do("a reason", chromedp.SetValue(chromedp.CSS(`#f-reason_type`), "5"))
	b.do("type the reason", chromedp.Focus(chromedp.CSS(`#f-reason`)), chromedp.KeyEvent("moving to another region"))
	b.click(`[data-testid="unsubscribe"]`)
	if got := b.text(`[data-testid="confirm-refund"]`); got != want || b.count(`[data-testid="refund-term"]`) != 2 {
		t.Errorf("the unsubscribe's confirmation refunds %q in %d periods, want %s in 2", got, b.count(`[data-testid="refund-term"]`), want)
	}
	orderFits(t, b, sc, `[data-testid="confirm-step"]`)
	shot(b, 94, "unsubscribe-confirm")
	b.click(`[data-testid="confirm"]`)
	unsub := pathID(t, b, `^/orders/(\d+)$`)
	if got := b.text(`[data-testid="refund-amount"]`); got != want {
		t.Errorf("the unsubscribe order's refund %q, want %s", got, want)
	}
	noRawCodes(t, b, app)
	shot(b, 95, "refund")

	// the same figures in the portal
	p.open(fmt.Sprintf("/customer/orders/%d", unsub))
	if got := p.text(`[data-testid="refund-amount"]`); got != want {
		t.Errorf("the portal's refund %q, want %s", got, want)
	}
	if sc.mobile {
		p.checkNarrow("the portal's unsubscribe order")
	}
	shot(p, 96, "portal-refund")
	p.open(fmt.Sprintf("/customer/orders/%d", order))
	if c, k := p.text(`[data-testid="amount-coupons"]`), p.text(`[data-testid="amount-cash"]`); c != "¥50.00" || k != "¥25.00" {
		t.Errorf("the portal's order: coupons %q, cash %q", c, k)
	}
	p.open(fmt.Sprintf("/customer/resources/%d", disk.ID))
	if p.text(`[data-testid="resource-status"]`) != views.T(views.ZH, "resource.status.3") || p.count(`[data-testid="resource-actions"]`) != 0 {
		t.Errorf("the portal's disk: %q", p.text(`[data-testid="resource-status"]`))
	}
	shot(p, 97, "portal-resource")
}

// pathID is the id in the tab's address, which must match re.
func pathID(t *testing.T, b *browserTab, re string) uint64 {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(b.url().Path)
	if m == nil {
		t.Fatalf("at %s, want %s", b.url().Path, re)
	}
	return parseUint(t, m[1])
}

func parseUint(t *testing.T, s string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
