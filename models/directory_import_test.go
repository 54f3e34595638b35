package models

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

const dirHeader = "name,credit_code,legal_rep,registered_capital,established_on,industry,region,address,status\n"

func TestParseDirectoryRow(t *testing.T) {
	ok := []string{"成都新云科技有限公司", "91510100MA6C8XYW1K", "张三", "1000000.00", "2019-04-01", "软件", "成都", "高新区天府大道 1 号", "active"}
	for _, tc := range []struct {
		col, value string
		want       error
	}{
		{"", "", nil},
		{"registered_capital", "", nil},  // the capital may be left out
		{"registered_capital", "0", nil}, // and may be 0
		{"registered_capital", "1,000,000.50", nil},
		{"status", "", nil},
		{"status", "存续", nil},
		{"status", "In business", nil},
		{"name", "", ErrDirNameRequired},
		{"name", "   ", ErrDirNameRequired},
		{"name", strings.Repeat("企", 86), ErrDirTooLong},
		{"legal_rep", strings.Repeat("张", 22), ErrDirTooLong},
		{"industry", strings.Repeat("软", 22), ErrDirTooLong},
		{"region", strings.Repeat("成", 22), ErrDirTooLong},
		{"address", strings.Repeat("路", 86), ErrDirTooLong},
		{"credit_code", "123", ErrBadCreditCode},
		{"credit_code", "91510100MA6C8XYW1I", ErrBadCreditCode}, // I is not in the alphabet
		{"registered_capital", "abc", ErrBadCapital},
		{"registered_capital", "-5", ErrBadCapital},
		{"registered_capital", "1.234", ErrBadCapital},
		{"registered_capital", "1e6", ErrBadCapital},
		{"established_on", "2019/04/01", ErrBadDate},
		{"established_on", "", ErrBadDate},
		{"established_on", "1899-12-31", ErrBadDate},
		{"status", "closed", ErrBadStatus},
		{"status", "存续中", ErrBadStatus},
	} {
		rec := append([]string(nil), ok...)
		for i, c := range DirectoryColumns {
			if c == tc.col {
				rec[i] = tc.value
			}
		}
		_, bad, err := ParseDirectoryRow(rec)
		switch {
		case err != nil:
			t.Errorf("%s=%q: %v", tc.col, tc.value, err)
		case tc.want == nil && len(bad) != 0:
			t.Errorf("%s=%q: refused %+v", tc.col, tc.value, bad)
		case tc.want != nil && (len(bad) != 1 || !errors.Is(bad[0].Err, tc.want) || bad[0].Column != tc.col):
			t.Errorf("%s=%q: %+v; want %v", tc.col, tc.value, bad, tc.want)
		}
	}
	if _, _, err := ParseDirectoryRow(ok[:3]); !errors.Is(err, ErrBadCSV) {
		t.Errorf("a short record: %v", err)
	}
}

// TestParseDirectoryRowEveryError: a row with several bad values reports each, in the file's order.
func TestParseDirectoryRowEveryError(t *testing.T) {
	rec := []string{"", "123", strings.Repeat("张", 22), "abc", "2019/04/01", "", "", "", "closed"}
	_, bad, err := ParseDirectoryRow(rec)
	want := []RowError{{Column: "name", Err: ErrDirNameRequired}, {Column: "credit_code", Err: ErrBadCreditCode},
		{Column: "legal_rep", Err: ErrDirTooLong}, {Column: "registered_capital", Err: ErrBadCapital},
		{Column: "established_on", Err: ErrBadDate}, {Column: "status", Err: ErrBadStatus}}
	if err != nil || len(bad) != len(want) {
		t.Fatalf("%+v, %v", bad, err)
	}
	for i, w := range want {
		if bad[i].Column != w.Column || !errors.Is(bad[i].Err, w.Err) {
			t.Errorf("error %d: %+v, want %+v", i, bad[i], w)
		}
	}
}

