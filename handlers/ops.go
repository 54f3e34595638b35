package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Ops is the operator's console (运营管理): deposits into partners' cash accounts, e.g. when a
// partner has paid by bank transfer, and the reversal of a mistaken one.
type Ops struct{ *base }

const depositsPath = views.PathDeposits

// Deposits shows the deposit form and the deposits, newest first.
func (h *Ops) Deposits(c echo.Context) error {
	return h.renderDeposits(c, http.StatusOK, "", "", views.FundsForm{})
}

// Deposit credits the chosen partner's cash account.
func (h *Ops) Deposit(c echo.Context) error {
	form, in := bindFunds(c)
	partner := c.FormValue("partner")
	partnerID, ok := parseID(partner)
	partnerErr := ""
	if !ok {
		partnerErr, in = views.T(langOf(c), "ops.choose_partner"), models.FundsInput{}
	}
	t, err := models.Deposit(c.Request().Context(), h.DB, actor(c), partnerID, in, h.Now())
	if errors.Is(err, models.ErrNotFound) { // a partner id not in the list
		partnerErr = views.T(langOf(c), "ops.choose_partner")
	}
	switch {
	case err == nil:
	case partnerErr != "" && (errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrInvalidAmount)):
		// the domain refused the zeroed input of a form without a partner: the form's messages stand
		return h.renderDeposits(c, http.StatusUnprocessableEntity, partner, partnerErr, form)
	case fundsRefusal(c, &form, err):
		return h.renderDeposits(c, http.StatusUnprocessableEntity, partner, partnerErr, form)
	default:
		return err
	}
	names, err := models.PartnerNamesOf(c.Request().Context(), h.DB, []uint64{partnerID})
	if err != nil {
		return err
	}
	text := views.T(langOf(c), "ops.deposited", names[partnerID], views.Money(t.AmountMoney()), t.TransID)
	return flashAndBack(c, "success", text, depositsPath)
}

// Reverse corrects a mistaken deposit by a transfer back; a deposit already reversed, or whose
// money the partner has spent, is refused with a message.
func (h *Ops) Reverse(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	lang := langOf(c)
	t, err := models.ReverseDeposit(c.Request().Context(), h.DB, actor(c), id, models.ReversalMemo(id), h.Now())
	switch {
	case errors.Is(err, models.ErrAlreadyReversed), errors.Is(err, models.ErrInsufficientBalance):
		return flashAndBack(c, "error", msg(c, err), depositsPath)
	case err != nil:
		return err
	}
	return flashAndBack(c, "success", views.T(lang, "ops.reversed_ok", t.TransID), depositsPath)
}

func (h *Ops) renderDeposits(c echo.Context, status int, partner, partnerErr string, form views.FundsForm) error {
	ctx, a := c.Request().Context(), actor(c)
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	list, err := models.ListDeposits(ctx, h.DB, a, offsetOf(page, limit), limit)
	if err != nil {
		return err
	}
	partners, err := models.DepositTargets(ctx, h.DB, a)
	if err != nil {
		return err
	}
	form.Idem = newToken()
	vm := views.DepositsVM{Partners: partners, Partner: partner, PartnerErr: partnerErr, Form: form, Rows: list.Rows,
		Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)}}
	p := h.page(c, "ops.deposits", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.deposits"})
	p.Side = opsSide("deposits")
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.DepositsPage(p, vm))
}
