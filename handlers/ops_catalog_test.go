package handlers

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// The operator changes a price with a reason: a version from its effective time. The price
// inquiry keeps the old price until then and follows from it.
func TestOpsCatalogSetPrice(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	r := op.get("/ops/catalog?lang=en-US&q=GPSSD&region=cn-north-1&mode=month")
	if r.Status != http.StatusOK || r.count(`[data-testid="price-row"]`) != 1 || r.text(`[data-testid="row-price"]`) != "¥0.50" {
		t.Fatalf("search: %d, %d rows, %q", r.Status, r.count(`[data-testid="price-row"]`), r.text(`[data-testid="row-price"]`))
	}
	edit, _ := r.Doc.Find(`[data-testid="edit-price"]`).Attr("href")
	page := edit
	r = op.get(page)
	action, _ := r.Doc.Find(`[data-testid="price-form"]`).Attr("action")
	if r.count(`[data-testid="history-row"]`) == 0 || action == "" {
		t.Fatalf("edit %s: no history or form", page)
	}
	later := time.Now().In(models.BusinessZone).Add(2 * time.Hour).Format("2006-01-02T15:04")
	for _, tc := range []struct{ price, at, reason, field string }{
		{"0.123456789", "", "r", "unit_price"},
		{"-1", "", "r", "unit_price"},
		{"abc", "", "r", "unit_price"},
		{"0.60", "2020-01-01T00:00", "r", "effective_at"},
		{"0.60", "soon", "r", "effective_at"},
		{"0.60", "", "", "reason"},
		{"0.50", "", "same", "unit_price"},
	} {
		r := op.post(page, action, url.Values{"unit_price": {tc.price}, "effective_at": {tc.at}, "reason": {tc.reason}})
		if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-`+tc.field+`"]`) == "" {
			t.Errorf("%+v: %d", tc, r.Status)
		} else if v, _ := r.Doc.Find(`#f-unit_price`).Attr("value"); v != tc.price {
			t.Errorf("%+v: price shown as %q", tc, v)
		}
	}
	provider := app.client(t).login("provider")
	if r := op.post(page, action, url.Values{"unit_price": {"0.70"}, "effective_at": {later}, "reason": {"next price"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("a later price: %d", r.Status)
	}
	if got := provider.get("/orders/price-inquiry").text(`[data-testid="official"]`); got != "¥75.00" {
		t.Errorf("before the later price: %q", got)
	}
	if r := op.post(page, action, url.Values{"unit_price": {"0.60"}, "reason": {"price rise"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("a price now: %d", r.Status)
	}
	if got := provider.get("/orders/price-inquiry").text(`[data-testid="official"]`); got != "¥90.00" { // 0.60 × 30 × 5
		t.Errorf("after the new price: %q", got)
	}
	if n := dbValue[int64](t, app, `SELECT count(*) FROM audit_records WHERE action = 'price.set'`); n != 2 {
		t.Errorf("%d price.set audit records", n)
	}
}

// Export, preview, import: a refused row is shown with its line and column and blocks the
// import; a good file's changes are shown before they apply, as one version.
func TestOpsCatalogImport(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	res := op.get("/ops/catalog/export.csv")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, strings.Join(models.PriceColumns, ",")) {
		t.Fatalf("export: %d", res.Status)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(res.Body, "\ufeff")), "\n")
	var changed []string
	for i, l := range lines {
		if strings.HasPrefix(l, "cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,") {
			lines[i] = "cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.55"
			changed = append(changed, lines[i])
		}
	}
	if len(changed) != 1 {
		t.Fatalf("the export has %d GPSSD month rows in cn-north-1", len(changed))
	}
	bad := append(append([]string{}, lines...), "cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,year,1.123456789")
	fields := map[string]string{"effective_at": "", "reason": "list of December"}
	r := uploadPrices(t, op, "/ops/catalog/import/preview", strings.Join(bad, "\n"), fields)
	if r.Status != http.StatusOK || r.count(`[data-testid="rejected-row"]`) != 1 || r.count(`[data-testid="apply"]`) != 0 {
		t.Fatalf("bad file: %d, %d refused", r.Status, r.count(`[data-testid="rejected-row"]`))
	}
	if got := r.Doc.Find(`[data-testid="rejected-row"] td`).First().Text(); got != strconv.Itoa(len(bad)) {
		t.Errorf("refused line %q, want %d", got, len(bad))
	}
	if got := r.Doc.Find(`[data-testid="rejected-column"] code`).Text(); got != "unit_price" {
		t.Errorf("refused column %q", got)
	}
	versions := dbValue[int64](t, app, `SELECT count(*) FROM price_versions`)
	r = uploadPrices(t, op, "/ops/catalog/import/preview", strings.Join(lines, "\n"), fields)
	if r.Status != http.StatusOK || r.count(`[data-testid="change-row"]`) != 1 {
		t.Fatalf("good file: %d, %d changes", r.Status, r.count(`[data-testid="change-row"]`))
	}
	if dbValue[int64](t, app, `SELECT count(*) FROM price_versions`) != versions {
		t.Fatal("the preview changed the price list")
	}
	if got := r.text(`[data-testid="change-row"]`); !strings.Contains(got, "通用型SSD") || !strings.Contains(got, "¥0.50") || !strings.Contains(got, "¥0.55") {
		t.Errorf("the change shown: %q", got)
	}
	form := url.Values{}
	r.Doc.Find(`[data-testid="apply-form"] [name]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v, ok := s.Attr("value")
		if !ok {
			v = s.Text()
		}
		form.Set(name, v)
	})
	if res := op.do(http.MethodPost, "/ops/catalog/import", form); res.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.Status)
	}
	if dbValue[int64](t, app, `SELECT count(*) FROM price_versions`) != versions+1 {
		t.Error("no new version")
	}
	if got := app.client(t).login("provider").get("/orders/price-inquiry").text(`[data-testid="official"]`); got != "¥82.50" {
		t.Errorf("the inquiry after the import: %q", got)
	}
	if r := uploadPrices(t, op, "/ops/catalog/import/preview", "a,b\n1,2\n", fields); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="form-error"]`) != 1 {
		t.Errorf("not a price list: %d", r.Status)
	}
}

// uploadPrices posts a price-list file with the form's fields.
func uploadPrices(t *testing.T, c *client, path, content string, fields map[string]string) *response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf("/ops/catalog"))
	for k, v := range fields {
		w.WriteField(k, v)
	}
	f, _ := w.CreateFormFile("file", "prices.csv")
	io.WriteString(f, content)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.Srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Body: string(b)}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	return r
}
