package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// AccessKeys is Partner > Access keys (访问密钥): the AK/SK pairs of the partner API.
type AccessKeys struct{ *base }

const accessKeysPath = views.PathAccessKeys

// Index lists the partner's access keys.
func (h *AccessKeys) Index(c echo.Context) error {
	return h.renderList(c, http.StatusOK, views.AccessKeysVM{})
}

// Create makes a key for the signed-in admin and renders the list with the secret, instead of
// redirecting: the secret is shown in this one response and kept nowhere else (not in the
// session, not in a flash), so it cannot be shown again. At the limit of enabled keys it is a 422.
func (h *AccessKeys) Create(c echo.Context) error {
	// The response may carry a secret: no cache, not even the back-forward cache, may keep it.
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	// the form's one-time token: a refresh or a double-click re-posts it and creates no second key
	token := c.FormValue(idemField)
	if !validIdem(token) {
		return h.renderList(c, http.StatusUnprocessableEntity, views.AccessKeysVM{Error: views.T(langOf(c), "funds.expired")})
	}
	k, err := models.CreateAccessKeyOnce(c.Request().Context(), h.DB, h.Sealer, actor(c), token, h.Now())
	switch {
	case errors.Is(err, models.ErrKeyAlreadyCreated):
		return h.renderList(c, http.StatusOK, views.AccessKeysVM{Error: msg(c, err)})
	case errors.Is(err, models.ErrTooManyKeys):
		return h.renderList(c, http.StatusUnprocessableEntity, views.AccessKeysVM{Error: msg(c, err)})
	case err != nil:
		return err
	}
	return h.renderList(c, http.StatusOK, views.AccessKeysVM{New: k})
}

// Disable stops a key: requests signed with it are refused.
func (h *AccessKeys) Disable(c echo.Context) error {
	return h.setStatus(c, models.AccessKeyDisabled, "keys.disabled_ok")
}

// Enable restarts a disabled key, within the limit of enabled keys of the key's member.
func (h *AccessKeys) Enable(c echo.Context) error {
	return h.setStatus(c, models.AccessKeyActive, "keys.enabled_ok")
}

func (h *AccessKeys) setStatus(c echo.Context, status, done string) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	err := models.SetAccessKeyStatus(c.Request().Context(), h.DB, actor(c), id, status)
	if errors.Is(err, models.ErrTooManyKeys) {
		return h.back(c, "error", msg(c, err))
	}
	if err != nil {
		return err // another partner's key is ErrNotFound: 404
	}
	return h.back(c, "success", views.T(langOf(c), done))
}

// Delete removes a key for good.
func (h *AccessKeys) Delete(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := models.DeleteAccessKey(c.Request().Context(), h.DB, actor(c), id); err != nil {
		return err
	}
	return h.back(c, "success", views.T(langOf(c), "keys.deleted_ok"))
}

// back flashes text and sends the browser to the list (Post/Redirect/Get).
func (h *AccessKeys) back(c echo.Context, kind, text string) error {
	if err := flash(c, kind, text); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, accessKeysPath)
}

func (h *AccessKeys) renderList(c echo.Context, status int, vm views.AccessKeysVM) error {
	ctx, a := c.Request().Context(), actor(c)
	keys, err := models.ListAccessKeys(ctx, h.DB, a)
	if err != nil {
		return err
	}
	owners := make([]uint64, 0, len(keys))
	for _, k := range keys {
		owners = append(owners, k.UserID)
		if k.UserID == a.UserID && k.Status == models.AccessKeyActive {
			vm.MyActive++
		}
	}
	if vm.Owners, err = models.NamesOf(ctx, h.DB, owners); err != nil {
		return err
	}
	vm.Rows, vm.Max, vm.Token = keys, models.MaxActiveAccessKeys, newToken()
	p := h.page(c, "keys.title", "nav.partner", views.Crumb{Key: "nav.partner"}, views.Crumb{Key: "nav.access_keys"})
	p.Side = partnerSide(c, "access-keys")
	return render(c, status, views.AccessKeysPage(p, vm))
}
