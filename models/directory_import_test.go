package models

import (
	"errors"
	"strings"
	"testing"
)

const dirHeader = "name,credit_code,legal_rep,registered_capital,established_on,industry,region,address,status\n"

func TestParseDirectoryRow(t *testing.T) {
	ok := []string{"成都新云科技有限公司", "91510100MA6C8XYW1K", "张三", "1000000.00", "2019-04-01", "软件", "成都", "高新区天府大道 1 号", "active"}
	for _, tc := range []struct {
		col, value string
		want       error
	}{
		{"", "", nil},
		{"name", "", ErrInvalidInput},
		{"credit_code", "123", ErrBadCreditCode},
		{"credit_code", "91510100MA6C8XYW1I", ErrBadCreditCode}, // I is not in the alphabet
		{"registered_capital", "-5", ErrInvalidAmount},
		{"registered_capital", "1.234", ErrInvalidAmount},
		{"established_on", "2019/04/01", ErrBadDate},
		{"established_on", "", ErrBadDate},
		{"status", "closed", ErrBadStatus},
	} {
		rec := append([]string(nil), ok...)
		for i, c := range DirectoryColumns {
			if c == tc.col {
				rec[i] = tc.value
			}
		}
		_, col, err := ParseDirectoryRow(rec)
		if !errors.Is(err, tc.want) || tc.want != nil && col != tc.col {
			t.Errorf("%s=%q: column %q, %v; want %v", tc.col, tc.value, col, err, tc.want)
		}
	}
}

func TestParseDirectoryCSV(t *testing.T) {
	good := "甲公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n"
	for _, tc := range []struct {
		name, file     string
		rows, rejected int
		err            error
	}{
		{"good", dirHeader + good, 1, 0, nil},
		{"with BOM", "\ufeff" + dirHeader + good, 1, 0, nil},
		{"bad row and duplicate", dirHeader + good + good + "乙,bad,,,2019-01-01,,,,\n", 1, 2, nil},
		{"wrong columns", "name,code\n甲,1\n", 0, 0, ErrBadCSV},
		{"missing column in a row", dirHeader + "甲,91510100MA6C8XYW1K\n", 0, 0, ErrBadCSV},
		{"GBK bytes", dirHeader + "\xbc\xd7,91510100MA6C8XYW1K,,,2019-04-01,,,,\n", 0, 0, ErrBadCSV},
		{"empty", "", 0, 0, ErrBadCSV},
		{"broken quotes", dirHeader + "\"甲,91510100MA6C8XYW1K,,,2019-04-01,,,,\n", 0, 0, ErrBadCSV},
	} {
		rows, rejected, err := ParseDirectoryCSV(strings.NewReader(tc.file))
		if !errors.Is(err, tc.err) || len(rows) != tc.rows || len(rejected) != tc.rejected {
			t.Errorf("%s: %d rows, %d rejected, %v", tc.name, len(rows), len(rejected), err)
		}
	}
}

func TestImportDirectory(t *testing.T) {
	db := demoCopy(t)
	op := operatorActor(t, db)
	var existing Enterprise
	db.First(&existing)
	file := dirHeader + "甲云科技有限公司,91510100MA6C8XYW1K,张三,100,2019-04-01,软件,成都,地址,active\n" +
		"乙公司," + existing.CreditCode + ",,,2019-04-01,,,,active\n"
	rep, err := ImportDirectory(bg, db, op, strings.NewReader(file))
	if err != nil || rep.Imported != 1 || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 3 {
		t.Fatalf("import %+v, %v", rep, err)
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
	f.Fuzz(func(t *testing.T, name, code, capital, date, status string) {
		e, _, err := ParseDirectoryRow([]string{name, code, "", capital, date, "", "", "", status})
		if err == nil && (e.Name == "" || !validCreditCode(e.CreditCode) || e.RegisteredCapital.IsNegative()) {
			t.Fatalf("accepted %+v", e)
		}
	})
}
