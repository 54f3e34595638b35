package handlers

import (
	"bytes"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// copyOf is another browser holding a copy of c's cookies, as whoever copied them would.
func (c *client) copyOf() *client {
	c.t.Helper()
	u, _ := url.Parse(c.app.Srv.URL)
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(u, c.http.Jar.Cookies(u))
	return &client{t: c.t, app: c.app, http: &http.Client{Jar: jar, CheckRedirect: c.http.CheckRedirect}}
}

// sid is the server-side session token c's cookie carries, or "".
func (c *client) sid() string {
	c.t.Helper()
	u, _ := url.Parse(c.app.Srv.URL)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, ck := range c.http.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	store := NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false) // the test app's keys
	s, err := store.Get(req, sessionName)
	if err != nil {
		c.t.Fatal(err)
	}
	tok, _ := s.Values[sidKey].(string)
	return tok
}

// signedOut fails the test unless path sends c to sign in.
func signedOut(t *testing.T, c *client, path, what string) {
	t.Helper()
	if r := c.get(path); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Fatalf("%s: %s answers %d %q, want 303 to /login", what, path, r.Status, r.Location)
	}
}

func signedIn(t *testing.T, c *client, path, what string) {
	t.Helper()
	if r := c.get(path); r.Status != http.StatusOK {
		t.Fatalf("%s: %s answers %d, want 200", what, path, r.Status)
	}
}

func TestSignOutEndsCopiedCookie(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	thief := c.copyOf()
	signedIn(t, thief, "/sales/customers", "the copy before sign-out")
	if r := c.post("/", "/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.Status)
	}
	signedOut(t, thief, "/sales/customers", "the copy after sign-out")
	signedOut(t, thief, "/partner/profile", "the copy after sign-out")
}

func TestSignInRotatesSessionToken(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t)
	c.get("/login")
	if c.sid() != "" {
		t.Fatal("an anonymous visitor has a server-side session")
	}
	c.login("provider-viewer")
	first := c.sid()
	planted := c.copyOf()
	// signing in again (as someone else) from the same browser starts a new session
	form := url.Values{"username": {"provider-sales"}, "password": {models.DemoPassword}}
	if r := c.post("/partner/profile", "/login", form); r.Status != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d", r.Status)
	}
	if second := c.sid(); second == "" || second == first {
		t.Fatalf("the session token did not change at sign-in: %q then %q", first, second)
	}
	signedIn(t, c, "/sales/customers", "after the second sign-in")
	signedOut(t, planted, "/partner/profile", "the token from before the second sign-in")
}

func TestRemovedMemberCookieStops(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	sales := app.client(t).login("provider-sales")
	signedIn(t, sales, "/sales/customers", "before removal")
	var u models.User
	app.DB.Where("username = ?", "provider-sales").First(&u)
	id := strconv.FormatUint(u.ID, 10)
	r := app.client(t).login("provider").post("/partner/members", "/partner/members/"+id+"/remove", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.Status)
	}
	signedOut(t, sales, "/sales/customers", "a removed member")
}

func TestDisabledAccountCookieStops(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-finance")
	signedIn(t, c, "/business/funds", "before")
	if err := app.DB.Model(&models.User{}).Where("username = ?", "provider-finance").Update("disabled", true).Error; err != nil {
		t.Fatal(err)
	}
	signedOut(t, c, "/business/funds", "a disabled account")
}

func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-viewer")
	app.advance(models.SessionIdle - time.Minute)
	signedIn(t, c, "/partner/profile", "idle under 2 hours")
	app.advance(models.SessionIdle)
	signedOut(t, c, "/partner/profile", "idle 2 hours")
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-viewer")
	for i := 0; i < 11; i++ {
		app.advance(time.Hour)
		signedIn(t, c, "/partner/profile", "used every hour")
	}
	app.advance(time.Hour)
	signedOut(t, c, "/partner/profile", "12 hours after sign-in")
}

// sessionRows are the sessions Partner > Profile lists: id → whether it is the one viewing.
func sessionRows(t *testing.T, r *response) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	r.Doc.Find(`[data-testid="session-row"]`).Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("data-id")
		out[id] = s.Find(`[data-testid="this-session"]`).Length() == 1
	})
	return out
}

