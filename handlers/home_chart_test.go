package handlers

import (
	"net/http"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// The home page draws this month's consumption for members who may open the funds: its total is
// the fee records' of the month, its legend names service types (never their codes), and its
// figures are also a table; a sales member sees no chart.
func TestHomeConsumptionChart(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for _, tc := range []struct{ user, lang, word string }{{"provider", "zh-CN", "本月消费"}, {"distributor", "en-US", "This month's consumption"}} {
		pid := partnerID(t, app, tc.user)
		cycle := models.BillCycleOf(app.now())
		want := dbValue[int64](t, app, `SELECT COALESCE(SUM(official - discount), 0) FROM fee_records
			WHERE (partner_id = ? OR top_partner_id = ?) AND bill_cycle = ?`, pid, pid, cycle)
		if want == 0 {
			t.Fatalf("%s has no consumption in %s in the demo", tc.user, cycle)
		}
		home := app.client(t).login(tc.user).get("/?lang=" + tc.lang)
		card := home.Doc.Find(`[data-testid="home-consumption"]`)
		if home.Status != http.StatusOK || !strings.Contains(card.Find("h2").Text(), tc.word) {
			t.Fatalf("%s home %d: no consumption card in %q", tc.user, home.Status, card.Text())
		}
		if got := card.Find("h2 .num").Text(); got != models.Fen(want).Format() {
			t.Errorf("%s: total %s, fee records %s", tc.user, got, models.Fen(want).Format())
		}
		svg := card.Find(`svg[role="img"]`)
		if svg.Length() != 1 || svg.Find("title").First().Text() == "" || svg.Find("rect").Length() == 0 || svg.Find(".chart-grid text").Length() < 2 {
			t.Errorf("%s: chart without title, bars or money axis: %s", tc.user, firstRunes(card.Text(), 300))
		}
		legend := card.Find(".chart-legend").Text()
		if legend == "" || strings.Contains(legend, "hws.service") || card.Find(".chart-data tbody tr").Length() == 0 {
			t.Errorf("%s: legend %q, table rows %d", tc.user, legend, card.Find(".chart-data tbody tr").Length())
		}
	}
	if n := app.client(t).login("provider-sales").get("/").count(`[data-testid="home-consumption"]`); n != 0 {
		t.Error("a sales member sees the consumption chart")
	}
}

// A customer's funds card draws its balance of the last 30 days, ending at the balance it shows.
func TestCustomerBalanceChart(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbValue[uint64](t, app, `SELECT c.id FROM customers c JOIN accounts a ON a.customer_id = c.id AND a.kind = 'customer'
		WHERE c.partner_id = ? AND a.balance > 0 ORDER BY c.id LIMIT 1`, providerID(t, app))
	page := app.client(t).login("provider-finance").get(views.Path(views.PathCustomer, id))
	chart := page.Doc.Find(`[data-testid="chart-balance"]`)
	if page.Status != http.StatusOK || chart.Length() != 1 || chart.Find("rect").Length() == 0 {
		t.Fatalf("customer %d: %d, no balance chart", id, page.Status)
	}
	if got, want := chart.Find(".chart-legend .num").Text(), page.text(`[data-testid="customer-balance"]`); got != want {
		t.Errorf("the chart ends at %q, the balance is %q", got, want)
	}
}

// The bills page draws the last 12 cycles' totals, and a customer's bill page its own 12 cycles,
// each the same figures as its table.
func TestBillCycleCharts(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-finance")
	bills := c.get("/bills")
	chart := bills.Doc.Find(`[data-testid="chart-cycles"]`)
	if bills.Status != http.StatusOK || chart.Find(".chart-x text").Length() != 12 || chart.Find("rect").Length() == 0 {
		t.Fatalf("/bills %d: no 12-cycle chart", bills.Status)
	}
	href, _ := bills.Doc.Find(`[data-testid="bills"] tbody a, table tbody a`).First().Attr("href")
	bill := c.get(href)
	own := bill.Doc.Find(`[data-testid="chart-bill-cycles"]`)
	rows := bill.Doc.Find(`[data-testid="history-row"]`).Length()
	if bill.Status != http.StatusOK || own.Find(".chart-x text").Length() != 12 || rows != 12 {
		t.Errorf("%s %d: a chart of %d cycles beside %d rows", href, bill.Status, own.Find(".chart-x text").Length(), rows)
	}
}

// The customer reads its own bills in the portal: its cycle's sums and fee records, the same as
// its partner's page shows, with no settlement, statement or export; a partner member is refused.
func TestPortalBills(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := demoCustomerID(t, app)
	cycle := dbString(t, app, `SELECT MAX(bill_cycle) FROM fee_records WHERE customer_id = ? AND bill_cycle < ?`, id, models.BillCycleOf(app.now()))
	own := app.client(t).login("customer").get(views.PathPortalBills + "?cycle=" + cycle)
	partner := app.client(t).login("provider-finance").get(views.BillHref(id, cycle))
	if own.Status != http.StatusOK || partner.Status != http.StatusOK {
		t.Fatalf("portal %d, partner %d", own.Status, partner.Status)
	}
	for _, sel := range []string{`[data-testid="bill-amount"]`, `[data-testid="bill-debt"]`} {
		if a, b := own.text(sel), partner.text(sel); a != b || a == "" {
			t.Errorf("%s: portal %q, partner %q", sel, a, b)
		}
	}
	if n, m := own.count(`[data-testid="fee-record"]`), partner.count(`[data-testid="fee-record"]`); n != m || n == 0 {
		t.Errorf("fee records: portal %d, partner %d", n, m)
	}
	if own.count(`[data-testid="settlement"], [data-testid="statement-link"], [data-testid="records-export"]`) != 0 {
		t.Error("the portal offers the partner's settlement, statement or export")
	}
	if href := own.Doc.Find(`[data-testid="history-row"] a`).First().AttrOr("href", ""); !strings.HasPrefix(href, views.PathPortalBills+"?cycle=") {
		t.Errorf("a cycle of the history links to %q", href)
	}
	if r := app.client(t).login("customer").get("/customer").count(`[data-testid="portal-bills"]`); r != 1 {
		t.Error("the portal home does not link to the bills")
	}
	if r := app.client(t).login("provider").get(views.PathPortalBills); r.Status != http.StatusForbidden {
		t.Errorf("a partner member opens the portal's bills: %d", r.Status)
	}
}
