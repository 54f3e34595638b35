package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"partnerhub/internal/testfixture/demo"
	"partnerhub/models"
)

// The resources' pages: the demo's paid order's resources in the provider's list, by tab and
// filter, a resource's page with its attached disk; nobody else's resource is found.
func TestResourcePages(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var main models.Resource
	// a resource of the provider's second customer: the demo customer's own are its monthly orders' (seed_bills.go)
	if err := app.DB.Where("parent_id IS NULL AND status = ? AND customer_id <> (SELECT id FROM customers WHERE account_name = 'demo-customer')", models.ResourceInUse).
		Order("id").First(&main).Error; err != nil {
		t.Fatal("the demo world has no resource in use:", err)
	}
	viewer := app.client(t).login("provider-viewer")
	r := viewer.get("/orders/resources")
	if r.Status != http.StatusOK || r.count(`[data-testid="resource-row"]`) == 0 {
		t.Fatalf("the list: %d, %d rows", r.Status, r.count(`[data-testid="resource-row"]`))
	}
	if strings.Contains(r.text(`[data-testid="resources"] tbody`), "hws.service.type") {
		t.Error("the list shows a service's code instead of its name")
	}
	var closed int64 // the demo world's closed resources (seed_resources.go)
	app.DB.Model(&models.Resource{}).Where("parent_id IS NULL AND status = ? AND partner_id = ?", models.ResourceClosed, main.PartnerID).Count(&closed)
	if r := viewer.get("/orders/resources?status=3"); int64(r.count(`[data-testid="resource-row"]`)) != closed || closed == 0 {
		t.Errorf("the closed tab lists %d resources, want the %d closed", r.count(`[data-testid="resource-row"]`), closed)
	}
	if r := viewer.get("/orders/resources?status=9&service=nope"); r.count(`[data-testid="resource-row"]`) == 0 ||
		!strings.Contains(r.text(`.notice`), "状态") {
		t.Errorf("ignored filters: rows %d, notice %q", r.count(`[data-testid="resource-row"]`), r.text(`.notice`))
	}
	q := url.Values{"customer": {fmt.Sprint(main.CustomerID)}, "service": {main.ServiceType}, "region": {main.Region}}
	if r := viewer.get("/orders/resources?" + q.Encode()); r.count(`[data-testid="resource-row"]`) == 0 || r.count(`[data-testid="customer-filter"]`) != 1 {
		t.Error("filtering by the resource's customer, service and region finds nothing")
	}
	if r := viewer.get(fmt.Sprintf("/sales/customers/%d", main.CustomerID)); r.count(`[data-testid="customer-resources"]`) != 1 {
		t.Error("the customer's page has no link to its resources")
	}
	page := fmt.Sprintf("/orders/resources/%d", main.ID)
	d := viewer.get(page)
	if d.Status != http.StatusOK || !strings.Contains(d.Body, main.PublicID) || d.text(`[data-testid="resource-status"]`) == "" {
		t.Fatalf("the resource's page: %d", d.Status)
	}
	var attached int64
	app.DB.Model(&models.Resource{}).Where("parent_id = ?", main.ID).Count(&attached)
	if got := d.count(`[data-testid="attached-row"]`); int64(got) != attached {
		t.Errorf("attached resources: %d shown, %d stored", got, attached)
	}
	for _, user := range []string{"reseller", "customer"} {
		path := page
		if user == "customer" {
			path = fmt.Sprintf("/customer/resources/%d", main.ID)
		}
		if r := app.client(t).login(user).get(path); r.Status != http.StatusNotFound {
			t.Errorf("%s opening another's resource: %d", user, r.Status)
		}
	}
	own := dbValue[int64](t, app, "SELECT COUNT(*) FROM resources WHERE parent_id IS NULL AND customer_id = (SELECT id FROM customers WHERE account_name = 'demo-customer')")
	if r := app.client(t).login("customer").get("/customer/resources?limit=100"); r.Status != http.StatusOK || int64(r.count(`[data-testid="resource-row"]`)) != own {
		t.Errorf("the demo customer's resources: %d, %d rows", r.Status, r.count(`[data-testid="resource-row"]`))
	}
}

// The list's query: what it cannot use is ignored and named, the rest filters.
func TestParseResourceQuery(t *testing.T) {
	cat := testCatalog(t)
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		query   string
		ignored string
		check   func(models.ResourceFilter) bool
	}{
		{"", "", func(f models.ResourceFilter) bool {
			return reflect.DeepEqual(f, models.ResourceFilter{Limit: models.DefaultLimit})
		}},
		{"status=5", "", func(f models.ResourceFilter) bool { return f.Status == models.ResourceExpired }},
		{"status=1", "status", func(f models.ResourceFilter) bool { return f.Status == 0 }},
		{"service=hws.service.type.ebs&region=cn-north-1", "", func(f models.ResourceFilter) bool {
			return f.ServiceType == "hws.service.type.ebs" && f.Region == "cn-north-1"
		}},
		{"service=x&region=mars", "service,region", func(f models.ResourceFilter) bool { return f.ServiceType == "" && f.Region == "" }},
		{"customer=07&page=0", "customer,page", func(f models.ResourceFilter) bool { return f.CustomerID == 0 && f.Offset == 0 }},
		{"customer=12&page=3", "", func(f models.ResourceFilter) bool { return f.CustomerID == 12 && f.Offset == 20 }},
		{"expiring=30", "", func(f models.ResourceFilter) bool {
			return f.SoonestFirst && f.Expire.From.Equal(now) && f.Expire.To.Equal(now.AddDate(0, 0, 30))
		}},
		{"expiring=31", "expiring", func(f models.ResourceFilter) bool { return !f.SoonestFirst && f.Expire.To.IsZero() }},
	} {
		v, _ := url.ParseQuery(tc.query)
		q := parseResourceQuery(v, cat, now)
		if strings.Join(q.Ignored, ",") != tc.ignored || !tc.check(q.Filter) {
			t.Errorf("%q: ignored %v, filter %+v", tc.query, q.Ignored, q.Filter)
		}
	}
}

func FuzzParseResourceQuery(f *testing.F) {
	cat := testCatalog(f)
	for _, s := range []string{"", "status=2&service=hws.service.type.ebs", "expiring=7&page=2", "customer=1&region=cn-north-1", "status=%ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		q := parseResourceQuery(v, cat, time.Now())
		if q.Filter.Offset < 0 || q.Filter.Limit != models.DefaultLimit || q.Page < 1 {
			t.Fatalf("%q: %+v", query, q)
		}
		if q.Filter.ServiceType != "" && cat.ServiceType(q.Filter.ServiceType) == nil {
			t.Fatalf("%q: an unknown service kept", query)
		}
	})
}

// testCatalog is the demo world's catalog.
func testCatalog(t testing.TB) *models.Catalog {
	t.Helper()
	cat, err := models.LoadCatalog(context.Background(), demo.Copy(t, "catalog.db", testNow))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
