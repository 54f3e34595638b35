package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
	"partnerhub/store"
)

func TestRoleMenus(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cases := []struct {
		user  string
		menus []string
		sales int // status of the customer list
	}{
		// the Bills menu is the finance readers' (admins, finance, viewers)
		{"provider", []string{"nav.home", "nav.sales", "nav.business", "nav.orders", "nav.bills", "nav.support", "nav.partner"}, http.StatusOK},
		// every member sees the Partner menu: its profile; the rest of it is the admins'
		{"provider-sales", []string{"nav.home", "nav.sales", "nav.orders", "nav.support", "nav.partner"}, http.StatusOK},
		// a viewer reads the orders (it has no price inquiry: admins, sales and finance)
		{"provider-viewer", []string{"nav.home", "nav.sales", "nav.business", "nav.orders", "nav.bills", "nav.support", "nav.partner"}, http.StatusOK},
		{"provider-finance", []string{"nav.home", "nav.business", "nav.orders", "nav.bills", "nav.partner"}, http.StatusForbidden},
		{"distributor", []string{"nav.home", "nav.sales", "nav.business", "nav.orders", "nav.bills", "nav.support", "nav.partner"}, http.StatusOK},
		{"reseller", []string{"nav.home", "nav.sales", "nav.business", "nav.orders", "nav.bills", "nav.support", "nav.partner"}, http.StatusOK},
		{"operator", []string{"nav.home", "nav.ops"}, http.StatusForbidden},
		{"customer", []string{"nav.portal", "nav.portal_orders", "nav.resources", "nav.portal_bills", "nav.topup", "nav.tickets", "nav.access_keys"}, http.StatusForbidden},
	}
	for _, tc := range cases {
		c := app.client(t).login(tc.user)
		page := "/"
		if tc.user == "customer" {
			page = "/customer"
		}
		r := c.get(page)
		var got []string
		r.Doc.Find(`.menus a`).Each(func(_ int, s *goquery.Selection) {
			v, _ := s.Attr("data-testid")
			got = append(got, strings.TrimPrefix(v, "nav-"))
		})
		if strings.Join(got, ",") != strings.Join(tc.menus, ",") {
			t.Errorf("%s: menus %v, want %v", tc.user, got, tc.menus)
		}
		r.Doc.Find(`.menus a`).Each(func(_ int, s *goquery.Selection) { // every menu opens
			href, _ := s.Attr("href")
			if st := c.get(href).Status; st != http.StatusOK {
				t.Errorf("%s: menu %s gives %d", tc.user, href, st)
			}
		})
		if s := c.get("/sales/customers").Status; s != tc.sales {
			t.Errorf("%s: customer list status %d, want %d", tc.user, s, tc.sales)
		}
	}
}

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var partners []models.Partner
	app.DB.Order("id").Find(&partners)
	sample := map[uint64][]uint64{} // partner → a few of its customers
	for _, p := range partners {
		var ids []uint64
		app.DB.Model(&models.Customer{}).Where("partner_id = ?", p.ID).Order("id").Limit(3).Pluck("id", &ids)
		sample[p.ID] = ids
	}
	for _, viewer := range partners {
		c := app.client(t).login(viewer.AccountName)
		for _, owner := range partners {
			mayView := owner.ID == viewer.ID || owner.DistributorID != nil && *owner.DistributorID == viewer.ID
			for _, id := range sample[owner.ID] {
				want := http.StatusNotFound
				if mayView {
					want = http.StatusOK
				}
				if s := c.get(fmt.Sprintf("/sales/customers/%d", id)).Status; s != want {
					t.Errorf("%s viewing %s's customer %d: %d, want %d", viewer.AccountName, owner.AccountName, id, s, want)
				}
			}
		}
		// the list never shows another tenant's customer
		r := c.get("/sales/customers?limit=100")
		r.Doc.Find(`[data-testid="customer-row"] a`).Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			id, _ := strconv.ParseUint(strings.TrimPrefix(href, "/sales/customers/"), 10, 64)
			var cust models.Customer
			app.DB.First(&cust, id)
			if cust.TopPartnerID == nil || *cust.PartnerID != viewer.ID && *cust.TopPartnerID != viewer.ID {
				t.Errorf("%s's list shows customer %d of partner %v", viewer.AccountName, id, cust.PartnerID)
			}
		})
	}
}

