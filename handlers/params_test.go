package handlers

import (
	"math"
	"net/url"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"partnerhub/models"
)

func TestParseID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"1", 1, true},
		{"42", 42, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"9223372036854775808", 0, false}, // 2^63: beyond the database's signed 64 bits
		{"9999999999999999999", 0, false},
		{"18446744073709551615", 0, false},
		{"18446744073709551616", 0, false},
		{"99999999999999999999", 0, false},
		{"0042", 0, false}, // one id, one spelling
		{"0", 0, false},
		{"", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"abc", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"１", 0, false}, // a full-width digit
		{"1_000", 0, false},
	} {
		got, ok := parseID(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseID(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParsePageAndLimit(t *testing.T) {
	t.Parallel()
	pages := []struct {
		in   string
		want int
		ok   bool
	}{{"", 1, true}, {"1", 1, true}, {"7", 7, true}, {"0", 1, false}, {"-1", 1, false}, {"abc", 1, false}, {"99999999999", 1, false}}
	for _, c := range pages {
		if got, ok := parsePage(c.in); got != c.want || ok != c.ok {
			t.Errorf("parsePage(%q) = %d %v", c.in, got, ok)
		}
	}
	limits := []struct {
		in   string
		want int
		ok   bool
	}{{"", 10, true}, {"10", 10, true}, {"100", 100, true}, {"20", 20, true}, {"9", 10, false}, {"1000", 10, false}, {"x", 10, false}}
	for _, c := range limits {
		if got, ok := parseLimit(c.in); got != c.want || ok != c.ok {
			t.Errorf("parseLimit(%q) = %d %v", c.in, got, ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	good := map[string]time.Time{
		"2026-11-23": time.Date(2026, 11, 22, 16, 0, 0, 0, time.UTC), // midnight in Shanghai
		"2024-02-29": time.Date(2024, 2, 28, 16, 0, 0, 0, time.UTC),
	}
	for in, want := range good {
		if got, ok := parseDate(in); !ok || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "2026-13-01", "2026-02-30", "2023-02-29", "26-11-23", "2026/11/23", "1999-01-01", "2026-11-23T00:00:00Z", "２０２６-１１-２３"} {
		if _, ok := parseDate(in); ok {
			t.Errorf("parseDate(%q) accepted", in)
		}
	}
}

func TestParseCustomerQuery(t *testing.T) {
	t.Parallel()
	v, _ := url.ParseQuery("q=%E5%8D%8E%E4%B8%BA&mode=consignment&verified=-1&reseller=12&from=2026-01-01&to=2026-01-31&label=VIP&manager=3&sort=account_name&page=2&limit=50")
	q := parseCustomerQuery(v)
	f := q.Filter
	if f.Query != "华为" || f.Mode != models.Consignment || f.Verified == nil || *f.Verified != -1 || f.ResellerID != 12 ||
		f.Label != "VIP" || f.ManagerID != 3 || f.Sort != models.SortAccountName || f.Page != 2 || f.Limit != 50 || len(q.Ignored) != 0 {
		t.Fatalf("parsed %+v ignored %v", f, q.Ignored)
	}
	if !f.To.Equal(time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("to includes the whole last day: %v", f.To)
	}
}

// FuzzParseCustomerQuery checks that any query string gives a usable filter: no panic, bounded
// paging, known enums, valid UTF-8 and no over-long text.
func FuzzParseCustomerQuery(f *testing.F) {
	for _, s := range []string{"", "page=-1&limit=1000", "q=%ff&mode=x", "from=2026-13-45&to=2026-01-01", "verified=2&sort=-associated_on",
		"q=" + url.QueryEscape("<b>华为</b>") + "&reseller=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q := parseCustomerQuery(v)
		fl := q.Filter
		if fl.Page < 1 || fl.Limit < models.DefaultLimit || fl.Limit > models.MaxLimit {
			t.Fatalf("paging %d/%d", fl.Page, fl.Limit)
		}
		if fl.Mode != models.NoMode && fl.Mode != models.Consignment && fl.Mode != models.Advisory {
			t.Fatalf("mode %d", fl.Mode)
		}
		if fl.Verified != nil && (*fl.Verified < -1 || *fl.Verified > 2) {
			t.Fatalf("verified %d", *fl.Verified)
		}
		if !utf8.ValidString(fl.Query) || utf8.RuneCountInString(fl.Query) > 256 || utf8.RuneCountInString(fl.Label) > 64 {
			t.Fatalf("text %q %q", fl.Query, fl.Label)
		}
		if fl.Query != "" && models.CheckSearch(fl.Query) != nil {
			t.Fatalf("unsearchable query passed: %q", fl.Query)
		}
		if !fl.From.IsZero() && !fl.To.IsZero() && !fl.From.Before(fl.To) {
			t.Fatalf("empty date range %v..%v", fl.From, fl.To)
		}
	})
}

// FuzzParseID: an id accepted is one the database can hold (1 to 2^63-1), spelt as the decimal
// number it is.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "abc", "18446744073709551615", "9223372036854775807", "9223372036854775808", "007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, ok := parseID(s); ok && (n == 0 || n > math.MaxInt64 || strconv.FormatUint(n, 10) != s) {
			t.Fatalf("parseID(%q) = %d", s, n)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "2026-02-30", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseDate(s); ok && d.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02") != s {
			t.Fatalf("parseDate(%q) = %v", s, d)
		}
	})
}
