//go:build slow

package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

// The account security section as its owner uses it in Chromium, on a desk and on a phone: two
// sessions of one member, one ended from the other; the password changed, refused first with the
// wrong current one; the customer's own sessions on the portal.

// screen is a width the console is looked at on; userAgents are the two browsers a member signs
// in from on it (none: Chromium's own).
type screen struct {
	name       string
	w, h       int64
	mobile     bool
	userAgents [2]string
}

var sessionScreens = []screen{
	{name: "desktop", w: viewportW, h: viewportH},
	{name: "phone", w: 390, h: 844, mobile: true, userAgents: [2]string{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	}},
}

// newPassword is what the member changes its password to.
const newPassword = "a-longer-pass-2026"

func TestBrowserSessions(t *testing.T) {
	for i, sc := range sessionScreens {
		t.Run(sc.name, func(t *testing.T) {
			// one language per browser, the other way round on the second screen: every page is
			// looked at in both languages at both widths
			langs := [2]string{views.ZH, views.EN}
			if i%2 == 1 {
				langs[0], langs[1] = langs[1], langs[0]
			}
			browserSessions(t, sc, langs)
		})
	}
}

func browserSessions(t *testing.T, sc screen, langs [2]string) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	shot := func(b *browserTab, n int, what string) {
		b.t.Helper()
		b.shot(fmt.Sprintf("50-sessions-%s-%02d-%s", sc.name, n, what))
	}

	// two browsers of the same member, signed in half an hour apart
	a := sessionsTab(rig, app, sc, sc.userAgents[0], langs[0])
	a.login("provider")
	app.advance(30 * time.Minute)
	other := sessionsTab(rig, app, sc, sc.userAgents[1], langs[1])
	other.login("provider")
	other.wantPath("/")
	other.open(profilePath)
	other.visible(`[data-testid="sessions"]`)
	shot(other, 1, "profile-"+langs[1])
	app.advance(5 * time.Minute)

	if sc.mobile { // a phone's menus are folded into the menu button
		a.do("open the menu", chromedp.Click(chromedp.CSS(".phone-menu summary")))
		a.click(`[data-testid="phone-nav-nav.partner"]`)
	} else {
		a.click(`[data-testid="nav-nav.partner"]`)
	}
	a.wantPath(profilePath)
	a.visible(`[data-testid="sessions"]`)
	if n := a.count(`[data-testid="session-row"]`); n != 2 {
		t.Fatalf("%d sessions listed, want 2", n)
	}
	wantBrowserNames(t, a, sc)
	if n := a.count(`[data-testid="this-session"]`); n != 1 {
		t.Errorf("%d sessions marked as this one, want 1", n)
	}
	// the most recently used first: this one, marked, then the other browser's with the end button
	if got := a.text(`[data-testid="session-row"]:first-child [data-testid="this-session"]`); got != views.T(langs[0], "sessions.this") {
		t.Errorf("this session is marked %q", got)
	}
	noRawCodes(t, a, app)
	fitsTheScreen(t, a, sc)
	shot(a, 2, "profile-"+langs[0])

	// end the other browser's session; it is sent to sign in on its next page
	a.click(`[data-testid="end-session"]`) // its confirmation page names the browser
	if a.text(`[data-testid="confirm-browser"]`) == "" {
		t.Error("the confirmation names no browser")
	}
	a.click(`[data-testid="confirm"]`)
	a.wantPath(profilePath)
	if f := a.text(`[data-testid="flash"]`); f != views.T(langs[0], "sessions.ended") {
		t.Errorf("flash %q", f)
	}
	if n := a.count(`[data-testid="session-row"]`); n != 1 || a.count(`[data-testid="end-session"]`) != 0 {
		t.Errorf("%d sessions listed after ending the other", n)
	}
	shot(a, 3, "session-ended")
	other.do("reload", chromedp.Reload())
	other.wantPath("/login")
	other.visible(`[data-testid="login-form"]`)
	shot(other, 4, "ended-to-sign-in")

	// the wrong current password is refused by its field; the right one changes it
	a.typeIn("#f-current_password", "not-my-password")
	a.typeIn("#f-new_password", newPassword)
	a.typeIn("#f-new_password2", newPassword)
	if st := a.click(`[data-testid="password-submit"]`); st != 422 {
		t.Errorf("wrong current password: status %d, want 422", st)
	}
	if got := a.text(`[data-testid="error-current_password"]`); got != views.T(langs[0], "err.wrong_password") {
		t.Errorf("error by the current password %q", got)
	}
	if v := a.value("#f-current_password") + a.value("#f-new_password"); v != "" {
		t.Error("the refused form comes back with a password in it")
	}
	noRawCodes(t, a, app)
	fitsTheScreen(t, a, sc)
	shot(a, 5, "password-wrong")
	a.typeIn("#f-current_password", models.DemoPassword)
	a.typeIn("#f-new_password", newPassword)
	a.typeIn("#f-new_password2", newPassword)
	a.click(`[data-testid="password-submit"]`)
	a.wantPath(profilePath)
	if f := a.text(`[data-testid="flash"]`); f != views.T(langs[0], "password.changed") {
		t.Errorf("flash %q", f)
	}
	if n := a.count(`[data-testid="this-session"]`); n != 1 {
		t.Errorf("after the change %d sessions marked as this one: this browser is still signed in", n)
	}
	shot(a, 6, "password-changed")

	// signed out, the old password no longer opens the account and the new one does
	a.click(`[data-testid="logout"]`)
	a.wantPath("/login")
	signInWith(a, "provider", models.DemoPassword)
	a.visible(`[data-testid="login-error"]`)
	shot(a, 7, "old-password-refused")
	signInWith(a, "provider", newPassword)
	a.wantPath("/")
	a.open(profilePath)
	if n := a.count(`[data-testid="session-row"]`); n != 1 {
		t.Errorf("%d sessions after signing in again, want 1", n)
	}

	// a customer's own sessions on the portal
	c := sessionsTab(rig, app, sc, sc.userAgents[1], langs[1])
	c.login("customer")
	c.wantPath(portalPath)
	if n := c.count(`[data-testid="sessions"] [data-testid="session-row"]`); n != 1 || c.count(`[data-testid="this-session"]`) != 1 {
		t.Errorf("the customer sees %d sessions", n)
	}
	c.visible(`[data-testid="password-form"]`)
	noRawCodes(t, c, app)
	fitsTheScreen(t, c, sc)
	shot(c, 8, "portal-"+langs[1])
}

