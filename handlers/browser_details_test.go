//go:build slow

package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Issue 18's details as a person sees them, at 1440 px and on a 390 px phone: a pending applicant
// sees a calm status and no red alert; switching a customer's mode goes through a confirmation
// page (no browser dialog) that names the balance taken back; after unbinding, the customer's
// page reads as a former customer's, read-only; the portal's coupons page pages.
func TestBrowserIssue18Details(t *testing.T) {
	for _, w := range []int64{1440, 390} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			rig := newBrowserRig(t)
			app := newBrowserApp(t)
			narrowTab := func(b *browserTab) {
				if w < 1000 {
					b.do("the screen", chromedp.EmulateViewport(w, 844, chromedp.EmulateMobile))
				}
			}
			narrow := func(b *browserTab, where string) {
				if w < 1000 {
					b.checkNarrow(where)
				}
			}

			// the applicant applies, then comes back: a status, no red alert, no form
			a := rig.tab(app)
			narrowTab(a)
			a.login("applicant")
			a.open("/customer/join")
			a.typeIn("#f-contact", "13800000000")
			a.click(`[data-testid="apply-submit"]`)
			a.wantPath("/customer/join")
			for i := range 2 {
				if a.count(`[data-testid="application-status"]`) != 1 || a.count(`.flash-error`) != 0 || a.count(`[data-testid="apply-form"]`) != 0 {
					t.Errorf("visit %d: status %d, red alerts %d, form %d", i, a.count(`[data-testid="application-status"]`),
						a.count(`.flash-error`), a.count(`[data-testid="apply-form"]`))
				}
				if i == 0 {
					narrow(a, fmt.Sprintf("pending application at %d px", w))
					a.shot(fmt.Sprintf("details-%d-apply-pending", w))
					a.open("/customer/join")
				}
			}

			// the provider switches demo-customer to advisory: a confirmation page first
			id := dbString(t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
			page := "/sales/customers/" + id
			b := rig.tab(app)
			narrowTab(b)
			b.login("provider")
			b.open(page)
			b.click(`[data-testid="switch-mode"]`)
			b.wantPath(page + "/mode/confirm")
			if got := b.text(`[data-testid="confirm-reclaims"]`); !strings.HasPrefix(got, "¥") {
				t.Errorf("the balance taken back %q", got)
			}
			if mode := dbString(t, app, `SELECT mode FROM customers WHERE id = ?`, id); mode != "2" {
				t.Errorf("the confirmation switched the mode (%s)", mode)
			}
			narrow(b, fmt.Sprintf("mode switch confirmation at %d px", w))
			b.shot(fmt.Sprintf("details-%d-switch-confirm", w))
			b.click(`[data-testid="confirm"]`)
			b.wantPath(page)
			if mode := dbString(t, app, `SELECT mode FROM customers WHERE id = ?`, id); mode != "1" {
				t.Errorf("mode %s after confirming", mode)
			}

			// unbinding it, through its confirmation; its page then reads as a former customer's
			b.click(`[data-testid="unbind"]`)
			b.wantPath(page + "/unbind/confirm")
			b.click(`[data-testid="confirm"]`)
			b.wantPath("/sales/customers")
			b.open(page)
			if b.count(`[data-testid="former-notice"]`) != 1 || b.count(`[data-testid="association-actions"]`) != 0 {
				t.Errorf("former customer's page: notice %d, actions %d", b.count(`[data-testid="former-notice"]`), b.count(`[data-testid="association-actions"]`))
			}
			narrow(b, fmt.Sprintf("former customer at %d px", w))
			b.shot(fmt.Sprintf("details-%d-former-customer", w))

			// the customer's coupons, paged on their own page
			c := rig.tab(app)
			narrowTab(c)
			c.login("customer")
			c.open("/customer/coupons")
			if c.count(`[data-testid="pager"]`) != 1 || c.count(`[data-testid="portal-coupon"]`) == 0 {
				t.Errorf("coupons page: pager %d, rows %d", c.count(`[data-testid="pager"]`), c.count(`[data-testid="portal-coupon"]`))
			}
			narrow(c, fmt.Sprintf("portal coupons at %d px", w))
			c.shot(fmt.Sprintf("details-%d-portal-coupons", w))
		})
	}
}
