package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Coupons is Customer business > Coupons (代金券管理): the partner's quotas, issuing coupons, the
// coupons issued and their operation records, and a master distributor's quotas given to resellers.
type Coupons struct{ *base }

// couponsPage builds a Coupons page with the Customer business sub-menu.
func (h *Coupons) couponsPage(c echo.Context, title, side string, crumbs ...views.Crumb) views.Page {
	all := append([]views.Crumb{{Key: "nav.business"}, {Key: "nav.coupons", Href: views.PathQuotas}}, crumbs...)
	p := h.page(c, title, "nav.business", all...)
	p.Side = businessSide(side, currentPartner(c))
	return p
}

func mayIssue(c echo.Context) bool {
	return currentUser(c).Roles.Has(models.RoleAdmin, models.RoleFinance)
}

// Quotas is My quotas: the coupon summary and every quota of the partner.
func (h *Coupons) Quotas(c echo.Context) error {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	list, err := models.ListQuotas(ctx, h.DB, a, models.QuotaFilter{Offset: offsetOf(page, limit), Limit: limit}, now)
	if err != nil {
		return err
	}
	sum, err := models.SummarizeCoupons(ctx, h.DB, a, now)
	if err != nil {
		return err
	}
	vm := views.QuotasVM{Summary: sum, Rows: list.Rows, Now: now, MayIssue: mayIssue(c),
		Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)}}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.QuotasPage(h.couponsPage(c, "coupons.title", "quotas"), vm))
}

// Quota is one quota with its balance changes; another partner's quota is not found.
func (h *Coupons) Quota(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	q, err := models.GetQuota(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	recs, err := models.ListQuotaRecords(ctx, h.DB, a, id, offsetOf(page, limit), limit)
	if err != nil {
		return err
	}
	vm := views.QuotaVM{Quota: q, Records: recs.Rows, Now: h.Now(), MayIssue: mayIssue(c) && q.PartnerID == a.PartnerID,
		Pager: views.Pager{Page: page, Limit: limit, Total: recs.Total, URL: pagerURL(c)}}
	p := h.couponsPage(c, "coupons.quota", "quotas", views.Crumb{Text: q.PublicID[:8] + "…"})
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.QuotaPage(p, vm))
}

// usableQuotas are the partner's quotas that coupons can be issued from now, for the pickers.
func (h *Coupons) usableQuotas(c echo.Context) ([]models.CouponQuota, error) {
	list, err := models.ListQuotas(c.Request().Context(), h.DB, actor(c),
		models.QuotaFilter{Statuses: []models.QuotaStatus{models.QuotaNormal}, Limit: models.MaxLimit}, h.Now())
	if err != nil {
		return nil, err
	}
	return list.Rows, nil
}

// allQuotas are every quota of the partner, for the list filters.
func (h *Coupons) allQuotas(c echo.Context) ([]models.CouponQuota, error) {
	list, err := models.ListQuotas(c.Request().Context(), h.DB, actor(c), models.QuotaFilter{Limit: models.MaxLimit}, h.Now())
	if err != nil {
		return nil, err
	}
	return list.Rows, nil
}

// couponQuery is the issued coupons and records filter bars' shared part, parsed. Like every
// list, a value it cannot use falls back to its default and the page says which.
type couponQuery struct {
	recordQuery
	CustomerID uint64
	QuotaID    uint64
}

// parseCouponQuery reads customer (account id or name, one of the partner's own) and quota.
func (h *Coupons) parseCouponQuery(c echo.Context, v url.Values) (couponQuery, string, string, error) {
	q := couponQuery{recordQuery: parseRecordQuery(v, nil)}
	customer := strings.TrimSpace(v.Get("customer"))
	if customer != "" {
		cust, err := models.OwnCustomer(c.Request().Context(), h.DB, actor(c), strings.ToLower(customer))
		switch {
		case errors.Is(err, models.ErrNotFound):
			customer = ""
			q.bad("customer")
		case err != nil:
			return q, "", "", err
		default:
			q.CustomerID = cust.ID
		}
	}
	quota := v.Get("quota")
	if quota != "" {
		var ok bool
		if q.QuotaID, ok = parseID(quota); !ok {
			quota = ""
			q.bad("quota")
		}
	}
	return q, customer, quota, nil
}

