package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// SwitchMode changes a customer's association between consignment and advisory.
func (h *Customers) SwitchMode(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	mode, ok := parseMode(c.FormValue("mode"))
	if !ok || mode == models.NoMode {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, views.T(langOf(c), "err.invalid"))
	}
	if err := models.SwitchMode(c.Request().Context(), h.DB, actor(c), id, mode, h.Now()); err != nil {
		return err
	}
	lang := langOf(c)
	if err := flash(c, "success", views.T(lang, "assoc.switched", views.T(lang, views.Key("mode.", int(mode))))); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/sales/customers/"+views.ID(id))
}

// Unbind ends a customer's association; the customer leaves the partner's list.
func (h *Customers) Unbind(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	d, err := models.GetCustomer(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	if err := models.Unbind(c.Request().Context(), h.DB, actor(c), id, h.Now()); err != nil {
		return err
	}
	if err := flash(c, "success", views.T(langOf(c), "assoc.unbound", d.Customer.AccountName)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.PathCustomers)
}

// Unbind lets a customer end its association itself.
func (h *Portal) Unbind(c echo.Context) error {
	a := actor(c)
	if err := models.Unbind(c.Request().Context(), h.DB, a, a.CustomerID, h.Now()); err != nil {
		return err
	}
	if err := flash(c, "info", views.T(langOf(c), "assoc.ended")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.PathPortal)
}
