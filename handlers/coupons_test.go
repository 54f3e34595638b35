package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// Coupons through the console: the pages and who may open them, the issue flow (form, search,
// confirmation, one-time token, result), every bad input refused with 422 and nothing issued,
// reclaim, a master distributor's quotas for resellers, the operator's grants.

// couponQuota is the id and balance (fen) of a partner's first usable quota of type.
func couponQuota(t *testing.T, app *testApp, partner string, typ models.QuotaType) (uint64, int64) {
	t.Helper()
	id := dbValue[uint64](t, app, `SELECT id FROM coupon_quotas WHERE partner_id = ? AND type = ? AND status = 0 ORDER BY id LIMIT 1`,
		partnerID(t, app, partner), typ)
	return id, dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, id)
}

// ownCustomers are the account ids of n of the partner's own unfrozen customers.
func ownCustomers(t *testing.T, app *testApp, partner string, n int) []string {
	t.Helper()
	var out []string
	app.DB.Model(&models.Customer{}).Where("partner_id = ? AND frozen = 0", partnerID(t, app, partner)).Order("id DESC").Limit(n).Pluck("domain_id", &out)
	if len(out) != n {
		t.Fatalf("%d customers of %s", len(out), partner)
	}
	return out
}

func TestCouponPagesAndRoles(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	quota, _ := couponQuota(t, app, "provider", models.VoucherQuota)
	coupon := dbValue[uint64](t, app, `SELECT id FROM coupons WHERE partner_id = ? LIMIT 1`, partnerID(t, app, "provider"))
	resellerCoupon := dbValue[uint64](t, app, `SELECT id FROM coupons WHERE partner_id = ? LIMIT 1`, partnerID(t, app, "reseller"))
	cases := []struct {
		user, path string
		status     int
	}{
		{"provider", "/business/coupons", 200},
		{"provider", fmt.Sprintf("/business/coupons/quotas/%d", quota), 200},
		{"provider", "/business/coupons/issue", 200},
		{"provider", "/business/coupons/issued", 200},
		{"provider", "/business/coupons/issued?status=2&customer=nobody&quota=x&from=2026-13-01", 200},
		{"provider", fmt.Sprintf("/business/coupons/issued/%d", coupon), 200},
		{"provider", fmt.Sprintf("/business/coupons/issued/%d", resellerCoupon), 404},
		{"provider", "/business/coupons/records?op=1&result=-1", 200},
		{"provider", "/business/coupons/reseller-quotas", 404},
		{"provider-finance", "/business/coupons/issue", 200},
		{"provider-viewer", "/business/coupons", 200},
		{"provider-viewer", "/business/coupons/issue", 403},
		{"provider-sales", "/business/coupons", 403},
		{"distributor", "/business/coupons/reseller-quotas", 200},
		{"distributor", "/business/coupons/reseller-quotas/records?op=10", 200},
		{"distributor", fmt.Sprintf("/business/coupons/quotas/%d", quota), 404},
		{"distributor", fmt.Sprintf("/business/coupons/issued/%d", resellerCoupon), 200},
		{"reseller", "/business/coupons", 200},
		{"operator", "/ops/quotas", 200},
		{"provider", "/ops/quotas", 403},
		{"customer", "/business/coupons", 403},
	}
	for _, tc := range cases {
		c := app.client(t).login(tc.user)
		if r := c.get(tc.path); r.Status != tc.status {
			t.Errorf("%s %s: %d, want %d", tc.user, tc.path, r.Status, tc.status)
		}
	}
	c := app.client(t).login("provider")
	if r := c.get("/business/coupons"); r.count(`[data-testid="quota-row"]`) < 2 || r.text(`[data-testid="quota-balance"]`) == "¥0.00" {
		t.Error("my quotas show no quota or no balance")
	}
	if r := c.get("/business/coupons/issued?status=2&customer=nobody"); !strings.Contains(r.text(`[data-testid="notice"]`), "客户") {
		t.Error("an unknown customer filter is not said to be ignored")
	}
	for _, op := range []string{"-255", "257", "5", "x"} { // -255 and 257 wrap to a valid int8
		if r := c.get("/business/coupons/records?op=" + op); !strings.Contains(r.text(`[data-testid="notice"]`), "操作类型") {
			t.Errorf("operation type %s is not said to be ignored", op)
		}
	}
	if r := c.get("/"); r.count(`[data-testid="stat-coupons"]`) != 1 {
		t.Error("the dashboard has no coupon card")
	}
}

