package handlers

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/views"
)

// Allocate and reclaim go through a confirmation, without JavaScript: the customer page's form
// posts to …/confirm, which checks it and shows the customer, the amount and both balances before
// and after; that page's button posts the same values (and the form's one-time token) to the
// action itself, and its "back" button brings the form back as typed.

// fundsPreview is a use case's check of a money form, without moving anything.
type fundsPreview func(ctx context.Context, db *gorm.DB, a models.Actor, id uint64, in models.FundsInput) (*models.FundsPreview, error)

// ConfirmAllocate shows what an allocation will do, or the form again with its errors (422).
func (h *Customers) ConfirmAllocate(c echo.Context) error {
	return h.confirmFunds(c, "allocate", models.PreviewAllocate)
}

// ConfirmReclaim shows what a reclaim will do, or the form again with its errors (422).
func (h *Customers) ConfirmReclaim(c echo.Context) error {
	return h.confirmFunds(c, "reclaim", models.PreviewReclaim)
}

// EditAllocate brings the allocation form back as typed, from its confirmation.
func (h *Customers) EditAllocate(c echo.Context) error { return h.editFunds(c, "allocate") }

// EditReclaim brings the reclaim form back as typed, from its confirmation.
func (h *Customers) EditReclaim(c echo.Context) error { return h.editFunds(c, "reclaim") }

func (h *Customers) confirmFunds(c echo.Context, which string, preview fundsPreview) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	form, in := bindFunds(c)
	pv, err := preview(c.Request().Context(), h.DB, actor(c), id, in)
	if err != nil {
		if fundsRefusal(c, &form, err) {
			return h.renderDetail(c, http.StatusUnprocessableEntity, id, which, form)
		}
		return err
	}
	back := views.Path(views.PathCustomer, id)
	vm := views.FundsConfirmVM{Which: which, P: pv, Form: form, Back: back,
		Action: back + "/" + which, EditAction: back + "/" + which + "/edit"}
	p := h.customerPage(c, pv.Customer.AccountName, back, "confirm."+which+"_title", views.Crumb{Key: "confirm." + which + "_title"})
	return render(c, http.StatusOK, views.FundsConfirmPage(p, vm))
}

// editFunds renders the customer page with the form as posted (without its errors: nothing was
// refused) and a fresh token, as the page would after a refusal.
func (h *Customers) editFunds(c echo.Context, which string) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	form := views.FundsForm{Amount: c.FormValue("amount"), Memo: c.FormValue("memo")}
	return h.renderDetail(c, http.StatusOK, id, which, form)
}
