package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Topups is the customer portal's Top up page (/customer/topup), where a customer paying its own
// way starts a top-up and is sent to the payment gateway, the page the gateway sends it back to,
// and the gateway's callback: the only request that credits a top-up (models.ConfirmTopup).

type Topups struct{ *base }

// topupRows is how many top-ups the page lists.
const topupRows = 20

// pathGatewayCallback is where a payment gateway posts its notices (Callback): a request of the
// gateway's server, not a page.
const pathGatewayCallback = "/gateway/callback"

// gatewayPayURL is where a signed request sends the customer to pay: the simulated gateway
// (gateway_sim.go). A real gateway's checkout address replaces it.
const gatewayPayURL = views.PathGatewaySimPay

// Show is the page: the balance, the form (or why the account cannot be topped up), the latest top-ups.
func (h *Topups) Show(c echo.Context) error {
	return h.show(c, http.StatusOK, views.TopupForm{Idem: newToken()})
}

func (h *Topups) show(c echo.Context, status int, form views.TopupForm) error {
	ctx, a := c.Request().Context(), actor(c)
	vm := views.TopupVM{Form: form, Now: h.Now()}
	if err := models.CheckTopUp(ctx, h.DB, a); err != nil {
		if !isErr(err, models.ErrTopupConsignment, models.ErrCustomerFrozen) {
			return err
		}
		vm.Refusal = msg(c, err) // told before trying, not after
	}
	var err error
	if vm.Balance, err = models.CustomerBalance(ctx, h.DB, a.CustomerID); err != nil {
		return err
	}
	if vm.Rows, err = models.ListTopups(ctx, h.DB, a, topupRows); err != nil {
		return err
	}
	p := h.page(c, "topup.title", "nav.topup", views.Crumb{Key: "nav.portal", Href: views.PathPortal}, views.Crumb{Key: "topup.title"})
	return render(c, status, views.TopupPage(p, vm))
}

// Create starts a top-up of the amount typed and sends the customer to the gateway with the
// signed request (303), or shows the form again with what is wrong (422).
func (h *Topups) Create(c echo.Context) error {
	f, amount := bindTopup(c)
	if f.Invalid() {
		return h.show(c, http.StatusUnprocessableEntity, f)
	}
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	t, err := models.CreateTopup(ctx, h.DB, a, models.TopupInput{Amount: amount, IdempotencyKey: f.Idem}, now)
	switch {
	case isErr(err, models.ErrTopupAmount):
		f.AmountErr = msg(c, err)
	case isErr(err, models.ErrTopupConsignment, models.ErrCustomerFrozen, models.ErrTooManyTopups, models.ErrIdempotencyConflict):
		f.Err = msg(c, err)
	case err != nil:
		return err
	}
	if f.Invalid() {
		f.Idem = newToken()
		return h.show(c, http.StatusUnprocessableEntity, f)
	}
	req, err := models.TopupRequestFor(ctx, h.DB, a, h.GatewayKey, t.Reference, now)
	if errors.Is(err, models.ErrTopupState) { // the same form again, after its top-up was answered
		return c.Redirect(http.StatusSeeOther, returnURL(t.Reference))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, gatewayPayURL+"?"+req.Values().Encode())
}

// bindTopup reads the form and checks its shape; the amount is zero when the form is invalid.
func bindTopup(c echo.Context) (views.TopupForm, models.Money) {
	lang := langOf(c)
	f := views.TopupForm{Amount: c.FormValue("amount"), Idem: c.FormValue(idemField)}
	m, err := models.ParseTopupAmount(f.Amount)
	switch {
	case strings.TrimSpace(f.Amount) == "":
		f.AmountErr = views.T(lang, "err.required")
	case errors.Is(err, models.ErrInvalidInput):
		f.AmountErr = views.T(lang, "topup.amount_invalid")
	case err != nil:
		f.AmountErr = msg(c, err)
	}
	if !validIdem(f.Idem) {
		f.Err, f.Idem = views.T(lang, "topup.expired_form"), newToken()
	}
	return f, m
}

func returnURL(reference string) string {
	return views.PathTopupReturn + "?" + url.Values{"out_trade_no": {reference}}.Encode()
}

// Return is where the gateway sends the customer back: it says how the top-up stands — what the
// callback made of it; coming back credits nothing — and shows the page (303).
func (h *Topups) Return(c echo.Context) error {
	t, err := models.GetTopup(c.Request().Context(), h.DB, actor(c), c.QueryParam("out_trade_no"))
	if err != nil {
		return err
	}
	kind, key := "info", "topup.pending_flash"
	switch t.StatusAt(h.Now()) {
	case models.TopupPaid:
		kind, key = "success", "topup.paid_flash"
	case models.TopupFailed:
		key = "topup.closed_flash"
	case models.TopupExpired:
		key = "topup.expired_flash"
	}
	return flashAndBack(c, kind, views.T(langOf(c), key, views.Money(t.AmountMoney())), views.PathTopup)
}

// Callback hears a gateway's notice, server to server: no session, no CSRF token — the notice's
// signature is its only credential. It answers "success" (200) when the notice is taken (a
// replay included), so the gateway stops sending it; 400 for a malformed or mismatched notice,
// 403 for a signature that does not verify, 409 for one that contradicts the top-up. Nothing
// changes unless it answers 200.
func (h *Topups) Callback(c echo.Context) error {
	// the posted body only: fields in the address are no part of a notice
	if err := c.Request().ParseForm(); err != nil {
		return c.String(http.StatusBadRequest, "invalid notice")
	}
	n, err := models.ParseTopupNotice(c.Request().PostForm)
	if err != nil {
		return c.String(http.StatusBadRequest, "invalid notice")
	}
	gw := models.Actor{RequestID: requestID(c), Address: c.RealIP()}
	_, err = models.ConfirmTopup(c.Request().Context(), h.DB, gw, h.GatewayKey, n, h.Now())
	switch {
	case err == nil:
		return c.String(http.StatusOK, "success")
	case errors.Is(err, models.ErrBadSignature):
		return c.String(http.StatusForbidden, "bad signature")
	case isErr(err, models.ErrTopupMismatch, models.ErrNotFound):
		return c.String(http.StatusBadRequest, "notice does not match a top-up")
	case errors.Is(err, models.ErrTopupState):
		return c.String(http.StatusConflict, "top-up already answered otherwise")
	}
	return err
}
