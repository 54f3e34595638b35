package api

import (
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

type queryProbe struct {
	Name   string   `query:"name"`
	Must   string   `query:"must,required"`
	N      *int32   `query:"n"`
	B      *bool    `query:"b"`
	Types  []string `query:"types"`
	Needed []string `query:"needed,required"`
	Other  string
}

func decodeRaw(raw string) (queryProbe, error) {
	var p queryProbe
	req := httptest.NewRequest("GET", "/", nil)
	req.URL.RawQuery = raw
	err := decodeQuery(echo.New().NewContext(req, httptest.NewRecorder()), &p)
	return p, err
}

func TestDecodeQuery(t *testing.T) {
	n := func(v int32) *int32 { return &v }
	base := "must=m&needed=x"
	cases := []struct {
		raw  string
		want queryProbe
		bad  bool
	}{
		{raw: base, want: queryProbe{Must: "m", Needed: []string{"x"}}},
		{raw: base + "&name=a%20b&n=-7", want: queryProbe{Name: "a b", Must: "m", N: n(-7), Needed: []string{"x"}}},
		{raw: base + "&types=1&types=2&types=1", want: queryProbe{Must: "m", Types: []string{"1", "2", "1"}, Needed: []string{"x"}}},
		{raw: base + "&types=&types=3&types", want: queryProbe{Must: "m", Types: []string{"3"}, Needed: []string{"x"}}},
		{raw: base + "&types=a,b", want: queryProbe{Must: "m", Types: []string{"a,b"}, Needed: []string{"x"}}},
		{raw: base + "&needed=y", want: queryProbe{Must: "m", Needed: []string{"x", "y"}}},
		{raw: base + "&types=%E4%BB%A3", want: queryProbe{Must: "m", Types: []string{"代"}, Needed: []string{"x"}}},
		{raw: base + "&unknown=1&Other=z", want: queryProbe{Must: "m", Needed: []string{"x"}}},
		{raw: "must=m", bad: true},                // a required list absent
		{raw: "must=m&needed=", bad: true},        // … or only empty
		{raw: "needed=x", bad: true},              // a required string absent
		{raw: base + "&name=a&name=b", bad: true}, // a string twice
		{raw: base + "&n=1&n=1", bad: true},       // a number twice
		{raw: base + "&b=false", want: queryProbe{Must: "m", B: new(false), Needed: []string{"x"}}},
		{raw: base + "&b=true", want: queryProbe{Must: "m", B: new(true), Needed: []string{"x"}}},
		{raw: base + "&b=1", bad: true},                          // a boolean is true or false
		{raw: base + "&n=x", bad: true},                          // not a number
		{raw: base + "&n=2147483648", bad: true},                 // beyond int32
		{raw: base + "&types=%ff", bad: true},                    // invalid UTF-8 in a list
		{raw: base + "&name=%ff", bad: true},                     // … in a string
		{raw: base + "&types=%zz", bad: true},                    // malformed escape
		{raw: base + strings.Repeat("&types=v", 101), bad: true}, // too many values
	}
	for _, tc := range cases {
		got, err := decodeRaw(tc.raw)
		if tc.bad {
			var be *bssError
			if !errors.As(err, &be) || be.Code != "CBC.0100" || be.Status != 400 {
				t.Errorf("%q: %v, want CBC.0100", tc.raw, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %+v %v, want %+v", tc.raw, got, err, tc.want)
		}
	}
	if got, err := decodeRaw(base + strings.Repeat("&types=v", 100)); err != nil || len(got.Types) != 100 {
		t.Errorf("100 values: %d %v", len(got.Types), err)
	}
}

// FuzzDecodeQuery: any query string decodes or is a CBC.0100, never a panic, and a decoded list
// holds no empty or invalid value.
func FuzzDecodeQuery(f *testing.F) {
	for _, s := range []string{"must=m&needed=x", "types=1&types=2", "n=1&n=2", "%zz", "types=%ff", "needed=&needed=a;b", "must=m&needed=x&b=true"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := decodeRaw(raw)
		if err != nil {
			var be *bssError
			if !errors.As(err, &be) || be.Code != "CBC.0100" {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if got.Must == "" || len(got.Needed) == 0 || len(got.Types) > maxQueryList {
			t.Fatalf("%q: decoded %+v", raw, got)
		}
		for _, v := range append(got.Types, got.Needed...) {
			if v == "" {
				t.Fatalf("%q: an empty list value", raw)
			}
		}
	})
}
