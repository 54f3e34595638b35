package handlers

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// outOfRange are ids beyond the database's signed 64 bits, from 2^63 to the largest 20 digits.
var outOfRange = []string{"9223372036854775808", "9999999999999999999", "18446744073709551615", "99999999999999999999"}

// TestIDsOutOfRange walks every route with an id in its path, and the query and form parameters
// that carry ids, with ids beyond the database's range: a path id is not found (404), a
// parameter is ignored or refused like any bad one, and nothing is a server error.
func TestIDsOutOfRange(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	users := map[string]*client{}
	for _, u := range []string{"operator", "provider", "distributor", "customer"} {
		users[u] = app.client(t).login(u)
	}
	routes := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Routes()
	n := 0
	for _, r := range routes {
		if !strings.Contains(r.Path, ":id") {
			continue
		}
		var who []string
		switch {
		case strings.HasPrefix(r.Path, "/ops/"):
			who = []string{"operator"}
		case strings.HasPrefix(r.Path, "/customer/"):
			who = []string{"customer"}
		case strings.HasPrefix(r.Path, "/partner/resellers"): // a master distributor's: 403 to others, whatever the id
			who = []string{"distributor"}
		default:
			who = []string{"provider", "distributor"}
		}
		for _, u := range who {
			c := users[u]
			for _, id := range outOfRange {
				path := strings.Replace(r.Path, ":id", id, 1)
				var res *response
				if r.Method == http.MethodPost {
					res = c.do(http.MethodPost, path, url.Values{"_csrf": {c.csrf("/partner/profile?x=" + u)}})
				} else {
					res = c.get(path)
				}
				n++
				if res.Status != http.StatusNotFound {
					t.Errorf("%s %s as %s: %d, want 404", r.Method, path, u, res.Status)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d requests: the route table was not walked", n)
	}
	big := outOfRange[0]
	for _, tc := range []struct{ user, path string }{
		{"provider", "/sales/customers?reseller=" + big + "&manager=" + big},
		{"provider", "/sales/expand/invitations?created=" + big},
		{"provider", "/partner/members?created=" + big},
		{"provider", "/partner/audit?target=" + big},
		{"provider", "/partner/audit.csv?target=" + big},
		{"provider", "/business/funds/adjust-records?customer=" + big},
		{"provider", "/business/coupons/issued?quota=" + big},
		{"provider", "/business/coupons/issue?quota=" + big},
		{"distributor", "/business/funds/adjust-records?reseller=" + big},
		{"distributor", "/business/funds/adjust-records?reseller=" + big + "&format=csv"},
		{"distributor", "/partner/resellers?created=" + big},
		{"distributor", "/business/coupons/reseller-quotas?reseller=" + big + "&parent=" + big},
		{"distributor", "/business/coupons/reseller-quotas/records?reseller=" + big},
		{"operator", "/ops/audit?partner=" + big + "&target=" + big},
		{"operator", "/ops/quotas?partner=" + big},
	} {
		if res := users[tc.user].get(tc.path); res.Status != http.StatusOK {
			t.Errorf("GET %s as %s: %d, want 200 (the id ignored)", tc.path, tc.user, res.Status)
		}
	}
	for _, tc := range []struct {
		user, page, path string
		form             url.Values
	}{
		{"operator", "/ops/deposits", "/ops/deposits", url.Values{"partner": {big}, "amount": {"1"}, "idem": {"ids-out-of-range-1"}}},
		{"operator", "/ops/quotas", "/ops/quotas", url.Values{"partner": {big}, "amount": {"1"}, "from": {"2026-11-23"}, "to": {"2026-12-31"}, "idem": {"ids-out-of-range-2"}}},
		{"provider", "/business/coupons/issue", "/business/coupons/issue/preview", url.Values{"quota": {big}, "face": {"1"}, "names": {"x"}}},
		{"provider", "/business/coupons/issue", "/business/coupons/issue", url.Values{"quota": {big}, "face": {"1"}, "names": {"x"}, "idem": {"ids-out-of-range-3"}}},
		{"distributor", "/business/coupons/reseller-quotas", "/business/coupons/reseller-quotas", url.Values{"quota": {big}, "reseller": {big}, "amount": {"1"}, "idem": {"ids-out-of-range-4"}}},
	} {
		if res := users[tc.user].post(tc.page, tc.path, tc.form); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST %s %v as %s: %d, want 422", tc.path, tc.form, tc.user, res.Status)
		}
	}
}
