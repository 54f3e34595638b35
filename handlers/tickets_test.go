package handlers

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

var testPNG = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

type testFile struct{ name, data string }

// postFiles submits a multipart form with files, with the CSRF token of page.
func (c *client) postFiles(page, path string, form url.Values, files []testFile) *response {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", c.csrf(page))
	for k, vs := range form {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile("file", f.name)
		io.WriteString(fw, f.data)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.Srv.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Location: res.Header.Get("Location"), Body: string(b)}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	return r
}

func ticketForm() url.Values {
	return url.Values{"category": {"ecs"}, "problem_type": {"fault"}, "region": {"cn-north-4"}, "severity": {"2"},
		"title": {"ECS 无法启动"}, "description": {"Since 10:00 the instance stays in starting."}, "email": {"ops@example.com"}}
}

// createTicket opens a ticket as the client's customer and returns its id.
func createTicket(t *testing.T, c *client, files ...testFile) uint64 {
	t.Helper()
	r := c.postFiles("/customer/tickets/new", "/customer/tickets", ticketForm(), files)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Doc.Find(".field-error, .notice").Text())
	}
	id, ok := parseID(strings.TrimPrefix(r.Location, "/customer/tickets/"))
	if !ok {
		t.Fatalf("location %q", r.Location)
	}
	return id
}

// The demo's path: the customer opens a ticket with a file, its partner sees it, the operator
// answers, the customer confirms and rates.
func TestTicketPagesFlow(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := app.client(t).login("customer")
	id := createTicket(t, cust, testFile{"screen.png", testPNG})
	path := fmt.Sprintf("/customer/tickets/%d", id)
	page := cust.get(path)
	if page.Status != http.StatusOK || page.count(`[data-testid="attachment"]`) != 1 || page.count(`[data-testid="action-cancel"]`) != 1 {
		t.Fatalf("detail: %d, %d files", page.Status, page.count(`[data-testid="attachment"]`))
	}
	prov := app.client(t).login("provider")
	if r := prov.get("/support/tickets"); r.count(fmt.Sprintf(`[data-testid="ticket-row"][data-id="%d"]`, id)) != 1 {
		t.Fatalf("provider's list lacks the ticket: %d", r.Status)
	}
	op := app.client(t).login("operator")
	desk := fmt.Sprintf("/ops/tickets/%d", id)
	if r := op.get("/ops/tickets?status=pending"); r.count(fmt.Sprintf(`[data-testid="ticket-row"][data-id="%d"]`, id)) != 1 {
		t.Fatal("the desk's queue lacks the ticket")
	}
	for _, step := range []struct {
		c          *client
		page, path string
		form       url.Values
	}{
		{op, desk, desk + "/accept", nil},
		{op, desk, desk + "/messages", url.Values{"content": {"Please restart."}, "as": {"resolve"}}},
		{cust, path, path + "/confirm", nil},
		{cust, path, path + "/rate", url.Values{"speed": {"5"}, "quality": {"4"}, "attitude": {"5"}, "comment": {"<b>谢谢</b>"}}},
	} {
		if r := step.c.post(step.page, step.path, step.form); r.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step.path, r.Status, r.text(".notice, .field-error"))
		}
	}
	if got := dbString(t, app, "SELECT status FROM tickets WHERE id = ?", id); got != models.TicketClosed {
		t.Errorf("status %s", got)
	}
	done := cust.get(path)
	if done.count(`[data-testid="rating"]`) != 1 || !strings.Contains(done.Body, "&lt;b&gt;谢谢&lt;/b&gt;") {
		t.Error("the rating is not shown, or not as text")
	}
}

// The bad input, each refused with the reason and nothing stored half.
func TestTicketFormRefusals(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := app.client(t).login("customer")
	tickets := dbValue[int64](t, app, "SELECT COUNT(*) FROM tickets")
	script := "<script>alert(1)</script>"
	cases := []struct {
		name  string
		edit  func(url.Values)
		files []testFile
		field string
	}{
		{"empty title", func(f url.Values) { f.Set("title", " ") }, nil, "title"},
		{"long title", func(f url.Values) { f.Set("title", strings.Repeat("a", 101)) }, nil, "title"},
		{"empty description", func(f url.Values) { f.Set("description", "") }, nil, "description"},
		{"exe renamed png", nil, []testFile{{"evil.png", "MZ\x90\x00\x03\x00"}}, "file"},
		{"html renamed txt", nil, []testFile{{"x.txt", "<html><body>" + script}}, "file"},
		{"six files", nil, []testFile{{"1.txt", "a"}, {"2.txt", "a"}, {"3.txt", "a"}, {"4.txt", "a"}, {"5.txt", "a"}, {"6.txt", "a"}}, "file"},
		{"6 MB", nil, []testFile{{"big.log", strings.Repeat("a", 6<<20)}}, "file"},
		{"zip bomb", nil, []testFile{{"bomb.zip", "PK\x03\x04" + strings.Repeat("\x00", 5<<20)}}, "file"},
		{"severity above level", func(f url.Values) { f.Set("severity", "4") }, nil, "severity"},
		{"seven ccs", func(f url.Values) { f.Set("cc", "a@x.cn,b@x.cn,c@x.cn,d@x.cn,e@x.cn,f@x.cn,g@x.cn") }, nil, "cc"},
	}
	for _, c := range cases {
		form := ticketForm()
		form.Set("title", script)
		if c.edit != nil {
			c.edit(form)
		}
		r := cust.postFiles("/customer/tickets/new", "/customer/tickets", form, c.files)
		if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-`+c.field+`"]`) != 1 {
			t.Errorf("%s: %d, errors %q", c.name, r.Status, r.Doc.Find(".field-error").Text())
			continue
		}
		if strings.Contains(r.Body, script) {
			t.Errorf("%s: the script is echoed as markup", c.name)
		}
		if v, _ := r.Doc.Find("#f-description").Html(); c.field != "description" && !strings.Contains(v, "instance stays") {
			t.Errorf("%s: the description was lost", c.name)
		}
	}
	if n := dbValue[int64](t, app, "SELECT COUNT(*) FROM tickets"); n != tickets {
		t.Errorf("%d tickets stored", n-tickets)
	}
	if n := dbValue[int64](t, app, "SELECT COUNT(*) FROM ticket_attachments"); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
}