func TestParseEnterpriseStatus(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", EnterpriseActive, true},
		{"active", EnterpriseActive, true},
		{" ACTIVE ", EnterpriseActive, true},
		{"存续", EnterpriseActive, true},
		{"在业", EnterpriseActive, true},
		{"In business", EnterpriseActive, true},
		{"in  BUSINESS", EnterpriseActive, true},
		{"cancelled", EnterpriseCancelled, true},
		{"注销", EnterpriseCancelled, true},
		{"Cancelled", EnterpriseCancelled, true},
		{"revoked", EnterpriseRevoked, true},
		{"吊销", EnterpriseRevoked, true},
		{" 吊销 ", EnterpriseRevoked, true},
		{"Revoked", EnterpriseRevoked, true},
		{"closed", "", false},
		{"存", "", false},
		{"吊销,注销", "", false},
		{"1", "", false},
	} {
		got, ok := ParseEnterpriseStatus(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestDirectoryTemplate: the template to download imports as it is, header and example row.
func TestDirectoryTemplate(t *testing.T) {
	b := DirectoryTemplate()
	if !strings.HasPrefix(string(b), "\ufeff"+strings.TrimSuffix(dirHeader, "\n")) || strings.Count(string(b), "\n") != 2 {
		t.Fatalf("template %q", b)
	}
	rows, rejected, err := ParseDirectoryCSV(strings.NewReader(string(b)))
	if err != nil || len(rows) != 1 || len(rejected) != 0 || rows[0].Enterprise.Status != EnterpriseActive {
		t.Errorf("the template does not import: %+v %+v %v", rows, rejected, err)
	}
}

func TestParseDirectoryCSV(t *testing.T) {
	good := "甲公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n"
	good2 := "乙公司,91510100MA6C8XYW2K,,,2019-04-01,,,,\n"
	for _, tc := range []struct {
		name, file     string
		rows, rejected int
		err            error
	}{
		{"good", dirHeader + good, 1, 0, nil},
		{"with BOM", "\ufeff" + dirHeader + good, 1, 0, nil},
		{"CRLF", strings.ReplaceAll(dirHeader+good+good2, "\n", "\r\n"), 2, 0, nil},
		{"header only", dirHeader, 0, 0, nil},
		{"bad row and duplicate", dirHeader + good + good + "乙,bad,,,2019-01-01,,,,\n", 1, 2, nil},
		{"every error of a row", dirHeader + "乙,bad,,,2019/01/01,,,,closed\n", 0, 3, nil},
		{"a duplicate with another error", dirHeader + good + "乙,91510100MA6C8XYW1K,,,2019/01/01,,,,\n", 1, 2, nil},
		{"statuses in the UI's words", dirHeader + strings.Replace(good, "active", "吊销", 1) + strings.Replace(good2, ",,,,\n", ",,,,Cancelled\n", 1), 2, 0, nil},
		{"empty", "", 0, 0, &CSVError{Line: 1, Reason: CSVEmpty}},
		{"wrong columns", "name,code\n甲,1\n", 0, 0, &CSVError{Line: 1, Reason: CSVHeader}},
		{"wrong column names", strings.Replace(dirHeader, "status", "state", 1) + good, 0, 0, &CSVError{Line: 1, Reason: CSVHeader}},
		{"quote in the header", "\"name,credit_code\n", 0, 0, &CSVError{Line: 1, Reason: CSVQuote}},
		{"missing column in a row", dirHeader + good + "甲,91510100MA6C8XYW1K\n", 0, 0, &CSVError{Line: 3, Reason: CSVFieldCount, Fields: 2}},
		{"extra column", dirHeader + good + good2 + strings.TrimSuffix(good2, "\n") + ",x\n", 0, 0, &CSVError{Line: 4, Reason: CSVFieldCount, Fields: 10}},
		{"GBK bytes", dirHeader + good + "\xbc\xd7,91510100MA6C8XYW1K,,,2019-04-01,,,,\n", 0, 0, &CSVError{Line: 3, Reason: CSVEncoding}},
		{"GBK header", "\xc3\xfb\xb3\xc6\n", 0, 0, &CSVError{Line: 1, Reason: CSVEncoding}},
		{"broken quotes", dirHeader + good + good2 + "\"甲,91510100MA6C8XYW1K,,,2019-04-01,,,,\n" + good2, 0, 0, &CSVError{Line: 4, Reason: CSVQuote}},
		{"bare quote", dirHeader + "甲\"公司,91510100MA6C8XYW1K,,,2019-04-01,,,,\n", 0, 0, &CSVError{Line: 2, Reason: CSVQuote}},
	} {
		rows, rejected, err := ParseDirectoryCSV(strings.NewReader(tc.file))
		var got *CSVError
		switch want, _ := tc.err.(*CSVError); {
		case want == nil && err != nil, want != nil && (!errors.As(err, &got) || *got != *want || !errors.Is(err, ErrBadCSV)):
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		case len(rows) != tc.rows || len(rejected) != tc.rejected:
			t.Errorf("%s: %d rows, %d rejected", tc.name, len(rows), len(rejected))
		}
	}
}

// TestParseDirectoryCSVLines: a row's line is the file's, past blank lines and values that span
// lines; a duplicate names the line it repeats.
func TestParseDirectoryCSVLines(t *testing.T) {
	file := dirHeader +
		"甲公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,\"两行\n地址\",active\n" + // lines 2-3
		"\n" + // 4, skipped
		"乙公司,91510100MA6C8XYW2K,,abc,2019-04-01,,,,\n" + // 5
		"丙公司,91510100ma6c8xyw1k,,,2019-04-01,,,,\n" // 6: line 2's code in lower case
	rows, rejected, err := ParseDirectoryCSV(strings.NewReader(file))
	if err != nil || len(rows) != 1 || rows[0].Line != 2 || rows[0].Enterprise.Address != "两行\n地址" {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	want := []RowError{{Line: 5, Column: "registered_capital", Err: ErrBadCapital}, {Line: 6, Column: "credit_code", Err: &DuplicateRowError{First: 2}}}
	if len(rejected) != len(want) {
		t.Fatalf("rejected %+v", rejected)
	}
	for i, w := range want {
		r := rejected[i]
		var dup *DuplicateRowError
		if r.Line != w.Line || r.Column != w.Column || !errors.Is(r.Err, w.Err) && !(errors.As(r.Err, &dup) && dup.First == 2) {
			t.Errorf("rejected[%d] = %+v, want %+v", i, r, w)
		}
	}
	if !errors.Is(rejected[1].Err, ErrDuplicate) {
		t.Error("a repeated code is not ErrDuplicate")
	}
}

func TestParseDirectoryCSVTooManyRows(t *testing.T) {
	var b strings.Builder
	b.WriteString(dirHeader)
	for i := 0; i <= MaxImportRows; i++ {
		b.WriteString("甲,bad,,,,,,,\n")
	}
	_, _, err := ParseDirectoryCSV(strings.NewReader(b.String()))
	var ce *CSVError
	if !errors.As(err, &ce) || ce.Reason != CSVTooManyRows || ce.Line != MaxImportRows+2 {
		t.Errorf("%d rows: %v", MaxImportRows+1, err)
	}
}

func TestImportDirectory(t *testing.T) {
	db := demoCopy(t)
	op := operatorActor(t, db)
	var existing Enterprise
	db.First(&existing)
	file := dirHeader + "甲云科技有限公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n" +
		"乙公司," + existing.CreditCode + ",,,2019-04-01,,,,active\n" +
		"丙公司,91510100MA6C8XYW2K,,abc,2019-04-01,,,,active\n" +
		"丁公司,91510100MA6C8XYW1K,,,2019-04-01,,,,active\n"
	rep, err := ImportDirectory(bg, db, op, strings.NewReader(file))
	if err != nil || rep.Imported != 1 || len(rep.Rejected) != 3 {
		t.Fatalf("import %+v, %v", rep, err)
	}
	// the row already in the directory is found last but listed by its line
	for i, want := range []struct {
		line int
		err  error
	}{{3, ErrInDirectory}, {4, ErrBadCapital}, {5, ErrDuplicate}} {
		if r := rep.Rejected[i]; r.Line != want.line || !errors.Is(r.Err, want.err) {
			t.Errorf("rejected[%d] = line %d, %v; want line %d, %v", i, r.Line, r.Err, want.line, want.err)
		}
	}
	list, err := SearchEnterprises(bg, db, actor(t, db, "provider"), "甲云科技", 1, 10)
	if err != nil || list.Total != 1 {
		t.Errorf("imported enterprise not found: %+v %v", list, err)
	}
	var before int64
	db.Model(&Enterprise{}).Count(&before)
	if _, err := ImportDirectory(bg, db, op, strings.NewReader("bad,header\n")); !errors.Is(err, ErrBadCSV) {
		t.Errorf("malformed: %v", err)
	}
	var after int64
	db.Model(&Enterprise{}).Count(&after)
	if after != before {
		t.Error("a malformed file imported rows")
	}
	if _, err := ImportDirectory(bg, db, actor(t, db, "provider"), strings.NewReader(file)); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner imports: %v", err)
	}
	wantAudit(t, db, "directory.import", 1)
}

func FuzzParseDirectoryCSV(f *testing.F) {
	f.Add(dirHeader + "甲,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n")
	f.Add("name,code\n")
	f.Add(dirHeader + "\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, rejected, err := ParseDirectoryCSV(strings.NewReader(s))
		if err != nil && (rows != nil || rejected != nil) {
			t.Fatal("a refused file returned rows")
		}
		var ce *CSVError
		if err != nil && (!errors.As(err, &ce) || ce.Line < 1 || ce.Line > strings.Count(s, "\n")+1) {
			t.Fatalf("refused without a line of the file: %v", err)
		}
		for i, r := range rejected {
			// by line; a row's several errors each name another column, in the file's order
			sameRow := i > 0 && r.Line == rejected[i-1].Line
			if r.Line < 2 || i > 0 && r.Line < rejected[i-1].Line || r.Column == "" ||
				sameRow && slices.Index(DirectoryColumns, r.Column) <= slices.Index(DirectoryColumns, rejected[i-1].Column) {
				t.Fatalf("rejected %+v after %+v", r, rejected[:i])
			}
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if seen[r.Enterprise.CreditCode] || !validCreditCode(r.Enterprise.CreditCode) {
				t.Fatalf("row %+v accepted", r)
			}
			seen[r.Enterprise.CreditCode] = true
		}
	})
}

func FuzzParseDirectoryRow(f *testing.F) {
	f.Add("甲", "91510100MA6C8XYW1K", "100", "2019-04-01", "active")
	f.Add("", "123", "abc", "2019/04/01", "存续")
	f.Add("乙", "91510100MA6C8XYW1K", "", "2019-04-01", " In Business ")
	f.Add("丙", "91510100MA6C8XYW1K", "", "2019-04-01", "吊销")
	f.Fuzz(func(t *testing.T, name, code, capital, date, status string) {
		e, bad, err := ParseDirectoryRow([]string{name, code, "", capital, date, "", "", "", status})
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) == 0 && (e.Name == "" || !validCreditCode(e.CreditCode) || e.RegisteredCapital.IsNegative()) {
			t.Fatalf("accepted %+v", e)
		}
		// a status is accepted exactly when ParseEnterpriseStatus reads it, and stored as a code
		st, ok := ParseEnterpriseStatus(status)
		statusBad := slices.ContainsFunc(bad, func(r RowError) bool { return r.Column == "status" })
		if ok == statusBad || ok && e.Status != st {
			t.Fatalf("status %q: read %q %v, refused %v, stored %q", status, st, ok, statusBad, e.Status)
		}
		if ok && st != EnterpriseActive && st != EnterpriseCancelled && st != EnterpriseRevoked {
			t.Fatalf("status %q read as %q", status, st)
		}
		for i, r := range bad {
			if r.Err == nil || i > 0 && slices.Index(DirectoryColumns, r.Column) <= slices.Index(DirectoryColumns, bad[i-1].Column) {
				t.Fatalf("errors %+v", bad)
			}
		}
	})
}