func TestCustomerListParameters(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	provider := partnerID(t, app, "provider")
	count := func(where string, args ...any) int {
		var n int64
		app.DB.Model(&models.Customer{}).Where("partner_id = ?", provider).Where(where, args...).Count(&n)
		return int(n)
	}
	cases := []struct {
		query   string
		status  int
		total   int
		ignored bool
	}{
		{"", http.StatusOK, count("1 = 1"), false},
		{"mode=consignment", http.StatusOK, count("mode = 2"), false},
		{"mode=advisory", http.StatusOK, count("mode = 1"), false},
		{"verified=-1", http.StatusOK, count("verified_status = -1"), false},
		{"verified=2&mode=advisory", http.StatusOK, count("verified_status = 2 AND mode = 1"), false},
		{"label=" + url.QueryEscape("重点客户"), http.StatusOK, count("label = ?", "重点客户"), false},
		{"from=2026-01-01&to=2026-06-30", http.StatusOK, count("associated_on >= '2025-12-31 16:00:00' AND associated_on < '2026-06-30 16:00:00'"), false},
		{"sort=account_name&limit=20&page=2", http.StatusOK, count("1 = 1"), false},
		{"page=-1", http.StatusOK, count("1 = 1"), true},
		{"page=abc", http.StatusOK, count("1 = 1"), true},
		{"limit=1000", http.StatusOK, count("1 = 1"), true},
		{"mode=evil", http.StatusOK, count("1 = 1"), true},
		{"verified=7", http.StatusOK, count("1 = 1"), true},
		{"from=2026-13-45", http.StatusOK, count("1 = 1"), true},
		{"from=2026-06-01&to=2026-01-01", http.StatusOK, count("1 = 1"), true},
		{"sort=evil", http.StatusOK, count("1 = 1"), true},
		{"reseller=abc", http.StatusOK, count("1 = 1"), true},
		{"reseller=3", http.StatusOK, count("1 = 1"), true}, // not the provider's reseller
		{"manager=-5", http.StatusOK, count("1 = 1"), true},
		{"q=" + strings.Repeat("长", 300), http.StatusUnprocessableEntity, count("1 = 1"), false},
		{"q=a", http.StatusUnprocessableEntity, count("1 = 1"), false},
		{"q=%ff%fe", http.StatusUnprocessableEntity, count("1 = 1"), false},
		{"q=" + url.QueryEscape("<script>alert(1)</script>"), http.StatusOK, 0, false},
	}
	for _, tc := range cases {
		r := c.get("/sales/customers?" + tc.query)
		total, _ := strconv.Atoi(r.text(`[data-testid="total"]`))
		if r.Status != tc.status || total != tc.total {
			t.Errorf("%q: status %d total %d, want %d %d", tc.query, r.Status, total, tc.status, tc.total)
		}
		if got := r.count(`[data-testid="notice"]`) > 0; got != tc.ignored {
			t.Errorf("%q: ignored-notice %v, want %v", tc.query, got, tc.ignored)
		}
		if strings.Contains(r.Body, "<script>alert") {
			t.Errorf("%q: unescaped HTML", tc.query)
		}
		if rows := r.count(`[data-testid="customer-row"]`); rows > 100 || tc.total > 0 && rows == 0 && !strings.Contains(tc.query, "page=") {
			t.Errorf("%q: %d rows", tc.query, rows)
		}
	}
}

