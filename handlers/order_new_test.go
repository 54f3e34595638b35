package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// demoCustomer is the demo customer's id: a consignment customer of provider that authorized it.
func demoCustomer(t *testing.T, app *testApp) string {
	t.Helper()
	return dbString(t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
}

func orderPage(id string) string { return "/sales/customers/" + id + "/orders/new" }

// confirmAndPlace opens the confirmation of the form's query and posts its form as it stands.
func confirmAndPlace(t *testing.T, c *client, id string, q url.Values) (*response, *response) {
	t.Helper()
	q.Set("step", "confirm")
	conf := c.get(orderPage(id) + "?" + q.Encode())
	form := url.Values{}
	conf.Doc.Find(`[data-testid="confirm-form"] input`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if len(form) == 0 {
		t.Fatalf("no confirmation: %d %s", conf.Status, conf.text(`[data-testid="notice"]`))
	}
	return conf, c.do(http.MethodPost, "/sales/customers/"+id+"/orders", form)
}

// The page prices the same products as the inquiry page, for the same customer: the official
// price and the best offer are the inquiry's.
func TestOrderNewPriceIsTheInquirys(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := demoCustomer(t, app)
	c := app.client(t).login("provider-sales")
	for _, lang := range []string{"zh-CN", "en-US"} {
		r := c.get(orderPage(id) + "?lang=" + lang)
		inq := c.get("/orders/price-inquiry?customer=" + id)
		if r.Status != http.StatusOK || inq.Status != http.StatusOK {
			t.Fatalf("%s: status %d, inquiry %d", lang, r.Status, inq.Status)
		}
		if got := r.text(`[data-testid="official"]`); got != "¥75.00" || got != inq.text(`[data-testid="official"]`) {
			t.Errorf("%s: official %q, inquiry %q", lang, got, inq.text(`[data-testid="official"]`))
		}
		if got := r.text(`[data-testid="best"]`); got != inq.text(`[data-testid="best"]`) {
			t.Errorf("%s: best %q, inquiry %q", lang, got, inq.text(`[data-testid="best"]`))
		}
		if r.count(`[data-testid="offer"]`) != inq.count(`[data-testid="offer"]`) {
			t.Errorf("%s: %d offers, the inquiry %d", lang, r.count(`[data-testid="offer"]`), inq.count(`[data-testid="offer"]`))
		}
	}
	// two products: each line's price, and their sum
	q := url.Values{"mode": {"period"}}
	for k, v := range map[string]string{"service": "hws.service.type.ebs", "spec": "hws.resource.type.volume/GPSSD", "region": "cn-north-1",
		"zone": "cn-north-1b", "size": "30", "period_type": "2", "period_num": "5", "quantity": "1"} {
		q.Set("l1."+k, v)
		q.Set("l2."+k, v)
	}
	q.Set("l2.quantity", "2")
	r := c.get(orderPage(id) + "?" + q.Encode())
	if r.Status != http.StatusOK || r.count(`[data-testid="line-official"]`) != 2 || r.text(`[data-testid="official"]`) != "¥225.00" {
		t.Errorf("two products: %d, %q", r.Status, r.text(`[data-testid="official"]`))
	}
}

// Shape errors and the domain's refusals of a product are 422 on the line's field, every value kept.
func TestOrderNewFormErrors(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := demoCustomer(t, app)
	c := app.client(t).login("provider")
	line := func(n string) url.Values {
		q := url.Values{"mode": {"period"}}
		for k, v := range map[string]string{"service": "hws.service.type.ebs", "spec": "hws.resource.type.volume/GPSSD", "region": "cn-north-1",
			"zone": "cn-north-1b", "size": "30", "period_type": "2", "period_num": "5", "quantity": "1"} {
			q.Set("l"+n+"."+k, v)
		}
		return q
	}
	for _, tc := range []struct {
		name, param, value, field string
	}{
		{"size not a number", "l1.size", "thirty", "l1.size"},
		{"size off range", "l1.size", "5", "l1.size"},
		{"12 months", "l1.period_num", "12", "l1.period_num"},
		{"zone of another region", "l1.zone", "cn-east-3a", "l1.zone"},
		{"quantity 0", "l1.quantity", "0", "l1.quantity"},
		{"bad mode", "mode", "forever", "mode"},
	} {
		q := line("1")
		q.Set(tc.param, tc.value)
		r := c.get(orderPage(id) + "?lang=en-US&" + q.Encode())
		if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-`+tc.field+`"]`) == "" {
			t.Errorf("%s: %d, error %q", tc.name, r.Status, r.text(`[data-testid="error-`+tc.field+`"]`))
		}
		if v := r.Doc.Find(`[name="l1.size"]`).AttrOr("value", "?"); v != q.Get("l1.size") {
			t.Errorf("%s: size shown as %q", tc.name, v)
		}
	}
	// the second product's refusal names it
	q := line("1")
	for k, v := range line("2") {
		q[k] = v
	}
	q.Set("l2.period_num", "13")
	r := c.get(orderPage(id) + "?" + q.Encode())
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-l2.period_num"]`) == "" || r.text(`[data-testid="error-l1.period_num"]`) != "" {
		t.Errorf("second product: %d", r.Status)
	}
	// a marketplace product sent by hand is refused on its service, in words
	q = line("1")
	q.Set("l1.service", "hws.service.type.marketplace")
	q.Set("l1.spec", "hws.resource.type.marketplace.saas/mkp.waf.standard")
	q.Set("l1.region", "cn-north-4")
	q.Del("l1.zone")
	r = c.get(orderPage(id) + "?lang=en-US&" + q.Encode())
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="error-l1.service"]`), "marketplace") {
		t.Errorf("marketplace: %d %q", r.Status, r.text(`[data-testid="error-l1.service"]`))
	}
	// add copies the last product; remove takes one out
	q = line("1")
	q.Set("add", "1")
	if r := c.get(orderPage(id) + "?" + q.Encode()); r.count(`[data-testid="order-line"]`) != 2 || r.text(`[data-testid="official"]`) != "¥150.00" {
		t.Errorf("add: %d lines, %q", r.count(`[data-testid="order-line"]`), r.text(`[data-testid="official"]`))
	}
	q = line("1")
	for k, v := range line("2") {
		q[k] = v
	}
	q.Set("l2.size", "40")
	q.Set("remove", "1")
	r = c.get(orderPage(id) + "?" + q.Encode())
	if r.count(`[data-testid="order-line"]`) != 1 || r.Doc.Find(`[name="l1.size"]`).AttrOr("value", "") != "40" {
		t.Errorf("remove: %d lines", r.count(`[data-testid="order-line"]`))
	}
}

// Who may not order for whom, said in words; another partner's customer is not found.
func TestOrderNewRefusals(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	pid := providerID(t, app)
	unauthorized := `SELECT MIN(id) FROM customers WHERE partner_id = ? AND mode = ? AND frozen = ? AND id NOT IN (SELECT customer_id FROM order_authorizations)`
	advisory := dbString(t, app, unauthorized, pid, models.Advisory, 0)
	frozen := dbString(t, app, unauthorized, pid, models.Consignment, 1)
	noAuth := dbString(t, app, unauthorized, pid, models.Consignment, 0)
	pending := dbString(t, app, `SELECT MIN(customer_id) FROM order_authorizations WHERE status = ?`, models.AuthPending)
	other := dbString(t, app, `SELECT c.id FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.account_name = 'reseller' ORDER BY c.id LIMIT 1`)
	c := app.client(t).login("provider-sales")
	for _, tc := range []struct {
		name, id, says string
	}{
		{"advisory", advisory, "consignment customers only"},
		{"frozen", frozen, "frozen"},
		{"no authorization", noAuth, "Request authorization"},
		{"pending", pending, "awaits the customer"},
	} {
		r := c.get(orderPage(tc.id) + "?lang=en-US")
		if r.Status != http.StatusOK || r.count(`[data-testid="order-refused"]`) != 1 || !strings.Contains(r.text(`[data-testid="order-refused"]`), tc.says) {
			t.Errorf("%s: %d %q", tc.name, r.Status, r.text(`[data-testid="order-refused"]`))
		}
		if r.count(`[data-testid="order-form"]`) != 0 {
			t.Errorf("%s: the form is offered", tc.name)
		}
	}
	r := c.get(orderPage(noAuth))
	if r.count(`[data-testid="auth-request"]`) != 1 || c.get(orderPage(pending)).count(`[data-testid="auth-request"]`) != 0 {
		t.Error("the request is not offered where it is missing, or offered where one waits")
	}
	// the request on the page works: it asks the customer
	tok := r.Doc.Find(`[data-testid="auth-request"] input[name="_csrf"]`).AttrOr("value", "")
	if res := c.do(http.MethodPost, "/sales/customers/"+noAuth+"/authorizations", url.Values{"_csrf": {tok}}); res.Status != http.StatusSeeOther {
		t.Errorf("request: %d", res.Status)
	}
	if r := c.get(orderPage(noAuth) + "?lang=en-US"); r.count(`[data-testid="auth-pending"]`) != 1 {
		t.Error("the request made is not said")
	}
	if r := c.get(orderPage(other)); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer: %d", r.Status)
	}
	// posting an order anyway changes nothing
	orders := dbString(t, app, `SELECT COUNT(*) FROM orders`)
	tok = c.csrf(orderPage(demoCustomer(t, app)))
	for _, id := range []string{advisory, frozen, noAuth, other} {
		res := c.do(http.MethodPost, "/sales/customers/"+id+"/orders", url.Values{"_csrf": {tok}, "mode": {"period"}, "official": {"75.00"},
			"l1.service": {"hws.service.type.ebs"}, "l1.spec": {"hws.resource.type.volume/GPSSD"}, "l1.region": {"cn-north-1"},
			"l1.size": {"30"}, "l1.period_type": {"2"}, "l1.period_num": {"5"}, "l1.quantity": {"1"}})
		if res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusNotFound {
			t.Errorf("posting for %s: %d", id, res.Status)
		}
	}
	if dbString(t, app, `SELECT COUNT(*) FROM orders`) != orders {
		t.Error("an order was made")
	}
}

// The customer page links to the page for who may use it, for consignment customers only.
func TestOrderNewLink(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := demoCustomer(t, app)
	advisory := dbString(t, app, `SELECT MIN(id) FROM customers WHERE partner_id = ? AND mode = ?`, providerID(t, app), models.Advisory)
	for user, want := range map[string]int{"provider": 1, "provider-sales": 1, "provider-finance": 0, "provider-viewer": 0} {
		c := app.client(t).login(user)
		if got := c.get("/sales/customers/" + id).count(`a[data-testid="order-on-behalf"][href="` + orderPage(id) + `"]`); got != want {
			t.Errorf("%s: %d links, want %d", user, got, want)
		}
		if user == "provider" && c.get("/sales/customers/"+advisory).count(`[data-testid="order-on-behalf"]`) != 0 {
			t.Error("an advisory customer has the link")
		}
	}
}

// Ordering: the confirmation, then a pending-payment order at the price shown, and its page.
func TestPlaceOrder(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := demoCustomer(t, app)
	c := app.client(t).login("provider-sales")
	before := dbValue[int](t, app, `SELECT COUNT(*) FROM orders`)
	mine := dbValue[int](t, app, `SELECT COUNT(*) FROM orders WHERE customer_id = ?`, id)
	conf, r := confirmAndPlace(t, c, id, url.Values{"lang": {"en-US"}})
	if conf.Status != http.StatusOK || conf.text(`[data-testid="official"]`) != "¥75.00" || conf.count(`[data-testid="confirm-line"]`) != 1 {
		t.Fatalf("confirmation: %d %q", conf.Status, conf.text(`[data-testid="official"]`))
	}
	if got := conf.text(`[data-testid="confirm-line"]`); !strings.Contains(got, "General-purpose SSD") || !strings.Contains(got, "30 GB") {
		t.Errorf("the line is not named: %q", got)
	}
	if dbValue[int](t, app, `SELECT COUNT(*) FROM orders`) != before+1 {
		t.Fatal("the confirmation and the order made other than one order")
	}
	var o models.Order
	app.DB.Order("id DESC").First(&o)
	if r.Status != http.StatusSeeOther || r.Location != "/orders/"+strconv.FormatUint(o.ID, 10) {
		t.Fatalf("placed: %d %q (order %d)", r.Status, r.Location, o.ID)
	}
	if o.Status != models.OrderPendingPayment || o.Official != 7500 || o.PendingPaymentEndTime == nil ||
		!o.PendingPaymentEndTime.Equal(testNow.Add(models.PaymentWindow)) {
		t.Errorf("order %+v", o)
	}
	if n := dbString(t, app, `SELECT COUNT(*) FROM order_lines WHERE order_id = ? AND official = 7500 AND size = 30 AND period_num = 5 AND zone = 'cn-north-1b'`, o.ID); n != "1" {
		t.Errorf("%s lines as priced", n)
	}
	if flash := c.get("/sales/customers/" + id).text(`[data-testid="flash"]`); !strings.Contains(flash, o.OrderID()) {
		t.Errorf("flash %q", flash)
	}
	// a price that is no longer the one shown: the confirmation again, with the price now
	form := url.Values{"_csrf": {c.csrf(orderPage(id))}, "mode": {"period"}, "official": {"74.00"}, "l1.service": {"hws.service.type.ebs"},
		"l1.spec": {"hws.resource.type.volume/GPSSD"}, "l1.region": {"cn-north-1"}, "l1.zone": {"cn-north-1b"}, "l1.size": {"30"},
		"l1.period_type": {"2"}, "l1.period_num": {"5"}, "l1.quantity": {"1"}}
	r = c.do(http.MethodPost, "/sales/customers/"+id+"/orders", form)
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="confirm-step"]`) != 1 || r.text(`[data-testid="official"]`) != "¥75.00" ||
		r.Doc.Find(`input[name="official"]`).AttrOr("value", "") != "75.00" {
		t.Errorf("changed price: %d %q", r.Status, r.text(`[data-testid="official"]`))
	}
	form.Del("official")
	if r := c.do(http.MethodPost, "/sales/customers/"+id+"/orders", form); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="confirm-step"]`) != 1 {
		t.Errorf("no price confirmed: %d", r.Status)
	}
	if n := dbValue[int](t, app, `SELECT COUNT(*) FROM orders WHERE customer_id = ?`, id); n != mine+1 {
		t.Errorf("%d orders of the customer, want %d", n, mine+1)
	}
}

// An on-demand order: priced for the usage typed, as the inquiry prices it, and complete at once
// with its resource.
func TestPlaceOnDemandOrder(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := demoCustomer(t, app)
	c := app.client(t).login("provider")
	q := url.Values{"mode": {"demand"}, "l1.service": {"hws.service.type.ebs"}, "l1.spec": {"hws.resource.type.volume/GPSSD"},
		"l1.region": {"cn-north-1"}, "l1.size": {"30"}, "l1.usage_value": {"1"}, "l1.usage_unit": {"5"}, "l1.quantity": {"1"}}
	inq := c.get("/orders/price-inquiry?mode=demand&service=hws.service.type.ebs&spec=hws.resource.type.volume/GPSSD&region=cn-north-1&size=30&usage_value=1&usage_unit=5&quantity=1&customer=" + id)
	if r := c.get(orderPage(id) + "?" + q.Encode()); r.Status != http.StatusOK || r.text(`[data-testid="official"]`) != inq.text(`[data-testid="official"]`) {
		t.Fatalf("on demand: %d %q, inquiry %q", r.Status, r.text(`[data-testid="official"]`), inq.text(`[data-testid="official"]`))
	}
	conf, r := confirmAndPlace(t, c, id, q)
	if !strings.Contains(conf.text(`[data-testid="confirm-line"]`), "1 天") && !strings.Contains(conf.text(`[data-testid="confirm-line"]`), "1 day") {
		t.Errorf("the usage is not said: %q", conf.text(`[data-testid="confirm-line"]`))
	}
	n, _ := strconv.ParseUint(strings.TrimPrefix(r.Location, "/orders/"), 10, 64)
	if r.Status != http.StatusSeeOther || dbValue[int8](t, app, `SELECT status FROM orders WHERE id = ?`, n) != models.OrderCompleted {
		t.Fatalf("placed: %d %s", r.Status, r.Location)
	}
	if got := dbValue[int](t, app, `SELECT COUNT(*) FROM resources WHERE order_id = ? AND expire_at IS NULL`, n); got != 1 {
		t.Errorf("%d on-demand resources", got)
	}
}