// issueForm is a filled issue form (without its token).
func issueForm(quota uint64, face string, customers ...string) url.Values {
	return url.Values{"quota": {fmt.Sprint(quota)}, "face": {face}, "customer": customers, "memo": {"双十二"}}
}

func TestIssueThroughTheConsole(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-finance")
	quota, balance := couponQuota(t, app, "provider", models.VoucherQuota)
	cs := ownCustomers(t, app, "provider", 3)
	// a customer preselected from its detail page, then a search that keeps the form
	r := c.get("/business/coupons/issue?customer=" + cs[0] + "&quota=" + fmt.Sprint(quota))
	if r.count(`[data-testid="chosen"] input[checked]`) != 1 {
		t.Fatal("the linked customer is not preselected")
	}
	form := issueForm(quota, "88.80", cs[0])
	form.Set("q", dbString(t, app, `SELECT account_name FROM customers WHERE domain_id = ?`, cs[1]))
	r = c.post(issuePath, issuePath+"/search", form)
	if r.Status != 200 || r.count(`[data-testid="found"] [data-testid="customer-choice"]`) == 0 || r.Doc.Find(`#f-face`).AttrOr("value", "") != "88.80" {
		t.Fatalf("search: %d, found %d", r.Status, r.count(`[data-testid="found"] [data-testid="customer-choice"]`))
	}
	// the confirmation shows the total; names pasted join the chosen ones
	form = issueForm(quota, "88.80", cs[0], cs[1])
	form.Set("names", dbString(t, app, `SELECT account_name FROM customers WHERE domain_id = ?`, cs[2])+"\n")
	r = c.post(issuePath, issuePath+"/preview", form)
	if r.Status != 200 || r.text(`[data-testid="preview-count"]`) != "3" || r.text(`[data-testid="preview-total"]`) != "¥266.40" {
		t.Fatalf("preview: %d count %q total %q", r.Status, r.text(`[data-testid="preview-count"]`), r.text(`[data-testid="preview-total"]`))
	}
	confirm := url.Values{}
	r.Doc.Find(`[data-testid="confirm-form"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		confirm.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	done := c.do(http.MethodPost, issuePath, confirm)
	if done.Status != http.StatusSeeOther || !strings.HasPrefix(done.Location, "/business/coupons/issues/") {
		t.Fatalf("issue: %d %s %s", done.Status, done.Location, done.Body)
	}
	again := c.do(http.MethodPost, issuePath, confirm) // a refresh of the confirmation's post
	if again.Status != http.StatusSeeOther || again.Location != done.Location {
		t.Fatalf("the same token issued again: %d %s", again.Status, again.Location)
	}
	res := c.get(done.Location)
	if res.count(`[data-testid="issue-result"][data-ok="true"]`) != 3 || res.text(`[data-testid="issued-count"]`) != "3" {
		t.Errorf("result page: %d issued", res.count(`[data-testid="issue-result"][data-ok="true"]`))
	}
	if got := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, quota); got != balance-3*8880 {
		t.Errorf("quota balance %d, want %d", got, balance-3*8880)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupons WHERE quota_id = ? AND face_value = 8880`, quota); n != 3 {
		t.Errorf("%d coupons of ¥88.80", n)
	}
	if r := app.client(t).login("distributor").get(done.Location); r.Status != 404 {
		t.Errorf("another partner sees the issue: %d", r.Status)
	}
	ledgerIntact(t, app)
}

