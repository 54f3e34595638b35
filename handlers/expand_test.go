package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
)

func TestEnterpriseLookup(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-sales")
	var e models.Enterprise
	app.DB.First(&e, 1234)
	q := string([]rune(e.Name)[2:6])
	r := c.get("/sales/expand?q=" + url.QueryEscape(q))
	if r.Status != http.StatusOK || r.count(`[data-testid="enterprise-row"]`) == 0 {
		t.Fatalf("lookup %q: %d, %d rows", q, r.Status, r.count(`[data-testid="enterprise-row"]`))
	}
	if !strings.Contains(r.text(`[data-testid="enterprises"]`), e.Name) && r.text(`[data-testid="total"]`) == "" {
		t.Errorf("lookup %q misses %s", q, e.Name)
	}
	for _, bad := range []string{"x", strings.Repeat("y", 300), "%ff"} {
		if s := c.get("/sales/expand?q=" + bad).Status; s != http.StatusUnprocessableEntity {
			t.Errorf("lookup %q: %d", bad, s)
		}
	}
	if r := c.get("/sales/expand"); r.Status != http.StatusOK || r.count(`[data-testid="enterprise-row"]`) != 0 {
		t.Errorf("empty lookup lists rows")
	}
}

func invitations(app *testApp) int64 {
	var n int64
	app.DB.Model(&models.Invitation{}).Count(&n)
	return n
}

