package views

import (
	"net/url"
	"strings"

	"partnerhub/models"
)

// RowRefusal is a row's action refused for its form (a rejection without a reason, a note the
// models refused): the row, the input refused ("reason" or "note"), the message shown by it, and
// the item's name for when the row is not on the page.
type RowRefusal struct {
	ID    uint64
	Field string
	Name  string
	Text  string
}

// offPage tells whether the refused row is missing from the rows shown, so that the page names it
// at the top instead.
func (r RowRefusal) offPage(ids []uint64) bool {
	if r.ID == 0 {
		return false
	}
	for _, id := range ids {
		if id == r.ID {
			return false
		}
	}
	return true
}

func (vm ApplicationsVM) refusedOffPage() bool {
	ids := make([]uint64, len(vm.Rows))
	for i, a := range vm.Rows {
		ids[i] = a.ID
	}
	return vm.Refused.offPage(ids)
}

func (vm VerificationsVM) refusedOffPage() bool {
	ids := make([]uint64, len(vm.Rows))
	for i, c := range vm.Rows {
		ids[i] = c.ID
	}
	return vm.Refused.offPage(ids)
}

// listQuery is the list's query string ("?status=pending&page=2"), carried by a row's form so that
// a refusal shows the same page again. The language is left out: it is kept in the session.
func listQuery(u *url.URL) string {
	if u == nil {
		return ""
	}
	q := u.Query()
	q.Del("lang")
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// directoryColumn names a directory column in the page's language.
func directoryColumn(p Page, col string) string {
	if col == "" {
		return "—"
	}
	return p.T("dir.col." + col)
}

// csvErrText says why a whole directory file was refused, and where.
func csvErrText(p Page, e *models.CSVError) string {
	var s string
	switch e.Reason {
	case models.CSVEmpty:
		s = p.T("dir.bad.empty")
	case models.CSVHeader:
		s = p.T("dir.bad.header", e.Line, strings.Join(models.DirectoryColumns, ","))
	case models.CSVFieldCount:
		s = p.T("dir.bad.fields", e.Line, e.Fields, len(models.DirectoryColumns))
	case models.CSVQuote:
		s = p.T("dir.bad.quote", e.Line)
	case models.CSVEncoding:
		s = p.T("dir.bad.encoding", e.Line)
	case models.CSVTooManyRows:
		s = p.T("dir.bad.too_many", e.Line, models.MaxImportRows)
	default:
		s = p.T("err.bad_csv")
	}
	return s + " " + p.T("dir.bad.nothing")
}

// importSummary says plainly what an import did: which rows are in the directory now, which not.
func importSummary(p Page, r *models.ImportReport) string {
	switch n := r.RejectedRows(); {
	case n == 0 && r.Imported == 0:
		return p.T("dir.summary_empty")
	case n == 0:
		return p.T("dir.summary_all", r.Imported)
	case r.Imported == 0:
		return p.T("dir.summary_none", n)
	default:
		return p.T("dir.summary_some", r.Imported, n)
	}
}

// firstOf is the first of texts that is not empty.
func firstOf(texts ...string) string {
	for _, t := range texts {
		if t != "" {
			return t
		}
	}
	return ""
}
