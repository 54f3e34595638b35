package handlers

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Customers is Sales > Customers (客户管理).
type Customers struct{ *base }

// Index lists the partner's customers with the filters of SPEC section 8. Invalid parameters fall
// back to their defaults (and the page says which); an unusable search text is a 422 field error.
func (h *Customers) Index(c echo.Context) error {
	return h.renderList(c, http.StatusOK, c.QueryParams(), nil)
}

// renderList renders the list for the query values; batch is the batch form as posted, after a
// refusal (nil: a fresh one, where the user may change customers).
func (h *Customers) renderList(c echo.Context, status int, values url.Values, batch *views.CustomerBatchVM) error {
	ctx, a := c.Request().Context(), actor(c)
	q := parseCustomerQuery(values)
	list, err := models.ListCustomers(ctx, h.DB, a, q.Filter)
	if errors.Is(err, models.ErrNotFound) && q.Filter.ResellerID != 0 { // not one of this partner's resellers
		q.Filter.ResellerID, q.Form.Reseller = 0, ""
		q.Ignored = append(q.Ignored, "reseller")
		list, err = models.ListCustomers(ctx, h.DB, a, q.Filter)
	}
	if err != nil {
		return err
	}
	vm, err := h.listVM(c, q, list)
	if err != nil {
		return err
	}
	vm.Pager.URL = &url.URL{Path: views.PathCustomers, RawQuery: values.Encode()}
	if vm.Batch, err = h.batchVM(c, values, list.Rows, batch); err != nil {
		return err
	}
	if q.QError != "" {
		status = http.StatusUnprocessableEntity
		vm.QueryError = views.T(langOf(c), q.QError)
	}
	p := h.page(c, "customers.title", "nav.sales", views.Crumb{Key: "nav.sales"}, views.Crumb{Key: "nav.customers"})
	p.Side = salesSide("customers")
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.CustomersPage(p, vm))
}

func (h *Customers) listVM(c echo.Context, q customerQuery, list *models.CustomerList) (views.CustomersVM, error) {
	ctx, a := c.Request().Context(), actor(c)
	vm := views.CustomersVM{Form: q.Form, Ignored: q.Ignored, Rows: list.Rows,
		Pager:    views.Pager{Page: q.Filter.Page, Limit: q.Filter.Limit, Total: list.Total},
		IsMaster: currentPartner(c).Kind == models.MasterDistributor}
	var err error
	if vm.IsMaster {
		if vm.Resellers, err = models.ListResellers(ctx, h.DB, a); err != nil {
			return vm, err
		}
	}
	if vm.Managers, err = models.ListAccountManagers(ctx, h.DB, a); err != nil {
		return vm, err
	}
	if vm.Labels, err = models.ListLabels(ctx, h.DB, a); err != nil {
		return vm, err
	}
	var partners, managers []uint64
	for _, r := range list.Rows {
		if r.PartnerID != nil {
			partners = append(partners, *r.PartnerID)
		}
		if r.AccountManagerID != nil {
			managers = append(managers, *r.AccountManagerID)
		}
	}
	if vm.PartnerName, err = models.PartnerNamesOf(ctx, h.DB, partners); err != nil {
		return vm, err
	}
	vm.ManagerName, err = models.NamesOf(ctx, h.DB, managers)
	return vm, err
}

// Show is a customer's detail page; another partner's customer, or an id that is not a number,
// is not found.
func (h *Customers) Show(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	err := h.renderDetail(c, http.StatusOK, id, "", views.FundsForm{})
	if errors.Is(err, models.ErrNotFound) {
		return h.showFormer(c, id, err)
	}
	return err
}

// showFormer shows a customer the partner was associated with and is no more, read-only, with
// the date it ended (links to it stay good after unbinding); anyone else's is notFound.
func (h *Customers) showFormer(c echo.Context, id uint64, notFound error) error {
	ctx, a := c.Request().Context(), actor(c)
	f, err := models.GetFormerCustomer(ctx, h.DB, a, id)
	if errors.Is(err, models.ErrNotFound) {
		return notFound
	} else if err != nil {
		return err
	}
	var reseller uint64 // a reseller's former customer, seen by its master distributor
	if f.Partner.ID != a.PartnerID {
		reseller = f.Partner.ID
	}
	recs, err := models.ListAdjustRecords(ctx, h.DB, a, models.AdjustFilter{CustomerID: id, ResellerID: reseller, Limit: customerRecords})
	if err != nil {
		return err
	}
	p := h.customerPage(c, f.Customer.AccountName, "", "customers.detail")
	return render(c, http.StatusOK, views.FormerCustomerPage(p, views.FormerCustomerVM{F: f, Records: recs.Rows, RecordsTotal: recs.Total}))
}
