package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Resources are the yearly/monthly and on-demand resources' pages, in the console's Orders menu
// and in the customer portal: the same handlers, the area sets the links and the menu.
type Resources struct {
	*base
	area   views.ResourceArea
	orders string // the orders' pages of the area, linked from a resource
}

func newResources(b *base) (console, portal *Resources) {
	return &Resources{b, views.ResourceArea{Prefix: views.PathResources}, "/orders"},
		&Resources{b, views.ResourceArea{Prefix: views.PathPortalResources, Portal: true}, "/customer/orders"}
}

// resourceRoutes are the resources' pages: a partner's members who read customers, and customers.
func resourceRoutes(b *base) []route {
	console, portal := newResources(b)
	return slices.Concat([]route{
		get(views.PathResources, console.Index, customerReaders),
		get(views.PathResources+"/:id", console.Show, customerReaders),
		get(views.PathPortalResources, portal.Index, customerUsers),
		get(views.PathPortalResources+"/:id", portal.Show, customerUsers),
	}, console.actionRoutes(orderers), portal.actionRoutes(customerUsers))
}

// actionRoutes are a resource's actions in the area: renew, auto-renew, unsubscribe (the models
// decide who may, under which authorization).
func (h *Resources) actionRoutes(who permit) []route {
	p := h.area.Prefix + "/:id"
	return []route{
		post(p+"/renew/confirm", h.ConfirmRenew, who),
		post(p+"/renew", h.Renew, who),
		post(p+"/auto-renew", h.SetAutoRenew, who),
		post(p+"/auto-renew/cancel", h.CancelAutoRenew, who),
		post(p+"/unsubscribe/confirm", h.ConfirmUnsubscribe, who),
		post(p+"/unsubscribe", h.Unsubscribe, who),
	}
}

func (h *Resources) pageOf(c echo.Context, title string, crumbs ...views.Crumb) views.Page {
	crumbs = append([]views.Crumb{{Key: "resource.list", Href: h.area.Prefix}}, crumbs...)
	if h.area.Portal {
		return h.page(c, title, "nav.resources", crumbs...)
	}
	p := h.page(c, title, "nav.orders", append([]views.Crumb{{Key: "nav.orders", Href: views.PathOrders}}, crumbs...)...)
	p.Side = ordersSide("resources")
	return p
}

// Index lists the main resources the user may see, by status tab and filters.
func (h *Resources) Index(c echo.Context) error {
	ctx := c.Request().Context()
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	q := parseResourceQuery(c.QueryParams(), cat, h.Now())
	vm := views.ResourceListVM{Area: h.area, Catalog: cat, Query: q.Form, Ignored: q.Ignored}
	if q.Filter.CustomerID != 0 {
		if vm.Customer, err = h.customerName(c, q.Filter.CustomerID); err != nil {
			return err
		}
	}
	if vm.List, err = models.ListResources(ctx, h.DB, actor(c), q.Filter); err != nil {
		return err
	}
	vm.Pager = views.Pager{Page: q.Page, Limit: q.Filter.Limit, Total: vm.List.Total, URL: pagerURL(c)}
	return render(c, http.StatusOK, views.ResourcesPage(h.pageOf(c, "resource.list"), vm))
}

// customerName is the filtered customer's name; another partner's customer is not found.
func (h *Resources) customerName(c echo.Context, id uint64) (string, error) {
	if h.area.Portal {
		return "", nil
	}
	d, err := models.GetCustomer(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return "", err
	}
	return views.CustomerLabel(d.Customer.AccountName, d.Customer.RealName), nil
}

// Show is a resource's page; anyone else's resource is not found.
func (h *Resources) Show(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return h.renderResource(c, http.StatusOK, id, nil)
}

// renderResource renders a resource's page with its actions' forms, as edit leaves them (a
// refused form typed again, with its reason).
func (h *Resources) renderResource(c echo.Context, status int, id uint64, edit func(*views.ResourceVM)) error {
	ctx := c.Request().Context()
	d, err := models.GetResource(ctx, h.DB, actor(c), id)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	vm := views.ResourceVM{Area: h.area, Catalog: cat, D: d, Actions: h.actionsFor(c, &d.Resource)}
	if can(c, h.orders) {
		vm.Orders = h.orders
	}
	if vm.Actions.Offered {
		if vm.Actions.Open, err = models.OpenOrderOf(ctx, h.DB, actor(c), d.ID); err != nil {
			return err
		}
		if vm.Actions.Open != nil && vm.Orders != "" {
			vm.Actions.OpenHref = vm.Orders + "/" + views.ID(vm.Actions.Open.ID)
		}
	}
	if edit != nil {
		edit(&vm)
	}
	return render(c, status, views.ResourcePage(h.pageOf(c, "resource.facts", views.Crumb{Text: d.PublicID}), vm))
}

// resourceQuery is the resources list's query: the filter, the form as typed, the parameters
// ignored.
type resourceQuery struct {
	Filter  models.ResourceFilter
	Form    views.ResourceQuery
	Page    int
	Ignored []string
}

// parseResourceQuery reads the list's query; a value it cannot use is ignored and named.
func parseResourceQuery(v url.Values, cat *models.Catalog, now time.Time) resourceQuery {
	q := resourceQuery{Filter: models.ResourceFilter{Limit: models.DefaultLimit}}
	bad := func(name string) { q.Ignored = append(q.Ignored, name) }
	if s := v.Get("status"); s != "" {
		if st, ok := resourceStatus(s); ok {
			q.Filter.Status, q.Form.Status = st, s
		} else {
			bad("status")
		}
	}
	if s := v.Get("service"); s != "" {
		if cat.ServiceType(s) != nil {
			q.Filter.ServiceType, q.Form.Service = s, s
		} else {
			bad("service")
		}
	}
	if s := v.Get("region"); s != "" {
		if cat.Region(s) != nil {
			q.Filter.Region, q.Form.Region = s, s
		} else {
			bad("region")
		}
	}
	if s := v.Get("customer"); s != "" {
		if id, ok := parseID(s); ok {
			q.Filter.CustomerID, q.Form.Customer = id, s
		} else {
			bad("customer")
		}
	}
	if s := v.Get("expiring"); s != "" {
		if slices.Contains(views.ExpiringChoices, s) {
			days, _ := parsePage(s)
			q.Filter.Expire, q.Filter.SoonestFirst = models.TimeRange{From: now, To: now.AddDate(0, 0, days)}, true
			q.Form.Expiring = s
		} else {
			bad("expiring")
		}
	}
	var ok bool
	if q.Page, ok = parsePage(v.Get("page")); !ok {
		bad("page")
	}
	q.Filter.Offset = (q.Page - 1) * q.Filter.Limit
	return q
}

// resourceStatus reads a status tab: one of the resources' statuses.
func resourceStatus(s string) (int8, bool) {
	for _, st := range models.ResourceStatuses {
		if views.Key("", st) == s {
			return st, true
		}
	}
	return 0, false
}
