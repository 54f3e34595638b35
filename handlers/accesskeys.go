package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// AccessKeys is Partner > Access keys (访问密钥): the AK/SK pairs of the partner API; with portal,
// the customer portal's Access keys, a customer's own keys for the operations the API serves only
// to them (paying and cancelling orders). The same rules: a secret shown once, at most two
// enabled keys per user, disabling and deleting (after a confirmation).
type AccessKeys struct {
	*base
	portal bool
}

const accessKeysPath = views.PathAccessKeys

// path is the list's path, under which its actions are.
func (h *AccessKeys) path() string {
	if h.portal {
		return views.PathPortalAccessKeys
	}
	return accessKeysPath
}

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
	return c.Redirect(http.StatusSeeOther, h.path())
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
	vm.Rows, vm.Max, vm.Token, vm.Base, vm.Portal = keys, models.MaxActiveAccessKeys, newToken(), h.path(), h.portal
	return render(c, status, views.AccessKeysPage(h.keysPage(c, "keys.title"), vm))
}

// keysPage is the page of the list, or of one of its confirmations (title), under Partner or the
// portal.
func (h *AccessKeys) keysPage(c echo.Context, title string, crumbs ...views.Crumb) views.Page {
	if h.portal {
		crumbs = append([]views.Crumb{{Key: "nav.portal", Href: views.PathPortal}, {Key: "nav.access_keys", Href: h.path()}}, crumbs...)
		if len(crumbs) == 2 {
			crumbs[1].Href = ""
		}
		return h.page(c, title, "nav.access_keys", crumbs...)
	}
	crumbs = append([]views.Crumb{{Key: "nav.partner"}, {Key: "nav.access_keys", Href: h.path()}}, crumbs...)
	if len(crumbs) == 2 {
		crumbs[1].Href = ""
	}
	p := h.page(c, title, "nav.partner", crumbs...)
	p.Side = partnerSide(c, "access-keys")
	return p
}
