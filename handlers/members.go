package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Members is Partner > Members: the team, its roles and the invitations to join it.
type Members struct{ *base }

const membersPath = views.PathMembers

// Index lists the members and the invitations.
func (h *Members) Index(c echo.Context) error {
	return h.render(c, http.StatusOK, views.MemberInviteForm{By: models.InviteByMobile, Roles: models.Roles(models.RoleSales)})
}

func (h *Members) render(c echo.Context, status int, form views.MemberInviteForm) error {
	ctx, a := c.Request().Context(), actor(c)
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	members, err := models.ListMembers(ctx, h.DB, a)
	if err != nil {
		return err
	}
	invites, err := models.ListMemberInvitations(ctx, h.DB, a, page, limit)
	if err != nil {
		return err
	}
	sent, err := models.SentToday(ctx, h.DB, a, h.Now())
	if err != nil {
		return err
	}
	ids := make([]uint64, len(invites.Rows))
	for i, inv := range invites.Rows {
		ids[i] = inv.ID
	}
	delivery, err := models.InvitationDeliveries(ctx, h.DB, a, models.MessageMemberInvitation, ids)
	if err != nil {
		return err
	}
	created, _ := parseID(c.QueryParam("created"))
	vm := views.MembersVM{Members: members, Invites: invites.Rows, Form: form, SentToday: sent, MaxPerDay: models.MaxMemberInvitesPerDay,
		Pager: views.Pager{Page: page, Limit: limit, Total: invites.Total, URL: pagerURL(c)},
		Now:   h.Now(), BaseURL: trimBase(h.BaseURL), Created: created, MeID: a.UserID, Delivery: delivery, Channels: h.channels()}
	if !currentPartner(c).MayInviteMembers() {
		vm.MayInvite = views.T(langOf(c), "err.cannot_invite_members")
	}
	p := h.page(c, "members.title", "nav.partner", views.Crumb{Key: "nav.partner"}, views.Crumb{Key: "nav.members"})
	p.Side = partnerSide(c, "members")
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.MembersPage(p, vm))
}

// parseRoles reads the checked role boxes; an unknown value is no role.
func parseRoles(values []string) models.Roles {
	var r models.Roles
	for _, v := range values {
		for _, x := range models.AllRoles {
			if v == x.Name() {
				r |= models.Roles(x)
			}
		}
	}
	return r
}

// Invite sends an invitation: 303 with its link, 422 with the field at fault.
func (h *Members) Invite(c echo.Context) error {
	form := views.MemberInviteForm{By: c.FormValue("by"), Roles: parseRoles(formList(c, "roles"))}
	form.Target, _ = cleanText(c.FormValue("target"), 128)
	inv, err := models.InviteMember(c.Request().Context(), h.DB, actor(c),
		models.MemberInviteInput{By: form.By, Target: form.Target, Roles: form.Roles}, h.Now())
	switch {
	case err == nil:
	case errors.Is(err, models.ErrForbidden), errors.Is(err, models.ErrCannotInviteMembers):
		return echo.NewHTTPError(http.StatusForbidden, msg(c, err))
	case errors.Is(err, models.ErrNoRoles):
		form.RolesErr = msg(c, err)
		return h.render(c, http.StatusUnprocessableEntity, form)
	case errors.Is(err, models.ErrDailyInviteLimit):
		form.Err = msg(c, err)
		return h.render(c, http.StatusUnprocessableEntity, form)
	default:
		var me *models.Error
		if !errors.As(err, &me) {
			return err
		}
		form.TargetErr = msg(c, err)
		return h.render(c, http.StatusUnprocessableEntity, form)
	}
	return flashAndBack(c, "success", views.T(langOf(c), "members.invited", inv.Target), membersPath+"?created="+views.ID(inv.ID))
}

// Resend renews an invitation's link; it counts toward the daily limit.
func (h *Members) Resend(c echo.Context) error {
	return actOnID(c, membersPath, func(ctx context.Context, id uint64) (string, string, error) {
		inv, err := models.ResendMemberInvitation(ctx, h.DB, actor(c), id, h.Now())
		if err != nil {
			return "", "", err
		}
		return views.T(langOf(c), "members.resent", inv.Target), membersPath + "?created=" + views.ID(inv.ID), nil
	})
}

// Revoke withdraws an invitation.
func (h *Members) Revoke(c echo.Context) error {
	return actOnID(c, membersPath, func(ctx context.Context, id uint64) (string, string, error) {
		err := models.RevokeMemberInvitation(ctx, h.DB, actor(c), id)
		return views.T(langOf(c), "members.revoked"), membersPath, err
	})
}

// SetRoles changes a member's roles.
func (h *Members) SetRoles(c echo.Context) error {
	return actOnID(c, membersPath, func(ctx context.Context, id uint64) (string, string, error) {
		err := models.SetMemberRoles(ctx, h.DB, actor(c), id, parseRoles(formList(c, "roles")))
		return views.T(langOf(c), "members.roles_saved"), membersPath, err
	})
}

// Remove takes a member out of the partner.
func (h *Members) Remove(c echo.Context) error {
	return actOnID(c, membersPath, func(ctx context.Context, id uint64) (string, string, error) {
		err := models.RemoveMember(ctx, h.DB, actor(c), id)
		return views.T(langOf(c), "members.removed"), membersPath, err
	})
}

// actOnID runs act on the object the path's :id names, then flashes its outcome: on success act's
// message and a redirect to where act says, on a refusal the rule's message and back to page. A
// bad or missing id is 404, a forbidden one 403, a failure the error page.
func actOnID(c echo.Context, page string, act func(ctx context.Context, id uint64) (text, to string, err error)) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	text, to, err := act(c.Request().Context(), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), page)
	}
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", text, to)
}

// refusal tells whether err is a rule the user broke (shown as a message), not a missing object, a
// forbidden action or a failure.
func refusal(err error) bool {
	var me *models.Error
	return errors.As(err, &me) && !errors.Is(err, models.ErrNotFound) && !errors.Is(err, models.ErrForbidden)
}

// formList is every value of a repeated form field (checkboxes).
func formList(c echo.Context, name string) []string {
	v, err := c.FormParams()
	if err != nil {
		return nil
	}
	return v[name]
}

// channels are the invitation channels with a sender configured.
func (b *base) channels() map[string]bool {
	m := map[string]bool{}
	for _, ch := range b.Delivery {
		m[ch] = true
	}
	return m
}

// trimBase is the configured public URL without a trailing slash, for links sent out.
func trimBase(u string) string { return strings.TrimSuffix(u, "/") }
