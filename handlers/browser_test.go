//go:build slow

package handlers

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

func TestBrowserCustomers(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	realName := dbString(t, app, `SELECT real_name FROM customers WHERE partner_id = ? AND real_name <> '' ORDER BY id LIMIT 1`, providerID(t, app))
	q := firstRunes(realName, 4) // region + core of the name: a handful of customers
	b := rig.tab(app)

	b.open("/login")
	b.visible(`[data-testid="login-form"]`)
	if h := b.text(".login-card h2"); h != "登录" {
		t.Errorf("login heading %q: a zh-CN browser gets Chinese", h)
	}
	b.shot("01-login")
	b.signIn("provider")
	b.wantPath("/")
	b.visible(`[data-testid="stat-customers"]`)
	b.shot("02-dashboard")

	b.click(`[data-testid="nav-nav.sales"]`)
	b.wantPath("/sales/customers")
	b.visible(`[data-testid="customers"]`)
	all := b.text(`[data-testid="total"]`)
	if b.count(`[data-testid="customer-row"]`) == 0 || all == "0" {
		t.Fatalf("provider sees no customers (total %s)", all)
	}
	b.shot("03-customers")

	b.typeIn("#f-q", q)
	b.click(`[data-testid="search"]`)
	b.visible(`[data-testid="customers"]`)
	if got := b.url().Query().Get("q"); got != q {
		t.Errorf("q in URL %q, want %q", got, q)
	}
	found := b.text(`[data-testid="total"]`)
	names := b.column(`[data-testid="customers"]`, `[data-testid="customer-row"]`, "实名认证名称")
	if found == all || len(names) == 0 || fmt.Sprint(len(names)) != found {
		t.Errorf("search %q: total %s of %s, %d rows", q, found, all, len(names))
	}
	for _, n := range names {
		if !strings.Contains(n, q) {
			t.Errorf("search %q found %q", q, n)
		}
	}
	b.shot("04-customers-search")

	b.typeIn("#f-q", "")
	b.do("choose consignment", chromedp.SetValue(chromedp.CSS("#f-mode"), "consignment"))
	b.click(`[data-testid="search"]`)
	b.visible(`[data-testid="customers"]`)
	if b.url().Query().Get("mode") != "consignment" || b.value("#f-mode") != "consignment" {
		t.Errorf("mode filter not applied or not kept: %s", b.url())
	}
	consigned := b.text(`[data-testid="total"]`)
	modes := b.column(`[data-testid="customers"]`, `[data-testid="customer-row"]`, "交易模式")
	if consigned == all || len(modes) == 0 {
		t.Errorf("consignment: total %s of %s, %d rows", consigned, all, len(modes))
	}
	for i, m := range modes {
		if m != "代售" {
			t.Errorf("row %d mode %q, want 代售", i, m)
		}
	}
	b.shot("05-customers-consignment")

	account := b.text(`[data-testid="customer-row"] td:not(.pick) a`)
	b.click(`[data-testid="customer-row"] td:not(.pick) a`)
	if h := b.text(`[data-testid="customer-name"]`); h != account {
		t.Errorf("detail heading %q, want %q", h, account)
	}
	if m := b.text(`[data-testid="mode"]`); m != "代售" {
		t.Errorf("detail mode %q", m)
	}
	b.shot("06-customer-detail")

	b.click(`[data-testid="logout"]`)
	b.wantPath("/login")
	b.visible(`[data-testid="flash"]`)
	if st := b.open("/sales/customers"); st != 200 || b.url().Path != "/login" {
		t.Errorf("after sign-out /sales/customers gave %d at %s, want the sign-in page", st, b.url().Path)
	}
}

