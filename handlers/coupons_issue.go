package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Issuing coupons (发放代金券) takes three steps, each its own route: the form (customers found by a
// search that posts the whole form back, or pasted account names), a confirmation showing the
// total, and the issue itself, which carries a one-time token so that a refresh or a double-click
// issues once; its result page shows each customer's coupon or the reason it was refused.

const (
	issuePath     = views.PathIssue
	searchResults = 20
	maxNames      = 8000 // bytes of pasted account names
)

// IssueForm shows an empty form; ?quota= and ?customer= (repeatable, account ids) preselect, as the
// quota and customer pages link to it.
func (h *Coupons) IssueForm(c echo.Context) error {
	v := c.QueryParams()
	f := views.IssueForm{Quota: v.Get("quota")}
	cs, _, err := models.IssueTargets(c.Request().Context(), h.DB, actor(c), limited(v["customer"]), nil)
	if err != nil {
		return err
	}
	f.Customers = issueCustomers(cs)
	return h.renderIssueForm(c, http.StatusOK, f, false)
}

// Search re-renders the posted form with the customers matching its search text.
func (h *Coupons) Search(c echo.Context) error {
	f, _, err := h.bindIssue(c)
	if err != nil {
		return err
	}
	if f.Query != "" {
		if f.Found, err = h.search(c, f); err != nil {
			return err
		}
	}
	return h.renderIssueForm(c, http.StatusOK, f, f.Query != "")
}

// search finds the partner's own customers by account or real name, leaving out those chosen.
func (h *Coupons) search(c echo.Context, f views.IssueForm) ([]views.IssueCustomer, error) {
	list, err := models.ListCustomers(c.Request().Context(), h.DB, actor(c), models.CustomerFilter{Query: f.Query, Page: 1, Limit: searchResults})
	if errors.Is(err, models.ErrSearchTooShort) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	chosen := map[string]bool{}
	for _, cu := range f.Customers {
		chosen[cu.DID] = true
	}
	var own []models.Customer
	for _, cu := range list.Rows { // a master distributor's list holds its resellers' customers too
		if cu.PartnerID != nil && *cu.PartnerID == actor(c).PartnerID && !chosen[cu.DomainID] {
			own = append(own, cu)
		}
	}
	return issueCustomers(own), nil
}

// Preview checks the form and shows what will be issued, or the form again with its errors (422).
func (h *Coupons) Preview(c echo.Context) error {
	f, in, err := h.bindIssue(c)
	if err != nil {
		return err
	}
	q := h.checkIssue(c, &f, &in)
	if f.Invalid() {
		return h.renderIssueForm(c, http.StatusUnprocessableEntity, f, false)
	}
	n := int64(len(in.Customers))
	vm := views.IssuePreviewVM{Form: f, Quota: q, Face: in.FaceValue, Total: models.Money{Decimal: in.FaceValue.Mul(models.Fen(n * 100).Decimal)},
		From: orDefault(in.EffectiveAt, q.EffectiveAt), To: orDefault(in.ExpireAt, q.ExpireAt), Idem: newToken()}
	return render(c, http.StatusOK, views.IssuePreviewPage(h.couponsPage(c, "issue.confirm_title", "issue",
		views.Crumb{Key: "nav.issue_coupons", Href: issuePath}, views.Crumb{Key: "issue.confirm_title"}), vm))
}

// Issue issues the confirmed coupons and shows the result (303). The domain refuses what the
// form's checks let through — a quota emptied meanwhile, a limit — and the form comes back with
// the reason.
func (h *Coupons) Issue(c echo.Context) error {
	f, in, err := h.bindIssue(c)
	if err != nil {
		return err
	}
	h.checkIssue(c, &f, &in)
	in.IdempotencyKey = c.FormValue(idemField)
	if !validIdem(in.IdempotencyKey) {
		f.Err = views.T(langOf(c), "funds.expired")
	}
	if f.Invalid() {
		return h.renderIssueForm(c, http.StatusUnprocessableEntity, f, false)
	}
	out, err := models.IssueCoupons(c.Request().Context(), h.DB, actor(c), in, h.Now())
	if err != nil {
		if !issueRefusal(c, &f, err) {
			return err
		}
		return h.renderIssueForm(c, http.StatusUnprocessableEntity, f, false)
	}
	return c.Redirect(http.StatusSeeOther, "/business/coupons/issues/"+strconv.FormatUint(out.Batch.ID, 10))
}

// IssueResult shows one of the partner's issues, customer by customer.
func (h *Coupons) IssueResult(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	out, err := models.GetIssue(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.IssueResultPage(h.couponsPage(c, "issue.result_title", "issue",
		views.Crumb{Key: "nav.issue_coupons", Href: issuePath}, views.Crumb{Key: "issue.result_title"}), views.IssueResultVM{Issue: out}))
}

// bindIssue reads the posted form: the chosen customers (resolved among the partner's own, with
// the pasted names) and the coupon's terms, checking their shape.
func (h *Coupons) bindIssue(c echo.Context) (views.IssueForm, models.IssueInput, error) {
	lang := langOf(c)
	form, _ := c.FormParams()
	f := views.IssueForm{Quota: c.FormValue("quota"), Query: strings.TrimSpace(c.FormValue("q")), Names: c.FormValue("names"),
		Face: c.FormValue("face"), From: c.FormValue("from"), To: c.FormValue("to"), Services: limited(form["services"]), Memo: c.FormValue("memo")}
	var in models.IssueInput
	names, ok := splitNames(f.Names)
	if !ok {
		f.CustomersErr = views.T(lang, "issue.names_too_long")
	}
	cs, missing, err := models.IssueTargets(c.Request().Context(), h.DB, actor(c), limited(form["customer"]), names)
	if err != nil {
		return f, in, err
	}
	f.Customers = issueCustomers(cs)
	if len(missing) > 0 {
		f.CustomersErr = views.T(lang, "issue.unknown", strings.Join(missing, ", "))
	}
	if len(f.Customers) > 0 && len(missing) == 0 {
		f.Names = "" // resolved: the customers are in the chosen list now
	}
	for _, cu := range f.Customers {
		in.Customers = append(in.Customers, cu.DID)
	}
	in.Memo, in.ServiceTypes = f.Memo, f.Services
	return f, in, nil
}

// checkIssue checks the form's shape, then asks the domain whether it would refuse the whole
// issue, and puts the reasons on the form. It returns the chosen quota.
func (h *Coupons) checkIssue(c echo.Context, f *views.IssueForm, in *models.IssueInput) *models.CouponQuota {
	lang := langOf(c)
	switch n := len(in.Customers); {
	case n == 0 && f.CustomersErr == "":
		f.CustomersErr = views.T(lang, "err.no_customers")
	case n > models.MaxCustomersPerIssue:
		f.CustomersErr = views.T(lang, "err.too_many_customers")
	}
	if m, err := models.ParseMoney(f.Face); err != nil || !m.IsPositive() {
		f.FaceErr = views.T(lang, "err.invalid_amount")
	} else {
		in.FaceValue = m
	}
	if len([]rune(f.Memo)) > maxMemo {
		f.MemoErr = views.T(lang, "funds.memo_too_long")
	}
	id, ok := parseID(f.Quota)
	q, err := models.GetQuota(c.Request().Context(), h.DB, actor(c), id)
	if !ok || err != nil || q.PartnerID != actor(c).PartnerID {
		f.QuotaErr = views.T(lang, "issue.choose_quota")
		return nil
	}
	in.QuotaID = q.ID
	if !readValidity(f, in, q) {
		f.ValidityErr = views.T(lang, "err.invalid_validity")
	} else if !in.EffectiveAt.IsZero() && !in.ExpireAt.IsZero() && !in.EffectiveAt.Before(in.ExpireAt) {
		f.ValidityErr = views.T(lang, "err.from_after_to")
	}
	if f.Invalid() {
		return q
	}
	if _, err := models.CheckIssue(c.Request().Context(), h.DB, actor(c), *in, h.Now()); err != nil && !issueRefusal(c, f, err) {
		f.Err = msg(c, err)
	}
	return q
}

// readValidity reads the validity days as Asia/Shanghai days, from the start of the first to the
// end of the last; on the quota's own first or last day the quota's time is used, so that choosing
// the quota's days gives the quota's window. The domain refuses a window beyond the quota's.
func readValidity(f *views.IssueForm, in *models.IssueInput, q *models.CouponQuota) bool {
	if f.From != "" {
		t, ok := parseDate(f.From)
		if !ok {
			return false
		}
		if sameDay(t, q.EffectiveAt) {
			t = q.EffectiveAt
		}
		in.EffectiveAt = t
	}
	if f.To != "" {
		t, ok := parseDate(f.To)
		if !ok {
			return false
		}
		end := t.AddDate(0, 0, 1)
		if sameDay(t, q.ExpireAt.Add(-time.Nanosecond)) {
			end = q.ExpireAt
		}
		in.ExpireAt = end
	}
	return true
}

// issueRefusal puts the domain's refusal of an issue on the form; false for errors not the
// form's to show.
func issueRefusal(c echo.Context, f *views.IssueForm, err error) bool {
	var field *string
	switch {
	case fieldOfErr(err) == "memo":
		field = &f.MemoErr
	case fieldOfErr(err) == "customer_ids":
		field = &f.CustomersErr
	case errors.Is(err, models.ErrInvalidAmount), errors.Is(err, models.ErrFaceBelowMin), errors.Is(err, models.ErrFaceAboveMax):
		field = &f.FaceErr
	case errors.Is(err, models.ErrInvalidValidity):
		field = &f.ValidityErr
	case errors.Is(err, models.ErrServiceTypeBeyond), errors.Is(err, models.ErrInvalidServiceType):
		field = &f.ServicesErr
	case errors.Is(err, models.ErrQuotaNotFound), errors.Is(err, models.ErrQuotaUnusable), errors.Is(err, models.ErrQuotaNotEffective):
		field = &f.QuotaErr
	case errors.Is(err, models.ErrTooManyCustomers), errors.Is(err, models.ErrNoCustomers), errors.Is(err, models.ErrDuplicateCustomers):
		field = &f.CustomersErr
	case errors.Is(err, models.ErrIdempotencyConflict), errors.Is(err, models.ErrInvalidInput):
		field = &f.Err
	default:
		return false
	}
	*field = msg(c, err)
	return true
}

func (h *Coupons) renderIssueForm(c echo.Context, status int, f views.IssueForm, searched bool) error {
	quotas, err := h.usableQuotas(c)
	if err != nil {
		return err
	}
	vm := views.IssueFormVM{Form: f, Quotas: quotas, Searched: searched}
	return render(c, status, views.IssueFormPage(h.couponsPage(c, "nav.issue_coupons", "issue", views.Crumb{Key: "nav.issue_coupons"}), vm))
}

func issueCustomers(cs []models.Customer) []views.IssueCustomer {
	out := make([]views.IssueCustomer, len(cs))
	for i, c := range cs {
		out[i] = views.IssueCustomer{DID: c.DomainID, Account: c.AccountName, RealName: c.RealName, Mode: c.Mode}
	}
	return out
}

// splitNames reads pasted account names: one per line or separated by commas, spaces or the
// Chinese comma; lower-cased as account names are.
func splitNames(s string) ([]string, bool) {
	if len(s) > maxNames {
		return nil, false
	}
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
	for i := range fields {
		fields[i] = strings.ToLower(fields[i])
	}
	return fields, len(fields) <= 2*models.MaxCustomersPerIssue
}

// limited bounds a repeated form value: more than a page of customers is not an issue's.
func limited(vals []string) []string {
	if len(vals) > 2*models.MaxCustomersPerIssue {
		return vals[:2*models.MaxCustomersPerIssue+1]
	}
	return vals
}

func orDefault(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

func sameDay(a, b time.Time) bool {
	return a.In(models.BusinessZone).Format("2006-01-02") == b.In(models.BusinessZone).Format("2006-01-02")
}
