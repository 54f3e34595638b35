package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// demoCustomerID is the demo customer (the `customer` sign-in), a consignment customer of the provider.
func demoCustomerID(t *testing.T, app *testApp) uint64 {
	t.Helper()
	return uint64(dbValue[int64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`))
}

// The bills page: the cycle's customers with their totals, the refused cycles, the filters, and
// the menu that leads there.
func TestBillsPage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	finance := app.client(t).login("provider-finance")
	r := finance.get("/bills")
	if r.Status != http.StatusOK || r.count(`[data-testid="bill-row"]`) == 0 || !strings.Contains(r.Body, `href="/bills"`) {
		t.Fatalf("/bills: %d, %d rows", r.Status, r.count(`[data-testid="bill-row"]`))
	}
	if !strings.Contains(r.text(`[data-testid="cycle-state"]`), views.T("zh-CN", "bills.running")) || r.text(`[data-testid="rounding"]`) == "" {
		t.Errorf("the running cycle is not said so, or the rounding rule is missing")
	}
	pid := partnerID(t, app, "provider")
	want := dbValue[int64](t, app, "SELECT COUNT(*) FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", pid)
	if got := r.text(`[data-testid="total"]`); got != strconv.FormatInt(want, 10) {
		t.Errorf("total %s, want %d", got, want)
	}
	amount := dbValue[int64](t, app, "SELECT SUM(amount) FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", pid)
	if got := r.text(`[data-testid="total-amount"]`); got != views.Money(models.Fen(amount)) {
		t.Errorf("total amount %s, want %s", got, views.Money(models.Fen(amount)))
	}
	for _, bad := range []string{"2026-13", "2026-12", "2026-1", "x"} {
		r := finance.get("/bills?cycle=" + bad + "&lang=en-US")
		if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-cycle"]`) == "" || r.count(`[data-testid="bill-row"]`) != 0 {
			t.Errorf("cycle %s: %d %q", bad, r.Status, r.text(`[data-testid="error-cycle"]`))
		}
	}
	if r := finance.get("/bills?cycle=2026-12&lang=en-US"); !strings.Contains(r.text(`[data-testid="error-cycle"]`), "not begun") {
		t.Errorf("a future cycle: %q", r.text(`[data-testid="error-cycle"]`))
	}
	r = finance.get("/bills?cycle=2026-09&customer=demo-customer&lang=zh-CN")
	if r.Status != http.StatusOK || r.count(`[data-testid="bill-row"]`) != 1 || r.text(`[data-testid="bill-link"]`) != "demo-customer" ||
		!strings.Contains(r.text(`[data-testid="cycle-state"]`), views.T("zh-CN", "bills.closed")) {
		t.Errorf("a customer's closed cycle: %d, %d rows, %q, %q", r.Status, r.count(`[data-testid="bill-row"]`), r.text(`[data-testid="bill-link"]`), r.text(`[data-testid="cycle-state"]`))
	}
	r = finance.get("/bills?service=hws.service.type.nope&charge_mode=7&sort=x&lang=en-US")
	if r.Status != http.StatusOK || !strings.Contains(r.text(`[data-testid="notice"]`), "ignored") {
		t.Errorf("bad filters: %d %q", r.Status, r.text(`[data-testid="notice"]`))
	}
	r = finance.get("/bills?sort=amount&limit=100")
	rows := r.Doc.Find(`[data-testid="bill-amount"]`)
	if rows.Length() < 2 {
		t.Fatalf("%d rows", rows.Length())
	}
	// a sales member has no bills; the distributor sees its resellers' customers, not the provider's
	if r := app.client(t).login("provider-sales").get("/bills"); r.Status != http.StatusForbidden {
		t.Errorf("a sales member: %d", r.Status)
	}
	d := app.client(t).login("distributor").get("/bills?customer=demo-customer")
	if d.Status != http.StatusOK || d.count(`[data-testid="bill-row"]`) != 0 {
		t.Errorf("the distributor finds the provider's customer: %d rows", d.count(`[data-testid="bill-row"]`))
	}
}

