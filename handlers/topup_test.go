package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"partnerhub/models"
)

var testGatewayKey = bytes.Repeat([]byte{0x42}, 32)

// startTopup posts the top-up form for amount and follows to the simulated gateway's page.
func startTopup(t *testing.T, c *client, amount string) *response {
	t.Helper()
	page := c.get("/customer/topup")
	form := formValues(page, `[data-testid="topup-form"]`)
	form.Set("amount", amount)
	r := c.do(http.MethodPost, "/customer/topup", form)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/gateway/sim/pay?") {
		t.Fatalf("top up %s: %d %s", amount, r.Status, r.Location)
	}
	gw := c.get(r.Location)
	if gw.Status != http.StatusOK || !strings.Contains(gw.text(`[data-testid="sim-banner"]`), "模拟支付网关 / Simulated payment gateway — no real money") {
		t.Fatalf("gateway page: %d", gw.Status)
	}
	return gw
}

// The whole flow through the pages: the form, the simulated gateway, its signed callback, the
// return with its flash; the callback's replay credits nothing again.
func TestTopupFlow(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("prospect")
	home := c.get("/customer")
	if home.count(`.menus a[href="/customer/topup"]`) == 0 || home.count(`[data-testid="portal-topup"]`) != 1 {
		t.Error("no Top up in the portal's menu or beside its balance")
	}
	for _, bad := range []string{"", "abc", "0.50", "1.001", "2,000,000"} {
		page := c.get("/customer/topup")
		form := formValues(page, `[data-testid="topup-form"]`)
		form.Set("amount", bad)
		if r := c.do(http.MethodPost, "/customer/topup", form); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-topup-amount"]`) != 1 {
			t.Errorf("amount %q: %d", bad, r.Status)
		}
	}
	gw := startTopup(t, c, "1,234.50")
	if got := gw.text(`[data-testid="sim-amount"]`); !strings.Contains(got, "1,234.50") {
		t.Errorf("gateway shows %q", got)
	}
	ref := gw.text(`[data-testid="sim-reference"]`)
	r := c.do(http.MethodPost, "/gateway/sim/pay", formValues(gw, `form[action="/gateway/sim/pay"]`))
	if r.Status != http.StatusSeeOther || r.Location != "/customer/topup/return?out_trade_no="+ref {
		t.Fatalf("pay: %d %s", r.Status, r.Location)
	}
	if r = c.get(r.Location); r.Status != http.StatusSeeOther || r.Location != "/customer/topup" {
		t.Fatalf("return: %d %s", r.Status, r.Location)
	}
	page := c.get("/customer/topup")
	if !strings.Contains(page.text(".flash"), "已到账") || page.text(`[data-testid="topup-status"]`) != "已到账" ||
		!strings.Contains(page.text(`[data-testid="topup-balance"]`), "1,234.50") {
		t.Errorf("after paying: flash %q, status %q, balance %q", page.text(".flash"), page.text(`[data-testid="topup-status"]`), page.text(`[data-testid="topup-balance"]`))
	}
	if st := c.get("/customer").text(`[data-testid="portal-statement"] [data-testid="statement-row"]`); !strings.Contains(st, "客户充值") {
		t.Errorf("the portal's statement: %q", st)
	}
	// the gateway sends its notice again: answered, not credited twice
	tradeNo := dbString(t, app, "SELECT trade_no FROM topups WHERE reference = ?", ref)
	n := models.TopupNotice{Reference: ref, TradeNo: tradeNo, Amount: 123450, Status: models.NoticePaid}
	n.SignWith(testGatewayKey)
	if r := app.client(t).do(http.MethodPost, "/gateway/callback", n.Values()); r.Status != http.StatusOK || r.Body != "success" {
		t.Errorf("replay: %d %q", r.Status, r.Body)
	}
	if got := dbValue[int64](t, app, "SELECT COUNT(*) FROM transfers WHERE kind = 'topup' AND amount = 123450"); got != 1 {
		t.Errorf("%d topup transfers", got)
	}
	if got := dbValue[int64](t, app, "SELECT balance FROM accounts WHERE kind = 'customer' AND customer_id = (SELECT customer_id FROM topups WHERE reference = ?)", ref); got != 123450 {
		t.Errorf("balance %d", got)
	}
}

// Cancel at the gateway closes the top-up; nothing is credited.
func TestTopupCancel(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("prospect")
	gw := startTopup(t, c, "50")
	r := c.do(http.MethodPost, "/gateway/sim/pay/cancel", formValues(gw, `form[action="/gateway/sim/pay/cancel"]`))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.Status)
	}
	c.get(r.Location)
	page := c.get("/customer/topup")
	if !strings.Contains(page.text(".flash"), "已取消") || page.text(`[data-testid="topup-status"]`) != "已关闭" {
		t.Errorf("after cancelling: %q %q", page.text(".flash"), page.text(`[data-testid="topup-status"]`))
	}
	if got := dbValue[int64](t, app, "SELECT COUNT(*) FROM transfers WHERE kind = 'topup' AND customer_id = (SELECT customer_id FROM users WHERE username = 'prospect')"); got != 0 {
		t.Errorf("%d topup transfers", got)
	}
}

