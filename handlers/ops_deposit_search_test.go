package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/views"
)

// The deposit form finds its partner by a search, not a list of every partner: the matches are
// named, each leads to the form with that partner chosen, and the deposit goes to it.
func TestDepositPartnerSearch(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	op := w.app.client(t).login("operator")
	page := views.PathDeposits
	r := op.get(page)
	if r.Status != http.StatusOK || r.count(`[data-testid="partner-search"]`) != 1 || r.count(`[data-testid="deposit-form"]`) != 0 ||
		r.count(`select[name="partner"]`) != 0 {
		t.Fatalf("the page without a partner: %d, a search %d, a form %d", r.Status, r.count(`[data-testid="partner-search"]`), r.count(`[data-testid="deposit-form"]`))
	}
	name := dbString(t, w.app, `SELECT name FROM partners WHERE id = ?`, w.provider)
	part := string([]rune(name)[2:5])
	r = op.get(page + "?pq=" + url.QueryEscape(part))
	var link string
	r.Doc.Find(`[data-testid="partner-result"]`).Each(func(_ int, s *goquery.Selection) {
		if a := s.Find(`[data-testid="choose-partner"]`); strings.TrimSpace(a.Text()) == name {
			link = a.AttrOr("href", "")
		}
	})
	if r.Status != http.StatusOK || link == "" {
		t.Fatalf("%q does not find %s: %d\n%s", part, name, r.Status, r.text(`[data-testid="partner-results"]`))
	}
	if strings.Contains(r.text(`[data-testid="partner-results"]`), fmt.Sprint(w.provider)+" ") {
		t.Error("the results show ids")
	}
	r = op.get(link)
	if r.text(`[data-testid="chosen-name"]`) != name || r.count(`[data-testid="deposit-form"]`) != 1 {
		t.Fatalf("chosen: %q, form %d", r.text(`[data-testid="chosen-name"]`), r.count(`[data-testid="deposit-form"]`))
	}
	if back := r.Doc.Find(`[data-testid="change-partner"]`).AttrOr("href", ""); back != page+"?pq="+url.QueryEscape(part) {
		t.Errorf("change partner leads to %q", back)
	}
	form := moneyForm(t, op, link, `[data-testid="deposit-form"]`, "12.34")
	form.Set("partner", fmt.Sprint(w.provider))
	form.Set("pq", part)
	if res := op.post(link, page, form); res.Status != http.StatusSeeOther {
		t.Fatalf("deposit: %d", res.Status)
	}
	if got := w.cash(t, w.provider); got != w.providerStart+1234 {
		t.Errorf("provider cash %d, want %d", got, w.providerStart+1234)
	}
	// a refused amount keeps the partner chosen and the search to go back to
	form = moneyForm(t, op, link, `[data-testid="deposit-form"]`, "abc")
	form.Set("partner", fmt.Sprint(w.provider))
	form.Set("pq", part)
	res := op.post(link, page, form)
	if res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="chosen-name"]`) != name || res.count(`.field-error`) == 0 {
		t.Errorf("a refused amount: %d, chosen %q", res.Status, res.text(`[data-testid="chosen-name"]`))
	}
	// no partner, or one not there: the picker says to choose one
	for _, p := range []string{"", "99999999"} {
		res := op.post(page, page, url.Values{"partner": {p}, "amount": {"1"}, "idem": {newToken()}})
		if res.Status != http.StatusUnprocessableEntity || res.text(`[data-testid="error-pq"]`) != views.T(views.ZH, "ops.choose_partner") {
			t.Errorf("partner %q: %d %q", p, res.Status, res.text(`[data-testid="error-pq"]`))
		}
	}
	// too short a text says so; a text matching nothing says so; by number finds the partner
	if r := op.get(page + "?pq=a"); r.text(`[data-testid="error-pq"]`) != views.T(views.ZH, "err.search_too_short") {
		t.Errorf("a one-letter search: %q", r.text(`[data-testid="error-pq"]`))
	}
	if r := op.get(page + "?pq=" + url.QueryEscape("无此伙伴名称") + "&lang=en-US"); r.text(`[data-testid="no-partner-found"]`) != views.T(views.EN, "ops.no_partner_found", "无此伙伴名称") {
		t.Errorf("nothing found: %q", r.text(`[data-testid="no-partner-found"]`))
	}
	if r := op.get(page + "?pq=" + fmt.Sprint(w.provider)); r.text(`[data-testid="choose-partner"]`) != name {
		t.Errorf("by number: %q", r.text(`[data-testid="choose-partner"]`))
	}
	// only the operator searches partners
	if r := w.app.client(t).login("provider").get(page + "?pq=" + url.QueryEscape(part)); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Errorf("a partner searches partners: %d", r.Status)
	}
}
