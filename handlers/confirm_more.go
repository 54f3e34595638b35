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
		Action: h.path() + "/" + views.ID(id) + "/disable", Button: views.T(lang, "keys.disable"), Back: h.path(),
		Facts: []views.Fact{{Label: views.T(lang, "keys.ak"), Value: k.AccessKeyID, TestID: "confirm-key"}}}
	p := h.keysPage(c, "confirm.disable_key_title", views.Crumb{Key: "confirm.disable_key_title"})
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

// ConfirmQuotaStatus shows the quota that freezing or invalidating stops issuing from.
func (h *Ops) ConfirmQuotaStatus(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, ok := parseID(c.Param("id"))
		if !ok {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		q, partner, err := models.QuotaToChange(c.Request().Context(), h.DB, actor(c), id, action)
		if refusal(err) {
			return flashAndBack(c, "error", msg(c, err), opsQuotasPath)
		} else if err != nil {
			return err
		}
		lang, title := langOf(c), "confirm.quota_freeze_title"
		if action == models.QuotaInvalidate {
			title = "confirm.quota_invalidate_title"
		}
		vm := views.ConfirmVM{Title: title, Lead: views.T(lang, "opsq.confirm."+action, q.PublicID[:12]),
			Action: opsQuotasPath + "/" + views.ID(id) + "/" + action, Button: views.T(lang, "opsq."+action), Back: opsQuotasPath,
			Facts: []views.Fact{
				{Label: views.T(lang, "confirm.partner"), Value: partner, TestID: "confirm-partner"},
				{Label: views.T(lang, "confirm.quota"), Value: views.QuotaLabel(lang, *q), TestID: "confirm-quota"},
			}}
		p := h.page(c, title, "nav.ops", views.Crumb{Key: "nav.ops"},
			views.Crumb{Key: "nav.ops_quotas", Href: opsQuotasPath}, views.Crumb{Key: title})
		p.Side = opsSide("quotas")
		return render(c, http.StatusOK, views.ConfirmPage(p, vm))
	}
}

