package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// base carries the dependencies every handler shares.
type base struct{ Deps }

// page builds what every page needs: the menus the user may use, breadcrumbs, flashes, language.
func (b *base) page(c echo.Context, title, menu string, crumbs ...views.Crumb) views.Page {
	u := currentUser(c)
	csrf, _ := session(c).Values["csrf"].(string)
	return views.Page{
		Lang: langOf(c), Title: title, Menu: menu, Crumbs: crumbs, Nav: navFor(u, menu),
		User: u, Partner: currentPartner(c), CSRF: csrf, Flashes: popFlashes(c),
		URL: c.Request().URL, RequestID: requestID(c),
	}
}

// Menus. Only the areas that exist and that the user's role may use are shown.
func navFor(u *models.User, active string) []views.NavItem {
	if u == nil {
		return nil
	}
	var items []views.NavItem
	add := func(key, href string) {
		items = append(items, views.NavItem{Key: key, Href: href, Active: key == active})
	}
	switch u.Kind {
	case models.OperatorUser:
		add("nav.home", "/")
		add("nav.ops", "/ops/applications")
	case models.CustomerUser:
		add("nav.portal", "/customer")
	case models.PartnerUser:
		add("nav.home", "/")
		if u.PartnerID == nil { // a former member has only its home, where invitations back wait
			break
		}
		if mayViewSales(u) {
			add("nav.sales", "/sales/customers")
		}
		if mayViewBusiness(u) {
			add("nav.business", "/business/funds")
		}
		if mayInquire(u) {
			add("nav.orders", "/orders/price-inquiry")
		}
		add("nav.partner", "/partner/profile") // every member sees its partner's profile
	}
	return items
}

// salesRoles may open the Sales lists (the routes' requireUser says the same).
var salesRoles = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleViewer}

func mayViewSales(u *models.User) bool {
	return u.Kind == models.PartnerUser && u.Roles.Has(salesRoles...)
}

// mayViewBusiness: Customer business (funds) is for admins, finance members and viewers.

func mayViewBusiness(u *models.User) bool {
	return u.Kind == models.PartnerUser && u.Roles.Has(models.RoleAdmin, models.RoleFinance, models.RoleViewer)
}

// businessSide is the Customer business sub-menu, funds then coupons; reseller funding and the
// quotas given to resellers are a master distributor's.
func businessSide(active string, p *models.Partner) []views.NavItem {
	master := p != nil && p.Kind == models.MasterDistributor
	item := func(key, href, name string) views.NavItem {
		return views.NavItem{Key: key, Href: href, Active: active == name}
	}
	items := []views.NavItem{
		{Key: "nav.funds"},
		item("nav.funds_home", "/business/funds", "funds"),
		item("nav.adjust_records", "/business/funds/adjust-records", "adjust"),
		item("nav.statement", "/business/funds/statement", "statement"),
	}
	if master {
		items = append(items, item("nav.reseller_funds", "/business/funds/resellers", "resellers"))
	}
	items = append(items, views.NavItem{Key: "nav.coupons"},
		item("nav.quotas", "/business/coupons", "quotas"),
		item("nav.issue_coupons", "/business/coupons/issue", "issue"),
		item("nav.issued_coupons", "/business/coupons/issued", "issued"),
		item("nav.coupon_records", "/business/coupons/records", "records"))
	if master {
		items = append(items, item("nav.reseller_quotas", "/business/coupons/reseller-quotas", "reseller-quotas"),
			item("nav.quota_records", "/business/coupons/reseller-quotas/records", "quota-records"))
	}
	return items
}

// opsSide is the operator's sub-menu.
func opsSide(active string) []views.NavItem {
	items := []views.NavItem{
		{Key: "nav.applications", Href: "/ops/applications", Active: active == "applications"},
		{Key: "nav.partners", Href: "/ops/partners", Active: active == "partners"},
		{Key: "nav.verifications", Href: "/ops/verifications", Active: active == "verifications"},
		{Key: "nav.directory", Href: "/ops/directory", Active: active == "directory"},
		{Key: "nav.catalog", Href: "/ops/catalog", Active: active == "catalog"},
		{Key: "nav.discounts", Href: "/ops/discounts", Active: active == "discounts"},
		{Key: "nav.ceilings", Href: "/ops/catalog/ceilings", Active: active == "ceilings"},
		{Key: "nav.deposits", Href: "/ops/deposits", Active: active == "deposits"},
	}
	items = append(items, views.NavItem{Key: "nav.ops_quotas", Href: "/ops/quotas", Active: active == "quotas"})
	return append(items, views.NavItem{Key: "nav.audit", Href: "/ops/audit", Active: active == "audit"})
}

