package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
)

// Links a role cannot open: for every demo sign-in, walk the console from its home along the
// links its pages show, and check that every console link answers neither 403 nor 404. The menus
// and links come from the route table's rule (Page.Can), so a link shows only where it opens.

var linkDigits = regexp.MustCompile(`[0-9]+`)

// linkShape is a link with its ids and query values left out, so that a list's hundred rows cost
// three requests while each filter a page links to is tried.
func linkShape(href string) string {
	path, query, _ := strings.Cut(href, "?")
	q, _ := url.ParseQuery(query)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return linkDigits.ReplaceAllString(path, "N") + "?" + strings.Join(keys, "&")
}

func TestLinksOpenForEveryRole(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for _, u := range models.DemoUsers {
		t.Run(u.Username, func(t *testing.T) {
			walkLinks(t, app.client(t).login(u.Username), u.Username)
		})
	}
}

func walkLinks(t *testing.T, c *client, who string) {
	const maxPages, perShape = 150, 3
	start := "/"
	queue, checked, shapes, pages := []string{start}, map[string]bool{start: true}, map[string]int{}, 0
	for len(queue) > 0 && pages < maxPages {
		from := queue[0]
		queue = queue[1:]
		r := c.get(from)
		for r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/") && !strings.HasPrefix(r.Location, "/login") {
			from = r.Location
			r = c.get(from)
		}
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "<html") {
			continue
		}
		pages++
		r.Doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			if !consoleLink(href) || checked[href] || shapes[linkShape(href)] >= perShape {
				return
			}
			checked[href] = true
			shapes[linkShape(href)]++
			st := c.get(href).Status
			if st == http.StatusForbidden || st == http.StatusNotFound {
				t.Errorf("%s: %s links to %s (%q): %d", who, from, href, strings.TrimSpace(s.Text()), st)
				return
			}
			queue = append(queue, href)
		})
	}
	if pages < 1 {
		t.Errorf("%s: no page walked", who)
	}
	t.Logf("%s: %d pages walked, %d links checked", who, pages, len(checked))
}

// consoleLink: a link into the console that a GET follows (not a static file, the API, or the
// language switch, which would only change the walk's language).
func consoleLink(href string) bool {
	u, err := url.Parse(href)
	if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") {
		return false
	}
	return u.Query().Get("lang") == "" && !isAPIPath(u.Path)
}
