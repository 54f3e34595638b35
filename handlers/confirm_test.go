package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// Destructive actions go through a confirmation page: the list's button posts to …/confirm,
// which changes nothing and shows what the action touches; its form posts to the action.

func TestUnbindConfirmation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var c models.Customer
	app.DB.Where("account_name = ?", "demo-customer").First(&c)
	page := fmt.Sprintf("/sales/customers/%d", c.ID)
	admin := app.client(t).login("provider")
	if a, _ := admin.get(page).Doc.Find(`[data-testid="unbind"]`).Closest("form").Attr("action"); a != page+"/unbind/confirm" {
		t.Fatalf("the unbind button posts to %q", a)
	}
	if strings.Contains(admin.get(page).Body, views.T(views.ZH, "assoc.unbind_confirm")) {
		t.Error("the unbind button still asks the browser's confirm()")
	}
	bal := dbValue[int64](t, app, `SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'customer' AND customer_id = ?`, c.ID)
	r := admin.post(page, page+"/unbind/confirm", nil)
	if r.Status != http.StatusOK || r.text(`[data-testid="confirm-customer"]`) != "demo-customer" {
		t.Fatalf("confirmation: %d %q", r.Status, r.text(`[data-testid="confirm-customer"]`))
	}
	if got := r.text(`[data-testid="confirm-reclaims"]`); got != models.Fen(bal).Format() {
		t.Errorf("the balance reclaimed %q, want %s", got, models.Fen(bal).Format())
	}
	if a, _ := r.Doc.Find(`[data-testid="confirm-form"]`).Attr("action"); a != page+"/unbind" || r.count(`[data-testid="cancel"][href="`+page+`"]`) != 1 {
		t.Errorf("the confirmation posts to %q", a)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM customers WHERE id = ? AND partner_id IS NOT NULL`, c.ID); n != 1 {
		t.Fatal("the confirmation unbound the customer")
	}
	if r := app.client(t).login("provider-sales").post(page, page+"/unbind/confirm", nil); r.Status != http.StatusOK {
		t.Errorf("a sales member's confirmation: %d", r.Status) // the domain refuses the unbind itself
	}
	if r := app.client(t).login("distributor").post("/", page+"/unbind/confirm", nil); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer: %d", r.Status)
	}
	if r := admin.post(page, page+"/unbind", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed unbind: %d", r.Status)
	}
	if r := admin.post("/", page+"/unbind/confirm", nil); r.Status != http.StatusNotFound {
		t.Errorf("confirming the unbinding of a former customer: %d", r.Status)
	}
}

func TestDeleteKeyAndRevokeConfirmation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	ak, _ := admin.mustCreateKey()
	k := keyByAK(t, app, ak)
	path := keysPage + "/" + views.ID(k.ID) + "/delete"
	r := admin.post(keysPage, path+"/confirm", nil)
	if r.Status != http.StatusOK || r.text(`[data-testid="confirm-key"]`) != ak || keyStatus(t, app, k.ID) == "" {
		t.Fatalf("delete confirmation: %d %q", r.Status, r.text(`[data-testid="confirm-key"]`))
	}
	if a, _ := r.Doc.Find(`[data-testid="confirm-form"]`).Attr("action"); a != path {
		t.Errorf("the confirmation posts to %q", a)
	}
	if r := app.client(t).login("distributor").post("/", path+"/confirm", nil); r.Status != http.StatusNotFound {
		t.Errorf("another partner's key: %d", r.Status)
	}

	// a member invitation: its invitee, and an invitation no longer pending is said at once
	inv := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"li.na@example.com"}, "roles": {"sales"}})
	id := strings.TrimPrefix(inv.Location, membersPath+"?created=")
	list := admin.get(inv.Location)
	if a, _ := list.Doc.Find(`tr.highlight [data-testid="revoke"]`).Closest("form").Attr("action"); a != membersPath+"/invitations/"+id+"/revoke/confirm" {
		t.Fatalf("the revoke button posts to %q", a)
	}
	r = admin.post(membersPath, membersPath+"/invitations/"+id+"/revoke/confirm", nil)
	if r.Status != http.StatusOK || r.text(`[data-testid="confirm-invitee"]`) != "li.na@example.com" {
		t.Fatalf("revoke confirmation: %d %q", r.Status, r.text(`[data-testid="confirm-invitee"]`))
	}
	if r := admin.post(membersPath, membersPath+"/invitations/"+id+"/revoke", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	if r := admin.post(membersPath, membersPath+"/invitations/"+id+"/revoke/confirm", nil); r.Status != http.StatusSeeOther || r.Location != membersPath {
		t.Errorf("confirming a revoked invitation: %d %q", r.Status, r.Location)
	}
}

// A customer ending its association sees the partner it leaves first; nothing ends until it confirms.
func TestPortalUnbindConfirmation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := app.client(t).login("customer")
	if a, _ := cust.get("/customer").Doc.Find(`[data-testid="end-association"]`).Closest("form").Attr("action"); a != "/customer/unbind/confirm" {
		t.Fatalf("the end button posts to %q", a)
	}
	r := cust.post("/customer", "/customer/unbind/confirm", nil)
	partner := dbString(t, app, `SELECT name FROM partners WHERE account_name = 'provider'`)
	if r.Status != http.StatusOK || r.text(`[data-testid="confirm-partner"]`) != partner {
		t.Fatalf("confirmation: %d %q", r.Status, r.text(`[data-testid="confirm-partner"]`))
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM customers WHERE account_name = 'demo-customer' AND partner_id IS NOT NULL`); n != 1 {
		t.Fatal("the confirmation ended the association")
	}
	if r := cust.post("/customer", "/customer/unbind", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", r.Status)
	}
	if r := cust.post("/customer", "/customer/unbind/confirm", nil); r.Status != http.StatusNotFound {
		t.Errorf("confirming with no partner: %d", r.Status)
	}
}

// An unbinding is refused while the customer has an order pending payment: the page names it.
func TestUnbindRefusedWithPendingOrders(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	o, err := models.CreateOrder(context.Background(), app.DB, actorOf(t, app, "provider-sales"), models.OrderInput{CustomerID: id,
		Mode: models.ChargePeriod, Products: []models.InquiryProduct{diskProduct(30, 5)}}, app.now())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh-CN", "en-US"} {
		r := app.client(t).login("customer").post("/customer", "/customer/unbind?lang="+lang, nil)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, o.OrderID()) {
			t.Errorf("%s: %d, the page does not name %s", lang, r.Status, o.OrderID())
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM customers WHERE id = ? AND partner_id IS NOT NULL`, id); n != 1 {
		t.Fatal("the customer was unbound with an order pending")
	}
}
