package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Auth handles signing in and out.
type Auth struct{ *base }

// Form shows the sign-in form; a signed-in user goes home.
func (h *Auth) Form(c echo.Context) error {
	if u := currentUser(c); u != nil {
		return c.Redirect(http.StatusSeeOther, home(u))
	}
	vm := views.LoginVM{Next: safeNext(c.QueryParam("next")), Demo: h.DemoUsers}
	return render(c, http.StatusOK, views.LoginPage(h.page(c, "login.title", ""), vm))
}

// SignIn checks the account name and password: 303 home on success, 422 with the form on failure,
// 429 while the attempt is throttled (models/signin_throttle.go).
func (h *Auth) SignIn(c echo.Context) error {
	lang := langOf(c)
	vm := views.LoginVM{Next: safeNext(c.FormValue("next")), Demo: h.DemoUsers}
	vm.Username, _ = cleanText(c.FormValue("username"), 64)
	password := c.FormValue("password")
	if vm.Username == "" || password == "" || len(password) > 128 {
		vm.Error = views.T(lang, "login.required")
		return render(c, http.StatusUnprocessableEntity, views.LoginPage(h.page(c, "login.title", ""), vm))
	}
	u, err := models.SignIn(c.Request().Context(), h.DB, vm.Username, password, actor(c), h.Now())
	var throttled *models.ThrottledError
	switch {
	case errors.As(err, &throttled):
		vm.Error = views.T(lang, "login.throttled", views.DateTime(retryAt(throttled.Until)))
		return render(c, http.StatusTooManyRequests, views.LoginPage(h.page(c, "login.title", ""), vm))
	case errors.Is(err, models.ErrBadCredentials):
		vm.Error = views.T(lang, "login.failed")
		return render(c, http.StatusUnprocessableEntity, views.LoginPage(h.page(c, "login.title", ""), vm))
	case err != nil:
		return err
	}
	if err := h.signIn(c, u); err != nil {
		return err
	}
	target := home(u)
	if vm.Next != "" {
		target = vm.Next
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// retryAt is when to say a throttled sign-in may be tried again: the page shows minutes, so the
// time is rounded up to the next one, or a user trying at the minute shown would be refused again.
func retryAt(until time.Time) time.Time {
	if t := until.Truncate(time.Minute); t.Before(until) {
		return t.Add(time.Minute)
	}
	return until
}

// SignOut ends the session.
func (h *Auth) SignOut(c echo.Context) error {
	if err := h.signOut(c); err != nil {
		return err
	}
	if err := flash(c, "info", views.T(langOf(c), "login.signedout")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.PathLogin)
}
