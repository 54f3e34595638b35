package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// More confirmation steps of destructive actions (remove a member, disable a key, revoke an
// authorization), in the pattern of confirm.go, replacing the browser's confirm().

// ConfirmRemove shows the member that removing takes out of the partner.
func (h *Members) ConfirmRemove(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	u, err := models.MemberToRemove(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), membersPath)
	} else if err != nil {
		return err
	}
	lang := langOf(c)
	roles := ""
	for i, k := range views.RoleKeys(u.Roles) {
		if i > 0 {
			roles += views.T(lang, "common.sep")
		}
		roles += views.T(lang, k)
	}
	vm := views.ConfirmVM{Title: "confirm.remove_member_title", Lead: views.T(lang, "confirm.remove_member_lead"),
		Action: membersPath + "/" + views.ID(id) + "/remove", Button: views.T(lang, "members.remove"), Back: membersPath,
		Facts: []views.Fact{
			{Label: views.T(lang, "confirm.member"), Value: u.DisplayName, TestID: "confirm-member"},
			{Label: views.T(lang, "members.roles"), Value: views.Dash(roles)},
		}}
	p := h.page(c, "confirm.remove_member_title", "nav.partner", views.Crumb{Key: "nav.partner"},
		views.Crumb{Key: "nav.members", Href: membersPath}, views.Crumb{Key: "confirm.remove_member_title"})
	p.Side = partnerSide(c, "members")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmDisable shows the access key that disabling stops.
func (h *AccessKeys) ConfirmDisable(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	k, err := models.AccessKeyToDelete(c.Request().Context(), h.DB, actor(c), id) // disabling has deleting's rules
	if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.disable_key_title", Lead: views.T(lang, "keys.confirm_disable", k.AccessKeyID),
		Action: accessKeysPath + "/" + views.ID(id) + "/disable", Button: views.T(lang, "keys.disable"), Back: accessKeysPath,
		Facts: []views.Fact{{Label: views.T(lang, "keys.ak"), Value: k.AccessKeyID, TestID: "confirm-key"}}}
	p := h.page(c, "confirm.disable_key_title", "nav.partner", views.Crumb{Key: "nav.partner"},
		views.Crumb{Key: "nav.access_keys", Href: accessKeysPath}, views.Crumb{Key: "confirm.disable_key_title"})
	p.Side = partnerSide(c, "access-keys")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmRevokeAuthorization shows the customer the partner that revoking stops ordering for it.
func (h *Portal) ConfirmRevokeAuthorization(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	z, err := models.AuthorizationToRevoke(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), portalPath)
	} else if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.revoke_auth_title", Lead: views.T(lang, "auth.revoke_confirm"),
		Action: "/customer/authorizations/" + views.ID(id) + "/revoke", Button: views.T(lang, "auth.revoke"), Back: portalPath,
		Facts: []views.Fact{{Label: views.T(lang, "customers.partner"), Value: z.PartnerName, TestID: "confirm-partner"}}}
	p := h.page(c, "confirm.revoke_auth_title", "nav.portal", views.Crumb{Key: "nav.portal", Href: portalPath}, views.Crumb{Key: "confirm.revoke_auth_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}
