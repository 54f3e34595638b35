//go:build slow

package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

// The orders pages in Chromium: the provider's sales member finds an order pending payment in the
// list, opens it, chooses a coupon and pays it on the customer's behalf through the confirmation
// (desktop); the customer pays another from the portal on a phone, the page never scrolling
// sideways.

func TestBrowserOrders(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	first, second := ebsOrder(t, app), ebsOrder(t, app)

	b := rig.tab(app)
	b.login("provider-sales")
	b.open("/orders?status=6")
	b.visible(`[data-testid="orders"]`)
	if got := b.count(fmt.Sprintf(`[data-testid="order-row"][data-id="%s"]`, first.OrderID())); got != 1 {
		t.Fatalf("the pending payment tab lists the order %d times", got)
	}
	b.shot("80-orders-list")
	b.click(fmt.Sprintf(`[data-testid="order-row"][data-id="%s"] [data-testid="order-link"]`, first.OrderID()))
	b.wantPath("/orders/" + views.ID(first.ID))
	b.visible(`[data-testid="order-lines"]`)
	b.shot("81-order-detail")
	payInBrowser(t, b, first, "82-order-pay-confirm")
	if got := b.text(`.flash-success`); got != views.T(views.ZH, "opages.paid_flash", first.OrderID()) {
		t.Errorf("after paying: flash %q", got)
	}
	b.shot("83-order-paid")
	b.open("/orders?lang=en-US")
	b.visible(`[data-testid="orders"]`)
	b.shot("88-orders-list-en")

	p := rig.tab(app)
	p.do("a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	p.login("customer")
	p.open("/customer/orders")
	p.visible(`[data-testid="orders"]`)
	p.checkNarrow("the portal's orders on a phone")
	p.shot("84-portal-orders-phone")
	p.click(fmt.Sprintf(`[data-testid="order-row"][data-id="%s"] [data-testid="order-link"]`, second.OrderID()))
	p.checkNarrow("the portal's order on a phone")
	p.shot("85-portal-order-phone")
	payInBrowser(t, p, second, "86-portal-pay-confirm-phone")
	p.checkNarrow("the paid order on a phone")
	p.shot("87-portal-order-paid-phone")
}

// payInBrowser pays the open order's page: its first coupon if any, the confirmation (saved as
// shot), the payment; the order is then processing with what the confirmation said.
func payInBrowser(t *testing.T, b *browserTab, o *models.Order, shot string) {
	t.Helper()
	if b.count(`[data-testid="coupon-check"]`) > 0 {
		b.do("choose a coupon", chromedp.Click(chromedp.CSS(`[data-testid="coupon-check"]`)))
	}
	b.click(`[data-testid="pay"]`)
	b.visible(`[data-testid="pay-preview"]`)
	if b.count(`[data-testid="short"]`) != 0 {
		t.Fatalf("the balance is short: %s", b.text(`[data-testid="short"]`))
	}
	cash := b.text(`[data-testid="preview-cash"]`)
	b.shot(shot)
	if st := b.click(`[data-testid="confirm"]`); st != 200 {
		t.Fatalf("pay: status %d", st)
	}
	var paid models.Order
	b.app.DB.First(&paid, o.ID)
	if paid.Status != models.OrderProcessing || strings.TrimSpace(cash) != views.Money(paid.CashMoney()) {
		t.Errorf("paid %+v, the confirmation said %s", paid, cash)
	}
}
