package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The worked example (SPEC 5) opens the page: 30 GB of GPSSD at 0.50 a GB-month for 5 months is
// ¥75.00, the demo price list's figure the README states.
func TestInquiryWorkedExample(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for _, lang := range []string{"zh-CN", "en-US"} {
		r := app.client(t).login("provider").get("/orders/price-inquiry?lang=" + lang)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: status %d", lang, r.Status)
		}
		if got := r.text(`[data-testid="official"]`); got != "¥75.00" {
			t.Errorf("%s: official %q, want ¥75.00", lang, got)
		}
		if got := r.text(`[data-testid="unit-price"]`); !strings.HasPrefix(got, "¥0.50 / GB / ") {
			t.Errorf("%s: unit price %q", lang, got)
		}
		if v, _ := r.Doc.Find(`#f-spec option[selected]`).Attr("value"); v != "hws.resource.type.volume/GPSSD" {
			t.Errorf("%s: spec %q", lang, v)
		}
		if r.count(`.menus a[href="/orders"].active`) != 1 || r.count(`.side a.active[href="/orders/price-inquiry"]`) != 1 {
			t.Errorf("%s: the Orders menu is not active", lang)
		}
		// names, never codes: the spec and the region are shown in the user's language
		want := map[string]string{"zh-CN": "通用型SSD", "en-US": "General-purpose SSD"}[lang]
		if !strings.Contains(r.text(`#f-spec option[selected]`), want) {
			t.Errorf("%s: spec shown as %q", lang, r.text(`#f-spec option[selected]`))
		}
	}
}

// Who may open the page, and whose menu has it: the route and the menu use one rule.
func TestInquiryAccess(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for _, tc := range []struct {
		user string
		want int
	}{{"provider", 200}, {"provider-sales", 200}, {"provider-finance", 200}, {"provider-viewer", 403},
		{"operator", 403}, {"customer", 403}, {"distributor", 200}, {"reseller", 200}} {
		c := app.client(t).login(tc.user)
		r := c.get("/orders/price-inquiry")
		if r.Status != tc.want {
			t.Errorf("%s: status %d, want %d", tc.user, r.Status, tc.want)
		}
		// the Orders menu opens the orders list, whose side menu has the price inquiry
		orders := c.get("/orders")
		if has := orders.count(`.side a[href="/orders/price-inquiry"]`) == 1; has != (tc.want == 200) {
			t.Errorf("%s: the price inquiry in the Orders menu %v, want %v", tc.user, has, tc.want == 200)
		}
	}
}

// Refusals are 422 with the field's error, every typed value kept.
func TestInquiryRefusals(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-sales")
	base := url.Values{"mode": {"period"}, "service": {"hws.service.type.ebs"}, "spec": {"hws.resource.type.volume/GPSSD"},
		"region": {"cn-north-1"}, "zone": {"cn-north-1b"}, "size": {"30"}, "period_type": {"2"}, "period_num": {"5"},
		"quantity": {"1"}, "lang": {"en-US"}}
	for _, tc := range []struct {
		name, param, value, field string
	}{
		{"size not a number", "size", "thirty", "size"},
		{"size off range", "size", "5", "size"},
		{"size missing", "size", "", "size"},
		{"zone of another region", "zone", "cn-east-3a", "zone"},
		{"unknown region", "region", "mars-1", "region"},
		{"spec of another service", "service", "hws.service.type.ec2", "spec"},
		{"unknown spec", "spec", "hws.resource.type.volume/NOPE", "spec"},
		{"12 months", "period_num", "12", "period_num"},
		{"bad period type", "period_type", "4", "period_type"},
		{"quantity 0", "quantity", "0", "quantity"},
		{"quantity 101", "quantity", "101", "quantity"},
		{"marketplace", "service", "hws.service.type.marketplace", "service"},
		{"bad mode", "mode", "forever", "mode"},
		{"customer not an id", "customer", "x1", "customer"},
		{"no such customer", "customer", "999999", "customer"},
		{"a one-letter name", "cq", "x", "cq"},
	} {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set(tc.param, tc.value)
		if tc.name == "marketplace" {
			q.Set("spec", "hws.resource.type.marketplace.saas/mkp.waf.standard")
		}
		r := c.get("/orders/price-inquiry?" + q.Encode())
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, r.Status)
			continue
		}
		if r.text(`[data-testid="error-`+tc.field+`"]`) == "" {
			t.Errorf("%s: no error on %s", tc.name, tc.field)
		}
		if r.count(`[data-testid="official"]`) != 0 {
			t.Errorf("%s: a price is shown", tc.name)
		}
		if in := r.Doc.Find(`#f-size`); tc.param == "size" && in.AttrOr("value", "?") != tc.value {
			t.Errorf("%s: size shown as %q", tc.name, in.AttrOr("value", "?"))
		}
	}
	// on demand: a usage in days is priced per hour
	q := url.Values{"mode": {"demand"}, "service": {"hws.service.type.ebs"}, "spec": {"hws.resource.type.volume/GPSSD"},
		"region": {"cn-north-1"}, "size": {"30"}, "usage_value": {"1"}, "usage_unit": {"5"}, "quantity": {"1"}}
	r := c.get("/orders/price-inquiry?" + q.Encode())
	if r.Status != http.StatusOK || r.text(`[data-testid="official"]`) != "¥0.50" { // 0.00069444 × 30 × 24 = 0.4999968
		t.Errorf("on demand: %d %q", r.Status, r.text(`[data-testid="official"]`))
	}
	q.Set("usage_unit", "10") // GB of traffic: not a duration
	if r := c.get("/orders/price-inquiry?" + q.Encode()); r.Status != 422 || r.text(`[data-testid="error-usage_unit"]`) == "" {
		t.Errorf("usage in GB: %d", r.Status)
	}
}

