package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// A signed-in user's own sessions and password, on the page that shows them (Partner > Profile
// for a member, the portal for a customer user): base is that page's path.

// accountShow renders the page at base with the password form as posted.
type accountShow func(c echo.Context, status int, form views.PasswordForm) error

// accountVM is the user's live sessions for the page at base.
func (b *base) accountVM(c echo.Context, base string, form views.PasswordForm) (views.AccountVM, error) {
	list, err := models.ListSessions(c.Request().Context(), b.DB, actor(c), b.Now())
	return views.AccountVM{Sessions: list, Current: currentSessionID(c), Base: base, Password: form}, err
}

// changePassword sets the user's password: 303 back with every other session ended and this one
// renewed, 422 with the form's refusals, 429 while the account or address is throttled.
func (b *base) changePassword(c echo.Context, base string, show accountShow) error {
	lang := langOf(c)
	current, next := c.FormValue("current_password"), c.FormValue("new_password")
	form := views.PasswordForm{Errs: map[string]string{}}
	switch {
	case current == "" || next == "":
		form.Err = views.T(lang, "password.required")
	case next != c.FormValue("new_password2"):
		form.Errs["new_password2"] = views.T(lang, "password.mismatch")
	}
	if form.Err != "" || len(form.Errs) > 0 {
		return show(c, http.StatusUnprocessableEntity, form)
	}
	in := models.PasswordChange{Current: current, New: next, Session: models.NewSession{
		Address: c.RealIP(), UserAgent: c.Request().UserAgent()}}
	token, err := models.ChangePassword(c.Request().Context(), b.DB, actor(c), in, b.Now())
	var throttled *models.ThrottledError
	switch {
	case errors.As(err, &throttled):
		form.Err = views.T(lang, "login.throttled", views.DateTime(retryAt(throttled.Until)))
		return show(c, http.StatusTooManyRequests, form)
	case errors.Is(err, models.ErrWrongPassword):
		form.Errs["current_password"] = msg(c, err)
		return show(c, http.StatusUnprocessableEntity, form)
	case errors.Is(err, models.ErrWeakPassword):
		form.Errs["new_password"] = msg(c, err)
		return show(c, http.StatusUnprocessableEntity, form)
	case err != nil:
		return err
	}
	if err := resumeSession(c, token); err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(lang, "password.changed"), base)
}

// endSession ends another of the user's sessions; one not its own is not found (404).
func (b *base) endSession(c echo.Context, base string) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := models.EndSession(c.Request().Context(), b.DB, actor(c), id, currentSessionID(c)); err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "sessions.ended"), base+"#sessions")
}
