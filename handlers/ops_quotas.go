package handlers

import (
	"errors"
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
	ctx := c.Request().Context()
	if f.Invalid() {
		// the form's shape is wrong: the domain's rules still say what else is, all at once
		if err := models.CheckGrant(ctx, h.DB, actor(c), in, h.Now()); err != nil && !grantRefusal(c, &f, err) {
			return err
		}
		return h.renderQuotas(c, http.StatusUnprocessableEntity, f)
	}
	q, err := models.GrantQuota(ctx, h.DB, actor(c), in, h.Now())
	if err != nil {
		if !grantRefusal(c, &f, err) {
			return err
		}
		return h.renderQuotas(c, http.StatusUnprocessableEntity, f)
	}
	names, err := models.PartnerNamesOf(ctx, h.DB, []uint64{q.PartnerID})
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "opsq.granted", views.Money(q.ValueMoney()), names[q.PartnerID]), opsQuotasPath)
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

// grantRefusal puts each refused field's message on the form, keeping the form's own (more
// precise) message where it has one. It reports false for errors that are not the form's.
func grantRefusal(c echo.Context, f *views.GrantForm, err error) bool {
	var fes models.FieldErrors
	var fe *models.FieldError
	switch {
	case errors.As(err, &fes):
	case errors.As(err, &fe):
		fes = models.FieldErrors{fe}
	case isErr(err, models.ErrNotFound, models.ErrQuotaHolder):
		fes = models.FieldErrors{{Field: "partner", Err: models.ErrQuotaHolder}}
	case isErr(err, models.ErrIdempotencyConflict):
		f.Err = msg(c, err)
		return true
	default:
		return false
	}
	for _, e := range fes {
		field := grantField(f, e.Field)
		if *field == "" {
			*field = grantMessage(c, e)
		}
	}
	return true
}

// grantField is where the form shows a field's refusal.
func grantField(f *views.GrantForm, name string) *string {
	switch name {
	case "partner":
		return &f.PartnerErr
	case "amount":
		return &f.AmountErr
	case "validity":
		return &f.ValidityErr
	case "min_face":
		return &f.FaceErr
	case "max_face":
		return &f.MaxFaceErr
	case "services":
		return &f.ServicesErr
	case "remark":
		return &f.RemarkErr
	}
	return &f.Err
}

// grantMessage is a refusal's message; a partner not found is one the operator may not grant to.
func grantMessage(c echo.Context, e *models.FieldError) string {
	if e.Field == "partner" {
		return views.T(langOf(c), "opsq.tier1_only")
	}
	return msg(c, e)
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
		if pt.MayHoldQuota() {
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
