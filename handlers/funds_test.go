package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"partnerhub/models"
)

// Money through the console: allocate and reclaim on the customer detail, reseller funding, the
// one-time token, every bad amount, the tenant and role boundaries; the ledger's invariants hold
// after all of it.

// fundsWorld is a demo app with the ids the fund tests use.
type fundsWorld struct {
	app                                 *testApp
	provider, distributor, reseller     uint64 // partner ids
	customer, advisory, resellerCust    uint64 // provider's consignment and advisory customers, reseller's consignment customer
	resellerSh                          uint64 // another reseller of the distributor
	providerStart, resellerStart, total int64
}

func newFundsWorld(t *testing.T) *fundsWorld {
	t.Helper()
	app := newTestApp(t)
	w := &fundsWorld{app: app, provider: partnerID(t, app, "provider"), distributor: partnerID(t, app, "distributor"),
		reseller: partnerID(t, app, "reseller"), resellerSh: partnerID(t, app, "reseller-sh")}
	w.customer = w.customerOf(t, w.provider, models.Consignment)
	w.advisory = w.customerOf(t, w.provider, models.Advisory)
	w.resellerCust = w.customerOf(t, w.reseller, models.Consignment)
	w.providerStart, w.resellerStart = w.cash(t, w.provider), w.cash(t, w.reseller)
	return w
}

func (w *fundsWorld) customerOf(t *testing.T, partner uint64, mode models.Mode) uint64 {
	t.Helper()
	return dbValue[uint64](t, w.app, `SELECT id FROM customers WHERE partner_id = ? AND mode = ? AND frozen = 0
		ORDER BY id DESC LIMIT 1`, partner, mode)
}

// cash is a partner's cash balance in fen.
func (w *fundsWorld) cash(t *testing.T, partner uint64) int64 {
	t.Helper()
	return dbValue[int64](t, w.app, `SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'partner' AND partner_id = ?`, partner)
}

// balance is a customer's balance in fen.
func (w *fundsWorld) balance(t *testing.T, customer uint64) int64 {
	t.Helper()
	return dbValue[int64](t, w.app, `SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'customer' AND customer_id = ?`, customer)
}

func (w *fundsWorld) transfers(t *testing.T) int64 {
	t.Helper()
	return dbValue[int64](t, w.app, `SELECT COUNT(*) FROM transfers`)
}

// ledgerIntact fails the test on any violated invariant.
func ledgerIntact(t *testing.T, app *testApp) {
	t.Helper()
	problems, err := models.Check(context.Background(), app.DB)
	if err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", err, problems)
	}
}

// moneyForm fetches page and returns the values of the form sel with its one-time token, plus amount.
func moneyForm(t *testing.T, c *client, page, sel, amount string) url.Values {
	t.Helper()
	r := c.get(page)
	idem, ok := r.Doc.Find(sel + ` input[name="idem"]`).First().Attr("value")
	if r.Status != http.StatusOK || !ok || len(idem) < 16 {
		t.Fatalf("%s: no form %s with a token (status %d)", page, sel, r.Status)
	}
	return url.Values{"amount": {amount}, "memo": {"测试 test"}, "idem": {idem}}
}

func detailPath(id uint64) string { return fmt.Sprintf("/sales/customers/%d", id) }

