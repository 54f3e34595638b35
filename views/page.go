// Package views renders the console's pages with templ. Pages take a Page (what every page needs)
// and a view model built by the handler; they never query anything.
package views

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"partnerhub/models"
)

// Page is what every page needs.
type Page struct {
	Lang      string
	Title     string // message key
	Crumbs    []Crumb
	Menu      string // active top menu key
	Side      []NavItem
	Nav       []NavItem
	User      *models.User
	Partner   *models.Partner // the signed-in member's partner
	CSRF      string
	Flashes   []Flash
	URL       *url.URL // the request's URL, for the language switch
	RequestID string
	// Allow tells whether the user may open a console path (the route table's rule); nil allows
	// everything (a page rendered outside a request).
	Allow func(path string) bool
}

// Can tells whether a link to path opens for the user: pages show a link only where it does.
func (p Page) Can(path string) bool { return p.Allow == nil || p.Allow(path) }

// Crumb is one breadcrumb; an empty Href is the current page.
type Crumb struct{ Key, Text, Href string }

// NavItem is a menu entry; in a sub-menu, one without Href heads a group.
type NavItem struct {
	Key, Href string
	Active    bool
}

// Flash is a message shown once after an action.
type Flash struct{ Kind, Text string }

// T translates key in the page's language.
func (p Page) T(key string, args ...any) string { return T(p.Lang, key, args...) }

// LangURL is the current URL with ?lang= set to lang.
func (p Page) LangURL(lang string) string {
	if p.URL == nil {
		return "/?lang=" + lang
	}
	q := p.URL.Query()
	q.Set("lang", lang)
	return p.URL.Path + "?" + q.Encode()
}

// Date shows t as 2026-11-23 in Asia/Shanghai.
func Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(models.BusinessZone).Format("2006-01-02")
}

// DateTime shows t as 2026-11-23 14:05 in Asia/Shanghai.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(models.BusinessZone).Format("2006-01-02 15:04")
}

// DatePtr shows an optional time as a date.
func DatePtr(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return DateTime(*t)
}

// Money shows an amount as ¥1,234.50.
func Money(m models.Money) string { return m.Format() }

// Int shows n with thousands separators.
func Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + Int(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Dash shows s, or a dash when empty.
func Dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ID shows an id in a URL.
func ID(id uint64) string { return strconv.FormatUint(id, 10) }

// Key builds a message key from a prefix and a value, e.g. Key("mode.", 2).
func Key(prefix string, v any) string { return prefix + fmt.Sprint(v) }

// Pager is the paging state of a list.
type Pager struct {
	Page, Limit int
	Total       int64
	URL         *url.URL
}

// Pages is the number of pages, at least 1, and no more than can be reached (models.MaxOffset).
func (p Pager) Pages() int {
	n := int((p.Total + int64(p.Limit) - 1) / int64(p.Limit))
	if maxPages := models.MaxOffset/p.Limit + 1; n > maxPages {
		n = maxPages
	}
	return max(n, 1)
}

// Href is the list's URL on page n.
func (p Pager) Href(n int) string {
	q := p.URL.Query()
	q.Set("page", strconv.Itoa(n))
	return p.URL.Path + "?" + q.Encode()
}

// Truncated tells whether some rows cannot be paged to.
func (p Pager) Truncated() bool {
	return p.Total > int64(models.MaxOffset+p.Limit)
}
