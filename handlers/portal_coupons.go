package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Coupons is all the customer's coupons, from every partner, newest first, paged like the
// console's lists (the portal's first page shows the newest and links here).
func (h *Portal) Coupons(c echo.Context) error {
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	vm, err := h.couponPage(c, offsetOf(page, limit), limit)
	if err != nil {
		return err
	}
	vm.Pager = &views.Pager{Page: page, Limit: limit, Total: vm.Total, URL: pagerURL(c)}
	if vm.Pager.PastEnd() {
		return toLastPage(c, *vm.Pager)
	}
	p := h.page(c, "portal.coupons", "nav.portal", views.Crumb{Key: "nav.portal", Href: views.PathPortal}, views.Crumb{Key: "portal.coupons"})
	return render(c, http.StatusOK, views.MyCouponsPage(p, vm))
}

// couponPage reads one page of the customer's coupons with the names of the partners that issued them.
func (h *Portal) couponPage(c echo.Context, offset, limit int) (views.MyCouponsVM, error) {
	vm := views.MyCouponsVM{Now: h.Now()}
	var err error
	vm.Rows, vm.Total, err = models.MyCoupons(c.Request().Context(), h.DB, actor(c), 0, offset, limit)
	if err != nil {
		return vm, err
	}
	ids := make([]uint64, len(vm.Rows))
	for i, r := range vm.Rows {
		ids[i] = r.PartnerID
	}
	vm.Issuers, err = models.PartnerNamesOf(c.Request().Context(), h.DB, ids)
	return vm, err
}