// Issued lists the coupons the partner issued, filtered and paged.
func (h *Coupons) Issued(c echo.Context) error {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	v := c.QueryParams()
	q, customer, quota, err := h.parseCouponQuery(c, v)
	if err != nil {
		return err
	}
	f := models.CouponFilter{CustomerID: q.CustomerID, QuotaID: q.QuotaID, Expire: models.TimeRange{From: q.From, To: q.To},
		Offset: offsetOf(q.Page, q.Limit), Limit: q.Limit}
	form := views.CouponFilterForm{Customer: customer, Quota: quota, From: q.Form.From, To: q.Form.To, Limit: q.Limit}
	if s := v.Get("status"); s == views.StatusExpiring {
		f.ExpiringFrom, form.Status = now, s // the home page's count of coupons about to expire
	} else if s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 5 {
			f.Status, form.Status = int8(n), s
		} else {
			q.bad("status")
		}
	}
	list, err := models.ListIssuedCoupons(ctx, h.DB, a, f)
	if err != nil {
		return err
	}
	quotas, err := h.allQuotas(c)
	if err != nil {
		return err
	}
	vm := views.IssuedVM{Form: form, Ignored: q.Ignored, Quotas: quotas, Rows: list.Rows, Capped: list.Capped, Now: now,
		Pager: views.Pager{Page: q.Page, Limit: q.Limit, Total: list.Total, URL: pagerURL(c)}}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.IssuedPage(h.couponsPage(c, "nav.issued_coupons", "issued",
		views.Crumb{Key: "nav.issued_coupons"}), vm))
}

// Coupon is one issued coupon with its operation records.
func (h *Coupons) Coupon(c echo.Context) error {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	cp, err := models.GetCoupon(ctx, h.DB, a, id)
	if err != nil {
		return err
	}
	recs, err := models.ListCouponRecords(ctx, h.DB, a, models.RecordFilter{ResellerID: cp.PartnerID, CouponIDs: []uint64{cp.ID}, Limit: models.MaxLimit})
	if err != nil {
		return err
	}
	st := cp.StatusAt(now)
	vm := views.CouponVM{Coupon: cp, Records: recs.Rows, Now: now,
		MayReclaim: mayIssue(c) && cp.Balance > 0 && cp.LockOrderID == "" && (st == models.CouponUsable || st == models.CouponNotActivated)}
	p := h.couponsPage(c, "coupons.coupon", "issued", views.Crumb{Key: "nav.issued_coupons", Href: views.PathIssued},
		views.Crumb{Text: cp.PublicID[:12] + "…"})
	return render(c, http.StatusOK, views.CouponPage(p, vm))
}

// Reclaim (回收) takes back what a coupon has left; a refusal is flashed on the coupon's page.
func (h *Coupons) Reclaim(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	back := "/business/coupons/issued/" + strconv.FormatUint(id, 10)
	cp, err := models.GetCoupon(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	_, err = models.ReclaimCoupon(c.Request().Context(), h.DB, actor(c), id, h.Now())
	switch {
	case errors.Is(err, models.ErrCouponNotReclaimable), errors.Is(err, models.ErrCouponLocked):
		return flashAndBack(c, "error", msg(c, err), back)
	case err != nil:
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "coupons.reclaimed", views.Money(cp.BalanceMoney()), cp.CustomerName), back)
}

// Records lists the partner's coupon operation records, filtered and paged.
func (h *Coupons) Records(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	v := c.QueryParams()
	q, customer, quota, err := h.parseCouponQuery(c, v)
	if err != nil {
		return err
	}
	f := models.RecordFilter{CustomerID: q.CustomerID, QuotaID: q.QuotaID, Time: models.TimeRange{From: q.From, To: q.To},
		Offset: offsetOf(q.Page, q.Limit), Limit: q.Limit}
	form := views.CouponRecordForm{Customer: customer, Quota: quota, From: q.Form.From, To: q.Form.To, Limit: q.Limit}
	if s := v.Get("op"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 && n < 128 && slices.Contains(models.CouponOps, int8(n)) {
			f.Ops, form.Op = []int8{int8(n)}, s
		} else {
			q.bad("op")
		}
	}
	switch s := v.Get("result"); s {
	case "":
	case "0", "-1":
		r := int8(0)
		if s == "-1" {
			r = -1
		}
		f.Result, form.Result = &r, s
	default:
		q.bad("result")
	}
	list, err := models.ListCouponRecords(ctx, h.DB, a, f)
	if err != nil {
		return err
	}
	quotas, err := h.allQuotas(c)
	if err != nil {
		return err
	}
	vm := views.CouponRecordsVM{Form: form, Ignored: q.Ignored, Quotas: quotas, Rows: list.Rows, Capped: list.Capped,
		Pager: views.Pager{Page: q.Page, Limit: q.Limit, Total: list.Total, URL: pagerURL(c)}}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.CouponRecordsPage(h.couponsPage(c, "nav.coupon_records", "records",
		views.Crumb{Key: "nav.coupon_records"}), vm))
}

// isErr tells whether err is any of the targets.
func isErr(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