func TestAllocateAndReclaim(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	before := w.balance(t, w.customer)

	r := c.get(page)
	if got := r.text(`[data-testid="allocatable"]`); got != models.Fen(w.providerStart).Format() {
		t.Errorf("allocatable %q, want %s", got, models.Fen(w.providerStart).Format())
	}
	if r.count(`[data-testid="allocate-form"]`) != 1 || r.count(`[data-testid="reclaim-form"]`) != 1 {
		t.Fatal("the admin sees no allocate and reclaim forms")
	}
	tokens := map[string]bool{}
	for _, sel := range []string{`[data-testid="allocate-form"]`, `[data-testid="reclaim-form"]`} {
		v, _ := r.Doc.Find(sel + ` input[name="idem"]`).Attr("value")
		tokens[v] = true
	}
	if again, _ := c.get(page).Doc.Find(`[data-testid="allocate-form"] input[name="idem"]`).Attr("value"); tokens[again] || len(tokens) != 2 {
		t.Error("the one-time tokens are not fresh on every rendering")
	}

	res := c.post(page, page+"/allocate", moneyForm(t, c, page, `[data-testid="allocate-form"]`, "1,234.50"))
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, page) {
		t.Fatalf("allocate: %d → %s\n%s", res.Status, res.Location, res.text(`[data-testid="form-error"], .field-error`))
	}
	if got := w.balance(t, w.customer); got != before+123450 {
		t.Errorf("customer balance %d, want %d", got, before+123450)
	}
	if got := w.cash(t, w.provider); got != w.providerStart-123450 {
		t.Errorf("provider cash %d, want %d", got, w.providerStart-123450)
	}
	after := c.get(page)
	if f := after.text(`[data-testid="flash"]`); !strings.Contains(f, "¥1,234.50") {
		t.Errorf("flash %q", f)
	}
	if got := after.text(`[data-testid="customer-balance"]`); got != models.Fen(before+123450).Format() {
		t.Errorf("balance shown %q", got)
	}
	if got := after.text(`[data-testid="customer-fund-records"] [data-testid="record-amount"]`); got != "¥1,234.50" {
		t.Errorf("latest fund record %q", got)
	}

	res = c.post(page, page+"/reclaim", moneyForm(t, c, page, `[data-testid="reclaim-form"]`, "234.5"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("reclaim: %d", res.Status)
	}
	if got := w.balance(t, w.customer); got != before+100000 {
		t.Errorf("customer balance after reclaim %d, want %d", got, before+100000)
	}
	if got := w.cash(t, w.provider); got != w.providerStart-100000 {
		t.Errorf("provider cash after reclaim %d", got)
	}
	if f := c.get(page).text(`[data-testid="flash"]`); !strings.Contains(f, "¥234.50") || !strings.Contains(f, "回收") {
		t.Errorf("reclaim flash %q", f)
	}
	ledgerIntact(t, w.app)
}

