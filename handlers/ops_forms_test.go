package handlers

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
	"partnerhub/views"
)

// upload posts content as the directory form's file, with the form's CSRF token.
func (c *client) upload(content string) *response {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf("/ops/directory"))
	f, _ := w.CreateFormFile("file", "dir.csv")
	io.WriteString(f, content)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.Srv.URL+"/ops/directory", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Body: string(b)}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	return r
}

// The report lists rejected rows by line, names their column in the page's language and says why
// in words, and says plainly what was imported and what was not.
func TestDirectoryImportReport(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	existing := dbString(t, app, `SELECT credit_code FROM enterprises ORDER BY id LIMIT 1`)
	header := strings.Join(models.DirectoryColumns, ",") + "\n"
	file := header +
		"蓉城智算科技有限公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n" + // 2: imported
		"乙公司," + existing + ",,,2019-04-01,,,,active\n" + // 3: in the directory
		"丙公司,91510100MA6C8XYW2K,,abc,2019-04-01,,,,active\n" + // 4: not an amount
		"丁公司,91510100MA6C8XYW1K,,,2019-04-01,,,,active\n" // 5: line 2's code again
	before := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`)
	r := op.upload(file)
	if r.Status != http.StatusOK || !strings.Contains(r.text(`[data-testid="import-summary"]`), "其余 1 行已导入企业名录；下列 3 行未导入") {
		t.Fatalf("import: %d, %q", r.Status, r.text(`[data-testid="import-summary"]`))
	}
	want := []struct{ line, column, why string }{
		{"3", "统一社会信用代码", "已在企业名录中"},
		{"4", "注册资本", "不小于 0 的金额"},
		{"5", "统一社会信用代码", "与第 2 行"},
	}
	rows := r.Doc.Find(`[data-testid="rejected-row"]`)
	if rows.Length() != len(want) {
		t.Fatalf("%d rejected rows", rows.Length())
	}
	rows.Each(func(i int, row *goquery.Selection) {
		cells := row.Find("td")
		line, col, why := strings.TrimSpace(cells.Eq(0).Text()), strings.TrimSpace(cells.Eq(1).Text()), cells.Eq(2).Text()
		if line != want[i].line || !strings.HasPrefix(col, want[i].column) || !strings.Contains(why, want[i].why) {
			t.Errorf("row %d: line %s, column %q, why %q; want %+v", i, line, col, why, want[i])
		}
	})
	if strings.Contains(r.Body, "金额必须大于 0") || strings.Contains(r.Body, ">已存在。<") {
		t.Error("the report still says the old messages")
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`); n != before+1 {
		t.Errorf("enterprises %d, want %d", n, before+1)
	}

	op.get("/ops/directory?lang=en-US")
	r = op.upload(header + "戊公司,91510100MA6C8XYW3K,,,2019/04/01,,,,active\n")
	if col := r.text(`[data-testid="rejected-column"]`); !strings.HasPrefix(col, "Established on") {
		t.Errorf("column in English: %q", col)
	}
	if s := r.text(`[data-testid="import-summary"]`); s != views.T(views.EN, "dir.summary_none", 1) {
		t.Errorf("summary in English: %q", s)
	}
}

// A file refused whole says at which line and why, and imports nothing.
func TestDirectoryImportRefusedFile(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	header := strings.Join(models.DirectoryColumns, ",") + "\n"
	good := "蓉城智算科技有限公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n"
	before := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`)
	for _, tc := range []struct{ name, file, want string }{
		{"wrong columns", "name,code\n甲,1\n", "第 1 行的列名与模板不一致"},
		{"short line", header + good + "甲,91510100MA6C8XYW2K\n", "第 3 行有 2 列，应为 9 列"},
		{"GBK", header + good + "\xbc\xd7,91510100MA6C8XYW2K,,,2019-04-01,,,,\n", "第 3 行不是 UTF-8 编码"},
		{"open quote", header + good + good + "\"甲,91510100MA6C8XYW2K,,,2019-04-01,,,,\n", "第 4 行的引号不成对"},
		{"empty", "", "文件是空的"},
	} {
		r := op.upload(tc.file)
		if msg := r.text(`[data-testid="form-error"]`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(msg, tc.want) || !strings.Contains(msg, "整个文件未导入") {
			t.Errorf("%s: %d %q", tc.name, r.Status, msg)
		}
		if r.count(`[data-testid="import-report"]`) != 0 {
			t.Errorf("%s: a report for a refused file", tc.name)
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM enterprises`); n != before {
		t.Error("a refused file imported rows")
	}
	op.get("/ops/directory?lang=en-US")
	if msg := op.upload(header + "甲,91510100MA6C8XYW2K\n").text(`[data-testid="form-error"]`); !strings.HasPrefix(msg, "Line 2 has 2 fields, not 9") {
		t.Errorf("in English: %q", msg)
	}
}

