package handlers

import (
	"strings"
	"time"

	"partnerhub/models"
)

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
