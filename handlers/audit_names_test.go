package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// The audit log names what it shows — the customer, the user, the partner — and says its fields
// and their codes in the reader's language, amounts in yuan.
func TestAuditLogShowsNames(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var c models.Customer
	app.DB.Where("account_name = ?", "demo-customer").First(&c)
	page := fmt.Sprintf("/sales/customers/%d", c.ID)
	admin := app.client(t).login("provider")
	if r := admin.post(page, page+"/mode", url.Values{"mode": {"advisory"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("switch mode: %d", r.Status)
	}
	for lang, want := range map[string][3]string{
		"zh-CN": {"客户 demo-customer", "交易模式:代售", "交易模式:顾问销售"},
		"en-US": {"Customer demo-customer", "Mode:Consignment", "Mode:Advisory"},
	} {
		r := admin.get("/partner/audit?lang=" + lang)
		row := r.Doc.Find(`[data-testid="audit-row"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.TrimSpace(s.Find(`[data-testid="audit-action"]`).Text()) == "association.switch_mode"
		}).First()
		if row.Length() == 0 {
			t.Fatalf("%s: no record of the switch", lang)
		}
		squash := func(sel string) string { return strings.Join(strings.Fields(row.Find(sel).Text()), "") }
		if got := strings.TrimSpace(row.Find(`[data-testid="audit-object"]`).Text()); got != want[0] {
			t.Errorf("%s: object %q, want %q", lang, got, want[0])
		}
		if got := squash(`[data-testid="audit-before"]`); !strings.Contains(got, want[1]) {
			t.Errorf("%s: before %q lacks %q", lang, got, want[1])
		}
		if got := squash(`[data-testid="audit-after"]`); !strings.Contains(got, want[2]) || strings.Contains(got, "verified_status") {
			t.Errorf("%s: after %q lacks %q or shows a raw field name", lang, got, want[2])
		}
	}
}
