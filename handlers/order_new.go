package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Order on behalf (代客下单): a sales member or admin orders products for a consignment customer
// that authorized its partner. The page prices the products with models.Inquire, the inquiry
// page's function, at the same time CreateOrder prices them; the confirmation posts the total it
// showed, and CreateOrder refuses the order if the price is no longer that.

// NewOrder shows the form and its price, or the confirmation (step=confirm), or why no order can
// be made for this customer. Shape errors and the domain's refusals of a product are 422 with
// the field's error and the form as typed.
func (h *Customers) NewOrder(c echo.Context) error {
	vm, err := h.orderVM(c)
	if err != nil || vm.Refusal != "" {
		return h.renderOrder(c, http.StatusOK, vm, nil, err)
	}
	q := c.QueryParams()
	form, in, errs := parseOrderForm(q)
	vm.Form = form
	if len(errs) == 0 {
		if err := h.priceOrder(c, vm, &in, errs); err != nil {
			return err
		}
	}
	if q.Get("step") == "confirm" && len(errs) == 0 {
		vm.Confirm, vm.EditQuery, vm.Idem = true, form.Values().Encode(), newToken()
	}
	return h.renderOrder(c, http.StatusOK, vm, errs, nil)
}

// PlaceOrder is the confirmation's button: it creates the order at the price the person was
// shown and sends them to it. A price that changed meanwhile shows the confirmation again.
func (h *Customers) PlaceOrder(c echo.Context) error {
	vm, err := h.orderVM(c)
	if err != nil || vm.Refusal != "" {
		return h.renderOrder(c, http.StatusUnprocessableEntity, vm, nil, err)
	}
	params, err := c.FormParams()
	if err != nil {
		return err
	}
	form, in, errs := parseOrderForm(params)
	vm.Form = form
	if len(errs) > 0 {
		return h.renderOrder(c, http.StatusUnprocessableEntity, vm, errs, nil)
	}
	usageFactors(vm.Cat, &in)
	in.CustomerID = vm.Customer.ID
	ctx, lang := c.Request().Context(), langOf(c)
	if in.Expected == nil { // no price was confirmed: confirm one
		err = models.ErrOrderChanged
	} else {
		var o *models.Order
		if idem := c.FormValue(idemField); validIdem(idem) {
			in.Key = idem
		}
		o, err = models.CreateOrder(ctx, h.DB, actor(c), in, h.Now())
		if err == nil {
			text := views.T(lang, "onew.created."+strconv.Itoa(int(o.Status)), o.OrderID(), vm.Customer.AccountName)
			return flashAndBack(c, "success", text, "/orders/"+views.ID(o.ID))
		}
	}
	switch {
	case errors.Is(err, models.ErrOrderChanged):
		if err := h.priceOrder(c, vm, &in, errs); err != nil {
			return err
		}
		vm.Confirm, vm.EditQuery, vm.Idem = len(errs) == 0, form.Values().Encode(), newToken()
		vm.Notice = views.T(lang, "onew.price_changed")
	case orderField(err) != "":
		errs[orderField(err)] = errKey(err)
	case refusal(err): // the customer or its authorization changed since the form was shown
		vm.Refusal, vm.NoAuth = orderRefusal(lang, err), errors.Is(err, models.ErrNoAuthorization)
	default:
		return err
	}
	return h.renderOrder(c, http.StatusUnprocessableEntity, vm, errs, nil)
}

// orderVM reads the customer and whether the partner may order for it now: a refusal in words
// (an advisory or frozen customer, no live authorization…) fills Refusal; another partner's
// customer is not found.
func (h *Customers) orderVM(c echo.Context) (*views.OrderNewVM, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	d, err := models.GetCustomer(ctx, h.DB, a, id)
	if err != nil {
		return nil, err
	}
	vm := &views.OrderNewVM{Customer: d.Customer, MaxLines: maxOrderLines}
	if vm.Cat, err = models.LoadCatalog(ctx, h.DB); err != nil {
		return nil, err
	}
	_, err = models.LiveAuthorization(ctx, h.DB, a, id, h.Now())
	switch {
	case err == nil:
		return vm, nil
	case errors.Is(err, models.ErrNoAuthorization):
		vm.Refusal, vm.NoAuth = orderRefusal(lang, err), true
		return vm, h.pendingAuthorization(c, vm)
	case refusal(err):
		vm.Refusal = orderRefusal(lang, err)
		return vm, nil
	}
	return nil, err
}

// pendingAuthorization notes a request that waits for the customer (then nothing more is offered).
func (h *Customers) pendingAuthorization(c echo.Context, vm *views.OrderNewVM) error {
	rows, err := models.CustomerAuthorizations(c.Request().Context(), h.DB, actor(c), vm.Customer.ID)
	if err != nil {
		return err
	}
	now := h.Now()
	for _, z := range rows {
		if z.Status == models.AuthPending && (z.EndAt == nil || now.Before(*z.EndAt)) {
			vm.Pending = views.DateTime(z.RequestedAt)
			break
		}
	}
	return nil
}

