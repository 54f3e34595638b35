package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// The operator's coupon quotas (/ops/quotas): grant a tier-1 partner a quota, and freeze, unfreeze
// or invalidate one.

const opsQuotasPath = views.PathOpsQuotas

// Quotas lists every quota (or one partner's) with the grant form.
func (h *Ops) Quotas(c echo.Context) error {
	return h.renderQuotas(c, http.StatusOK, views.GrantForm{})
}

// Grant grants the quota of the form. Its one-time token makes a double-click or a refresh grant
// once: the domain answers the second post with the quota the first granted.
func (h *Ops) Grant(c echo.Context) error {
	f, in := bindGrant(c)
	if f.Err == "" && f.PartnerErr == "" && f.AmountErr == "" && f.ValidityErr == "" && f.FaceErr == "" && f.RemarkErr == "" {
		q, err := models.GrantQuota(c.Request().Context(), h.DB, actor(c), in, h.Now())
		if err == nil {
			names, err := models.PartnerNamesOf(c.Request().Context(), h.DB, []uint64{q.PartnerID})
			if err != nil {
				return err
			}
			return flashAndBack(c, "success", views.T(langOf(c), "opsq.granted", views.Money(q.ValueMoney()), names[q.PartnerID]), opsQuotasPath)
		}
		if !grantRefusal(c, &f, err) {
			return err
		}
	}
	return h.renderQuotas(c, http.StatusUnprocessableEntity, f)
}

// bindGrant reads the grant form; days are Asia/Shanghai days, the expiry day included.
func bindGrant(c echo.Context) (views.GrantForm, models.GrantInput) {
	lang := langOf(c)
	form, _ := c.FormParams()
	f := views.GrantForm{Partner: c.FormValue("partner"), Type: c.FormValue("type"), Amount: c.FormValue("amount"),
		From: c.FormValue("from"), To: c.FormValue("to"), MinFace: c.FormValue("min_face"), MaxFace: c.FormValue("max_face"),
		Remark: c.FormValue("remark"), Services: limited(form["services"]), Idem: c.FormValue(idemField)}
	in := models.GrantInput{ServiceTypes: f.Services, IdempotencyKey: f.Idem}
	if !validIdem(f.Idem) {
		f.Err = views.T(lang, "funds.expired")
	}
	var ok bool
	if in.PartnerID, ok = parseID(f.Partner); !ok {
		f.PartnerErr = views.T(lang, "ops.choose_partner")
	}
	if f.Type == "1" {
		in.Type = models.CashCouponQuota
	}
	if m, err := models.ParseMoney(f.Amount); err != nil || !m.IsPositive() {
		f.AmountErr = views.T(lang, "err.invalid_amount")
	} else {
		in.Amount = m
	}
	from, okFrom := parseDate(f.From)
	to, okTo := parseDate(f.To)
	if !okFrom || !okTo {
		f.ValidityErr = views.T(lang, "err.invalid_validity")
	} else if to.Before(from) {
		f.ValidityErr = views.T(lang, "err.from_after_to")
	}
	in.EffectiveAt, in.ExpireAt = from, to.AddDate(0, 0, 1)
	var err error
	if in.MinFace, err = optionalMoney(f.MinFace); err != nil {
		f.FaceErr = views.T(lang, "err.invalid_amount")
	}
	if in.MaxFace, err = optionalMoney(f.MaxFace); err != nil {
		f.FaceErr = views.T(lang, "err.invalid_amount")
	}
	var okRemark bool
	if in.Remark, okRemark = cleanText(f.Remark, maxMemo); !okRemark {
		f.RemarkErr = views.T(lang, "funds.memo_too_long")
	}
	return f, in
}

// optionalMoney reads an amount that may be left empty (no limit).
func optionalMoney(s string) (models.Money, error) {
	if s == "" {
		return models.Money{}, nil
	}
	m, err := models.ParseMoney(s)
	if err == nil && m.IsNegative() {
		err = models.ErrInvalidAmount
	}
	return m, err
}

func grantRefusal(c echo.Context, f *views.GrantForm, err error) bool {
	switch {
	case fieldOfErr(err) == "remark":
		f.RemarkErr = msg(c, err)
	case isErr(err, models.ErrNotFound, models.ErrInvalidInput):
		f.PartnerErr = views.T(langOf(c), "opsq.tier1_only")
	case isErr(err, models.ErrInvalidAmount):
		if f.FaceErr == "" {
			f.FaceErr = msg(c, err)
		}
	case isErr(err, models.ErrInvalidValidity):
		f.ValidityErr = msg(c, err)
	case isErr(err, models.ErrInvalidServiceType):
		f.ServicesErr = msg(c, err)
	case isErr(err, models.ErrIdempotencyConflict):
		f.Err = msg(c, err)
	default:
		return false
	}
	return true
}

// QuotaStatus freezes, unfreezes or invalidates a quota.
func (h *Ops) QuotaStatus(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, ok := parseID(c.Param("id"))
		if !ok {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		q, err := models.SetQuotaStatus(c.Request().Context(), h.DB, actor(c), id, action, h.Now())
		switch {
		case isErr(err, models.ErrQuotaState):
			return flashAndBack(c, "error", msg(c, err), opsQuotasPath)
		case err != nil:
			return err
		}
		return flashAndBack(c, "success", views.T(langOf(c), "opsq.done."+action, q.PublicID[:12]), opsQuotasPath)
	}
}

func (h *Ops) renderQuotas(c echo.Context, status int, f views.GrantForm) error {
	ctx, a, v := c.Request().Context(), actor(c), c.QueryParams()
	page, _ := parsePage(v.Get("page"))
	limit, _ := parseLimit(v.Get("limit"))
	f.Idem = newToken() // every rendering of the form is a new grant
	vm := views.OpsQuotasVM{Form: f, Now: h.Now()}
	var ignored []string
	pid, filter := idParam(v, "partner", &ignored)
	vm.Filter = filter
	list, err := models.ListQuotas(ctx, h.DB, a, models.QuotaFilter{PartnerID: pid, Offset: offsetOf(page, limit), Limit: limit}, h.Now())
	if err != nil {
		return err
	}
	vm.Rows, vm.Pager = list.Rows, views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)}
	partners, err := models.DepositTargets(ctx, h.DB, a)
	if err != nil {
		return err
	}
	ids := make([]uint64, 0, len(vm.Rows))
	for _, q := range vm.Rows {
		ids = append(ids, q.PartnerID)
	}
	for _, pt := range partners {
		if pt.Kind != models.Reseller {
			vm.Partners = append(vm.Partners, pt)
		}
	}
	if vm.Names, err = models.PartnerNamesOf(ctx, h.DB, ids); err != nil {
		return err
	}
	p := h.page(c, "nav.ops_quotas", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.ops_quotas"})
	p.Side = opsSide("quotas")
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.OpsQuotasPage(p, vm))
}
