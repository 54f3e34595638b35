package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Profile is Partner > Profile: the partner's kind, programs, paths and permissions, and the
// distribution-program invitation to accept.
type Profile struct{ *base }

// Show is the signed-in member's partner's profile, with the member's own sessions and password.
func (h *Profile) Show(c echo.Context) error { return h.show(c, http.StatusOK, views.PasswordForm{}) }

func (h *Profile) show(c echo.Context, status int, form views.PasswordForm) error {
	a := actor(c)
	prof, err := models.GetPartnerProfile(c.Request().Context(), h.DB, a, a.PartnerID)
	if err != nil {
		return err
	}
	p := h.page(c, "profile.title", "nav.partner", views.Crumb{Key: "nav.partner"}, views.Crumb{Key: "nav.profile"})
	p.Side = partnerSide(c, "profile")
	vm := views.ProfileVM{Prof: prof, IsAdmin: a.Roles.Has(models.RoleAdmin), Now: h.Now()}
	if vm.Account, err = h.accountVM(c, profilePath, form); err != nil {
		return err
	}
	return render(c, status, views.ProfilePage(p, vm))
}

const profilePath = views.PathProfile

// ChangePassword changes the member's password.
func (h *Profile) ChangePassword(c echo.Context) error {
	return h.changePassword(c, profilePath, h.show)
}

// EndSession ends another of the member's sessions.
func (h *Profile) EndSession(c echo.Context) error { return h.endSession(c, profilePath) }

// AcceptDistribution joins the distribution program the operator invited the partner into.
func (h *Profile) AcceptDistribution(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	err := models.AcceptDistribution(c.Request().Context(), h.DB, actor(c), id, h.Now())
	switch {
	case errors.Is(err, models.ErrInProgram), errors.Is(err, models.ErrNotPending):
		return flashAndBack(c, "error", msg(c, err), views.PathProfile)
	case err != nil:
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "profile.distribution_joined"), views.PathProfile)
}