func TestFundsBadAmounts(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	custBalance := w.balance(t, w.customer)
	cases := []struct{ form, amount string }{
		{"allocate", ""}, {"allocate", "0"}, {"allocate", "0.00"}, {"allocate", "-1"}, {"allocate", "1.001"},
		{"allocate", "1e3"}, {"allocate", "abc"}, {"allocate", "   "}, {"allocate", "１００"}, {"allocate", "1,00"},
		{"allocate", "99999999999999999999"}, {"allocate", "NaN"}, {"allocate", "0x10"},
		{"allocate", models.Fen(w.providerStart + 1).StringFixed(2)}, // more than the partner has
		{"reclaim", models.Fen(custBalance + 1).StringFixed(2)},      // more than the customer has
		{"reclaim", "-5"},
	}
	n := w.transfers(t)
	for _, tc := range cases {
		form := moneyForm(t, c, page, `[data-testid="`+tc.form+`-form"]`, tc.amount)
		r := c.post(page, page+"/"+tc.form, form)
		errText := r.text(`[data-testid="error-` + tc.form + `-amount"]`)
		if r.Status != http.StatusUnprocessableEntity || errText == "" {
			t.Errorf("%s %q: status %d, amount error %q", tc.form, tc.amount, r.Status, errText)
			continue
		}
		if v, _ := r.Doc.Find(`[data-testid="` + tc.form + `-form"] input[name="amount"]`).Attr("value"); v != tc.amount {
			t.Errorf("%s %q: the amount is not kept (%q)", tc.form, tc.amount, v)
		}
		if idem, _ := r.Doc.Find(`[data-testid="` + tc.form + `-form"] input[name="idem"]`).Attr("value"); idem == form.Get("idem") || idem == "" {
			t.Errorf("%s %q: the re-rendered form has no fresh token", tc.form, tc.amount)
		}
	}
	if strings.Contains(c.post(page, page+"/allocate", moneyForm(t, c, page, `[data-testid="allocate-form"]`, "999999999")).Body, "余额不足") == false {
		t.Error("more than the balance does not say insufficient balance")
	}
	long := moneyForm(t, c, page, `[data-testid="allocate-form"]`, "1")
	long.Set("memo", strings.Repeat("备", 257))
	if r := c.post(page, page+"/allocate", long); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-allocate-memo"]`) == "" {
		t.Errorf("a 257-character memo: %d", r.Status)
	}
	noToken := moneyForm(t, c, page, `[data-testid="allocate-form"]`, "1")
	noToken.Del("idem")
	if r := c.post(page, page+"/allocate", noToken); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="form-error"]`) == "" {
		t.Errorf("no one-time token: %d", r.Status)
	}
	if got := w.transfers(t); got != n {
		t.Errorf("%d transfers made by refused forms", got-n)
	}
	if w.balance(t, w.customer) != custBalance || w.cash(t, w.provider) != w.providerStart {
		t.Error("a refused form moved money")
	}
	ledgerIntact(t, w.app)
}

func TestFundsOneTimeToken(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	before, n := w.balance(t, w.customer), w.transfers(t)
	form := moneyForm(t, c, page, `[data-testid="allocate-form"]`, "100")
	for i := 0; i < 3; i++ { // a double-click, then a refresh of the POST
		if r := c.post(page, page+"/allocate", form); r.Status != http.StatusSeeOther {
			t.Fatalf("post %d: %d", i, r.Status)
		}
	}
	if got := w.balance(t, w.customer); got != before+10000 {
		t.Errorf("balance moved by %d, want 10000", got-before)
	}
	if got := w.transfers(t); got != n+1 {
		t.Errorf("%d transfers, want 1", got-n)
	}
	// the same token for another amount is refused, not applied
	form.Set("amount", "200")
	if r := c.post(page, page+"/allocate", form); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="form-error"]`) == "" {
		t.Errorf("a reused token for another amount: %d", r.Status)
	}
	// a fresh form moves money again
	if r := c.post(page, page+"/allocate", moneyForm(t, c, page, `[data-testid="allocate-form"]`, "100")); r.Status != http.StatusSeeOther {
		t.Errorf("a second allocation: %d", r.Status)
	}
	if got := w.balance(t, w.customer); got != before+20000 {
		t.Errorf("balance moved by %d, want 20000", got-before)
	}
	// clicks that arrive together: one transfer, every answer the redirect
	form = moneyForm(t, c, page, `[data-testid="allocate-form"]`, "50")
	form.Set("_csrf", c.csrf(page))
	statuses := make(chan int, 8)
	var wg sync.WaitGroup
	for i := 0; i < cap(statuses); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- c.do(http.MethodPost, page+"/allocate", form).Status
		}()
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusSeeOther {
			t.Errorf("a concurrent click: %d", s)
		}
	}
	if got := w.balance(t, w.customer); got != before+25000 {
		t.Errorf("concurrent clicks moved %d, want 25000 in all", got-before)
	}
	ledgerIntact(t, w.app)
}