func TestIssueBadInput(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	quota, balance := couponQuota(t, app, "provider", models.VoucherQuota)
	cash, _ := couponQuota(t, app, "provider", models.CashCouponQuota) // at most ¥2,000 a coupon, ECS and EVS only
	theirs, _ := couponQuota(t, app, "distributor", models.VoucherQuota)
	cs := ownCustomers(t, app, "provider", 2)
	other := ownCustomers(t, app, "reseller", 1)[0]
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("%032x", i)
	}
	coupons := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupons`)
	cases := []struct {
		name   string
		form   url.Values
		errSel string
	}{
		{"face 0", issueForm(quota, "0", cs...), "error-face"},
		{"face -5", issueForm(quota, "-5", cs...), "error-face"},
		{"face 0.001", issueForm(quota, "0.001", cs...), "error-face"},
		{"face abc", issueForm(quota, "abc", cs...), "error-face"},
		{"face empty", issueForm(quota, "", cs...), "error-face"},
		{"full-width digits", issueForm(quota, "１００", cs...), "error-face"},
		{"no customers", issueForm(quota, "10"), "error-customers"},
		{"101 customers", issueForm(quota, "10", many...), "error-customers"},
		{"another partner's customer", issueForm(quota, "10", cs[0], other), "error-customers"},
		{"another partner's quota", issueForm(theirs, "10", cs...), "error-quota"},
		{"no quota", issueForm(0, "10", cs...), "error-quota"},
		{"above the quota's maximum", issueForm(cash, "2000.01", cs...), "error-face"},
		{"a service outside the quota's", withValues(issueForm(cash, "10", cs...), "services", "hws.service.type.obs"), "error-services"},
		{"an unknown service", withValues(issueForm(quota, "10", cs...), "services", "hws.service.type.nope"), "error-services"},
		{"expiry before effective", withValues(withValues(issueForm(quota, "10", cs...), "from", "2026-12-10"), "to", "2026-12-01"), "error-from"},
		{"beyond the quota's expiry", withValues(issueForm(quota, "10", cs...), "to", "2030-01-01"), "error-from"},
		{"a malformed date", withValues(issueForm(quota, "10", cs...), "from", "12/01/2026"), "error-from"},
	}
	for _, tc := range cases {
		for _, step := range []string{"/preview", ""} { // the confirmation's post checks again
			form := url.Values{}
			for k, v := range tc.form {
				form[k] = v
			}
			form.Set("idem", newToken())
			r := c.post(issuePath, issuePath+step, form)
			if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="`+tc.errSel+`"]`) != 1 {
				t.Errorf("%s (%s): status %d, %s shown %d times", tc.name, step, r.Status, tc.errSel, r.count(`[data-testid="`+tc.errSel+`"]`))
			}
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupons`); n != coupons {
		t.Errorf("refused issues made %d coupons", n-coupons)
	}
	if got := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, quota); got != balance {
		t.Error("refused issues moved the quota")
	}
	form := issueForm(quota, "10", cs...)
	if r := c.post(issuePath, issuePath, form); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="form-error"]`) != 1 {
		t.Errorf("an issue without its one-time token: %d", r.Status)
	}
	form.Set("_csrf", "forged")
	if r := c.do(http.MethodPost, issuePath+"/preview", form); r.Status != http.StatusForbidden {
		t.Errorf("a post without the CSRF token: %d", r.Status)
	}
}

func withValues(v url.Values, key string, vals ...string) url.Values {
	v[key] = vals
	return v
}