func TestCustomerSearch(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	var cust models.Customer
	app.DB.Where("partner_id = ? AND customer_type = 1", partnerID(t, app, "provider")).Order("id").First(&cust)
	name := []rune(cust.RealName)
	for _, q := range []string{string(name[2:5]), cust.AccountName[:4], cust.AccountName} {
		r := c.get("/sales/customers?q=" + url.QueryEscape(q))
		if r.Status != http.StatusOK || !strings.Contains(r.text(`[data-testid="customers"]`), cust.AccountName) {
			t.Errorf("search %q does not find %s (status %d)", q, cust.AccountName, r.Status)
		}
		r.Doc.Find(`[data-testid="customer-row"]`).Each(func(_ int, s *goquery.Selection) {
			if !strings.Contains(strings.ToLower(s.Text()), strings.ToLower(q)) {
				t.Errorf("search %q shows a row without it: %s", q, s.Text())
			}
		})
	}
}

func TestMasterDistributorSeesResellers(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("distributor")
	reseller := partnerID(t, app, "reseller")
	var all, own int64
	app.DB.Model(&models.Customer{}).Where("top_partner_id = ?", partnerID(t, app, "distributor")).Count(&all)
	app.DB.Model(&models.Customer{}).Where("partner_id = ?", reseller).Count(&own)
	if got := c.get("/sales/customers").text(`[data-testid="total"]`); got != strconv.FormatInt(all, 10) {
		t.Errorf("distributor total %s, want %d", got, all)
	}
	r := c.get(fmt.Sprintf("/sales/customers?reseller=%d", reseller))
	if got := r.text(`[data-testid="total"]`); got != strconv.FormatInt(own, 10) || r.count(`[data-testid="notice"]`) != 0 {
		t.Errorf("reseller filter total %s, want %d", got, own)
	}
	if app.client(t).login("reseller").get("/sales/customers").text(`[data-testid="total"]`) != strconv.FormatInt(own, 10) {
		t.Error("the reseller sees more than its own customers")
	}
}

func TestNotFoundPages(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	for _, path := range []string{"/sales/customers/abc", "/sales/customers/-1", "/sales/customers/99999999999999999999",
		"/sales/customers/0", "/sales/expand/enterprises/x", "/sales/expand/enterprises/99999999", "/no/such/page"} {
		r := c.get(path)
		if r.Status != http.StatusNotFound || r.count(`[data-testid="error-page"]`) != 1 {
			t.Errorf("%s: %d", path, r.Status)
		}
		if strings.Contains(r.Body, "goroutine") || strings.Contains(r.Body, ".go:") {
			t.Errorf("%s: a stack trace reached the page", path)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	res, err := http.Get(app.Srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	want := map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
	for k, v := range want {
		if res.Header.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, res.Header.Get(k), v)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	if h := c.get("/sales/customers").text("h1"); h != "客户管理" {
		t.Fatalf("default heading %q", h)
	}
	c.get("/?lang=en-US")
	if h := c.get("/sales/customers").text("h1"); h != "Customer management" {
		t.Fatalf("remembered English heading %q", h)
	}
	c.get("/?lang=zh-CN")
	if h := c.get("/sales/customers").text("h1"); h != "客户管理" {
		t.Fatalf("back to Chinese: %q", h)
	}
	req, _ := http.NewRequest(http.MethodGet, app.Srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	buf := make([]byte, 4096)
	n, _ := res.Body.Read(buf)
	if !strings.Contains(string(buf[:n]), `lang="en-US"`) {
		t.Error("Accept-Language: en does not give English")
	}
}

func partnerID(t testing.TB, app *testApp, account string) uint64 {
	t.Helper()
	var p models.Partner
	if err := app.DB.Where("account_name = ?", account).First(&p).Error; err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func TestServerErrorPage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	store.Close(app.DB)
	r := c.get("/sales/customers")
	if r.Status != http.StatusInternalServerError || r.count(`[data-testid="error-page"]`) != 1 {
		t.Fatalf("status %d", r.Status)
	}
	if strings.Contains(r.Body, "database is closed") || strings.Contains(r.Body, "goroutine") || !strings.Contains(r.Body, "请求 ID") {
		t.Errorf("the 500 page leaks its cause or lacks the request id:\n%s", r.text("main"))
	}
	if h := app.client(t).get("/healthz"); h.Status != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d", h.Status)
	}
}
