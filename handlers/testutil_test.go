package handlers

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/internal/testfixture/demo"
	"partnerhub/models"
)

// testNow is the test clock: the demo world's invitations are placed around it.
var testNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

// testApp is the whole router on a demo database, served by httptest.
type testApp struct {
	DB  *gorm.DB
	Srv *httptest.Server
	Now time.Time
	mu  sync.Mutex
}

func (a *testApp) now() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Now
}

// advance moves the app's clock.
func (a *testApp) advance(d time.Duration) {
	a.mu.Lock()
	a.Now = a.Now.Add(d)
	a.mu.Unlock()
}

// TestMain hashes passwords at bcrypt's lowest cost: a check at the default takes a second under
// the race detector.
func TestMain(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	os.Exit(testfixture.Run(m))
}

// newTestApp serves a private copy of the demo world.
func newTestApp(t testing.TB) *testApp {
	t.Helper()
	return newTestAppWith(t, nil)
}

// newTestAppWith serves a private copy of the demo world with dependencies changed by with.
func newTestAppWith(t testing.TB, with func(*Deps)) *testApp {
	t.Helper()
	return newTestAppOn(t, demo.Copy(t, "app.db", testNow), with)
}

// newTestAppOn serves db, a private copy of the demo world seeded at testNow.
func newTestAppOn(t testing.TB, db *gorm.DB, with func(*Deps)) *testApp {
	t.Helper()
	a := &testApp{DB: db, Now: testNow}
	store := NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false)
	var h http.Handler
	a.Srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	d := Deps{DB: db, Sessions: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), DemoUsers: true, Now: a.now,
		BaseURL: "http://" + a.Srv.Listener.Addr().String(), Sealer: testSealer(t), APIRate: 1000,
		Files: models.NewFileStore(t.TempDir()), GatewayKey: testGatewayKey}
	if with != nil {
		with(&d)
	}
	h = New(d)
	a.Srv.Start()
	t.Cleanup(a.Srv.Close) // before demo.Copy's cleanup closes the database
	return a
}

// client is a browser-like client: a cookie jar, redirects not followed.
type client struct {
	t    testing.TB
	app  *testApp
	http *http.Client
}

func (a *testApp) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, app: a, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is a fetched page.
type response struct {
	Status   int
	Location string
	Body     string
	Doc      *goquery.Document
}

func (c *client) do(method, path string, form url.Values) *response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.app.Srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Location: res.Header.Get("Location"), Body: string(b)}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	return r
}

func (c *client) get(path string) *response { return c.do(http.MethodGet, path, nil) }

// csrf fetches page and returns its form's CSRF token.
func (c *client) csrf(page string) string {
	c.t.Helper()
	r := c.get(page)
	tok, ok := r.Doc.Find(`input[name="_csrf"]`).First().Attr("value")
	if !ok || tok == "" {
		c.t.Fatalf("no CSRF token on %s (status %d)", page, r.Status)
	}
	return tok
}

// post submits form to path with the CSRF token scraped from page.
func (c *client) post(page, path string, form url.Values) *response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", c.csrf(page))
	return c.do(http.MethodPost, path, form)
}

// login signs in as a demo user and fails the test otherwise.
func (c *client) login(username string) *client {
	c.t.Helper()
	r := c.post("/login", "/login", url.Values{"username": {username}, "password": {models.DemoPassword}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d", username, r.Status)
	}
	return c
}

func (r *response) text(sel string) string { return strings.TrimSpace(r.Doc.Find(sel).First().Text()) }

func (r *response) count(sel string) int { return r.Doc.Find(sel).Length() }

func testSealer(t testing.TB) *models.Sealer {
	s, err := models.NewSealer(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dbValue[T any](t *testing.T, app *testApp, query string, args ...any) T {
	t.Helper()
	var v T
	if err := app.DB.Raw(query, args...).Row().Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

func dbString(t *testing.T, app *testApp, query string, args ...any) string {
	t.Helper()
	return dbValue[string](t, app, query, args...)
}

func providerID(t *testing.T, app *testApp) string {
	t.Helper()
	return dbString(t, app, `SELECT id FROM partners WHERE account_name = 'provider'`)
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}