func TestReclaimThroughTheConsole(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	id := dbValue[uint64](t, app, `SELECT id FROM coupons WHERE partner_id = ? AND status = 2 AND balance > 0 ORDER BY id LIMIT 1`, partnerID(t, app, "provider"))
	quota := dbValue[uint64](t, app, `SELECT quota_id FROM coupons WHERE id = ?`, id)
	held := dbValue[int64](t, app, `SELECT balance FROM coupons WHERE id = ?`, id)
	before := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, quota)
	page := fmt.Sprintf("/business/coupons/issued/%d", id)
	if r := c.get(page); r.count(`[data-testid="reclaim"]`) != 1 {
		t.Fatal("no reclaim button on a usable coupon")
	}
	if r := c.post(page, page+"/reclaim", nil); r.Status != http.StatusSeeOther || r.Location != page {
		t.Fatalf("reclaim: %d %s", r.Status, r.Location)
	}
	if after := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, quota); after != before+held {
		t.Errorf("quota %d after reclaiming %d, want %d", after, held, before+held)
	}
	r := c.get(page)
	if r.count(`[data-testid="reclaim"]`) != 0 || r.Doc.Find(`[data-testid="coupon-status"]`).AttrOr("data-status", "") != "5" {
		t.Error("the reclaimed coupon still shows as reclaimable")
	}
	if r := c.post("/business/coupons", page+"/reclaim", nil); r.Status != http.StatusSeeOther {
		t.Errorf("reclaiming twice: %d", r.Status)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_records WHERE coupon_id = ? AND operation_type = 2`, id); n != 1 {
		t.Errorf("%d reclaim records", n)
	}
	theirs := dbValue[uint64](t, app, `SELECT id FROM coupons WHERE partner_id = ? LIMIT 1`, partnerID(t, app, "reseller"))
	if r := c.post("/business/coupons", fmt.Sprintf("/business/coupons/issued/%d/reclaim", theirs), nil); r.Status != http.StatusNotFound {
		t.Errorf("reclaiming another partner's coupon: %d", r.Status)
	}
	viewer := app.client(t).login("provider-viewer")
	if r := viewer.post("/business/coupons", page+"/reclaim", nil); r.Status != http.StatusForbidden {
		t.Errorf("a viewer reclaiming: %d", r.Status)
	}
	ledgerIntact(t, app)
}

func TestResellerQuotasThroughTheConsole(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("distributor")
	parent, balance := couponQuota(t, app, "distributor", models.VoucherQuota)
	gz, provider := partnerID(t, app, "reseller-gz"), partnerID(t, app, "provider")
	give := url.Values{"quota": {fmt.Sprint(parent)}, "reseller": {fmt.Sprint(gz), fmt.Sprint(provider)}, "amount": {"1,000"},
		"idem": {formToken(t, c, resellerQuotasPath, `[data-testid="give-form"]`)}}
	r := c.post(resellerQuotasPath, resellerQuotasPath, give)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("give: %d %s", r.Status, r.Body)
	}
	list := c.get(resellerQuotasPath + "?reseller=" + fmt.Sprint(gz))
	if list.count(`[data-testid="child-quota"]`) != 1 {
		t.Fatalf("reseller-gz's quotas: %d", list.count(`[data-testid="child-quota"]`))
	}
	if !strings.Contains(list.Body, "flash-success") || !strings.Contains(list.Body, "flash-error") {
		t.Error("the give's per-reseller outcome is not flashed")
	}
	if r := c.post(resellerQuotasPath, resellerQuotasPath, give); r.Status != http.StatusSeeOther { // posted again
		t.Fatalf("the give posted again: %d %s", r.Status, r.Body)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE parent_id = ? AND partner_id = ?`, parent, gz); n != 1 {
		t.Errorf("%d child quotas after the give was posted twice, want 1", n)
	}
	if got := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, parent); got != balance-100000 {
		t.Errorf("parent balance %d, want %d", got, balance-100000)
	}
	child := dbValue[uint64](t, app, `SELECT id FROM coupon_quotas WHERE partner_id = ? AND parent_id = ?`, gz, parent)
	for _, bad := range []url.Values{
		{"quota": {fmt.Sprint(parent)}, "reseller": {fmt.Sprint(gz)}, "amount": {"0"}, "idem": {"a-bad-give-token-1"}},
		{"quota": {fmt.Sprint(parent)}, "amount": {"10"}, "idem": {"a-bad-give-token-2"}},
		{"quota": {fmt.Sprint(child)}, "reseller": {fmt.Sprint(gz)}, "amount": {"10"}, "idem": {"a-bad-give-token-3"}},
		{"quota": {fmt.Sprint(parent)}, "reseller": {fmt.Sprint(gz)}, "amount": {"10"}}, // no token
	} {
		if r := c.post(resellerQuotasPath, resellerQuotasPath, bad); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("give %v: %d", bad, r.Status)
		}
	}
	// the reseller sees its new quota as its own
	if r := app.client(t).login("reseller-gz").get("/business/coupons"); r.count(`[data-testid="quota-row"]`) != 1 {
		t.Error("the reseller does not see the quota given to it")
	}
	path := fmt.Sprintf("%s/%d/reclaim", resellerQuotasPath, child)
	if r := c.post(resellerQuotasPath, path, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("reclaim: %d", r.Status)
	}
	if got := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, parent); got != balance {
		t.Errorf("parent balance %d after the take-back, want %d", got, balance)
	}
	if r := app.client(t).login("reseller-gz").post("/business/coupons", path, nil); r.Status != http.StatusNotFound {
		t.Errorf("a reseller taking back its master's quota: %d", r.Status)
	}
	if r := c.get(resellerQuotasPath + "/records"); r.count(`[data-testid="quota-op-record"]`) < 2 {
		t.Error("the quota records do not show the give and the take-back")
	}
	ledgerIntact(t, app)
}

