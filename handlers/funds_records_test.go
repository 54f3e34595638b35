package handlers

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// readCSV fetches path as a CSV export and returns its rows after the header.
func readCSV(t *testing.T, c *client, path string) ([]string, [][]string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.Srv.URL+path, nil)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\ufeff") {
		t.Fatalf("%s: no UTF-8 byte order mark", path)
	}
	all, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil || len(all) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return all[0], all[1:]
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

func sumColumn(t *testing.T, rows [][]string, i int) decimal.Decimal {
	t.Helper()
	sum := decimal.Zero
	for _, r := range rows {
		if r[i] == "" {
			continue
		}
		d, err := decimal.NewFromString(r[i])
		if err != nil || d.Exponent() != -2 {
			t.Fatalf("amount %q is not like 1234.50", r[i])
		}
		sum = sum.Add(d)
	}
	return sum
}

func pageTotal(t *testing.T, r *response) int {
	t.Helper()
	n, err := strconv.Atoi(r.text(`[data-testid="total"]`))
	if r.Status != http.StatusOK || err != nil {
		t.Fatalf("status %d, total %q", r.Status, r.text(`[data-testid="total"]`))
	}
	return n
}

func TestAdjustRecordsAndExport(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	for _, amount := range []string{"10", "20.5", "30.25"} {
		if r := c.post(page, page+"/allocate", moneyForm(t, c, page, `[data-testid="allocate-form"]`, amount)); r.Status != http.StatusSeeOther {
			t.Fatalf("allocate %s: %d", amount, r.Status)
		}
	}
	memo := moneyForm(t, c, page, `[data-testid="reclaim-form"]`, "1")
	memo.Set("memo", "=HYPERLINK(\"x\")")
	c.post(page, page+"/reclaim", memo)

	const base = "/business/funds/adjust-records"
	var want int64
	w.app.DB.Model(&models.Transfer{}).Where("partner_id = ? AND kind IN ?", w.provider,
		[]string{"allocate", "reclaim", "unbind", "reseller_fund", "reseller_reclaim"}).Count(&want)
	for _, q := range []string{"", "kind=allocate", fmt.Sprintf("customer=%d", w.customer), "from=2000-01-01&to=2100-12-31&limit=20"} {
		r := c.get(base + "?" + q)
		total := pageTotal(t, r)
		header, rows := readCSV(t, c, base+"?"+q+"&format=csv")
		if len(rows) != total || total == 0 {
			t.Errorf("%q: page total %d, CSV rows %d", q, total, len(rows))
			continue
		}
		if first := r.text(`[data-testid="adjust-records"] [data-testid="trans-id"]`); rows[0][column(t, header, "交易流水号")] != first {
			t.Errorf("%q: CSV starts with %s, the page with %s", q, rows[0][1], first)
		}
		if q == "" && int64(total) != want {
			t.Errorf("all records: %d, want %d", total, want)
		}
		if q == fmt.Sprintf("customer=%d", w.customer) {
			var sum int64
			w.app.DB.Model(&models.Transfer{}).Where("customer_id = ? AND kind IN ?", w.customer, []string{"allocate", "reclaim", "unbind"}).
				Select("COALESCE(SUM(amount), 0)").Scan(&sum)
			if got := sumColumn(t, rows, column(t, header, "金额（元）")); !got.Equal(models.Fen(sum).Decimal) {
				t.Errorf("customer CSV sums to %s, want %s", got, models.Fen(sum).StringFixed(2))
			}
			for _, row := range rows {
				if strings.HasPrefix(row[column(t, header, "备注")], "=") {
					t.Errorf("a memo exported as a formula: %q", row[6])
				}
			}
		}
	}
	did := dbString(t, w.app, `SELECT domain_id FROM customers WHERE id = ?`, w.customer)
	if a, b := pageTotal(t, c.get(base+"?customer="+did)), pageTotal(t, c.get(fmt.Sprintf("%s?customer=%d", base, w.customer))); a != b || a < 3 {
		t.Errorf("by account id %d records, by id %d", a, b)
	}
	name := dbString(t, w.app, `SELECT account_name FROM customers WHERE id = ?`, w.customer)
	byName := c.get(base + "?customer=" + url.QueryEscape(strings.ToUpper(name)))
	if a, b := pageTotal(t, byName), pageTotal(t, c.get(base+"?customer="+did)); a != b || byName.count(`[data-testid="notice"]`) != 0 {
		t.Errorf("by account name %d records, by account id %d", a, b)
	}
	otherName := dbString(t, w.app, `SELECT account_name FROM customers WHERE id = ?`, w.resellerCust)
	if r := c.get(base + "?customer=" + otherName); r.count(`[data-testid="notice"]`) != 1 {
		t.Error("another partner's customer account name is not refused")
	}
	otherDID := dbString(t, w.app, `SELECT domain_id FROM customers WHERE id = ?`, w.resellerCust)
	if r := c.get(base + "?customer=" + otherDID); r.count(`[data-testid="notice"]`) != 1 {
		t.Error("another partner's customer account id is not refused")
	}
	r := c.get(base + "?kind=reclaim")
	tid := r.text(`[data-testid="trans-id"]`)
	if n := pageTotal(t, c.get(base+"?trans_id="+tid)); n != 1 {
		t.Errorf("trans_id filter: %d rows", n)
	}
	if n := pageTotal(t, c.get(base+"?from=2000-01-01&to=2000-01-02")); n != 0 {
		t.Errorf("a day without records: %d rows", n)
	}
	for _, q := range []string{"kind=deposit", "customer=abc", "from=2026-13-01", "page=-1", "limit=5000", "reseller=1", "trans_id=%27or1"} {
		if r := c.get(base + "?" + q); r.Status != http.StatusOK || r.count(`[data-testid="notice"]`) != 1 {
			t.Errorf("%q: %d, ignored notice %d", q, r.Status, r.count(`[data-testid="notice"]`))
		}
	}
	en := w.app.client(t).login("provider")
	en.get("/?lang=en-US")
	if header, _ := readCSV(t, en, base+"?format=csv"); header[0] != "Time" {
		t.Errorf("English CSV header %v", header)
	}
}

