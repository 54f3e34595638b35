package handlers

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCompression: a page is sent compressed to a client that accepts gzip; the answer to a write
// is not (it is short, and readying the compressor cost more than it saved).
func TestCompression(t *testing.T) {
	app := newTestApp(t)
	send := func(method, path string) *http.Response {
		r, _ := http.NewRequest(method, app.Srv.URL+path, strings.NewReader("{}"))
		r.Header.Set("Accept-Encoding", "gzip")
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(r)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := send(http.MethodGet, "/login"); res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("the sign-in page: Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	if res := send(http.MethodPost, "/v2/accounts/partner-accounts/adjust-amount"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("an API write: Content-Encoding %q, want none", res.Header.Get("Content-Encoding"))
	}
}

// TestFlashesBounded: posts that never show a page queue at most maxFlashes messages, so the
// session cookie stays within its size limit and every post after the 26th still succeeds.
func TestFlashesBounded(t *testing.T) {
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	tok := admin.csrf(membersPath)
	for i := range 40 {
		form := url.Values{"_csrf": {tok}, "by": {"email"}, "target": {"bounded" + itoa(i) + "@example.com"}, "roles": {"sales"}}
		if r := admin.do(http.MethodPost, "/partner/members/invitations", form); r.Status != http.StatusSeeOther {
			t.Fatalf("post %d: %d", i, r.Status)
		}
	}
	if n := admin.get(membersPath).Doc.Find(`[data-testid="flash"]`).Length(); n != maxFlashes {
		t.Errorf("%d flashes shown, want the newest %d", n, maxFlashes)
	}
}
