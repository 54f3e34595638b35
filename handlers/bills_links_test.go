package handlers

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

// A new user finds the bills from where it stands: a customer's bill leads to its detail and the
// detail to its bill (for those who may read bills), the portal's menu has the customer's bills,
// the cycles chart on /bills has a visible title, and a chart or history with nothing to show says so.
func TestBillPagesLinked(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	demo := demoCustomerID(t, app)
	detail, bill := views.Path(views.PathCustomer, demo), views.Path(views.PathBill, demo)
	admin := app.client(t).login("provider")

	r := admin.get(views.BillHref(demo, "2026-10"))
	if href, _ := r.Doc.Find(`[data-testid="customer-link"]`).Attr("href"); r.Status != http.StatusOK || href != detail {
		t.Errorf("the bill's link to the customer: %d %q, want %q", r.Status, href, detail)
	}
	// a fee record's resource is named by its type beside its id (a disk, a server, a bandwidth)
	if got := r.text(`[data-testid="fee-record"] [data-testid="resource-type"]`); got == "" || strings.Contains(got, "hws.") {
		t.Errorf("the fee record's resource type: %q", got)
	}
	if href, _ := admin.get(detail).Doc.Find(`[data-testid="customer-bill-link"]`).Attr("href"); href != bill {
		t.Errorf("the detail's link to the bill: %q, want %q", href, bill)
	}
	// a sales member reads the customer but not its bills: no link that would answer 403
	if n := app.client(t).login("provider-sales").get(detail).count(`[data-testid="customer-bill-link"]`); n != 0 {
		t.Error("a sales member is shown a link to the bills it may not open")
	}

	list := admin.get("/bills?cycle=2026-10&lang=en-US")
	chart := list.Doc.Find(`[data-testid="chart-cycles"]`)
	if !strings.Contains(list.Doc.Find("h2").Text(), views.T(views.EN, "bills.history_chart", 12)) || !chart.HasClass("chart-end") {
		t.Errorf("the cycles chart: no visible title, or it opens at its oldest end (class %q)", chart.AttrOr("class", ""))
	}

	// a customer with no money and no bills: the detail and its bill say there is nothing to chart
	quiet := dbValue[uint64](t, app, `SELECT c.id FROM customers c WHERE c.partner_id = ? AND c.mode = 2
		AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = c.id)
		AND NOT EXISTS (SELECT 1 FROM fee_records f WHERE f.customer_id = c.id) ORDER BY c.id LIMIT 1`, partnerID(t, app, "provider"))
	d := admin.get(views.Path(views.PathCustomer, quiet) + "?lang=en-US")
	if got := d.text(`[data-testid="balance-history-none"]`); got != views.T(views.EN, "funds.history_no_account") {
		t.Errorf("a customer without money: %q", got)
	}
	b := admin.get(views.BillHref(quiet, "2026-10") + "&lang=en-US")
	if got := b.text(`[data-testid="chart-bill-cycles"] [data-testid="chart-empty"]`); got != views.T(views.EN, "bills.history_empty", 12) {
		t.Errorf("a bill without charges: the chart says %q", got)
	}

	// the portal's menu leads to the customer's bills, and marks it there
	c := app.client(t).login("customer")
	if href, _ := c.get("/customer").Doc.Find(`[data-testid="nav-nav.portal_bills"]`).Attr("href"); href != views.PathPortalBills {
		t.Errorf("the portal's menu has no bills: %q", href)
	}
	if got := c.get(views.PathPortalBills).text(`.menus a.active`); got != views.T(views.ZH, "nav.portal_bills") {
		t.Errorf("on the portal's bills the active menu is %q", got)
	}
	// and its home to its on-demand usage: the running bill's records of rated usage
	if href, _ := c.get("/customer").Doc.Find(`[data-testid="portal-usage"]`).Attr("href"); href != views.PortalUsageHref {
		t.Errorf("the portal's usage link: %q", href)
	} else if u := c.get(href); u.Status != http.StatusOK || u.Doc.Find(`#f-bill_type option[selected]`).AttrOr("value", "") != "5" {
		t.Errorf("the usage page: %d, bill type %q", u.Status, u.Doc.Find(`#f-bill_type option[selected]`).AttrOr("value", ""))
	}
}

// A cycle's debt stays as charged; the bill also says what the customer owes now (its arrears
// after the write-offs of later money), to its partner and in the portal alike.
func TestBillArrearsNow(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	demo := demoCustomerID(t, app)
	page := views.BillHref(demo, "2026-10")
	finance := app.client(t).login("provider-finance")
	if got := finance.get(page).text(`[data-testid="arrears-now"]`); got != "¥0.00" {
		t.Errorf("no arrears: %q", got)
	}
	since := testNow.Add(-time.Hour)
	due := since.Add(models.DefaultArrearsGrace)
	if err := app.DB.Create(&models.Arrears{CustomerID: demo, Amount: 132, Since: &since, DueAt: &due, UpdatedAt: since}).Error; err != nil {
		t.Fatal(err)
	}
	if got := finance.get(page).text(`[data-testid="arrears-now"]`); got != "¥1.32" {
		t.Errorf("the partner's bill: arrears now %q", got)
	}
	if got := app.client(t).login("customer").get(views.PathPortalBills).text(`[data-testid="arrears-now"]`); got != "¥1.32" {
		t.Errorf("the portal's bill: arrears now %q", got)
	}
	// a record's debt written off by later money says so
	rec := models.FeeRecord{CustomerID: demo, PartnerID: partnerID(t, app, "provider"), BillCycle: "2026-10", TradeTime: testNow.AddDate(0, -1, 0),
		BillType: 5, ServiceType: "hws.service.type.ec2", ChargeMode: models.ChargeOnDemand, Official: 200, Debt: 200, Writeoff: 150, CreatedAt: testNow}
	if err := app.DB.Create(&rec).Error; err != nil {
		t.Fatal(err)
	}
	if got := finance.get(page + "&bill_type=5&lang=en-US").text(`[data-testid="fee-record"] [data-testid="writeoff"]`); got != "¥1.50 written off" {
		t.Errorf("a record written off: %q", got)
	}
}
