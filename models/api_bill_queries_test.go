package models

import (
	"errors"
	"testing"
	"time"
)

func TestParseBillCycleAt(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 30, 15, 59, 0, 0, time.UTC) // 2026-11-30 23:59 in Shanghai
	cases := []struct {
		in   string
		want error
	}{
		{"2026-11", nil}, {"2026-10", nil}, {"2000-01", nil}, {"2026-12", ErrBillCycleFuture}, {"2027-01", ErrBillCycleFuture},
		{"9999-12", ErrBillCycleFuture}, {"2026-13", ErrBillCycle}, {"2026-1", ErrBillCycle}, {"", ErrBillCycle},
	}
	for _, c := range cases {
		cycle, _, err := ParseBillCycleAt(c.in, now)
		if !errors.Is(err, c.want) || err == nil && cycle != c.in {
			t.Errorf("ParseBillCycleAt(%q) = %q, %v; want %v", c.in, cycle, err, c.want)
		}
	}
	// a minute later it is December in Shanghai: its cycle has begun
	if _, _, err := ParseBillCycleAt("2026-12", now.Add(time.Minute)); err != nil {
		t.Errorf("the cycle just begun: %v", err)
	}
}

func TestParseBillDates(t *testing.T) {
	t.Parallel()
	_, nov, _ := ParseBillCycle("2026-11")
	_, feb, _ := ParseBillCycle("2028-02")
	day := func(s string) time.Time { d, _ := time.ParseInLocation(time.DateOnly, s, BusinessZone); return d }
	cases := []struct {
		start        time.Time
		begin, end   string
		since, until time.Time
		ok           bool
	}{
		{nov, "", "", time.Time{}, time.Time{}, true},
		{nov, "2026-11-01", "2026-11-30", day("2026-11-01"), day("2026-12-01"), true},
		{nov, "2026-11-23", "2026-11-23", day("2026-11-23"), day("2026-11-24"), true},
		{feb, "2028-02-29", "2028-02-29", day("2028-02-29"), day("2028-03-01"), true}, // a leap day
		{nov, "2026-11-23", "", time.Time{}, time.Time{}, false},                      // one without the other
		{nov, "", "2026-11-23", time.Time{}, time.Time{}, false},
		{nov, "2026-11-24", "2026-11-23", time.Time{}, time.Time{}, false}, // backwards
		{nov, "2026-10-31", "2026-11-02", time.Time{}, time.Time{}, false}, // across two months
		{nov, "2026-11-30", "2026-12-01", time.Time{}, time.Time{}, false},
		{nov, "2026-11-31", "2026-11-31", time.Time{}, time.Time{}, false}, // no such day
		{feb, "2027-02-29", "2027-02-29", time.Time{}, time.Time{}, false},
		{nov, "2026/11/01", "2026/11/02", time.Time{}, time.Time{}, false},
		{nov, "2026-11-1", "2026-11-02", time.Time{}, time.Time{}, false},
		{nov, "2026-11-01T00:00:00Z", "2026-11-02", time.Time{}, time.Time{}, false},
		{nov, "+026-11-01", "2026-11-02", time.Time{}, time.Time{}, false},
		{nov, "2026-11-０1", "2026-11-02", time.Time{}, time.Time{}, false},
	}
	for _, c := range cases {
		since, until, err := ParseBillDates(c.start, c.begin, c.end)
		if c.ok != (err == nil) || err != nil && !errors.Is(err, ErrBillDates) {
			t.Errorf("ParseBillDates(%q, %q): %v", c.begin, c.end, err)
			continue
		}
		if !since.Equal(c.since) || !until.Equal(c.until) {
			t.Errorf("ParseBillDates(%q, %q) = %s, %s; want %s, %s", c.begin, c.end, since, until, c.since, c.until)
		}
	}
}

func FuzzParseBillDates(f *testing.F) {
	f.Add("2026-11", "2026-11-01", "2026-11-30")
	f.Add("2028-02", "2028-02-29", "2028-02-28")
	f.Add("2026-11", "2026-11-31", "")
	f.Fuzz(func(t *testing.T, cycle, begin, end string) {
		_, start, err := ParseBillCycle(cycle)
		if err != nil {
			return
		}
		since, until, err := ParseBillDates(start, begin, end)
		if err != nil {
			if !errors.Is(err, ErrBillDates) {
				t.Fatalf("ParseBillDates(%q, %q, %q): %v", cycle, begin, end, err)
			}
			return
		}
		if begin == "" && end == "" {
			if !since.IsZero() || !until.IsZero() {
				t.Fatalf("no dates gave %s, %s", since, until)
			}
			return
		}
		// the days are the ones written, in the cycle, in order, and cover whole days
		if since.Format(time.DateOnly) != begin || until.AddDate(0, 0, -1).Format(time.DateOnly) != end ||
			BillCycleOf(since) != cycle || BillCycleOf(until.Add(-time.Nanosecond)) != cycle || !since.Before(until) ||
			since.Location() != BusinessZone || since.Hour() != 0 {
			t.Fatalf("ParseBillDates(%q, %q, %q) = %s, %s", cycle, begin, end, since, until)
		}
	})
}

func TestBillKindOf(t *testing.T) {
	t.Parallel()
	for bt, want := range map[int8]int8{1: BillKindConsumption, 2: BillKindConsumption, 5: BillKindConsumption, 8: BillKindConsumption,
		103: BillKindConsumption, 4: BillKindRefund, 20: BillKindRefund, 24: BillKindRefund, 9: BillKindAdjustment, 16: BillKindAdjustment} {
		if got := BillKindOf(bt); got != want {
			t.Errorf("BillKindOf(%d) = %d, want %d", bt, got, want)
		}
	}
}
