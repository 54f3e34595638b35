package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// A customer's label and account manager on its detail page. models.SetCustomerLabel and
// AssignAccountManager decide who may; the page offers each form by the same rules
// (Actor.MayLabel, MayAssignManagers).

// manageVM is the label and manager part of the detail page; posted is the form as typed after a
// refusal.
func (h *Customers) manageVM(c echo.Context, d *models.CustomerDetail, posted *views.CustomerManageVM) (*views.CustomerManageVM, error) {
	ctx, a := c.Request().Context(), actor(c)
	cust := &d.Customer
	vm := &views.CustomerManageVM{Label: cust.Label}
	if cust.AccountManagerID != nil {
		vm.Manager = views.ID(*cust.AccountManagerID)
	}
	if a.ManagedByReseller(cust) {
		vm.Reseller = d.Partner.Name
		return vm, nil
	}
	base := "/sales/customers/" + views.ID(cust.ID)
	var err error
	if a.MayLabel(cust) {
		vm.LabelAction = base + "/label"
		if vm.Labels, err = models.ListLabels(ctx, h.DB, a); err != nil {
			return nil, err
		}
	}
	if a.MayAssignManagers() {
		vm.ManagerAction = base + "/manager"
		if vm.Managers, err = models.AccountManagerChoices(ctx, h.DB, a); err != nil {
			return nil, err
		}
	}
	if posted != nil {
		if posted.LabelErr != "" {
			vm.Label, vm.LabelErr = posted.Label, posted.LabelErr
		}
		if posted.ManagerErr != "" {
			vm.Manager, vm.ManagerErr = posted.Manager, posted.ManagerErr
		}
	}
	return vm, nil
}

// SetLabel sets or clears the customer's label.
func (h *Customers) SetLabel(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	label := c.FormValue("label")
	cust, err := models.SetCustomerLabel(c.Request().Context(), h.DB, actor(c), id, label, h.Now())
	if err != nil {
		if !manageRefusal(err) {
			return manageError(c, err)
		}
		posted := &views.CustomerManageVM{Label: label, LabelErr: msg(c, err)}
		return h.renderDetailWith(c, http.StatusUnprocessableEntity, id, detailForms{manage: posted})
	}
	text := views.T(langOf(c), "cmanage.label_set", cust.AccountName, cust.Label)
	if cust.Label == "" {
		text = views.T(langOf(c), "cmanage.label_clear", cust.AccountName)
	}
	return flashAndBack(c, "success", text, "/sales/customers/"+views.ID(id)+"#manage")
}

// AssignManager makes one of the partner's members the customer's account manager, or none.
func (h *Customers) AssignManager(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	chosen := c.FormValue("manager")
	var managerID uint64
	if chosen != "" {
		if managerID, ok = parseID(chosen); !ok {
			return echo.NewHTTPError(http.StatusNotFound) // no member's id: not one of the partner's
		}
	}
	ctx, a := c.Request().Context(), actor(c)
	cust, err := models.AssignAccountManager(ctx, h.DB, a, id, managerID, h.Now())
	if err != nil {
		if !manageRefusal(err) {
			return manageError(c, err)
		}
		posted := &views.CustomerManageVM{Manager: chosen, ManagerErr: msg(c, err)}
		return h.renderDetailWith(c, http.StatusUnprocessableEntity, id, detailForms{manage: posted})
	}
	text := views.T(langOf(c), "cmanage.manager_none", cust.AccountName)
	if cust.AccountManagerID != nil {
		names, err := models.NamesOf(ctx, h.DB, []uint64{*cust.AccountManagerID})
		if err != nil {
			return err
		}
		text = views.T(langOf(c), "cmanage.manager_set", cust.AccountName, names[*cust.AccountManagerID])
	}
	return flashAndBack(c, "success", text, "/sales/customers/"+views.ID(id)+"#manage")
}

// manageRefusal tells whether err refuses what was typed (said on the form), rather than who
// asked (403) or what for (404). A reseller's customer has no form on its master distributor's
// page: that refusal is the error page's, in words.
func manageRefusal(err error) bool {
	var me *models.Error
	return errors.As(err, &me) && !isErr(err, models.ErrNotFound, models.ErrForbidden, models.ErrResellersCustomer)
}

// manageError is a refusal that is not the form's.
func manageError(c echo.Context, err error) error {
	if errors.Is(err, models.ErrResellersCustomer) {
		return echo.NewHTTPError(http.StatusForbidden, msg(c, err))
	}
	return err
}
