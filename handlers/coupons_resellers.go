package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// A master distributor's issued voucher quotas (已发放代金券额度): give part of a quota to resellers,
// take back what a reseller's quota has left, and the records of both.

const resellerQuotasPath = views.PathResellerQuotas

// requireMaster: these pages are a master distributor's; to anyone else they do not exist.
func requireMaster(c echo.Context) error {
	if currentPartner(c).Kind != models.MasterDistributor {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return nil
}

// ResellerQuotas lists the quotas given to resellers, filtered by reseller and parent quota, with
// the give form.
func (h *Coupons) ResellerQuotas(c echo.Context) error {
	return h.renderResellerQuotas(c, http.StatusOK, views.GiveForm{})
}

func (h *Coupons) renderResellerQuotas(c echo.Context, status int, give views.GiveForm) error {
	if err := requireMaster(c); err != nil {
		return err
	}
	ctx, a, v := c.Request().Context(), actor(c), c.QueryParams()
	page, _ := parsePage(v.Get("page"))
	limit, _ := parseLimit(v.Get("limit"))
	give.Idem = newToken() // every rendering of the form is a new give
	vm := views.ResellerQuotasVM{Give: give, Now: h.Now(), MayGive: mayIssue(c)}
	f := models.ChildQuotaFilter{Offset: offsetOf(page, limit), Limit: limit}
	f.ResellerID, vm.Filter.Reseller = idParam(v, "reseller", &vm.Ignored)
	f.ParentID, vm.Filter.Parent = idParam(v, "parent", &vm.Ignored)
	list, err := models.ListChildQuotas(ctx, h.DB, a, f)
	if err != nil {
		return err
	}
	vm.Rows, vm.Pager = list.Rows, views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)}
	if vm.Resellers, err = models.ListResellers(ctx, h.DB, a); err != nil {
		return err
	}
	parents, err := h.usableQuotas(c)
	if err != nil {
		return err
	}
	for _, q := range parents {
		if q.ParentID == nil {
			vm.Parents = append(vm.Parents, q)
		}
	}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, status, views.ResellerQuotasPage(h.couponsPage(c, "nav.reseller_quotas", "reseller-quotas",
		views.Crumb{Key: "nav.reseller_quotas"}), vm))
}

// idParam reads an optional id filter; a bad one is ignored and named.
func idParam(v map[string][]string, name string, ignored *[]string) (uint64, string) {
	s := ""
	if vals := v[name]; len(vals) > 0 {
		s = vals[0]
	}
	if s == "" {
		return 0, ""
	}
	id, ok := parseID(s)
	if !ok {
		*ignored = append(*ignored, name)
		return 0, ""
	}
	return id, s
}

