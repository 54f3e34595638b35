package handlers

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The adjust records' customer filter takes an id, an account id or an account name.
func TestAdjustFilterCustomer(t *testing.T) {
	t.Parallel()
	did := strings.Repeat("ab", 16)
	for _, tc := range []struct {
		in              string
		id              uint64
		didOut, nameOut string
		ignored         bool
	}{
		{in: "54", id: 54},
		{in: did, didOut: did},
		{in: strings.ToUpper(did), didOut: did},
		{in: "demo-customer", nameOut: "demo-customer"},
		{in: "  demo-customer ", nameOut: "demo-customer"},
		{in: "云图数据", nameOut: "云图数据"}, // not an account name: found by nothing, then ignored by the page
		{in: strings.Repeat("x", 65), ignored: true},
		{in: "", ignored: false},
	} {
		q := recordQuery{Page: 1, Limit: 20}
		f := q.adjustFilter(url.Values{"customer": {tc.in}})
		if f.CustomerID != tc.id || q.CustomerDID != tc.didOut || q.CustomerName != tc.nameOut || slices.Contains(q.Ignored, "customer") != tc.ignored {
			t.Errorf("%q: id %d did %q name %q ignored %v", tc.in, f.CustomerID, q.CustomerDID, q.CustomerName, q.Ignored)
		}
	}
}

func FuzzAdjustFilterCustomer(f *testing.F) {
	for _, s := range []string{"54", "demo-customer", strings.Repeat("ab", 16), "", "\x00", "18446744073709551616"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := recordQuery{Page: 1, Limit: 20}
		fl := q.adjustFilter(url.Values{"customer": {s}})
		set := 0
		for _, b := range []bool{fl.CustomerID != 0, q.CustomerDID != "", q.CustomerName != ""} {
			if b {
				set++
			}
		}
		if set > 1 || len(q.CustomerName) > 64 || (set == 1 && slices.Contains(q.Ignored, "customer")) {
			t.Errorf("%q: id %d did %q name %q ignored %v", s, fl.CustomerID, q.CustomerDID, q.CustomerName, q.Ignored)
		}
	})
}
