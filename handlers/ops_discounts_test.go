package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The operator finds a customer by name and sets its business-contract discount (605); a rate
// out of range is 422 with the field's error.
func TestOpsContractDiscount(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbString(t, app, `SELECT c.id FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.account_name = 'reseller' ORDER BY c.id DESC LIMIT 1`)
	name := dbString(t, app, `SELECT account_name FROM customers WHERE id = ?`, id)
	op := app.client(t).login("operator")
	r := op.get("/ops/discounts?cq=" + url.QueryEscape(name))
	if r.Status != http.StatusOK || r.count(`[data-testid="found-row"]`) == 0 {
		t.Fatalf("search %q: %d, %d found", name, r.Status, r.count(`[data-testid="found-row"]`))
	}
	page := "/ops/discounts?cq=" + url.QueryEscape(name) + "&customer=" + id
	r = op.get(page)
	action, _ := r.Doc.Find(`[data-testid="discount-form"]`).Attr("action")
	if action != "/ops/discounts/"+id || !strings.Contains(r.text(`[data-testid="customer-chosen"]`), name) {
		t.Fatalf("the 605 form: %q", action)
	}
	form := url.Values{"service": {""}, "off": {"101"}, "valid_from": {"2026-11-23"}, "valid_to": {"2030-01-01"}, "cq": {name}}
	if r := op.post(page, action, form); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-off"]`) == "" {
		t.Errorf("101 %%: %d", r.Status)
	}
	form.Set("off", "5")
	if r := op.post(page, action, form); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "customer="+id) {
		t.Fatalf("set 605: %d %s", r.Status, r.Location)
	}
	if n := dbValue[int64](t, app, `SELECT count(*) FROM discounts WHERE customer_id = ? AND type = 605 AND partner_id IS NULL`, id); n != 1 {
		t.Errorf("%d 605 discounts", n)
	}
	// a partner may not remove it: its row has no remove button on the partner's page
	d := app.client(t).login("distributor").get("/sales/customers/" + id)
	if d.count(`[data-testid="discount-row"]`) == 0 {
		t.Error("the distributor does not see the customer's discounts")
	}
	if r := op.get("/ops/discounts?cq=x"); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-cq"]`) == "" {
		t.Errorf("a one-letter search: %d", r.Status)
	}
}

// The operator sets a partner's 607 ceiling; the partner's discounts are held to it.
func TestOpsDiscountCeilings(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	pid := providerID(t, app)
	op := app.client(t).login("operator")
	r := op.get("/ops/catalog/ceilings?q=provider")
	if r.Status != http.StatusOK || r.count(`[data-testid="ceiling-row"]`) == 0 {
		t.Fatalf("ceilings: %d", r.Status)
	}
	path := "/ops/catalog/ceilings/" + pid
	if r := op.post("/ops/catalog/ceilings", path, url.Values{"max_off": {"abc"}}); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-max_off"]`) == "" {
		t.Errorf("abc: %d", r.Status)
	}
	if r := op.post("/ops/catalog/ceilings", path, url.Values{"max_off": {"5"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("set: %d", r.Status)
	}
	if got := dbValue[int64](t, app, `SELECT max_off FROM discount_ceilings WHERE partner_id = ?`, pid); got != 500 {
		t.Errorf("stored %d", got)
	}
	own := dbString(t, app, `SELECT id FROM customers WHERE partner_id = ? ORDER BY id DESC LIMIT 1`, pid)
	page := "/sales/customers/" + own
	form := url.Values{"service": {""}, "off": {"6"}, "valid_from": {"2026-11-23"}, "valid_to": {"2030-01-01"}}
	if r := app.client(t).login("provider").post(page, page+"/discounts", form); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("6 %% above the new 5 %% ceiling: %d", r.Status)
	}
}
