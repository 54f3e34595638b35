package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Orders is the orders list and an order's page (包年/包月订单), with pay and cancel, in one of
// two areas: the console's /orders (the partner's orders, a master distributor's resellers' with
// the reseller filter) and the portal's /customer/orders (the customer's own). The models decide
// who sees and does what: another partner's order is not found, a partner pays only under a live
// authorization.
type Orders struct {
	*base
	area views.OrderArea
}

func newOrders(b *base) (console, portal *Orders) {
	return &Orders{b, views.OrderArea{Prefix: views.PathOrders}},
		&Orders{b, views.OrderArea{Prefix: views.PathPortalOrders, Portal: true}}
}

// maxCustomerMatches is how many customers a name in the filter stands for.
const maxCustomerMatches = models.MaxLimit

// Index lists the orders by status tab and filters.
func (h *Orders) Index(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	q := parseOrderQuery(c.QueryParams(), func(code string) bool { return cat.ServiceType(code) != nil })
	vm := views.OrdersVM{Area: h.area, Cat: cat}
	if err := h.partnerFilters(c, &q, &vm); err != nil {
		return err
	}
	list, err := models.ListOrders(ctx, h.DB, a, q.Filter)
	if err != nil {
		return err
	}
	vm.Form, vm.Ignored, vm.Rows, vm.Capped = q.Form, q.Ignored, list.Rows, list.Capped
	vm.Pager = views.Pager{Page: q.Page, Limit: q.Limit, Total: list.Total, URL: pagerURL(c)}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.OrdersPage(h.listPage(c), vm))
}

// partnerFilters resolves the console's own filters: the reseller (one of a master distributor's)
// and the customer's name (the customers it finds, among those the partner may see). The portal
// has neither.
func (h *Orders) partnerFilters(c echo.Context, q *orderQuery, vm *views.OrdersVM) error {
	if h.area.Portal {
		if q.Customer != "" {
			q.bad("customer")
		}
		if q.Filter.ResellerID != 0 {
			q.bad("reseller")
		}
		q.Filter.ResellerID, q.Customer, q.Form.Customer, q.Form.Reseller = 0, "", "", ""
		return nil
	}
	ctx, a := c.Request().Context(), actor(c)
	if p := currentPartner(c); p != nil && p.Kind == models.MasterDistributor {
		rs, err := models.ListResellers(ctx, h.DB, a)
		if err != nil {
			return err
		}
		vm.Resellers = rs
	}
	if id := q.Filter.ResellerID; id != 0 && !hasPartner(vm.Resellers, id) {
		q.Filter.ResellerID, q.Form.Reseller = 0, ""
		q.bad("reseller")
	}
	if q.Customer == "" {
		return nil
	}
	// an account name as typed is one lookup; anything else searches the names by fragment
	list, err := models.ListCustomers(ctx, h.DB, a, models.CustomerFilter{AccountName: q.Customer, ResellerID: q.Filter.ResellerID, Page: 1, Limit: 1})
	if err == nil && len(list.Rows) == 0 {
		list, err = models.ListCustomers(ctx, h.DB, a, models.CustomerFilter{Query: q.Customer, ResellerID: q.Filter.ResellerID,
			Page: 1, Limit: maxCustomerMatches})
	}
	var refused *models.Error
	if errors.As(err, &refused) { // too short, or not a search text
		q.Customer, q.Form.Customer = "", ""
		q.bad("customer")
		return nil
	} else if err != nil {
		return err
	}
	q.Filter.CustomerIDs = make([]uint64, 0, len(list.Rows)) // none found: no order matches
	for _, r := range list.Rows {
		q.Filter.CustomerIDs = append(q.Filter.CustomerIDs, r.ID)
	}
	return nil
}

func hasPartner(ps []models.Partner, id uint64) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

func (h *Orders) listPage(c echo.Context, crumbs ...views.Crumb) views.Page {
	if h.area.Portal {
		cs := []views.Crumb{{Key: "nav.portal", Href: portalPath}, {Key: "nav.portal_orders", Href: views.PathPortalOrders}}
		if len(crumbs) == 0 {
			cs[1].Href = ""
		}
		return h.page(c, "opages.title", "nav.portal_orders", append(cs, crumbs...)...)
	}
	cs := []views.Crumb{{Key: "nav.orders"}, {Key: "nav.order_list", Href: views.PathOrders}}
	if len(crumbs) == 0 {
		cs[1].Href = ""
	}
	p := h.page(c, "opages.title", "nav.orders", append(cs, crumbs...)...)
	p.Side = ordersSide("orders")
	return p
}

