package handlers

import (
	"net/http"
	"net/url"
	"testing"

	"partnerhub/views"
)

// The operator adds a region and a zone and corrects a name; a refused code is 422 on its field
// with the form as typed; the price inquiry's catalog sees the new zone at once; a partner cannot
// open the page.
func TestOpsRegions(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	page := views.PathOpsRegions
	if r := op.get(page); r.Status != http.StatusOK || r.count(`[data-testid="region-row"]`) != 4 || r.count(`[data-testid="zone-row"]`) < 3 {
		t.Fatalf("regions page: %d, %d regions", r.Status, r.count(`[data-testid="region-row"]`))
	}
	bad := op.post(page, "/ops/catalog/regions", url.Values{"form": {"region"}, "code": {"CN West"}, "name_zh": {"西部"}, "name_en": {"West"}})
	if bad.Status != http.StatusUnprocessableEntity || bad.count(`[data-testid="error-region-code"]`) != 1 {
		t.Fatalf("a bad code: %d", bad.Status)
	}
	if v, _ := bad.Doc.Find(`#f-region-name_zh`).Attr("value"); v != "西部" {
		t.Errorf("the form as typed: %q", v)
	}
	if r := op.post(page, "/ops/catalog/regions", url.Values{"form": {"region"}, "code": {"cn-west-9"}, "name_zh": {"西部九"}, "name_en": {"CN West 9"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a region: %d", r.Status)
	}
	if r := op.post(page, "/ops/catalog/zones", url.Values{"form": {"zone"}, "region": {"cn-west-9"}, "code": {"cn-north-1x"}, "name_zh": {"一"}, "name_en": {"One"}}); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-zone-code"]`) != 1 {
		t.Errorf("a zone of another region's code: %d", r.Status)
	}
	if r := op.post(page, "/ops/catalog/zones", url.Values{"form": {"zone"}, "region": {"cn-west-9"}, "code": {"cn-west-9a"}, "name_zh": {"可用区1"}, "name_en": {"AZ1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a zone: %d", r.Status)
	}
	id := dbValue[int64](t, app, `SELECT id FROM regions WHERE code = 'cn-west-9'`)
	if r := op.post(page, "/ops/catalog/regions/"+views.ID(uint64(id)), url.Values{"name_zh": {"西部九区"}, "name_en": {""}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a rename without an English name: %d", r.Status)
	}
	if r := op.post(page, "/ops/catalog/regions/"+views.ID(uint64(id)), url.Values{"name_zh": {"西部九区"}, "name_en": {"CN West Nine"}}); r.Status != http.StatusSeeOther {
		t.Errorf("a rename: %d", r.Status)
	}
	if r := op.post(page, "/ops/catalog/regions/999999", url.Values{"name_zh": {"x"}, "name_en": {"x"}}); r.Status != http.StatusNotFound {
		t.Errorf("an unknown region: %d", r.Status)
	}
	if r := op.get(page); r.count(`[data-testid="region-row"]`) != 5 || r.count(`input[value="CN West Nine"]`) != 1 {
		t.Errorf("the page after: %d regions", r.count(`[data-testid="region-row"]`))
	}
	if n := dbValue[int64](t, app, `SELECT count(*) FROM audit_records WHERE action IN ('catalog.region', 'catalog.zone')`); n != 3 {
		t.Errorf("%d audit records", n)
	}
	if r := app.client(t).login("provider").get(page); r.Status == http.StatusOK {
		t.Errorf("a partner opens the regions page")
	}
}
