//go:build slow

package handlers

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The operator approves a partner application from the queue.
func TestBrowserApproveApplication(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("operator")
	b.click(`[data-testid="nav-nav.ops"]`)
	b.wantPath("/ops/applications")
	b.visible(`[data-testid="application-row"]`)
	b.shot("20-ops-applications")
	b.typeIn(`[data-testid="application-row"] input[name="note"]`, "欢迎加入")
	b.click(`[data-testid="application-row"] [data-testid="approve"]`)
	if !strings.HasPrefix(b.url().Path, "/ops/partners/") {
		t.Fatalf("after approving: %s", b.url())
	}
	b.visible(`[data-testid="ops-forms"]`)
	if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, "已通过") {
		t.Errorf("flash %q", f)
	}
	b.shot("21-ops-partner-approved")
	b.click(`[data-testid="invite-distribution"]`)
	b.visible(`[data-testid="distribution-pending"]`)
	b.shot("22-ops-partner-distribution-invited")

	h := rig.tab(app)
	h.login("hopeful")
	h.open("/partner/profile")
	h.visible(`[data-testid="distribution-invitation"]`)
	h.shot("23-partner-profile-invited")

	b.open("/ops/audit?lang=en-US&action=application.")
	if rows := b.text(`[data-testid="audit"]`); !strings.Contains(rows, "Approve application") {
		t.Errorf("the approval is not in the operator's log: %q", rows)
	}
	b.shot("39-ops-audit-en")
}

// An admin invites a member, who accepts through the link and sees only the menus its role gives.
func TestBrowserInviteMember(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("provider")
	b.open("/partner/members")
	b.visible(`[data-testid="invite-form"]`)
	b.do("invite by email", chromedp.SetValue(chromedp.CSS("#f-by"), "email"))
	b.typeIn("#f-target", "zhou.cai@example.com")
	b.do("finance only", chromedp.Click(chromedp.CSS(`[data-testid="role-sales"]`)), chromedp.Click(chromedp.CSS(`[data-testid="role-finance"]`)))
	b.click(`[data-testid="invite-submit"]`)
	b.visible(`tr.highlight [data-testid="member-invite-link"]`)
	b.shot("24-members-invited")
	link := b.value(`tr.highlight [data-testid="member-invite-link"]`)

	m := rig.tab(app)
	m.open(strings.TrimPrefix(link, app.Srv.URL))
	m.visible(`[data-testid="join-form"]`)
	m.typeIn("#f-username", "zhoucai")
	m.typeIn("#f-display_name", "周彩（财务）")
	m.typeIn("#f-password", "finance-password")
	m.shot("25-join-member")
	m.click(`[data-testid="join-submit"]`)
	m.wantPath("/")
	menus := m.text(".menus")
	if strings.Contains(menus, "销售管理") || !strings.Contains(menus, "客户业务") && !strings.Contains(menus, "资金") {
		t.Errorf("a finance member's menus: %q", menus)
	}
	if m.count(`[data-testid="nav-nav.sales"]`) != 0 || m.count(`[data-testid="nav-nav.business"]`) != 1 {
		t.Errorf("menus %q", menus)
	}
	m.shot("26-member-home")
	if st := m.open("/sales/customers"); st != 403 {
		t.Errorf("finance member opens the customer list: %d", st)
	}
	m.shot("27-member-forbidden")

	// signed out, the new member signs in with its own password
	m.click(`[data-testid="logout"]`)
	m.visible(`[data-testid="login-form"]`)
	m.typeIn("#f-username", "zhoucai")
	m.typeIn("#f-password", "finance-password")
	m.click(`[data-testid="login-form"] button[type="submit"]`)
	m.wantPath("/")
	b.open("/partner/members")
	if !strings.Contains(b.text(`[data-testid="members"]`), "zhoucai") {
		t.Error("the new member is not in the list")
	}
	b.shot("28-members-list")

	// the audit log names what happened, in the partner's own log
	b.open("/partner/audit?action=member.")
	if rows := b.text(`[data-testid="audit"]`); !strings.Contains(rows, "成员加入") || !strings.Contains(rows, "邀请成员") {
		t.Errorf("the member's invitation and joining are not in the log: %q", rows)
	}
	b.shot("38-partner-audit")
}

// A master distributor invites a reseller, whose admin creates it through the link.
func TestBrowserInviteReseller(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("distributor")
	b.open("/partner/resellers")
	b.visible(`[data-testid="reseller-invite-form"]`)
	b.typeIn("#f-company", "成都新云科技有限公司")
	b.click(`[data-testid="reseller-invite-submit"]`)
	b.visible(`tr.highlight [data-testid="reseller-invite-link"]`)
	b.shot("29-resellers-invited")
	link := b.value(`tr.highlight [data-testid="reseller-invite-link"]`)

	r := rig.tab(app)
	r.open(strings.TrimPrefix(link, app.Srv.URL) + "?lang=en-US")
	r.visible(`[data-testid="join-form"]`)
	r.typeIn("#f-mobile", "13812345678")
	r.typeIn("#f-username", "cdxy-admin")
	r.typeIn("#f-password", "reseller-password")
	r.shot("30-join-reseller-en")
	r.click(`[data-testid="join-submit"]`)
	r.wantPath("/")
	r.open("/partner/profile")
	if k := r.text(`[data-testid="partner-kind"]`); !strings.Contains(k, "Cloud reseller") {
		t.Errorf("kind %q", k)
	}
	r.shot("31-reseller-profile-en")

	b.open("/partner/resellers?q=" + "新云")
	if b.count(`[data-testid="reseller-row"]`) != 1 {
		t.Fatal("the new reseller is not found")
	}
	b.click(`[data-testid="reseller-row"] a`)
	b.visible(`[data-testid="reseller-balance"]`)
	b.shot("32-reseller-detail")
}