// A customer's discounts: each applicable one with its amount, and the best offer. The demo's
// first customer of provider has a 607 of 10 % on everything and a 605 of 12 % on disks.
func TestInquiryCustomerDiscounts(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	pid := providerID(t, app)
	id := dbString(t, app, `SELECT id FROM customers WHERE partner_id = ? ORDER BY id LIMIT 1`, pid)
	name := dbString(t, app, `SELECT account_name FROM customers WHERE id = ?`, id)
	c := app.client(t).login("provider-finance")
	r := c.get("/orders/price-inquiry?lang=en-US&customer=" + id)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	if got := r.count(`[data-testid="offer"]`); got != 2 {
		t.Fatalf("%d offers, want 2 (605 and 607)", got)
	}
	if got := r.text(`[data-testid="best"]`); got != "¥66.00" { // 75.00 less 12 %
		t.Errorf("best %q, want ¥66.00", got)
	}
	if got := r.text(`tr.highlight`); !strings.Contains(got, "Business contract") || !strings.Contains(got, "-¥9.00") {
		t.Errorf("best row %q", got)
	}
	if r.text(`[data-testid="customer-chosen"]`) == "" || r.text(`[data-testid="result-customer"]`) != name {
		t.Errorf("customer not shown: %q", r.text(`[data-testid="result-customer"]`))
	}
	// the picker searches by name, and the first match is priced
	r = c.get("/orders/price-inquiry?cq=" + url.QueryEscape(name))
	if r.Status != http.StatusOK || r.count(`[data-testid="customer-pick"] option`) == 0 || r.count(`[data-testid="offer"]`) == 0 {
		t.Errorf("search %q: %d, %d options", name, r.Status, r.count(`[data-testid="customer-pick"] option`))
	}
}

// Another partner's customer is not found: the same answer as no customer at all, without its
// name or its discounts.
func TestInquiryOtherPartnersCustomer(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	other := dbString(t, app, `SELECT c.id FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.account_name = 'reseller' ORDER BY c.id LIMIT 1`)
	name := dbString(t, app, `SELECT account_name FROM customers WHERE id = ?`, other)
	c := app.client(t).login("provider")
	r := c.get("/orders/price-inquiry?lang=en-US&customer=" + other)
	none := c.get("/orders/price-inquiry?lang=en-US&customer=999999")
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-customer"]`) != none.text(`[data-testid="error-customer"]`) {
		t.Errorf("other's customer: %d %q", r.Status, r.text(`[data-testid="error-customer"]`))
	}
	if strings.Contains(r.Body, name) || r.count(`[data-testid="offer"]`) != 0 {
		t.Error("the other partner's customer shows")
	}
	// its master distributor sees it, with its 606
	d := app.client(t).login("distributor").get("/orders/price-inquiry?customer=" + other)
	if d.Status != http.StatusOK || d.count(`[data-testid="offer"]`) == 0 {
		t.Errorf("distributor: %d, %d offers", d.Status, d.count(`[data-testid="offer"]`))
	}
}
