package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCSRFTokenNotFromQuery: the CSRF token counts only from the posted body or the X-CSRF-Token
// header; in the query string (where logs, history and the Referer header would leak it) it is
// refused with 403 and nothing happens.
func TestCSRFTokenNotFromQuery(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	tok := c.csrf(membersPath)
	invites := func() int64 { return dbValue[int64](t, app, `SELECT COUNT(*) FROM member_invitations`) }
	before := invites()
	form := func(target string) url.Values {
		return url.Values{"by": {"email"}, "target": {target}, "roles": {"sales"}}
	}
	path := "/partner/members/invitations"
	if r := c.do(http.MethodPost, path+"?_csrf="+url.QueryEscape(tok), form("in-query@example.com")); r.Status != http.StatusForbidden {
		t.Errorf("token in the query: %d, want 403", r.Status)
	}
	if n := invites(); n != before {
		t.Errorf("the refused post invited %d", n-before)
	}
	body := form("in-body@example.com")
	body.Set("_csrf", tok)
	if r := c.do(http.MethodPost, path, body); r.Status != http.StatusSeeOther {
		t.Errorf("token in the body: %d, want 303", r.Status)
	}
	req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+path, strings.NewReader(form("in-header@example.com").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", tok)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("token in the header: %d, want 303", res.StatusCode)
	}
	if n := invites(); n != before+2 {
		t.Errorf("%d invitations, want 2", n-before)
	}
}
