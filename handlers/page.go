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
	addr := c.Request().URL
	if form := formPageOf(c); form != nil { // a refused form: the switch goes to the form's page
		addr = form
	}
	return views.Page{
		Lang: langOf(c), Title: title, Menu: menu, Crumbs: crumbs, Nav: navFor(c, u, menu),
		User: u, Partner: currentPartner(c), CSRF: csrf, Flashes: popFlashes(c),
		URL: addr, RequestID: requestID(c),
		Allow: func(path string) bool { return can(c, path) },
	}
}

// Menus. Only the areas that exist and that the user may open (the route table's rule) are shown.
func navFor(c echo.Context, u *models.User, active string) []views.NavItem {
	if u == nil {
		return nil
	}
	var items []views.NavItem
	add := func(key, href string) {
		if can(c, href) {
			items = append(items, views.NavItem{Key: key, Href: href, Active: key == active})
		}
	}
	switch u.Kind {
	case models.OperatorUser:
		add("nav.home", "/")
		add("nav.ops", views.PathApplications)
	case models.CustomerUser:
		add("nav.portal", views.PathPortal)
		add("nav.portal_orders", views.PathPortalOrders)
		add("nav.resources", views.PathPortalResources)
		add("nav.portal_bills", views.PathPortalBills)
		add("nav.topup", views.PathTopup)
		add("nav.tickets", "/customer/tickets")
		add("nav.access_keys", views.PathPortalAccessKeys)
	case models.PartnerUser:
		add("nav.home", "/")
		if u.PartnerID == nil { // a former member has only its home, where invitations back wait
			break
		}
		add("nav.sales", views.PathCustomers)
		add("nav.business", views.PathFunds)
		add("nav.orders", views.PathOrders)
		add("nav.bills", views.PathBills)
		add("nav.support", "/support/tickets")
		add("nav.partner", views.PathProfile) // every member sees its partner's profile
	}
	return items
}

// salesRoles may open the Sales lists.
var salesRoles = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleViewer}

// businessSide is the Customer business sub-menu, funds then coupons; reseller funding and the
// quotas given to resellers are a master distributor's.
func businessSide(active string, p *models.Partner) []views.NavItem {
	master := p != nil && p.Kind == models.MasterDistributor
	item := func(key, href, name string) views.NavItem {
		return views.NavItem{Key: key, Href: href, Active: active == name}
	}
	items := []views.NavItem{
		{Key: "nav.funds"},
		item("nav.funds_home", views.PathFunds, "funds"),
		item("nav.adjust_records", views.PathAdjustRecords, "adjust"),
		item("nav.statement", views.PathStatement, "statement"),
	}
	if master {
		items = append(items, item("nav.reseller_funds", views.PathResellerFunds, "resellers"))
	}
	items = append(items, views.NavItem{Key: "nav.coupons"},
		item("nav.quotas", views.PathQuotas, "quotas"),
		item("nav.issue_coupons", views.PathIssue, "issue"),
		item("nav.issued_coupons", views.PathIssued, "issued"),
		item("nav.coupon_records", views.PathCouponRecords, "records"))
	if master {
		items = append(items, item("nav.reseller_quotas", views.PathResellerQuotas, "reseller-quotas"),
			item("nav.quota_records", views.PathQuotaRecords, "quota-records"))
	}
	return items
}

// opsSide is the operator's sub-menu.
func opsSide(active string) []views.NavItem {
	items := []views.NavItem{
		{Key: "nav.applications", Href: views.PathApplications, Active: active == "applications"},
		{Key: "nav.partners", Href: views.PathOpsPartners, Active: active == "partners"},
		{Key: "nav.verifications", Href: views.PathVerifications, Active: active == "verifications"},
		{Key: "nav.directory", Href: views.PathDirectory, Active: active == "directory"},
		{Key: "nav.catalog", Href: views.PathOpsCatalog, Active: active == "catalog"},
		{Key: "nav.products", Href: views.PathOpsProducts, Active: active == "products"},
		{Key: "nav.regions", Href: views.PathOpsRegions, Active: active == "regions"},
		{Key: "nav.discounts", Href: views.PathOpsDiscounts, Active: active == "discounts"},
		{Key: "nav.ceilings", Href: views.PathOpsCeilings, Active: active == "ceilings"},
		{Key: "nav.deposits", Href: views.PathDeposits, Active: active == "deposits"},
		{Key: "nav.ops_orders", Href: views.PathOpsOrders, Active: active == "orders"},
		{Key: "nav.ops_adjust", Href: views.PathOpsAdjust, Active: active == "adjust"},
	}
	items = append(items, views.NavItem{Key: "nav.ops_quotas", Href: views.PathOpsQuotas, Active: active == "quotas"},
		views.NavItem{Key: "nav.ops_tickets", Href: "/ops/tickets", Active: active == "tickets"})
	return append(items, views.NavItem{Key: "nav.audit", Href: views.PathOpsAudit, Active: active == "audit"})
}

// salesSide is the Sales sub-menu.
func salesSide(active string) []views.NavItem {
	return []views.NavItem{
		{Key: "nav.customers", Href: views.PathCustomers, Active: active == "customers"},
		{Key: "nav.enterprises", Href: views.PathExpand, Active: active == "lookup"},
		{Key: "nav.invitations", Href: views.PathExpandInvites, Active: active == "records"},
	}
}

// partnerSide is the Partner sub-menu: the profile for every member, the rest for admins, the
// resellers for a master distributor's.
func partnerSide(c echo.Context, active string) []views.NavItem {
	items := []views.NavItem{{Key: "nav.profile", Href: views.PathProfile, Active: active == "profile"}}
	if !currentUser(c).Roles.Has(models.RoleAdmin) {
		return items
	}
	items = append(items, views.NavItem{Key: "nav.members", Href: views.PathMembers, Active: active == "members"})
	if p := currentPartner(c); p != nil && p.Kind == models.MasterDistributor {
		items = append(items, views.NavItem{Key: "nav.resellers", Href: views.PathResellers, Active: active == "resellers"})
	}
	return append(items,
		views.NavItem{Key: "nav.access_keys", Href: views.PathAccessKeys, Active: active == "access-keys"},
		views.NavItem{Key: "nav.api", Href: views.PathAPI, Active: active == "api"},
		views.NavItem{Key: "nav.audit", Href: views.PathPartnerAudit, Active: active == "audit"})
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
	target := views.PathLogin
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
		return views.PathPortal
	}
	return "/"
}

// msg translates a domain error for the page; a text too long for its field says the limit.
func msg(c echo.Context, err error) string {
	var fe *models.FieldError
	if errors.As(err, &fe) && fe.Err == models.ErrTextTooLong {
		return views.T(langOf(c), "err.too_long", fe.Max)
	}
	var po *models.PendingOrdersError // an unbinding refused: the orders to settle first, by number
	if errors.As(err, &po) {
		return views.T(langOf(c), "err.pending_orders_list", strings.Join(po.Orders, views.T(langOf(c), "common.list_sep")))
	}
	var ar *models.ArrearsError // an unbinding refused: the arrears to pay first
	if errors.As(err, &ar) {
		return views.T(langOf(c), "err.in_arrears_amount", ar.Amount.Format())
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