func TestFundsRefusedCustomers(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	n := w.transfers(t)

	adv := detailPath(w.advisory)
	r := c.get(adv)
	if r.count(`[data-testid="allocate-form"]`) != 0 || r.count(`[data-testid="notice"]`) == 0 {
		t.Error("an advisory customer is offered the allocate form")
	}
	form := moneyForm(t, c, detailPath(w.customer), `[data-testid="allocate-form"]`, "10")
	if r := c.post(adv, adv+"/allocate", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="form-error"]`), "代售") {
		t.Errorf("allocate to an advisory customer: %d %q", r.Status, r.text(`[data-testid="form-error"]`))
	}

	w.app.DB.Model(&models.Customer{}).Where("id = ?", w.customer).Update("frozen", 1)
	frozen := detailPath(w.customer)
	if r := c.get(frozen); r.count(`[data-testid="allocate-form"]`) != 0 {
		t.Error("a frozen customer is offered the allocate form")
	}
	form = url.Values{"amount": {"10"}, "idem": {newToken()}}
	if r := c.post(frozen, frozen+"/reclaim", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="form-error"]`), "冻结") {
		t.Errorf("reclaim from a frozen customer: %d", r.Status)
	}

	// another partner's customer (the reseller's) is not found, however the form looks
	other := detailPath(w.resellerCust)
	for _, amount := range []string{"10", "abc"} {
		form := url.Values{"amount": {amount}, "idem": {newToken()}}
		if r := c.post("/sales/customers", other+"/allocate", form); r.Status != http.StatusNotFound {
			t.Errorf("allocate %q to another partner's customer: %d", amount, r.Status)
		}
	}
	if r := c.post("/sales/customers", "/sales/customers/99999999/reclaim", url.Values{"amount": {"1"}, "idem": {newToken()}}); r.Status != http.StatusNotFound {
		t.Errorf("an unknown customer: %d", r.Status)
	}
	if got := w.transfers(t); got != n {
		t.Errorf("%d transfers made", got-n)
	}
	ledgerIntact(t, w.app)
}

func TestFundsRoles(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	page := detailPath(w.customer)
	n := w.transfers(t)
	for _, user := range []string{"provider-viewer", "provider-sales"} {
		c := w.app.client(t).login(user)
		r := c.get(page)
		if r.Status != http.StatusOK || r.count(`[data-testid="allocate-form"], [data-testid="reclaim-form"]`) != 0 {
			t.Errorf("%s: detail %d with money forms", user, r.Status)
		}
		for _, action := range []string{"allocate", "reclaim"} {
			for _, amount := range []string{"10", "abc"} {
				form := url.Values{"amount": {amount}, "idem": {newToken()}}
				if r := c.post(page, page+"/"+action, form); r.Status != http.StatusForbidden {
					t.Errorf("%s %s %q: %d, want 403", user, action, amount, r.Status)
				}
			}
		}
	}
	sales := w.app.client(t).login("provider-sales")
	if s := sales.get("/business/funds").Status; s != http.StatusForbidden {
		t.Errorf("sales member on the funds page: %d", s)
	}
	viewer := w.app.client(t).login("provider-viewer")
	if r := viewer.get("/business/funds"); r.Status != http.StatusOK || r.text(`[data-testid="cash"]`) == "" {
		t.Errorf("viewer on the funds page: %d", r.Status)
	}
	if w.transfers(t) != n {
		t.Error("a refused role moved money")
	}

	// a finance member opens the customer from the records and allocates
	fin := w.app.client(t).login("provider-finance")
	if r := fin.post(page, page+"/allocate", moneyForm(t, fin, page, `[data-testid="allocate-form"]`, "12.34")); r.Status != http.StatusSeeOther {
		t.Errorf("finance allocates: %d", r.Status)
	}
	if w.cash(t, w.provider) != w.providerStart-1234 {
		t.Error("finance's allocation did not move the money")
	}
	ledgerIntact(t, w.app)
}

