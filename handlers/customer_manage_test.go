package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// userID is a demo user's id, as a form posts it.
func userID(t *testing.T, app *testApp, username string) string {
	t.Helper()
	return dbString(t, app, "SELECT id FROM users WHERE username = ?", username)
}

// customerManagedBy is the page of a customer of the partner whose account manager is username.
func customerManagedBy(t *testing.T, app *testApp, partner, username string) string {
	t.Helper()
	id := dbString(t, app, `SELECT c.id FROM customers c JOIN users u ON u.id = c.account_manager_id JOIN partners p ON p.id = c.partner_id
		WHERE p.account_name = ? AND u.username = ? ORDER BY c.id LIMIT 1`, partner, username)
	return "/sales/customers/" + id
}

func TestCustomerLabelAndManager(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	theirs := customerManagedBy(t, app, "provider", "provider-sales2")
	mine := customerManagedBy(t, app, "provider", "provider-sales")
	admin := app.client(t).login("provider")

	// the admin sees both forms, the members by name
	r := admin.get(theirs)
	if r.count(`[data-testid="label-form"]`) != 1 || r.count(`[data-testid="manager-form"]`) != 1 {
		t.Fatalf("the admin's forms: label %d, manager %d", r.count(`[data-testid="label-form"]`), r.count(`[data-testid="manager-form"]`))
	}
	if opts := r.text(`[data-testid="manager-form"] select`); !strings.Contains(opts, "周敏（销售）") || strings.Contains(opts, "吴静（财务）") {
		t.Errorf("the managers offered: %q", opts)
	}
	r = admin.post(theirs, theirs+"/label", url.Values{"label": {" 华东重点 "}})
	if r.Status != http.StatusSeeOther || r.Location != theirs+"#manage" {
		t.Fatalf("set label: %d %q", r.Status, r.Location)
	}
	if got := dbString(t, app, "SELECT label FROM customers WHERE id = ?", strings.TrimPrefix(theirs, "/sales/customers/")); got != "华东重点" {
		t.Errorf("label %q", got)
	}
	// a refused label comes back on the form, as typed, in the user's language
	admin.get(theirs + "?lang=en-US")
	r = admin.post(theirs, theirs+"/label", url.Values{"label": {"bad\x07label"}})
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-label"]`) != 1 {
		t.Fatalf("a control character: %d %q", r.Status, r.text(`[data-testid="error-label"]`))
	}
	if v, _ := r.Doc.Find(`[data-testid="label-form"] input[name="label"]`).Attr("value"); v != "bad\x07label" {
		t.Errorf("the form kept %q", v)
	}
	if !strings.Contains(r.text(`[data-testid="error-label"]`), "characters that cannot be stored") {
		t.Errorf("the refusal in English: %q", r.text(`[data-testid="error-label"]`))
	}
	admin.get(theirs + "?lang=zh-CN")
	// the manager: a sales member is accepted and shown by name; a finance member refused in words
	r = admin.post(theirs, theirs+"/manager", url.Values{"manager": {userID(t, app, "provider-sales")}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("assign: %d %s", r.Status, r.text(".field-error"))
	}
	if page := admin.get(theirs); !strings.Contains(page.text(`[data-testid="association"]`), "李强（销售）") {
		t.Errorf("the manager's name is not on the page")
	}
	r = admin.post(theirs, theirs+"/manager", url.Values{"manager": {userID(t, app, "provider-finance")}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.text(`[data-testid="error-manager"]`), "客户经理须为") {
		t.Errorf("a finance member as manager: %d %q", r.Status, r.text(`[data-testid="error-manager"]`))
	}
	if r := admin.post(theirs, theirs+"/manager", url.Values{"manager": {""}}); r.Status != http.StatusSeeOther {
		t.Errorf("no manager: %d", r.Status)
	}

	// a sales member: the label of the customers it manages, no manager form, 403 on the others
	sales := app.client(t).login("provider-sales2")
	if r := sales.get(mine); r.count(`[data-testid="label-form"]`) != 0 || r.count(`[data-testid="manager-form"]`) != 0 {
		t.Errorf("a sales member sees forms on a customer it does not manage")
	}
	if r := sales.post(mine, mine+"/label", url.Values{"label": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("a sales member labels another's customer: %d", r.Status)
	}
	own := customerManagedBy(t, app, "provider", "provider-sales2")
	if r := sales.get(own); r.count(`[data-testid="label-form"]`) != 1 || r.count(`[data-testid="manager-form"]`) != 0 {
		t.Errorf("a sales member's own customer: label %d, manager %d", r.count(`[data-testid="label-form"]`), r.count(`[data-testid="manager-form"]`))
	}
	if r := sales.post(own, own+"/label", url.Values{"label": {"我的客户"}}); r.Status != http.StatusSeeOther {
		t.Errorf("a sales member labels its own customer: %d", r.Status)
	}
	if r := sales.post(own, own+"/manager", url.Values{"manager": {userID(t, app, "provider-sales2")}}); r.Status != http.StatusForbidden {
		t.Errorf("a sales member assigns: %d", r.Status)
	}

	// a viewer: no form, 403
	viewer := app.client(t).login("provider-viewer")
	if r := viewer.get(own); r.count(`[data-testid="customer-manage"]`) != 0 {
		t.Errorf("a viewer sees the forms")
	}
	if r := viewer.post(own, own+"/label", url.Values{"label": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("a viewer labels: %d", r.Status)
	}

	// another partner: not found; a master distributor: its reseller's customer is the reseller's
	dist := app.client(t).login("distributor")
	if r := dist.post("/sales/customers", own+"/label", url.Values{"label": {"x"}}); r.Status != http.StatusNotFound {
		t.Errorf("another partner's customer: %d", r.Status)
	}
	resellers := "/sales/customers/" + dbString(t, app, `SELECT c.id FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.account_name = 'reseller' ORDER BY c.id LIMIT 1`)
	r = dist.get(resellers)
	if r.count(`[data-testid="customer-manage"]`) != 0 || r.count(`[data-testid="manage-by-reseller"]`) != 1 {
		t.Errorf("a reseller's customer on its master distributor's page: forms %d, note %d", r.count(`[data-testid="customer-manage"]`), r.count(`[data-testid="manage-by-reseller"]`))
	}
	if r := dist.post(resellers, resellers+"/label", url.Values{"label": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("a master distributor labels its reseller's customer: %d", r.Status)
	}
	// the audit log names what changed, by name
	log := admin.get("/partner/audit?action=customer.")
	if body := log.text(`table`); !strings.Contains(body, "设置客户标签") || !strings.Contains(body, "分配客户经理") ||
		!strings.Contains(body, "客户经理") || !strings.Contains(body, "李强（销售）") || strings.Contains(body, "account_manager_id") {
		t.Errorf("the audit log: %q", firstRunes(body, 300))
	}
	if report, _ := models.Check(t.Context(), app.DB); len(report) > 0 {
		t.Errorf("invariants: %v", report)
	}
}

func TestCreateCustomerForm(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	// the button where the form opens, and nowhere else
	for _, u := range []struct {
		user   string
		button int
		status int
	}{{"provider", 1, 200}, {"provider-sales", 1, 200}, {"provider-viewer", 0, 403}} {
		c := app.client(t).login(u.user)
		if n := c.get("/sales/customers").count(`[data-testid="new-customer"]`); n != u.button {
			t.Errorf("%s sees %d buttons", u.user, n)
		}
		if s := c.get("/sales/customers/new").Status; s != u.status {
			t.Errorf("%s opens the form: %d", u.user, s)
		}
		if u.status == 403 {
			if r := c.post("/sales/customers", "/sales/customers/new", url.Values{"account": {"viewer_made"}, "mode": {"advisory"}}); r.Status != 403 {
				t.Errorf("%s creates: %d", u.user, r.Status)
			}
		}
	}
	admin := app.client(t).login("provider")
	// every field wrong is said at once, and what was typed stays (but the password)
	bad := url.Values{"account": {"a b"}, "mobile": {"12"}, "password": {"short"}, "mode": {"advisory"}, "label": {"好标签"}}
	r := admin.post("/sales/customers/new", "/sales/customers/new", bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad form: %d", r.Status)
	}
	for _, f := range []string{"account", "mobile", "password"} {
		if r.count(`[data-testid="error-`+f+`"]`) != 1 {
			t.Errorf("no error on %s", f)
		}
	}
	form := r.Doc.Find(`[data-testid="customer-new-form"]`)
	if v, _ := form.Find(`input[name="account"]`).Attr("value"); v != "a b" {
		t.Errorf("account kept as %q", v)
	}
	if v, _ := form.Find(`input[name="label"]`).Attr("value"); v != "好标签" {
		t.Errorf("label kept as %q", v)
	}
	if v, _ := form.Find(`input[name="password"]`).Attr("value"); v != "" {
		t.Errorf("the password was sent back")
	}
	if v, _ := form.Find(`select[name="mode"] option[selected]`).Attr("value"); v != "advisory" {
		t.Errorf("mode kept as %q", v)
	}
	// a good one leads to the new customer's page, with its label and manager by name
	good := url.Values{"account": {"console_made_1"}, "mobile": {"13912340000"}, "mode": {"consignment"}, "label": {"控制台新建"},
		"manager": {userID(t, app, "provider-sales2")}}
	r = admin.post("/sales/customers/new", "/sales/customers/new", good)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/sales/customers/") {
		t.Fatalf("create: %d %q %s", r.Status, r.Location, r.text(".field-error"))
	}
	page := admin.get(r.Location)
	if page.text(`[data-testid="customer-name"]`) != "console_made_1" || !strings.Contains(page.text(`[data-testid="association"]`), "周敏（销售）") ||
		!strings.Contains(page.text(`[data-testid="association"]`), "控制台新建") {
		t.Errorf("the new customer's page: %q", page.text(`[data-testid="association"]`))
	}
	list := admin.get("/sales/customers?label=" + url.QueryEscape("控制台新建"))
	if list.text(`[data-testid="total"]`) != "1" || !strings.Contains(list.text(`[data-testid="customer-row"]`), "console_made_1") {
		t.Errorf("the list by label: %q %q", list.text(`[data-testid="total"]`), list.text(`[data-testid="customer-row"]`))
	}
	// the same name again is refused on its field
	good.Set("label", "")
	if r := admin.post("/sales/customers/new", "/sales/customers/new", good); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.text(`[data-testid="error-account"]`), "已被使用") {
		t.Errorf("a name taken: %d %q", r.Status, r.text(`[data-testid="error-account"]`))
	}
	// a sales member picks no manager: it is the manager itself
	sales := app.client(t).login("provider-sales")
	if r := sales.get("/sales/customers/new"); r.count(`[data-testid="manager-self"]`) != 1 || r.count(`select[name="manager"]`) != 0 {
		t.Errorf("a sales member's form offers managers")
	}
	r = sales.post("/sales/customers/new", "/sales/customers/new", url.Values{"account": {"console_made_2"}, "mode": {"advisory"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("a sales member creates: %d", r.Status)
	}
	if got := dbString(t, app, "SELECT u.username FROM customers c JOIN users u ON u.id = c.account_manager_id WHERE c.account_name = 'console_made_2'"); got != "provider-sales" {
		t.Errorf("managed by %q", got)
	}
	// a master distributor without the expansion permission creates for its resellers only
	dist := app.client(t).login("distributor")
	r = dist.get("/sales/customers/new")
	if r.count(`select[name="reseller"] option[value=""]`) != 0 || r.count(`select[name="reseller"] option`) == 0 {
		t.Errorf("the distributor's choice of reseller: %q", r.text(`select[name="reseller"]`))
	}
	reseller := dbString(t, app, "SELECT id FROM partners WHERE account_name = 'reseller'")
	r = dist.post("/sales/customers/new", "/sales/customers/new", url.Values{"account": {"console_made_3"}, "mode": {"advisory"}, "reseller": {reseller}, "label": {"x"}})
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-label"]`) != 1 {
		t.Errorf("a label on a reseller's customer: %d", r.Status)
	}
	r = dist.post("/sales/customers/new", "/sales/customers/new", url.Values{"account": {"console_made_3"}, "mode": {"advisory"}, "reseller": {reseller}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("for a reseller: %d %s", r.Status, r.text(".notice"))
	}
	if got := dbString(t, app, "SELECT p.account_name FROM customers c JOIN partners p ON p.id = c.partner_id WHERE c.account_name = 'console_made_3'"); got != "reseller" {
		t.Errorf("the customer of %q", got)
	}
	r = dist.post("/sales/customers/new", "/sales/customers/new", url.Values{"account": {"console_made_4"}, "mode": {"advisory"}})
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="notice"]`) == 0 {
		t.Errorf("for itself without permission: %d", r.Status)
	}
	if report, _ := models.Check(t.Context(), app.DB); len(report) > 0 {
		t.Errorf("invariants: %v", report)
	}
}

// pickedIDs are the customer ids of a list page's rows that have a box to tick.
func pickedIDs(r *response) []string {
	var ids []string
	r.Doc.Find(`[data-testid="customer-row"] input[name="id"]`).Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		ids = append(ids, v)
	})
	return ids
}

func TestCustomerBatch(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	salesID, sales2ID := userID(t, app, "provider-sales"), userID(t, app, "provider-sales2")
	list := "/sales/customers?manager=" + salesID
	admin := app.client(t).login("provider")
	r := admin.get(list)
	ids := pickedIDs(r)
	if len(ids) == 0 || len(ids) != r.count(`[data-testid="customer-row"]`) || r.count(`[data-testid="batch-manager"]`) != 1 {
		t.Fatalf("the admin's boxes: %d of %d rows", len(ids), r.count(`[data-testid="customer-row"]`))
	}
	// two ticked get the label; back to the list as it was
	r = admin.post(list, "/sales/customers/batch/label", url.Values{"id": ids[:2], "label": {"批量标签"}, "back": {"manager=" + salesID}})
	if r.Status != http.StatusSeeOther || r.Location != list {
		t.Fatalf("batch label: %d %q", r.Status, r.Location)
	}
	if n := dbValue[int](t, app, "SELECT COUNT(*) FROM customers WHERE label = '批量标签'"); n != 2 {
		t.Errorf("%d labelled", n)
	}
	if f := admin.get(r.Location).text(`[data-testid="flash"]`); !strings.Contains(f, "已为 2 位客户设置标签") {
		t.Errorf("the flash: %q", f)
	}
	// nothing ticked, or a bad label: said on the form, which keeps what was typed and ticked
	r = admin.post(list, "/sales/customers/batch/label", url.Values{"label": {"没勾选"}, "back": {"manager=" + salesID}})
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-batch"]`) != 1 {
		t.Errorf("nothing ticked: %d", r.Status)
	}
	if v, _ := r.Doc.Find(`#f-batch-label`).Attr("value"); v != "没勾选" {
		t.Errorf("the label kept as %q", v)
	}
	r = admin.post(list, "/sales/customers/batch/label", url.Values{"id": ids[:1], "label": {"a\x01"}, "back": {"manager=" + salesID}})
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-batch-label"]`) != 1 ||
		r.count(`input[name="id"][value="`+ids[0]+`"][checked]`) != 1 || r.text(`[data-testid="total"]`) != admin.get(list).text(`[data-testid="total"]`) {
		t.Errorf("a bad label: %d, the box kept %d", r.Status, r.count(`input[name="id"][checked]`))
	}
	// the manager for two
	r = admin.post(list, "/sales/customers/batch/manager", url.Values{"id": ids[:2], "manager": {sales2ID}, "back": {"manager=" + salesID}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("batch manager: %d", r.Status)
	}
	if n := dbValue[int](t, app, "SELECT COUNT(*) FROM customers WHERE id IN (?, ?) AND account_manager_id = ?", ids[0], ids[1], sales2ID); n != 2 {
		t.Errorf("%d assigned", n)
	}

	// a sales member: boxes on its own customers only, no manager; another's refused by name
	sales2 := app.client(t).login("provider-sales2")
	if r := sales2.get(list); r.count(`[data-testid="batch-form"]`) != 0 || r.count(`input[name="id"]`) != 0 {
		t.Errorf("a sales member ticks its colleague's customers")
	}
	own := sales2.get("/sales/customers?manager=" + sales2ID)
	if len(pickedIDs(own)) == 0 || own.count(`[data-testid="batch-manager"]`) != 0 {
		t.Errorf("a sales member's own customers: %d boxes, manager %d", len(pickedIDs(own)), own.count(`[data-testid="batch-manager"]`))
	}
	others := pickedIDs(admin.get(list))
	name := dbString(t, app, "SELECT account_name FROM customers WHERE id = ?", others[0])
	r = sales2.post("/sales/customers", "/sales/customers/batch/label", url.Values{"id": {pickedIDs(own)[0], others[0]}, "label": {"周敏的"}})
	if r.Status != http.StatusSeeOther || r.Location != "/sales/customers" {
		t.Fatalf("a sales member's batch: %d %q", r.Status, r.Location)
	}
	if f := sales2.get(r.Location).Doc.Find(`[data-testid="flash"]`).Text(); !strings.Contains(f, "已为 1 位客户") || !strings.Contains(f, name) {
		t.Errorf("the flashes: %q", f)
	}
	if r := sales2.post("/sales/customers", "/sales/customers/batch/manager", url.Values{"id": {pickedIDs(own)[0]}, "manager": {sales2ID}}); r.Status != http.StatusForbidden {
		t.Errorf("a sales member's batch manager: %d", r.Status)
	}
	viewer := app.client(t).login("provider-viewer")
	if viewer.get("/sales/customers").count(`[data-testid="batch-form"]`) != 0 {
		t.Errorf("a viewer sees the batch form")
	}
	if r := viewer.post("/sales/customers", "/sales/customers/batch/label", url.Values{"id": ids[:1], "label": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("a viewer's batch: %d", r.Status)
	}
	if report, _ := models.Check(t.Context(), app.DB); len(report) > 0 {
		t.Errorf("invariants: %v", report)
	}
}
