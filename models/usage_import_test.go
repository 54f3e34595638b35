package models

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

const usageHeader = "resource_id,hour,usage_factor,usage_value,usage_measure_id\n"

// TestParseUsageCSV: each bad value is refused with its line and column, the rest kept; a file
// that is not a usage CSV is refused whole with its line.
func TestParseUsageCSV(t *testing.T) {
	t.Parallel()
	type refusal struct {
		line int
		col  string
		err  error
	}
	cases := []struct {
		name     string
		file     string
		accepted int
		refused  []refusal
		whole    string // the reason of a file refused whole
	}{
		{"good", usageHeader + "r1,2026-11-23 13:00,Duration,1,4\nr2,2026-11-23 13:00,upflow,0.12345678,10\n", 2, nil, ""},
		{"bom and spaces", "\ufeff" + usageHeader + " r1 , 2026-11-23 13:00 ,Duration, 1 ,4\n", 1, nil, ""},
		{"negative", usageHeader + "r1,2026-11-23 13:00,Duration,-1,4\n", 0, []refusal{{2, "usage_value", ErrUsageValue}}, ""},
		{"zero", usageHeader + "r1,2026-11-23 13:00,Duration,0,4\n", 0, []refusal{{2, "usage_value", ErrUsageValue}}, ""},
		{"not a number", usageHeader + "r1,2026-11-23 13:00,Duration,abc,4\nr1,2026-11-23 12:00,Duration,1e3,4\n", 0,
			[]refusal{{2, "usage_value", ErrUsageValue}, {3, "usage_value", ErrUsageValue}}, ""},
		{"nine places", usageHeader + "r1,2026-11-23 13:00,upflow,0.123456789,10\n", 0, []refusal{{2, "usage_value", ErrUsageValue}}, ""},
		{"not on the hour", usageHeader + "r1,2026-11-23 13:30,Duration,1,4\n", 0, []refusal{{2, "hour", ErrUsageHour}}, ""},
		{"the future", usageHeader + "r1,2026-11-23 14:00,Duration,1,4\n", 0, []refusal{{2, "hour", ErrUsageHour}}, ""},
		{"not a date", usageHeader + "r1,2026-02-30 10:00,Duration,1,4\n", 0, []refusal{{2, "hour", ErrUsageHour}}, ""},
		{"no resource", usageHeader + ",2026-11-23 13:00,Duration,1,4\n", 0, []refusal{{2, "resource_id", ErrUsageResource}}, ""},
		{"bad unit", usageHeader + "r1,2026-11-23 13:00,Duration,1,x\n", 0, []refusal{{2, "usage_measure_id", ErrUsageMeasure}}, ""},
		{"duplicate", usageHeader + "r1,2026-11-23 13:00,Duration,1,4\nr2,2026-11-23 13:00,Duration,1,4\nr1,2026-11-23 13:00,Duration,2,4\n", 2,
			[]refusal{{4, "resource_id", &DuplicateRowError{First: 2}}}, ""},
		{"empty", "", 0, nil, CSVEmpty},
		{"other header", "resource,hour,usage_factor,usage_value,usage_measure_id\n", 0, nil, CSVHeader},
		{"fields", usageHeader + "r1,2026-11-23 13:00,Duration,1\n", 0, nil, CSVFieldCount},
		{"gbk", usageHeader + "r1,2026-11-23 13:00,\xb0\xb4,1,4\n", 0, nil, CSVEncoding},
	}
	now := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) // 14:00 in Shanghai: 13:00 is the last complete hour
	for _, tc := range cases {
		lines, refused, err := parseUsageCSV(strings.NewReader(tc.file), now)
		var ce *CSVError
		if tc.whole != "" {
			if !errors.As(err, &ce) || ce.Reason != tc.whole || ce.Line < 1 {
				t.Errorf("%s: %v, want the file refused (%s)", tc.name, err, tc.whole)
			}
			continue
		}
		if err != nil || len(lines) != tc.accepted || len(refused) != len(tc.refused) {
			t.Errorf("%s: %d accepted, refused %v, %v", tc.name, len(lines), refused, err)
			continue
		}
		for i, r := range tc.refused {
			got := refused[i]
			var dup *DuplicateRowError
			sameErr := errors.Is(got.Err, r.err) || errors.As(r.err, &dup) && errors.As(got.Err, &dup) && dup.First == 2
			if got.Line != r.line || got.Column != r.col || !sameErr {
				t.Errorf("%s: refusal %d is %+v, want %+v", tc.name, i, got, r)
			}
		}
	}
	lines, _, _ := parseUsageCSV(strings.NewReader(cases[0].file), now)
	if !lines[0].Hour.Equal(time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC)) || lines[1].Value.String() != "0.12345678" {
		t.Errorf("parsed %+v", lines)
	}
}

