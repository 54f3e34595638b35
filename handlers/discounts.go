package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Discounts on the customer detail page: the customer's discounts of every type, and a partner's
// own, set by its admins and sales: 607 (partner-set rate) for its own customer, within the
// ceiling the operator gave it; 606 (distributor contract discount) for a customer of one of its
// resellers, when it is a master distributor. models.SetDiscount decides; this only shows.

// discountsVM lists the customer's discounts for its detail page, with the form the user may use
// (posted: the form as typed after a refusal).
func (h *Customers) discountsVM(c echo.Context, d *models.CustomerDetail, posted *views.DiscountForm) (*views.DiscountsVM, error) {
	ctx, a := c.Request().Context(), actor(c)
	id := d.Customer.ID
	ds, err := models.CustomerDiscounts(ctx, h.DB, a, id)
	if err != nil {
		return nil, err
	}
	vm := &views.DiscountsVM{Type: models.PartnerDiscountType(a, &d.Customer)}
	if can(c, views.PathPriceInquiry) {
		vm.InquiryHref = views.PathPriceInquiry + "?customer=" + views.ID(id)
	}
	if vm.Rows, err = h.discountRows(c, ds, vm.Type, "/sales/customers/"+views.ID(id)); err != nil {
		return nil, err
	}
	if vm.Type == 0 {
		return vm, nil
	}
	vm.Action = "/sales/customers/" + views.ID(id) + "/discounts"
	vm.Form = newDiscountForm(h.Now())
	if posted != nil {
		vm.Form = *posted
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return nil, err
	}
	vm.Services = cat.ServiceTypes()
	if vm.Type == models.Discount607 {
		ceiling, err := models.DiscountCeilingOf(ctx, h.DB, a, a.PartnerID)
		if err != nil {
			return nil, err
		}
		if ceiling != nil {
			vm.Ceiling = ceiling.MaxOff.String()
		}
	}
	return vm, nil
}

// newDiscountForm proposes a year's validity from today.
func newDiscountForm(now time.Time) views.DiscountForm {
	today := now.In(models.BusinessZone)
	return views.DiscountForm{From: today.Format(time.DateOnly), To: today.AddDate(1, 0, -1).Format(time.DateOnly)}
}

// discountRows names each discount's service and setter, and says whether it is in effect;
// the user may remove the ones of the type it may set (removeBase/discounts/ID/remove).
func (h *base) discountRows(c echo.Context, ds []models.Discount, mine models.DiscountType, removeBase string) ([]views.DiscountRow, error) {
	ctx, lang := c.Request().Context(), langOf(c)
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return nil, err
	}
	var partners []uint64
	for _, d := range ds {
		if d.PartnerID != nil {
			partners = append(partners, *d.PartnerID)
		}
	}
	names, err := models.PartnerNamesOf(ctx, h.DB, partners)
	if err != nil {
		return nil, err
	}
	today := h.Now().In(models.BusinessZone).Format(time.DateOnly)
	rows := make([]views.DiscountRow, len(ds))
	for i, d := range ds {
		r := views.DiscountRow{D: d, Service: views.T(lang, "discount.all_services"), SetBy: views.T(lang, "role.operator"), State: "discount.active"}
		if s := cat.ServiceType(d.ServiceType); s != nil {
			r.Service = s.Name(lang)
		}
		if d.PartnerID != nil {
			r.SetBy = names[*d.PartnerID]
		}
		switch {
		case today < d.ValidFrom:
			r.State = "discount.upcoming"
		case today > d.ValidTo:
			r.State = "discount.over"
		}
		if d.Type == mine {
			r.RemoveURL = removeBase + "/discounts/" + views.ID(d.ID) + "/remove"
		}
		rows[i] = r
	}
	return rows, nil
}

// bindDiscount reads a discount form (its shape is the domain's to check: rates and dates are
// parsed there, with their field named).
func bindDiscount(c echo.Context, id uint64, t models.DiscountType) (views.DiscountForm, models.SetDiscountInput) {
	f := views.DiscountForm{Service: c.FormValue("service"), Off: c.FormValue("off"), From: c.FormValue("valid_from"), To: c.FormValue("valid_to")}
	return f, models.SetDiscountInput{CustomerID: id, Type: t, ServiceType: f.Service, Off: f.Off, ValidFrom: f.From, ValidTo: f.To}
}

// discountField is the form's field a refusal names.
func discountField(err error) string {
	switch f := fieldOfErr(err); f {
	case "discount_rate":
		return "off"
	case "service_type":
		return "service"
	case "valid_from", "valid_to":
		return f
	}
	return "off"
}

// discountRefusal turns a refusal of the form into its field's error; false for anything else.
func discountRefusal(c echo.Context, f *views.DiscountForm, err error) bool {
	var me *models.Error
	if errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrForbidden) || !errors.As(err, &me) {
		return false
	}
	f.Errs = map[string]string{discountField(err): msg(c, err)}
	return true
}

// SetDiscount sets the partner's discount for the customer: 607 for its own, 606 for a reseller's.
func (h *Customers) SetDiscount(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, a := c.Request().Context(), actor(c)
	d, err := models.GetCustomer(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	form, in := bindDiscount(c, id, models.PartnerDiscountType(a, &d.Customer))
	if _, err := models.SetDiscount(ctx, h.DB, a, in); err != nil {
		if discountRefusal(c, &form, err) {
			return h.renderDetailWith(c, http.StatusUnprocessableEntity, id, detailForms{discount: &form})
		}
		return err
	}
	text := views.T(langOf(c), "discount.saved", in.Type.Name(langOf(c)), d.Customer.AccountName)
	return flashAndBack(c, "success", text, "/sales/customers/"+views.ID(id)+"#discounts")
}

// RemoveDiscount ends one of the partner's discounts of the customer.
func (h *Customers) RemoveDiscount(c echo.Context) error {
	id, ok1 := parseID(c.Param("id"))
	did, ok2 := parseID(c.Param("discount"))
	if !ok1 || !ok2 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := models.RemoveDiscount(c.Request().Context(), h.DB, actor(c), did); err != nil {
		if fieldOfErr(err) != "" { // a type this partner does not set
			return flashAndBack(c, "error", msg(c, err), "/sales/customers/"+views.ID(id)+"#discounts")
		}
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "discount.removed"), "/sales/customers/"+views.ID(id)+"#discounts")
}