func TestInvite(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	page := "/sales/expand/enterprises/2000"
	c := app.client(t).login("provider")

	r := c.post(page, page+"/invitations", url.Values{"mode": {"bogus"}})
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-mode"]`) != 1 {
		t.Fatalf("bad mode: %d", r.Status)
	}
	before := invitations(app)
	r = c.post(page, page+"/invitations", url.Values{"mode": {"consignment"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/sales/expand/invitations?created=") {
		t.Fatalf("invite: %d %q", r.Status, r.Location)
	}
	if invitations(app) != before+1 {
		t.Fatal("no invitation recorded")
	}
	list := c.get(r.Location)
	if !strings.Contains(list.text(`[data-testid="flash"]`), "/customer/invitations/") {
		t.Error("the flash does not show the link")
	}
	link, _ := list.Doc.Find(`tr.highlight [data-testid="invitation-link"]`).Attr("value")
	if !strings.Contains(link, "/customer/invitations/") {
		t.Errorf("the new invitation's link is not shown: %q", link)
	}
	var inv models.Invitation
	app.DB.Order("id DESC").First(&inv)
	if inv.Mode != models.Consignment || inv.EnterpriseID != 2000 || !inv.ExpiresAt.Equal(testNow.Add(models.InvitationTTL)) {
		t.Errorf("invitation %+v", inv)
	}

	for _, user := range []string{"distributor", "provider-viewer"} {
		c := app.client(t).login(user)
		if r := c.get(page); r.count(`[data-testid="invite"]`) != 0 || r.count(`[data-testid="notice"]`) != 1 {
			t.Errorf("%s sees the invite button or no notice", user)
		}
		before := invitations(app)
		if r := c.post(page, page+"/invitations", url.Values{"mode": {"advisory"}}); r.Status != http.StatusForbidden {
			t.Errorf("%s invites: %d", user, r.Status)
		}
		if invitations(app) != before {
			t.Errorf("%s's refused invitation was recorded", user)
		}
	}
	if r := app.client(t).login("distributor").get("/sales/expand"); !strings.Contains(r.text(`[data-testid="notice"]`), "生态经理") {
		t.Error("the distributor is not told to contact its ecosystem manager")
	}
}

func TestInvitationRecordsAndResend(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	for _, status := range []string{"", "pending", "accepted", "expired", "bogus"} {
		if r := c.get("/sales/expand/invitations?status=" + status); r.Status != http.StatusOK {
			t.Errorf("status=%s: %d", status, r.Status)
		}
	}
	var inv models.Invitation
	app.DB.Where("partner_id = ? AND status = ?", partnerID(t, app, "provider"), models.InvitationPending).First(&inv)
	app.advance(8 * 24 * time.Hour) // every demo invitation has expired now, and so has the session
	if r := c.get("/sales/expand/invitations"); r.Status != http.StatusSeeOther {
		t.Fatalf("a session older than its lifetime still works: %d", r.Status)
	}
	c.login("provider")
	r := c.get("/sales/expand/invitations?status=expired")
	if r.count(`[data-testid="invitation-row"]`) == 0 {
		t.Fatalf("no expired records after a week: %d %s", r.Status, r.text("main"))
	}
	path := fmt.Sprintf("/sales/expand/invitations/%d/resend", inv.ID)
	r = c.post("/sales/expand/invitations", path, nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", r.Status)
	}
	var after models.Invitation
	app.DB.First(&after, inv.ID)
	if after.Token == inv.Token || after.ResentCount != inv.ResentCount+1 || after.State(app.now()) != models.InvitationPending {
		t.Errorf("resend did not renew: %+v", after)
	}
	// another partner's invitation is not found
	other := app.client(t).login("reseller-sh")
	if r := other.post("/sales/expand/invitations", path, nil); r.Status != http.StatusNotFound {
		t.Errorf("resend another partner's invitation: %d", r.Status)
	}
	if r := c.post("/sales/expand/invitations", "/sales/expand/invitations/abc/resend", nil); r.Status != http.StatusNotFound {
		t.Errorf("resend of a non-numeric id: %d", r.Status)
	}
}

func TestAcceptInvitation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var prospect models.Customer
	app.DB.Where("account_name = ?", "demo-prospect").First(&prospect)
	page := fmt.Sprintf("/sales/expand/enterprises/%d", *prospect.EnterpriseID)
	r := app.client(t).login("provider").post(page, page+"/invitations", url.Values{"mode": {"advisory"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}
	var inv models.Invitation
	app.DB.Order("id DESC").First(&inv)
	link := "/customer/invitations/" + inv.Token

	// a customer associated with a partner is refused, with the reason
	var resellerInv models.Invitation
	app.DB.Where("partner_id = ? AND enterprise_id = ?", partnerID(t, app, "reseller"), *prospect.EnterpriseID).First(&resellerInv)
	cust := app.client(t).login("customer")
	for _, tc := range []struct{ link, reason string }{
		{link, "已与该伙伴关联"},                                        // the same partner
		{"/customer/invitations/" + resellerInv.Token, "其他合作伙伴"}, // another partner
	} {
		r = cust.post(tc.link, tc.link+"/accept", nil)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="accept-error"]`), tc.reason) {
			t.Fatalf("associated customer: %d %q", r.Status, r.text(`[data-testid="accept-error"]`))
		}
	}

	pc := app.client(t).login("prospect")
	if r := pc.get("/customer"); r.count(`[data-testid="portal-invitation"]`) != 2 {
		t.Errorf("prospect sees %d invitations, want 2", r.count(`[data-testid="portal-invitation"]`))
	}
	r = pc.post(link, link+"/accept", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/customer" {
		t.Fatalf("accept: %d %q", r.Status, r.Location)
	}
	home := pc.get("/customer")
	if !strings.Contains(home.text(`[data-testid="partner-name"]`), "上海数智云") {
		t.Errorf("portal partner %q", home.text(`[data-testid="partner-name"]`))
	}
	app.DB.First(&prospect, prospect.ID)
	if prospect.PartnerID == nil || *prospect.PartnerID != partnerID(t, app, "provider") || prospect.Mode != models.Advisory {
		t.Errorf("customer after accept: %+v", prospect)
	}
	if r := pc.post(link, link+"/accept", nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("second accept: %d", r.Status)
	}
	if r := pc.get("/customer/invitations/nosuchtoken"); r.Status != http.StatusNotFound {
		t.Errorf("unknown token: %d", r.Status)
	}
	if report, _ := models.Check(t.Context(), app.DB); len(report) > 0 {
		t.Errorf("invariants after accept: %v", report)
	}
	// the provider now finds it in its list
	list := app.client(t).login("provider").get("/sales/customers?q=demo-prospect")
	if list.count(`[data-testid="customer-row"]`) != 1 {
		t.Error("the new customer is not in the provider's list")
	}
}

func TestInvitationLinkNeedsSignIn(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var inv models.Invitation
	app.DB.Where("status = ?", models.InvitationPending).First(&inv)
	r := app.client(t).get("/customer/invitations/" + inv.Token)
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, url.QueryEscape("/customer/invitations/"+inv.Token)) {
		t.Fatalf("anonymous link: %d %q", r.Status, r.Location)
	}
	if r := app.client(t).login("provider").get("/customer/invitations/" + inv.Token); r.Status != http.StatusForbidden {
		t.Errorf("partner opening a customer link: %d", r.Status)
	}
}
