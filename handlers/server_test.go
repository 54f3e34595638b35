package handlers

import (
	"io"
	"net/http"
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
