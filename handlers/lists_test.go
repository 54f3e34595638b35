package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Lists: a page past the end is the last page; the pager offers first, last and a page number
// that keeps the filters; ignored filters are named in the user's language; a range whose start
// is after its end says so on every list with dates.
func TestListPaging(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	r := c.get("/sales/customers?mode=consignment&page=9999")
	if r.Status != http.StatusSeeOther {
		t.Fatalf("a page past the end: %d, want 303 to the last page", r.Status)
	}
	last := c.get(r.Location)
	u, _ := url.Parse(r.Location)
	if last.Status != http.StatusOK || u.Query().Get("mode") != "consignment" || last.count(`[data-testid="customer-row"]`) == 0 {
		t.Fatalf("the last page %s: %d, %d rows", r.Location, last.Status, last.count(`[data-testid="customer-row"]`))
	}
	if last.count(`[data-testid="last"]`) != 0 || last.count(`[data-testid="first"]`) != 1 {
		t.Errorf("on the last page: first %d, last %d", last.count(`[data-testid="first"]`), last.count(`[data-testid="last"]`))
	}
	first := c.get("/sales/customers?mode=consignment")
	lastHref, _ := first.Doc.Find(`[data-testid="last"]`).Attr("href")
	if lastHref != r.Location {
		t.Errorf("the first page's last link %q, want %q", lastHref, r.Location)
	}
	form := first.Doc.Find(`[data-testid="pager"] form`)
	if mode, _ := form.Find(`input[name="mode"]`).Attr("value"); mode != "consignment" || form.Find(`input[name="page"]`).Length() != 1 {
		t.Errorf("the page-number form keeps mode %q", mode)
	}
	if r := c.get("/partner/audit?page=99999"); r.Status != http.StatusSeeOther {
		t.Errorf("audit log past the end: %d", r.Status)
	}
}

func TestListNotices(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	r := app.client(t).login("provider").get("/sales/customers?verified=9&sort=up&lang=en-US")
	if got := r.text(`[data-testid="notice"]`); !strings.Contains(got, "real-name status") || !strings.Contains(got, "sort order") || strings.Contains(got, "verified") {
		t.Errorf("ignored filters said as %q", got)
	}
	for _, path := range []string{
		"/sales/customers?from=2026-06-01&to=2026-01-01",
		"/business/funds/adjust-records?from=2026-06-01&to=2026-01-01",
		"/business/funds/statement?from=2026-06-01&to=2026-01-01",
		"/business/coupons/records?from=2026-06-01&to=2026-01-01",
		"/partner/audit?from=2026-06-01&to=2026-01-01",
	} {
		r := c.get(path)
		if got := r.Doc.Find(`[data-testid="notice"]`).Text(); !strings.Contains(got, "开始日期晚于结束日期") {
			t.Errorf("%s: %d, notice %q", path, r.Status, got)
		}
	}
}