// The provider finds the prospect's enterprise, invites it in consignment mode; the prospect opens
// the link, signs in, accepts, and is the provider's consignment customer.
func TestBrowserExpandInviteAccept(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	pid := providerID(t, app)
	provider := dbString(t, app, `SELECT name FROM partners WHERE id = ?`, pid)
	eid := dbString(t, app, `SELECT enterprise_id FROM customers WHERE account_name = 'demo-prospect'`)
	enterprise := dbString(t, app, `SELECT name FROM enterprises WHERE id = ?`, eid)

	b := rig.tab(app)
	b.login("provider")
	b.open("/sales/expand")
	b.typeIn("#f-q", firstRunes(enterprise, 4))
	b.click(`[data-testid="enterprise-search"] button[type="submit"]`)
	b.visible(`[data-testid="enterprise-row"]`)
	b.shot("07-expand-search")
	b.click(`[data-testid="enterprise-row"] a[href="/sales/expand/enterprises/` + eid + `"]`)
	if h := b.text(`[data-testid="enterprise-name"]`); h != enterprise {
		t.Fatalf("enterprise page %q, want %q", h, enterprise)
	}
	b.do("choose consignment", chromedp.Click(chromedp.CSS(`input[name="mode"][value="consignment"]`)))
	b.shot("08-enterprise-detail")
	b.click(`[data-testid="invite"]`)
	b.wantPath("/sales/expand/invitations")
	b.visible(`[data-testid="flash"]`)
	link := b.value(`tr.highlight [data-testid="invitation-link"]`)
	if !strings.HasPrefix(link, app.Srv.URL+"/customer/invitations/") {
		t.Fatalf("invitation link %q", link)
	}
	b.shot("09-expansion-records")

	p := rig.tab(app) // the prospect, in its own browser context
	p.open(strings.TrimPrefix(link, app.Srv.URL))
	p.wantPath("/login") // not signed in: sign in first, then back to the link
	p.signIn("prospect")
	p.wantPath(strings.TrimPrefix(link, app.Srv.URL))
	if lead := p.text(".lead"); !strings.Contains(lead, provider) || !strings.Contains(lead, enterprise) {
		t.Errorf("invitation text %q", lead)
	}
	p.shot("10-invitation")
	p.click(`[data-testid="accept"]`)
	p.wantPath("/customer")
	p.visible(`[data-testid="flash"]`)
	if got := p.text(`[data-testid="partner-name"]`); got != provider {
		t.Errorf("portal partner %q, want %q", got, provider)
	}
	if got := p.text(`[data-testid="partner-mode"]`); got != "代售" {
		t.Errorf("portal mode %q", got)
	}
	p.shot("11-portal")

	got := dbString(t, app, `SELECT COALESCE(partner_id, '') || '/' || mode FROM customers WHERE account_name = 'demo-prospect'`)
	if want := pid + "/2"; got != want {
		t.Errorf("demo-prospect partner/mode %s, want %s", got, want)
	}
}

// A master distributor without the expansion permission is told to contact its ecosystem manager
// and cannot invite.
func TestBrowserExpandNoPermission(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	name := dbString(t, app, `SELECT name FROM enterprises WHERE status = ? ORDER BY id LIMIT 1`, models.EnterpriseActive)
	b := rig.tab(app)
	b.login("distributor")

	b.open("/sales/expand")
	want := views.T(views.ZH, "expand.no_perm")
	if got := b.text(`[data-testid="notice"]`); got != want || !strings.Contains(got, "生态经理") {
		t.Errorf("notice %q, want %q", got, want)
	}
	b.typeIn("#f-q", firstRunes(name, 4))
	b.click(`[data-testid="enterprise-search"] button[type="submit"]`)
	b.visible(`[data-testid="enterprise-row"]`)
	b.shot("12-expand-no-permission")

	b.click(`[data-testid="enterprise-row"] td:first-child a`)
	b.visible(`[data-testid="enterprise-name"]`)
	if n := b.count(`[data-testid="invite"], [data-testid="invite-form"]`); n != 0 {
		t.Errorf("enterprise page has %d invite controls for a distributor without permission", n)
	}
	if got := b.text(`.card [data-testid="notice"]`); got != want {
		t.Errorf("enterprise page notice %q", got)
	}
	b.shot("13-enterprise-no-permission")
}