// A customer's bill: its lines, history and records; another partner's customer is not found;
// the statement prints; finance settles and undoes it.
func TestCustomerBillAndSettlement(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	demo := demoCustomerID(t, app)
	finance := app.client(t).login("provider-finance")
	page := views.BillHref(demo, "2026-10")
	r := finance.get(page)
	if r.Status != http.StatusOK || r.count(`[data-testid="bill-line"]`) == 0 || r.count(`[data-testid="fee-record"]`) == 0 ||
		r.count(`[data-testid="history-row"]`) != 12 || r.count(`[data-testid="settle-form"]`) != 1 {
		t.Fatalf("%s: %d, lines %d, records %d", page, r.Status, r.count(`[data-testid="bill-line"]`), r.count(`[data-testid="fee-record"]`))
	}
	if r := app.client(t).login("distributor").get(page); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer: %d", r.Status)
	}
	if r := finance.get(views.BillHref(demo, "2026-13")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("month 13: %d", r.Status)
	}
	st := finance.get(views.Path(views.PathBillStatement, demo) + "?cycle=2026-10")
	if st.Status != http.StatusOK || st.text(`[data-testid="statement-cycle"]`) != "2026-10" || st.text(`[data-testid="statement-partner"]`) == "" ||
		st.count(`[data-testid="bill-line"]`) == 0 {
		t.Errorf("statement: %d %q", st.Status, st.text(`[data-testid="statement-cycle"]`))
	}
	settle := views.Path(views.PathBill, demo) + "/settle"
	// a viewer may not; a bad invoice number is a field error (422), the running cycle refused in words
	if r := app.client(t).login("provider-viewer").post(page, settle, url.Values{"cycle": {"2026-10"}}); r.Status != http.StatusForbidden {
		t.Errorf("a viewer settles: %d", r.Status)
	}
	r = finance.post(page, settle, url.Values{"cycle": {"2026-10"}, "invoice_no": {"=1+1"}, "invoice_date": {"2026-11-02"}})
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-invoice_no"]`) == "" {
		t.Errorf("a bad invoice number: %d", r.Status)
	}
	r = finance.post(page, settle, url.Values{"cycle": {"2026-11"}, "invoice_no": {"INV-1"}, "invoice_date": {"2026-11-02"}})
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="settle-error"]`) == "" {
		t.Errorf("the running cycle: %d", r.Status)
	}
	r = finance.post(page, settle, url.Values{"cycle": {"2026-10"}, "invoice_no": {"INV-2026-10"}, "invoice_date": {"2026-11-02"}})
	if r.Status != http.StatusSeeOther || r.Location != page {
		t.Fatalf("settle: %d %s", r.Status, r.Location)
	}
	r = finance.get(page)
	if r.text(`[data-testid="invoice-no"]`) != "INV-2026-10" || r.count(`[data-testid="unsettle-form"]`) != 1 {
		t.Errorf("after settling: %q", r.text(`[data-testid="invoice-no"]`))
	}
	list := finance.get("/bills?cycle=2026-10&customer=demo-customer")
	if !strings.Contains(list.text(`[data-testid="bill-state"]`), views.T("zh-CN", "bills.settled_state")) {
		t.Errorf("the list's state: %q", list.text(`[data-testid="bill-state"]`))
	}
	unsettle := views.Path(views.PathBill, demo) + "/unsettle"
	if r := finance.post(page, unsettle, url.Values{"cycle": {"2026-10"}, "reason": {" "}}); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-reason"]`) == "" {
		t.Errorf("an undo without a reason: %d", r.Status)
	}
	if r := finance.post(page, unsettle, url.Values{"cycle": {"2026-10"}, "reason": {"开票信息有误"}}); r.Status != http.StatusSeeOther {
		t.Errorf("undo: %d", r.Status)
	}
	if n := dbValue[int64](t, app, "SELECT COUNT(*) FROM audit_records WHERE action IN ('bill.settle', 'bill.unsettle')"); n != 2 {
		t.Errorf("%d audit records", n)
	}
	if r := app.client(t).login("provider").get("/partner/audit?lang=en-US"); !strings.Contains(r.Body, "Undo a bill") {
		t.Errorf("the audit log does not name the undo")
	}
}

