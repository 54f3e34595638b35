package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// formValues reads the inputs of the form sel on a rendered page.
func formValues(r *response, sel string) url.Values {
	v := url.Values{}
	r.Doc.Find(sel + ` input`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Attr("value")
		if name != "" {
			v.Add(name, val)
		}
	})
	return v
}

func TestAllocateGoesThroughConfirmation(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	before, moves := w.balance(t, w.customer), w.transfers(t)
	if a, _ := c.get(page).Doc.Find(`[data-testid="allocate-form"]`).Attr("action"); a != page+"/allocate/confirm" {
		t.Fatalf("the allocate form posts to %q, not to its confirmation", a)
	}

	r := c.post(page, page+"/allocate/confirm", moneyForm(t, c, page, `[data-testid="allocate-form"]`, "1,234.50"))
	if r.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.Status, r.text(`.field-error, [data-testid="form-error"]`))
	}
	if w.transfers(t) != moves || w.balance(t, w.customer) != before {
		t.Fatal("the confirmation moved money")
	}
	name := dbString(t, w.app, `SELECT account_name FROM customers WHERE id = ?`, w.customer)
	want := map[string]string{
		"preview-amount":           "¥1,234.50",
		"preview-customer-balance": models.Fen(before).Format() + " → " + models.Fen(before+123450).Format(),
		"preview-funder-cash":      models.Fen(w.providerStart).Format() + " → " + models.Fen(w.providerStart-123450).Format(),
	}
	for id, text := range want {
		if got := r.text(`[data-testid="` + id + `"]`); got != text {
			t.Errorf("%s: %q, want %q", id, got, text)
		}
	}
	if got := r.text(`[data-testid="preview-customer"]`); !strings.Contains(got, name) {
		t.Errorf("customer %q, want %s", got, name)
	}

	// back to edit: the form comes back as typed, nothing moved
	form := formValues(r, `[data-testid="confirm-form"]`)
	back := c.do(http.MethodPost, page+"/allocate/edit", form)
	if back.Status != http.StatusOK {
		t.Fatalf("edit: %d", back.Status)
	}
	if v, _ := back.Doc.Find(`#f-allocate-amount`).Attr("value"); v != "1,234.50" {
		t.Errorf("edit keeps amount %q", v)
	}

	res := c.do(http.MethodPost, page+"/allocate", form)
	if res.Status != http.StatusSeeOther || w.balance(t, w.customer) != before+123450 {
		t.Fatalf("confirmed allocation: %d, balance %d", res.Status, w.balance(t, w.customer))
	}
	// a second click on the confirmation carries the same token: moved once
	c.do(http.MethodPost, page+"/allocate", form)
	if w.balance(t, w.customer) != before+123450 || w.transfers(t) != moves+1 {
		t.Error("the confirmation's token did not make the move once")
	}
	ledgerIntact(t, w.app)
}

func TestReclaimConfirmationAndRefusals(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	c := w.app.client(t).login("provider")
	page := detailPath(w.customer)
	bal := w.balance(t, w.customer)
	over := models.Fen(bal + 100).StringFixed(2)

	r := c.post(page, page+"/reclaim/confirm", moneyForm(t, c, page, `[data-testid="reclaim-form"]`, over))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("reclaiming more than the balance: %d", r.Status)
	}
	if v, _ := r.Doc.Find(`#f-reclaim-amount`).Attr("value"); v != over || r.text(`[data-testid="reclaim-form"] .field-error`) == "" {
		t.Errorf("refused reclaim: amount %q, error %q", v, r.text(`[data-testid="reclaim-form"] .field-error`))
	}
	over = models.Fen(w.providerStart + 100).StringFixed(2)
	r = c.post(page, page+"/allocate/confirm", moneyForm(t, c, page, `[data-testid="allocate-form"]`, over))
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="allocate-form"] .field-error`) == "" {
		t.Errorf("allocating more than the cash: %d", r.Status)
	}
	if bal > 0 {
		r = c.post(page, page+"/reclaim/confirm", moneyForm(t, c, page, `[data-testid="reclaim-form"]`, models.Fen(bal).StringFixed(2)))
		if got := r.text(`[data-testid="preview-customer-balance"]`); r.Status != http.StatusOK || !strings.HasSuffix(got, "→ ¥0.00") {
			t.Errorf("reclaim all: %d %q", r.Status, got)
		}
	}

	// a viewer may not move money, not even to its confirmation; another partner's customer is not found
	v := w.app.client(t).login("provider-viewer")
	if r := v.post(page, page+"/allocate/confirm", url.Values{"amount": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("viewer's confirmation: %d", r.Status)
	}
	d := w.app.client(t).login("distributor")
	if r := d.post("/", page+"/allocate/confirm", url.Values{"amount": {"1"}, "idem": {"aaaaaaaaaaaaaaaaaaaa"}}); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer: %d", r.Status)
	}
}
