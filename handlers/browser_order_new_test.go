//go:build slow

package handlers

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
)

// Order on behalf in Chromium, as the demo's provider, for the demo customer (who authorized it
// in the seed): from the customer page's link, a 30 GB GPSSD disk for 5 months, priced as the
// inquiry prices it (¥75.00), confirmed, then ordered; on a 1440 px screen and a 390 px phone.
// The order's page (/orders/:id) is another change's: only the address it goes to is checked here.
func TestBrowserOrderOnBehalf(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	id := demoCustomer(t, app)
	orderAddr := regexp.MustCompile(`^/orders/(\d+)$`)
	for _, sc := range sessionScreens {
		b := sessionsTab(rig, app, sc, "", "zh-CN")
		b.signIn("provider")
		b.open("/orders/price-inquiry?customer=" + id)
		inquiry := b.text(`[data-testid="official"]`)
		if inquiry != "¥75.00" {
			t.Errorf("%s: the inquiry prices the disk at %q, want ¥75.00", sc.name, inquiry)
		}

		b.open("/sales/customers/" + id)
		b.click(`[data-testid="order-on-behalf"]`)
		b.wantPath("/sales/customers/" + id + "/orders/new")
		// the products typed as a person would: the disk, its size and its months
		b.do("choose GPSSD", chromedp.SetValue(chromedp.CSS(`[name="l1.spec"]`), "hws.resource.type.volume/GPSSD"))
		retype(b, `[name="l1.size"]`, "30")
		retype(b, `[name="l1.period_num"]`, "5")
		b.click(`[data-testid="reprice"]`)
		if got := b.text(`[data-testid="official"]`); got != inquiry {
			t.Errorf("%s: the order prices the disk at %q, the inquiry %q", sc.name, got, inquiry)
		}
		// the on-demand fields are hidden for a yearly/monthly order, without script
		if browserRun(b, "usage shown", chromedp.Evaluate[bool](`document.querySelector('[name="l1.usage_value"]').offsetParent !== null`)) {
			t.Errorf("%s: the on-demand fields show for a yearly/monthly order", sc.name)
		}
		noRawCodes(t, b, app)
		orderFits(t, b, sc, `[data-testid="order-form"], [data-testid="inquiry-result"], [data-testid="review"]`)
		b.shot(fmt.Sprintf("70-order-new-%s", sc.name))

		b.click(`[data-testid="review"]`)
		b.visible(`[data-testid="confirm-step"]`)
		if got := b.text(`[data-testid="official"]`); got != "¥75.00" || b.count(`[data-testid="confirm-line"]`) != 1 {
			t.Errorf("%s: the confirmation says %q", sc.name, got)
		}
		noRawCodes(t, b, app)
		orderFits(t, b, sc, `[data-testid="confirm-step"], [data-testid="place-order"]`)
		b.shot(fmt.Sprintf("71-order-confirm-%s", sc.name))

		b.click(`[data-testid="place-order"]`)
		m := orderAddr.FindStringSubmatch(b.url().Path)
		if m == nil {
			t.Fatalf("%s: ordered, then at %s", sc.name, b.url().Path)
		}
		n, _ := strconv.ParseUint(m[1], 10, 64)
		var o models.Order
		if err := app.DB.First(&o, n).Error; err != nil || o.Status != models.OrderPendingPayment || o.Official != 7500 {
			t.Errorf("%s: order %+v %v", sc.name, o, err)
		}
	}
	// the operator's review desk, for a person to look at
	op := sessionsTab(rig, app, sessionScreens[0], "", "zh-CN")
	op.signIn("operator")
	op.open("/ops/orders")
	op.visible(`[data-testid="review-settings"]`)
	noRawCodes(t, op, app)
	op.shot("72-ops-orders-desktop")
}

// orderFits: what the selector finds is on the screen, not past its right edge.
func orderFits(t *testing.T, b *browserTab, sc screen, sel string) {
	t.Helper()
	wide := browserRun(b, "what is wide", chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(%q)]
		.filter(e => e.getBoundingClientRect().right > %d)
		.map(e => e.dataset.testid + " " + Math.round(e.getBoundingClientRect().right))`, sel, sc.w)))
	if len(wide) > 0 {
		t.Errorf("%s on a %dpx screen: %v reach past its edge", b.url().Path, sc.w, wide)
	}
}
