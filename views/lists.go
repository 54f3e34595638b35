package views

import (
	"net/url"
	"slices"
	"strings"
)

// FromAfterTo is the name a list gives, among its ignored filters, to a date range whose start is
// after its end: the notice says so in words instead of naming two fields.
const FromAfterTo = "from_after_to"

// filterNames are the message keys of the lists' query parameters, for the notice that names the
// filters a list ignored.
var filterNames = map[string]string{
	"q": "filter.q", "mode": "filter.mode", "verified": "filter.verified", "reseller": "filter.reseller",
	"from": "filter.from", "to": "filter.to", "label": "filter.label", "manager": "filter.manager",
	"sort": "filter.sort", "limit": "filter.limit", "page": "filter.page", "customer": "filter.customer",
	"quota": "filter.quota", "status": "filter.status", "kind": "filter.kind", "op": "filter.op",
	"result": "filter.result", "trans_id": "filter.trans_id", "parent": "filter.parent",
	"partner": "filter.partner", "actor": "audit.actor", "action": "audit.action", "type": "audit.type",
	"target": "audit.target", "service": "filter.service", "order_type": "filter.order_type",
	"created_from": "filter.created_from", "created_to": "filter.created_to", "paid_from": "filter.paid_from",
	"paid_to": "filter.paid_to", "region": "resource.region", "expiring": "resource.expiring",
	"charge_mode": "bills.charge_mode", "bill_type": "bills.bill_type",
}

// IgnoredFilters names the ignored filters (but the date range, said on its own) in the page's
// language; a parameter without a name shows as it is.
func IgnoredFilters(p Page, names []string) string {
	var out []string
	for _, n := range names {
		if n == FromAfterTo {
			continue
		}
		if key, ok := filterNames[n]; ok {
			n = p.T(key)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, p.T("common.list_sep"))
}

// PastEnd tells whether the page asked for lies past the list's last page.
func (p Pager) PastEnd() bool { return p.Limit > 0 && p.Page > p.Pages() }

// Hidden are the list's query parameters but the page, which the page-number form carries along.
func (p Pager) Hidden() [][2]string {
	var out [][2]string
	q := p.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "page" {
			continue
		}
		for _, v := range q[k] {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

// pagerPath is the list's path, for the page-number form.
func (p Pager) pagerPath() string { return (&url.URL{Path: p.URL.Path}).String() }