// An application needs a contact: without one the page says so by the field, in either language,
// and nothing is filed.
func TestApplyNeedsContact(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("applicant")
	for _, tc := range []struct{ contact, want string }{
		{"", "请填写联系方式"},
		{"   ", "请填写联系方式"},
		{strings.Repeat("联", models.MaxContactLen+1), "联系方式最多 128 个字符"},
	} {
		r := c.post("/customer/join", "/customer/join", url.Values{"contact": {tc.contact}, "intro": {"我们做云迁移"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="error-contact"]`), tc.want) {
			t.Errorf("contact %q: %d %q", tc.contact, r.Status, r.text(`[data-testid="error-contact"]`))
		}
		if got, _ := r.Doc.Find(`#f-intro`).Html(); got != "我们做云迁移" {
			t.Errorf("the intro typed is lost: %q", got)
		}
	}
	c.get("/customer/join?lang=en-US")
	r := c.post("/customer/join", "/customer/join", url.Values{"contact": {""}})
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-contact"]`) != views.T(views.EN, "err.contact_required") {
		t.Errorf("in English: %d %q", r.Status, r.text(`[data-testid="error-contact"]`))
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM partner_applications WHERE company_name = (SELECT real_name FROM customers WHERE account_name = 'demo-applicant')`); n != 0 {
		t.Errorf("%d applications filed without a contact", n)
	}
}

// A rejection without a reason shows the queue again, 422, with the error by that row's reason,
// on the page the operator was on; nothing changes.
func TestRejectWithoutReason(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	appID := dbString(t, app, `SELECT id FROM partner_applications WHERE status = 'pending' ORDER BY id LIMIT 1`)
	company := dbString(t, app, `SELECT company_name FROM partner_applications WHERE id = ?`, appID)
	page := "/ops/applications?status=pending"
	action, _ := op.get(page).Doc.Find(`form[action^="/ops/applications/` + appID + `/reject"]`).Attr("action")
	if action != "/ops/applications/"+appID+"/reject?status=pending" {
		t.Fatalf("the reject form posts to %q", action)
	}
	r := op.post(page, action, url.Values{"reason": {"  "}})
	row := r.Doc.Find(`[data-testid="application-row"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.AttrOr("data-company", "") == company
	})
	if r.Status != http.StatusUnprocessableEntity || strings.TrimSpace(row.Find(`[data-testid="error-reason"]`).Text()) != "请填写原因。" {
		t.Errorf("reject without reason: %d, row error %q", r.Status, row.Find(`[data-testid="error-reason"]`).Text())
	}
	if r.count(`[data-testid="error-reason"]`) != 1 || r.count(`[data-testid="form-error"]`) != 0 || r.count(`nav.tabs a.active[href$="status=pending"]`) != 1 {
		t.Errorf("%d row errors, %d notices, the pending tab active: %d", r.count(`[data-testid="error-reason"]`), r.count(`[data-testid="form-error"]`), r.count(`nav.tabs a.active[href$="status=pending"]`))
	}
	if href, _ := r.Doc.Find(`[data-testid="lang-en"]`).Attr("href"); !strings.HasPrefix(href, "/ops/applications?") {
		t.Errorf("the language switch goes to %q", href)
	}
	// posted from a list that does not show the row, the page names it
	r = op.post(page, "/ops/applications/"+appID+"/reject?status=approved", nil)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="form-error"]`), company) {
		t.Errorf("from another list: %d %q", r.Status, r.text(`[data-testid="form-error"]`))
	}
	if st := dbString(t, app, `SELECT status FROM partner_applications WHERE id = ?`, appID); st != models.ApplicationPending || auditN(t, app, "application.reject") != 0 {
		t.Errorf("a rejection without reason changed the application: %s", st)
	}

	q := op.get("/ops/verifications")
	reject, _ := q.Doc.Find(`[data-testid="verification-row"] form[action*="/reject"]`).First().Attr("action")
	id := strings.TrimSuffix(strings.TrimPrefix(reject, "/ops/verifications/"), "/reject")
	account := dbString(t, app, `SELECT account_name FROM customers WHERE id = ?`, id)
	op.get("/ops/verifications?lang=en-US")
	r = op.post("/ops/verifications", reject, nil)
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="verification-row"] [data-testid="error-reason"]`) != 1 ||
		r.text(`[data-testid="error-reason"]`) != views.T(views.EN, "err.reason_required") {
		t.Errorf("reject a verification without reason: %d %q", r.Status, r.text(`[data-testid="error-reason"]`))
	}
	if r.Doc.Find(`[data-testid="error-reason"]`).Closest(`[data-testid="verification-row"]`).Find("code").First().Text() != account {
		t.Error("the error is not by the refused customer's row")
	}
	if st := dbValue[int64](t, app, `SELECT verified_status FROM customers WHERE id = ?`, id); st != int64(models.UnderReview) || auditN(t, app, "customer.verification") != 0 {
		t.Errorf("a rejection without reason changed the customer: %d", st)
	}
	if r := op.post("/ops/verifications", reject, url.Values{"reason": {"证件不清晰"}}); r.Status != http.StatusSeeOther {
		t.Errorf("reject with a reason: %d", r.Status)
	}
}

