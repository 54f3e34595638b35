package handlers

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"partnerhub/store"
)

// TestCompression: a page is sent compressed to a client that accepts gzip; the answer to a write
// is not (it is short, and readying the compressor cost more than it saved).
func TestCompression(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// TestHealthzBesideWriters: /healthz answers 200 while a transaction holds the write gate and
// writers queue behind it; asking for the gate, it waited for them all and answered 503.
func TestHealthzBesideWriters(t *testing.T) {
	t.Parallel()
	db, err := store.Open(filepath.Join(t.TempDir(), "healthz.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	held := db.Begin() // holds the gate until it ends
	if held.Error != nil {
		t.Fatal(held.Error)
	}
	writers := make(chan error, 3)
	for range cap(writers) {
		go func() { writers <- db.Exec("CREATE TABLE IF NOT EXISTS w (v INTEGER)").Error }()
	}
	e := echo.New()
	e.GET("/healthz", healthz(db))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("healthz beside queued writers: %d %q", rec.Code, rec.Body)
	}
	if err := held.Commit().Error; err != nil {
		t.Fatal(err)
	}
	for range cap(writers) {
		if err := <-writers; err != nil {
			t.Errorf("a queued writer: %v", err)
		}
	}
}
