package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// The operator's quota grant says every field's error at once, keeps what was typed, and applies
// the domain's rules: a maximum face value above the amount, a minimum above the maximum, and a
// partner in no program are refused with their own messages.
func TestGrantFormSaysEverythingAtOnce(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("operator")
	provider := partnerID(t, app, "provider")
	form := url.Values{"partner": {fmt.Sprint(provider)}, "type": {"0"}, "amount": {"100"}, "from": {"2026-11-23"},
		"to": {"2026-02-30"}, "min_face": {"600"}, "max_face": {"500"}, "services": {"hws.service.type.ec2"},
		"idem": {newToken()}}
	r := c.post(opsQuotasPath, opsQuotasPath, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("grant: %d", r.Status)
	}
	want := map[string]string{ // a bad date from the form's shape, the faces from the domain's rules
		"from":     views.T(views.ZH, "err.invalid_validity"),
		"min_face": views.T(views.ZH, "err.min_face_above_max"),
		"max_face": views.T(views.ZH, "err.max_face_above_amount"),
	}
	for field, text := range want {
		if got := r.text(`[data-testid="error-` + field + `"]`); got != text {
			t.Errorf("%s: %q, want %q", field, got, text)
		}
	}
	if v, _ := r.Doc.Find(`#f-min_face`).Attr("value"); v != "600" {
		t.Errorf("the minimum typed is not kept: %q", v)
	}

	// a partner in no program: refused, and not offered
	network := models.Partner{ID: networkPartner(t, app)}
	form.Set("partner", fmt.Sprint(network.ID))
	form.Set("to", "2027-01-31")
	form.Set("min_face", "")
	form.Set("max_face", "50")
	r = c.post(opsQuotasPath, opsQuotasPath, form)
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-partner"]`) == "" {
		t.Errorf("a partner in no program: %d %q", r.Status, r.text(`[data-testid="error-partner"]`))
	}
	if r.count(fmt.Sprintf(`[data-testid="grant-form"] option[value="%d"]`, network.ID)) != 0 {
		t.Error("the grant form offers a partner in no program")
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE partner_id = ?`, network.ID); n != 0 {
		t.Errorf("%d quotas granted to a partner in no program", n)
	}
}
