package handlers

import (
	"net/http"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// The import card links to a template to download: UTF-8 with a byte order mark, the header the
// import expects and a row that imports as it is.
func TestDirectoryTemplateDownload(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	page := op.get(views.PathDirectory)
	if href, _ := page.Doc.Find(`[data-testid="dir-template"]`).Attr("href"); href != views.PathDirectoryTemplate {
		t.Fatalf("the card links to %q", href)
	}
	if n := page.count(`[data-testid="dir-columns"] li`); n != len(models.DirectoryColumns) {
		t.Errorf("the card lists %d columns", n)
	}
	res, err := op.http.Get(app.Srv.URL + views.PathDirectoryTemplate)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	r := op.get(views.PathDirectoryTemplate)
	lines := strings.Split(strings.TrimSuffix(r.Body, "\n"), "\n")
	if r.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || len(lines) != 2 ||
		lines[0] != "\ufeff"+strings.Join(models.DirectoryColumns, ",") {
		t.Fatalf("template: %d %q %q", r.Status, res.Header, r.Body)
	}
	if got := op.upload(r.Body); got.Status != http.StatusOK || got.count(`[data-testid="rejected-row"]`) != 0 ||
		got.text(`[data-testid="import-summary"]`) != views.T(views.ZH, "dir.summary_all", 1) {
		t.Errorf("the template does not import: %d %q", got.Status, got.text(`[data-testid="import-summary"]`))
	}
}

// A row with several bad values shows every one of them under its line; statuses may be in the
// console's words.
func TestDirectoryImportEveryError(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	header := strings.Join(models.DirectoryColumns, ",") + "\n"
	file := header +
		"甲公司,91510100MA6C8XYW1,张三,100,2019/04/01,软件,成都,地址,存续\n" + // 2: a bad code and a bad date
		"乙公司,91510100MA6C8XYW2K,,,2019-04-01,,,,吊销\n" + // 3: imported, revoked
		"丙公司,91510100MA6C8XYW3K,,,2019-04-01,,,,Cancelled\n" + // 4: imported, cancelled
		"丁公司,91510100MA6C8XYW4K,,,2019-04-01,,,,closed\n" // 5: a bad status
	r := op.upload(file)
	if r.Status != http.StatusOK || r.count(`[data-testid="rejected-row"]`) != 2 || r.count(`tr[data-line="2"]`) != 2 {
		t.Fatalf("import: %d, %d rows, %d errors of line 2\n%s", r.Status, r.count(`[data-testid="rejected-row"]`), r.count(`tr[data-line="2"]`), r.text(`[data-testid="import-report"]`))
	}
	if s := r.text(`[data-testid="import-summary"]`); s != views.T(views.ZH, "dir.summary_some", 2, 2) {
		t.Errorf("summary %q", s)
	}
	line2 := r.Doc.Find(`tr[data-line="2"]`)
	for i, want := range []string{"统一社会信用代码", "成立日期"} {
		if got := strings.TrimSpace(line2.Eq(i).Find("td").Eq(1).Text()); !strings.HasPrefix(got, want) {
			t.Errorf("line 2, error %d: column %q, want %s", i, got, want)
		}
		if got := strings.TrimSpace(line2.Eq(i).Find("td").Eq(0).Text()); got != "2" {
			t.Errorf("line 2, error %d: line %q", i, got)
		}
	}
	if why := r.text(`tr[data-line="5"] td.why`); why != views.T(views.ZH, "err.bad_status") {
		t.Errorf("bad status: %q", why)
	}
	for code, want := range map[string]string{"91510100MA6C8XYW2K": models.EnterpriseRevoked, "91510100MA6C8XYW3K": models.EnterpriseCancelled} {
		if got := dbString(t, app, `SELECT status FROM enterprises WHERE credit_code = ?`, code); got != want {
			t.Errorf("%s: status %q, want %q", code, got, want)
		}
	}
	op.get(views.PathDirectory + "?lang=en-US")
	r = op.upload(header + "戊公司,123,,,2019/04/01,,,,\n")
	if got := r.Doc.Find(`tr[data-line="2"] td.why`).Eq(1).Text(); got != views.T(views.EN, "err.bad_date") {
		t.Errorf("in English: %q", got)
	}
}
