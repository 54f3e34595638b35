package handlers

import (
	"partnerhub/views"

	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"partnerhub/models"
)

func auditN(t *testing.T, app *testApp, action string) int64 {
	t.Helper()
	return dbValue[int64](t, app, `SELECT COUNT(*) FROM audit_records WHERE action = ? AND request_id <> 'seed'`, action)
}

// The lifecycle: apply, be approved, be invited into the distribution program and accept it.
func TestJoinNetworkLifecycle(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ind := app.client(t).login("individual")
	if r := ind.get("/customer/join"); r.Status != http.StatusOK || r.count(`[data-testid="apply-blocked"]`) != 1 || r.count(`[data-testid="apply-form"]`) != 0 {
		t.Errorf("individual: %d, blocked %d", r.Status, r.count(`[data-testid="apply-blocked"]`))
	}
	if r := ind.post("/customer/join", "/customer/join", url.Values{"contact": {"x"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("individual applies: %d", r.Status)
	}
	c := app.client(t).login("applicant")
	if r := c.post("/customer/join", "/customer/join", url.Values{"contact": {"13800000000"}, "intro": {"我们做云迁移"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d", r.Status)
	}
	if r := c.get("/customer/join"); !strings.Contains(r.text(`[data-testid="application-status"]`), "审核中") {
		t.Errorf("status after applying: %q", r.text(`[data-testid="application-status"]`))
	}
	appID := dbString(t, app, `SELECT id FROM partner_applications WHERE company_name = (SELECT real_name FROM customers WHERE account_name = 'demo-applicant')`)
	op := app.client(t).login("operator")
	if r := op.get("/ops/applications?status=pending"); r.count(`[data-testid="application-row"]`) != 2 {
		t.Errorf("queue: %d rows", r.count(`[data-testid="application-row"]`))
	}
	r := op.post("/ops/applications", "/ops/applications/"+appID+"/approve", url.Values{"note": {"欢迎"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/ops/partners/") {
		t.Fatalf("approve: %d %s", r.Status, r.Location)
	}
	partnerPage := r.Location
	pid := strings.TrimPrefix(partnerPage, "/ops/partners/")
	// the applicant signs in again as the new partner's admin
	c = app.client(t).login("applicant")
	if r := c.get("/"); r.Status != http.StatusOK {
		t.Errorf("a network member's home: %d", r.Status)
	}
	if r := c.get("/customer"); r.Status != http.StatusForbidden {
		t.Errorf("the new partner admin still reaches the customer portal: %d", r.Status)
	}
	prof := c.get("/partner/profile")
	if prof.Status != http.StatusOK || prof.text(`[data-testid="partner-kind"]`) == "" || !strings.Contains(prof.Body, "尚未加入任何计划") {
		t.Fatalf("profile: %d", prof.Status)
	}
	if r := c.get("/partner/members"); r.count(`[data-testid="invite-form"]`) != 0 || !strings.Contains(r.Body, "加入发展路径或伙伴计划后方可邀请成员") {
		t.Error("a partner in no program may invite")
	}
	if r := c.post("/partner/profile", "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"a@b.cn"}, "roles": {"sales"}}); r.Status != http.StatusForbidden {
		t.Errorf("invite in no program: %d", r.Status)
	}
	if r := op.post(partnerPage, partnerPage+"/distribution", url.Values{"note": {"线下已沟通"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("invite into distribution: %d", r.Status)
	}
	if r := op.post(partnerPage, partnerPage+"/expand", url.Values{"grant": {"1"}}); r.Status != http.StatusSeeOther {
		t.Errorf("expand for a network member: %d", r.Status)
	}
	prof = c.get("/partner/profile")
	accept, ok := prof.Doc.Find(`[data-testid="distribution-invitation"] form`).Attr("action")
	if !ok {
		t.Fatal("no distribution invitation on the profile")
	}
	if r := c.post("/partner/profile", accept, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("accept distribution: %d", r.Status)
	}
	prof = c.get("/partner/profile")
	if !strings.Contains(prof.text(`[data-testid="partner-kind"]`), "总经销商") || !strings.Contains(prof.Body, "无客户拓展权限") {
		t.Errorf("after accepting: %q", prof.text(`[data-testid="partner-kind"]`))
	}
	if r := op.post(partnerPage, partnerPage+"/expand", url.Values{"grant": {"1"}}); r.Status != http.StatusSeeOther {
		t.Errorf("grant expand: %d", r.Status)
	}
	if !strings.Contains(c.get("/partner/profile").Body, "已授予客户拓展权限") {
		t.Error("expand permission not shown")
	}
	if r := c.get("/partner/resellers"); r.Status != http.StatusOK {
		t.Errorf("new master distributor's resellers: %d", r.Status)
	}
	if r := c.get("/"); r.Status != http.StatusOK {
		t.Errorf("the new master distributor's home: %d", r.Status)
	}
	for action, n := range map[string]int64{"application.create": 1, "application.approve": 1, "member.admin": 1,
		"program.distribution_invite": 1, "program.distribution_join": 1, "permission.expand": 1} {
		if got := auditN(t, app, action); got != n {
			t.Errorf("audit %s: %d, want %d", action, got, n)
		}
	}
	if addr := dbString(t, app, `SELECT address FROM audit_records WHERE action = 'permission.expand'`); addr != "127.0.0.1" {
		t.Errorf("source address %q", addr)
	}
	_ = pid
}

func TestRejectApplication(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbString(t, app, `SELECT id FROM partner_applications WHERE status = 'pending'`)
	op := app.client(t).login("operator")
	if r := op.post("/ops/applications", "/ops/applications/"+id+"/reject", nil); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-reason"]`) != "请填写原因。" {
		t.Errorf("reject without reason: %d", r.Status)
	}
	op.post("/ops/applications", "/ops/applications/"+id+"/reject", url.Values{"reason": {"营业执照已过期"}})
	h := app.client(t).login("hopeful").get("/customer/join")
	if !strings.Contains(h.text(`[data-testid="application-reason"]`), "营业执照已过期") {
		t.Errorf("the applicant does not see the reason: %q", h.text(`[data-testid="application-status"]`))
	}
}

func TestMemberInvitationFlow(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	for _, tc := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"by": {"mobile"}, "target": {"1234"}, "roles": {"sales"}}, "error-target"},
		{url.Values{"by": {"email"}, "target": {"li@@x"}, "roles": {"sales"}}, "error-target"},
		{url.Values{"by": {"email"}, "target": {"provider@example.com"}, "roles": {"sales"}}, "error-target"},
		{url.Values{"by": {"account"}, "target": {"provider-sales"}, "roles": {"sales"}}, "error-target"},
		{url.Values{"by": {"email"}, "target": {"new@example.com"}}, "error-roles"},
	} {
		r := admin.post(membersPath, "/partner/members/invitations", tc.form)
		if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="`+tc.field+`"]`) != 1 {
			t.Errorf("%v: %d", tc.form, r.Status)
		}
	}
	r := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"Wang.Li@Example.com"}, "roles": {"sales", "viewer"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}
	list := admin.get(r.Location)
	link := list.text(`tr.highlight [data-testid="member-invite-link"]`)
	path := strings.TrimPrefix(link, app.Srv.URL)
	if !strings.HasPrefix(path, "/join/members/") {
		t.Fatalf("link %q", link)
	}
	// another signed-in user opens the link
	other := app.client(t).login("customer")
	if r := other.get(path); r.count(`[data-testid="join-blocked"]`) != 1 {
		t.Error("a signed-in user may accept someone else's invitation")
	}
	if r := other.post(path, path, url.Values{"username": {"wangli"}, "password": {"long-password"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("other user accepts: %d", r.Status)
	}
	v := app.client(t)
	if r := v.post(path, path, url.Values{"username": {"wangli"}, "password": {"short"}}); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-password"]`) != 1 {
		t.Errorf("weak password: %d", r.Status)
	}
	if r := v.post(path, path, url.Values{"username": {"wangli"}, "display_name": {"王力"}, "password": {"long-password"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Status)
	}
	home := v.get("/")
	if home.count(`[data-testid="nav-nav.sales"]`) != 1 || home.count(`[data-testid="nav-nav.business"]`) != 1 {
		t.Errorf("the new member's menus: %s", home.text(".menus"))
	}
	if v.get("/partner/members").Status != http.StatusForbidden {
		t.Error("a sales member reaches Members")
	}
	if r := app.client(t).get(path); r.count(`[data-testid="join-blocked"]`) != 1 {
		t.Error("a used link may be accepted again")
	}
	members := admin.get(membersPath)
	if !strings.Contains(members.Body, "wangli") {
		t.Error("the new member is not listed")
	}
	newcomer := dbString(t, app, `SELECT id FROM users WHERE username = 'wangli'`)
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM audit_records WHERE action = 'user.sign_in' AND user_id = `+newcomer); n != 1 {
		t.Errorf("the new member's first sign-in: %d records", n)
	}
	for action, n := range map[string]int64{"member.invite": 1, "member.join": 1} {
		if got := auditN(t, app, action); got != n {
			t.Errorf("audit %s: %d, want %d", action, got, n)
		}
	}
	// revoke and resend
	invID := dbString(t, app, `SELECT id FROM member_invitations WHERE target = 'chen.fin@example.com'`)
	if r := admin.post(membersPath, "/partner/members/invitations/"+invID+"/resend", nil); r.Status != http.StatusSeeOther {
		t.Errorf("resend: %d", r.Status)
	}
	if r := admin.post(membersPath, "/partner/members/invitations/"+invID+"/revoke", nil); r.Status != http.StatusSeeOther {
		t.Errorf("revoke: %d", r.Status)
	}
	if r := admin.post(membersPath, "/partner/members/invitations/"+invID+"/revoke", nil); r.Status != http.StatusSeeOther || !strings.Contains(admin.get(membersPath).Body, "该邀请已被撤销") {
		t.Errorf("revoke twice: %d", r.Status)
	}
}

func TestMemberDailyLimitPage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	a := models.ActorOf(userByName(t, app, "provider"), "t")
	sent := dbValue[int64](t, app, `SELECT COUNT(*) FROM member_invitation_sends`)
	for i := int(sent); i < models.MaxMemberInvitesPerDay; i++ {
		if _, err := models.InviteMember(t.Context(), app.DB, a, models.MemberInviteInput{By: models.InviteByEmail, Target: "m" + itoa(i) + "@example.com", Roles: models.Roles(models.RoleSales)}, app.now()); err != nil {
			t.Fatal(err)
		}
	}
	before := dbValue[int64](t, app, `SELECT COUNT(*) FROM member_invitations`)
	if page := admin.get(membersPath); page.count(`[data-testid="invite-submit"][disabled]`) != 1 {
		t.Error("the invite button is live at the day's limit")
	}
	r := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"last@example.com"}, "roles": {"sales"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="form-error"]`), "100") {
		t.Errorf("101st: %d %q", r.Status, r.text(`[data-testid="form-error"]`))
	}
	if after := dbValue[int64](t, app, `SELECT COUNT(*) FROM member_invitations`); after != before {
		t.Error("the refused invitation was created")
	}
	app.advance(24 * 60 * 60 * 1e9)
	admin = app.client(t).login("provider") // the session did not outlive the day
	if r := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"last@example.com"}, "roles": {"sales"}}); r.Status != http.StatusSeeOther {
		t.Errorf("the next day: %d", r.Status)
	}
}