// The CSV exports: a byte order mark, stable headers, the page's rows, formulas written as text;
// another partner's customer is not found.
func TestBillExports(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	demo := demoCustomerID(t, app)
	if err := app.DB.Exec(`UPDATE customers SET real_name = '=HYPERLINK("http://evil.example")' WHERE id = ?`, demo).Error; err != nil {
		t.Fatal(err)
	}
	finance := app.client(t).login("provider-finance")
	header, rows := readCSV(t, finance, "/bills/export.csv?cycle=2026-11")
	pid := partnerID(t, app, "provider")
	if want := dbValue[int64](t, app, "SELECT COUNT(*) FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", pid); int64(len(rows)) != want || header[0] != "bill_cycle" {
		t.Errorf("cycle export: %v, %d rows, want %d", header, len(rows), want)
	}
	planted := false
	for _, r := range rows {
		for _, cell := range r {
			if spreadsheetFormula(cell) {
				t.Errorf("a formula exported: %q", cell)
			}
			planted = planted || strings.Contains(cell, "HYPERLINK")
		}
	}
	if !planted {
		t.Error("the planted name is not exported")
	}
	// the association type's name beside its code, in the request's language
	for _, l := range []struct{ lang, query, want string }{{views.ZH, "&lang=zh-CN", "代售"}, {views.EN, "&lang=en-US", "Consignment"}} {
		header, rows := readCSV(t, finance, "/bills/export.csv?cycle=2026-11"+l.query)
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		if _, ok := col["association_type_name"]; !ok || len(rows) == 0 {
			t.Fatalf("%s: header %v, %d rows", l.lang, header, len(rows))
		}
		for _, r := range rows {
			if r[col["association_type"]] != "2" || r[col["association_type_name"]] != l.want {
				t.Errorf("%s: association type %s named %q, want %q", l.lang, r[col["association_type"]], r[col["association_type_name"]], l.want)
				break
			}
		}
	}
	header, rows = readCSV(t, finance, views.Path(views.PathBillRecords, demo)+"?cycle=2026-10")
	if want := dbValue[int64](t, app, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ? AND bill_cycle = '2026-10'", demo); int64(len(rows)) != want || header[0] != "id" {
		t.Errorf("records export: %v, %d rows, want %d", header, len(rows), want)
	}
	// each code with its name beside it, the page's words in the request's language
	for _, l := range []struct{ lang, query string }{{views.ZH, "&lang=zh-CN"}, {views.EN, "&lang=en-US"}} {
		header, rows := readCSV(t, finance, views.Path(views.PathBillRecords, demo)+"?cycle=2026-10"+l.query)
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		if len(rows) == 0 {
			t.Fatalf("%s: no records", l.lang)
		}
		for _, r := range rows {
			bt, st, cm := r[col["bill_type"]], r[col["service_type"]], r[col["charging_mode"]]
			if got, want := r[col["bill_type_name"]], views.T(l.lang, "bills.bill_type."+bt); got != want || strings.HasPrefix(got, "bills.") {
				t.Errorf("%s: bill type %s named %q, want %q", l.lang, bt, got, want)
			}
			if got, want := r[col["charging_mode_name"]], views.T(l.lang, "bills.charge_mode."+cm); got != want {
				t.Errorf("%s: charging mode %s named %q, want %q", l.lang, cm, got, want)
			}
			if name := r[col["service_type_name"]]; name == "" || name == st {
				t.Errorf("%s: service type %s named %q", l.lang, st, name)
			}
			if rt := r[col["resource_type"]]; rt != "" && r[col["resource_type_name"]] == rt {
				t.Errorf("%s: resource type %s not named", l.lang, rt)
			}
			if rg := r[col["region"]]; rg != "" && r[col["region_name"]] == rg {
				t.Errorf("%s: region %s not named", l.lang, rg)
			}
			for _, cell := range r {
				if spreadsheetFormula(cell) {
					t.Errorf("a formula exported: %q", cell)
				}
			}
		}
	}
	if r := app.client(t).login("distributor").get(views.Path(views.PathBillRecords, demo) + "?cycle=2026-10"); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer's records: %d", r.Status)
	}
	if r := finance.get("/bills/export.csv?cycle=2026-13"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("month 13: %d", r.Status)
	}
}

func TestParseBillQuery(t *testing.T) {
	t.Parallel()
	isService := func(s string) bool { return s == "hws.service.type.ebs" }
	cases := []struct {
		query   string
		cycle   string
		ignored string
	}{
		{"", "2026-11", ""},
		{"cycle=2026-09&service=hws.service.type.ebs&charge_mode=1&bill_type=4&sort=amount&mode=1", "2026-09", ""},
		{"service=x&charge_mode=2&bill_type=3&sort=name&mode=9&page=0&limit=7&reseller=abc", "2026-11", "service,charge_mode,bill_type,mode,sort,page,limit,reseller"},
		{"cycle=2026-13", "2026-13", ""}, // the models refuse it in words
	}
	for _, c := range cases {
		v, _ := url.ParseQuery(c.query)
		q := parseBillQuery(v, testNow, isService)
		got := strings.Join(sortedCopy(q.Ignored), ",")
		if q.Filter.Cycle != c.cycle || got != strings.Join(sortedCopy(strings.Split(c.ignored, ",")), ",") && c.ignored != "" || c.ignored == "" && len(q.Ignored) != 0 {
			t.Errorf("%q: cycle %s, ignored %v", c.query, q.Filter.Cycle, q.Ignored)
		}
	}
}

func FuzzParseBillQuery(f *testing.F) {
	for _, s := range []string{"cycle=2026-11", "sort=-amount&limit=100", "bill_type=16&charge_mode=3", "customer=%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		q := parseBillQuery(v, testNow, func(string) bool { return false })
		if q.Limit < models.DefaultLimit || q.Limit > models.MaxLimit || q.Page < 1 || q.Filter.Offset > models.MaxOffset || q.Filter.Cycle == "" {
			t.Fatalf("%q: %+v", s, q)
		}
	})
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
