package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// Every money and destructive action of item 6's leftovers goes through a confirmation page: the
// page's button posts to …/confirm, which names what the action touches, changes nothing, and
// posts to the action. No button asks the browser's confirm() any more.
func TestMoreConfirmationSteps(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	custPage := fmt.Sprintf("/sales/customers/%d", cust)
	sales := dbValue[uint64](t, app, `SELECT id FROM users WHERE username = 'provider-sales'`)
	coupon := dbValue[uint64](t, app, `SELECT id FROM coupons WHERE partner_id = ? AND status = 2 AND balance > 0 AND COALESCE(lock_order_id, '') = '' ORDER BY id LIMIT 1`,
		partnerID(t, app, "provider"))
	auth := dbValue[uint64](t, app, `SELECT id FROM order_authorizations WHERE customer_id = ? AND status = 2`, cust)
	balance := dbValue[int64](t, app, `SELECT balance FROM accounts WHERE kind = 'customer' AND customer_id = ?`, cust)
	state := func() string {
		return dbString(t, app, `SELECT (SELECT mode FROM customers WHERE id = ?) || '/' || (SELECT COALESCE(CAST(partner_id AS TEXT), '') FROM users WHERE id = ?) || '/' ||
			(SELECT CAST(status AS TEXT) FROM coupons WHERE id = ?) || '/' || (SELECT CAST(status AS TEXT) FROM order_authorizations WHERE id = ?) || '/' || (SELECT CAST(COUNT(*) AS TEXT) FROM transfers)`,
			cust, sales, coupon, auth)
	}
	before := state()
	for _, tc := range []struct {
		user, page, button, action string
		fact, want                 string
	}{
		{"provider", custPage, `[data-testid="switch-mode"]`, custPage + "/mode", "confirm-reclaims", models.Fen(balance).Format()},
		{"provider", "/partner/members", `[data-testid="remove-member"]`, fmt.Sprintf("/partner/members/%d/remove", sales), "confirm-member", ""},
		{"provider", fmt.Sprintf("/business/coupons/issued/%d", coupon), `[data-testid="reclaim"]`, fmt.Sprintf("/business/coupons/issued/%d/reclaim", coupon), "confirm-amount", "¥"},
		{"customer", "/customer", `[data-testid="auth-revoke"]`, fmt.Sprintf("/customer/authorizations/%d/revoke", auth), "confirm-partner", "上海数智云"},
	} {
		c := app.client(t).login(tc.user)
		r := c.get(tc.page)
		forms := r.Doc.Find(tc.button).Closest("form")
		found := false
		for i := range forms.Length() {
			if forms.Eq(i).AttrOr("action", "") == tc.action+"/confirm" {
				found = true
			}
		}
		if !found || r.count(`[data-confirm]`) != 0 {
			t.Errorf("%s: the button does not post to %s/confirm, or asks confirm() (%d)", tc.page, tc.action, r.count(`[data-confirm]`))
			continue
		}
		form := map[string][]string{}
		if strings.HasSuffix(tc.action, "/mode") {
			form["mode"] = []string{"advisory"}
		}
		conf := c.post(tc.page, tc.action+"/confirm", form)
		if conf.Status != http.StatusOK || conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "") != tc.action {
			t.Errorf("%s/confirm: %d, posts to %q", tc.action, conf.Status, conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", ""))
			continue
		}
		if got := conf.text(`[data-testid="` + tc.fact + `"]`); got == "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s/confirm: %s %q, want %q", tc.action, tc.fact, got, tc.want)
		}
		if strings.HasSuffix(tc.action, "/mode") && conf.Doc.Find(`[data-testid="confirm-form"] input[name="mode"]`).AttrOr("value", "") != "advisory" {
			t.Error("the mode confirmation does not carry the mode to the action")
		}
		if strings.HasSuffix(tc.action, "/mode") {
			// the switch takes back the partner's coupons too: the confirmation says how many and how much
			n, fen := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupons WHERE customer_id = ? AND partner_id = ? AND status IN (1, 2) AND balance > 0
			  AND expire_at > ?`, cust, partnerID(t, app, "provider"), app.now().UTC()), dbValue[int64](t, app, `SELECT COALESCE(SUM(balance), 0) FROM coupons
			  WHERE customer_id = ? AND partner_id = ? AND status IN (1, 2) AND balance > 0 AND expire_at > ?`, cust, partnerID(t, app, "provider"), app.now().UTC())
			if got, want := conf.text(`[data-testid="confirm-coupons"]`), views.T(views.ZH, "confirm.coupons_reclaimed", n, views.Money(models.Fen(fen))); n == 0 || got != want {
				t.Errorf("the mode confirmation says %q of the coupons, want %q", got, want)
			}
		}
	}
	if after := state(); after != before {
		t.Errorf("a confirmation changed something: %s → %s", before, after)
	}
	// a refused object is said before anything is confirmed: the last admin, another's quota
	admin := dbValue[uint64](t, app, `SELECT id FROM users WHERE username = 'provider'`)
	r := app.client(t).login("provider").post("/partner/members", fmt.Sprintf("/partner/members/%d/remove/confirm", admin), nil)
	if r.Status != http.StatusOK && r.Status != http.StatusSeeOther {
		t.Errorf("confirming the removal of an admin: %d", r.Status)
	}
	if r := app.client(t).login("distributor").post("/", custPage+"/mode/confirm", map[string][]string{"mode": {"advisory"}}); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer: %d", r.Status)
	}
}

// The operator's freeze, invalidate and revoke of the expansion permission, and a customer's
// cancelling of a ticket, also pass through their confirmation page.
func TestOpsAndTicketConfirmationSteps(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	list := op.get("/ops/quotas")
	freeze := list.Doc.Find(`[data-testid="quota-freeze"]`).First().Closest("form").AttrOr("action", "")
	if !strings.HasSuffix(freeze, "/freeze/confirm") || list.count(`[data-confirm]`) != 0 {
		t.Fatalf("the freeze button posts to %q", freeze)
	}
	qid := strings.Split(freeze, "/")[3]
	before := dbString(t, app, `SELECT status FROM coupon_quotas WHERE id = ?`, qid)
	conf := op.post("/ops/quotas", freeze, nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-partner"]`) == "" || !strings.Contains(conf.text(`[data-testid="confirm-quota"]`), "¥") ||
		conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "") != strings.TrimSuffix(freeze, "/confirm") {
		t.Errorf("freeze confirmation: %d %q", conf.Status, conf.text(`[data-testid="confirm-quota"]`))
	}
	if after := dbString(t, app, `SELECT status FROM coupon_quotas WHERE id = ?`, qid); after != before {
		t.Error("the confirmation froze the quota")
	}
	if r := op.post("/ops/quotas", "/ops/quotas/"+qid+"/unfreeze/confirm", nil); r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
		t.Errorf("unfreezing has no confirmation step: %d", r.Status)
	}

	// the expansion permission of a master distributor that has it
	dist := partnerID(t, app, "distributor")
	app.DB.Exec(`UPDATE partners SET can_expand = ? WHERE id = ?`, true, dist)
	page := fmt.Sprintf("/ops/partners/%d", dist)
	if a := op.get(page).Doc.Find(`[data-testid="revoke-expand"]`).Closest("form").AttrOr("action", ""); a != page+"/expand/confirm" {
		t.Errorf("revoke-expand posts to %q", a)
	}
	conf = op.post(page, page+"/expand/confirm", nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-partner"]`) == "" ||
		conf.Doc.Find(`[data-testid="confirm-form"] input[name="grant"]`).AttrOr("value", "") != "0" {
		t.Errorf("revoke-expand confirmation: %d", conf.Status)
	}
	if !dbValue[bool](t, app, `SELECT can_expand FROM partners WHERE id = ?`, dist) {
		t.Error("the confirmation revoked the permission")
	}

	// a customer's ticket
	cust := app.client(t).login("customer")
	id := createTicket(t, cust, testFile{"a.log", "x\n"})
	path := fmt.Sprintf("/customer/tickets/%d", id)
	if a := cust.get(path).Doc.Find(`[data-testid="action-cancel"]`).Closest("form").AttrOr("action", ""); a != path+"/cancel/confirm" {
		t.Errorf("cancel posts to %q", a)
	}
	conf = cust.post(path, path+"/cancel/confirm", nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-ticket"]`) == "" ||
		conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "") != path+"/cancel" {
		t.Errorf("cancel confirmation: %d", conf.Status)
	}
	if r := cust.post(path, path+"/cancel", nil); r.Status != http.StatusSeeOther {
		t.Errorf("cancel: %d", r.Status)
	}
}
