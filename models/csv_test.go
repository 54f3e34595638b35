package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"上海云图", "上海云图"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"+86 139", "'+86 139"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\rx", "'\rx"},
		{"\nx", "'\nx"},
		{"  =1", "'  =1"},
		{"\u3000=1", "'\u3000=1"}, // an ideographic space first
		{"＝1+1", "'＝1+1"},
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠x", "'＠x"},
		{"-12.50", "-12.50"},
		{"1234.50", "1234.50"},
		{"0", "0"},
		{"-", "'-"},
		{"-1.", "'-1."},
		{"-.5", "'-.5"},
		{"a=b", "a=b"},
		{`{"memo":"=1"}`, `{"memo":"=1"}`},
	} {
		if got := CSVCell(tc.in); got != tc.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// formulaLike tells whether a cell read back from a CSV file would be run by a spreadsheet.
func formulaLike(cell string) bool {
	if cell == "" || plainNumber(cell) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(cell); r == '\t' || r == '\r' || r == '\n' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(cell, unicode.IsSpace))
	return strings.ContainsRune("=+-@＝＋－＠", r)
}

// FuzzCSVCell: whatever the text, the cell read back is the text or the text after an
// apostrophe, and never one a spreadsheet would run.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"", "x", "=1", "+1", "-1", "-1+1", "@a", "\t=", " \r\n=", "＝", "1.5", `"=1"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // text in the database is UTF-8
		}
		var buf bytes.Buffer
		w := NewCSVWriter(&buf)
		w.Write(s, "after")
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 1 || len(rows[0]) != 2 {
			t.Fatalf("%q: read back %q, %v", s, rows, err)
		}
		got := rows[0][0]
		want := strings.ReplaceAll(s, "\r\n", "\n") // csv reads a quoted CRLF as LF
		if got != want && got != "'"+want {
			t.Fatalf("%q read back as %q", s, got)
		}
		if formulaLike(got) {
			t.Fatalf("%q read back as a formula: %q", s, got)
		}
	})
}

// TestOneCSVWriter: no CSV is written but through CSVWriter, which makes every cell safe.
func TestOneCSVWriter(t *testing.T) {
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			path == filepath.Join("..", "models", "csv.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, []byte("csv.NewWriter")) {
			t.Errorf("%s writes CSV without models.CSVWriter", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestExportAuditNeutralisesFormulas: a formula in any stored text of a record, or in its actor's
// name, comes out of the export as text, whichever column it is in.
func TestExportAuditNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	u := mustUser(t, db, "provider")
	if err := db.Exec("UPDATE users SET username = ? WHERE id = ?", "=cmd|' /C calc'!A0", u.ID).Error; err != nil {
		t.Fatal(err)
	}
	err := db.Exec(`INSERT INTO audit_records (at, partner_id, user_id, action, object_type, object_id, before, after, request_id, address)
		VALUES (?, ?, ?, '+act', '-type', 1, '@before', '＝after', '-rid', '=1+1')`, testNow, *u.PartnerID, u.ID).Error
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExportAudit(context.Background(), db, actor(t, db, "operator"), AuditFilter{}, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\ufeffid,") {
		t.Fatalf("no byte order mark or header: %.20q", buf.String())
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		for _, cell := range row {
			if formulaLike(cell) {
				t.Errorf("a cell exported as a formula: %q", cell)
			}
		}
		found = found || row[3] == "'+act"
	}
	if !found {
		t.Error("the planted record is not exported")
	}
}