// confirmRemoveDiscount shows the discount that removing ends, on page p; cancelling goes back.
func (b *base) confirmRemoveDiscount(c echo.Context, p views.Page, back string) error {
	id, ok1 := parseID(c.Param("id"))
	did, ok2 := parseID(c.Param("discount"))
	if !ok1 || !ok2 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, lang := c.Request().Context(), langOf(c)
	d, err := models.DiscountToRemove(ctx, b.DB, actor(c), id, did)
	if fieldOfErr(err) != "" { // a type this user does not set
		return flashAndBack(c, "error", msg(c, err), back)
	} else if err != nil {
		return err
	}
	rows, err := b.discountRows(c, []models.Discount{*d}, d.Type, "")
	if err != nil {
		return err
	}
	r := rows[0]
	vm := views.ConfirmVM{Title: "confirm.remove_discount_title", Lead: views.T(lang, "discount.remove_confirm"),
		Action: c.Request().URL.Path[:len(c.Request().URL.Path)-len("/confirm")], Button: views.T(lang, "discount.remove"), Back: back,
		Hidden: []views.Hidden{{Name: "cq", Value: c.FormValue("cq")}},
		Facts: []views.Fact{
			{Label: views.T(lang, "discount.type"), Value: d.Type.Name(lang)},
			{Label: views.T(lang, "discount.service"), Value: r.Service, TestID: "confirm-service"},
			{Label: views.T(lang, "discount.rate"), Value: d.Off.String() + "%", TestID: "confirm-rate"},
			{Label: views.T(lang, "discount.validity"), Value: d.ValidFrom + " – " + d.ValidTo},
		}}
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmRemoveDiscount is the partner's confirmation of removing a customer's discount.
func (h *Customers) ConfirmRemoveDiscount(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	d, err := models.GetCustomer(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	back := views.Path(views.PathCustomer, id)
	p := h.customerPage(c, d.Customer.AccountName, back, "confirm.remove_discount_title", views.Crumb{Key: "confirm.remove_discount_title"})
	return h.confirmRemoveDiscount(c, p, back+"#discounts")
}

// ConfirmRemove is the operator's confirmation of removing a customer's contract discount.
func (h *OpsDiscounts) ConfirmRemove(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	back := h.back(c, id)
	p := h.page(c, "confirm.remove_discount_title", "nav.ops", views.Crumb{Key: "nav.ops"},
		views.Crumb{Key: "nav.discounts", Href: back}, views.Crumb{Key: "confirm.remove_discount_title"})
	p.Side = opsSide("discounts")
	return h.confirmRemoveDiscount(c, p, back)
}

// ConfirmRevokeExpand shows the master distributor whose customer-expansion permission the
// operator takes away.
func (h *OpsPartners) ConfirmRevokeExpand(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	prof, err := models.GetPartnerProfile(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	back := views.Path(views.PathOpsPartner, id)
	if prof.Partner.Kind != models.MasterDistributor || !prof.Partner.CanExpand {
		return c.Redirect(http.StatusSeeOther, back) // nothing to revoke: the page says how it stands
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.revoke_expand_title", Lead: views.T(lang, "ops.confirm_revoke_expand"),
		Action: back + "/expand", Button: views.T(lang, "ops.revoke_expand"), Back: back,
		Hidden: []views.Hidden{{Name: "grant", Value: "0"}},
		Facts:  []views.Fact{{Label: views.T(lang, "confirm.partner"), Value: prof.Partner.Name, TestID: "confirm-partner"}}}
	p := h.opsPage(c, "confirm.revoke_expand_title", "partners", views.Crumb{Key: "nav.partners", Href: views.PathOpsPartners},
		views.Crumb{Text: prof.Partner.Name, Href: back}, views.Crumb{Key: "confirm.revoke_expand_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmCancel shows the ticket that cancelling withdraws.
func (h *Tickets) ConfirmCancel(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return models.ErrNotFound
	}
	d, err := models.GetTicket(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	lang, back := langOf(c), h.area.Prefix+"/"+views.ID(id)
	vm := views.ConfirmVM{Title: "confirm.cancel_ticket_title", Lead: views.T(lang, "ticket.confirm_cancel"),
		Action: back + "/cancel", Button: views.T(lang, "ticket.action.cancel"), Back: back,
		Facts: []views.Fact{
			{Label: views.T(lang, "confirm.ticket"), Value: d.Ticket.Number, TestID: "confirm-ticket"},
			{Label: views.T(lang, "confirm.ticket_title"), Value: d.Ticket.Title},
		}}
	p := h.pageOf(c, "confirm.cancel_ticket_title", views.Crumb{Text: d.Ticket.Number, Href: back}, views.Crumb{Key: "confirm.cancel_ticket_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// confirmEndSession shows the browser whose session ending signs out; base is the page of the
// user's sessions, p the page to show it on.
func (b *base) confirmEndSession(c echo.Context, p views.Page, base string) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	s, err := models.SessionToEnd(c.Request().Context(), b.DB, actor(c), id, currentSessionID(c))
	if err != nil {
		return err
	}
	lang := langOf(c)
	browser := views.BrowserName(s.UserAgent)
	if browser == "" {
		browser = views.T(lang, "sessions.unknown_browser")
	}
	vm := views.ConfirmVM{Title: "confirm.end_session_title", Lead: views.T(lang, "sessions.end_confirm"),
		Action: base + "/sessions/" + views.ID(id) + "/end", Button: views.T(lang, "sessions.end"), Back: base + "#sessions",
		Facts: []views.Fact{
			{Label: views.T(lang, "sessions.browser"), Value: browser, TestID: "confirm-browser"},
			{Label: views.T(lang, "sessions.address"), Value: views.Dash(s.Address)},
			{Label: views.T(lang, "sessions.last_seen"), Value: views.DateTime(s.LastSeenAt)},
		}}
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmEndSession is a member's confirmation of ending another of its sessions.
func (h *Profile) ConfirmEndSession(c echo.Context) error {
	p := h.page(c, "confirm.end_session_title", "nav.partner", views.Crumb{Key: "nav.partner"},
		views.Crumb{Key: "nav.profile", Href: profilePath}, views.Crumb{Key: "confirm.end_session_title"})
	p.Side = partnerSide(c, "profile")
	return h.confirmEndSession(c, p, profilePath)
}

// ConfirmEndSession is a customer user's confirmation of ending another of its sessions.
func (h *Portal) ConfirmEndSession(c echo.Context) error {
	p := h.page(c, "confirm.end_session_title", "nav.portal", views.Crumb{Key: "nav.portal", Href: portalPath}, views.Crumb{Key: "confirm.end_session_title"})
	return h.confirmEndSession(c, p, portalPath)
}
