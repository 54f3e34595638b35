package handlers

import (
	"testing"
	"time"
)

func TestParseEffectiveAt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"2026-12-01T08:00", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true}, // Asia/Shanghai
		{"2026-12-01T08:00:30", time.Date(2026, 12, 1, 0, 0, 30, 0, time.UTC), true},
		{" 2026-12-01 08:00 ", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-12-01", time.Time{}, false},
		{"2026-13-01T08:00", time.Time{}, false},
		{"2026-12-01T08:00:00.000000001", time.Time{}, false},
		{"tomorrow", time.Time{}, false},
	} {
		got, ok := parseEffectiveAt(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("%q: %v %v, want %v %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseEffectiveAt(f *testing.F) {
	for _, s := range []string{"", "2026-12-01T08:00", "2026-12-01 08:00:59", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseEffectiveAt(s)
		if ok && !got.IsZero() && got.Location() != time.UTC {
			t.Fatalf("%q: %v not in UTC", s, got)
		}
	})
}
