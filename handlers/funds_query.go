package handlers

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

// recordQuery is a records page's query string (adjust records, account changes), parsed. Like the
// customer list, an invalid parameter falls back to its default and the page says which.
type recordQuery struct {
	Form         views.RecordFilterForm
	Kind         models.TransferKind
	From, To     time.Time
	Page, Limit  int
	Ignored      []string
	CSV          bool   // ?format=csv: the export of every matching record
	CustomerDID  string // a customer named by its account id (customer_id in the API)
	CustomerName string // a customer named by its account name
}

// adjustKinds are the operation types of adjust records a partner can have: reseller fundings
// only for a master distributor.
func adjustKinds(p *models.Partner) []models.TransferKind {
	kinds := []models.TransferKind{models.KindAllocate, models.KindReclaim, models.KindUnbind}
	if p != nil && p.Kind == models.MasterDistributor {
		kinds = append(kinds, models.KindResellerFund, models.KindResellerReclaim)
	}
	return kinds
}

// statementKinds are the kinds of change a partner's cash account shows.
var statementKinds = []models.TransferKind{models.KindDeposit, models.KindDepositReversal, models.KindAllocate,
	models.KindReclaim, models.KindUnbind, models.KindResellerFund, models.KindResellerReclaim}

func parseRecordQuery(v url.Values, kinds []models.TransferKind) recordQuery {
	q := recordQuery{CSV: v.Get("format") == "csv"}
	if k := v.Get("kind"); k != "" {
		if slices.Contains(kinds, models.TransferKind(k)) {
			q.Kind, q.Form.Kind = models.TransferKind(k), k
		} else {
			q.bad("kind")
		}
	}
	q.parseDates(v.Get("from"), v.Get("to"))
	var ok bool
	if q.Page, ok = parsePage(v.Get("page")); !ok {
		q.bad("page")
	}
	if q.Limit, ok = parseLimit(v.Get("limit")); !ok {
		q.bad("limit")
	}
	q.Form.Limit = q.Limit
	return q
}

func (q *recordQuery) bad(name string) { q.Ignored = append(q.Ignored, name) }

// parseDates reads from/to as Asia/Shanghai days; the end day is included.
func (q *recordQuery) parseDates(from, to string) {
	if from != "" {
		if t, ok := parseDate(from); ok {
			q.From, q.Form.From = t, from
		} else {
			q.bad("from")
		}
	}
	if to != "" {
		if t, ok := parseDate(to); ok {
			q.To, q.Form.To = t.AddDate(0, 0, 1), to
		} else {
			q.bad("to")
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		q.From, q.To, q.Form.From, q.Form.To = time.Time{}, time.Time{}, "", ""
		q.bad(views.FromAfterTo)
	}
}

// adjustFilter adds the adjust records' own parameters: customer (its id, account id or account name), transaction id and,
// for a master distributor, one of its resellers.
func (q *recordQuery) adjustFilter(v url.Values) models.AdjustFilter {
	f := models.AdjustFilter{Kind: q.Kind, From: q.From, To: q.To, Limit: q.Limit, Offset: offsetOf(q.Page, q.Limit)}
	if s := strings.TrimSpace(v.Get("customer")); s != "" {
		var ok bool
		switch f.CustomerID, ok = parseID(s); {
		case ok:
			q.Form.Customer = s
		case isAccountID(s): // the account id the records show: resolved by the caller
			q.Form.Customer, q.CustomerDID = s, strings.ToLower(s)
		case len(s) <= 64: // an account name, as the console names customers: resolved by the caller
			q.Form.Customer, q.CustomerName = s, s
		default:
			q.bad("customer")
		}
	}
	if s := strings.TrimSpace(v.Get("trans_id")); s != "" {
		if len(s) <= 64 && strings.Trim(s, "0123456789abcdefABCDEF") == "" { // trans ids are hex
			f.TransID, q.Form.TransID = strings.ToLower(s), s
		} else {
			q.bad("trans_id")
		}
	}
	if s := v.Get("reseller"); s != "" {
		var ok bool
		if f.ResellerID, ok = parseID(s); ok {
			q.Form.Reseller = s
		} else {
			q.bad("reseller")
		}
	}
	if q.CSV {
		f.Offset, f.Limit = 0, maxExport
	}
	return f
}

// exportHref is the page's URL asking for the CSV of every matching record.
func exportHref(u *url.URL) string {
	v := u.Query()
	v.Del("page")
	v.Set("format", "csv")
	return u.Path + "?" + v.Encode()
}

// isAccountID tells whether s looks like an account id: 32 hex digits.
func isAccountID(s string) bool {
	return len(s) == 32 && strings.Trim(s, "0123456789abcdefABCDEF") == ""
}
