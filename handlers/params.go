package handlers

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"partnerhub/models"
	"partnerhub/views"
)

// Parsers of query parameters. Each returns ok=false for a value it cannot use, and the caller
// falls back to the parameter's default and tells the user which parameters it ignored.

// parseID reads an id: a decimal number from 1 to 2^63-1, the range of the database's signed 64-bit
// integers (a larger one would reach the driver and fail as a server error), without leading
// zeros (one id, one spelling). Every id in a path, a query or a form is read here.
func parseID(s string) (uint64, bool) {
	if s == "" || len(s) > 19 || s[0] == '0' || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, false
	}
	return uint64(n), true
}

// parsePage reads a 1-based page number (default 1).
func parsePage(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1000000 {
		return 1, false
	}
	return n, true
}

// parseLimit reads a page size of 10 to 100 (default 10).
func parseLimit(s string) (int, bool) {
	if s == "" {
		return models.DefaultLimit, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < models.DefaultLimit || n > models.MaxLimit {
		return models.DefaultLimit, false
	}
	return n, true
}

// parseDate reads YYYY-MM-DD as the start of that day in Asia/Shanghai, the business day.
func parseDate(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02", s, models.BusinessZone)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// parseMode reads consignment or advisory.
func parseMode(s string) (models.Mode, bool) {
	switch s {
	case "consignment", "2":
		return models.Consignment, true
	case "advisory", "1":
		return models.Advisory, true
	}
	return models.NoMode, s == ""
}

// parseVerified reads a real-name status as the API numbers it: -1, 0, 1, 2.
func parseVerified(s string) (*int8, bool) {
	for _, v := range models.VerifiedStatuses {
		if s == strconv.Itoa(int(v)) {
			return &v, true
		}
	}
	return nil, s == ""
}

// parseSort reads the customer list's order.
func parseSort(s string) (models.CustomerSort, bool) {
	switch models.CustomerSort(s) {
	case models.SortNewest, models.SortOldest, models.SortAccountName:
		return models.CustomerSort(s), true
	}
	return models.SortNewest, s == ""
}

// cleanText trims s and reports whether it is valid UTF-8 of at most max characters.
func cleanText(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	return s, utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && !strings.ContainsRune(s, 0)
}

// formText is what a form shows again of a value the models refused: trimmed, or nothing when it
// is no text at all (broken UTF-8, NUL) or longer than the field takes.
func formText(s string, max int) string {
	s, ok := cleanText(s, max)
	if !ok {
		return ""
	}
	return s
}

// customerQuery is the customer list's query string, parsed.
type customerQuery struct {
	Filter  models.CustomerFilter
	Form    views.CustomerFilterForm
	Ignored []string // parameters replaced by their default
	QError  string   // message key of a search text that cannot be used
}

// parseCustomerQuery reads the customer list's parameters (SPEC section 8), replacing each invalid
// one by its default.
func parseCustomerQuery(v url.Values) customerQuery {
	var q customerQuery
	f, form := &q.Filter, &q.Form
	bad := func(name string) { q.Ignored = append(q.Ignored, name) }
	ok := true
	if form.Q, ok = cleanText(v.Get("q"), 256); !ok {
		form.Q, q.QError = "", "err.invalid"
	} else if form.Q != "" {
		if err := models.CheckSearch(form.Q); err != nil {
			q.QError = "err.search_too_short"
		} else {
			f.Query = form.Q
		}
	}
	if f.Mode, ok = parseMode(v.Get("mode")); !ok {
		bad("mode")
	} else if f.Mode != models.NoMode {
		form.Mode = v.Get("mode")
		if f.Mode == models.Consignment {
			form.Mode = "consignment"
		} else {
			form.Mode = "advisory"
		}
	}
	if f.Verified, ok = parseVerified(v.Get("verified")); !ok {
		bad("verified")
	} else if f.Verified != nil {
		form.Verified = v.Get("verified")
	}
	if r := v.Get("reseller"); r != "" {
		if f.ResellerID, ok = parseID(r); !ok {
			bad("reseller")
		} else {
			form.Reseller = r
		}
	}
	q.parseDates(v.Get("from"), v.Get("to"))
	if l, ok := cleanText(v.Get("label"), 64); !ok {
		bad("label")
	} else {
		f.Label, form.Label = l, l
	}
	if m := v.Get("manager"); m != "" {
		if f.ManagerID, ok = parseID(m); !ok {
			bad("manager")
		} else {
			form.Manager = m
		}
	}
	if f.Sort, ok = parseSort(v.Get("sort")); !ok {
		bad("sort")
	}
	form.Sort = string(f.Sort)
	if f.Page, ok = parsePage(v.Get("page")); !ok {
		bad("page")
	}
	if f.Limit, ok = parseLimit(v.Get("limit")); !ok {
		bad("limit")
	}
	form.Limit = f.Limit
	return q
}

func (q *customerQuery) parseDates(from, to string) {
	if from != "" {
		if t, ok := parseDate(from); ok {
			q.Filter.From, q.Form.From = t, from
		} else {
			q.Ignored = append(q.Ignored, "from")
		}
	}
	if to != "" {
		if t, ok := parseDate(to); ok {
			q.Filter.To, q.Form.To = t.AddDate(0, 0, 1), to // the end day is included
		} else {
			q.Ignored = append(q.Ignored, "to")
		}
	}
	if !q.Filter.From.IsZero() && !q.Filter.To.IsZero() && !q.Filter.From.Before(q.Filter.To) {
		q.Filter.From, q.Filter.To, q.Form.From, q.Form.To = time.Time{}, time.Time{}, "", ""
		q.Ignored = append(q.Ignored, views.FromAfterTo)
	}
}