func TestOperatorGrantsQuotas(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("operator")
	provider := partnerID(t, app, "provider")
	before := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE partner_id = ?`, provider)
	ok := url.Values{"partner": {fmt.Sprint(provider)}, "type": {"0"}, "amount": {"12,345.60"}, "from": {"2026-11-23"},
		"to": {"2027-01-31"}, "max_face": {"500"}, "services": {"hws.service.type.ec2"}, "remark": {"Q4 激励"},
		"idem": {formToken(t, c, opsQuotasPath, `[data-testid="grant-form"]`)}}
	if r := c.post(opsQuotasPath, opsQuotasPath, ok); r.Status != http.StatusSeeOther {
		t.Fatalf("grant: %d %s", r.Status, r.Body)
	}
	q := dbValue[uint64](t, app, `SELECT id FROM coupon_quotas WHERE partner_id = ? ORDER BY id DESC LIMIT 1`, provider)
	if v := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, q); v != 1234560 {
		t.Errorf("granted balance %d", v)
	}
	reseller := partnerID(t, app, "reseller")
	for name, change := range map[string][2]string{
		"zero amount": {"amount", "0"}, "bad amount": {"amount", "1e3"}, "no partner": {"partner", ""},
		"a reseller": {"partner", fmt.Sprint(reseller)}, "expiry before start": {"to", "2026-11-01"},
		"bad date": {"from", "2026-02-30"}, "min above max": {"min_face", "600"}, "unknown service": {"services", "x"},
		"no token": {"idem", ""}, "a token too short": {"idem", "x"},
		"the granted form's token for another amount": {"amount", "600"},
		"maximum above the amount":                    {"amount", "400"}, "a partner in no program": {"partner", fmt.Sprint(networkPartner(t, app))},
	} {
		form := url.Values{}
		for k, v := range ok {
			form[k] = v
		}
		if !strings.Contains(name, "token") {
			form.Set("idem", newToken())
		}
		form.Set(change[0], change[1])
		if r := c.post(opsQuotasPath, opsQuotasPath, form); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", name, r.Status)
		} else if strings.Contains(name, "token") && r.count(`[data-testid="grant-form"] [data-testid="form-error"]`) != 1 {
			t.Errorf("%s: the form does not say why", name)
		}
	}
	// the granted form posted again (a refresh, a double-click) grants nothing more
	if r := c.post(opsQuotasPath, opsQuotasPath, ok); r.Status != http.StatusSeeOther {
		t.Errorf("the grant posted again: %d", r.Status)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupon_quotas WHERE partner_id = ?`, provider); n != before+1 {
		t.Errorf("%d quotas granted, want 1", n-before)
	}
	freeze := fmt.Sprintf("%s/%d/freeze", opsQuotasPath, q)
	if r := c.post(opsQuotasPath, freeze, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("freeze: %d", r.Status)
	}
	if r := c.post(opsQuotasPath, freeze, nil); r.Status != http.StatusSeeOther { // already frozen: flashed
		t.Errorf("freezing twice: %d", r.Status)
	}
	if s := dbValue[int64](t, app, `SELECT status FROM coupon_quotas WHERE id = ?`, q); s != int64(models.QuotaFrozen) {
		t.Errorf("status %d after freezing", s)
	}
	if r := app.client(t).login("provider").post("/business/coupons", freeze, nil); r.Status != http.StatusForbidden {
		t.Errorf("a partner freezing: %d", r.Status)
	}
}

func TestCouponsOnCustomerAndPortal(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	r := app.client(t).login("provider").get(fmt.Sprintf("/sales/customers/%d", cust))
	if r.count(`[data-testid="customer-coupons"] [data-testid="coupon-row"]`) == 0 || r.count(`[data-testid="issue-coupon"]`) != 1 {
		t.Error("the customer detail shows no coupons or no issue link")
	}
	r = app.client(t).login("customer").get("/customer")
	if r.count(`[data-testid="portal-coupon"]`) == 0 {
		t.Error("the portal shows no coupons")
	}
}

// networkPartner turns the demo's reseller-gz into a partner in no program (a network member).
func networkPartner(t *testing.T, app *testApp) uint64 {
	t.Helper()
	id := partnerID(t, app, "reseller-gz")
	if err := app.DB.Exec("UPDATE partners SET kind = ?, distributor_id = NULL WHERE id = ?", models.NetworkMember, id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}
