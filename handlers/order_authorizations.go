package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Authorization to order on a customer's behalf: the partner asks on the customer detail page,
// the customer answers in the portal.

// RequestAuthorization asks the customer for authorization, until an optional end date (the end
// of that business day).
func (h *Customers) RequestAuthorization(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	lang := langOf(c)
	var end *time.Time
	if s := c.FormValue("end_date"); s != "" {
		day, ok := parseDate(s)
		if !ok {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, views.T(lang, "err.invalid"))
		}
		day = day.AddDate(0, 0, 1)
		end = &day
	}
	ctx, a := c.Request().Context(), actor(c)
	d, err := models.GetCustomer(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	if _, err := models.RequestAuthorization(ctx, h.DB, a, id, end, h.Now()); err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(lang, "auth.requested_flash", d.Customer.AccountName), "/sales/customers/"+views.ID(id))
}

// authorizationsVM is the customer detail page's card, for a partner member who may see it.
func (h *Customers) authorizationsVM(c echo.Context, d *models.CustomerDetail) (*views.AuthorizationsVM, error) {
	a := actor(c)
	if !a.Roles.Has(models.RoleAdmin, models.RoleSales) {
		return nil, nil
	}
	rows, err := models.CustomerAuthorizations(c.Request().Context(), h.DB, a, d.Customer.ID)
	if err != nil {
		return nil, err
	}
	return &views.AuthorizationsVM{Rows: rows, Now: h.Now(), MayRequest: d.Customer.Mode == models.Consignment}, nil
}

// GrantAuthorization, DeclineAuthorization and RevokeAuthorization are the customer's answers.
func (h *Portal) GrantAuthorization(c echo.Context) error {
	return h.answerAuthorization(c, "auth.granted_flash", func(a models.Actor, id uint64) (*models.OrderAuthorization, error) {
		return models.DecideAuthorization(c.Request().Context(), h.DB, a, id, true, h.Now())
	})
}

func (h *Portal) DeclineAuthorization(c echo.Context) error {
	return h.answerAuthorization(c, "auth.declined_flash", func(a models.Actor, id uint64) (*models.OrderAuthorization, error) {
		return models.DecideAuthorization(c.Request().Context(), h.DB, a, id, false, h.Now())
	})
}

func (h *Portal) RevokeAuthorization(c echo.Context) error {
	return h.answerAuthorization(c, "auth.revoked_flash", func(a models.Actor, id uint64) (*models.OrderAuthorization, error) {
		return models.RevokeAuthorization(c.Request().Context(), h.DB, a, id, h.Now())
	})
}

func (h *Portal) answerAuthorization(c echo.Context, done string, answer func(models.Actor, uint64) (*models.OrderAuthorization, error)) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	z, err := answer(actor(c), id)
	if err != nil {
		return err
	}
	var p models.Partner
	if err := h.DB.WithContext(c.Request().Context()).Select("name").First(&p, z.PartnerID).Error; err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), done, p.Name), views.PathPortal)
}

// authorizations is the portal's card.
func (h *Portal) authorizations(c echo.Context) (*views.AuthorizationsVM, error) {
	a := actor(c)
	rows, err := models.CustomerAuthorizations(c.Request().Context(), h.DB, a, a.CustomerID)
	if err != nil {
		return nil, err
	}
	return &views.AuthorizationsVM{Rows: rows, Now: h.Now()}, nil
}
