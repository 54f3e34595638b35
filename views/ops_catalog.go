package views

import (
	"net/url"
	"strings"

	"partnerhub/models"
)

// CatalogQuery is the price list's filter bar as typed.
type CatalogQuery struct{ Q, Region, Mode string }

// OpsCatalogVM is the operator's price list: a page of it, and the product being edited.
type OpsCatalogVM struct {
	Query   CatalogQuery
	Regions []*models.Region
	Rows    []models.PriceListRow
	NextURL string // "" on the last page
	Edit    *PriceEditVM
	Import  PriceImportVM
	Cat     *models.Catalog
}

// PriceEditVM is one product of the price list: its history and the form of a new price.
type PriceEditVM struct {
	Row     *models.PriceListRow
	History []models.PriceHistoryRow
	Form    PriceForm
	Action  string
}

// PriceForm is a new price as typed, with its errors by field (translated).
type PriceForm struct {
	UnitPrice, EffectiveAt, Reason string
	Errs                           map[string]string
}

// Err is a field's error, or "".
func (f PriceForm) Err(field string) string { return f.Errs[field] }

// PriceImportVM is the import form, and after a preview what the file would change.
type PriceImportVM struct {
	Form    PriceForm
	Stash   string // the token of the previewed file kept on the server, posted to apply it
	FileErr *models.CSVError
	Err     string
	Preview *models.PricePreview
}

// Answered tells whether the import was just previewed or refused: then it comes first.
func (vm PriceImportVM) Answered() bool {
	return vm.Preview != nil || vm.Err != "" || vm.FileErr != nil || len(vm.Form.Errs) > 0
}

// ModeName is a price mode's name: per month, per year, on demand.
func ModeName(p Page, m models.PriceMode) string { return p.T("pricemode." + string(m)) }

// Href is the list's URL with one parameter changed.
func (q CatalogQuery) Href(key, value string) string {
	v := url.Values{}
	for k, s := range map[string]string{"q": q.Q, "region": q.Region, "mode": q.Mode} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if value != "" {
		v.Set(key, value)
	}
	return "/ops/catalog?" + v.Encode()
}

// priceCSVErrText says why a whole price-list file was refused, and where.
func priceCSVErrText(p Page, e *models.CSVError) string {
	switch e.Reason {
	case models.CSVHeader:
		return p.T("dir.bad.header", e.Line, strings.Join(models.PriceColumns, ","))
	case models.CSVFieldCount:
		return p.T("dir.bad.fields", e.Line, e.Fields, len(models.PriceColumns))
	case models.CSVTooManyRows:
		return p.T("dir.bad.too_many", e.Line, models.MaxPriceRows)
	}
	return csvErrText(p, e)
}

// priceColumn names a price-list column.
func priceColumn(p Page, col string) string {
	if col == "" {
		return "—"
	}
	return p.T("pricecol." + col)
}

// unitPrice shows a price of the list, or a dash.
func unitPrice(u *models.UnitPrice) string {
	if u == nil {
		return "—"
	}
	return "¥" + u.String()
}

// regionName is a region's name, or its code if the catalog has none of it.
func regionName(p Page, cat *models.Catalog, code string) string {
	if r := cat.Region(code); r != nil {
		return r.Name(p.Lang)
	}
	return code
}

// specName is a spec's name with its resource type's: "云硬盘 · 通用型SSD".
func specName(p Page, cat *models.Catalog, rtype, code string) string {
	s := cat.Spec(rtype, code)
	if s == nil {
		return code
	}
	return cat.ResourceTypeOf(s).Name(p.Lang) + " · " + s.Name(p.Lang)
}

// previewRows is how many changed or refused rows a preview shows: the summary counts them all,
// and a page of a whole list's 100,000 changes would be tens of megabytes.
const previewRows = 500

// firstN is a preview's rows as shown: the first previewRows.
func firstN[T any](rows []T) []T { return rows[:min(len(rows), previewRows)] }
