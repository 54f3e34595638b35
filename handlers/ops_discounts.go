package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsDiscounts is the operator's side of discounts: a customer's business-contract discount
// (605), and each partner's ceiling of the discounts it may give (607).
type OpsDiscounts struct{ *base }

const opsDiscountsPath = "/ops/discounts"

// Index finds customers by name; ?customer=ID shows one's discounts and the 605 form.
func (h *OpsDiscounts) Index(c echo.Context) error {
	return h.render(c, http.StatusOK, nil)
}

func (h *OpsDiscounts) render(c echo.Context, status int, posted *views.DiscountForm) error {
	ctx, a := c.Request().Context(), actor(c)
	vm := views.OpsDiscountsVM{Q: strings.TrimSpace(c.QueryParam("cq"))}
	if vm.Q != "" {
		found, err := models.FindCustomers(ctx, h.DB, a, vm.Q)
		if fieldOfErr(err) != "" {
			vm.QErr, status = msg(c, err), http.StatusUnprocessableEntity
		} else if err != nil {
			return err
		}
		vm.Found = found
	}
	if id, ok := parseID(c.QueryParam("customer")); ok {
		if err := h.chosen(c, &vm, id, posted); err != nil {
			return err
		}
	}
	p := h.page(c, "opsdiscount.title", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.discounts"})
	p.Side = opsSide("discounts")
	return render(c, status, views.OpsDiscountsPage(p, vm))
}

// chosen reads the chosen customer's discounts, with the 605 form.
func (h *OpsDiscounts) chosen(c echo.Context, vm *views.OpsDiscountsVM, id uint64, posted *views.DiscountForm) error {
	ctx, a := c.Request().Context(), actor(c)
	cust, err := models.CustomerOf(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	ds, err := models.CustomerDiscounts(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	base := opsDiscountsPath + "/" + views.ID(id)
	d := &views.DiscountsVM{Type: models.Discount605, Action: base, Form: newDiscountForm(h.Now())}
	if posted != nil {
		d.Form = *posted
	}
	if d.Rows, err = h.discountRows(c, ds, models.Discount605, base); err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	d.Services = cat.ServiceTypes()
	vm.Customer, vm.Discounts = cust, d
	return nil
}

// back is the page of the customer, its search kept.
func (h *OpsDiscounts) back(c echo.Context, id uint64) string {
	return opsDiscountsPath + "?cq=" + views.URLQuery(c.FormValue("cq")) + "&customer=" + views.ID(id)
}

// Set sets the customer's business-contract discount (605).
func (h *OpsDiscounts) Set(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	form, in := bindDiscount(c, id, models.Discount605)
	if _, err := models.SetDiscount(c.Request().Context(), h.DB, actor(c), in); err != nil {
		if discountRefusal(c, &form, err) {
			q := c.QueryParams()
			q.Set("customer", views.ID(id))
			return h.render(c, http.StatusUnprocessableEntity, &form)
		}
		return err
	}
	cust, err := models.CustomerOf(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "opsdiscount.set", cust.AccountName), h.back(c, id))
}

// Remove ends a business-contract discount.
func (h *OpsDiscounts) Remove(c echo.Context) error {
	id, ok1 := parseID(c.Param("id"))
	did, ok2 := parseID(c.Param("discount"))
	if !ok1 || !ok2 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := models.RemoveDiscount(c.Request().Context(), h.DB, actor(c), did); err != nil {
		if fieldOfErr(err) != "" {
			return flashAndBack(c, "error", msg(c, err), h.back(c, id))
		}
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "discount.removed"), h.back(c, id))
}

// Ceilings lists partners with their 607 ceilings.
func (h *OpsDiscounts) Ceilings(c echo.Context) error {
	return h.renderCeilings(c, http.StatusOK, views.RowRefusal{})
}

func (h *OpsDiscounts) renderCeilings(c echo.Context, status int, refused views.RowRefusal) error {
	ctx, a := c.Request().Context(), actor(c)
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	q, ok := cleanText(c.QueryParam("q"), 64)
	if !ok {
		q = ""
	}
	list, err := models.ListPartners(ctx, h.DB, a, models.PartnerFilter{Q: q, Page: page, Limit: limit})
	if err != nil {
		return err
	}
	ids := make([]uint64, len(list.Rows))
	for i, p := range list.Rows {
		ids[i] = p.ID
	}
	ceilings, err := models.DiscountCeilings(ctx, h.DB, a, ids)
	if err != nil {
		return err
	}
	vm := views.OpsCeilingsVM{Q: q, Partners: list.Rows, Ceiling: ceilings, Refused: refused,
		Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: c.Request().URL}}
	p := h.page(c, "ceiling.title", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.ceilings"})
	p.Side = opsSide("ceilings")
	return render(c, status, views.OpsCeilingsPage(p, vm))
}

// SetCeiling sets a partner's 607 ceiling; a refused rate is 422 on its row.
func (h *OpsDiscounts) SetCeiling(c echo.Context) error {
	id, ok := parseID(c.Param("partner"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	typed := c.FormValue("max_off")
	ceiling, err := models.SetDiscountCeiling(c.Request().Context(), h.DB, actor(c), id, typed)
	var me *models.Error
	if err != nil && !errors.Is(err, models.ErrNotFound) && errors.As(err, &me) {
		return h.renderCeilings(c, http.StatusUnprocessableEntity, views.RowRefusal{ID: id, Field: "max_off", Name: typed, Text: msg(c, err)})
	}
	if err != nil {
		return err
	}
	names, err := models.PartnerNamesOf(c.Request().Context(), h.DB, []uint64{id})
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "ceiling.saved", names[id], ceiling.MaxOff.String()), "/ops/catalog/ceilings")
}
