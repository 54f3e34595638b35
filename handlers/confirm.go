package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Destructive actions (unbind, revoke an invitation, delete an access key) are confirmed on a
// page of their own instead of the browser's confirm(): the button posts to the action's
// …/confirm, which reads the object with the action's own rules and shows what will happen; its
// button posts to the action. It works without JavaScript, and a refused object (an invitation
// no longer pending) is said before the person confirms anything.

// ConfirmUnbind shows the customer, its mode and the balance the partner gets back.
func (h *Customers) ConfirmUnbind(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, lang := c.Request().Context(), langOf(c)
	d, err := models.GetCustomer(ctx, h.DB, actor(c), id)
	if err != nil {
		return err
	}
	bal, err := models.CustomerBalance(ctx, h.DB, id)
	if err != nil {
		return err
	}
	back := views.Path(views.PathCustomer, id)
	vm := views.ConfirmVM{Title: "confirm.unbind_title", Lead: views.T(lang, "confirm.unbind_lead"),
		Action: back + "/unbind", Button: views.T(lang, "assoc.unbind"), Back: back,
		Facts: []views.Fact{
			{Label: views.T(lang, "customers.account"), Value: d.Customer.AccountName, TestID: "confirm-customer"},
			{Label: views.T(lang, "customers.realname"), Value: views.Dash(d.Customer.RealName)},
			{Label: views.T(lang, "customers.mode"), Value: views.T(lang, views.Key("mode.", int(d.Customer.Mode)))},
		}}
	if d.Customer.Mode == models.Consignment {
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "confirm.unbind_reclaims"), Value: views.Money(bal), TestID: "confirm-reclaims"})
	}
	p := h.customerPage(c, d.Customer.AccountName, back, "confirm.unbind_title", views.Crumb{Key: "confirm.unbind_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmDelete shows the access key that deleting stops.
func (h *AccessKeys) ConfirmDelete(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	k, err := models.AccessKeyToDelete(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.delete_key_title", Lead: views.T(lang, "confirm.delete_key_lead"),
		Action: h.path() + "/" + views.ID(id) + "/delete", Button: views.T(lang, "keys.delete"), Back: h.path(),
		Facts: []views.Fact{{Label: views.T(lang, "keys.ak"), Value: k.AccessKeyID, TestID: "confirm-key"}}}
	p := h.keysPage(c, "confirm.delete_key_title", views.Crumb{Key: "confirm.delete_key_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmRevoke shows the member invitation that revoking ends.
func (h *Members) ConfirmRevoke(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	inv, err := models.MemberInvitationToRevoke(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), membersPath)
	} else if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.revoke_title", Lead: views.T(lang, "members.confirm_revoke"),
		Action: membersPath + "/invitations/" + views.ID(id) + "/revoke", Button: views.T(lang, "members.revoke"), Back: membersPath,
		Facts: []views.Fact{{Label: views.T(lang, "members.target"), Value: inv.Target, TestID: "confirm-invitee"}}}
	p := h.page(c, "confirm.revoke_title", "nav.partner", views.Crumb{Key: "nav.partner"},
		views.Crumb{Key: "nav.members", Href: membersPath}, views.Crumb{Key: "confirm.revoke_title"})
	p.Side = partnerSide(c, "members")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmRevoke shows the reseller invitation that revoking ends.
func (h *Resellers) ConfirmRevoke(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	inv, err := models.ResellerInvitationToRevoke(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), resellersPath)
	} else if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.revoke_title", Lead: views.T(lang, "members.confirm_revoke"),
		Action: resellersPath + "/invitations/" + views.ID(id) + "/revoke", Button: views.T(lang, "members.revoke"), Back: resellersPath,
		Facts: []views.Fact{{Label: views.T(lang, "resellers.company"), Value: views.Dash(inv.CompanyName), TestID: "confirm-invitee"},
			{Label: views.T(lang, "confirm.email"), Value: views.Dash(inv.Email)}}}
	p := h.page(c, "confirm.revoke_title", "nav.partner", views.Crumb{Key: "nav.partner"},
		views.Crumb{Key: "nav.resellers", Href: resellersPath}, views.Crumb{Key: "confirm.revoke_title"})
	p.Side = partnerSide(c, "resellers")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmUnbind shows a customer the partner it ends its association with, before it does.
func (h *Portal) ConfirmUnbind(c echo.Context) error {
	home, err := models.GetCustomerHome(c.Request().Context(), h.DB, actor(c), h.Now())
	if err != nil {
		return err
	}
	if home.Partner == nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.end_title", Lead: views.T(lang, "confirm.end_lead"),
		Action: "/customer/unbind", Button: views.T(lang, "assoc.end"), Back: portalPath,
		Facts: []views.Fact{
			{Label: views.T(lang, "customers.partner"), Value: home.Partner.Name, TestID: "confirm-partner"},
			{Label: views.T(lang, "customers.mode"), Value: views.T(lang, views.Key("mode.", int(home.Association.Mode)))},
		}}
	p := h.page(c, "confirm.end_title", "nav.portal", views.Crumb{Key: "nav.portal", Href: portalPath}, views.Crumb{Key: "confirm.end_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}
