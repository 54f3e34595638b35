package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// permit is who may open a route. The zero value is anyone, visitors included.
type permit struct {
	kind  models.UserKind // "" for anyone
	roles []models.Role   // a partner member needs one of them (none: any member)
	// master: a master distributor's page. The page itself refuses other partners (its own 403 or
	// 404, with its own message); the rule hides links to it from them.
	master bool
}

func partnerRoles(roles ...models.Role) permit { return permit{kind: models.PartnerUser, roles: roles} }

// masters narrows a rule to a master distributor's members.
func (a permit) masters() permit { a.master = true; return a }

// refusal is how the route refuses u: 0 when it lets u in, 303 to the sign-in page for a
// visitor, 403 for another kind of user or role.
func (a permit) refusal(u *models.User) int {
	switch {
	case a.kind == "":
		return 0
	case u == nil:
		return http.StatusSeeOther
	case u.Kind != a.kind || len(a.roles) > 0 && !u.Roles.Has(a.roles...):
		return http.StatusForbidden
	}
	return 0
}

// opens tells whether a link to the route opens for u, a member of p.
func (a permit) opens(u *models.User, p *models.Partner) bool {
	return a.refusal(u) == 0 && (!a.master || p != nil && p.Kind == models.MasterDistributor)
}

// gate enforces a route's rule.
func gate(a permit) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			switch a.refusal(currentUser(c)) {
			case http.StatusSeeOther:
				return redirectToLogin(c)
			case http.StatusForbidden:
				return echo.NewHTTPError(http.StatusForbidden, refusedFor(langOf(c), a.kind, a.roles))
			}
			return next(c)
		}
	}
}

// routeTable answers, for a console path, the rule of the page it opens, and for a form's
// address, the page the form is on.
type routeTable struct {
	pages      []route           // the GET routes
	segs       [][]string        // each page's pattern, split at /
	seen       sync.Map          // path → pageMatch: every page asks for each link of its menus
	seenN      atomic.Int64      // entries in seen (bounded: paths with ids are many)
	formPages  map[string]string // a POST-only pattern → the pattern of the page its form is on
	postAccess map[string]permit
}

func newRouteTable(rs []route) *routeTable {
	t := &routeTable{formPages: map[string]string{}, postAccess: map[string]permit{}}
	gets := map[string]bool{}
	for _, r := range rs {
		if r.method == http.MethodGet {
			t.pages = append(t.pages, r)
			t.segs = append(t.segs, strings.Split(r.path, "/"))
			gets[r.path] = true
		}
	}
	for _, r := range rs {
		if r.method != http.MethodPost || gets[r.path] {
			continue
		}
		// the form's page is the nearest enclosing path that is a page:
		// /sales/customers/:id/allocate is on /sales/customers/:id
		for p := parentPath(r.path); ; p = parentPath(p) {
			if gets[p] {
				t.formPages[r.path], t.postAccess[r.path] = p, r.who
				break
			}
		}
	}
	return t
}

func parentPath(p string) string {
	if i := strings.LastIndexByte(p, '/'); i > 0 {
		return p[:i]
	}
	return "/"
}

// page finds the GET route that answers path (query and fragment ignored); a static segment
// wins over a parameter, as in Echo's router.
func (t *routeTable) page(path string) (route, bool) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if m, ok := t.seen.Load(path); ok {
		return m.(pageMatch).r, m.(pageMatch).ok
	}
	segs := strings.Split(path, "/")
	best, bestStatic := route{}, -1
	for i, r := range t.pages {
		if n := matchSegments(t.segs[i], segs); n > bestStatic {
			best, bestStatic = r, n
		}
	}
	if t.seenN.Load() < maxSeenPaths {
		t.seenN.Add(1)
		t.seen.Store(path, pageMatch{best, bestStatic >= 0})
	}
	return best, bestStatic >= 0
}

// maxSeenPaths bounds the paths page remembers: the menus' links are a few hundred, links with
// ids are as many as the rows, and past the bound a path is matched anew each time.
const maxSeenPaths = 4096

type pageMatch struct {
	r  route
	ok bool
}

// matchSegments is the number of static segments when pattern matches path, or -1.
func matchSegments(pattern, path []string) int {
	if len(pattern) != len(path) {
		return -1
	}
	static := 0
	for i, s := range pattern {
		switch {
		case strings.HasPrefix(s, ":") && path[i] != "":
		case s == path[i]:
			static++
		default:
			return -1
		}
	}
	return static
}

// can tells whether the signed-in user may open path: a link is shown only where it opens.
func can(c echo.Context, path string) bool {
	r, ok := table().page(path)
	return ok && r.who.opens(currentUser(c), currentPartner(c))
}

// formPageOf is the address of the page the current request's form is on, for a request that
// is not a GET (its own address answers no GET), else nil.
func formPageOf(c echo.Context) *url.URL {
	if c.Request().Method == http.MethodGet {
		return nil
	}
	page, ok := table().formPages[c.Path()]
	if !ok {
		return nil
	}
	return &url.URL{Path: fillParams(page, c)}
}

// fillParams fills pattern's parameters with the request's values of the same names.
func fillParams(pattern string, c echo.Context) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = url.PathEscape(c.Param(s[1:]))
		}
	}
	return strings.Join(segs, "/")
}

// backToForm answers a GET at a form's address with the page the form is on; an id that
// cannot be one is not found, as on the form's own address.
func backToForm(page string) echo.HandlerFunc {
	return func(c echo.Context) error {
		for _, name := range c.ParamNames() {
			if _, ok := parseID(c.Param(name)); name == "id" && !ok {
				return echo.NewHTTPError(http.StatusNotFound)
			}
		}
		return c.Redirect(http.StatusSeeOther, fillParams(page, c))
	}
}

func redirectTo(path string) echo.HandlerFunc {
	return func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, path) }
}

// toLastPage answers a list asked for a page past its end (an old link, a typed page number)
// with its last page.
func toLastPage(c echo.Context, pg views.Pager) error {
	return c.Redirect(http.StatusSeeOther, pg.Href(pg.Pages()))
}

// pagerURL is the address a list's pager links build on: the request's, or, for a refused form
// re-rendered at the form's address, the form's page (a pager link must open a list).
func pagerURL(c echo.Context) *url.URL {
	if u := formPageOf(c); u != nil {
		return u
	}
	return c.Request().URL
}
