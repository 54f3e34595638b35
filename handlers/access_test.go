package handlers

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"partnerhub/models"
)

// Who may reach a route. Every console route must be in routeAccess: the test walks the real
// route table, so a route added without an entry fails with a message naming it.
type access int

const (
	unlisted access = iota // not in the table: fails the test, and counts as open to no one
	public                 // anyone, visitors included
	operator               // the operator console
	customer               // the customer portal
	member                 // any partner member
	admin                  // partner admins
	master                 // master distributors' admins (a solution provider's admin is refused)
	sales                  // admins, sales and viewers
	business               // admins, finance and viewers
	detail                 // every partner role (the customer detail holds the money forms)
	money                  // admins and finance (the domain refuses sales and viewers)
	seller                 // admins and sales (the domain refuses viewers)
	inquirer               // admins, sales and finance (the price inquiry)
)

var routeAccess = map[string]access{
	"GET /login": public, "POST /login": public, "GET /openapi.json": public, "POST /logout": public, "GET /": public,
	"GET /join/members/:token": public, "POST /join/members/:token": public,
	"GET /join/resellers/:token": public, "POST /join/resellers/:token": public,

	"GET /sales/customers": sales, "GET /sales/customers/:id": detail,
	"GET /sales/customers/new": seller, "POST /sales/customers/new": seller,
	"POST /sales/customers/:id/label": seller, "POST /sales/customers/:id/manager": admin,
	"POST /sales/customers/batch/label": seller, "POST /sales/customers/batch/manager": admin,
	"POST /sales/customers/:id/allocate": money, "POST /sales/customers/:id/reclaim": money,
	"POST /sales/customers/:id/discounts": seller, "POST /sales/customers/:id/discounts/:discount/remove": seller, "POST /sales/customers/:id/discounts/:discount/remove/confirm": seller,
	"POST /sales/customers/:id/mode": sales, "POST /sales/customers/:id/mode/confirm": sales, "POST /sales/customers/:id/unbind": sales,
	"POST /sales/customers/:id/authorizations":   sales,
	"POST /sales/customers/:id/allocate/confirm": money, "POST /sales/customers/:id/reclaim/confirm": money,
	"POST /sales/customers/:id/allocate/edit": money, "POST /sales/customers/:id/reclaim/edit": money,
	"POST /sales/customers/:id/unbind/confirm": sales,
	"GET /sales/expand":                        sales, "GET /sales/expand/enterprises/:id": sales,
	"POST /sales/expand/enterprises/:id/invitations": sales, "GET /sales/expand/invitations": sales,
	"POST /sales/expand/invitations/:id/resend": seller,

	"GET /bills": business, "GET /bills/export.csv": business, "GET /bills/:id": business,
	"GET /bills/:id/records.csv": business, "GET /bills/:id/statement": business,
	"POST /bills/:id/settle": money, "POST /bills/:id/unsettle": money,

	"GET /business/funds": business, "GET /business/funds/adjust-records": business,
	"GET /business/funds/statement": business, "GET /business/funds/resellers": business,
	"POST /business/funds/resellers/:id/fund": money, "POST /business/funds/resellers/:id/reclaim": money,

	"GET /business/coupons": business, "GET /business/coupons/quotas/:id": business,
	"GET /business/coupons/issued": business, "GET /business/coupons/issued/:id": business,
	"GET /business/coupons/records": business, "GET /business/coupons/reseller-quotas": business,
	"GET /business/coupons/reseller-quotas/records": business,
	"GET /business/coupons/issue":                   money, "POST /business/coupons/issue/search": money,
	"POST /business/coupons/issue/preview": money, "POST /business/coupons/issue": money,
	"GET /business/coupons/issues/:id": money, "POST /business/coupons/issued/:id/reclaim": money, "POST /business/coupons/issued/:id/reclaim/confirm": money,
	"POST /business/coupons/reseller-quotas": money, "POST /business/coupons/reseller-quotas/:id/reclaim": money, "POST /business/coupons/reseller-quotas/:id/reclaim/confirm": money,

	"GET /partner/profile": member, "POST /partner/profile/distribution/:id/accept": admin,
	"POST /partner/profile/password": member, "POST /partner/profile/sessions/:id/end": member, "POST /partner/profile/sessions/:id/end/confirm": member,
	"GET /partner/members": admin, "POST /partner/members/invitations": admin,
	"POST /partner/members/invitations/:id/resend": admin, "POST /partner/members/invitations/:id/revoke": admin,
	"POST /partner/members/invitations/:id/revoke/confirm": admin,
	"POST /partner/members/:id/roles":                      admin, "POST /partner/members/:id/remove": admin, "POST /partner/members/:id/remove/confirm": admin,
	"GET /partner/resellers": master, "POST /partner/resellers/invitations": master, "GET /partner/resellers/:id": master,
	"POST /partner/resellers/invitations/:id/resend": master, "POST /partner/resellers/invitations/:id/revoke": master,
	"POST /partner/resellers/invitations/:id/revoke/confirm": master,
	"GET /partner/audit": admin, "GET /partner/audit.csv": admin,
	"GET /partner/access-keys": admin, "POST /partner/access-keys": admin,
	"POST /partner/access-keys/:id/disable": admin, "POST /partner/access-keys/:id/disable/confirm": admin, "POST /partner/access-keys/:id/enable": admin,
	"POST /partner/access-keys/:id/delete": admin, "GET /partner/api": admin,
	"POST /partner/access-keys/:id/delete/confirm": admin,
	"GET /customer/access-keys":                    customer, "POST /customer/access-keys": customer,
	"POST /customer/access-keys/:id/disable": customer, "POST /customer/access-keys/:id/disable/confirm": customer, "POST /customer/access-keys/:id/enable": customer,
	"POST /customer/access-keys/:id/delete": customer, "POST /customer/access-keys/:id/delete/confirm": customer,

	"GET /ops": operator, "GET /ops/applications": operator,
	"POST /ops/applications/:id/approve": operator, "POST /ops/applications/:id/reject": operator,
	"GET /ops/partners": operator, "GET /ops/partners/:id": operator,
	"POST /ops/partners/:id/enrol": operator, "POST /ops/partners/:id/paths": operator,
	"POST /ops/partners/:id/distribution": operator, "POST /ops/partners/:id/expand": operator, "POST /ops/partners/:id/expand/confirm": operator,
	"POST /ops/distribution/:id/revoke": operator,
	"GET /ops/verifications":            operator, "POST /ops/verifications/:id/approve": operator,
	"POST /ops/verifications/:id/reject": operator,
	"GET /ops/directory":                 operator, "POST /ops/directory": operator, "GET /ops/directory/template.csv": operator,
	"GET /ops/catalog": operator, "POST /ops/catalog/prices/:key": operator, "GET /ops/catalog/export.csv": operator,
	"POST /ops/catalog/import/preview": operator, "POST /ops/catalog/import": operator,
	"GET /ops/catalog/ceilings": operator, "POST /ops/catalog/ceilings/:partner": operator,
	"GET /ops/catalog/regions": operator, "POST /ops/catalog/regions": operator, "POST /ops/catalog/regions/:id": operator,
	"POST /ops/catalog/zones": operator, "POST /ops/catalog/zones/:id": operator,
	"GET /ops/catalog/products": operator, "GET /ops/catalog/products/:id": operator, "GET /ops/catalog/specs/:id": operator,
	"POST /ops/catalog/products": operator, "POST /ops/catalog/products/:id": operator, "POST /ops/catalog/products/:id/resource-types": operator,
	"POST /ops/catalog/products/:id/resource-types/:rid": operator, "POST /ops/catalog/products/:id/specs": operator, "POST /ops/catalog/specs/:id": operator,
	"GET /ops/discounts": operator, "POST /ops/discounts/:id": operator, "POST /ops/discounts/:id/discounts/:discount/remove": operator, "POST /ops/discounts/:id/discounts/:discount/remove/confirm": operator,
	"GET /ops/audit": operator, "GET /ops/audit.csv": operator,
	"GET /ops/quotas": operator, "POST /ops/quotas": operator, "POST /ops/quotas/:id/freeze": operator, "POST /ops/quotas/:id/freeze/confirm": operator,
	"POST /ops/quotas/:id/unfreeze": operator, "POST /ops/quotas/:id/invalidate": operator, "POST /ops/quotas/:id/invalidate/confirm": operator,
	"GET /ops/deposits": operator, "POST /ops/deposits": operator, "POST /ops/deposits/:id/reverse": operator, "POST /ops/deposits/:id/reverse/confirm": operator,

	"GET /orders/price-inquiry": inquirer,
	"GET /orders/resources":     detail, "GET /orders/resources/:id": detail,
	"GET /customer/resources": customer, "GET /customer/resources/:id": customer,
	// a resource's actions: admins and sales (the domain wants a live authorization), the customer
	"POST /orders/resources/:id/renew/confirm": seller, "POST /orders/resources/:id/renew": seller,
	"POST /orders/resources/:id/auto-renew": seller, "POST /orders/resources/:id/auto-renew/cancel": seller,
	"POST /orders/resources/:id/unsubscribe/confirm": seller, "POST /orders/resources/:id/unsubscribe": seller,
	"POST /customer/resources/:id/renew/confirm": customer, "POST /customer/resources/:id/renew": customer,
	"POST /customer/resources/:id/auto-renew": customer, "POST /customer/resources/:id/auto-renew/cancel": customer,
	"POST /customer/resources/:id/unsubscribe/confirm": customer, "POST /customer/resources/:id/unsubscribe": customer,
	// order on behalf (admins and sales) and the operator's review desk
	"GET /sales/customers/:id/orders/new": seller, "POST /sales/customers/:id/orders": seller,
	"GET /ops/orders": operator, "POST /ops/orders/settings": operator,
	"GET /ops/bills/adjust": operator, "POST /ops/bills/adjust": operator, "POST /ops/bills/adjust/confirm": operator,
	"POST /ops/orders/:id/approve/confirm": operator, "POST /ops/orders/:id/reject/confirm": operator,
	"POST /ops/orders/:id/approve": operator, "POST /ops/orders/:id/reject": operator,
	"GET /orders": member, "GET /orders/:id": member,
	"POST /orders/:id/pay/confirm": seller, "POST /orders/:id/pay": seller,
	"POST /orders/:id/cancel/confirm": seller, "POST /orders/:id/cancel": seller,
	"GET /customer/orders": customer, "GET /customer/orders/:id": customer,
	"POST /customer/orders/:id/pay/confirm": customer, "POST /customer/orders/:id/pay": customer,
	"POST /customer/orders/:id/cancel/confirm": customer, "POST /customer/orders/:id/cancel": customer,

	"GET /customer": customer, "GET /customer/invitations/:token": customer, "GET /customer/coupons": customer, "GET /customer/bills": customer,
	"POST /customer/invitations/:token/accept": customer, "POST /customer/unbind": customer, "POST /customer/unbind/confirm": customer,
	"POST /customer/authorizations/:id/grant": customer, "POST /customer/authorizations/:id/decline": customer,
	"POST /customer/authorizations/:id/revoke": customer, "POST /customer/authorizations/:id/revoke/confirm": customer,
	"GET /customer/join": customer, "POST /customer/join": customer,
	"POST /customer/password": customer, "POST /customer/sessions/:id/end": customer, "POST /customer/sessions/:id/end/confirm": customer,
	"GET /customer/topup": customer, "POST /customer/topup": customer, "GET /customer/topup/return": customer,
	"GET /gateway/sim/pay": customer, "POST /gateway/sim/pay": customer, "POST /gateway/sim/pay/cancel": customer,
	// server to server: the signature is its credential (a request without one is 400)
	"POST /gateway/callback": public,

	"GET /customer/tickets": customer, "GET /customer/tickets/new": customer, "POST /customer/tickets": customer,
	"GET /customer/tickets/:id": customer, "GET /customer/tickets/:id/files/:file": customer,
	"POST /customer/tickets/:id/messages": customer, "POST /customer/tickets/:id/urge": customer,
	"POST /customer/tickets/:id/cancel": customer, "POST /customer/tickets/:id/cancel/confirm": customer, "POST /customer/tickets/:id/confirm": customer,
	"POST /customer/tickets/:id/reopen": customer, "POST /customer/tickets/:id/close": customer,
	"POST /customer/tickets/:id/rate": customer,
	// a viewer reads its partner's tickets; the models refuse its changes to one (not found here)
	"GET /support/tickets": sales, "GET /support/tickets/new": seller, "POST /support/tickets": seller,
	"GET /support/tickets/:id": sales, "GET /support/tickets/:id/files/:file": sales,
	"POST /support/tickets/:id/messages": sales, "POST /support/tickets/:id/urge": sales,
	"POST /support/tickets/:id/cancel": sales, "POST /support/tickets/:id/cancel/confirm": sales, "POST /support/tickets/:id/confirm": sales,
	"POST /support/tickets/:id/reopen": sales, "POST /support/tickets/:id/close": sales,
	"POST /support/tickets/:id/rate": sales,
	"GET /ops/tickets":               operator, "GET /ops/tickets/:id": operator, "GET /ops/tickets/:id/files/:file": operator,
	"POST /ops/tickets/:id/messages": operator, "POST /ops/tickets/:id/accept": operator,
}

