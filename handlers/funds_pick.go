package handlers

import (
	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// pickLimit is how many customers the funds page's picker shows: a finder, not a list.
const pickLimit = 10

// pickCustomer runs the funds page's customer picker (?customer=): the consignment customers whose
// account or verified name matches, for a finance member, who has no customer list, to reach the
// page with a customer's money forms. A text that cannot be searched says why.
func (h *Funds) pickCustomer(c echo.Context) (views.FundPickVM, error) {
	raw := c.QueryParam("customer")
	vm := views.FundPickVM{Searched: raw != ""}
	if !vm.Searched {
		return vm, nil
	}
	q, ok := cleanText(raw, 64)
	if !ok {
		vm.Err = views.T(langOf(c), "err.invalid")
		return vm, nil
	}
	vm.Q = q
	if err := models.CheckSearch(q); err != nil {
		vm.Err = views.T(langOf(c), "err.search_too_short")
		return vm, nil
	}
	list, err := models.ListCustomers(c.Request().Context(), h.DB, actor(c),
		models.CustomerFilter{Query: q, Mode: models.Consignment, Page: 1, Limit: pickLimit})
	if err != nil {
		return vm, err
	}
	vm.Rows, vm.Total = list.Rows, list.Total
	return vm, nil
}
