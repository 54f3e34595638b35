package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
	"partnerhub/views"
)

// Issue 18, item 9: the details a walk through the pages found.

// A pending applicant sees where its application stands, calmly: no red alert, no form.
func TestApplyPendingIsCalm(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("applicant")
	if r := c.post("/customer/join", "/customer/join", url.Values{"contact": {"13800000000"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d", r.Status)
	}
	for i := range 2 { // the page after applying (with its flash), and any visit after
		r := c.get("/customer/join")
		if r.count(`[data-testid="application-status"]`) != 1 || r.count(`[data-testid="apply-pending"]`) != 1 ||
			r.count(`.flash-error`) != 0 || r.count(`[data-testid="apply-blocked"]`) != 0 || r.count(`[data-testid="apply-form"]`) != 0 {
			t.Errorf("visit %d: status %d, pending %d, red %d, form %d", i, r.count(`[data-testid="application-status"]`),
				r.count(`[data-testid="apply-pending"]`), r.count(`.flash-error`), r.count(`[data-testid="apply-form"]`))
		}
		if strings.Contains(r.Body, views.T(views.ZH, "err.application_pending")) {
			t.Errorf("visit %d shows %q", i, views.T(views.ZH, "err.application_pending"))
		}
	}
}

// The memo of the balance returned on unbinding reads in the reader's language, on the page and
// in the CSV; the stored code is the words rows always had.
func TestSystemMemosLocalized(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	page := fmt.Sprintf("/sales/customers/%d", id)
	admin := app.client(t).login("provider")
	if r := admin.post(page, page+"/unbind", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("unbind: %d", r.Status)
	}
	if got := dbString(t, app, `SELECT memo FROM transfers WHERE kind = 'unbind'`); got != models.MemoUnbind {
		t.Errorf("stored memo %q", got)
	}
	for _, tc := range []struct{ lang, want string }{{views.ZH, "解除关联，余额退回伙伴"}, {views.EN, "Association ended: balance returned to the partner"}} {
		r := admin.get(views.PathStatement + "?lang=" + tc.lang)
		if !strings.Contains(r.Doc.Find(`td.memo`).Text(), tc.want) || strings.Contains(r.Body, models.MemoUnbind) {
			t.Errorf("%s statement memos %q", tc.lang, r.Doc.Find(`td.memo`).Text())
		}
		if r := admin.get(views.PathAdjustRecords + "?lang=" + tc.lang); !strings.Contains(r.Doc.Find(`td.memo`).Text(), tc.want) {
			t.Errorf("%s adjust records memos %q", tc.lang, r.Doc.Find(`td.memo`).Text())
		}
	}
	if r := admin.get(views.PathStatement + ".csv"); r.Status == http.StatusOK && !strings.Contains(r.Body, "解除关联，余额退回伙伴") {
		t.Errorf("statement CSV without the memo in words: %q", firstRunes(r.Body, 300))
	}
}

// The home page's counts link to the lists they count: expiring coupons to the expiring filter,
// which lists as many; pending invitations to the pending ones.
func TestHomeCardsLinkTheirLists(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	pid := partnerID(t, app, "provider")
	// two coupons expire within the week, one of them not yet activated; a used one does not count
	app.DB.Exec(`UPDATE coupons SET expire_at = ? WHERE id IN (SELECT id FROM coupons WHERE partner_id = ? AND status IN (1, 2) ORDER BY id LIMIT 2)`,
		app.now().Add(48*3600e9).UTC(), pid)
	c := app.client(t).login("provider")
	home := c.get("/")
	href, _ := home.Doc.Find(`[data-testid="home-expiring-link"]`).Attr("href")
	if href != views.PathIssued+"?status=expiring" {
		t.Fatalf("expiring coupons link to %q", href)
	}
	n := home.text(`[data-testid="home-expiring"]`)
	list := c.get(href)
	if list.Status != http.StatusOK || list.text(`[data-testid="total"]`) != n || n == "0" {
		t.Errorf("the home page counts %s expiring, the list %d shows %q", n, list.Status, list.text(`[data-testid="total"]`))
	}
	if list.Doc.Find(`#f-status option[selected]`).AttrOr("value", "") != "expiring" {
		t.Error("the filter does not show it is on expiring coupons")
	}
	inv := home.Doc.Find(`[data-testid="stat-pending-inv"] a`).AttrOr("href", "")
	if inv != views.PathExpandInvites+"?status=pending" {
		t.Errorf("pending invitations link to %q", inv)
	}
	if r := c.get(inv); r.Status != http.StatusOK {
		t.Errorf("pending invitations: %d", r.Status)
	}
}

// A customer associated with a partner sees another partner's invitation as superseded, not
// pending, and is offered no accept button.
func TestInvitationSuperseded(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var reseller models.User
	app.DB.Where("username = ?", "reseller").First(&reseller)
	ent := dbValue[uint64](t, app, `SELECT enterprise_id FROM customers WHERE account_name = 'demo-customer'`)
	inv, err := models.Invite(context.Background(), app.DB, models.ActorOf(&reseller, "test"),
		models.InviteInput{EnterpriseID: ent, Mode: models.Advisory}, app.now())
	if err != nil {
		t.Fatal(err)
	}
	c := app.client(t).login("customer")
	home := c.get("/customer")
	if home.count(`[data-testid="invitation-superseded"]`) != 1 || !strings.Contains(home.text(`[data-testid="portal-invitations"]`), "已被取代") {
		t.Errorf("portal: %q", home.text(`[data-testid="portal-invitations"]`))
	}
	r := c.get("/customer/invitations/" + inv.Token)
	if !strings.Contains(r.text(`.page-head .badge`), "已被取代") || r.count(`[data-testid="accept"]`) != 0 {
		t.Errorf("invitation page: badge %q, accept %d", r.text(`.page-head .badge`), r.count(`[data-testid="accept"]`))
	}
	// a customer in no association sees it pending
	p := app.client(t).login("prospect")
	if r := p.get("/customer"); r.count(`[data-testid="invitation-superseded"]`) != 0 || r.count(`[data-testid="portal-invitation"]`) == 0 {
		t.Errorf("prospect: %d superseded of %d", r.count(`[data-testid="invitation-superseded"]`), r.count(`[data-testid="portal-invitation"]`))
	}
}

// The portal's coupons are paged on a page of their own, linked from the portal.
func TestPortalCouponsPaged(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cid := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	total := dbValue[int64](t, app, `SELECT COUNT(*) FROM coupons WHERE customer_id = ?`, cid)
	c := app.client(t).login("customer")
	if href := c.get("/customer").Doc.Find(`[data-testid="all-coupons"]`).AttrOr("href", ""); href != views.PathPortalCoupons {
		t.Errorf("the portal links its coupons to %q", href)
	}
	r := c.get(views.PathPortalCoupons)
	if r.Status != http.StatusOK || r.text(`[data-testid="total"]`) != fmt.Sprint(total) || r.count(`[data-testid="pager"]`) != 1 {
		t.Fatalf("coupons page: %d, total %q want %d", r.Status, r.text(`[data-testid="total"]`), total)
	}
	if got := r.count(`[data-testid="portal-coupon"]`); int64(got) != min(total, int64(models.DefaultLimit)) {
		t.Errorf("%d rows on the first page of %d", got, total)
	}
	if r := c.get(views.PathPortalCoupons + "?page=9999"); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "page=") {
		t.Errorf("past the end: %d %q", r.Status, r.Location)
	}
	if r := app.client(t).login("provider").get(views.PathPortalCoupons); r.Status != http.StatusForbidden {
		t.Errorf("a partner opens the portal's coupons: %d", r.Status)
	}
}

// Memo fields take what the ledger takes (256 characters), as their error says.
func TestMemoFieldsTakeTheModelsLimit(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	provider, distributor := app.client(t).login("provider"), app.client(t).login("distributor")
	for _, tc := range []struct {
		c    *client
		page string
	}{{distributor, views.PathResellerFunds}, {provider, fmt.Sprintf("/sales/customers/%d", id)}} {
		page, r := tc.page, tc.c.get(tc.page)
		memos := r.Doc.Find(`input[name="memo"]`)
		if memos.Length() == 0 {
			t.Errorf("%s: no memo field", page)
		}
		for i := range memos.Length() {
			if got := memos.Eq(i).AttrOr("maxlength", ""); got != "256" {
				t.Errorf("%s: memo maxlength %q, want 256", page, got)
			}
		}
	}
	if !strings.Contains(views.T(views.ZH, "funds.memo_too_long"), "256") {
		t.Error("the error names another limit")
	}
}

// The operator's overview links its work instead of saying it will come; the audit page and its
// CSV say which zone their times are in.
func TestOpsOverviewAndAuditZone(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	home := op.get("/")
	links := map[string]bool{}
	home.Doc.Find(`[data-testid="ops-work"] a`).Each(func(_ int, s *goquery.Selection) { links[s.AttrOr("href", "")] = true })
	for _, want := range []string{views.PathApplications, views.PathDirectory, views.PathDeposits, views.PathOpsPartners} {
		if !links[want] {
			t.Errorf("the overview does not link %s (%v)", want, links)
		}
	}
	if strings.Contains(home.Body, "陆续提供") {
		t.Error("the overview still says things are to come")
	}
	if r := op.get(views.PathOpsAudit); !strings.Contains(r.text(`[data-testid="audit-zone"]`), "UTC") {
		t.Errorf("audit page zone note %q", r.text(`[data-testid="audit-zone"]`))
	}
	if r := op.get(views.PathOpsAuditCSV); !strings.HasPrefix(r.Body, "\ufeffid,time_utc,") {
		t.Errorf("audit CSV header %q", firstRunes(r.Body, 40))
	}
}
