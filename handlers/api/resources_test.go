package api

import (
	"errors"
	"testing"
)

// The resource lists' filters: each refusal is a CBC.0100, and what passes is in range.
func TestResourceFilters(t *testing.T) {
	for body, ok := range map[string]bool{
		`{}`: true, `{"status_list":[2,5],"only_main_resource":1}`: true, `{"status_list":[6]}`: false,
		`{"only_main_resource":-1}`: false, `{"order_id":"CS2612030000000x"}`: false, `{"order_id":"CS26120300000012"}`: true,
		`{"expire_time_begin":"2026-12-01T00:00:00Z","expire_time_end":"2027-01-01T00:00:00Z"}`: true,
		`{"resource_ids":[""]}`: false, `{"offset":-1}`: false,
	} {
		var req listPayPerUseResourcesReq
		if err := decode([]byte(body), &req); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if _, err := payPerUseFilter(&req); (err == nil) != ok {
			t.Errorf("%s: %v", body, err)
		}
	}
	for body, ok := range map[string]bool{`{"status":1}`: true, `{"status":4}`: true, `{"status":0}`: false, `{"status":7}`: false,
		`{"effective_time_begin":"x"}`: false, `{"region_code":"cn-north-1"}`: true} {
		var req listOnDemandResourcesReq
		if err := decode([]byte(body), &req); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if _, err := onDemandFilter(&req); (err == nil) != ok {
			t.Errorf("%s: %v", body, err)
		}
	}
}

// FuzzResourceFilters: any body gives a filter in range or a CBC.0100, never a panic.
func FuzzResourceFilters(f *testing.F) {
	for _, s := range []string{`{}`, `{"status_list":[2,3,4,5],"resource_ids":["a"]}`, `{"only_main_resource":1,"order_id":"CS26120300000012"}`,
		`{"status":4,"limit":100}`, `{"expire_time_end":"2026-12-01T00:00:00+08:00"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var be *bssError
		var pp listPayPerUseResourcesReq
		if decode(body, &pp) == nil {
			if fl, err := payPerUseFilter(&pp); err != nil && !errors.As(err, &be) {
				t.Fatalf("pay per use: %v", err)
			} else if err == nil && (len(fl.PublicIDs) > maxResourceIDs || fl.Limit < 1 || fl.Limit > 100) {
				t.Fatalf("pay per use filter %+v", fl)
			}
		}
		var od listOnDemandResourcesReq
		if decode(body, &od) == nil {
			if fl, err := onDemandFilter(&od); err != nil && !errors.As(err, &be) {
				t.Fatalf("on demand: %v", err)
			} else if err == nil && (fl.Status < -1 || fl.Status > 5) {
				t.Fatalf("on demand filter %+v", fl)
			}
		}
	})
}
