//go:build slow

package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerhub/seed"
)

// A whole price list of 100,000 rows goes through the page: its file is past the console's 1 MB,
// the preview page carries a token rather than the file, and applying it sends no file again.
func TestOpsCatalogImportWholeList(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	if err := seed.PriceHistory(context.Background(), app.DB, 100000, 1, testNow); err != nil {
		t.Fatal(err)
	}
	op := app.client(t).login("operator")
	res := op.get("/ops/catalog/export.csv")
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(res.Body, "\ufeff")), "\n")
	n := 0
	for i, l := range lines {
		if strings.Contains(l, ",bench") {
			lines[i] = l[:strings.LastIndexByte(l, ',')+1] + "123.45678901"
			n++
		}
	}
	file := strings.Join(lines, "\n")
	if n < 100000 || len(file) < 2<<20 {
		t.Fatalf("the list has %d generated rows, %d bytes", n, len(file))
	}
	fields := map[string]string{"reason": "the whole list"}
	r := uploadPrices(t, op, pathPricePreview, file, fields)
	if r.Status != http.StatusOK || r.count(`[data-testid="change-row"]`) != 500 || r.count(`[data-testid="more-rows"]`) != 1 {
		t.Fatalf("preview: %d, %d change rows shown", r.Status, r.count(`[data-testid="change-row"]`))
	}
	if len(r.Body) > 1<<20 {
		t.Errorf("the preview page is %d bytes", len(r.Body))
	}
	form := url.Values{}
	for _, name := range []string{"_csrf", "stash", "effective_at", "reason"} {
		v, _ := r.Doc.Find(`[data-testid="apply-form"] [name="` + name + `"]`).Attr("value")
		form.Set(name, v)
	}
	versions := dbValue[int64](t, app, `SELECT count(*) FROM price_versions`)
	if res := op.do(http.MethodPost, pathPriceImport, form); res.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.Status)
	}
	if got := dbValue[int64](t, app, `SELECT count(*) FROM prices WHERE version_id = (SELECT max(id) FROM price_versions)`); dbValue[int64](t, app, `SELECT count(*) FROM price_versions`) != versions+1 || got != int64(n) {
		t.Errorf("the new version has %d prices, want %d", got, n)
	}
	if res := op.do(http.MethodPost, pathPriceImport, form); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("the same token again: %d", res.Status)
	}
}