func userByName(t *testing.T, app *testApp, name string) *models.User {
	var u models.User
	if err := app.DB.Where("username = ?", name).First(&u).Error; err != nil {
		t.Fatal(err)
	}
	return &u
}

func TestResellerInvitationFlow(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	d := app.client(t).login("distributor")
	if r := d.post(resellersPath, "/partner/resellers/invitations", url.Values{"email": {"bad"}}); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-email"]`) != 1 {
		t.Errorf("bad email: %d", r.Status)
	}
	r := d.post(resellersPath, "/partner/resellers/invitations", url.Values{"company": {"成都新云科技有限公司"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}
	link := d.get(r.Location).text(`tr.highlight [data-testid="reseller-invite-link"]`)
	path := strings.TrimPrefix(link, app.Srv.URL)
	if r := d.get(path); r.count(`[data-testid="join-blocked"]`) != 1 {
		t.Error("the signed-in distributor may accept its own reseller invitation")
	}
	v := app.client(t)
	if r := v.post(path, path, url.Values{"company": {"成都新云科技有限公司"}, "username": {"cdxy"}, "password": {"long-password"}, "mobile": {"123"}}); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-mobile"]`) != 1 {
		t.Errorf("bad mobile: %d", r.Status)
	}
	if r := v.post(path, path, url.Values{"company": {"成都新云科技有限公司"}, "username": {"cdxy"}, "password": {"long-password"}, "mobile": {"13812345678"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Status)
	}
	if !strings.Contains(v.get("/partner/profile").Body, "神州云联科技集团有限公司") {
		t.Error("the reseller's profile does not name its master distributor")
	}
	list := d.get("/partner/resellers?q=新云")
	if list.count(`[data-testid="reseller-row"]`) != 1 {
		t.Fatalf("search: %d rows", list.count(`[data-testid="reseller-row"]`))
	}
	href, _ := list.Doc.Find(`[data-testid="reseller-row"] a`).Attr("href")
	if r := d.get(href); r.Status != http.StatusOK || r.text(`[data-testid="reseller-balance"]`) != "¥0.00" {
		t.Errorf("detail: %d %q", r.Status, r.text(`[data-testid="reseller-balance"]`))
	}
	other := dbString(t, app, `SELECT id FROM partners WHERE account_name = 'reseller'`)
	if r := d.get("/partner/resellers/" + other); r.Status != http.StatusOK || r.text(`[data-testid="reseller-balance"]`) == "¥0.00" ||
		!strings.Contains(r.text(`[data-testid="reseller-quotas"]`), "¥20,000.00") {
		t.Errorf("a funded reseller's balance %q and quotas %q", r.text(`[data-testid="reseller-balance"]`), r.text(`[data-testid="reseller-quotas"]`))
	}
	if r := app.client(t).login("reseller").get("/partner/resellers/" + other); r.Status != http.StatusForbidden {
		t.Errorf("a reseller opens reseller pages: %d", r.Status)
	}
	if got := auditN(t, app, "reseller.join"); got != 2 {
		t.Errorf("audit reseller.join: %d", got)
	}
}

func TestAuditPages(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	r := admin.get("/partner/audit?action=user.")
	if r.Status != http.StatusOK || r.count(`[data-testid="audit-row"]`) != 1 || r.text(`[data-testid="audit-action"]`) != "user.sign_in" {
		t.Fatalf("partner audit: %d, %d rows", r.Status, r.count(`[data-testid="audit-row"]`))
	}
	// the object by its type's name and its own, the change as key: value lines
	name := dbString(t, app, `SELECT display_name FROM users WHERE username = 'provider'`)
	if got := r.text(`[data-testid="audit-object"]`); got != "用户 "+name {
		t.Errorf("object %q", got)
	}
	if got := r.text(`[data-testid="audit-after"] .kv li`); got != "来源地址: 127.0.0.1" || r.count(`[data-testid="audit-before"] .kv`) != 0 {
		t.Errorf("after %q", got)
	}
	coupons := admin.get("/partner/audit?type=coupon&lang=en-US")
	href, _ := coupons.Doc.Find(`[data-testid="audit-object"] a`).Attr("href")
	if coupons.count(`[data-testid="audit-row"]`) == 0 || !strings.HasPrefix(coupons.text(`[data-testid="audit-object"]`), "Coupon #") {
		t.Errorf("filter by type: %d rows, %q", coupons.count(`[data-testid="audit-row"]`), coupons.text(`[data-testid="audit-object"]`))
	} else if r := admin.get(href); r.Status != http.StatusOK {
		t.Errorf("the coupon's link %s: %d", href, r.Status)
	}
	for _, q := range []string{"from=bad&target=x", "type=nothing"} {
		if r := admin.get("/partner/audit?" + q); r.Status != http.StatusOK || r.count(`[data-testid="notice"]`) != 1 {
			t.Errorf("bad filters %s: %d", q, r.Status)
		}
	}
	res, err := http.Get(app.Srv.URL + "/partner/audit.csv")
	if err == nil {
		res.Body.Close()
	}
	csv := admin.get("/partner/audit.csv?actor=provider")
	if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Body, "\ufeffid,time_utc,actor") || !strings.Contains(csv.Body, "user.sign_in") ||
		!strings.Contains(csv.Body, `"{""address"":""127.0.0.1""}"`) {
		t.Errorf("csv: %d %q", csv.Status, firstRunes(csv.Body, 80))
	}
	op := app.client(t).login("operator")
	all := op.get("/ops/audit?actor=provider&action=user.sign_in")
	if all.count(`[data-testid="audit-row"]`) != 1 {
		t.Errorf("operator filter by actor: %d", all.count(`[data-testid="audit-row"]`))
	}
	pid := providerID(t, app)
	if r := op.get("/ops/audit?partner=" + pid); r.Status != http.StatusOK || r.count(`[data-testid="audit-row"]`) == 0 {
		t.Errorf("operator filter by partner: %d", r.count(`[data-testid="audit-row"]`))
	}
}

