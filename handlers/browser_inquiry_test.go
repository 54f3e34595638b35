//go:build slow

package handlers

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

// Orders > Price inquiry in Chromium, as provider: the worked example as the page opens, the
// price refreshed by the page's script as the size changes, then a discounted inquiry for a
// customer found by name; in both languages, on a 1440 px screen and a 390 px phone.
func TestBrowserPriceInquiry(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	customer := dbString(t, app, `SELECT account_name FROM customers WHERE partner_id = ? ORDER BY id LIMIT 1`, providerID(t, app))
	for _, sc := range sessionScreens {
		for _, lang := range views.Langs {
			b := sessionsTab(rig, app, sc, "", lang)
			b.signIn("provider")
			// the Orders menu opens the orders list; the price inquiry is in its side menu
			if sc.mobile { // a phone's menus are folded into the menu button
				b.do("open the menu", chromedp.Click(chromedp.CSS(".phone-menu summary")))
				b.click(`[data-testid="phone-nav-nav.orders"]`)
				b.do("open the menu", chromedp.Click(chromedp.CSS(".phone-menu summary")))
				b.click(`[data-testid="phone-side-nav.price_inquiry"]`)
			} else {
				b.click(`[data-testid="nav-nav.orders"]`)
				b.click(`[data-testid="side-nav.price_inquiry"]`)
			}
			b.wantPath("/orders/price-inquiry")
			if got := b.text(`[data-testid="official"]`); got != "¥75.00" {
				t.Errorf("%s %s: the worked example costs %q, want ¥75.00", sc.name, lang, got)
			}
			noRawCodes(t, b, app)
			inquiryFits(t, b, sc)
			b.shot(fmt.Sprintf("60-inquiry-%s-%s", sc.name, lang))

			// the script refreshes the price: 40 GB is ¥100.00
			retype(b, "#f-size", "40")
			b.do("the price follows the size", chromedp.Poll[chromedp.Void](
				`document.querySelector('[data-testid="official"]')?.textContent.trim() === "¥100.00"`,
				chromedp.WithPollingTimeout(10*time.Second)))
			retype(b, "#f-size", "30")
			b.do("back to the example", chromedp.Poll[chromedp.Void]( // no refresh in flight when the form is submitted
				`document.querySelector('[data-testid="official"]')?.textContent.trim() === "¥75.00"`,
				chromedp.WithPollingTimeout(10*time.Second)))

			// a customer found by name: 605 (12 % on disks) is the best of its two discounts
			b.typeIn("#f-cq", customer+"\r") // Enter submits the form
			b.visible(`[data-testid="offers"]`)
			if got := b.count(`[data-testid="offer"]`); got != 2 {
				t.Errorf("%s %s: %d offers, want 2", sc.name, lang, got)
			}
			if got := b.text(`[data-testid="best"]`); got != "¥66.00" {
				t.Errorf("%s %s: best offer %q, want ¥66.00", sc.name, lang, got)
			}
			noRawCodes(t, b, app)
			inquiryFits(t, b, sc)
			b.shot(fmt.Sprintf("61-inquiry-customer-%s-%s", sc.name, lang))
		}
	}
}

// inquiryFits: the form and the price are on the screen, not past its right edge.
func inquiryFits(t *testing.T, b *browserTab, sc screen) {
	t.Helper()
	wide := browserRun(b, "what is wide", chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(
			'[data-testid="inquiry-form"], [data-testid="inquiry-result"], [data-testid="inquire"], [data-testid="best"]')]
		.filter(e => e.getBoundingClientRect().right > %d)
		.map(e => e.dataset.testid + " " + Math.round(e.getBoundingClientRect().right))`, sc.w)))
	if len(wide) > 0 {
		t.Errorf("%s on a %dpx screen: %v reach past its edge", b.url().Path, sc.w, wide)
	}
}

// retype replaces what a field holds with text, typed key by key (chromedp.Clear leaves a value
// typed since the page loaded).
func retype(b *browserTab, sel, text string) {
	b.t.Helper()
	browserRun(b, "empty "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector(%q).value = "", true)`, sel)))
	b.do("type in "+sel, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(text))
}

// The pages around the price: the operator's price list with a product's history open, and the
// customer page's discounts card, in both languages, for a person to look at.
func TestBrowserCatalogPages(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	pid := providerID(t, app)
	own := dbString(t, app, `SELECT id FROM customers WHERE partner_id = ? ORDER BY id LIMIT 1`, pid)
	customer := dbString(t, app, `SELECT account_name FROM customers WHERE id = ?`, own)
	for _, lang := range views.Langs {
		op := sessionsTab(rig, app, sessionScreens[0], "", lang)
		op.signIn("operator")
		op.open("/ops/catalog?q=GPSSD&region=cn-north-1")
		op.click(`[data-testid="edit-price"]`)
		op.visible(`[data-testid="price-history"]`)
		noRawCodes(t, op, app)
		op.shot("62-ops-catalog-" + lang)
		// a file changing one price, previewed
		file := filepath.Join(t.TempDir(), "prices.csv")
		csv := strings.Join(models.PriceColumns, ",") + "\ncn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.55\n" +
			"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,year,abc\n"
		if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		op.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
		op.typeIn("#f-import-reason", "December")
		op.click(`[data-testid="preview"]`)
		op.visible(`[data-testid="rejected-rows"]`)
		noRawCodes(t, op, app)
		op.shot("65-ops-catalog-preview-" + lang)
		op.open("/ops/discounts?cq=" + url.QueryEscape(customer) + "&customer=" + own)
		op.visible(`[data-testid="discount-form"]`)
		op.shot("66-ops-discounts-" + lang)
		op.open("/ops/catalog/ceilings")
		op.visible(`[data-testid="ceilings"]`)
		op.shot("63-ops-ceilings-" + lang)
		op.open("/ops/catalog/regions")
		op.visible(`[data-testid="regions"]`)
		op.shot("67-ops-regions-" + lang)

		b := sessionsTab(rig, app, sessionScreens[0], "", lang)
		b.signIn("provider")
		b.open("/sales/customers/" + own)
		b.visible(`[data-testid="discount-form"]`)
		noRawCodes(t, b, app)
		b.shot("64-customer-discounts-" + lang)
	}
}
