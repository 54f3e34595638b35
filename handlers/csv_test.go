package handlers

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// spreadsheetFormula tells whether a cell read back from an export would be run by a spreadsheet
// (a plain number, an amount, is not).
func spreadsheetFormula(cell string) bool {
	if n := strings.TrimPrefix(cell, "-"); n != cell && n != "" && strings.Trim(n, "0123456789.") == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(cell); r == '\t' || r == '\r' || r == '\n' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(cell, unicode.IsSpace))
	return strings.ContainsRune("=+-@＝＋－＠", r)
}

// TestCSVExportsNeutraliseFormulas: every CSV export — the audit logs, the adjust records, the
// statement — writes a formula found in any stored text as text, whichever column it is in. The
// text is planted in the database directly: what was stored before any input check must be
// exported safely too.
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	provider, op := app.client(t).login("provider"), app.client(t).login("operator")
	pid := partnerID(t, app, "provider")
	for _, sql := range []string{
		`UPDATE transfers SET memo = '=HYPERLINK("http://evil.example","x")' WHERE partner_id = ?`,
		`UPDATE customers SET account_name = '+SUM(1,2)' || id, real_name = '@x' WHERE partner_id = ?`,
		`UPDATE users SET display_name = '-2+3', username = '＝cmd' || id WHERE partner_id = ?`,
		`UPDATE partners SET name = '@name' WHERE distributor_id = ?`,
		`INSERT INTO audit_records (at, partner_id, user_id, action, object_type, object_id, before, after, request_id, address)
			SELECT at, partner_id, user_id, '+act', '-type', object_id, '=1', '@2', '-rid', '+addr' FROM audit_records WHERE partner_id = ?`,
	} {
		if err := app.DB.Exec(sql, pid).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, export := range []struct {
		c    *client
		path string
	}{
		{provider, "/business/funds/adjust-records?format=csv"},
		{provider, "/business/funds/statement?format=csv"},
		{provider, "/partner/audit.csv"},
		{op, "/ops/audit.csv"},
	} {
		header, rows := readCSV(t, export.c, export.path)
		if len(rows) == 0 {
			t.Errorf("%s: no rows", export.path)
		}
		planted := false
		for _, row := range rows {
			for i, cell := range row {
				if spreadsheetFormula(cell) {
					t.Errorf("%s: column %q exports %q", export.path, header[i], cell)
				}
				planted = planted || strings.HasPrefix(cell, "'")
			}
		}
		if !planted {
			t.Errorf("%s: no planted text exported", export.path)
		}
	}
}
