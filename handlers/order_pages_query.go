package handlers

import (
	"net/url"
	"slices"

	"partnerhub/models"
	"partnerhub/views"
)

// orderQuery is an orders list's query string, parsed. Like every list, a value it cannot use
// falls back to its default and the page says which.
type orderQuery struct {
	Filter      models.OrderFilter
	Form        views.OrderFilterForm
	Page, Limit int
	Customer    string // a customer's name to search for: the caller resolves it
	Ignored     []string
}

func (q *orderQuery) bad(name string) { q.Ignored = append(q.Ignored, name) }

// parseOrderQuery reads the orders list's parameters: status (the tab), customer (a name),
// reseller, service (a service type code the catalog knows: isService), order_type, the created
// and paid date ranges (Asia/Shanghai days, the end day included), page and limit.
func parseOrderQuery(v url.Values, isService func(string) bool) orderQuery {
	var q orderQuery
	f, form := &q.Filter, &q.Form
	if s := v.Get("status"); s != "" {
		if n, ok := orderEnum(s, views.OrderTabs); ok {
			f.Status, form.Status = n, s
		} else {
			q.bad("status")
		}
	}
	if s, ok := cleanText(v.Get("customer"), 64); !ok {
		q.bad("customer")
	} else {
		q.Customer, form.Customer = s, s
	}
	if s := v.Get("reseller"); s != "" {
		var ok bool
		if f.ResellerID, ok = parseID(s); ok {
			form.Reseller = s
		} else {
			q.bad("reseller")
		}
	}
	if s := v.Get("service"); s != "" {
		if len(s) <= 64 && isService(s) {
			f.ServiceType, form.Service = s, s
		} else {
			q.bad("service")
		}
	}
	if s := v.Get("order_type"); s != "" {
		if n, ok := orderEnum(s, views.OrderTypes); ok {
			f.Type, form.Type = n, s
		} else {
			q.bad("order_type")
		}
	}
	f.Created = q.dateRange(v, "created_from", "created_to", &form.CreatedFrom, &form.CreatedTo)
	f.Paid = q.dateRange(v, "paid_from", "paid_to", &form.PaidFrom, &form.PaidTo)
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

// orderEnum reads one of the listed small numbers (a status, an order type).
func orderEnum(s string, allowed []string) (int8, bool) {
	if s == "" || !slices.Contains(allowed, s) {
		return 0, false
	}
	return int8(s[0] - '0'), len(s) == 1
}

// dateRange reads one from/to pair of days; a range that ends before it starts is dropped whole.
func (q *orderQuery) dateRange(v url.Values, fromName, toName string, fromForm, toForm *string) models.TimeRange {
	var r models.TimeRange
	if s := v.Get(fromName); s != "" {
		if t, ok := parseDate(s); ok {
			r.From, *fromForm = t, s
		} else {
			q.bad(fromName)
		}
	}
	if s := v.Get(toName); s != "" {
		if t, ok := parseDate(s); ok {
			r.To, *toForm = t.AddDate(0, 0, 1), s
		} else {
			q.bad(toName)
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		*fromForm, *toForm = "", ""
		q.bad(views.FromAfterTo)
		return models.TimeRange{}
	}
	return r
}