// sessionsTab is a new browser context on the screen, as the browser ua (or Chromium's own), in lang.
func sessionsTab(rig *browserRig, app *testApp, sc screen, ua, lang string) *browserTab {
	rig.t.Helper()
	b := rig.tab(app)
	opts := []chromedp.EmulateViewportOption{}
	if sc.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	b.do("the screen", chromedp.EmulateViewport(sc.w, sc.h, opts...))
	if ua != "" {
		b.do("the browser", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua})
			return err
		}))
	}
	b.open("/login?lang=" + lang)
	return b
}

// signInWith submits the sign-in form on the current page, wherever it leads.
func signInWith(b *browserTab, username, password string) {
	b.t.Helper()
	b.visible(`[data-testid="login-form"]`)
	b.typeIn("#f-username", username)
	b.typeIn("#f-password", password)
	b.click(`[data-testid="login-form"] button[type="submit"]`)
}

// wantBrowserNames: each session's browser is named as a person calls it, not by its User-Agent.
func wantBrowserNames(t *testing.T, b *browserTab, sc screen) {
	t.Helper()
	names := browserRun(b, "browser names", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-testid="session-row"] td:first-child')].map(td => td.innerText.trim())`))
	want := []*regexp.Regexp{regexp.MustCompile(`^Chrome \d+ · Linux$`), regexp.MustCompile(`^Chrome \d+ · Linux$`)}
	if sc.mobile {
		want = []*regexp.Regexp{regexp.MustCompile(`^Safari 17 · iOS$`), regexp.MustCompile(`^Chrome 131 · Android$`)}
	}
	for i, n := range names {
		if !want[i].MatchString(n) {
			t.Errorf("session %d's browser %q, want %s", i, n, want[i])
		}
	}
}

var (
	catalogKey = regexp.MustCompile(`\b(sessions|password|common|err|login)\.[a-z_]+\b`)
	rawCode    = regexp.MustCompile(`\b(CBC|APIGW|PH)\.\d{3,}|Mozilla/|%!|<nil>`)
)

// noRawCodes: the page's text holds no catalog key, error code, User-Agent or token, and its HTML no
// session token's hash.
func noRawCodes(t *testing.T, b *browserTab, app *testApp) {
	t.Helper()
	text := browserRun(b, "page text", chromedp.Evaluate[string](`document.body.innerText`))
	for _, re := range []*regexp.Regexp{catalogKey, rawCode} {
		if m := re.FindString(text); m != "" {
			t.Errorf("%s shows %q", b.url().Path, m)
		}
	}
	html := browserRun(b, "page source", chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	var hashes []string
	app.DB.Model(&models.Session{}).Pluck("token_hash", &hashes)
	for _, h := range hashes {
		if strings.Contains(html, h) {
			t.Errorf("%s holds a session's token hash", b.url().Path)
		}
	}
}

// fitsTheScreen: the sessions and the password form fit the screen, and every session's mark or
// end button is on it, not scrolled out of sight in the table. The page as a whole overflowing (the
// top bar's menus on a phone) is the layout's, and only logged here.
func fitsTheScreen(t *testing.T, b *browserTab, sc screen) {
	t.Helper()
	wide := browserRun(b, "what is wide", chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(
			'[data-testid="sessions"], [data-testid="password"], [data-testid="this-session"], [data-testid="end-session"]')]
		.filter(e => e.getBoundingClientRect().right > %d)
		.map(e => e.dataset.testid + " " + Math.round(e.getBoundingClientRect().right))`, sc.w)))
	if len(wide) > 0 {
		t.Errorf("%s on a %dpx screen: %v reach past its edge", b.url().Path, sc.w, wide)
	}
	if w := browserRun(b, "page width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > sc.w {
		t.Logf("%s is %dpx wide on a %dpx screen", b.url().Path, w, sc.w)
	}
}
