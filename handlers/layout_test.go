package handlers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestFormErrorLanguageSwitch: after a refused form (re-rendered at the form's address), the
// language switch leads to the page the form is on, which opens; and reloading the form's address
// (a GET) sends there too.
func TestFormErrorLanguageSwitch(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	customer := dbString(t, app, `SELECT id FROM customers WHERE partner_id = ? AND mode = 2 AND frozen = 0 ORDER BY id LIMIT 1`, providerID(t, app))
	reseller := dbString(t, app, `SELECT id FROM partners WHERE account_name = 'reseller'`)
	for _, tc := range []struct {
		user, page, action string
		form               url.Values
	}{
		{"provider", "/sales/customers/" + customer, "/sales/customers/" + customer + "/allocate", url.Values{"amount": {"abc"}}},
		{"distributor", "/business/funds/resellers", "/business/funds/resellers/" + reseller + "/fund", url.Values{"amount": {"abc"}}},
		{"provider", "/partner/members", "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"not an address"}}},
		{"provider", "/business/coupons/issue", "/business/coupons/issue/search", url.Values{"q": {"x"}}},
		{"provider", "/business/coupons/issue", "/business/coupons/issue/preview", url.Values{"face": {"abc"}}},
	} {
		c := app.client(t).login(tc.user)
		r := c.post(tc.page, tc.action, tc.form)
		if r.Status == http.StatusSeeOther || r.Status >= 500 {
			t.Errorf("%s %s: %d, want the form again with its errors", tc.user, tc.action, r.Status)
			continue
		}
		// every link of the refused form's page opens (the pager's too: they build on the page)
		r.Doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			link, _ := a.Attr("href")
			if !consoleLink(link) {
				return
			}
			if st := c.get(link).Status; st == http.StatusForbidden || st == http.StatusNotFound {
				t.Errorf("%s refused: link %s answers %d", tc.action, link, st)
			}
		})
		href, _ := r.Doc.Find(`[data-testid="lang-en"]`).Attr("href")
		if u, _ := url.Parse(href); u == nil || u.Path != tc.page {
			t.Errorf("%s: the switch leads to %q, want %s", tc.action, href, tc.page)
		} else if st := c.get(href).Status; st != http.StatusOK {
			t.Errorf("%s: the switch's %s answers %d", tc.action, href, st)
		}
		if r := c.get(tc.action); r.Status != http.StatusSeeOther || r.Location != tc.page {
			t.Errorf("reload %s: %d %s, want 303 to %s", tc.action, r.Status, r.Location, tc.page)
		}
	}
}

// TestFinancePicksCustomer: a finance member, without the customer list, finds a consignment
// customer to fund on the funds page and opens its money forms.
func TestFinancePicksCustomer(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	name := dbString(t, app, `SELECT account_name FROM customers WHERE partner_id = ? AND mode = 2 ORDER BY id LIMIT 1`, providerID(t, app))
	c := app.client(t).login("provider-finance")
	r := c.get("/business/funds?customer=" + url.QueryEscape(name))
	if r.Status != http.StatusOK || r.count(`[data-testid="pick-row"]`) == 0 {
		t.Fatalf("picker for %q: %d, %d rows", name, r.Status, r.count(`[data-testid="pick-row"]`))
	}
	href, _ := r.Doc.Find(`[data-testid="pick-row"]`).First().Attr("href")
	if d := c.get(href); d.Status != http.StatusOK || d.count(`[data-testid="allocate-form"]`) != 1 {
		t.Errorf("%s: %d, allocate forms %d", href, d.Status, d.count(`[data-testid="allocate-form"]`))
	}
	if r := c.get("/business/funds?customer=x"); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-customer"]`) == "" {
		t.Errorf("a one-letter search: %d %q", r.Status, r.text(`[data-testid="error-customer"]`))
	}
	advisory := dbString(t, app, `SELECT account_name FROM customers WHERE partner_id = ? AND mode = 1 ORDER BY id LIMIT 1`, providerID(t, app))
	if r := c.get("/business/funds?customer=" + url.QueryEscape(advisory)); strings.Contains(r.text(`[data-testid="pick-results"]`), advisory) {
		t.Errorf("the picker offers advisory customer %s, whom no partner funds", advisory)
	}
}

// TestRouteTablePaths: every named page path is a GET route of the table, and Path fills it.
func TestRouteTablePaths(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ path, want string }{
		{"/sales/customers/301", "/sales/customers/:id"},
		{"/business/coupons/reseller-quotas/records", "/business/coupons/reseller-quotas/records"},
		{"/business/coupons/issued/7?x=1#top", "/business/coupons/issued/:id"},
		{"/partner/audit.csv", "/partner/audit.csv"},
	} {
		if r, ok := table().page(tc.path); !ok || r.path != tc.want {
			t.Errorf("page(%s) = %q %v, want %s", tc.path, r.path, ok, tc.want)
		}
	}
	if _, ok := table().page("/sales/customers/301/allocate"); ok {
		t.Error("a form's address is no page")
	}
	if got := table().formPages["/business/funds/resellers/:id/fund"]; got != "/business/funds/resellers" {
		t.Errorf("reseller funding's page %q", got)
	}
}

// TestNamedPathsAreRoutes: every page path views names (views/paths.go) is a GET route of the
// table, so that a link built from a name cannot lead nowhere.
func TestNamedPathsAreRoutes(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "../views/paths.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		spec, ok := node.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range spec.Names {
			lit, ok := spec.Values[i].(*ast.BasicLit)
			if !ok {
				continue
			}
			path, _ := strconv.Unquote(lit.Value)
			n++
			if name.Name == "PathLogout" { // a form's address: sign-out is a POST
				continue
			}
			if r, ok := table().page(path); !ok || r.path != path {
				t.Errorf("views.%s = %q is no page of the route table", name.Name, path)
			}
		}
		return true
	})
	if n < 40 {
		t.Errorf("only %d named paths read", n)
	}
}

// FuzzRoutePage: any address a link might hold finds at most the one page whose pattern it
// fills, and never panics.
func FuzzRoutePage(f *testing.F) {
	for _, s := range []string{"/", "/sales/customers/301", "/sales/customers//", "/business/coupons/issued/7?x=1#top",
		"//x", "", "?", "/partner/audit.csv", "/ops/partners/:id", "/sales/customers/301/allocate"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		r, ok := table().page(path)
		if !ok {
			return
		}
		bare, _, _ := strings.Cut(path, "?")
		bare, _, _ = strings.Cut(bare, "#")
		if matchSegments(strings.Split(r.path, "/"), strings.Split(bare, "/")) < 0 {
			t.Fatalf("%q matched %q, which it does not fill", path, r.path)
		}
	})
}