func TestResellerFunding(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	d := w.app.client(t).login("distributor")
	page := "/business/funds/resellers"
	distStart := w.cash(t, w.distributor)
	row := fmt.Sprintf(`[data-testid="reseller-row"][data-id="%d"]`, w.reseller)

	r := d.get(page)
	if r.Status != http.StatusOK || r.text(row+` [data-testid="reseller-balance"]`) != models.Fen(w.resellerStart).Format() {
		t.Fatalf("reseller page %d, balance %q", r.Status, r.text(row+` [data-testid="reseller-balance"]`))
	}
	fund := fmt.Sprintf("%s/%d/fund", page, w.reseller)
	if res := d.post(page, fund, moneyForm(t, d, page, row, "5000")); res.Status != http.StatusSeeOther || res.Location != page {
		t.Fatalf("fund: %d → %s", res.Status, res.Location)
	}
	if w.cash(t, w.reseller) != w.resellerStart+500000 || w.cash(t, w.distributor) != distStart-500000 {
		t.Error("funding the reseller moved the wrong amounts")
	}
	if f := d.get(page).text(`[data-testid="flash"]`); !strings.Contains(f, "¥5,000.00") {
		t.Errorf("flash %q", f)
	}
	reclaim := fmt.Sprintf("%s/%d/reclaim", page, w.reseller)
	if res := d.post(page, reclaim, moneyForm(t, d, page, row, "1000.5")); res.Status != http.StatusSeeOther {
		t.Fatalf("reclaim: %d", res.Status)
	}
	resellerCash := w.resellerStart + 500000 - 100050
	if w.cash(t, w.reseller) != resellerCash {
		t.Errorf("reseller cash %d, want %d", w.cash(t, w.reseller), resellerCash)
	}
	n := w.transfers(t)
	bad := d.post(page, reclaim, moneyForm(t, d, page, row, models.Fen(resellerCash+1).StringFixed(2)))
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.text(row+` [data-testid="row-error"]`), "余额不足") {
		t.Errorf("reclaim more than the reseller holds: %d %q", bad.Status, bad.text(row+` [data-testid="row-error"]`))
	}
	if r := d.post(page, fmt.Sprintf("%s/%d/fund", page, w.provider), url.Values{"amount": {"1"}, "idem": {newToken()}}); r.Status != http.StatusNotFound {
		t.Errorf("funding a partner that is not a reseller of it: %d", r.Status)
	}
	p := w.app.client(t).login("provider")
	if r := p.post("/business/funds", fund, url.Values{"amount": {"1"}, "idem": {newToken()}}); r.Status != http.StatusNotFound {
		t.Errorf("the provider funding the distributor's reseller: %d", r.Status)
	}
	if r := p.get(page); r.Status != http.StatusNotFound {
		t.Errorf("the provider's reseller funding page: %d", r.Status)
	}
	if w.transfers(t) != n {
		t.Error("a refused reseller funding moved money")
	}

	// the reseller allocates from what it was given
	rs := w.app.client(t).login("reseller")
	rp := detailPath(w.resellerCust)
	if got := rs.get(rp).text(`[data-testid="allocatable"]`); got != models.Fen(resellerCash).Format() {
		t.Errorf("reseller's allocatable %q, want %s", got, models.Fen(resellerCash).Format())
	}
	if res := rs.post(rp, rp+"/allocate", moneyForm(t, rs, rp, `[data-testid="allocate-form"]`, "300")); res.Status != http.StatusSeeOther {
		t.Fatalf("reseller allocates: %d", res.Status)
	}
	// and its master distributor allocates to the same customer from the reseller's account too
	if got := d.get(rp).text(`[data-testid="allocatable"]`); got != models.Fen(resellerCash-30000).Format() {
		t.Errorf("distributor sees allocatable %q for the reseller's customer", got)
	}
	if res := d.post(rp, rp+"/allocate", moneyForm(t, d, rp, `[data-testid="allocate-form"]`, "200")); res.Status != http.StatusSeeOther {
		t.Fatalf("distributor allocates to the reseller's customer: %d", res.Status)
	}
	if w.cash(t, w.reseller) != resellerCash-50000 || w.cash(t, w.distributor) != distStart-500000+100050 {
		t.Error("allocations to a reseller's customer did not come from the reseller's account")
	}
	if got := d.get("/business/funds").text(`[data-testid="held-by-resellers"]`); got == "" {
		t.Error("the distributor's funds page does not show what its resellers hold")
	}
	ledgerIntact(t, w.app)
}