func TestDirectoryImport(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	upload := func(content string) *response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("_csrf", op.csrf("/ops/directory"))
		f, _ := w.CreateFormFile("file", "dir.csv")
		io.WriteString(f, content)
		w.Close()
		req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/ops/directory", &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, err := op.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return &response{Status: res.StatusCode, Body: string(b)}
	}
	header := strings.Join(models.DirectoryColumns, ",") + "\n"
	before := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`)
	r := upload(header + "蓉城智算科技有限公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n甲,bad,,,2019-04-01,,,,active\n")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "已导入 1 行，拒绝 1 行") {
		t.Errorf("import: %d", r.Status)
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`); n != before+1 {
		t.Errorf("enterprises %d, want %d", n, before+1)
	}
	for _, bad := range []string{"name,code\n甲,1\n", header + "\xbc\xd7,91510100MA6C8XYW2K,,,2019-04-01,,,,\n"} {
		if r := upload(bad); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("malformed file: %d", r.Status)
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`); n != before+1 {
		t.Error("a malformed file imported rows")
	}
}

func TestVerificationReview(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	q := op.get("/ops/verifications")
	action, ok := q.Doc.Find(`[data-testid="verification-row"] form`).First().Attr("action")
	if !ok {
		t.Fatal("empty queue")
	}
	before, _ := q.Doc.Find(`[data-testid="total"]`).Html()
	if r := op.post("/ops/verifications", action, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	page := op.get("/ops/verifications")
	after, _ := page.Doc.Find(`[data-testid="total"]`).Html()
	if before == after {
		t.Errorf("queue still %s", after)
	}
	if f := page.text(`[data-testid="flash"]`); !strings.HasPrefix(f, "已通过 ") || !strings.HasSuffix(f, " 的实名认证。") {
		t.Errorf("the flash does not say whose verification was approved: %q", f)
	}
	reject := strings.Replace(action, "approve", "reject", 1)
	if r := op.post("/ops/verifications", reject, nil); r.Status != http.StatusSeeOther {
		t.Errorf("reject a decided one: %d", r.Status)
	}
}

func TestParseAuditQuery(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw     string
		action  string
		target  uint64
		ignored string
	}{
		{"action=member.", "member.", 0, ""},
		{"action=member.invite&target=12", "member.invite", 12, ""},
		{"action=member", "", 0, "action"},         // neither an action nor a group
		{"action=nothing.at.all", "", 0, "action"}, // unknown
		{"action=transfer.&target=-1", "transfer.", 0, "target"},
		{"from=2026-13-01&to=x", "", 0, "from,to"},
		{"from=2026-12-03&to=2026-12-01", "", 0, views.FromAfterTo}, // the start after the end
		{"from=2026-12-01&to=2026-12-01", "", 0, ""},                // one day
	} {
		v, _ := url.ParseQuery(tc.raw)
		f, form, ignored := parseAuditQuery(v)
		sort.Strings(ignored)
		if f.Action != tc.action || form.Action != tc.action || f.ObjectID != tc.target || strings.Join(ignored, ",") != tc.ignored {
			t.Errorf("%s: action %q (form %q), target %d, ignored %v", tc.raw, f.Action, form.Action, f.ObjectID, ignored)
		}
	}
}

// parseAuditQuery never fails: what it cannot read it drops and names.
func FuzzParseAuditQuery(f *testing.F) {
	f.Add("actor=provider&action=member.&from=2026-11-01&to=2026-11-30&target=12&page=2")
	f.Add("from=bad&target=-1&partner=x&limit=1000")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, _, _ := parseAuditQuery(v)
		if q.Limit < 10 || q.Limit > 100 || q.Page < 1 {
			t.Fatalf("filter %+v", q)
		}
	})
}

func TestParseRoles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   []string
		want models.Roles
	}{
		{nil, 0}, {[]string{"sales"}, models.Roles(models.RoleSales)},
		{[]string{"admin", "viewer", "admin"}, models.Roles(models.RoleAdmin | models.RoleViewer)},
		{[]string{"root", ""}, 0},
	} {
		if got := parseRoles(tc.in); got != tc.want {
			t.Errorf("parseRoles(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestForbiddenSaysWho: a refused page names the roles or the kind of account that may open it.
func TestForbiddenSaysWho(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	finance := app.client(t).login("provider-finance")
	if r := finance.get("/sales/customers"); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "管理员、销售、只读") {
		t.Errorf("finance member on Customers: %d %q", r.Status, r.text("main"))
	}
	if n := finance.get("/").count(`a[href="/sales/customers"], a[href^="/sales/customers?"]`); n != 0 {
		t.Errorf("a finance member's home links to %d Sales lists it may not open", n)
	}
	if n := app.client(t).login("provider").get("/").count(`[data-testid="stat-customers"] a[href="/sales/customers"]`); n != 1 {
		t.Errorf("an admin's home: %d links to Customers", n)
	}
	if r := finance.get("/ops/partners?lang=en-US"); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Only a signed-in Operator") {
		t.Errorf("partner member on the operator console: %d %q", r.Status, r.text("main"))
	}
}

// TestPortalShowsApplication: the customer's home says where its application stands, and why it
// was rejected.
func TestPortalShowsApplication(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbString(t, app, `SELECT id FROM partner_applications WHERE status = 'pending'`)
	hopeful := app.client(t).login("hopeful")
	if r := hopeful.get("/customer"); r.count(`[data-testid="portal-join"] [data-testid="application-status"]`) != 1 {
		t.Errorf("a pending application is not on the portal: %q", r.text(`[data-testid="portal-join"]`))
	}
	app.client(t).login("operator").post("/ops/applications", "/ops/applications/"+id+"/reject", url.Values{"reason": {"营业执照已过期"}})
	if r := hopeful.get("/customer"); !strings.Contains(r.text(`[data-testid="portal-join"] [data-testid="application-reason"]`), "营业执照已过期") {
		t.Errorf("the portal does not give the reason: %q", r.text(`[data-testid="portal-join"]`))
	}
}

// TestFormerMemberHome: a sign-in in no partner gets a home, not a refusal, with only the Home
// menu; an invitation back by its sign-in name waits there, and opens the invitation's page.
func TestFormerMemberHome(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	former := app.client(t).login("former-member")
	home := former.get("/")
	if home.Status != http.StatusOK || home.count(`[data-testid="no-partner"]`) != 1 || home.count(`[data-testid="open-invitation"]`) != 0 {
		t.Fatalf("home of a former member: %d %q", home.Status, home.text("main"))
	}
	if n := home.count(`.menus a`); n != 1 {
		t.Errorf("a former member's menus: %q", home.text(".menus"))
	}
	admin := app.client(t).login("provider")
	if r := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {"account"}, "target": {"former-member"}, "roles": {"viewer"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("invite back: %d", r.Status)
	}
	home = former.get("/")
	link, ok := home.Doc.Find(`[data-testid="open-invitation"]`).Attr("href")
	if !ok || !strings.Contains(home.text(`[data-testid="invitations-back"]`), "上海数智云方案科技有限公司") {
		t.Fatalf("the invitation back is not on the home: %q", home.text("main"))
	}
	if r := former.get(link); r.Status != http.StatusOK || r.count(`[data-testid="join-blocked"]`) != 0 {
		t.Errorf("the invitation's page: %d %q", r.Status, r.text(`[data-testid="join-blocked"]`))
	}
}
