package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Session and request state. The session cookie is signed and encrypted (gorilla CookieStore, keys
// generated into the data folder); it holds the CSRF token, the flashes and, once signed in, the
// token of the server-side session (models.Session) that binds the browser to its user. Only that
// binding is on the server: an anonymous visitor costs no row, and signing out, ending a session
// or removing its user makes a copy of the cookie worth no more than an anonymous one.
const (
	sessionName = "partnerhub"
	langCookie  = "lang"
	csrfField   = "_csrf"
	sidKey      = "sid" // the session's value holding the server-side session's token

	keyUser      = "user"
	keyPartner   = "partner"
	keyLang      = "lang"
	keySession   = "session"
	keySessionID = "session_id" // the signed-in session's models.Session.ID
)

// NewSessionStore makes the cookie store: HttpOnly, SameSite=Lax, Secure when asked.
func NewSessionStore(hashKey, blockKey []byte, secure bool) *sessions.CookieStore {
	s := sessions.NewCookieStore(hashKey, blockKey)
	s.Options = &sessions.Options{Path: "/", MaxAge: int(models.SessionLifetime.Seconds()), HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode}
	return s
}

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// loadSession puts the session, the language and the signed-in user (if any) into the context. A
// session without a CSRF token gets one, so every form can carry it.
func (b *base) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
			// a page reads the directory (partner, filter lists, names) many times and writes none
			// of it: one check of the directory's generation for the whole request
			c.SetRequest(c.Request().WithContext(models.WithDirectorySnapshot(c.Request().Context())))
		}
		s, _ := b.Sessions.Get(c.Request(), sessionName) // a cookie that does not decode gives a new session
		c.Set(keySession, s)
		c.Set(keyLang, b.lang(c))
		if _, ok := s.Values["csrf"].(string); !ok {
			s.Values["csrf"] = newToken()
			if err := s.Save(c.Request(), c.Response()); err != nil {
				return err
			}
		}
		if err := b.loadUser(c, s); err != nil {
			return err
		}
		return next(c)
	}
}

func (b *base) loadUser(c echo.Context, s *sessions.Session) error {
	token, ok := s.Values[sidKey].(string)
	if !ok {
		return nil
	}
	u, id, err := models.LoadSession(c.Request().Context(), b.DB, token, b.Now())
	if errors.Is(err, models.ErrNotFound) {
		// signed out, ended, expired, or its user removed or disabled: the visitor is anonymous,
		// and the cookie stops naming the session
		delete(s.Values, sidKey)
		return s.Save(c.Request(), c.Response())
	}
	if err != nil {
		return err
	}
	c.Set(keyUser, u)
	c.Set(keySessionID, id)
	if u.PartnerID != nil {
		p, err := models.GetPartner(c.Request().Context(), b.DB, *u.PartnerID)
		if err != nil {
			return err
		}
		c.Set(keyPartner, p)
	}
	return nil
}

// lang picks the language: ?lang= (remembered in a cookie), then the cookie, then Accept-Language.
func (b *base) lang(c echo.Context) string {
	if l := c.QueryParam("lang"); l == views.ZH || l == views.EN {
		c.SetCookie(&http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: b.SecureCookies, SameSite: http.SameSiteLaxMode})
		return l
	}
	if ck, err := c.Cookie(langCookie); err == nil && (ck.Value == views.ZH || ck.Value == views.EN) {
		return ck.Value
	}
	al := strings.ToLower(c.Request().Header.Get("Accept-Language"))
	if al != "" && !strings.HasPrefix(al, "zh") && !strings.Contains(strings.SplitN(al, ",", 2)[0], "zh") {
		return views.EN
	}
	return views.ZH
}

// csrf refuses any unsafe request whose _csrf form field is not the session's token (403, and
// nothing runs). The token is compared in constant time.
func (b *base) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		want, _ := session(c).Values["csrf"].(string)
		// Only from a header or the posted body: c.FormValue reads the query string too, and a token
		// in a URL leaks through logs, history and the Referer header.
		got := c.Request().Header.Get("X-CSRF-Token")
		if got == "" {
			got = c.Request().PostFormValue(csrfField) // urlencoded or multipart
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
			return echo.NewHTTPError(http.StatusForbidden, views.T(langOf(c), "err.csrf"))
		}
		return next(c)
	}
}

