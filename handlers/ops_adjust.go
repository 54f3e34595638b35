package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsAdjust is the operator's adjustments of customers' bills: compensations and deductions of
// the running cycle or a closed one not settled, each with a reason (models.AdjustBill).
type OpsAdjust struct{ *base }

// Index shows the form and the latest adjustments.
func (h *OpsAdjust) Index(c echo.Context) error {
	return h.render(c, http.StatusOK, views.AdjustForm{Kind: strconv.Itoa(int(models.BillCompensation)), Cycle: models.BillCycleOf(h.Now())})
}

// bindAdjust reads the posted form: its refusals on the form, and the input when it has none. The
// customer is looked up by its account name.
func (h *OpsAdjust) bindAdjust(c echo.Context) (views.AdjustForm, models.AdjustInput, error) {
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	f := views.AdjustForm{Customer: strings.TrimSpace(c.FormValue("customer")), Kind: c.FormValue("kind"),
		Amount: c.FormValue("amount"), Service: c.FormValue("service"), Reason: c.FormValue("reason"), Idem: c.FormValue(idemField),
		Cycle: strings.TrimSpace(c.FormValue("cycle"))}
	in := models.AdjustInput{ServiceType: f.Service, Reason: f.Reason, IdempotencyKey: f.Idem}
	if cycle, err := models.AdjustCycle(f.Cycle, h.Now()); err != nil {
		f.CycleErr = msg(c, err)
	} else {
		f.Cycle, in.Cycle = cycle, cycle
	}
	if k, err := strconv.Atoi(f.Kind); err == nil && (k == int(models.BillCompensation) || k == int(models.BillDeduction)) {
		in.Kind = int8(k)
	} else {
		f.KindErr = views.T(lang, "err.adjust_kind")
	}
	amount := strings.TrimSpace(f.Amount)
	m, err := models.ParseMoney(amount)
	switch {
	case amount == "":
		f.AmountErr = views.T(lang, "err.required")
	case err != nil:
		f.AmountErr = views.T(lang, "funds.amount_invalid")
	case !m.IsPositive():
		f.AmountErr = views.T(lang, "err.invalid_amount")
	default:
		in.Amount = m
	}
	if strings.TrimSpace(f.Reason) == "" {
		f.ReasonErr = views.T(lang, "err.reason_required")
	}
	if !validIdem(f.Idem) {
		f.Err = views.T(lang, "funds.expired")
	}
	if f.Customer == "" {
		f.CustomerErr = views.T(lang, "err.required")
	} else if id, err := models.CustomerByAccountName(ctx, h.DB, a, f.Customer); errors.Is(err, models.ErrNotFound) {
		f.CustomerErr = views.T(lang, "adjust.no_customer")
	} else if err != nil {
		return f, in, err
	} else {
		in.CustomerID = id
	}
	return f, in, nil
}

