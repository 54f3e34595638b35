package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
	"partnerhub/views"
)

// ebsOrder orders a 30 GB GPSSD disk for 5 months for the demo customer, as the provider's sales
// member: an order pending payment.
func ebsOrder(t *testing.T, app *testApp) *models.Order {
	t.Helper()
	id := uint64(dbValue[int64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`))
	o, err := models.CreateOrder(t.Context(), app.DB, models.ActorOf(mustUser(t, app, "provider-sales"), "t"),
		models.OrderInput{CustomerID: id, Mode: models.ChargePeriod, Products: []models.InquiryProduct{{
			ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Spec: "GPSSD", Region: "cn-north-4",
			Size: 30, PeriodType: models.PeriodMonth, PeriodNum: 5, Quantity: 1}}}, app.now())
	if err != nil || o.Status != models.OrderPendingPayment {
		t.Fatalf("order: %+v %v", o, err)
	}
	return o
}

// rowIDs are the order numbers a list shows.
func rowIDs(r *response) []string {
	var out []string
	r.Doc.Find(`[data-testid="order-row"]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("data-id", ""))
	})
	return out
}

func listed(r *response, o *models.Order) bool {
	for _, id := range rowIDs(r) {
		if id == o.OrderID() {
			return true
		}
	}
	return false
}

// The list's tabs and filters, in the console and the portal; another partner's or customer's
// order is not found.
func TestOrderList(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o := ebsOrder(t, app)
	sales := app.client(t).login("provider-sales")
	day := testNow.In(models.BusinessZone).Format("2006-01-02")
	before := testNow.In(models.BusinessZone).AddDate(0, 0, -3).Format("2006-01-02")
	for _, tc := range []struct {
		query string
		want  bool
	}{
		{"", true},
		{"?status=6", true},
		{"?status=5", false},
		{"?status=1", false},
		{"?customer=demo-customer", true},
		{"?customer=" + url.QueryEscape("no-such-customer-x"), false},
		{"?service=hws.service.type.ebs", true},
		{"?service=hws.service.type.ec2", false},
		{"?order_type=1", true},
		{"?order_type=2", false},
		{"?created_from=" + day + "&created_to=" + day, true},
		{"?created_to=" + before, false},
		{"?paid_from=" + before, false}, // not paid yet
	} {
		r := sales.get("/orders" + tc.query)
		if r.Status != http.StatusOK || listed(r, o) != tc.want {
			t.Errorf("%s: %d, listed %v, want %v (%v)", tc.query, r.Status, listed(r, o), tc.want, rowIDs(r))
		}
	}
	r := sales.get("/orders?status=6")
	if r.count(`[data-testid="tab-6"].active`) != 1 || r.count(`[data-testid="order-tabs"] a`) != 6 {
		t.Error("the pending payment tab is not the active one of six")
	}
	row := r.Doc.Find(fmt.Sprintf(`[data-testid="order-row"][data-id="%s"]`, o.OrderID()))
	if !strings.Contains(row.Text(), "demo-customer") || !strings.Contains(row.Text(), views.T(views.ZH, "opages.status.6")) ||
		!strings.Contains(row.Text(), views.Money(o.OfficialMoney())) {
		t.Errorf("the row says %q", strings.Join(strings.Fields(row.Text()), " "))
	}
	if all := sales.get("/orders"); all.text(`[data-testid="total"]`) == "0" || all.count(`[data-testid="order-row"]`) < 2 {
		t.Errorf("the demo's orders are not listed: total %s", all.text(`[data-testid="total"]`))
	}
	// bad values are ignored, and the page says which
	bad := sales.get("/orders?status=2&created_from=2026-13-01&reseller=5&paid_from=2026-11-20&paid_to=2026-11-01")
	if bad.Status != http.StatusOK || !listed(bad, o) || bad.count(`[data-testid="notice"]`) != 2 {
		t.Errorf("bad filters: %d, %d notices", bad.Status, bad.count(`[data-testid="notice"]`))
	}
	en := sales.get("/orders?order_type=9&created_from=2026-06-01&created_to=2026-01-01&lang=en-US")
	if got := en.Doc.Find(`[data-testid="notice"]`).Text(); !strings.Contains(got, "Order type") || !strings.Contains(got, "start") {
		t.Errorf("ignored filters said as %q", got)
	}
	if r := sales.get("/orders?status=6&page=999"); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "status=6") {
		t.Errorf("a page past the end: %d %s", r.Status, r.Location)
	}
	// another partner, another customer
	if s := app.client(t).login("distributor").get("/orders/" + views.ID(o.ID)).Status; s != http.StatusNotFound {
		t.Errorf("another partner's order: %d", s)
	}
	if listed(app.client(t).login("distributor").get("/orders"), o) {
		t.Error("another partner lists the order")
	}
	if s := app.client(t).login("prospect").get("/customer/orders/" + views.ID(o.ID)).Status; s != http.StatusNotFound {
		t.Errorf("another customer's order: %d", s)
	}
	cust := app.client(t).login("customer")
	if r := cust.get("/customer/orders?status=6"); !listed(r, o) || r.count(`[data-testid="order-customer"]`) != 0 {
		t.Error("the portal does not list the customer's order, or names the customer")
	}
	// a viewer reads the order and is offered neither pay nor cancel
	v := app.client(t).login("provider-viewer").get("/orders/" + views.ID(o.ID))
	if v.Status != http.StatusOK || v.count(`[data-testid="pay"]`) != 0 || v.count(`[data-testid="cancel-order"]`) != 0 {
		t.Errorf("viewer: %d, pay %d", v.Status, v.count(`[data-testid="pay"]`))
	}
}

