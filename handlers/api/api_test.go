package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/internal/testfixture/demo"
	"partnerhub/models"
)

// Raw-HTTP tests for what the SDK cannot send: bad signatures, stale dates, foreign domains, wrong
// JSON types, oversized bodies, invalid UTF-8, flow control.

// seededAt is the clock the demo world is seeded at, once for the whole run: the API signs with
// the real time, so the world is placed around the run's start.
var seededAt = time.Now().UTC()

// TestMain hashes passwords at bcrypt's lowest cost: a check at the default takes a second under
// the race detector.
func TestMain(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	os.Exit(testfixture.Run(m))
}

type rawAPI struct {
	db     *gorm.DB
	srv    *httptest.Server
	ak, sk string
	domain string
}

func newRawAPI(t *testing.T, rate float64) *rawAPI {
	t.Helper()
	db := demo.Copy(t, "api.db", seededAt)
	ctx := context.Background()
	now := time.Now().UTC()
	sealer, _ := models.NewSealer(bytes.Repeat([]byte{3}, 32))
	var u models.User
	db.Where("username = ?", "provider").First(&u)
	key, err := models.CreateAccessKey(ctx, db, sealer, models.ActorOf(&u, "t"), now)
	if err != nil {
		t.Fatal(err)
	}
	var p models.Partner
	db.First(&p, *u.PartnerID)
	e := echo.New()
	e.Use(middleware.RequestID())
	Register(e, Deps{DB: db, Sealer: sealer, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Rate: rate})
	a := &rawAPI{db: db, srv: httptest.NewServer(e), ak: key.Key.AccessKeyID, sk: key.SecretKey, domain: p.DomainID}
	t.Cleanup(a.srv.Close) // before demo.Copy's cleanup closes the database
	return a
}

// request builds a request signed as the SDK signs, with date at the given time and extra header
// pairs (signed, as the SDK signs every header it sends).
func (a *rawAPI) request(method, path, body string, date time.Time, header ...string) *http.Request {
	r := httptest.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	r.RequestURI = ""
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	SignRequest(r, []byte(body), a.ak, a.sk, a.domain, date)
	return r
}

type answer struct {
	Status int
	Body   map[string]any
	ReqID  string
}

func (a *rawAPI) send(t *testing.T, r *http.Request) answer {
	t.Helper()
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out answer
	out.Status, out.ReqID = res.StatusCode, res.Header.Get(echo.HeaderXRequestID)
	b, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(b, &out.Body); err != nil {
		t.Fatalf("%s %s: not JSON (%d): %s", r.Method, r.URL.Path, res.StatusCode, b)
	}
	return out
}

func (a *rawAPI) call(t *testing.T, body string) answer {
	return a.send(t, a.request("POST", "/v2/partners/sub-customers/query", body, time.Now()))
}

func wantError(t *testing.T, what string, got answer, status int, code string) {
	t.Helper()
	if got.Status != status || got.Body["error_code"] != code || got.Body["error_msg"] == "" || got.ReqID == "" {
		t.Errorf("%s: %d %v, want %d %s", what, got.Status, got.Body, status, code)
	}
}