// ConfirmAdjust shows what the form asks — the customer, the adjustment, the amount and the
// reason — before anything moves; a refused form is shown again with why.
func (h *OpsAdjust) ConfirmAdjust(c echo.Context) error {
	f, in, err := h.bindAdjust(c)
	if err != nil {
		return err
	}
	if f.Invalid() {
		return h.render(c, http.StatusUnprocessableEntity, f)
	}
	lang := langOf(c)
	service := ""
	if in.ServiceType != "" {
		cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
		if err != nil {
			return err
		}
		if s := cat.ServiceType(in.ServiceType); s != nil {
			service = s.Name(lang)
		}
	}
	kind, lead := views.T(lang, "adjust.compensation"), views.T(lang, "adjust.confirm_compensation")
	if in.Kind == models.BillDeduction {
		kind, lead = views.T(lang, "adjust.deduction"), views.T(lang, "adjust.confirm_deduction")
	}
	vm := views.ConfirmVM{Title: "adjust.confirm_title", Lead: lead, Action: views.PathOpsAdjust, Button: views.T(lang, "adjust.submit"),
		Back: views.PathOpsAdjust, Facts: []views.Fact{
			{Label: views.T(lang, "confirm.customer"), Value: f.Customer, TestID: "confirm-customer"},
			{Label: views.T(lang, "adjust.kind"), Value: kind, TestID: "confirm-kind"},
			{Label: views.T(lang, "adjust.cycle"), Value: in.Cycle, TestID: "confirm-cycle"},
			{Label: views.T(lang, "confirm.amount"), Value: views.Money(in.Amount), TestID: "confirm-amount"},
			{Label: views.T(lang, "adjust.service"), Value: views.Dash(service)},
			{Label: views.T(lang, "adjust.reason"), Value: f.Reason, TestID: "confirm-reason"},
		}, Hidden: []views.Hidden{{Name: "customer", Value: f.Customer}, {Name: "kind", Value: f.Kind}, {Name: "amount", Value: f.Amount}, {Name: "cycle", Value: f.Cycle},
			{Name: "service", Value: f.Service}, {Name: "reason", Value: f.Reason}, {Name: idemField, Value: f.Idem}}}
	p := h.page(c, "adjust.confirm_title", "nav.ops", views.Crumb{Key: "nav.ops"},
		views.Crumb{Key: "nav.ops_adjust", Href: views.PathOpsAdjust}, views.Crumb{Key: "adjust.confirm_title"})
	p.Side = opsSide("adjust")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// Adjust makes the adjustment confirmed (the confirmation's post, which carries the form's key).
func (h *OpsAdjust) Adjust(c echo.Context) error {
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	f, in, err := h.bindAdjust(c)
	if err != nil {
		return err
	}
	if f.Invalid() {
		return h.render(c, http.StatusUnprocessableEntity, f)
	}
	b, err := models.AdjustBill(ctx, h.DB, a, in, h.Now())
	var over *models.OverBillError
	var settled *models.SettledBillError
	switch {
	case err == nil:
	case errors.As(err, &over):
		f.AmountErr = views.T(lang, "err.adjust_over_bill_amount", over.Cycle, views.Money(over.Bill))
	case errors.As(err, &settled):
		f.CycleErr = views.T(lang, "err.adjust_settled_cycle", settled.Cycle)
	case errors.Is(err, models.ErrNotFound):
		f.CustomerErr = views.T(lang, "adjust.no_customer")
	case errors.Is(err, models.ErrInsufficientBalance):
		f.Err = views.T(lang, "err.adjust_revenue")
	case errors.Is(err, models.ErrIdempotencyConflict):
		f.Err = msg(c, err)
	case fieldOfErr(err) != "":
		switch fieldOfErr(err) {
		case "amount":
			f.AmountErr = msg(c, err)
		case "service_type":
			f.ServiceErr = msg(c, err)
		case "kind":
			f.KindErr = msg(c, err)
		case "bill_cycle":
			f.CycleErr = msg(c, err)
		default:
			f.ReasonErr = msg(c, err)
		}
	default:
		return err
	}
	if err != nil {
		return h.render(c, http.StatusUnprocessableEntity, f)
	}
	kind := views.T(lang, "adjust.compensation")
	if b.BillType == models.BillDeduction {
		kind = views.T(lang, "adjust.deduction")
	}
	return flashAndBack(c, "success", views.T(lang, "adjust.done", f.Customer, kind, views.Money(b.AmountMoney())), views.PathOpsAdjust)
}

// render shows the page with the form (a new key each rendering: a new adjustment).
func (h *OpsAdjust) render(c echo.Context, status int, f views.AdjustForm) error {
	ctx, a, lang := c.Request().Context(), actor(c), langOf(c)
	rows, err := models.ListAdjustments(ctx, h.DB, a, 20)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	for i := range rows {
		if s := cat.ServiceType(rows[i].ServiceType); s != nil {
			rows[i].ServiceTypeName = s.Name(lang)
		}
	}
	f.Idem = newToken()
	vm := views.AdjustVM{Form: f, Services: cat.ServiceTypes(), Rows: rows, Cycles: models.Cycles(h.Now(), models.AdjustCycles)}
	p := h.page(c, "adjust.title", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.ops_adjust"})
	p.Side = opsSide("adjust")
	return render(c, status, views.OpsAdjustPage(p, vm))
}