// FuzzParseUsageCSV: whatever the file, parsing never panics, a refused file says a line, an
// accepted line holds a usage that can be stored, of a past hour, and no key twice.
func FuzzParseUsageCSV(f *testing.F) {
	f.Add(usageHeader + "r1,2026-11-23 13:00,Duration,1,4\n")
	f.Add(usageHeader + "r1,2026-11-23 13:00,upflow,0.5,10\r\n\"x\ny\",a,b,c,d\n")
	f.Add("\ufeff" + usageHeader + "r1,2026-11-23 12:00,Duration,-1,4\nr1,2026-11-23 12:00,Duration,1,4\n")
	now := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		lines, refused, err := parseUsageCSV(strings.NewReader(s), now)
		var ce *CSVError
		if err != nil {
			if !errors.As(err, &ce) || ce.Line < 1 {
				t.Fatalf("refusal without a line: %v", err)
			}
			return
		}
		seen := map[usageKey]bool{}
		for _, l := range lines {
			k := usageKey{l.ResourceID, l.Factor, l.Hour}
			if _, err := (UnitPrice{l.Value}).Value(); err != nil || !l.Value.IsPositive() || l.Hour.Add(time.Hour).After(now) ||
				l.Line < 2 || seen[k] || l.MeasureID == 0 {
				t.Fatalf("accepted a bad line: %+v", l)
			}
			seen[k] = true
		}
		for _, r := range refused {
			if r.Line < 2 || !strings.Contains(strings.Join(UsageColumns, ","), r.Column) {
				t.Fatalf("refusal %+v", r)
			}
		}
	})
}

// TestImportUsage: lines of unknown resources, of the wrong usage factor or unit refuse the file
// with their lines; a good file is imported and rated; imported again, nothing is added or rated.
func TestImportUsage(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	c := usageCustomer(t, db, 0, 100000)
	vm := ecs(t, db, c)
	bw := onDemandResource(t, db, c, "hws.service.type.vpc", "hws.resource.type.bandwidth", "12_bgp", 5)
	bucket := onDemandResource(t, db, c, "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", 0)
	var notOnDemand Resource
	db.Where("charge_mode = ?", ChargePeriod).First(&notOnDemand)
	h := usageHour.In(BusinessZone).Format(UsageHourLayout)
	bad := usageHeader + vm.PublicID + "," + h + ",Duration,1,4\n" +
		"nobody," + h + ",Duration,1,4\n" +
		notOnDemand.PublicID + "," + h + ",Duration,1,4\n" +
		bw.PublicID + "," + h + ",Duration,1,4\n" +
		bw.PublicID + "," + h + ",upflow,2,7\n" +
		vm.PublicID + "," + h + ",Duration,-1,4\n" +
		bucket.PublicID + "," + h + ",Duration,1,4\n" + // a bucket is rated by traffic, storage and requests
		bucket.PublicID + "," + h + ",requests,1,21\n" // requests are not counted in GB-hours
	out, err := ImportUsage(ctx, db, op, strings.NewReader(bad), testNow)
	if !errors.Is(err, ErrUsageRefused) || out == nil {
		t.Fatalf("a file with bad lines: %+v, %v", out, err)
	}
	want := []struct {
		line int
		col  string
	}{{3, "resource_id"}, {4, "resource_id"}, {5, "usage_factor"}, {6, "usage_measure_id"}, {7, "usage_value"}, {8, "usage_factor"},
		{9, "usage_measure_id"}}
	if len(out.Rejected) != len(want) {
		t.Fatalf("refused %+v", out.Rejected)
	}
	for i, w := range want {
		if out.Rejected[i].Line != w.line || out.Rejected[i].Column != w.col {
			t.Errorf("refusal %d: %+v, want line %d %s", i, out.Rejected[i], w.line, w.col)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM usage_records"); n != 0 {
		t.Fatalf("a refused file imported %d records", n)
	}
	if _, err := ImportUsage(ctx, db, actor(t, db, "provider"), strings.NewReader(bad), testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner imported usage: %v", err)
	}
	good := usageHeader + vm.PublicID + "," + h + ",Duration,1,4\n" + bw.PublicID + "," + h + ",upflow,2048,11\n" +
		bucket.PublicID + "," + h + ",storage,100,21\n" + bucket.PublicID + "," + h + ",requests,30000,22\n"
	out, err = ImportUsage(ctx, db, op, strings.NewReader(good), testNow)
	if err != nil || out.Added != 4 || out.Skipped != 0 {
		t.Fatalf("import: %+v, %v", out, err)
	}
	res := rate(t, db, testNow)
	// 2048 MB = 2 GB × 5 Mbit/s × ¥0.80; 100 GB-hours × ¥0.00013889 = ¥0.01; 30,000 requests = 3 × ¥0.01
	if res.Rated != 4 || res.Fees != 44+800+1+3 {
		t.Errorf("rated %+v", res)
	}
	out, err = ImportUsage(ctx, db, op, strings.NewReader(good), testNow)
	if err != nil || out.Added != 0 || out.Skipped != 4 {
		t.Errorf("imported again: %+v, %v", out, err)
	}
	if res := rate(t, db, testNow); res.Rated != 0 {
		t.Errorf("rated again: %+v", res)
	}
	// the generator adds the bucket's hour of traffic, which the file did not have, and nothing else
	if generate(t, db, usageHour); count(t, db, "SELECT COUNT(*) FROM usage_records WHERE resource_id IN (?, ?, ?)", vm.ID, bw.ID, bucket.ID) != 5 {
		t.Error("the generator recorded an imported hour again")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'usage.import'"); n != 2 {
		t.Errorf("%d import audit records, want 2", n)
	}
	mustCheck(t, db)
}