// signIn starts a new session for u: a new server-side session under a new token (the browser's
// old one ends), every old value goes, and the CSRF token is new, so nothing planted before
// sign-in survives it.
func (b *base) signIn(c echo.Context, u *models.User) error {
	token, err := models.StartSession(c.Request().Context(), b.DB, models.NewSession{UserID: u.ID,
		Address: c.RealIP(), UserAgent: c.Request().UserAgent(), Replaces: sessionToken(c)}, b.Now())
	if err != nil {
		return err
	}
	s := session(c)
	s.Values = map[any]any{sidKey: token, "csrf": newToken()}
	return s.Save(c.Request(), c.Response())
}

// signOut ends the server-side session, empties the cookie's session and gives it a new CSRF
// token.
func (b *base) signOut(c echo.Context) error {
	if err := models.SignOut(c.Request().Context(), b.DB, actor(c), sessionToken(c)); err != nil {
		return err
	}
	s := session(c)
	s.Values = map[any]any{"csrf": newToken()}
	return s.Save(c.Request(), c.Response())
}

// resumeSession puts the token of the browser's session, renewed by a change (the password's),
// into its cookie.
func resumeSession(c echo.Context, token string) error {
	s := session(c)
	s.Values[sidKey] = token
	return s.Save(c.Request(), c.Response())
}

// sessionToken is the browser's server-side session token, or "".
func sessionToken(c echo.Context) string {
	t, _ := session(c).Values[sidKey].(string)
	return t
}

// currentSessionID is the signed-in session's id, or 0.
func currentSessionID(c echo.Context) uint64 {
	id, _ := c.Get(keySessionID).(uint64)
	return id
}

// flash queues a message for the next page.
func flash(c echo.Context, kind, text string) error {
	s := session(c)
	s.AddFlash(kind + "\x00" + text)
	if queued, ok := s.Values[flashesKey].([]any); ok && len(queued) > maxFlashes {
		s.Values[flashesKey] = queued[len(queued)-maxFlashes:]
	}
	return s.Save(c.Request(), c.Response())
}

// maxFlashes bounds the messages queued for the next page: posts that never show one (a script,
// a form sent again and again) would otherwise grow the cookie past its size limit, and the
// session could no longer be saved after the change was made. The newest are kept.
const maxFlashes = 3

const flashesKey = "_flash" // gorilla/sessions' key for AddFlash

// popFlashes takes the queued messages.
func popFlashes(c echo.Context) []views.Flash {
	s := session(c)
	raw := s.Flashes()
	if len(raw) == 0 {
		return nil
	}
	s.Save(c.Request(), c.Response())
	out := make([]views.Flash, 0, len(raw))
	for _, r := range raw {
		if str, ok := r.(string); ok {
			kind, text, _ := strings.Cut(str, "\x00")
			out = append(out, views.Flash{Kind: kind, Text: text})
		}
	}
	return out
}

func session(c echo.Context) *sessions.Session {
	s, _ := c.Get(keySession).(*sessions.Session)
	if s == nil {
		s = sessions.NewSession(nil, sessionName)
	}
	return s
}

func currentUser(c echo.Context) *models.User {
	u, _ := c.Get(keyUser).(*models.User)
	return u
}

func currentPartner(c echo.Context) *models.Partner {
	p, _ := c.Get(keyPartner).(*models.Partner)
	return p
}

func langOf(c echo.Context) string {
	if l, ok := c.Get(keyLang).(string); ok {
		return l
	}
	return views.ZH
}

// actor is the signed-in user as the domain sees it.
func actor(c echo.Context) models.Actor {
	u := currentUser(c)
	if u == nil {
		return models.Actor{RequestID: requestID(c), Address: c.RealIP()}
	}
	a := models.ActorOf(u, requestID(c))
	a.Address = c.RealIP()
	return a
}
