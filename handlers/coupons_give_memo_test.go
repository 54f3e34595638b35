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

// A give's memo is kept with the reseller's quota: the list of given quotas, the quota records and
// the audit log show it. A memo the models refuse comes back on the form by its field, with the
// other fields as typed, and nothing is given.
func TestGiveMemo(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("distributor")
	parent, _ := couponQuota(t, app, "distributor", models.VoucherQuota)
	gz := partnerID(t, app, "reseller-gz")
	give := func(memo string) *response {
		return c.post(resellerQuotasPath, resellerQuotasPath, url.Values{"quota": {fmt.Sprint(parent)}, "reseller": {fmt.Sprint(gz)},
			"amount": {"1.00"}, "memo": {memo}, "idem": {formToken(t, c, resellerQuotasPath, `[data-testid="give-form"]`)}})
	}
	given := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ?`, parent)
	for _, tc := range []struct{ memo, want string }{
		{strings.Repeat("备", models.MaxMemoLen+1), views.T(views.ZH, "funds.memo_too_long")},
		{"bad\u202ememo", views.T(views.ZH, "err.text_invalid")},
	} {
		r := give(tc.memo)
		if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-memo"]`) != tc.want {
			t.Errorf("memo %q: %d %q", tc.memo, r.Status, r.text(`[data-testid="error-memo"]`))
		}
		if v, _ := r.Doc.Find(`#f-amount`).Attr("value"); v != "1.00" {
			t.Errorf("memo %q: the amount is not kept: %q", tc.memo, v)
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ?`, parent); n != given {
		t.Fatalf("a refused memo gave %d", n-given)
	}
	if max, _ := c.get(resellerQuotasPath).Doc.Find(`#f-memo`).Attr("maxlength"); max != fmt.Sprint(models.MaxMemoLen) {
		t.Errorf("memo maxlength %q", max)
	}
	memo := "十二月渠道激励"
	if r := give("  " + memo + "  "); r.Status != http.StatusSeeOther {
		t.Fatalf("give: %d %s", r.Status, r.text(`.field-error`))
	}
	if got := dbString(t, app, `SELECT remark FROM coupon_quotas WHERE parent_id = ? ORDER BY id DESC LIMIT 1`, parent); got != memo {
		t.Errorf("stored memo %q", got)
	}
	r := c.get(resellerQuotasPath + "?reseller=" + fmt.Sprint(gz))
	if got := r.Doc.Find(`[data-testid="child-memo"]`).First().Text(); got != memo {
		t.Errorf("the given quotas show %q", got)
	}
	if body := c.get("/business/coupons/reseller-quotas/records").Body; !strings.Contains(body, memo) {
		t.Error("the quota records do not show the memo")
	}
	if body := c.get("/partner/audit").Body; !strings.Contains(body, memo) {
		t.Error("the audit log does not show the memo")
	}
}
