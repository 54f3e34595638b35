package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerhub/models"
)

func TestSwitchModeAndUnbind(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var c models.Customer
	app.DB.Where("account_name = ?", "demo-customer").First(&c)
	page := fmt.Sprintf("/sales/customers/%d", c.ID)
	if r := app.client(t).login("provider-sales").post(page, page+"/unbind", nil); r.Status != http.StatusForbidden {
		t.Errorf("a sales member unbinding: %d", r.Status)
	}
	admin := app.client(t).login("provider")
	if r := admin.get(page); r.count(`[data-testid="association-actions"]`) != 1 {
		t.Fatal("no association actions for the admin")
	}
	r := admin.post(page, page+"/mode", url.Values{"mode": {"advisory"}})
	if r.Status != http.StatusSeeOther || r.Location != page {
		t.Fatalf("switch mode: %d %q", r.Status, r.Location)
	}
	app.DB.First(&c, c.ID)
	if c.Mode != models.Advisory {
		t.Errorf("mode %d after switching to advisory", c.Mode)
	}
	if r := admin.post(page, page+"/mode", url.Values{"mode": {"bogus"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a bogus mode: %d", r.Status)
	}
	r = admin.post(page, page+"/unbind", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/sales/customers" {
		t.Fatalf("unbind: %d %q", r.Status, r.Location)
	}
	// the former customer's page: read-only, with the date the association ended, no actions
	former := admin.get(page)
	if former.Status != http.StatusOK || former.count(`[data-testid="former-notice"]`) != 1 || former.text(`[data-testid="former-ended"]`) == "" ||
		former.count(`[data-testid="association-actions"]`) != 0 || former.count(`form[method="post"]:not([action="/logout"])`) != 0 {
		t.Errorf("the unbound customer's page: %d, notice %d, forms %d", former.Status, former.count(`[data-testid="former-notice"]`),
			former.count(`form[method="post"]:not([action="/logout"])`))
	}
	if !strings.Contains(former.text(`[data-testid="former-records"]`), "切换为顾问销售模式，余额退回伙伴") {
		t.Errorf("the former customer's records: %q", former.text(`[data-testid="former-records"]`))
	}
	// a partner it never had still finds nothing
	if s := app.client(t).login("distributor").get(page).Status; s != http.StatusNotFound {
		t.Errorf("another partner's former customer: %d", s)
	}
	// and nothing can be done to it
	if r := admin.post(page, page+"/allocate/confirm", url.Values{"amount": {"1"}}); r.Status != http.StatusNotFound {
		t.Errorf("allocating to a former customer: %d", r.Status)
	}
	if report, _ := models.Check(t.Context(), app.DB); len(report) > 0 {
		t.Errorf("invariants: %v", report)
	}
}

func TestPortalEndsAssociation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := app.client(t).login("customer")
	r := cust.post("/customer", "/customer/unbind", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/customer" {
		t.Fatalf("end association: %d %q", r.Status, r.Location)
	}
	home := cust.get("/customer")
	if home.count(`[data-testid="partner-name"]`) != 0 || home.count(`[data-testid="flash"]`) != 1 {
		t.Error("the portal still shows a partner, or no flash")
	}
	var n int64
	app.DB.Model(&models.Transfer{}).Where("kind = ?", models.KindUnbind).Count(&n)
	if n != 1 {
		t.Errorf("%d unbind transfers, want 1 (the demo balance)", n)
	}
	if r := cust.post("/customer", "/customer/unbind", nil); r.Status != http.StatusNotFound {
		t.Errorf("ending it twice: %d", r.Status)
	}
	if report, _ := models.Check(t.Context(), app.DB); len(report) > 0 {
		t.Errorf("invariants: %v", report)
	}
}
