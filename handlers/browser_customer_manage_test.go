//go:build slow

package handlers

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The partner admin creates a customer from the console (a refused form first, which keeps what
// was typed), changes its label and account manager on its page, and finds it in the list
// filtered by that label: on a desktop and on a 390 px phone. Each step is saved as a screenshot.
func TestBrowserCreateAndManageCustomer(t *testing.T) {
	for _, w := range []int64{viewportW, 390} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			rig := newBrowserRig(t)
			app := newBrowserApp(t)
			b := rig.tab(app)
			if w != viewportW {
				b.do("the phone", chromedp.EmulateViewport(w, 844, chromedp.EmulateMobile))
			}
			shot := func(name string) { // from the top: a page opened at #manage keeps its sticky bar mid-picture
				browserRun(b, "scroll to the top", chromedp.Evaluate[bool]("window.scrollTo(0, 0), true"))
				b.shot(fmt.Sprintf("customer-manage-%d-%s", w, name))
			}
			account, label := fmt.Sprintf("browser_made_%d", w), fmt.Sprintf("浏览器%d", w)
			b.login("provider")

			b.open("/sales/customers")
			b.click(`[data-testid="new-customer"]`)
			b.wantPath("/sales/customers/new")
			b.visible(`[data-testid="customer-new-form"]`)
			if w != viewportW {
				b.checkNarrow("the create-customer form")
			}
			shot("1-form")
			b.typeIn("#f-account", "a b")
			b.typeIn("#f-mobile", "12")
			b.typeIn("#f-label", label)
			b.do("choose the mode and manager", chromedp.SetValue(chromedp.CSS("#f-mode"), "advisory"),
				chromedp.SetValue(chromedp.CSS("#f-manager"), userID(t, app, "provider-sales2")))
			if st := b.click(`[data-testid="create-customer"]`); st != 422 {
				t.Fatalf("a bad form answers %d", st)
			}
			if b.count(`[data-testid="error-account"]`) != 1 || b.count(`[data-testid="error-mobile"]`) != 1 ||
				b.value("#f-label") != label || b.value("#f-mode") != "advisory" {
				t.Errorf("the refused form: errors %d+%d, label %q, mode %q", b.count(`[data-testid="error-account"]`),
					b.count(`[data-testid="error-mobile"]`), b.value("#f-label"), b.value("#f-mode"))
			}
			shot("2-refused")
			b.typeIn("#f-account", account)
			b.typeIn("#f-mobile", "")
			if st := b.click(`[data-testid="create-customer"]`); st != 200 {
				t.Fatalf("create answers %d", st)
			}
			if got := b.text(`[data-testid="customer-name"]`); got != account {
				t.Fatalf("on %s, want the new customer's page (%q)", b.url().Path, got)
			}
			if a := b.text(`[data-testid="association"]`); !strings.Contains(a, label) || !strings.Contains(a, "周敏（销售）") {
				t.Errorf("the new customer's association: %q", a)
			}
			if w != viewportW {
				b.checkNarrow("the new customer's page")
			}
			shot("3-created")

			label += "重点"
			b.typeIn(`[data-testid="label-form"] #f-label`, label)
			b.click(`[data-testid="save-label"]`)
			b.do("choose another manager", chromedp.SetValue(chromedp.CSS(`[data-testid="manager-form"] select`), userID(t, app, "provider-sales")))
			b.click(`[data-testid="save-manager"]`)
			if a := b.text(`[data-testid="association"]`); !strings.Contains(a, label) || !strings.Contains(a, "李强（销售）") {
				t.Errorf("after the changes: %q", a)
			}
			shot("4-managed")

			b.open("/sales/customers")
			b.do("filter by the label", chromedp.SetValue(chromedp.CSS("#f-label"), label))
			b.click(`[data-testid="search"]`)
			if got := b.text(`[data-testid="total"]`); got != "1" {
				t.Errorf("the list by label %q: %s rows", label, got)
			}
			if row := b.text(`[data-testid="customer-row"]`); !strings.Contains(row, account) || !strings.Contains(row, "李强（销售）") {
				t.Errorf("the row: %q", row)
			}
			if w != viewportW {
				b.checkNarrow("the list by label")
			}
			shot("5-list")

			// the batch form: the row ticked gets another label
			batch := label + "批量"
			b.do("tick the row", chromedp.Click(chromedp.CSS(`[data-testid="customer-row"] [data-testid="pick"]`)))
			b.typeIn("#f-batch-label", batch)
			b.click(`[data-testid="batch-label"]`)
			if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, "已为 1 位客户设置标签") {
				t.Errorf("the batch's flash: %q", f)
			}
			b.open("/sales/customers?label=" + url.QueryEscape(batch))
			if got := b.text(`[data-testid="total"]`); got != "1" {
				t.Errorf("the list by the batch's label: %s rows", got)
			}
			if w != viewportW {
				b.checkNarrow("the list with the batch form")
			}
			shot("5b-batch")

			b.open("/sales/customers/new?lang=en-US")
			if h := b.text("h1"); h != "Create a customer" {
				t.Errorf("in English: %q", h)
			}
			shot("6-form-en")
		})
	}
}