// The language switch changes the page and is remembered across pages.
func TestBrowserLanguage(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("provider")
	b.open("/sales/customers")
	if h := b.text(".page-head h1"); h != "客户管理" {
		t.Fatalf("heading %q before the switch", h)
	}

	b.click(`[data-testid="lang-en"]`)
	if h := b.text(".page-head h1"); h != "Customer management" {
		t.Errorf("heading %q after switching to English", h)
	}
	if m := b.text(`[data-testid="nav-nav.sales"]`); m != "Sales" {
		t.Errorf("menu %q", m)
	}
	b.shot("14-customers-en")

	b.click(`.side a[href="/sales/expand/invitations"]`)
	b.wantPath("/sales/expand/invitations")
	if h := b.text(".page-head h1"); h != "Expansion records" {
		t.Errorf("heading %q on the next page: English not remembered", h)
	}
	b.shot("15-expansion-records-en")

	b.click(`[data-testid="lang-zh"]`)
	if h := b.text(".page-head h1"); h != "拓展记录" {
		t.Errorf("heading %q after switching back", h)
	}
	b.open("/sales/customers")
	if h := b.text(".page-head h1"); h != "客户管理" {
		t.Errorf("heading %q: Chinese not remembered", h)
	}
}

// A customer associated with the provider cannot accept another partner's invitation: the page
// says why, and nothing changes.
func TestBrowserAcceptRefused(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	ctx := context.Background()
	var reseller models.User
	if err := app.DB.Where("username = ?", "reseller").First(&reseller).Error; err != nil {
		t.Fatal(err)
	}
	enterpriseID := dbValue[uint64](t, app, `SELECT enterprise_id FROM customers WHERE account_name = 'demo-customer'`)
	inv, err := models.Invite(ctx, app.DB, models.ActorOf(&reseller, "test"),
		models.InviteInput{EnterpriseID: enterpriseID, Mode: models.Advisory}, app.now())
	if err != nil {
		t.Fatal(err)
	}
	before := dbString(t, app, `SELECT COALESCE(partner_id, '') || '/' || mode FROM customers WHERE account_name = 'demo-customer'`)

	b := rig.tab(app)
	b.login("customer")
	b.wantPath("/customer")
	// the reason is given before trying, and there is no accept button to press
	b.open("/customer/invitations/" + inv.Token)
	if n := b.count(`[data-testid="accept"]`); n != 0 {
		t.Errorf("an associated customer is offered the accept button")
	}
	want := views.T(views.ZH, "err.associated_elsewhere")
	if got := b.text(`[data-testid="accept-error"]`); got != want {
		t.Errorf("refusal %q, want %q", got, want)
	}
	b.shot("16-invitation-refused")

	after := dbString(t, app, `SELECT COALESCE(partner_id, '') || '/' || mode FROM customers WHERE account_name = 'demo-customer'`)
	if after != before || !strings.HasPrefix(after, providerID(t, app)+"/") {
		t.Errorf("demo-customer partner/mode %s, was %s", after, before)
	}
	if st := dbString(t, app, `SELECT status FROM invitations WHERE id = ?`, inv.ID); st != models.InvitationPending {
		t.Errorf("invitation %s after a refused acceptance", st)
	}
}