// The signed-in users of the table: one per kind and partner role.
var accessUsers = []struct{ name, username string }{
	{"visitor", ""}, {"operator", "operator"}, {"customer", "customer"},
	{"admin", "provider"}, {"sales", "provider-sales"}, {"finance", "provider-finance"}, {"viewer", "provider-viewer"},
}

// allowed tells whether user may pass the route's access check.
func (a access) allowed(user string) bool {
	in := func(users ...string) bool {
		for _, u := range users {
			if u == user {
				return true
			}
		}
		return false
	}
	switch a {
	case public:
		return true
	case operator:
		return in("operator")
	case customer:
		return in("customer")
	case member, detail:
		return in("admin", "sales", "finance", "viewer")
	case admin:
		return in("admin")
	case master:
		return false // the table's admin is a solution provider's: refused as not a master distributor
	case sales:
		return in("admin", "sales", "viewer")
	case business:
		return in("admin", "finance", "viewer")
	case money:
		return in("admin", "finance")
	case seller:
		return in("admin", "sales")
	case inquirer:
		return in("admin", "sales", "finance")
	}
	return false
}

// consoleRoutes lists the console's routes from the real route table (the API and static files
// have their own tests: they are signed or public).
func consoleRoutes(t *testing.T, app *testApp) []string {
	e := New(Deps{DB: app.DB, Sessions: NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: testSealer(t)})
	seen := map[string]bool{}
	var out []string
	for _, r := range e.Routes() {
		if r.Method != http.MethodGet && r.Method != http.MethodPost || isAPIPath(r.Path) ||
			strings.HasPrefix(r.Path, "/static") || r.Path == "/healthz" || strings.HasSuffix(r.Path, "*") {
			continue
		}
		if _, ok := table().formPages[r.Path]; ok && r.Method == http.MethodGet {
			continue // a form's address sends a GET to the form's page (TestFormAddressGET)
		}
		k := r.Method + " " + r.Path
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

var routeParam = regexp.MustCompile(`:[a-z_]+`)

// TestRouteAccess requests every console route as every kind of user: a user the route is not for
// gets 403 (a visitor is sent to sign in), any other gets past the check.
func TestRouteAccess(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	routes := consoleRoutes(t, app)
	for _, k := range routes {
		if _, ok := routeAccess[k]; !ok {
			t.Errorf("route %q has no entry in routeAccess (handlers/access_test.go): say who may use it", k)
		}
	}
	for k := range routeAccess {
		found := false
		for _, r := range routes {
			found = found || r == k
		}
		if !found {
			t.Errorf("routeAccess lists %q, which is not a route", k)
		}
	}
	for _, u := range accessUsers {
		c, token := accessClient(t, app, u.username)
		for _, k := range routes {
			method, path, _ := strings.Cut(k, " ")
			want := routeAccess[k].allowed(u.name)
			url := routeParam.ReplaceAllStringFunc(path, func(p string) string {
				if p == ":token" {
					return "no-such-token"
				}
				return "999999"
			})
			var r *response
			if method == http.MethodGet {
				r = c.get(url)
			} else {
				r = c.do(method, url, map[string][]string{"_csrf": {token}})
			}
			switch {
			case r.Status >= 500:
				t.Errorf("%s %s: %d", u.name, k, r.Status)
			case u.name == "visitor" && !want:
				if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
					t.Errorf("visitor %s: %d %s, want 303 to /login", k, r.Status, r.Location)
				}
			case !want && r.Status != http.StatusForbidden:
				t.Errorf("%s %s: %d, want 403", u.name, k, r.Status)
			case want && r.Status == http.StatusForbidden:
				t.Errorf("%s %s: 403, want it allowed", u.name, k)
			case !want && !strings.Contains(r.Body, `data-testid="error-page"`) && method == http.MethodGet:
				t.Errorf("%s %s: 403 without the error page", u.name, k)
			}
			if k == "POST /logout" { // signed out, with a new CSRF token: start again
				c, token = accessClient(t, app, u.username)
			}
		}
	}
}

func accessClient(t *testing.T, app *testApp, username string) (*client, string) {
	c := app.client(t)
	page := "/login"
	if username != "" {
		c.login(username)
		page = "/"
		if username == "customer" {
			page = "/customer"
		}
	}
	return c, c.csrf(page)
}

// Master-distributor pages: the distributor's admin reaches them, a solution provider's is refused.
func TestMasterOnlyRoutes(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	d := app.client(t).login("distributor")
	if s := d.get("/partner/resellers").Status; s != http.StatusOK {
		t.Errorf("distributor: %d", s)
	}
	r := app.client(t).login("provider").get("/partner/resellers")
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "仅总经销商") {
		t.Errorf("provider: %d", r.Status)
	}
	_ = models.MasterDistributor
}