// orderRefusal says in words why no order can be made for the customer.
func orderRefusal(lang string, err error) string {
	switch {
	case errors.Is(err, models.ErrAdvisoryCustomer):
		return views.T(lang, "onew.refused_advisory")
	case errors.Is(err, models.ErrCustomerFrozen):
		return views.T(lang, "onew.refused_frozen")
	case errors.Is(err, models.ErrNoAuthorization):
		return views.T(lang, "onew.refused_no_auth")
	}
	return views.T(lang, errKey(err))
}

// priceOrder prices the products for the customer as the order will be priced, and shows each
// line in names; a product's refusal goes on its field.
func (h *Customers) priceOrder(c echo.Context, vm *views.OrderNewVM, in *models.OrderInput, errs map[string]string) error {
	usageFactors(vm.Cat, in)
	lang := langOf(c)
	q, err := models.Inquire(c.Request().Context(), h.DB, actor(c), models.Inquiry{At: h.Now(), CustomerID: vm.Customer.ID,
		Mode: in.Mode, Lang: lang, Products: in.Products})
	if f := orderField(err); f != "" {
		errs[f] = errKey(err)
		return nil
	} else if err != nil {
		return err
	}
	vm.Priced = make([]views.OrderLineView, len(q.Lines))
	for i, line := range q.Lines {
		vm.Priced[i] = orderLineView(lang, vm.Cat, in.Products[i], line)
	}
	vm.Price = orderPrice(lang, q)
	return nil
}

// usageFactors sets each on-demand product's usage to its spec's one (a spec is rated by one usage).
func usageFactors(cat *models.Catalog, in *models.OrderInput) {
	for i := range in.Products {
		p := &in.Products[i]
		if spec := cat.Spec(p.ResourceType, p.Spec); in.Mode == models.ChargeOnDemand && spec != nil && spec.UsageTypeID != 0 {
			if u := cat.UsageType(spec); u != nil {
				p.UsageFactor = u.Code
			}
		}
	}
}

// orderField is the form's field a refusal of the order's products names, or "".
func orderField(err error) string {
	var pe *models.ProductError
	if errors.As(err, &pe) {
		return views.LineField(pe.Index, inquiryField(fieldOfErr(pe.Err)))
	}
	if errors.Is(err, models.ErrNoLines) || errors.Is(err, models.ErrTooManyProducts) {
		return "lines"
	}
	if fieldOfErr(err) == "charging_mode" {
		return "mode"
	}
	return ""
}

// orderPrice is the quote's total and offers, as the inquiry page shows them.
func orderPrice(lang string, q *models.Quote) *views.OrderPrice {
	r := &views.OrderPrice{Official: views.MoneyOf(q.Official)}
	r.Offers, r.Best, r.Payable = quoteOffers(lang, q)
	return r
}

// orderLineView names a priced product: service and spec, region and zone, size, period.
func orderLineView(lang string, cat *models.Catalog, p models.InquiryProduct, line models.QuoteLine) views.OrderLineView {
	v := views.OrderLineView{Quantity: strconv.Itoa(p.Quantity), Official: views.MoneyOf(line.Official), Size: "—"}
	if spec := cat.Spec(p.ResourceType, p.Spec); spec != nil {
		v.Product = views.InquiryVM{Cat: cat}.SpecLabel(lang, spec)
		if spec.Linear {
			v.Size = views.Int(p.Size)
			if u := cat.MeasureUnit(spec.SizeMeasureID); u != nil {
				v.Size += " " + u.Name(lang)
			}
		}
	}
	if r := cat.Region(p.Region); r != nil {
		v.Place = r.Name(lang) + " / " + zoneName(lang, cat, p.Region, p.Zone)
	}
	switch line.Mode {
	case models.PerMonth:
		v.Period = views.T(lang, "inquiry.months", p.PeriodNum)
	case models.PerYear:
		v.Period = views.T(lang, "inquiry.years", p.PeriodNum)
	default:
		unit := ""
		if u := cat.MeasureUnit(p.UsageMeasureID); u != nil {
			unit = " " + u.Name(lang)
		}
		v.Period = views.T(lang, "onew.on_demand_usage", p.UsageValue.String()+unit)
	}
	return v
}

// zoneName is a zone's name, or "any zone".
func zoneName(lang string, cat *models.Catalog, region, zone string) string {
	for _, z := range cat.Zones(region) {
		if z.Code == zone {
			return z.Name(lang)
		}
	}
	return views.T(lang, "inquiry.any_zone")
}

// renderOrder renders the page; an err (not found, forbidden) goes to the error page instead.
func (h *Customers) renderOrder(c echo.Context, status int, vm *views.OrderNewVM, errs map[string]string, err error) error {
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		vm.Form.Errs = map[string]string{}
		for field, key := range errs {
			vm.Form.Errs[field] = views.T(langOf(c), key)
		}
		vm.Confirm = false
	}
	if vm.Form.Lines == nil && vm.Refusal == "" {
		vm.Form.Lines = []views.OrderLineForm{orderExample}
	}
	back := views.Path(views.PathCustomer, vm.Customer.ID)
	p := h.customerPage(c, vm.Customer.AccountName, back, "onew.title", views.Crumb{Key: "onew.title"})
	return render(c, status, views.OrderNewPage(p, *vm))
}