// Give gives the amount of a quota to each chosen reseller; each reseller's outcome is flashed.
// Its one-time token makes a double-click or a refresh give once: the domain answers the second
// post with the first one's outcome.
func (h *Coupons) Give(c echo.Context) error {
	if err := requireMaster(c); err != nil {
		return err
	}
	lang := langOf(c)
	form, _ := c.FormParams()
	g := views.GiveForm{Quota: c.FormValue("quota"), Resellers: limited(form["reseller"]), Amount: c.FormValue("amount"),
		Memo: c.FormValue("memo"), Idem: c.FormValue(idemField)}
	if !validIdem(g.Idem) {
		g.Err = views.T(lang, "funds.expired")
	}
	quotaID, ok := parseID(g.Quota)
	if !ok {
		g.QuotaErr = views.T(lang, "issue.choose_quota")
	}
	ids := make([]uint64, 0, len(g.Resellers))
	for _, s := range g.Resellers {
		if id, ok := parseID(s); ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || len(ids) != len(g.Resellers) {
		g.ResellersErr = views.T(lang, "rquota.choose_resellers")
	}
	amount, err := models.ParseMoney(g.Amount)
	if err != nil || !amount.IsPositive() {
		g.AmountErr = views.T(lang, "err.invalid_amount")
	}
	if utf8.RuneCountInString(strings.TrimSpace(g.Memo)) > maxMemo { // said with the other fields; the models' rule decides the rest
		g.MemoErr = views.T(lang, "funds.memo_too_long")
	}
	if g.Err != "" || g.QuotaErr != "" || g.ResellersErr != "" || g.AmountErr != "" || g.MemoErr != "" {
		return h.renderResellerQuotas(c, http.StatusUnprocessableEntity, g)
	}
	results, err := models.GiveQuotaOnce(c.Request().Context(), h.DB, actor(c), g.Idem, quotaID, ids, amount, g.Memo, h.Now())
	if err != nil {
		if !giveRefusal(c, &g, err) {
			return err
		}
		return h.renderResellerQuotas(c, http.StatusUnprocessableEntity, g)
	}
	if givenNone(results) { // nothing given: the form again, as typed, with the reasons
		if err := h.refusedGive(c, &g, results, quotaID); err != nil {
			return err
		}
		return h.renderResellerQuotas(c, http.StatusUnprocessableEntity, g)
	}
	return h.flashGives(c, results, amount)
}

func givenNone(results []models.GiveResult) bool {
	for _, r := range results {
		if r.Err == nil {
			return false
		}
	}
	return true
}

// refusedGive puts the refusals of a give that gave nothing on its form: a balance too small for
// the amount says the balance there is, the others name their reseller.
func (h *Coupons) refusedGive(c echo.Context, g *views.GiveForm, results []models.GiveResult, quotaID uint64) error {
	var others []string
	ids := make([]uint64, len(results))
	for i, r := range results {
		ids[i] = r.ResellerID
	}
	names, err := models.PartnerNamesOf(c.Request().Context(), h.DB, ids)
	if err != nil {
		return err
	}
	for _, r := range results {
		if !isErr(r.Err, models.ErrQuotaInsufficient) {
			others = append(others, names[r.ResellerID]+": "+msg(c, r.Err))
			continue
		}
		if g.AmountErr == "" {
			bal, err := h.quotaBalance(c, quotaID)
			if err != nil {
				return err
			}
			g.AmountErr = views.T(langOf(c), "rquota.insufficient", views.Money(bal), len(results))
		}
	}
	g.ResellersErr = strings.Join(others, views.T(langOf(c), "common.sep"))
	return nil
}

// quotaBalance is what the partner's usable quota has left (zero when it is not usable any more).
func (h *Coupons) quotaBalance(c echo.Context, quotaID uint64) (models.Money, error) {
	qs, err := h.usableQuotas(c)
	for _, q := range qs {
		if q.ID == quotaID {
			return q.BalanceMoney(), err
		}
	}
	return models.Money{}, err
}

func giveRefusal(c echo.Context, g *views.GiveForm, err error) bool {
	switch {
	case isErr(err, models.ErrQuotaNotFound, models.ErrQuotaUnusable, models.ErrQuotaNotEffective):
		g.QuotaErr = msg(c, err)
	case isErr(err, models.ErrInvalidAmount):
		g.AmountErr = msg(c, err)
	case isErr(err, models.ErrNoCustomers, models.ErrTooManyCustomers, models.ErrDuplicateCustomers):
		g.ResellersErr = msg(c, err)
	case isErr(err, models.ErrIdempotencyConflict):
		g.Err = msg(c, err)
	case fieldOfErr(err) == "memo":
		g.MemoErr = msg(c, err)
	default:
		return false
	}
	return true
}

// flashGives reports a give reseller by reseller: one success line for those that got their
// share, one error line for each refusal.
func (h *Coupons) flashGives(c echo.Context, results []models.GiveResult, amount models.Money) error {
	lang := langOf(c)
	ids := make([]uint64, len(results))
	for i, r := range results {
		ids[i] = r.ResellerID
	}
	names, err := models.PartnerNamesOf(c.Request().Context(), h.DB, ids)
	if err != nil {
		return err
	}
	var given []string
	for _, r := range results {
		name := names[r.ResellerID]
		if name == "" {
			name = "#" + strconv.FormatUint(r.ResellerID, 10)
		}
		if r.Err == nil {
			given = append(given, name)
		} else if err := flash(c, "error", name+": "+msg(c, r.Err)); err != nil {
			return err
		}
	}
	if len(given) > 0 {
		if err := flash(c, "success", views.T(lang, "rquota.given", views.Money(amount), strings.Join(given, views.T(lang, "common.sep")))); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, resellerQuotasPath)
}

// ReclaimQuota takes back what a reseller's quota has left.
func (h *Coupons) ReclaimQuota(c echo.Context) error {
	if err := requireMaster(c); err != nil {
		return err
	}
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	results, err := models.ReclaimQuotas(c.Request().Context(), h.DB, actor(c), []uint64{id}, "", h.Now())
	if err != nil {
		return err
	}
	switch r := results[0]; {
	case isErr(r.Err, models.ErrNotChildQuota):
		return echo.NewHTTPError(http.StatusNotFound)
	case r.Err != nil:
		return flashAndBack(c, "error", msg(c, r.Err), resellerQuotasPath)
	default:
		return flashAndBack(c, "success", views.T(langOf(c), "rquota.reclaimed", views.Money(r.Amount), r.Quota.PublicID[:12]), resellerQuotasPath)
	}
}

// QuotaRecords lists the gives and take-backs, filtered by reseller, operation and time.
func (h *Coupons) QuotaRecords(c echo.Context) error {
	if err := requireMaster(c); err != nil {
		return err
	}
	ctx, a, v := c.Request().Context(), actor(c), c.QueryParams()
	q := parseRecordQuery(v, nil)
	vm := views.QuotaRecordsVM{Ignored: q.Ignored}
	vm.Filter.From, vm.Filter.To = q.Form.From, q.Form.To
	f := models.ChildRecordFilter{From: q.From, To: q.To, Offset: offsetOf(q.Page, q.Limit), Limit: q.Limit}
	f.ResellerID, vm.Filter.Reseller = idParam(v, "reseller", &vm.Ignored)
	switch op := v.Get("op"); op {
	case "":
	case "10":
		f.Kind, vm.Filter.Op = models.QuotaGiven, op
	case "11":
		f.Kind, vm.Filter.Op = models.QuotaChildReturn, op
	default:
		vm.Ignored = append(vm.Ignored, "op")
	}
	list, err := models.ListChildQuotaRecords(ctx, h.DB, a, f)
	if err != nil {
		return err
	}
	vm.Rows, vm.Pager = list.Rows, views.Pager{Page: q.Page, Limit: q.Limit, Total: list.Total, URL: pagerURL(c)}
	if vm.Resellers, err = models.ListResellers(ctx, h.DB, a); err != nil {
		return err
	}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.QuotaRecordsPage(h.couponsPage(c, "nav.quota_records", "quota-records",
		views.Crumb{Key: "nav.reseller_quotas", Href: resellerQuotasPath}, views.Crumb{Key: "nav.quota_records"}), vm))
}
