package handlers

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Resellers is Partner > Resellers, a master distributor's: its cloud resellers and the links
// that invite new ones.
type Resellers struct{ *base }

const resellersPath = views.PathResellers

// masterOnly refuses the pages to any partner but a master distributor.
func masterOnly(c echo.Context) error {
	if p := currentPartner(c); p == nil || p.Kind != models.MasterDistributor {
		return echo.NewHTTPError(http.StatusForbidden, views.T(langOf(c), "resellers.master_only"))
	}
	return nil
}

// Index lists the resellers, searched by account or company name, and the invitations.
func (h *Resellers) Index(c echo.Context) error {
	return h.render(c, http.StatusOK, views.ResellerInviteForm{})
}

func (h *Resellers) render(c echo.Context, status int, form views.ResellerInviteForm) error {
	if err := masterOnly(c); err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actor(c)
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	q, ok := cleanText(c.QueryParam("q"), 64)
	if !ok {
		q = ""
	}
	list, err := models.ListIndirectPartners(ctx, h.DB, a, models.ResellerFilter{Q: q, Offset: offsetOf(page, limit), Limit: limit})
	if err != nil {
		return err
	}
	invites, err := models.ListResellerInvitations(ctx, h.DB, a)
	if err != nil {
		return err
	}
	balances, err := models.ResellerBalances(ctx, h.DB, a)
	if err != nil {
		return err
	}
	ids := make([]uint64, len(invites))
	for i, inv := range invites {
		ids[i] = inv.ID
	}
	delivery, err := models.InvitationDeliveries(ctx, h.DB, a, models.MessageResellerInvitation, ids)
	if err != nil {
		return err
	}
	created, _ := parseID(c.QueryParam("created"))
	vm := views.ResellersVM{List: list, Q: q, Invites: invites, Form: form,
		Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)},
		Now:   h.Now(), BaseURL: trimBase(h.BaseURL), Created: created, Balances: map[uint64]models.Money{},
		Delivery: delivery, Channels: h.channels()}
	for _, b := range balances {
		vm.Balances[b.Partner.ID] = b.Balance
	}
	p := h.page(c, "resellers.title", "nav.partner", views.Crumb{Key: "nav.partner"}, views.Crumb{Key: "nav.resellers"})
	p.Side = partnerSide(c, "resellers")
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.ResellersPage(p, vm))
}

// Invite creates a reseller invitation link.
func (h *Resellers) Invite(c echo.Context) error {
	if err := masterOnly(c); err != nil {
		return err
	}
	company, email := c.FormValue("company"), c.FormValue("email") // the models check both
	inv, err := models.InviteReseller(c.Request().Context(), h.DB, actor(c), company, email, h.Now())
	form := views.ResellerInviteForm{Company: formText(company, 128), Email: formText(email, 128)}
	switch {
	case errors.Is(err, models.ErrInvalidEmail):
		form.EmailErr = msg(c, err)
		return h.render(c, http.StatusUnprocessableEntity, form)
	case fieldOfErr(err) == "company":
		form.CompanyErr = msg(c, err)
		return h.render(c, http.StatusUnprocessableEntity, form)
	case err != nil:
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "resellers.invited"), resellersPath+"?created="+views.ID(inv.ID))
}

// Resend gives an invitation a new link valid for another 7 days; the old one stops working.
func (h *Resellers) Resend(c echo.Context) error {
	if err := masterOnly(c); err != nil {
		return err
	}
	return actOnID(c, resellersPath, func(ctx context.Context, id uint64) (string, string, error) {
		inv, err := models.ResendResellerInvitation(ctx, h.DB, actor(c), id, h.Now())
		if err != nil {
			return "", "", err
		}
		return views.T(langOf(c), "resellers.resent"), resellersPath + "?created=" + views.ID(inv.ID), nil
	})
}

// Revoke withdraws an invitation: its link stops working.
func (h *Resellers) Revoke(c echo.Context) error {
	if err := masterOnly(c); err != nil {
		return err
	}
	return actOnID(c, resellersPath, func(ctx context.Context, id uint64) (string, string, error) {
		err := models.RevokeResellerInvitation(ctx, h.DB, actor(c), id)
		return views.T(langOf(c), "members.revoked"), resellersPath, err
	})
}

// Show is a reseller's detail: profile, balance and customers.
func (h *Resellers) Show(c echo.Context) error {
	if err := masterOnly(c); err != nil {
		return err
	}
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx := c.Request().Context()
	d, err := models.GetResellerDetail(ctx, h.DB, actor(c), id)
	if err != nil {
		return err
	}
	quotas, err := models.ListChildQuotas(ctx, h.DB, actor(c), models.ChildQuotaFilter{ResellerID: id, Limit: 20})
	if err != nil {
		return err
	}
	p := h.page(c, "resellers.detail", "nav.partner", views.Crumb{Key: "nav.partner"},
		views.Crumb{Key: "nav.resellers", Href: resellersPath}, views.Crumb{Text: d.Reseller.Name})
	p.Side = partnerSide(c, "resellers")
	return render(c, http.StatusOK, views.ResellerPage(p, views.ResellerVM{D: d, Quotas: quotas.Rows}))
}
