package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Expand is Sales > Expand (客户拓展): the enterprise lookup, invitations and expansion records.
type Expand struct{ *base }

// inviteBlock says why the signed-in member may not invite, or "" if it may.
func inviteBlock(c echo.Context) string {
	lang := langOf(c)
	if !currentPartner(c).MayExpand() {
		return views.T(lang, "expand.no_perm")
	}
	if !currentUser(c).Roles.Has(models.RoleAdmin, models.RoleSales) {
		return views.T(lang, "expand.viewer")
	}
	return ""
}

func (h *Expand) expandPage(c echo.Context, title, side string, crumbs ...views.Crumb) views.Page {
	all := append([]views.Crumb{{Key: "nav.sales"}, {Key: "nav.expand", Href: views.PathExpand}}, crumbs...)
	p := h.page(c, title, "nav.sales", all...)
	p.Side = salesSide(side)
	return p
}

// Index looks enterprises up by a substring of their name.
func (h *Expand) Index(c echo.Context) error {
	vm := views.ExpandVM{NoPermMsg: inviteBlock(c)}
	q, ok := cleanText(c.QueryParam("q"), 256)
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	vm.Q, vm.Searched = q, q != ""
	vm.Pager = views.Pager{Page: page, Limit: limit, URL: pagerURL(c)}
	status := http.StatusOK
	if !ok {
		vm.Q, vm.Searched, vm.QueryError, status = "", false, views.T(langOf(c), "err.invalid"), http.StatusUnprocessableEntity
	} else if vm.Searched {
		list, err := models.SearchEnterprises(c.Request().Context(), h.DB, actor(c), q, page, limit)
		var me *models.Error
		switch {
		case errors.As(err, &me) && (err == models.ErrSearchTooShort || err == models.ErrInvalidInput):
			vm.Searched, vm.QueryError, status = false, msg(c, err), http.StatusUnprocessableEntity
		case err != nil:
			return err
		default:
			vm.Rows, vm.Pager.Total, vm.Capped = list.Rows, list.Total, list.Capped
		}
	}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.ExpandPage(h.expandPage(c, "expand.lookup", "lookup"), vm))
}

// Enterprise shows a directory entry with the invite form.
func (h *Expand) Enterprise(c echo.Context) error {
	e, err := h.enterprise(c)
	if err != nil {
		return err
	}
	return h.renderEnterprise(c, http.StatusOK, views.EnterpriseVM{E: e, NoPermMsg: inviteBlock(c)})
}

func (h *Expand) enterprise(c echo.Context) (*models.Enterprise, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return models.GetEnterprise(c.Request().Context(), h.DB, id)
}

func (h *Expand) renderEnterprise(c echo.Context, status int, vm views.EnterpriseVM) error {
	p := h.expandPage(c, "expand.detail", "lookup", views.Crumb{Text: vm.E.Name})
	return render(c, status, views.EnterprisePage(p, vm))
}

// Invite creates an invitation link for the enterprise in the chosen mode: 303 to the expansion
// records with the link, 422 on a bad mode, 403 without the permission to invite.
func (h *Expand) Invite(c echo.Context) error {
	e, err := h.enterprise(c)
	if err != nil {
		return err
	}
	vm := views.EnterpriseVM{E: e, Mode: c.FormValue("mode")}
	mode, ok := parseMode(vm.Mode)
	if !ok || mode == models.NoMode {
		vm.ModeError = views.T(langOf(c), "err.required")
		return h.renderEnterprise(c, http.StatusUnprocessableEntity, vm)
	}
	inv, err := models.Invite(c.Request().Context(), h.DB, actor(c), models.InviteInput{EnterpriseID: e.ID, Mode: mode}, h.Now())
	switch {
	case errors.Is(err, models.ErrNoExpandPermission), errors.Is(err, models.ErrForbidden):
		return echo.NewHTTPError(http.StatusForbidden, inviteBlock(c))
	case errors.Is(err, models.ErrEnterpriseInactive):
		vm.FormError = msg(c, err)
		return h.renderEnterprise(c, http.StatusUnprocessableEntity, vm)
	case err != nil:
		return err
	}
	if err := flash(c, "success", views.T(langOf(c), "expand.invited")+" "+h.inviteURL(c, inv)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/sales/expand/invitations?created="+views.ID(inv.ID))
}

func (h *Expand) inviteURL(c echo.Context, inv *models.Invitation) string {
	return h.baseURL(c) + "/customer/invitations/" + inv.Token
}

// baseURL is the configured public URL (--base-url): links that leave the console are never built
// from the request's Host header, which a client chooses.
func (h *Expand) baseURL(echo.Context) string { return strings.TrimSuffix(h.BaseURL, "/") }

// Invitations lists the expansion records by state.
func (h *Expand) Invitations(c echo.Context) error {
	status := c.QueryParam("status")
	switch status {
	case "", models.InvitationPending, models.InvitationAccepted, models.InvitationExpired:
	default:
		status = ""
	}
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	now := h.Now()
	list, err := models.ListInvitations(c.Request().Context(), h.DB, actor(c), models.InvitationFilter{Status: status, Page: page, Limit: limit}, now)
	if err != nil {
		return err
	}
	created, _ := parseID(c.QueryParam("created"))
	vm := views.InvitationsVM{Status: status, Rows: list.Rows, Now: now, BaseURL: h.baseURL(c),
		Pager:     views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)},
		MayInvite: inviteBlock(c) == "", Created: created}
	p := h.expandPage(c, "expand.records", "records", views.Crumb{Key: "nav.invitations"})
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.InvitationsPage(p, vm))
}

// Resend gives a pending or expired invitation a new link valid for another 7 days.
func (h *Expand) Resend(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	inv, err := models.ResendInvitation(c.Request().Context(), h.DB, actor(c), id, h.Now())
	switch {
	case errors.Is(err, models.ErrInvitationUsed):
		if err := flash(c, "error", msg(c, err)); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, views.PathExpandInvites)
	case errors.Is(err, models.ErrForbidden):
		return echo.NewHTTPError(http.StatusForbidden, inviteBlock(c))
	case err != nil:
		return err
	}
	if err := flash(c, "success", views.T(langOf(c), "expand.resent_ok")+" "+h.inviteURL(c, inv)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/sales/expand/invitations?created="+views.ID(inv.ID))
}
