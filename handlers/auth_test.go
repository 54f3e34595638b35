package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := app.client(t).get("/healthz")
	if r.Status != http.StatusOK || r.Body != "ok" {
		t.Fatalf("healthz: %d %q", r.Status, r.Body)
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cases := []struct {
		user, password string
		status         int
		location       string
	}{
		{"provider", models.DemoPassword, http.StatusSeeOther, "/"},
		{"PROVIDER ", models.DemoPassword, http.StatusSeeOther, "/"},
		{"customer", models.DemoPassword, http.StatusSeeOther, "/customer"},
		{"operator", models.DemoPassword, http.StatusSeeOther, "/"},
		{"provider", "wrong-password", http.StatusUnprocessableEntity, ""},
		{"nobody", models.DemoPassword, http.StatusUnprocessableEntity, ""},
		{"", "", http.StatusUnprocessableEntity, ""},
		{"provider", strings.Repeat("x", 200), http.StatusUnprocessableEntity, ""},
	}
	for _, tc := range cases {
		c := app.client(t)
		r := c.post("/login", "/login", url.Values{"username": {tc.user}, "password": {tc.password}})
		if r.Status != tc.status || r.Location != tc.location {
			t.Errorf("%q: got %d %q, want %d %q", tc.user, r.Status, r.Location, tc.status, tc.location)
		}
		if tc.status == http.StatusUnprocessableEntity && r.count(`[data-testid="login-form"]`) != 1 {
			t.Errorf("%q: the form is not shown again", tc.user)
		}
	}
}

func TestSignInNext(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t)
	r := c.get("/sales/customers?mode=advisory")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login?next=") {
		t.Fatalf("anonymous: %d %q", r.Status, r.Location)
	}
	r = c.post(r.Location, "/login", url.Values{"username": {"provider"}, "password": {models.DemoPassword},
		"next": {"/sales/customers?mode=advisory"}})
	if r.Location != "/sales/customers?mode=advisory" {
		t.Fatalf("next: %q", r.Location)
	}
	for _, bad := range []string{"//evil.example/x", "https://evil.example", "/\\evil", "javascript:alert(1)"} {
		if safeNext(bad) != "" {
			t.Errorf("safeNext(%q) accepted", bad)
		}
	}
}

// TestSignInThrottled: five failures of an account from an address throttle it there with 429
// and the time to retry; another account behind the same address signs in; the window's end lifts it.
func TestSignInThrottled(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t)
	for i := 0; i < models.MaxPairFailures; i++ {
		r := c.post("/login", "/login", url.Values{"username": {"provider"}, "password": {"guess"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: status %d", i+1, r.Status)
		}
	}
	r := c.post("/login", "/login", url.Values{"username": {"provider"}, "password": {models.DemoPassword}})
	msg := r.Doc.Find(`[data-testid="login-error"]`).Text()
	if r.Status != http.StatusTooManyRequests || !strings.Contains(msg, views.DateTime(testNow.Add(models.SignInWindow))) {
		t.Fatalf("throttled sign-in: status %d, %q", r.Status, msg)
	}
	// a colleague behind the same address is not locked out by these typos
	if r = app.client(t).post("/login", "/login", url.Values{"username": {"reseller"}, "password": {models.DemoPassword}}); r.Status != http.StatusSeeOther {
		t.Fatalf("same address, other account: status %d", r.Status)
	}
	app.advance(models.SignInWindow)
	r = c.post("/login", "/login", url.Values{"username": {"provider"}, "password": {models.DemoPassword}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("after the window: status %d", r.Status)
	}
}

func TestRetryAt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ until, want time.Duration }{
		{0, 0}, {time.Nanosecond, time.Minute}, {30 * time.Second, time.Minute}, {time.Minute, time.Minute},
		{15*time.Minute + time.Second, 16 * time.Minute},
	} {
		if got := retryAt(testNow.Add(tc.until)); !got.Equal(testNow.Add(tc.want)) {
			t.Errorf("retryAt(+%v) = %v, want +%v", tc.until, got, tc.want)
		}
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t)
	c.get("/login")
	r := c.do(http.MethodPost, "/login", url.Values{"username": {"provider"}, "password": {models.DemoPassword}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("sign-in without _csrf: %d", r.Status)
	}
	r = c.do(http.MethodPost, "/login", url.Values{"username": {"provider"}, "password": {models.DemoPassword}, "_csrf": {"forged"}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("sign-in with a forged _csrf: %d", r.Status)
	}
	if c.get("/").Status != http.StatusSeeOther {
		t.Fatal("a refused sign-in signed in")
	}

	c.login("provider")
	var before int64
	app.DB.Model(&models.Invitation{}).Count(&before)
	r = c.do(http.MethodPost, "/sales/expand/enterprises/1000/invitations", url.Values{"mode": {"consignment"}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("invite without _csrf: %d", r.Status)
	}
	var after int64
	app.DB.Model(&models.Invitation{}).Count(&after)
	if after != before {
		t.Fatal("a POST without CSRF token changed the database")
	}
}

func TestSessionRenewedAtSignIn(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t)
	before := c.csrf("/login")
	c.login("provider")
	after := c.csrf("/sales/expand/enterprises/1000")
	if before == after {
		t.Fatal("the CSRF token survived sign-in")
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	r := c.post("/", "/logout", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/login" {
		t.Fatalf("sign out: %d %q", r.Status, r.Location)
	}
	if r := c.get("/sales/customers"); r.Status != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d", r.Status)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	res, err := http.Get(app.Srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == sessionName {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Fatalf("session cookie not hardened: %+v", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
	store := NewSessionStore(make([]byte, 64), make([]byte, 32), true)
	if !store.Options.Secure {
		t.Fatal("--secure-cookies does not mark the cookie Secure")
	}
}