// The provider creates an access key: the AK and the SK are shown once, with copy buttons, and the
// SK is gone from the list when it is opened again.
func TestBrowserAccessKeys(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("provider")

	b.click(`[data-testid="nav-nav.partner"]`)
	b.wantPath("/partner/profile")
	b.click(`.side a[href="/partner/access-keys"]`)
	b.wantPath("/partner/access-keys")
	if h := b.text(".page-head h1"); h != "访问密钥" {
		t.Errorf("heading %q", h)
	}
	if st := b.click(`[data-testid="create-key"]`); st != 200 {
		t.Fatalf("create key: status %d", st)
	}
	b.visible(`[data-testid="secret-key"]`)
	ak, sk := b.value(`[data-testid="access-key"]`), b.value(`[data-testid="secret-key"]`)
	if !akPattern.MatchString(ak) || len(sk) != 40 {
		t.Fatalf("AK %q, SK %q", ak, sk)
	}
	if got := b.text(`[data-testid="key-row"].highlight [data-testid="key-ak"]`); got != ak {
		t.Errorf("highlighted row AK %q, want %q", got, ak)
	}
	b.shot("17-access-keys")
	b.do("copy the SK", chromedp.Click(chromedp.CSS(`[data-testid="secret-key"] + [data-copy]`)))
	// the label changes once the clipboard has taken the text (asynchronously)
	browserRun(b, "copied label", chromedp.Poll[bool](
		`document.querySelector('[data-testid="secret-key"] + [data-copy]').textContent === "已复制"`))

	// Open the list again (a reload of the POST would submit the form again and make a new key).
	b.open("/partner/access-keys")
	b.visible(`[data-testid="access-keys"]`)
	if n := b.count(`[data-testid="secret-key"], [data-testid="new-key"]`); n != 0 {
		t.Errorf("the secret panel is shown again (%d elements)", n)
	}
	html := browserRun(b, "page source", chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if strings.Contains(html, sk) {
		t.Error("the secret is on the page again")
	}
	if got := b.text(`[data-testid="key-row"] [data-testid="key-ak"]`); got != ak {
		t.Errorf("listed AK %q, want %q", got, ak)
	}
}

// The provider allocates to a consignment customer from its detail page, then reclaims part of it;
// the balances on the page and in the ledger agree, and the funds page shows the records.
func TestBrowserCustomerFunds(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	id := dbString(t, app, `SELECT id FROM customers WHERE partner_id = ? AND mode = 2 AND frozen = 0 ORDER BY id DESC LIMIT 1`, providerID(t, app))
	balance := func() int64 {
		return dbValue[int64](t, app, `SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'customer' AND customer_id = ?`, id)
	}
	before := balance()
	b := rig.tab(app)
	b.login("provider")
	b.open("/sales/customers/" + id)
	b.visible(`[data-testid="allocate-form"]`)

	b.typeIn("#f-allocate-amount", "1000")
	b.typeIn("#f-allocate-memo", "三月预算")
	b.click(`[data-testid="allocate-submit"]`)
	b.wantPath("/sales/customers/" + id + "/allocate/confirm") // nothing moved until confirmed
	if got := balance(); got != before {
		t.Fatalf("the confirmation moved money: %d", got)
	}
	b.click(`[data-testid="confirm"]`)
	b.wantPath("/sales/customers/" + id)
	if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, "¥1,000.00") {
		t.Errorf("flash %q", f)
	}
	b.typeIn("#f-reclaim-amount", "250.50")
	b.click(`[data-testid="reclaim-submit"]`)
	b.click(`[data-testid="confirm"]`)
	if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, "¥250.50") {
		t.Errorf("flash %q", f)
	}
	want := before + 100000 - 25050
	if got := balance(); got != want {
		t.Errorf("ledger balance %d, want %d", got, want)
	}
	if got := b.text(`[data-testid="customer-balance"]`); got != models.Fen(want).Format() {
		t.Errorf("balance shown %q, want %s", got, models.Fen(want).Format())
	}
	if got := b.column(`[data-testid="customer-fund-records"]`, `[data-testid="record-row"]`, "金额（元）"); len(got) < 2 || got[0] != "¥250.50" || got[1] != "¥1,000.00" {
		t.Errorf("fund records %v", got)
	}
	b.shot("18-customer-funds")

	b.click(`[data-testid="nav-nav.business"]`)
	b.wantPath("/business/funds")
	b.visible(`[data-testid="balances"]`)
	if got := b.column(`[data-testid="recent-records"]`, `[data-testid="record-row"]`, "操作类型"); len(got) < 2 || got[0] != "回收" || got[1] != "拨款" {
		t.Errorf("recent records %v", got)
	}
	b.shot("19-business-funds")
}
