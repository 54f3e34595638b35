package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// ConfirmRenew shows what a renewal costs (PreviewRenewal: official, the best offer) and how it is
// paid: at once from the customer's balance (is_auto_pay: what it takes, the balance, what is
// missing), or left pending payment (the coupons it may then be paid with).
func (h *Resources) ConfirmRenew(c echo.Context) error {
	d, err := h.target(c)
	if err != nil {
		return err
	}
	v, _ := c.FormParams()
	ch, bad := parseRenew(v)
	if bad != "" {
		return h.badForm(c, d, bad, renewOnPage(v))
	}
	lang := langOf(c)
	pv, err := models.PreviewRenewal(c.Request().Context(), h.DB, actor(c), d.PublicID, ch.periodType, ch.periodNum, h.Now())
	if err != nil {
		return h.renewRefused(c, d, err)
	}
	q, cash := pv.Quote, pv.Cash
	period, official := views.PeriodLabel(lang, ch.periodType, ch.periodNum), views.MoneyOf(q.Official)
	best := views.T(lang, "resact.no_offer")
	if q.Best >= 0 {
		o := q.Offers[q.Best]
		best = views.T(lang, "resact.offer", views.Money(cash), o.Type.Name(lang), views.Money(views.MoneyOf(o.Discount)))
	}
	back := h.area.Prefix + "/" + views.ID(d.ID)
	vm := views.ConfirmVM{Title: "resact.renew_title", Action: back + "/renew", Button: views.T(lang, "resact.renew_do"), Back: back, Safe: true,
		Hidden: []views.Hidden{{Name: "period_type", Value: strconv.Itoa(ch.periodType)}, {Name: "period_num", Value: strconv.Itoa(ch.periodNum)}},
	}
	if vm.Facts, err = h.resourceFacts(c, d); err != nil {
		return err
	}
	vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "resact.period"), Value: period, TestID: "renew-period"},
		views.Fact{Label: views.T(lang, "opages.official"), Value: views.Money(official), TestID: "renew-official"},
		views.Fact{Label: views.T(lang, "resact.best_offer"), Value: best, TestID: "renew-best"})
	if ch.autoPay {
		vm.Hidden = append(vm.Hidden, views.Hidden{Name: "auto_pay", Value: "1"})
		vm.Lead = views.T(lang, "resact.renew_lead_pay", views.Money(cash))
		if q.Best < 0 {
			vm.Lead = views.T(lang, "resact.renew_lead_pay_official", views.Money(cash))
		}
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "opages.from_balance"), Value: views.Money(cash), TestID: "renew-cash"},
			views.Fact{Label: views.T(lang, "opages.balance"), Value: views.Money(pv.Balance), TestID: "renew-balance"})
		if pv.Missing.IsPositive() {
			vm.Lead = views.T(lang, "opages.short", views.Money(pv.Missing))
		}
	} else {
		vm.Lead = views.T(lang, "resact.renew_lead_pending")
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "opages.coupons_choice"), Value: couponsSummary(lang, pv.Coupons),
			TestID: "renew-coupons"})
	}
	p := h.pageOf(c, "resact.renew_title", views.Crumb{Text: d.PublicID, Href: back}, views.Crumb{Key: "resact.renew_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// ConfirmUnsubscribe shows what an unsubscribe refunds (PreviewUnsubscribe: each paid period it
// cuts, the cash paid and the part given back) and what becomes of the resource.
func (h *Resources) ConfirmUnsubscribe(c echo.Context) error {
	d, err := h.target(c)
	if err != nil {
		return err
	}
	v, _ := c.FormParams()
	ch, bad := parseUnsubscribe(v)
	if bad != "" {
		return h.badForm(c, d, bad, unsubscribeOnPage(v))
	}
	lang := langOf(c)
	pv, err := models.PreviewUnsubscribe(c.Request().Context(), h.DB, actor(c), d.PublicID, ch.typ, h.Now())
	if err != nil {
		return h.unsubscribeRefused(c, d, err)
	}
	back := h.area.Prefix + "/" + views.ID(d.ID)
	vm := views.ConfirmVM{Title: "resact.unsub_title", Action: back + "/unsubscribe", Button: views.T(lang, "resact.unsubscribe_do"), Back: back,
		Lead: views.T(lang, "resact.unsub_lead.1", views.Money(pv.AmountMoney())),
		Hidden: []views.Hidden{{Name: "unsubscribe_type", Value: strconv.Itoa(int(ch.typ))},
			{Name: "reason_type", Value: strconv.Itoa(int(ch.reasonType))}, {Name: "reason", Value: ch.reason}},
	}
	if vm.Facts, err = h.resourceFacts(c, d); err != nil {
		return err
	}
	if ch.typ == models.UnsubscribeRenewals {
		vm.Lead = views.T(lang, "resact.unsub_lead.2", views.Date(pv.Terms[0].StartAt), views.Money(pv.AmountMoney()))
	}
	vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "resact.unsub_type"), Value: views.T(lang, views.Key("resact.unsub_type.", ch.typ))})
	for _, t := range pv.Terms {
		vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "resact.term", views.Date(t.StartAt), views.Date(t.EndAt)),
			Value: views.T(lang, "resact.term_refund", views.Money(models.Fen(t.Cash)), views.Money(models.Fen(t.Refunded))), TestID: "refund-term"})
	}
	vm.Facts = append(vm.Facts, views.Fact{Label: views.T(lang, "resact.refund_amount"), Value: views.Money(pv.AmountMoney()), TestID: "confirm-refund"},
		views.Fact{Label: views.T(lang, "resact.refund_to"), Value: views.T(lang, "resact.refund_account")},
		views.Fact{Label: views.T(lang, "resact.refund_rule_short"), Value: views.T(lang, "resact.refund_rule")})
	p := h.pageOf(c, "resact.unsub_title", views.Crumb{Text: d.PublicID, Href: back}, views.Crumb{Key: "resact.unsub_title"})
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// resourceFacts name the resource a confirmation is about: its product, its customer (in the
// console) and its expiry.
func (h *Resources) resourceFacts(c echo.Context, d *models.ResourceDetail) ([]views.Fact, error) {
	lang := langOf(c)
	cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
	if err != nil {
		return nil, err
	}
	name := views.ResourceSpecName(views.Page{Lang: lang}, cat, &d.Resource) + " · " + d.PublicID
	out := []views.Fact{{Label: views.T(lang, "resource.facts"), Value: name, TestID: "confirm-resource"}}
	if !h.area.Portal {
		out = append(out, views.Fact{Label: views.T(lang, "resource.customer"), Value: views.CustomerLabel(d.CustomerName, d.RealName)})
	}
	return append(out, views.Fact{Label: views.T(lang, "resource.expire"), Value: views.DatePtr(d.ExpireAt), TestID: "confirm-expire"}), nil
}

// couponsSummary says how many coupons there are and their balance in all, or none.
func couponsSummary(lang string, cs []models.Coupon) string {
	if len(cs) == 0 {
		return views.T(lang, "resact.coupons_none")
	}
	var fen int64
	for _, c := range cs {
		fen += c.Balance
	}
	return views.T(lang, "resact.coupons_sum", len(cs), views.Money(models.Fen(fen)))
}
