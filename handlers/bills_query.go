package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

// billQuery is the bills page's query string, parsed (the customer's bill page reads its record
// filters from it too). A value it cannot use falls back to its default and the page says which;
// the cycle is the models' to refuse in words.
type billQuery struct {
	Filter      models.CycleBillFilter
	Form        views.BillFilterForm
	Page, Limit int
	Ignored     []string
}

func (q *billQuery) bad(name string) { q.Ignored = append(q.Ignored, name) }

// parseBillQuery reads cycle (YYYY-MM; default the running one), customer (a name), reseller,
// mode (2 consignment, the default; 1 advisory), service (a service type code: isService),
// charge_mode (1, 3), bill_type, sort, page and limit.
func parseBillQuery(v url.Values, now time.Time, isService func(string) bool) billQuery {
	var q billQuery
	f, form := &q.Filter, &q.Form
	f.Cycle = v.Get("cycle")
	if f.Cycle == "" {
		f.Cycle = models.BillCycleOf(now)
	}
	form.Cycle = formText(f.Cycle, 16)
	if s, ok := cleanText(v.Get("customer"), 64); !ok {
		q.bad("customer")
	} else {
		f.Customer, form.Customer = s, s
	}
	if s := v.Get("reseller"); s != "" {
		var ok bool
		if f.ResellerID, ok = parseID(s); ok {
			form.Reseller = s
		} else {
			q.bad("reseller")
		}
	}
	form.Mode = "2"
	switch s := v.Get("mode"); s {
	case "", "2":
		f.Mode = models.Consignment
	case "1":
		f.Mode, form.Mode = models.Advisory, s
	default:
		q.bad("mode")
	}
	if s := v.Get("service"); s != "" {
		if len(s) <= 64 && isService(s) {
			f.ServiceType, form.Service = s, s
		} else {
			q.bad("service")
		}
	}
	if s := v.Get("charge_mode"); s != "" {
		if slices.Contains(views.BillChargeModes, s) {
			n, _ := strconv.Atoi(s)
			f.ChargeMode, form.ChargeMode = models.ChargeMode(n), s
		} else {
			q.bad("charge_mode")
		}
	}
	if s := v.Get("bill_type"); s != "" {
		if slices.Contains(views.BillTypes, s) {
			n, _ := strconv.Atoi(s)
			f.BillType, form.BillType = int8(n), s
		} else {
			q.bad("bill_type")
		}
	}
	form.Sort = string(models.CycleByAmountDesc)
	if s := v.Get("sort"); s != "" {
		if slices.Contains(views.BillSorts, s) {
			f.Sort, form.Sort = models.CycleSort(s), s
		} else {
			q.bad("sort")
		}
	}
	var ok bool
	if q.Page, ok = parsePage(v.Get("page")); !ok {
		q.bad("page")
	}
	if q.Limit, ok = parseLimit(v.Get("limit")); !ok {
		q.bad("limit")
	}
	form.Limit, f.Limit, f.Offset = q.Limit, q.Limit, offsetOf(q.Page, q.Limit)
	return q
}

// today is now's day in the business zone, YYYY-MM-DD.
func today(now time.Time) string { return now.In(models.BusinessZone).Format("2006-01-02") }
