package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Ops is the operator's console (运营管理): deposits into partners' cash accounts, e.g. when a
// partner has paid by bank transfer, and the reversal of a mistaken one.
type Ops struct{ *base }

const depositsPath = views.PathDeposits

// Deposits shows the partner picker (a search, pq), or the deposit form for the partner chosen
// (partner), and the deposits, newest first.
func (h *Ops) Deposits(c echo.Context) error {
	return h.renderDeposits(c, http.StatusOK, c.QueryParam("partner"), views.FundsForm{})
}

// Deposit credits the chosen partner's cash account.
func (h *Ops) Deposit(c echo.Context) error {
	form, in := bindFunds(c)
	partner := c.FormValue("partner")
	partnerID, ok := parseID(partner)
	if !ok { // no partner chosen: the picker again
		return h.renderDeposits(c, http.StatusUnprocessableEntity, partner, form)
	}
	t, err := models.Deposit(c.Request().Context(), h.DB, actor(c), partnerID, in, h.Now())
	switch {
	case err == nil:
	case errors.Is(err, models.ErrNotFound): // a partner that is not there (any more): the picker again
		return h.renderDeposits(c, http.StatusUnprocessableEntity, partner, form)
	case fundsRefusal(c, &form, err):
		return h.renderDeposits(c, http.StatusUnprocessableEntity, partner, form)
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

// renderDeposits shows the page with partner (an id, as asked or posted) chosen: a partner that
// cannot be chosen shows the picker with why.
func (h *Ops) renderDeposits(c echo.Context, status int, partner string, form views.FundsForm) error {
	ctx, a := c.Request().Context(), actor(c)
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	list, err := models.ListDeposits(ctx, h.DB, a, offsetOf(page, limit), limit)
	if err != nil {
		return err
	}
	vm := views.DepositsVM{Query: strings.TrimSpace(c.FormValue("pq")), Form: form, Rows: list.Rows}
	if err := h.pickPartner(c, &vm, partner); err != nil {
		return err
	}
	vm.Form.Idem = newToken() // every rendering of the form is a new deposit
	vm.Pager = views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)}
	p := h.page(c, "ops.deposits", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.deposits"})
	p.Side = opsSide("deposits")
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.DepositsPage(p, vm))
}

// pickPartner puts on vm the partner chosen (partner, an id) or, with none, the partners a search
// (vm.Query) found.
func (h *Ops) pickPartner(c echo.Context, vm *views.DepositsVM, partner string) error {
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	if partner != "" {
		id, ok := parseID(partner)
		p, err := models.DepositTarget(ctx, h.DB, a, id)
		switch {
		case ok && err == nil:
			vm.Chosen = p
			return nil
		case !ok || errors.Is(err, models.ErrNotFound):
			vm.PartnerErr = views.T(lang, "ops.choose_partner")
		default:
			return err
		}
	} else if c.Request().Method == http.MethodPost {
		vm.PartnerErr = views.T(lang, "ops.choose_partner")
	}
	if vm.Query == "" {
		return nil
	}
	found, err := models.SearchPartners(ctx, h.DB, a, "pq", vm.Query)
	if fieldOfErr(err) == "pq" {
		vm.SearchErr = msg(c, err)
		return nil
	}
	vm.Found = found
	return err
}