func TestBadInput(t *testing.T) {
	a := newRawAPI(t, 1000)
	cases := []struct{ name, body string }{
		{"malformed JSON", `{"limit": 5`},
		{"not an object", `[1,2]`},
		{"limit as a string", `{"limit": "5"}`},
		{"offset as a float", `{"offset": 1.5}`},
		{"account_name as a number", `{"account_name": 12}`},
		{"negative offset", `{"offset": -1}`},
		{"huge offset", `{"offset": 2147483647}`},
		{"limit 0", `{"limit": 0}`},
		{"limit 1000", `{"limit": 1000}`},
		{"limit beyond int32", `{"limit": 99999999999}`},
		{"bad association type", `{"association_type": "3"}`},
		{"bad time", `{"associated_on_begin": "yesterday"}`},
		{"over-long label", `{"label": "` + strings.Repeat("x", 65) + `"}`},
		{"invalid UTF-8", "{\"account_name\": \"\xff\xfe\"}"},
		{"single letter search", `{"account_name": "a"}`},
		{"two JSON values", `{} {}`},
	}
	for _, tc := range cases {
		wantError(t, tc.name, a.call(t, tc.body), http.StatusBadRequest, "CBC.0100")
	}
	// unknown fields are ignored, as the cloud does; another partner's customer id is simply not found
	if got := a.call(t, `{"no_such_field": [1, {"x": 2}], "limit": 3}`); got.Status != http.StatusOK {
		t.Errorf("unknown field: %d %v", got.Status, got.Body)
	}
	var other models.Customer
	a.db.Where("partner_id <> (SELECT partner_id FROM users WHERE username = 'provider')").First(&other)
	if got := a.call(t, `{"customer_id": "`+other.DomainID+`"}`); got.Status != http.StatusOK || got.Body["count"] != float64(0) {
		t.Errorf("another partner's customer: %d %v", got.Status, got.Body)
	}
	big := `{"label": "` + strings.Repeat("x", 1<<20) + `"}`
	wantError(t, "over 1 MiB", a.call(t, big), http.StatusRequestEntityTooLarge, "CBC.0100")
	wantError(t, "create without xaccount", a.send(t, a.request("POST", "/v2/partners/sub-customers", `{}`, time.Now())),
		http.StatusBadRequest, "CBC.0100")
}

func TestSignatureChecks(t *testing.T) {
	a := newRawAPI(t, 1000)
	path, body := "/v2/partners/sub-customers/query", `{"limit": 2}`
	good := a.request("POST", path, body, time.Now())
	if got := a.send(t, good); got.Status != http.StatusOK {
		t.Fatalf("a good request: %d %v", got.Status, got.Body)
	}
	tamper := []struct {
		name string
		edit func(r *http.Request)
	}{
		{"no Authorization", func(r *http.Request) { r.Header.Del("Authorization") }},
		{"garbage Authorization", func(r *http.Request) { r.Header.Set("Authorization", "Basic Zm9vOmJhcg==") }},
		{"changed body", func(r *http.Request) { r.Body = io.NopCloser(strings.NewReader(`{"limit": 3}`)); r.ContentLength = 12 }},
		{"changed date", func(r *http.Request) {
			r.Header.Set("X-Sdk-Date", time.Now().Add(time.Minute).UTC().Format(dateFormat))
		}},
		{"changed query", func(r *http.Request) { r.URL.RawQuery = "x=1" }},
		{"no date", func(r *http.Request) { r.Header.Del("X-Sdk-Date") }},
	}
	for _, tc := range tamper {
		r := a.request("POST", path, body, time.Now())
		tc.edit(r)
		wantError(t, tc.name, a.send(t, r), http.StatusUnauthorized, "CBC.0154")
	}
	wantError(t, "16 minutes old", a.send(t, a.request("POST", path, body, time.Now().Add(-16*time.Minute))), http.StatusUnauthorized, "CBC.0154")
	wantError(t, "16 minutes ahead", a.send(t, a.request("POST", path, body, time.Now().Add(16*time.Minute))), http.StatusUnauthorized, "CBC.0154")
	if got := a.send(t, a.request("POST", path, body, time.Now().Add(-14*time.Minute))); got.Status != http.StatusOK {
		t.Errorf("14 minutes old: %d", got.Status)
	}
	a.domain = "0123456789abcdef0123456789abcdef"
	wantError(t, "foreign domain", a.send(t, a.request("POST", path, body, time.Now())), http.StatusForbidden, "CBC.0151")
}

func TestFlowControl(t *testing.T) {
	a := newRawAPI(t, 2)
	var limited int
	for range 10 {
		if a.call(t, `{}`).Status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("10 calls at once against a limit of 2 a second were all admitted")
	}
	wantError(t, "flow control", a.call(t, `{}`), http.StatusTooManyRequests, "CBC.0250")
}
