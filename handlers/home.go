package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Home is the first page after sign-in: the partner dashboard or the operator's overview.
type Home struct{ *base }

// Show renders the home page for the signed-in user's kind.
func (h *Home) Show(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return redirectToLogin(c)
	}
	ctx, a := c.Request().Context(), actor(c)
	switch u.Kind {
	case models.CustomerUser:
		return c.Redirect(http.StatusSeeOther, views.PathPortal)
	case models.OperatorUser:
		o, err := models.OperatorOverview(ctx, h.DB, a)
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, views.OpsHomePage(h.page(c, "home.ops_title", "nav.home"), views.OpsHomeVM{Overview: o, Work: opsSide("")}))
	}
	if u.PartnerID == nil { // a former member: the invitations back by its sign-in name, if any
		invs, err := models.InvitationsForAccount(ctx, h.DB, a, h.Now())
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, views.NoPartnerHomePage(h.page(c, "home.title", "nav.home"), invs))
	}
	d, err := models.PartnerDashboard(ctx, h.DB, a, h.Now())
	if err != nil {
		return err
	}
	vm := views.HomeVM{Dash: d, Sales: can(c, views.PathCustomers)}
	if vm.Balances, err = models.PartnerBalances(ctx, h.DB, a); err != nil {
		return err
	}
	if can(c, views.PathFunds) {
		vm.FundsHref = views.PathFunds
		if vm.Coupons, err = models.SummarizeCoupons(ctx, h.DB, a, h.Now()); err != nil {
			return err
		}
		if vm.Consumption, err = models.MonthConsumption(ctx, h.DB, a, models.BillCycleOf(h.Now())); err != nil {
			return err
		}
		if vm.Catalog, err = models.LoadCatalog(ctx, h.DB); err != nil {
			return err
		}
	}
	return render(c, http.StatusOK, views.HomePage(h.page(c, "home.title", "nav.home"), vm))
}
