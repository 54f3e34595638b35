package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// A resource's actions (issue 14): renew (a renewal order, paid at once from the balance or left
// pending payment), auto-renew (set, cancel) and unsubscribe (退订, with its refund). Renewing and
// unsubscribing are confirmed on a page that says the price or the refund first (confirm.go's
// pattern). The domain needs no one-time key here: a second renewal while the first is open, or a
// second unsubscribe, is refused (ErrResourceBusy, ErrResourceClosed) and shown in words.

// actionsFor are the actions a resource's page offers the user (models' MayRenewOrUnsubscribe).
// The renewal starts at one month, the auto-renewal at the resource's own (AutoRenewSetting).
func (h *Resources) actionsFor(c echo.Context, r *models.Resource) views.ResourceActions {
	period, times := r.AutoRenewSetting()
	return views.ResourceActions{
		Offered:     actor(c).MayRenewOrUnsubscribe(r),
		Renew:       views.RenewForm{PeriodType: strconv.Itoa(models.PeriodMonth), PeriodNum: "1"},
		AutoRenew:   views.AutoRenewForm{PeriodType: strconv.Itoa(period), Times: strconv.Itoa(times)},
		Unsubscribe: views.UnsubscribeForm{Type: "1", ReasonType: "0"},
	}
}

// target is the resource the page's id names, as the user may see it; anyone else's is not found.
func (h *Resources) target(c echo.Context) (*models.ResourceDetail, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return models.GetResource(c.Request().Context(), h.DB, actor(c), id)
}

// lifeMsg is a refusal in words; a short balance says how much is missing.
func lifeMsg(c echo.Context, err error) string {
	var short *models.ShortError
	if errors.As(err, &short) {
		return views.T(langOf(c), "opages.short", views.Money(short.Missing))
	}
	return msg(c, err)
}

// refused shows the resource's page again with the refusal on the form that was posted (422), the
// form as typed; an error that is not a refusal (not found, forbidden, unexpected) is returned.
func (h *Resources) refused(c echo.Context, d *models.ResourceDetail, err error, set func(*views.ResourceVM, string)) error {
	if !refusal(err) {
		return err
	}
	text := lifeMsg(c, err)
	return h.renderResource(c, http.StatusUnprocessableEntity, d.ID, func(vm *views.ResourceVM) {
		vm.Error = text
		set(vm, text)
	})
}

func (h *Resources) renewRefused(c echo.Context, d *models.ResourceDetail, err error) error {
	v, _ := c.FormParams()
	return h.refused(c, d, err, renewOnPage(v))
}

func (h *Resources) autoRenewRefused(c echo.Context, d *models.ResourceDetail, err error) error {
	v, _ := c.FormParams()
	return h.refused(c, d, err, autoRenewOnPage(v))
}

func (h *Resources) unsubscribeRefused(c echo.Context, d *models.ResourceDetail, err error) error {
	v, _ := c.FormParams()
	return h.refused(c, d, err, unsubscribeOnPage(v))
}

// renewOnPage, autoRenewOnPage and unsubscribeOnPage put a form as typed back on the resource's
// page, with what is wrong with it.
func renewOnPage(v url.Values) func(*views.ResourceVM, string) {
	return func(vm *views.ResourceVM, text string) { vm.Actions.Renew = renewForm(v); vm.Actions.Renew.Err = text }
}

func autoRenewOnPage(v url.Values) func(*views.ResourceVM, string) {
	return func(vm *views.ResourceVM, text string) {
		vm.Actions.AutoRenew = autoRenewForm(v)
		vm.Actions.AutoRenew.Err = text
	}
}

func unsubscribeOnPage(v url.Values) func(*views.ResourceVM, string) {
	return func(vm *views.ResourceVM, text string) {
		vm.Actions.Unsubscribe = unsubscribeForm(v)
		vm.Actions.Unsubscribe.Err = text
	}
}

// badForm shows a malformed form again, its reason in words (422).
func (h *Resources) badForm(c echo.Context, d *models.ResourceDetail, key string, set func(*views.ResourceVM, string)) error {
	text := views.T(langOf(c), key)
	return h.renderResource(c, http.StatusUnprocessableEntity, d.ID, func(vm *views.ResourceVM) {
		vm.Error = text
		set(vm, text)
	})
}

// Renew renews the resource for the confirmed period, and goes to the renewal order's page.
func (h *Resources) Renew(c echo.Context) error {
	d, err := h.target(c)
	if err != nil {
		return err
	}
	v, _ := c.FormParams()
	ch, bad := parseRenew(v)
	if bad != "" {
		return h.badForm(c, d, bad, renewOnPage(v))
	}
	res, err := models.RenewResources(c.Request().Context(), h.DB, actor(c), models.RenewInput{ResourceIDs: []string{d.PublicID},
		PeriodType: ch.periodType, PeriodNum: ch.periodNum, AutoPay: ch.autoPay}, h.Now())
	if err != nil {
		return h.renewRefused(c, d, err)
	}
	o := res.Orders[0]
	return flashAndBack(c, "success", views.T(langOf(c), "resact.renewed_flash", o.OrderID()), h.orders+"/"+views.ID(o.ID))
}

// SetAutoRenew sets the resource's auto-renewal.
func (h *Resources) SetAutoRenew(c echo.Context) error {
	d, err := h.target(c)
	if err != nil {
		return err
	}
	v, _ := c.FormParams()
	ch, bad := parseAutoRenew(v)
	if bad != "" {
		return h.badForm(c, d, bad, autoRenewOnPage(v))
	}
	r, err := models.SetAutoRenew(c.Request().Context(), h.DB, actor(c), d.PublicID, ch.periodType, ch.times, h.Now())
	if err != nil {
		return h.autoRenewRefused(c, d, err)
	}
	lang := langOf(c)
	return flashAndBack(c, "success", views.T(lang, "resact.auto_set_flash", views.AutoRenewLabel(lang, r)), h.area.Prefix+"/"+views.ID(d.ID))
}

// CancelAutoRenew stops the resource's auto-renewal.
func (h *Resources) CancelAutoRenew(c echo.Context) error {
	d, err := h.target(c)
	if err != nil {
		return err
	}
	if _, err := models.CancelAutoRenew(c.Request().Context(), h.DB, actor(c), d.PublicID, h.Now()); err != nil {
		return h.autoRenewRefused(c, d, err)
	}
	return flashAndBack(c, "success", views.T(langOf(c), "resact.auto_cancelled_flash"), h.area.Prefix+"/"+views.ID(d.ID))
}

// Unsubscribe unsubscribes the resource as confirmed, and goes to the unsubscribe order's page,
// which shows the refund.
func (h *Resources) Unsubscribe(c echo.Context) error {
	d, err := h.target(c)
	if err != nil {
		return err
	}
	v, _ := c.FormParams()
	ch, bad := parseUnsubscribe(v)
	if bad != "" {
		return h.badForm(c, d, bad, unsubscribeOnPage(v))
	}
	res, err := models.Unsubscribe(c.Request().Context(), h.DB, actor(c), models.UnsubscribeInput{ResourceIDs: []string{d.PublicID},
		Type: ch.typ, ReasonType: ch.reasonType, Reason: ch.reason}, h.Now())
	if err != nil {
		return h.unsubscribeRefused(c, d, err)
	}
	o := res.Orders[0]
	return flashAndBack(c, "success", views.T(langOf(c), "resact.unsubscribed_flash", o.OrderID(), views.Money(o.CashMoney())),
		h.orders+"/"+views.ID(o.ID))
}