// payChoice is what a payment form chose: up to 3 coupons and at most 1 discount (more are
// passed on, for the models to refuse in words).
type payChoice struct {
	coupons  []uint64
	discount uint64
}

func (ch payChoice) discounts() []uint64 {
	if ch.discount == 0 {
		return nil
	}
	return []uint64{ch.discount}
}

func (ch payChoice) set() map[uint64]bool {
	m := make(map[uint64]bool, len(ch.coupons))
	for _, id := range ch.coupons {
		m[id] = true
	}
	return m
}

// bindPayChoice reads the coupon and discount fields; an id that cannot be one is refused.
func bindPayChoice(c echo.Context) (payChoice, bool) {
	var ch payChoice
	for _, s := range formList(c, "coupon") {
		id, ok := parseID(s)
		if !ok {
			return payChoice{}, false
		}
		ch.coupons = append(ch.coupons, id)
	}
	if s := c.FormValue("discount"); s != "" {
		var ok bool
		if ch.discount, ok = parseID(s); !ok {
			return payChoice{}, false
		}
	}
	return ch, true
}

// Show is one order's page.
func (h *Orders) Show(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return h.renderOrder(c, http.StatusOK, id, payChoice{}, "")
}

func (h *Orders) renderOrder(c echo.Context, status int, id uint64, ch payChoice, payErr string) error {
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	o, lines, err := models.GetOrder(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	vm := views.OrderVM{Area: h.area, Order: o, Cat: cat, Lines: views.OrderLineViews(cat, lang, lines), MayAct: h.mayAct(c),
		PayError: payErr, Chosen: ch.set(), Discount: ch.discount, Now: h.Now()}
	if vm.Customer, vm.Partner, err = h.orderNames(c, o); err != nil {
		return err
	}
	if o.Status == models.OrderPendingPayment {
		if vm.Coupons, err = models.OrderCouponChoices(ctx, h.DB, a, id, h.Now()); err != nil {
			return err
		}
		ds, err := models.OrderDiscountChoices(ctx, h.DB, a, id)
		if err != nil {
			return err
		}
		for _, d := range ds {
			vm.Discounts = append(vm.Discounts, views.OrderDiscountView{ID: d.DiscountID, Name: d.Offer.Type.Name(lang),
				Discount: views.MoneyOf(d.Offer.Discount), Amount: views.MoneyOf(d.Offer.Amount)})
		}
	}
	if o.Type == models.OrderUnsubscribe {
		// an unsubscribe order always has its refund record; without one, the page shows none
		if vm.Refund, err = models.RefundOfOrder(ctx, h.DB, a, id); err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if vm.Resources, err = models.OrderResources(ctx, h.DB, a, id); err != nil {
		return err
	}
	if res := views.PathResources; h.area.Portal {
		vm.ResHref = views.PathPortalResources
	} else if can(c, res) {
		vm.ResHref = res
	}
	p := h.listPage(c, views.Crumb{Text: o.OrderID()})
	return render(c, status, views.OrderPage(p, vm))
}

// orderNames are the order's customer (account and real name) and the partner that placed it;
// o is an order the user was given.
func (h *Orders) orderNames(c echo.Context, o *models.Order) (string, string, error) {
	ctx := c.Request().Context()
	if h.area.Portal {
		names, err := models.PartnerNamesOf(ctx, h.DB, []uint64{o.PartnerID})
		return "", names[o.PartnerID], err
	}
	r, err := models.OrderWithCustomer(ctx, h.DB, o)
	if err != nil {
		return "", "", err
	}
	if r.RealName != "" {
		return r.CustomerName + " · " + r.RealName, "", nil
	}
	return r.CustomerName, "", nil
}

// mayAct tells whether the user may pay and cancel here: the customer in the portal, a partner's
// admin or sales member in the console (the models decide the rest).
func (h *Orders) mayAct(c echo.Context) bool {
	return actor(c).MayActOnOrders()
}

// ConfirmPay shows where a payment's money will come from, or the order again with the reason a
// choice is refused (422).
func (h *Orders) ConfirmPay(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ch, ok := bindPayChoice(c)
	if !ok {
		return h.renderOrder(c, http.StatusUnprocessableEntity, id, payChoice{}, views.T(langOf(c), "err.invalid"))
	}
	return h.renderPayConfirm(c, http.StatusOK, id, ch, newToken(), "")
}

func (h *Orders) renderPayConfirm(c echo.Context, status int, id uint64, ch payChoice, idem, errText string) error {
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	pv, err := models.PreviewPayment(ctx, h.DB, a, models.PayInput{OrderID: id, CouponIDs: ch.coupons, DiscountIDs: ch.discounts()}, h.Now())
	if refusal(err) {
		if errText == "" {
			errText = msg(c, err)
		}
		return h.renderOrder(c, http.StatusUnprocessableEntity, id, ch, errText)
	} else if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	vm := views.PayConfirmVM{Area: h.area, P: pv, DiscountID: ch.discount, Idem: idem, Error: errText, Cat: cat}
	if vm.Customer, _, err = h.orderNames(c, pv.Order); err != nil {
		return err
	}
	if pv.Offer != nil { // the discount chosen, priced once with the rest
		vm.DiscountName = pv.Offer.Type.Name(lang)
	}
	p := h.listPage(c, views.Crumb{Text: pv.Order.OrderID(), Href: h.area.Href(id)}, views.Crumb{Key: "opages.pay_title"})
	return render(c, status, views.PayConfirmPage(p, vm))
}

// Pay pays the order with the confirmed choices. The form's one-time key makes a double post pay
// once; the version and price it carries refuse a payment of an order that changed meanwhile. Not
// enough balance shows the confirmation again with how much is missing (422).
func (h *Orders) Pay(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	lang := langOf(c)
	ch, ok := bindPayChoice(c)
	idem := c.FormValue(idemField)
	version, verr := strconv.ParseInt(c.FormValue("version"), 10, 64)
	official, merr := models.ParseMoney(c.FormValue("official"))
	switch {
	case !ok || verr != nil || merr != nil || version < 1:
		return h.renderOrder(c, http.StatusUnprocessableEntity, id, ch, views.T(lang, "err.invalid"))
	case !validIdem(idem):
		return h.renderOrder(c, http.StatusUnprocessableEntity, id, ch, views.T(lang, "funds.expired"))
	}
	in := models.PayInput{OrderID: id, Version: version, Official: official, CouponIDs: ch.coupons,
		DiscountIDs: ch.discounts(), IdempotencyKey: idem}
	o, err := models.PayOrder(c.Request().Context(), h.DB, actor(c), in, h.Now())
	switch {
	case errors.Is(err, models.ErrInsufficientBalance):
		// the confirmation again, its amount missing computed afresh (the balance may have moved)
		return h.renderPayConfirm(c, http.StatusUnprocessableEntity, id, ch, idem, "")
	case refusal(err):
		return h.renderOrder(c, http.StatusUnprocessableEntity, id, ch, msg(c, err))
	case err != nil:
		return err
	}
	return flashAndBack(c, "success", views.T(lang, "opages.paid_flash", o.OrderID()), h.area.Href(id))
}

// ConfirmCancel shows the order that cancelling ends.
func (h *Orders) ConfirmCancel(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	lang, back := langOf(c), h.area.Href(id)
	o, err := models.OrderToCancel(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), back)
	} else if err != nil {
		return err
	}
	customer, _, err := h.orderNames(c, o)
	if err != nil {
		return err
	}
	vm := views.ConfirmVM{Title: "opages.cancel_title", Lead: views.T(lang, "opages.cancel_lead"),
		Action: back + "/cancel", Button: views.T(lang, "opages.cancel"), Back: back,
		Facts: []views.Fact{
			{Label: views.T(lang, "opages.order"), Value: o.OrderID(), TestID: "confirm-order"},
			{Label: views.T(lang, "opages.status"), Value: views.T(lang, views.Key("opages.status.", o.Status))},
			{Label: views.T(lang, "opages.official"), Value: views.Money(o.OfficialMoney())},
		}}
	if customer != "" {
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "opages.customer"), Value: customer})
	}
	p := h.listPage(c, views.Crumb{Text: o.OrderID(), Href: back}, views.Crumb{Key: "opages.cancel_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// Cancel cancels the order; a refusal (paid meanwhile) is flashed on its page.
func (h *Orders) Cancel(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	back := h.area.Href(id)
	o, err := models.CancelOrder(c.Request().Context(), h.DB, actor(c), id, h.Now())
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), back)
	} else if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "opages.cancelled_flash", o.OrderID()), back)
}
