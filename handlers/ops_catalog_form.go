package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The price list's import routes take a whole list, well past the console's 1 MB: a file at the
// parser's row limit (models.MaxPriceRows), at up to 300 bytes a row, and the form around it.
const (
	pathPricePreview = "/ops/catalog/import/preview"
	pathPriceImport  = "/ops/catalog/import"
	maxPriceFileBody = models.MaxPriceRows*300 + 1<<20
)

// ownBodyLimit: the routes that carry files have their own, larger body limit (the work orders'
// uploads, the price list's import), set on their route.
func ownBodyLimit(c echo.Context) bool {
	if ticketUpload(c) {
		return true
	}
	p := c.Request().URL.Path
	return c.Request().Method == http.MethodPost && (p == pathPricePreview || p == pathPriceImport)
}

// parseEffectiveAt reads a new price's effective time as the form's datetime-local control sends
// it, in the business time zone (2026-12-01T08:00, seconds optional); "" is now (the zero time).
func parseEffectiveAt(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if len(s) > 19 {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, models.BusinessZone); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
