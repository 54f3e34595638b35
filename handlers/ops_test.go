package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOperatorDepositAndReversal(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	op := w.app.client(t).login("operator")
	const page = "/ops/deposits"
	r := op.get(page)
	if r.Status != http.StatusOK || r.count(`[data-testid="deposit-row"]`) != 2 {
		t.Fatalf("deposits page %d with %d deposits, want the 2 demo deposits", r.Status, r.count(`[data-testid="deposit-row"]`))
	}
	form := moneyForm(t, op, page+"?partner="+fmt.Sprint(w.provider), `[data-testid="deposit-form"]`, "8,000.00")
	form.Set("partner", fmt.Sprint(w.provider))
	form.Set("memo", "BT20261123-0042")
	for i := 0; i < 2; i++ { // a double-click deposits once
		if res := op.post(page, page, form); res.Status != http.StatusSeeOther || res.Location != page {
			t.Fatalf("deposit: %d → %s", res.Status, res.Location)
		}
	}
	if got := w.cash(t, w.provider); got != w.providerStart+800000 {
		t.Fatalf("provider cash %d, want %d", got, w.providerStart+800000)
	}
	r = op.get(page)
	if f := r.text(`[data-testid="flash"]`); !strings.Contains(f, "¥8,000.00") {
		t.Errorf("flash %q", f)
	}
	row := r.Doc.Find(`[data-testid="deposit-row"]`).First()
	if !strings.Contains(row.Text(), "BT20261123-0042") || row.Find(`[data-testid="reverse"]`).Length() != 1 || row.Find(`[data-confirm]`).Length() != 0 {
		t.Fatalf("the newest deposit row: %q", row.Text())
	}
	id, _ := row.Attr("data-id")
	n := w.transfers(t)

	bad := []url.Values{
		{"partner": {fmt.Sprint(w.provider)}, "amount": {"0"}},
		{"partner": {fmt.Sprint(w.provider)}, "amount": {"1.001"}},
		{"partner": {fmt.Sprint(w.provider)}, "amount": {"abc"}},
		{"partner": {""}, "amount": {"10"}},
		{"partner": {"99999999"}, "amount": {"10"}},
	}
	for _, f := range bad {
		f.Set("idem", newToken())
		if res := op.post(page, page, f); res.Status != http.StatusUnprocessableEntity || res.count(`.field-error`) == 0 {
			t.Errorf("deposit %v: %d", f, res.Status)
		}
	}
	if w.transfers(t) != n {
		t.Error("a refused deposit moved money")
	}

	reverse := page + "/" + id + "/reverse"
	// the button opens the confirmation, which names the partner and the amount and moves nothing
	conf := op.post(page, reverse+"/confirm", nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-amount"]`) != "¥8,000.00" || conf.text(`[data-testid="confirm-partner"]`) == "" ||
		conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "") != reverse {
		t.Fatalf("reverse confirmation: %d %q %q", conf.Status, conf.text(`[data-testid="confirm-amount"]`), conf.text(`[data-testid="confirm-partner"]`))
	}
	if w.transfers(t) != n {
		t.Error("the confirmation moved money")
	}
	if res := op.post(page, reverse, nil); res.Status != http.StatusSeeOther {
		t.Fatalf("reverse: %d", res.Status)
	}
	if got := w.cash(t, w.provider); got != w.providerStart {
		t.Errorf("provider cash after the reversal %d, want %d", got, w.providerStart)
	}
	r = op.get(page)
	if r.text(`[data-testid="deposit-row"][data-id="`+id+`"] [data-testid="deposit-status"]`) != "已冲正" ||
		r.count(`[data-testid="deposit-row"][data-id="`+id+`"] [data-testid="reverse"]`) != 0 {
		t.Error("the reversed deposit is not shown as reversed")
	}
	if res := op.post(page, reverse, nil); res.Status != http.StatusSeeOther || !strings.Contains(op.get(page).text(`.flash-error`), "冲正") {
		t.Errorf("a second reversal: %d", res.Status)
	}
	if w.transfers(t) != n+1 {
		t.Errorf("%d transfers, want the one reversal", w.transfers(t)-n)
	}
	// the provider has spent part of its demo deposit: that one cannot be taken back whole
	spent := dbValue[string](t, w.app, `SELECT id FROM transfers WHERE kind = 'deposit' AND partner_id = ? ORDER BY id LIMIT 1`, w.provider)
	if res := op.post(page, page+"/"+spent+"/reverse", nil); res.Status != http.StatusSeeOther ||
		!strings.Contains(op.get(page).text(`.flash-error`), "余额不足") {
		t.Errorf("reversing a spent deposit: %d", res.Status)
	}
	if res := op.post(page, page+"/99999999/reverse", nil); res.Status != http.StatusNotFound {
		t.Errorf("reversing an unknown deposit: %d", res.Status)
	}
	for _, user := range []string{"provider", "distributor"} {
		c := w.app.client(t).login(user)
		if s := c.get(page).Status; s != http.StatusForbidden {
			t.Errorf("%s on the deposits page: %d", user, s)
		}
		if s := c.post("/", reverse, nil).Status; s != http.StatusForbidden {
			t.Errorf("%s reversing a deposit: %d", user, s)
		}
	}
	ledgerIntact(t, w.app)
}
