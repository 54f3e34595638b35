package handlers

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/seed"
	"partnerhub/views"
)

// TestDemoArrearsWalk: the demo's customer-arrears, after serve's first rating (the last day's
// hours), sees its usage, its arrears and the end of its grace period in its portal; the
// provider's allocation pays them and its flash says how much.
func TestDemoArrearsWalk(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ctx := t.Context()
	cid := dbValue[uint64](t, app, `SELECT customer_id FROM users WHERE username = ?`, seed.DemoArrearsUser)
	for h := 24; h >= 1; h-- {
		if _, err := models.GenerateUsage(ctx, app.DB, testNow.Truncate(time.Hour).Add(-time.Duration(h)*time.Hour), testNow); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := models.RateUsage(ctx, app.DB, models.RateOptions{}, testNow); err != nil {
		t.Fatal(err)
	}
	var ar models.Arrears
	if err := app.DB.Where("customer_id = ?", cid).Take(&ar).Error; err != nil || ar.Amount <= 0 || ar.DueAt == nil {
		t.Fatalf("arrears %+v %v", ar, err)
	}
	c := app.client(t).login(seed.DemoArrearsUser)
	p := c.get(views.PathPortal)
	if got := p.text(`[data-testid="arrears-amount"]`); got != models.Fen(ar.Amount).Format() {
		t.Errorf("portal: arrears %q, want %s", got, models.Fen(ar.Amount).Format())
	}
	if got := p.text(`[data-testid="arrears-due"]`); got != views.DateTime(*ar.DueAt) {
		t.Errorf("portal: grace period ends %q, want %q", got, views.DateTime(*ar.DueAt))
	}
	if u := c.get(views.PortalUsageHref); u.Status != http.StatusOK || u.count(`[data-testid="fee-record"]`) == 0 {
		t.Errorf("portal usage: %d, %d fee records", u.Status, u.count(`[data-testid="fee-record"]`))
	}
	// each rated hour shows its usage with its unit and usage type, by name, in each language, in
	// the portal and on the partner's bill of the customer
	for _, w := range []struct{ lang, amount, kind string }{{views.ZH, "1 小时", "时长"}, {views.EN, "1 Hour", "Duration"}} {
		for who, href := range map[string]string{
			"portal":  views.PathPortalBills + "?bill_type=5&lang=" + w.lang,
			"partner": views.BillHref(cid, models.BillCycleOf(testNow)) + "&bill_type=5&lang=" + w.lang} {
			cl := c
			if who == "partner" {
				cl = app.client(t).login("provider-finance")
			}
			u := cl.get(href)
			if got := u.Doc.Find(`[data-testid="fee-record"] [data-testid="usage"]`).First().Text(); got != w.amount {
				t.Errorf("%s, %s: usage %q, want %q", who, w.lang, got, w.amount)
			}
			if got := u.Doc.Find(`[data-testid="fee-record"] [data-testid="usage-type"]`).First().Text(); got != w.kind {
				t.Errorf("%s, %s: usage type %q, want %q", who, w.lang, got, w.kind)
			}
		}
	}
	prov := app.client(t).login("provider")
	page := views.Path(views.PathCustomer, cid)
	r := prov.post(page, page+"/allocate/confirm", moneyForm(t, prov, page, `[data-testid="allocate-form"]`, "100"))
	if r.Status != http.StatusOK {
		t.Fatalf("confirm: %d", r.Status)
	}
	if res := prov.do(http.MethodPost, page+"/allocate", formValues(r, `[data-testid="confirm-form"]`)); res.Status != http.StatusSeeOther {
		t.Fatalf("allocate: %d", res.Status)
	}
	if got := prov.get(page).text(`[data-testid="flash"]`); !strings.Contains(got, models.Fen(ar.Amount).Format()) {
		t.Errorf("the flash does not say the arrears paid: %q", got)
	}
	if n := c.get(views.PathPortal).count(`[data-testid="arrears-amount"]`); n != 0 {
		t.Error("the portal still shows arrears")
	}
}
