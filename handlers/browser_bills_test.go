//go:build slow

package handlers

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/views"
)

// The bills in Chromium: the provider's finance member opens /bills, chooses a closed cycle, finds
// the demo customer, drills into its bill, settles it with an invoice and opens its printable
// statement (desktop); the same pages on a phone never scroll sideways.
func TestBrowserBills(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)

	b := rig.tab(app)
	b.login("provider-finance")
	b.open("/")
	b.click(`a[href="/bills"]`) // the top menu leads there
	b.wantPath("/bills")
	b.visible(`[data-testid="bills"]`)
	if b.count(`[data-testid="bill-row"]`) == 0 || b.text(`[data-testid="rounding"]`) == "" {
		t.Fatal("the running cycle lists nobody, or the rounding rule is missing")
	}
	b.shot("90-bills-running")
	b.do("choose October", chromedp.SetValue(chromedp.CSS(`#f-cycle`), "2026-10"))
	b.typeIn("#f-customer", "demo-customer")
	b.click(`[data-testid="search"]`)
	b.visible(`[data-testid="bills"]`)
	if got := b.count(`[data-testid="bill-row"]`); got != 1 {
		t.Fatalf("October's demo customer: %d rows", got)
	}
	b.shot("91-bills-closed-cycle")
	b.click(`[data-testid="bill-link"]`)
	b.visible(`[data-testid="bill-lines"]`)
	if b.text(`[data-testid="bill-cycle"]`) != "2026-10" || b.count(`[data-testid="fee-record"]`) == 0 || b.count(`[data-testid="history-row"]`) != 12 {
		t.Fatalf("the customer's bill: cycle %q, %d records", b.text(`[data-testid="bill-cycle"]`), b.count(`[data-testid="fee-record"]`))
	}
	b.shot("92-customer-bill")
	b.typeIn("#f-invoice_no", "INV-202610-001")
	b.do("the invoice date", chromedp.SetValue(chromedp.CSS(`#f-invoice_date`), "2026-11-05"))
	if st := b.click(`[data-testid="settle"]`); st != 200 {
		t.Fatalf("settle: status %d", st)
	}
	if got := b.text(`.flash-success`); got != views.T(views.ZH, "bills.settled_flash", "2026-10") {
		t.Errorf("after settling: flash %q", got)
	}
	if b.text(`[data-testid="invoice-no"]`) != "INV-202610-001" {
		t.Errorf("the invoice number shown: %q", b.text(`[data-testid="invoice-no"]`))
	}
	b.shot("93-customer-bill-settled")
	b.click(`[data-testid="statement-link"]`)
	b.visible(`[data-testid="statement"]`)
	if !strings.Contains(b.text(`[data-testid="statement-customer"]`), "demo-customer") || b.text(`[data-testid="statement-partner"]`) == "" {
		t.Errorf("the statement: %q", b.text(`[data-testid="statement-customer"]`))
	}
	b.shot("94-statement")
	if b.count(`.no-print`) != 1 {
		t.Error("the statement's bar is not marked no-print")
	}
	b.open("/bills?cycle=2026-13&lang=en-US")
	if !strings.Contains(b.text(`[data-testid="error-cycle"]`), "YYYY-MM") {
		t.Errorf("month 13: %q", b.text(`[data-testid="error-cycle"]`))
	}
	b.shot("95-bills-refused-cycle-en")

	p := rig.tab(app)
	p.do("a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	p.login("provider-finance")
	p.open("/bills?cycle=2026-10")
	p.visible(`[data-testid="bills"]`)
	p.checkNarrow("the bills on a phone")
	p.shot("96-bills-phone")
	p.click(`[data-testid="bill-link"]`)
	p.visible(`[data-testid="bill-lines"]`)
	p.checkNarrow("a customer's bill on a phone")
	// the phone scrolls the cycles chart: it opens at the newest cycle, not at the oldest, empty ones
	if !browserRun(p, "the newest bar in view", chromedp.Evaluate[bool](newestBarInView)) {
		t.Error("on a phone the cycles chart opens away from its newest cycle")
	}
	p.shot("97-customer-bill-phone")

	// the customer reads its own bills from the portal, on a desktop and on a phone
	phone := rig.tab(app)
	phone.do("a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, tab := range []*browserTab{rig.tab(app), phone} {
		tab.login("customer")
		tab.open("/customer")
		tab.click(`[data-testid="portal-bills"]`)
		tab.wantPath("/customer/bills")
		tab.visible(`[data-testid="bill-amount"]`)
		if tab.count(`[data-testid="settlement"]`) != 0 || tab.count(`[data-testid="chart-bill-cycles"]`) != 1 {
			t.Error("the portal's bills show a settlement, or no chart of the cycles")
		}
	}
	phone.checkNarrow("the portal's bills on a phone")
	phone.shot("99-portal-bills-phone")
}

// newestBarInView: the cycles chart on the page scrolls sideways, and its last bar is in view.
const newestBarInView = `(() => {
	const s = document.querySelector('[data-testid="chart-bill-cycles"] .chart-scroll');
	const bars = s.querySelectorAll('.chart-bars rect');
	if (s.scrollWidth <= s.clientWidth || bars.length === 0) return false;
	const box = s.getBoundingClientRect(), bar = bars[bars.length - 1].getBoundingClientRect();
	return bar.left >= box.left - 1 && bar.right <= box.right + 1;
})()`
