package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/views"
)

// inviteResellerLink has the distributor make an invitation and returns the invitations page
// showing it, with the invitation's id and link path.
func inviteResellerLink(t *testing.T, app *testApp, d *client, company string) (*response, string, string) {
	t.Helper()
	r := d.post(resellersPath, "/partner/resellers/invitations", url.Values{"company": {company}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}
	page := d.get(r.Location)
	link := page.text(`tr.highlight [data-testid="reseller-invite-link"]`)
	return page, strings.TrimPrefix(r.Location, resellersPath+"?created="), strings.TrimPrefix(link, app.Srv.URL)
}

func TestResellerInvitationResendRevoke(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	d := app.client(t).login("distributor")
	page, id, oldPath := inviteResellerLink(t, app, d, "成都新云科技有限公司")
	row := page.Doc.Find(`tr.highlight`)
	if got := strings.TrimSpace(row.Find(`[data-testid="invitation-state"]`).Text()); got != "待接受" {
		t.Errorf("state %q", got)
	}
	resend, _ := row.Find(`[data-testid="resend"]`).Closest("form").Attr("action")
	revoke, _ := row.Find(`[data-testid="revoke"]`).Closest("form").Attr("action")
	base := "/partner/resellers/invitations/" + id
	if resend != base+"/resend" || revoke != base+"/revoke/confirm" || row.Find(`form input[name="_csrf"]`).Length() != 2 {
		t.Fatalf("row actions %q %q", resend, revoke)
	}

	r := d.post(resellersPath, resend, nil)
	if r.Status != http.StatusSeeOther || r.Location != resellersPath+"?created="+id {
		t.Fatalf("resend: %d %s", r.Status, r.Location)
	}
	page = d.get(r.Location)
	newPath := strings.TrimPrefix(page.text(`tr.highlight [data-testid="reseller-invite-link"]`), app.Srv.URL)
	if page.text(`[data-testid="flash"]`) != views.T(views.ZH, "resellers.resent") || newPath == oldPath || !strings.HasPrefix(newPath, "/join/resellers/") {
		t.Errorf("after resending: flash %q, link %q (was %q)", page.text(`[data-testid="flash"]`), newPath, oldPath)
	}
	v := app.client(t)
	replaced := views.T(views.ZH, "err.invitation_replaced")
	if r := v.get(oldPath); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, replaced) {
		t.Errorf("the old link: %d", r.Status)
	}
	signUp := url.Values{"company": {"成都新云科技有限公司"}, "username": {"cdxy"}, "password": {"long-password"}}
	if r := v.post(newPath, oldPath, signUp); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, replaced) {
		t.Errorf("accept through the old link: %d", r.Status)
	}
	if r := v.get("/join/resellers/" + strings.Repeat("0", 48)); r.Status != http.StatusNotFound {
		t.Errorf("a link that never was: %d", r.Status)
	}

	confirm := d.post(resellersPath, revoke, nil)
	if got := confirm.text(`[data-testid="confirm-invitee"]`); confirm.Status != http.StatusOK || got != "成都新云科技有限公司" {
		t.Fatalf("revoke's confirmation: %d %q", confirm.Status, got)
	}
	if r := d.post(resellersPath, base+"/revoke", nil); r.Status != http.StatusSeeOther || r.Location != resellersPath {
		t.Fatalf("revoke: %d %s", r.Status, r.Location)
	}
	page = d.get(resellersPath)
	row = page.Doc.Find(`[data-testid="reseller-invitation-row"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		a, _ := s.Find(`[data-testid="revoke"]`).Closest("form").Attr("action")
		return a == revoke
	})
	if page.text(`[data-testid="flash"]`) != views.T(views.ZH, "members.revoked") || row.Length() != 0 {
		t.Errorf("after revoking: flash %q, still revocable %d", page.text(`[data-testid="flash"]`), row.Length())
	}
	if !strings.Contains(page.text(`[data-testid="reseller-invitations"]`), "已撤销") {
		t.Error("the revoked state is not shown")
	}
	if r := v.get(newPath); r.count(`[data-testid="join-blocked"]`) != 1 || !strings.Contains(r.Body, "该邀请已被撤销") {
		t.Errorf("the revoked link's page: %d", r.Status)
	}
	if r := v.post("/login", newPath, signUp); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("accept a revoked link: %d", r.Status)
	}
	for _, path := range []string{revoke, resend} { // a refusal is a message, never a 500
		if r := d.post(resellersPath, path, nil); r.Status != http.StatusSeeOther || r.Location != resellersPath {
			t.Errorf("%s a revoked one: %d %s", path, r.Status, r.Location)
		}
		if got := d.get(resellersPath).Doc.Find(`.flash-error[data-testid="flash"]`).Text(); got != views.T(views.ZH, "err.invitation_revoked") {
			t.Errorf("%s a revoked one: flash %q", path, got)
		}
	}
	if got := auditN(t, app, "reseller.invite_resend") + auditN(t, app, "reseller.invite_revoke"); got != 2 {
		t.Errorf("audit records: %d", got)
	}
}

func TestResellerInvitationActionsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	d := app.client(t).login("distributor")
	_, id, path := inviteResellerLink(t, app, d, "")
	v := app.client(t)
	if r := v.post(path, path, url.Values{"company": {"西安云启科技有限公司"}, "username": {"xayq"}, "password": {"long-password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Status)
	}
	page, _, _ := inviteResellerLink(t, app, d, "")
	accepted := page.Doc.Find(`[data-testid="reseller-invitation-row"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Find(`[data-testid="invitation-state"]`).Text()) == "已接受"
	})
	if accepted.Length() == 0 || accepted.Find(`[data-testid="resend"], [data-testid="revoke"]`).Length() != 0 {
		t.Errorf("accepted rows %d, with actions %d", accepted.Length(), accepted.Find(`[data-testid="resend"]`).Length())
	}
	for _, action := range []string{"/resend", "/revoke"} {
		if r := d.post(resellersPath, "/partner/resellers/invitations/"+id+action, nil); r.Status != http.StatusSeeOther || r.Location != resellersPath {
			t.Errorf("%s an accepted one: %d %s", action, r.Status, r.Location)
		}
		if got := d.get(resellersPath).Doc.Find(`.flash-error[data-testid="flash"]`).Text(); got != views.T(views.ZH, "err.invitation_used") {
			t.Errorf("%s an accepted one: flash %q", action, got)
		}
		for _, bad := range []string{"999999", "x"} {
			if r := d.post(resellersPath, "/partner/resellers/invitations/"+bad+action, nil); r.Status != http.StatusNotFound {
				t.Errorf("%s invitation %s: %d", action, bad, r.Status)
			}
		}
		// a solution provider's admin is refused by the page's guard; a reseller's too
		for _, u := range []string{"provider", "reseller"} {
			if r := app.client(t).login(u).post("/partner/members", "/partner/resellers/invitations/"+id+action, nil); r.Status != http.StatusForbidden {
				t.Errorf("%s: %s: %d", u, action, r.Status)
			}
		}
	}
	if got := auditN(t, app, "reseller.invite_resend") + auditN(t, app, "reseller.invite_revoke"); got != 0 {
		t.Errorf("refused actions audited: %d", got)
	}
}

// The invitations table in English: states and actions come from the catalog.
func TestResellerInvitationsInEnglish(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	d := app.client(t).login("distributor")
	d.get("/?lang=en-US")
	page, _, _ := inviteResellerLink(t, app, d, "Chengdu Xinyun")
	row := page.Doc.Find(`tr.highlight`)
	if got := strings.TrimSpace(row.Find(`[data-testid="invitation-state"]`).Text()); got != "Pending" {
		t.Errorf("state %q", got)
	}
	if row.Find(`[data-testid="resend"]`).Text() != "Resend" || row.Find(`[data-testid="revoke"]`).Text() != "Revoke" {
		t.Errorf("actions %q %q", row.Find(`[data-testid="resend"]`).Text(), row.Find(`[data-testid="revoke"]`).Text())
	}
}