// Another tenant's ticket and file are not found; refused actions say why with 422.
func TestTicketActionsGuarded(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cust := app.client(t).login("customer")
	id := createTicket(t, cust, testFile{"boot.log", "kernel panic <script>\n"})
	fileID := dbValue[uint64](t, app, "SELECT id FROM ticket_attachments WHERE ticket_id = ?", id)
	path := fmt.Sprintf("/customer/tickets/%d", id)

	res, err := cust.http.Get(app.Srv.URL + fmt.Sprintf("%s/files/%d", path, fileID))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("download: %d %v", res.StatusCode, res.Header)
	}

	other := app.client(t).login("reseller")
	for _, p := range []string{fmt.Sprintf("/support/tickets/%d", id), fmt.Sprintf("/support/tickets/%d/files/%d", id, fileID)} {
		if r := other.get(p); r.Status != http.StatusNotFound {
			t.Errorf("reseller GET %s: %d", p, r.Status)
		}
	}
	if r := other.post("/support/tickets", fmt.Sprintf("/support/tickets/%d/urge", id), nil); r.Status != http.StatusNotFound {
		t.Errorf("reseller urges: %d", r.Status)
	}
	if r := cust.do(http.MethodPost, path+"/urge", url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("urge without CSRF: %d", r.Status)
	}
	steps := []struct {
		c      *client
		action string
		status int
	}{
		{cust, "/rate", http.StatusUnprocessableEntity}, // an open ticket
		{cust, "/urge", http.StatusSeeOther},
		{cust, "/urge", http.StatusUnprocessableEntity}, // twice in an hour
	}
	for _, s := range steps {
		if r := s.c.post(path, path+s.action, url.Values{"speed": {"5"}, "quality": {"5"}, "attitude": {"5"}}); r.Status != s.status {
			t.Errorf("%s: %d, want %d", s.action, r.Status, s.status)
		}
	}
	op := app.client(t).login("operator")
	if r := op.post(fmt.Sprintf("/ops/tickets/%d", id), fmt.Sprintf("/ops/tickets/%d/accept", id), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Status)
	}
	r := cust.post(path, path+"/cancel", nil)
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="notice"]`) == 0 {
		t.Errorf("cancel an accepted ticket: %d", r.Status)
	}
	if got := dbValue[int64](t, app, "SELECT urge_count FROM tickets WHERE id = ?", id); got != 1 {
		t.Errorf("urge_count %d", got)
	}
}

// The lists' tabs and search: by number, by words of the title, and a search text the models
// refuse finds nothing rather than failing.
func TestTicketListSearch(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	prov := app.client(t).login("provider")
	number := dbString(t, app, "SELECT number FROM tickets WHERE partner_id = (SELECT id FROM partners WHERE account_name = 'provider') ORDER BY id LIMIT 1")
	cases := []struct {
		query string
		rows  int
	}{
		{"?q=" + number, 1},
		{"?q=" + url.QueryEscape("RDS 实例"), 1},
		{"?status=cancelled", 1},
		{"?status=nonsense", -1}, // all
		{"?q=%E2%80%AE", 0},      // a bidirectional override: refused text, nothing found
		{"?q=" + url.QueryEscape("100%_"), 0},
	}
	all := prov.get("/support/tickets").count(`[data-testid="ticket-row"]`)
	for _, c := range cases {
		r := prov.get("/support/tickets" + c.query)
		want := c.rows
		if want < 0 {
			want = all
		}
		if r.Status != http.StatusOK || r.count(`[data-testid="ticket-row"]`) != want {
			t.Errorf("%s: %d, %d rows, want %d", c.query, r.Status, r.count(`[data-testid="ticket-row"]`), want)
		}
	}
}