// Two servers importing files at once: both imports succeed, and the directory's search
// vocabulary (PostgreSQL) counts every name. Each import indexes its rows one by one in its
// transaction, and the two files' rows share grams in opposite orders: without the imports taking
// turns, each would hold a gram the other waits for (a deadlock PostgreSQL breaks by failing one).
func TestImportDirectoryOnTwoServers(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	servers := []*gorm.DB{db, secondServer(t, db)}
	op := operatorActor(t, db)
	names := [][]string{{"甲乙", "丙丁"}, {"丙丁", "甲乙"}}
	var wg sync.WaitGroup
	for s, conn := range servers {
		wg.Go(func() {
			for f := range 3 {
				var b strings.Builder
				b.WriteString(dirHeader)
				for i := range 40 {
					fmt.Fprintf(&b, "%s,91%06d%010X,,,2019-04-01,,,,active\n", names[s][i%2], 330100+s, f*100+i)
				}
				rep, err := ImportDirectory(bg, conn, op, strings.NewReader(b.String()))
				if err != nil || rep.Imported != 40 {
					t.Errorf("server %d, file %d: %+v, %v", s+1, f+1, rep, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, q := range []string{"甲乙", "丙丁"} {
		l, err := SearchEnterprises(bg, db, actor(t, db, "provider"), q, 1, 10)
		if err != nil || l.Total != 120 {
			t.Errorf("%s: %d found, %v; want 120", q, l.Total, err)
		}
	}
}