// The order's page names its line and offers the coupons and discounts it may use.
func TestOrderDetail(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o := ebsOrder(t, app)
	r := app.client(t).login("provider-sales").get("/orders/" + views.ID(o.ID))
	if r.Status != http.StatusOK || r.text(`[data-testid="order-number"]`) != o.OrderID() {
		t.Fatalf("detail: %d", r.Status)
	}
	line := strings.Join(strings.Fields(r.Doc.Find(`[data-testid="order-line"]`).Text()), " ")
	for _, want := range []string{"通用型SSD", "30 GB", "5 个月", "¥0.50 / GB / 月", views.Money(o.OfficialMoney())} {
		if !strings.Contains(line, want) {
			t.Errorf("the line %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, "hws.") || strings.Contains(line, "GPSSD ") {
		t.Errorf("the line shows codes: %q", line)
	}
	if r.count(`[data-testid="coupon-choice"]`) == 0 || r.count(`[data-testid="pay"]`) != 1 || r.text(`[data-testid="order-deadline"]`) == "" {
		t.Error("no coupon to choose, no pay button or no deadline")
	}
	en := app.client(t).login("customer").get("/customer/orders/" + views.ID(o.ID) + "?lang=en-US")
	if line := en.text(`[data-testid="order-line"]`); !strings.Contains(line, "General-purpose SSD") || !strings.Contains(line, "5 months") {
		t.Errorf("in English the line says %q", strings.Join(strings.Fields(line), " "))
	}
}

// confirmForm is the values of a confirmation page's form, and where it posts.
func confirmForm(t *testing.T, r *response) (string, url.Values) {
	t.Helper()
	f := r.Doc.Find(`form[data-testid="confirm-form"]`)
	action, ok := f.Attr("action")
	if !ok {
		t.Fatalf("no confirmation form (status %d)", r.Status)
	}
	v := url.Values{}
	f.Find("input").Each(func(_ int, s *goquery.Selection) {
		v.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	return action, v
}

func firstCoupon(t *testing.T, r *response) string {
	t.Helper()
	id, ok := r.Doc.Find(`[data-testid="coupon-check"]`).First().Attr("value")
	if !ok {
		t.Fatal("no coupon offered")
	}
	return id
}

func payments(t *testing.T, app *testApp, o *models.Order) int64 {
	return dbValue[int64](t, app, `SELECT COUNT(*) FROM transfers WHERE kind = ? AND memo = ?`, models.KindOrderPayment, "order "+o.OrderID())
}

// Paying with a coupon and the balance, in the portal: the confirmation shows the split, the post
// pays, and the same post again pays nothing more.
func TestOrderPay(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o := ebsOrder(t, app)
	cust := app.client(t).login("customer")
	page := "/customer/orders/" + views.ID(o.ID)
	coupon := firstCoupon(t, cust.get(page))
	conf := cust.post(page, page+"/pay/confirm", url.Values{"coupon": {coupon}})
	if conf.Status != http.StatusOK || conf.count(`[data-testid="short"]`) != 0 {
		t.Fatalf("confirm: %d %s", conf.Status, conf.text(`[data-testid="notice"]`))
	}
	action, form := confirmForm(t, conf)
	if form.Get("coupon") != coupon || form.Get(idemField) == "" {
		t.Fatalf("the confirmation carries %v", form)
	}
	res := cust.do(http.MethodPost, action, form)
	if res.Status != http.StatusSeeOther || res.Location != page {
		t.Fatalf("pay: %d %s", res.Status, res.Location)
	}
	var paid models.Order
	app.DB.First(&paid, o.ID)
	if paid.Status != models.OrderProcessing || paid.Coupons == 0 || paid.Coupons+paid.Cash != paid.Official {
		t.Fatalf("paid %+v", paid)
	}
	if got := strings.TrimSpace(conf.text(`[data-testid="preview-cash"]`)); got != views.Money(paid.CashMoney()) {
		t.Errorf("the confirmation said %s from the balance, the payment took %s", got, views.Money(paid.CashMoney()))
	}
	again := cust.do(http.MethodPost, action, form)
	if again.Status != http.StatusSeeOther || payments(t, app, o) != 1 {
		t.Errorf("the same post again: %d, %d payments", again.Status, payments(t, app, o))
	}
	if d := cust.get(page); d.text(`[data-testid="amount-coupons"]`) != views.Money(paid.CouponMoney()) || d.count(`[data-testid="pay"]`) != 0 {
		t.Error("the paid order's page shows other amounts, or a pay button")
	}
}

// The partner pays on the customer's behalf; a short balance is said with the amount missing,
// and nothing is paid.
func TestOrderPayShort(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o := ebsOrder(t, app)
	cid := o.CustomerID
	admin := models.ActorOf(mustUser(t, app, "provider"), "t")
	if bal, _ := models.CustomerBalance(t.Context(), app.DB, cid); bal.IsPositive() {
		if _, err := models.Reclaim(t.Context(), app.DB, admin, cid, models.FundsInput{Amount: bal}, app.now()); err != nil {
			t.Fatal(err)
		}
	}
	sales := app.client(t).login("provider-sales")
	page := "/orders/" + views.ID(o.ID)
	conf := sales.post(page, page+"/pay/confirm", nil)
	missing := views.T(views.ZH, "opages.short", views.Money(o.OfficialMoney()))
	if conf.Status != http.StatusOK || conf.text(`[data-testid="short"]`) != missing {
		t.Fatalf("confirm: %d, %q, want %q", conf.Status, conf.text(`[data-testid="short"]`), missing)
	}
	action, form := confirmForm(t, conf)
	res := sales.do(http.MethodPost, action, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, missing) {
		t.Errorf("pay: %d", res.Status)
	}
	if s := dbValue[int64](t, app, `SELECT status FROM orders WHERE id = ?`, o.ID); s != int64(models.OrderPendingPayment) || payments(t, app, o) != 0 {
		t.Errorf("after a short payment: status %d", s)
	}
	// four coupons are refused in words, on the order's page
	four := url.Values{"coupon": {"1", "2", "3", "4"}}
	if r := sales.post(page, page+"/pay/confirm", four); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, views.T(views.ZH, "err.too_many_coupons")) {
		t.Errorf("four coupons: %d", r.Status)
	}
	// a finance member may not pay
	fin := app.client(t).login("provider-finance")
	if r := fin.post(page, page+"/pay/confirm", nil); r.Status != http.StatusForbidden {
		t.Errorf("finance: %d", r.Status)
	}
}

// Cancelling goes through a confirmation; a second cancel is refused in words.
func TestOrderCancel(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o := ebsOrder(t, app)
	sales := app.client(t).login("provider-sales")
	page := "/orders/" + views.ID(o.ID)
	conf := sales.post(page, page+"/cancel/confirm", nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-order"]`) != o.OrderID() {
		t.Fatalf("confirm: %d", conf.Status)
	}
	action, form := confirmForm(t, conf)
	if r := sales.do(http.MethodPost, action, form); r.Status != http.StatusSeeOther || r.Location != page {
		t.Fatalf("cancel: %d %s", r.Status, r.Location)
	}
	if s := dbValue[int64](t, app, `SELECT status FROM orders WHERE id = ?`, o.ID); s != int64(models.OrderCancelled) {
		t.Fatalf("status %d", s)
	}
	r := sales.post(page, page+"/cancel", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("again: %d", r.Status)
	}
	if got := sales.get(page).text(`.flash-error`); got != views.T(views.ZH, "err.order_state") {
		t.Errorf("again: flash %q", got)
	}
	if s := app.client(t).login("distributor").post("/", page+"/cancel", nil).Status; s != http.StatusNotFound {
		t.Errorf("another partner cancelling: %d", s)
	}
}

// A master distributor sees a reseller's orders with the reseller filter (indirect_partner_id),
// and opens them; without it, the list is its own.
func TestOrderListReseller(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ctx, now := t.Context(), app.now()
	reseller := models.ActorOf(mustUser(t, app, "reseller"), "t")
	var c models.Customer
	if err := app.DB.Where("partner_id = ? AND mode = ? AND frozen = 0", reseller.PartnerID, models.Consignment).Order("id").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	z, err := models.RequestAuthorization(ctx, app.DB, reseller, c.ID, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.DecideAuthorization(ctx, app.DB, models.Actor{Kind: models.CustomerUser, CustomerID: c.ID, RequestID: "t"}, z.ID, true, now); err != nil {
		t.Fatal(err)
	}
	o, err := models.CreateOrder(ctx, app.DB, reseller, models.OrderInput{CustomerID: c.ID, Mode: models.ChargePeriod,
		Products: []models.InquiryProduct{{ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Spec: "GPSSD",
			Region: "cn-north-4", Size: 30, PeriodType: models.PeriodMonth, PeriodNum: 5, Quantity: 1}}}, now)
	if err != nil {
		t.Fatal(err)
	}
	d := app.client(t).login("distributor")
	if listed(d.get("/orders"), o) {
		t.Error("the distributor's own list shows its reseller's order")
	}
	r := d.get(fmt.Sprintf("/orders?reseller=%d&customer=%s", reseller.PartnerID, url.QueryEscape(c.AccountName)))
	if r.Status != http.StatusOK || !listed(r, o) || r.count(`#f-reseller option[selected]`) != 1 {
		t.Errorf("with the reseller filter: %d, %v", r.Status, rowIDs(r))
	}
	if s := d.get("/orders/" + views.ID(o.ID)); s.Status != http.StatusOK || !strings.Contains(s.text(`[data-testid="order-customer"]`), c.AccountName) {
		t.Errorf("the reseller's order: %d", s.Status)
	}
	if listed(app.client(t).login("provider").get(fmt.Sprintf("/orders?reseller=%d", reseller.PartnerID)), o) {
		t.Error("another partner lists the reseller's order")
	}
}

// The same confirmed payment posted twice at once (a double click) pays once; both answers lead
// to the order's page.
func TestOrderPayTwiceAtOnce(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	o := ebsOrder(t, app)
	sales := app.client(t).login("provider-sales")
	page := "/orders/" + views.ID(o.ID)
	action, form := confirmForm(t, sales.post(page, page+"/pay/confirm", nil))
	var wg sync.WaitGroup
	status := make([]int, 2)
	for i := range status {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status[i] = sales.do(http.MethodPost, action, form).Status
		}()
	}
	wg.Wait()
	if status[0] != http.StatusSeeOther || status[1] != http.StatusSeeOther || payments(t, app, o) != 1 {
		t.Errorf("statuses %v, %d payments", status, payments(t, app, o))
	}
}

// A completed order's page lists the resources it created, each linked to its page.
func TestOrderResourcesShown(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var r models.Resource
	if err := app.DB.Where("parent_id IS NULL AND charge_mode = ?", models.ChargePeriod).Order("id").First(&r).Error; err != nil {
		t.Fatal(err)
	}
	var n int64
	app.DB.Model(&models.Resource{}).Where("order_id = ?", r.OrderID).Count(&n)
	page := app.client(t).login("provider-viewer").get("/orders/" + views.ID(r.OrderID))
	if got := page.count(`[data-testid="order-resource"]`); int64(got) != n {
		t.Fatalf("%d resources shown, the order created %d", got, n)
	}
	if page.count(`[data-testid="order-resources"] a[href="/orders/resources/`+views.ID(r.ID)+`"]`) != 1 {
		t.Error("the main resource is not linked to its page")
	}
}
