package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// A give that gives nothing (the quota's balance too small) comes back as typed — the quota, the
// resellers ticked, the amount — and says the balance there is. The quota list names quotas by
// type, face values, balance and last day, not by a hexadecimal id.
func TestRefusedGiveKeepsTheForm(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("distributor")
	parent, balance := couponQuota(t, app, "distributor", models.VoucherQuota)
	rs, gz := partnerID(t, app, "reseller-sh"), partnerID(t, app, "reseller-gz")
	given := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ?`, parent)
	over := models.Fen(balance + 100).StringFixed(2)
	give := url.Values{"quota": {fmt.Sprint(parent)}, "reseller": {fmt.Sprint(rs), fmt.Sprint(gz)}, "amount": {over},
		"idem": {formToken(t, c, resellerQuotasPath, `[data-testid="give-form"]`)}}
	r := c.post(resellerQuotasPath, resellerQuotasPath, give)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a give over the balance: %d", r.Status)
	}
	if v, _ := r.Doc.Find(`#f-quota option[selected]`).Attr("value"); v != fmt.Sprint(parent) {
		t.Errorf("the quota chosen is not kept: %q", v)
	}
	if n := r.count(`[data-testid="give-form"] input[name="reseller"]:checked`); n != 2 {
		t.Errorf("%d resellers still ticked, want 2", n)
	}
	if v, _ := r.Doc.Find(`#f-amount`).Attr("value"); v != over {
		t.Errorf("the amount is not kept: %q", v)
	}
	if e := r.text(`[data-testid="error-amount"]`); !strings.Contains(e, models.Fen(balance).Format()) {
		t.Errorf("the refusal %q does not say the balance %s", e, models.Fen(balance).Format())
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ?`, parent); n != given {
		t.Errorf("%d quotas given", n-given)
	}
	label := r.text(`#f-quota option[selected]`)
	var pub string
	app.DB.Raw(`SELECT public_id FROM coupon_quotas WHERE id = ?`, parent).Scan(&pub)
	if strings.Contains(label, pub[:8]) || !strings.Contains(label, views.T(views.ZH, "qtype.0")) || !strings.Contains(label, models.Fen(balance).Format()) {
		t.Errorf("the quota is listed as %q", label)
	}
}
