package handlers

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAPIServedApart: the partner API's paths reach the API's own Echo (BSS JSON errors, no
// session cookie, the same security headers and request id), everything else the console's.
func TestAPIServedApart(t *testing.T) {
	t.Parallel()
	s := New(Deps{Sessions: NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	cases := []struct {
		method, path string
		status       int
		json         bool
	}{
		{http.MethodPost, "/v2/partners/no-such-thing", http.StatusNotFound, true},
		{http.MethodPut, "/v2/partners/sub-customers/query", http.StatusNotFound, true}, // a known path, another method
		{http.MethodGet, "/v3/", http.StatusNotFound, true},
		{http.MethodPost, "/v2/partners/sub-customers/query", http.StatusUnauthorized, true}, // unsigned
		{http.MethodGet, "/openapi.json", http.StatusOK, true},
		{http.MethodGet, "/v2", http.StatusNotFound, false}, // not under /v2/: the console's
		{http.MethodGet, "/openapi.json/", http.StatusNotFound, false},
		{http.MethodPost, "/nope", http.StatusForbidden, false}, // the console's CSRF check
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader("{}"))
		req.Header.Set("X-Request-Id", "probe.1")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		h := rec.Header()
		isJSON := strings.HasPrefix(h.Get("Content-Type"), "application/json")
		if rec.Code != c.status || isJSON != c.json {
			t.Errorf("%s %s: %d %q, want %d (JSON %v)", c.method, c.path, rec.Code, h.Get("Content-Type"), c.status, c.json)
		}
		if cookie := h.Get("Set-Cookie") != ""; cookie == c.json {
			t.Errorf("%s %s: session cookie set %v", c.method, c.path, cookie)
		}
		if h.Get("X-Request-Id") != "probe.1" || h.Get("X-Frame-Options") != "DENY" || h.Get("Content-Security-Policy") == "" {
			t.Errorf("%s %s: headers %v", c.method, c.path, h)
		}
		if c.json && rec.Code == http.StatusNotFound && !strings.Contains(rec.Body.String(), `"error_code":"CBC.0101"`) {
			t.Errorf("%s %s: %s", c.method, c.path, rec.Body)
		}
	}
}