// salesSide is the Sales sub-menu.
func salesSide(active string) []views.NavItem {
	return []views.NavItem{
		{Key: "nav.customers", Href: "/sales/customers", Active: active == "customers"},
		{Key: "nav.enterprises", Href: "/sales/expand", Active: active == "lookup"},
		{Key: "nav.invitations", Href: "/sales/expand/invitations", Active: active == "records"},
	}
}

// partnerSide is the Partner sub-menu: the profile for every member, the rest for admins, the
// resellers for a master distributor's.
func partnerSide(c echo.Context, active string) []views.NavItem {
	items := []views.NavItem{{Key: "nav.profile", Href: "/partner/profile", Active: active == "profile"}}
	if !currentUser(c).Roles.Has(models.RoleAdmin) {
		return items
	}
	items = append(items, views.NavItem{Key: "nav.members", Href: "/partner/members", Active: active == "members"})
	if p := currentPartner(c); p != nil && p.Kind == models.MasterDistributor {
		items = append(items, views.NavItem{Key: "nav.resellers", Href: "/partner/resellers", Active: active == "resellers"})
	}
	return append(items,
		views.NavItem{Key: "nav.access_keys", Href: "/partner/access-keys", Active: active == "access-keys"},
		views.NavItem{Key: "nav.api", Href: "/partner/api", Active: active == "api"},
		views.NavItem{Key: "nav.audit", Href: "/partner/audit", Active: active == "audit"})
}

// requireUser lets through signed-in users of one kind (and, for partner members, one of the
// roles); anyone else signed in gets 403, and a visitor goes to the sign-in page.
func requireUser(kind models.UserKind, roles ...models.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				return redirectToLogin(c)
			}
			if u.Kind != kind || len(roles) > 0 && !u.Roles.Has(roles...) {
				return echo.NewHTTPError(http.StatusForbidden, refusedFor(langOf(c), kind, roles))
			}
			return next(c)
		}
	}
}

// refusedFor says who may open a page: its kind of user or, for partner members, its roles.
func refusedFor(lang string, kind models.UserKind, roles []models.Role) string {
	if kind != models.PartnerUser || len(roles) == 0 {
		return views.T(lang, "err.page_for", views.T(lang, "role."+string(kind)))
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = views.T(lang, "role."+r.Name())
	}
	return views.T(lang, "err.page_roles", strings.Join(names, views.T(lang, "common.list_sep")))
}

func redirectToLogin(c echo.Context) error {
	if err := flash(c, "info", views.T(langOf(c), "login.please")); err != nil {
		return err
	}
	target := "/login"
	if c.Request().Method == http.MethodGet {
		target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// safeNext accepts only a plain local path as a post-sign-in destination (no open redirect): a
// "/" not followed by another, then printable ASCII without spaces or backslashes. Browsers drop
// tabs and line breaks from a URL and read "\" as "/", so "/\t/host" and "/\host" lead to another
// site; a path of this console, escaped as its links are, needs none of them. It must also be a
// well-formed URL (no broken %-escape) with neither scheme nor host.
func safeNext(next string) string {
	if len(next) > 512 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return ""
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return ""
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return next
}

// home is where a user lands after sign-in.
func home(u *models.User) string {
	if u.Kind == models.CustomerUser {
		return "/customer"
	}
	return "/"
}

// msg translates a domain error for the page; a text too long for its field says the limit.
func msg(c echo.Context, err error) string {
	var fe *models.FieldError
	if errors.As(err, &fe) && fe.Err == models.ErrTextTooLong {
		return views.T(langOf(c), "err.too_long", fe.Max)
	}
	var e *models.Error
	if errors.As(err, &e) {
		return views.T(langOf(c), e.Key)
	}
	return views.T(langOf(c), "err.invalid")
}

// fieldOfErr is the input field a domain refusal names (a *models.FieldError: a stored text the
// models refused), or "".
func fieldOfErr(err error) string {
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}
