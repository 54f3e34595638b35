package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/handlers/api"
	"partnerhub/models"
	"partnerhub/views"
)

// errorHandler is the one place unexpected errors end: it logs them and renders an error page in
// the layout. A 5xx never shows its cause to the browser; the request id ties page and log.
func errorHandler(d Deps) echo.HTTPErrorHandler {
	b := &base{d}
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		if c.Get(keySession) == nil { // no route matched, so the session middleware never ran
			s, _ := d.Sessions.Get(c.Request(), sessionName)
			c.Set(keySession, s)
			c.Set(keyLang, b.lang(c))
			if b.loadUser(c, s) != nil {
				c.Set(keyUser, nil)
			}
		}
		status, message := statusOf(err)
		if status >= 500 {
			d.Log.Error("request failed", "err", err, "path", c.Request().URL.Path, "request_id", requestID(c))
			message = views.T(langOf(c), "err.500")
		}
		if message == "" && status == http.StatusUnprocessableEntity {
			message = msg(c, err)
		}
		if message == "" {
			message = defaultMessage(langOf(c), status)
		}
		if c.Request().Method == http.MethodHead {
			c.NoContent(status)
			return
		}
		p := b.page(c, errorTitleKey(status), "")
		if rerr := render(c, status, views.ErrorPage(p, views.ErrorVM{Status: status, Message: message})); rerr != nil {
			d.Log.Error("render error page", "err", rerr, "request_id", requestID(c))
			c.String(status, http.StatusText(status))
		}
	}
}

// apiErrorHandler answers what reaches the partner API's Echo unanswered (an unknown path, a
// panic) in the BSS error format, and logs a 5xx.
func apiErrorHandler(d Deps) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, _ := statusOf(err)
		if status >= 500 {
			d.Log.Error("request failed", "err", err, "path", c.Request().URL.Path, "request_id", requestID(c))
		}
		api.WriteError(c, status)
	}
}

// statusOf maps an error to a status and a message safe to show.
func statusOf(err error) (int, string) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		m, _ := he.Message.(string)
		if he.Code >= 500 || m == http.StatusText(he.Code) {
			m = ""
		}
		return he.Code, m
	}
	switch {
	case errors.Is(err, models.ErrNotFound), errors.Is(err, models.ErrNotYourReseller):
		return http.StatusNotFound, ""
	case errors.Is(err, models.ErrForbidden):
		return http.StatusForbidden, ""
	}
	var me *models.Error
	if errors.As(err, &me) { // a rule the handler did not turn into a field error: the request, not the server
		return http.StatusUnprocessableEntity, ""
	}
	return http.StatusInternalServerError, ""
}

func defaultMessage(lang string, status int) string {
	switch status {
	case http.StatusNotFound:
		return views.T(lang, "err.not_found")
	case http.StatusForbidden:
		return views.T(lang, "err.forbidden")
	}
	return views.T(lang, "err.invalid")
}

func errorTitleKey(status int) string {
	if k := "err.page_title." + itoa(status); views.HasKey(k) {
		return k
	}
	return "err.page_title.400"
}

func itoa(n int) string { return strconv.Itoa(n) }
