package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Audit is the audit log: a partner admin's own partner's records (/partner/audit) and the
// operator's of everyone (/ops/audit). Read only: nothing can change a record.
type Audit struct{ *base }

// parseAuditQuery reads the filters; an invalid one is dropped and named.
func parseAuditQuery(v url.Values) (models.AuditFilter, views.AuditForm, []string) {
	var f models.AuditFilter
	var ignored []string
	form := views.AuditForm{}
	text := func(name string, max int) string {
		s, ok := cleanText(v.Get(name), max)
		if !ok {
			ignored = append(ignored, name)
			return ""
		}
		return s
	}
	form.Actor, form.Action, form.Type = text("actor", 64), text("action", 64), text("type", 32)
	if form.Action != "" && !views.KnownAction(form.Action) {
		ignored, form.Action = append(ignored, "action"), ""
	}
	if form.Type != "" && !views.KnownObjectType(form.Type) {
		ignored, form.Type = append(ignored, "type"), ""
	}
	f.Actor, f.Action, f.ObjectType = form.Actor, form.Action, form.Type
	ids := map[string]*uint64{"target": &f.ObjectID, "partner": &f.PartnerID}
	for name, dst := range ids {
		if s := v.Get(name); s != "" {
			if id, ok := parseID(s); ok {
				*dst = id
			} else {
				ignored = append(ignored, name)
			}
		}
	}
	if f.ObjectID != 0 {
		form.Target = views.ID(f.ObjectID)
	}
	if f.PartnerID != 0 {
		form.Partner = views.ID(f.PartnerID)
	}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if s := v.Get(name); s != "" {
			if d, ok := parseDate(s); ok {
				*dst = d
			} else {
				ignored = append(ignored, name)
			}
		}
	}
	if !f.From.IsZero() {
		form.From = f.From.In(models.BusinessZone).Format("2006-01-02")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) { // a range that holds no day
		ignored, f.From, f.To, form.From = append(ignored, views.FromAfterTo), time.Time{}, time.Time{}, ""
	}
	if !f.To.IsZero() {
		form.To = f.To.In(models.BusinessZone).Format("2006-01-02")
		f.To = f.To.AddDate(0, 0, 1) // the whole last day
	}
	f.Page, _ = parsePage(v.Get("page"))
	f.Limit, _ = parseLimit(v.Get("limit"))
	return f, form, ignored
}

// Partner is a partner admin's audit log.
func (h *Audit) Partner(c echo.Context) error { return h.index(c, false) }

// Ops is the operator's audit log of everyone.
func (h *Audit) Ops(c echo.Context) error { return h.index(c, true) }

func (h *Audit) index(c echo.Context, ops bool) error {
	ctx := c.Request().Context()
	f, form, ignored := parseAuditQuery(c.QueryParams())
	if !ops {
		f.PartnerID = 0
	}
	list, err := models.ListAudit(ctx, h.DB, actor(c), f)
	if err != nil {
		return err
	}
	csv := *c.Request().URL
	csv.Path += ".csv"
	vm := views.AuditVM{Rows: list.Rows, Form: form, Ignored: ignored, Ops: ops, Capped: list.Capped, CSVHref: csv.RequestURI(),
		Pager: views.Pager{Page: f.Page, Limit: f.Limit, Total: list.Total, URL: pagerURL(c)}}
	if vm.Refs, err = models.AuditNamesOf(ctx, h.DB, list.Rows); err != nil {
		return err
	}
	if ops {
		var ids []uint64
		for _, r := range list.Rows {
			if r.PartnerID != nil {
				ids = append(ids, *r.PartnerID)
			}
		}
		if vm.Names, err = models.PartnerNamesOf(ctx, h.DB, ids); err != nil {
			return err
		}
	}
	menu := "nav.partner"
	if ops {
		menu = "nav.ops"
	}
	p := h.page(c, "audit.title", menu, views.Crumb{Key: menu}, views.Crumb{Key: "nav.audit"})
	if ops {
		p.Side = opsSide("audit")
	} else {
		p.Side = partnerSide(c, "audit")
	}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.AuditPage(p, vm))
}

// PartnerCSV and OpsCSV export the filtered log.
func (h *Audit) PartnerCSV(c echo.Context) error { return h.csv(c, false) }

// OpsCSV exports the operator's filtered log.
func (h *Audit) OpsCSV(c echo.Context) error { return h.csv(c, true) }

func (h *Audit) csv(c echo.Context, ops bool) error {
	f, _, _ := parseAuditQuery(c.QueryParams())
	if !ops {
		f.PartnerID = 0
	}
	var buf bytes.Buffer
	if err := models.ExportAudit(c.Request().Context(), h.DB, actor(c), f, &buf); err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="audit-`+h.Now().In(models.BusinessZone).Format("20060102")+`.csv"`)
	hd.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