func TestStatementAndExport(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	c.post(page, page+"/allocate", moneyForm(t, c, page, `[data-testid="allocate-form"]`, "66.60"))

	const base = "/business/funds/statement"
	r := c.get(base)
	total := pageTotal(t, r)
	cash := models.Fen(w.cash(t, w.provider)).Format()
	if got := r.text(`[data-testid="statement"] [data-testid="balance-after"]`); got != cash {
		t.Errorf("latest balance after %q, want %s", got, cash)
	}
	if r.text(`[data-testid="cash"]`) != cash {
		t.Errorf("cash shown %q", r.text(`[data-testid="cash"]`))
	}
	header, rows := readCSV(t, c, base+"?format=csv")
	if len(rows) != total {
		t.Fatalf("CSV rows %d, page total %d", len(rows), total)
	}
	// the balance after the oldest change plus every later change is the balance now
	income, expense := column(t, header, "收入"), column(t, header, "支出")
	net := sumColumn(t, rows, income).Sub(sumColumn(t, rows, expense))
	if !net.Equal(models.Fen(w.cash(t, w.provider)).Decimal) {
		t.Errorf("the statement nets to %s, cash is %s", net, cash)
	}
	if got := rows[0][column(t, header, "余额")]; got != models.Fen(w.cash(t, w.provider)).StringFixed(2) {
		t.Errorf("CSV latest balance %s", got)
	}
	if n := pageTotal(t, c.get(base+"?kind=deposit")); n != 1 {
		t.Errorf("deposits in the provider's statement: %d", n)
	}
	if r := c.get(base + "?page=2&limit=10"); r.count(`[data-testid="statement-row"]`) != min(10, max(total-10, 0)) {
		t.Errorf("page 2: %d rows of %d", r.count(`[data-testid="statement-row"]`), total)
	}
}

func TestDashboardAndPortalBalances(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	if got := w.app.client(t).login("provider").get("/").text(`[data-testid="home-cash"]`); got != models.Fen(w.providerStart).Format() {
		t.Errorf("provider dashboard cash %q", got)
	}
	d := w.app.client(t).login("distributor").get("/")
	var held int64
	w.app.DB.Model(&models.Account{}).Where("kind = 'partner' AND partner_id IN (SELECT id FROM partners WHERE distributor_id = ?)", w.distributor).
		Select("SUM(balance)").Scan(&held)
	if got := d.text(`[data-testid="home-held"]`); got != models.Fen(held).Format() || held == 0 {
		t.Errorf("distributor dashboard held by resellers %q, want %s", got, models.Fen(held).Format())
	}
	if n := w.app.client(t).login("provider-sales").get("/").count(`a[data-testid="home-cash"]`); n != 0 {
		t.Error("a sales member gets a link to the funds pages")
	}
	cust := w.app.client(t).login("customer")
	id := dbValue[uint64](t, w.app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	r := cust.get("/customer")
	if got := r.text(`[data-testid="portal-balance"]`); got != models.Fen(w.balance(t, id)).Format() || got == "¥0.00" {
		t.Errorf("portal balance %q", got)
	}
	if r.count(`[data-testid="portal-statement"] [data-testid="statement-row"]`) == 0 {
		t.Error("the portal shows no account changes")
	}
}
