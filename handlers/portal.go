package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Portal is the customer portal (/customer).
type Portal struct{ *base }

// portalChanges is how many account changes the portal's first page shows.
const portalChanges = 10

// Show is the portal's first page: the account, its current partner and pending invitations, its
// sessions and password.
func (h *Portal) Show(c echo.Context) error { return h.show(c, http.StatusOK, views.PasswordForm{}) }

const portalPath = views.PathPortal

// ChangePassword changes the customer user's password.
func (h *Portal) ChangePassword(c echo.Context) error {
	return h.changePassword(c, portalPath, h.show)
}

// EndSession ends another of the customer user's sessions.
func (h *Portal) EndSession(c echo.Context) error { return h.endSession(c, portalPath) }

func (h *Portal) show(c echo.Context, status int, form views.PasswordForm) error {
	ctx, a := c.Request().Context(), actor(c)
	home, err := models.GetCustomerHome(ctx, h.DB, a, h.Now())
	if err != nil {
		return err
	}
	vm := views.PortalVM{H: home, Now: h.Now()}
	if vm.Balance, err = models.CustomerBalance(ctx, h.DB, a.CustomerID); err != nil {
		return err
	}
	if vm.Statement, err = models.CustomerStatement(ctx, h.DB, a, models.StatementFilter{Limit: portalChanges}); err != nil {
		return err
	}
	if vm.Coupons, err = h.coupons(c); err != nil {
		return err
	}
	if vm.Applied, err = models.LatestApplication(ctx, h.DB, a); err != nil {
		return err
	}
	if vm.Account, err = h.accountVM(c, portalPath, form); err != nil {
		return err
	}
	if vm.Auth, err = h.authorizations(c); err != nil {
		return err
	}
	vm.MayTopUp = models.CheckTopUp(ctx, h.DB, a) == nil
	if vm.Arrears, err = models.CustomerArrears(ctx, h.DB, a, a.CustomerID); err != nil {
		return err
	}
	return render(c, status, views.PortalPage(h.page(c, "portal.title", "nav.portal"), vm))
}

// Invitation shows an invitation link's invitation with the accept button.
func (h *Portal) Invitation(c echo.Context) error {
	inv, err := models.InvitationByToken(c.Request().Context(), h.DB, c.Param("token"))
	if err != nil {
		return err
	}
	reason := ""
	if err := models.CheckAcceptable(c.Request().Context(), h.DB, actor(c), inv); err != nil {
		reason = msg(c, err) // told before trying, not after
	}
	return h.renderInvitation(c, http.StatusOK, inv, reason)
}

func (h *Portal) renderInvitation(c echo.Context, status int, inv *models.Invitation, errText string) error {
	ctx := c.Request().Context()
	p := h.page(c, "portal.invitation", "nav.portal", views.Crumb{Key: "nav.portal", Href: views.PathPortal}, views.Crumb{Key: "portal.invitation"})
	vm := views.InvitationVM{Inv: inv, State: inv.State(h.Now()), Error: errText, Acceptable: errText == ""}
	if vm.State == models.InvitationPending {
		home, err := models.GetCustomerHome(ctx, h.DB, actor(c), h.Now())
		if err != nil {
			return err
		}
		// the partner it chose supersedes this invitation: the badge says so, the error says why
		vm.State = inv.StateFor(&home.Customer, h.Now())
	}
	return render(c, status, views.InvitationPage(p, vm))
}

// Accept associates the customer with the inviting partner: 303 to the portal, or 422 with the
// reason (associated with another partner, expired, already used, another enterprise's link).
func (h *Portal) Accept(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	inv, err := models.InvitationByToken(ctx, h.DB, token)
	if err != nil {
		return err
	}
	_, err = models.AcceptInvitation(ctx, h.DB, actor(c), token, h.Now())
	var me *models.Error
	switch {
	case errors.Is(err, models.ErrNotFound):
		return err
	case errors.As(err, &me):
		return h.renderInvitation(c, http.StatusUnprocessableEntity, inv, msg(c, err))
	case err != nil:
		return err
	}
	lang := langOf(c)
	text := views.T(lang, "portal.accepted", inv.Partner.Name, views.T(lang, views.Key("mode.", int(inv.Mode))))
	if err := flash(c, "success", text); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.PathPortal)
}

// portalCoupons is how many coupons the portal's first page shows, newest first; the rest are
// paged on /customer/coupons.
const portalCoupons = 20

// coupons reads the newest of the customer's coupons, from every partner that issued it some.
func (h *Portal) coupons(c echo.Context) (views.MyCouponsVM, error) {
	return h.couponPage(c, 0, portalCoupons)
}