func TestEndOtherSessionFromProfile(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	laptop := app.client(t).login("provider-viewer")
	phone := app.client(t).login("provider-viewer")
	r := laptop.get("/partner/profile")
	rows := sessionRows(t, r)
	if len(rows) != 2 {
		t.Fatalf("profile lists %d sessions, want 2", len(rows))
	}
	if name := r.text(`[data-testid="session-row"] td`); name != "Go-http-client/1.1" {
		t.Errorf("browser shown as %q", name)
	}
	var other string
	for id, this := range rows {
		if !this {
			other = id
		}
	}
	if other == "" {
		t.Fatal("no session but this one, or none marked as this one")
	}
	// the end button opens a confirmation naming the browser, which ends nothing
	conf := laptop.post("/partner/profile", "/partner/profile/sessions/"+other+"/end/confirm", nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-browser"]`) == "" ||
		conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "") != "/partner/profile/sessions/"+other+"/end" {
		t.Errorf("end session's confirmation: %d", conf.Status)
	}
	signedIn(t, phone, "/partner/profile", "after the confirmation page")
	r = laptop.post("/partner/profile", "/partner/profile/sessions/"+other+"/end", nil)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/partner/profile") {
		t.Fatalf("end session: %d %q", r.Status, r.Location)
	}
	signedOut(t, phone, "/partner/profile", "the ended session")
	if rows := sessionRows(t, laptop.get("/partner/profile")); len(rows) != 1 {
		t.Fatalf("after ending the other one: %d sessions listed", len(rows))
	}
}

func TestEndAnotherUsersSession(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	victim := app.client(t).login("provider-sales")
	var s models.Session
	app.DB.Where("user_id = (SELECT id FROM users WHERE username = 'provider-sales')").First(&s)
	c := app.client(t).login("provider-viewer")
	r := c.post("/partner/profile", "/partner/profile/sessions/"+strconv.FormatUint(s.ID, 10)+"/end", nil)
	if r.Status != http.StatusNotFound {
		t.Fatalf("ending another user's session: %d, want 404", r.Status)
	}
	signedIn(t, victim, "/sales/customers", "the other user's session")
}

func changePassword(c *client, page, current, next, again string) *response {
	c.t.Helper()
	return c.post(page, page+"/password", url.Values{"current_password": {current}, "new_password": {next}, "new_password2": {again}})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider-viewer")
	other := app.client(t).login("provider-viewer")
	copied := c.copyOf()
	before := c.sid()
	for _, tc := range []struct{ name, current, next, again, field string }{
		{"wrong current", "wrong password", "brand new password", "brand new password", "current_password"},
		{"too short", models.DemoPassword, "short", "short", "new_password"},
		{"too long", models.DemoPassword, strings.Repeat("x", 73), strings.Repeat("x", 73), "new_password"},
		{"differ", models.DemoPassword, "brand new password", "brand new passw0rd", "new_password2"},
	} {
		r := changePassword(c, "/partner/profile", tc.current, tc.next, tc.again)
		if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-`+tc.field+`"]`) != 1 {
			t.Fatalf("%s: %d, want 422 with an error on %s", tc.name, r.Status, tc.field)
		}
	}
	signedIn(t, other, "/partner/profile", "another session after refused changes")
	r := changePassword(c, "/partner/profile", models.DemoPassword, "brand new password", "brand new password")
	if r.Status != http.StatusSeeOther || r.Location != "/partner/profile" {
		t.Fatalf("change: %d %q", r.Status, r.Location)
	}
	if c.sid() == before {
		t.Fatal("the session token was not renewed")
	}
	signedIn(t, c, "/partner/profile", "the session that changed the password")
	signedOut(t, other, "/partner/profile", "another session")
	signedOut(t, copied, "/partner/profile", "a copy of the old cookie")
	bad := app.client(t).post("/login", "/login", url.Values{"username": {"provider-viewer"}, "password": {models.DemoPassword}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("the old password: %d", bad.Status)
	}
	good := app.client(t).post("/login", "/login", url.Values{"username": {"provider-viewer"}, "password": {"brand new password"}})
	if good.Status != http.StatusSeeOther {
		t.Fatalf("the new password: %d", good.Status)
	}
}

func TestCustomerPasswordChange(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("customer")
	other := app.client(t).login("customer")
	if rows := sessionRows(t, c.get("/customer")); len(rows) != 2 {
		t.Fatalf("the portal lists %d sessions, want 2", len(rows))
	}
	r := changePassword(c, "/customer", models.DemoPassword, "brand new password", "brand new password")
	if r.Status != http.StatusSeeOther || r.Location != "/customer" {
		t.Fatalf("change: %d %q", r.Status, r.Location)
	}
	signedIn(t, c, "/customer", "the customer's session")
	signedOut(t, other, "/customer", "the customer's other session")
}
