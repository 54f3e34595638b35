//go:build slow

package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
)

// Money moves and destructive actions only after a confirmation page, without JavaScript, at a
// desktop's 1440 px and a phone's 390 px: an allocation refused on its way to the confirmation
// keeps the amount and memo typed; "back to edit" brings them back; nothing moves until the
// confirmation's button; unbinding shows the balance it reclaims first.
func TestBrowserConfirmations(t *testing.T) {
	for _, w := range []int64{1440, 390} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			rig := newBrowserRig(t)
			app := newBrowserApp(t)
			ids := dbValues(t, app, `SELECT id FROM customers WHERE partner_id = ? AND mode = 2 AND frozen = 0 ORDER BY id DESC LIMIT 2`, providerID(t, app))
			id, other := ids[0], ids[1]
			balance := func() int64 {
				return dbValue[int64](t, app, `SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'customer' AND customer_id = ?`, id)
			}
			cash := dbValue[int64](t, app, `SELECT balance FROM accounts WHERE kind = 'partner' AND partner_id = ?`, providerID(t, app))
			before := balance()
			b := rig.tab(app)
			if w < 1000 {
				b.do("the screen", chromedp.EmulateViewport(w, 844, chromedp.EmulateMobile))
			}
			b.login("provider")
			narrow := func(where string) { // on a phone: nothing outside the screen
				if w < 1000 {
					b.checkNarrow(where)
				}
			}
			page := "/sales/customers/" + id
			b.open(page)

			// more than the provider's cash: refused, the form keeps what was typed
			over := models.Fen(cash + 100).StringFixed(2)
			b.typeIn("#f-allocate-amount", over)
			b.typeIn("#f-allocate-memo", "三月预算")
			b.click(`[data-testid="allocate-submit"]`)
			if got, memo := b.value("#f-allocate-amount"), b.value("#f-allocate-memo"); got != over || memo != "三月预算" {
				t.Errorf("the refused form shows %q %q", got, memo)
			}
			if e := b.text(`[data-testid="allocate-form"] .field-error`); e == "" {
				t.Error("no error on the refused amount")
			}
			narrow(fmt.Sprintf("refused allocation at %d px", w))
			b.shot(fmt.Sprintf("confirm-%d-refused", w))

			b.typeIn("#f-allocate-amount", "1000")
			b.click(`[data-testid="allocate-submit"]`)
			b.wantPath(page + "/allocate/confirm")
			if got := b.text(`[data-testid="preview-customer-balance"]`); got != models.Fen(before).Format()+" → "+models.Fen(before+100000).Format() {
				t.Errorf("balances before and after %q", got)
			}
			narrow(fmt.Sprintf("allocation's confirmation at %d px", w))
			b.shot(fmt.Sprintf("confirm-%d-allocate", w))
			b.click(`[data-testid="edit"]`)
			if got, memo := b.value("#f-allocate-amount"), b.value("#f-allocate-memo"); got != "1000" || memo != "三月预算" {
				t.Errorf("back to edit shows %q %q", got, memo)
			}
			if got := balance(); got != before {
				t.Fatalf("money moved before the confirmation: %d", got)
			}
			b.click(`[data-testid="allocate-submit"]`)
			b.click(`[data-testid="confirm"]`)
			b.wantPath(page)
			if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, "¥1,000.00") || balance() != before+100000 {
				t.Errorf("after confirming: flash %q, balance %d", f, balance())
			}

			b.typeIn("#f-reclaim-amount", "250.50")
			b.click(`[data-testid="reclaim-submit"]`)
			b.shot(fmt.Sprintf("confirm-%d-reclaim", w))
			b.click(`[data-testid="confirm"]`)
			if got := balance(); got != before+100000-25050 {
				t.Errorf("balance after the reclaim %d", got)
			}

			// unbinding another customer: its confirmation says what comes back
			b.open("/sales/customers/" + other)
			b.click(`[data-testid="unbind"]`)
			b.wantPath("/sales/customers/" + other + "/unbind/confirm")
			narrow(fmt.Sprintf("unbind's confirmation at %d px", w))
			b.shot(fmt.Sprintf("confirm-%d-unbind", w))
			b.click(`[data-testid="confirm"]`)
			b.wantPath("/sales/customers")
			if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM customers WHERE id = ? AND partner_id IS NULL`, other); n != 1 {
				t.Error("the customer is still bound after confirming")
			}
		})
	}
}

func dbValues(t *testing.T, app *testApp, query string, args ...any) []string {
	t.Helper()
	var out []string
	if err := app.DB.Raw(query, args...).Scan(&out).Error; err != nil || len(out) == 0 {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}