// A reseller invitee who leaves the company out is told so by the field, in either language.
func TestResellerCompanyRequired(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	inv, err := models.InviteReseller(t.Context(), app.DB, models.ActorOf(userByName(t, app, "distributor"), "t"), "成都新云科技有限公司", "", app.now())
	if err != nil {
		t.Fatal(err)
	}
	path := "/join/resellers/" + inv.Token
	v := app.client(t)
	form := url.Values{"company": {"  "}, "username": {"cdxy"}, "password": {"long-password"}}
	r := v.post(path, path, form)
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-company"]`) != "请填写公司名称" || r.count(`[data-testid="join-form"]`) != 1 {
		t.Errorf("no company: %d %q", r.Status, r.text(`[data-testid="error-company"]`))
	}
	v.get(path + "?lang=en-US")
	if r := v.post(path, path, form); r.text(`[data-testid="error-company"]`) != "Enter the company name" {
		t.Errorf("in English: %q", r.text(`[data-testid="error-company"]`))
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM partners WHERE account_name = 'cdxy'`); n != 0 {
		t.Error("a reseller was created without a company")
	}
}

// After a refused POST, a link that is expired, revoked or used shows why, as the GET does, and
// not a form that can never succeed.
func TestRefusedLinkHidesForm(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ctx := t.Context()
	admin := models.ActorOf(userByName(t, app, "provider"), "t")
	dist := models.ActorOf(userByName(t, app, "distributor"), "t")
	signUp := url.Values{"company": {"成都新云科技有限公司"}, "username": {"newcomer"}, "password": {"long-password"}}
	member := func(target string) (string, uint64) {
		inv, err := models.InviteMember(ctx, app.DB, admin, models.MemberInviteInput{By: models.InviteByEmail, Target: target, Roles: models.Roles(models.RoleSales)}, app.now())
		if err != nil {
			t.Fatal(err)
		}
		return "/join/members/" + inv.Token, inv.ID
	}
	reseller := func() (string, uint64) {
		inv, err := models.InviteReseller(ctx, app.DB, dist, "成都新云科技有限公司", "", app.now())
		if err != nil {
			t.Fatal(err)
		}
		return "/join/resellers/" + inv.Token, inv.ID
	}
	check := func(name, path, wantKey string) {
		t.Helper()
		v := app.client(t)
		tok := v.csrf("/login") // the form is hidden: take the session's token from another page
		r := v.do(http.MethodPost, path, url.Values{"_csrf": {tok}, "company": signUp["company"], "username": {"late"}, "password": {"long-password"}})
		if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="join-form"]`) != 0 || r.text(`[data-testid="join-blocked"]`) != views.T(views.ZH, wantKey) {
			t.Errorf("%s: %d, form %d, blocked %q", name, r.Status, r.count(`[data-testid="join-form"]`), r.text(`[data-testid="join-blocked"]`))
		}
		if g := v.get(path); g.count(`[data-testid="join-form"]`) != 0 || g.text(`[data-testid="join-blocked"]`) != r.text(`[data-testid="join-blocked"]`) {
			t.Errorf("%s: the GET shows %q", name, g.text(`[data-testid="join-blocked"]`))
		}
	}

	usedM, _ := member("used@example.com")
	if r := app.client(t).post(usedM, usedM, signUp); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Status)
	}
	check("used member link", usedM, "err.invitation_used")
	revokedM, id := member("revoked@example.com")
	if err := models.RevokeMemberInvitation(ctx, app.DB, admin, id); err != nil {
		t.Fatal(err)
	}
	check("revoked member link", revokedM, "err.invitation_revoked")
	usedR, _ := reseller()
	signUp.Set("username", "newreseller")
	if r := app.client(t).post(usedR, usedR, signUp); r.Status != http.StatusSeeOther {
		t.Fatalf("accept reseller: %d", r.Status)
	}
	check("used reseller link", usedR, "err.invitation_used")
	revokedR, rid := reseller()
	if err := models.RevokeResellerInvitation(ctx, app.DB, dist, rid); err != nil {
		t.Fatal(err)
	}
	check("revoked reseller link", revokedR, "err.invitation_revoked")
	expiredM, _ := member("expired@example.com")
	expiredR, _ := reseller()
	app.advance(models.MemberInvitationTTL + time.Hour)
	check("expired member link", expiredM, "err.invitation_expired")
	check("expired reseller link", expiredR, "err.invitation_expired")

	// a refusal of the form itself keeps the form
	live, _ := reseller()
	if r := app.client(t).post(live, live, url.Values{"company": {"成都新云科技有限公司"}, "username": {"x"}, "password": {"short"}}); r.Status != http.StatusUnprocessableEntity ||
		r.count(`[data-testid="join-form"]`) != 1 || r.count(`[data-testid="join-blocked"]`) != 0 {
		t.Errorf("a weak password on a live link: %d, form %d", r.Status, r.count(`[data-testid="join-form"]`))
	}
}