// A notice that does not verify is refused and changes nothing; a gateway page with a forged
// request is refused too.
func TestTopupCallbackRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("prospect")
	gw := startTopup(t, c, "100")
	ref := gw.text(`[data-testid="sim-reference"]`)
	good := models.TopupNotice{Reference: ref, TradeNo: "T1", Amount: 10000, Status: models.NoticePaid}
	good.SignWith(testGatewayKey)
	forged := good
	forged.SignWith(bytes.Repeat([]byte{1}, 32))
	tampered := good.Values()
	tampered.Set("amount", "100000.00")
	malformed := good.Values()
	malformed.Del("sign")
	mismatch := models.TopupNotice{Reference: ref, TradeNo: "T1", Amount: 1, Status: models.NoticePaid}
	mismatch.SignWith(testGatewayKey)
	gateway := app.client(t) // the gateway's server: no session
	for name, tc := range map[string]struct {
		form url.Values
		want int
	}{
		"another key": {forged.Values(), http.StatusForbidden}, "tampered amount": {tampered, http.StatusForbidden},
		"no signature": {malformed, http.StatusBadRequest}, "signed, other amount": {mismatch.Values(), http.StatusBadRequest},
		"empty": {url.Values{}, http.StatusBadRequest},
	} {
		if r := gateway.do(http.MethodPost, "/gateway/callback", tc.form); r.Status != tc.want {
			t.Errorf("%s: %d, want %d", name, r.Status, tc.want)
		}
	}
	// a genuine notice in the address instead of the posted body is no notice
	if r := gateway.do(http.MethodPost, "/gateway/callback?"+good.Values().Encode(), url.Values{}); r.Status != http.StatusBadRequest {
		t.Errorf("notice in the query: %d", r.Status)
	}
	if got := dbValue[int64](t, app, "SELECT COUNT(*) FROM topups WHERE reference = ? AND status = 1 AND trade_no IS NULL", ref); got != 1 {
		t.Error("the top-up changed")
	}
	if got := dbValue[int64](t, app, "SELECT COUNT(*) FROM transfers WHERE kind = 'topup' AND customer_id = (SELECT customer_id FROM users WHERE username = 'prospect')"); got != 0 {
		t.Errorf("%d topup transfers", got)
	}
	// the gateway's page refuses a request whose amount was changed in the address
	q := formValues(gw, `form[action="/gateway/sim/pay"]`)
	q.Del("_csrf")
	q.Set("amount", "999999.00")
	if r := c.get("/gateway/sim/pay?" + q.Encode()); r.Status != http.StatusBadRequest {
		t.Errorf("forged request: %d", r.Status)
	}
	// and the genuine notice still goes through, without a session or CSRF token
	if r := gateway.do(http.MethodPost, "/gateway/callback", good.Values()); r.Status != http.StatusOK {
		t.Errorf("genuine notice: %d %s", r.Status, r.Body)
	}
}

// A consignment customer still bound is told why it cannot top up, and its post is refused.
func TestTopupConsignmentRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("customer")
	if c.get("/customer").count(`[data-testid="portal-topup"]`) != 0 {
		t.Error("a Top up button beside a consignment customer's balance")
	}
	page := c.get("/customer/topup")
	if page.Status != http.StatusOK || page.count(`[data-testid="topup-form"]`) != 0 || !strings.Contains(page.text(`[data-testid="notice"]`), "代售客户") {
		t.Fatalf("page: %d %q", page.Status, page.text(`[data-testid="notice"]`))
	}
	r := c.post("/customer/topup", "/customer/topup", url.Values{"amount": {"100"}, "idem": {newToken()}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "代售客户") {
		t.Errorf("post: %d", r.Status)
	}
	if got := dbValue[int64](t, app, "SELECT COUNT(*) FROM topups WHERE customer_id = (SELECT customer_id FROM users WHERE username = 'customer')"); got != 0 {
		t.Errorf("%d top-ups", got)
	}
}

// A gateway sending its notice several times at once (retries racing the first) credits once.
// Run with -race.
func TestTopupCallbackConcurrent(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("prospect")
	gw := startTopup(t, c, "300")
	n := models.TopupNotice{Reference: gw.text(`[data-testid="sim-reference"]`), TradeNo: "T-race", Amount: 30000, Status: models.NoticePaid}
	n.SignWith(testGatewayKey)
	const senders = 6
	statuses := make(chan int, senders)
	var wg sync.WaitGroup
	for i := 0; i < senders; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.PostForm(app.Srv.URL+"/gateway/callback", n.Values())
			if err != nil {
				statuses <- 0
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusOK {
			t.Errorf("a notice got %d", s)
		}
	}
	if got := dbValue[int64](t, app, "SELECT COUNT(*) FROM transfers WHERE kind = 'topup' AND customer_id = (SELECT customer_id FROM users WHERE username = 'prospect')"); got != 1 {
		t.Errorf("%d topup transfers", got)
	}
}
