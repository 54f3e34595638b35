package handlers

import (
	"net/http"
	"net/url"
	"testing"
)

// A partner's discounts on the customer detail page: 607 for its own customer within its
// ceiling, 606 for a reseller's by the master distributor; refusals are 422 with the field's
// error and the typed values; another partner's customer is not found.
func TestCustomerDiscounts(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	pid := providerID(t, app)
	own := dbString(t, app, `SELECT id FROM customers WHERE partner_id = ? ORDER BY id DESC LIMIT 1`, pid)
	page := "/sales/customers/" + own
	sales := app.client(t).login("provider-sales")
	r := sales.get(page + "?lang=en-US")
	if r.count(`[data-testid="discount-form"]`) != 1 || r.text(`[data-testid="ceiling"]`) == "" {
		t.Fatalf("no discount form for sales (status %d)", r.Status)
	}
	form := url.Values{"service": {"hws.service.type.ebs"}, "off": {"15"}, "valid_from": {"2026-11-23"}, "valid_to": {"2027-11-22"}}
	for _, tc := range []struct{ field, value, errField string }{
		{"off", "25", "off"}, // above provider's 20 % ceiling
		{"off", "0", "off"},
		{"off", "12.345", "off"},
		{"valid_to", "2026-01-01", "valid_to"},
		{"valid_from", "tomorrow", "valid_from"},
		{"service", "hws.service.type.marketplace", "service"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(tc.field, tc.value)
		r := sales.post(page, page+"/discounts", f)
		if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-`+tc.errField+`"]`) == "" {
			t.Errorf("%s=%s: %d, no error on %s", tc.field, tc.value, r.Status, tc.errField)
			continue
		}
		if v, _ := r.Doc.Find(`#f-` + tc.field).Attr("value"); tc.field != "service" && v != tc.value {
			t.Errorf("%s=%s: shown as %q", tc.field, tc.value, v)
		}
	}
	if r := sales.post(page, page+"/discounts", form); r.Status != http.StatusSeeOther {
		t.Fatalf("set: %d", r.Status)
	}
	if got := dbValue[int64](t, app, `SELECT off FROM discounts WHERE customer_id = ? AND type = 607 AND service_type = 'hws.service.type.ebs'`, own); got != 1500 {
		t.Errorf("stored %d basis points", got)
	}
	if n := dbValue[int64](t, app, `SELECT count(*) FROM audit_records WHERE action = 'discount.set' AND object_id = ?`, own); n != 1 {
		t.Errorf("%d audit records", n)
	}
	r = sales.get(page)
	if r.count(`[data-testid="discount-row"]`) == 0 || r.count(`[data-testid="remove-discount"]`) == 0 {
		t.Fatal("the discount is not listed")
	}
	// the price inquiry for the customer gets it
	if q := sales.get("/orders/price-inquiry?customer=" + own); q.text(`[data-testid="best"]`) != "¥63.75" { // 75.00 less 15 %
		t.Errorf("inquiry with the discount: %q", q.text(`[data-testid="best"]`))
	}
	confirm, _ := r.Doc.Find(`[data-testid="remove-discount"]`).Closest("form").Attr("action")
	conf := sales.post(page, confirm, nil) // the confirmation step names the discount and removes nothing
	action := conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "")
	if conf.Status != http.StatusOK || action+"/confirm" != confirm || conf.text(`[data-testid="confirm-rate"]`) != "15%" {
		t.Errorf("remove's confirmation: %d, posts to %q, rate %q", conf.Status, action, conf.text(`[data-testid="confirm-rate"]`))
	}
	if r := sales.post(page, action, nil); r.Status != http.StatusSeeOther {
		t.Errorf("remove: %d", r.Status)
	}

	// finance and viewers see the list, without the form, and may not post
	for _, u := range []string{"provider-finance", "provider-viewer"} {
		c := app.client(t).login(u)
		if r := c.get(page); r.count(`[data-testid="discounts"]`) != 1 || r.count(`[data-testid="discount-form"]`) != 0 {
			t.Errorf("%s: the discounts card is wrong", u)
		}
		if r := c.post(page, page+"/discounts", form); r.Status != http.StatusForbidden {
			t.Errorf("%s: set %d, want 403", u, r.Status)
		}
	}

	// a reseller's customer: not found for provider, a 606 for its master distributor
	theirs := dbString(t, app, `SELECT c.id FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.account_name = 'reseller' ORDER BY c.id DESC LIMIT 1`)
	if r := app.client(t).login("provider").post(page, "/sales/customers/"+theirs+"/discounts", form); r.Status != http.StatusNotFound {
		t.Errorf("provider on another partner's customer: %d", r.Status)
	}
	dist := app.client(t).login("distributor")
	form.Set("off", "8")
	if r := dist.post("/sales/customers/"+theirs, "/sales/customers/"+theirs+"/discounts", form); r.Status != http.StatusSeeOther {
		t.Errorf("distributor 606: %d", r.Status)
	}
	if n := dbValue[int64](t, app, `SELECT count(*) FROM discounts WHERE customer_id = ? AND type = 606`, theirs); n != 1 {
		t.Errorf("%d 606 discounts", n)
	}
}
