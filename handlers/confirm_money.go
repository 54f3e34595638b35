package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Confirmation steps of the actions that move money or a quota, in the pattern of confirm.go:
// the button posts to the action's …/confirm, which reads the object with the action's rules
// and shows what will move; its button posts to the action.

// ConfirmReclaim shows the coupon, its customer and what reclaiming takes back.
func (h *Coupons) ConfirmReclaim(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	cp, err := models.GetCoupon(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	lang, back := langOf(c), views.Path(views.PathCoupon, id)
	vm := views.ConfirmVM{Title: "confirm.coupon_reclaim_title", Lead: views.T(lang, "confirm.coupon_reclaim_lead"),
		Action: back + "/reclaim", Button: views.T(lang, "confirm.reclaim_do", views.Money(cp.BalanceMoney())), Back: back,
		Facts: []views.Fact{
			{Label: views.T(lang, "confirm.customer"), Value: views.Dash(cp.CustomerName), TestID: "confirm-customer"},
			{Label: views.T(lang, "coupons.face_value"), Value: views.Money(cp.FaceMoney())},
			{Label: views.T(lang, "confirm.amount"), Value: views.Money(cp.BalanceMoney()), TestID: "confirm-amount"},
		}}
	p := h.couponsPage(c, "confirm.coupon_reclaim_title", "issued", views.Crumb{Key: "nav.issued_coupons", Href: views.PathIssued},
		views.Crumb{Text: cp.PublicID[:12] + "…", Href: back}, views.Crumb{Key: "confirm.coupon_reclaim_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmReclaimQuota shows the reseller and what taking its quota back returns.
func (h *Coupons) ConfirmReclaimQuota(c echo.Context) error {
	if err := requireMaster(c); err != nil {
		return err
	}
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	q, err := models.ChildQuotaToReclaim(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), resellerQuotasPath)
	} else if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.quota_reclaim_title", Lead: views.T(lang, "confirm.quota_reclaim_lead"),
		Action: resellerQuotasPath + "/" + views.ID(id) + "/reclaim", Button: views.T(lang, "confirm.reclaim_do", views.Money(q.BalanceMoney())),
		Back: resellerQuotasPath,
		Facts: []views.Fact{
			{Label: views.T(lang, "confirm.reseller"), Value: q.Reseller.Name, TestID: "confirm-reseller"},
			{Label: views.T(lang, "confirm.amount"), Value: views.Money(q.BalanceMoney()), TestID: "confirm-amount"},
		}}
	p := h.couponsPage(c, "confirm.quota_reclaim_title", "reseller-quotas",
		views.Crumb{Key: "nav.reseller_quotas", Href: resellerQuotasPath}, views.Crumb{Key: "confirm.quota_reclaim_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmReverse shows the deposit, its partner and the amount reversing takes back.
func (h *Ops) ConfirmReverse(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	d, err := models.DepositToReverse(c.Request().Context(), h.DB, actor(c), id)
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), depositsPath)
	} else if err != nil {
		return err
	}
	lang := langOf(c)
	vm := views.ConfirmVM{Title: "confirm.reverse_title", Lead: views.T(lang, "confirm.reverse_lead"),
		Action: depositsPath + "/" + views.ID(id) + "/reverse", Button: views.T(lang, "ops.reverse"), Back: depositsPath,
		Facts: []views.Fact{
			{Label: views.T(lang, "confirm.partner"), Value: views.Dash(d.PartnerName), TestID: "confirm-partner"},
			{Label: views.T(lang, "confirm.amount"), Value: views.Money(d.AmountMoney()), TestID: "confirm-amount"},
			{Label: views.T(lang, "funds.time"), Value: views.DateTime(d.CreatedAt)},
			{Label: views.T(lang, "funds.memo"), Value: views.Dash(views.MemoText(lang, d.Memo))},
		}}
	p := h.page(c, "confirm.reverse_title", "nav.ops", views.Crumb{Key: "nav.ops"},
		views.Crumb{Key: "nav.deposits", Href: depositsPath}, views.Crumb{Key: "confirm.reverse_title"})
	p.Side = opsSide("deposits")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmSwitchMode shows the customer, the mode it goes to and, leaving consignment, the balance
// and coupons taken back.
func (h *Customers) ConfirmSwitchMode(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	mode, ok := parseMode(c.FormValue("mode"))
	if !ok || mode == models.NoMode {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, views.T(langOf(c), "err.invalid"))
	}
	lang := langOf(c)
	pv, err := models.PreviewSwitchMode(c.Request().Context(), h.DB, actor(c), id, mode, h.Now())
	if err != nil {
		return err
	}
	cust := pv.Customer
	back := views.Path(views.PathCustomer, id)
	lead := "assoc.switch_confirm"
	if mode == models.Advisory {
		lead = "assoc.switch_confirm_advisory"
	}
	vm := views.ConfirmVM{Title: "confirm.switch_title", Lead: views.T(lang, lead),
		Action: back + "/mode", Button: views.T(lang, "assoc.switch_to", views.T(lang, views.Key("mode.", int(mode)))), Back: back,
		Hidden: []views.Hidden{{Name: "mode", Value: c.FormValue("mode")}},
		Facts: []views.Fact{
			{Label: views.T(lang, "customers.account"), Value: cust.AccountName, TestID: "confirm-customer"},
			{Label: views.T(lang, "customers.mode"), Value: views.T(lang, "confirm.before_after",
				views.T(lang, views.Key("mode.", int(cust.Mode))), views.T(lang, views.Key("mode.", int(mode)))), TestID: "confirm-mode"},
		}}
	if cust.Mode == models.Consignment && mode == models.Advisory {
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "confirm.unbind_reclaims"), Value: views.Money(pv.Balance), TestID: "confirm-reclaims"})
	}
	if cust.Mode != mode {
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "confirm.switch_coupons"),
			Value: views.T(lang, "confirm.coupons_reclaimed", len(pv.Coupons), views.Money(pv.CouponsBalance)), TestID: "confirm-coupons"})
	}
	p := h.customerPage(c, cust.AccountName, back, "confirm.switch_title", views.Crumb{Key: "confirm.switch_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}
