package handlers

import (
	"net/url"
	"testing"

	"partnerhub/models"
)

func TestParseInquiry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		query string
		field string // the field refused, "" none
		check func(models.Inquiry) bool
	}{
		{"", "", func(in models.Inquiry) bool { // the worked example
			p := in.Products[0]
			return in.Mode == models.ChargePeriod && p.Spec == "GPSSD" && p.Size == 30 && p.PeriodNum == 5 && p.Quantity == 1 && p.Zone == "cn-north-1b"
		}},
		{"mode=demand&usage_value=1.5&usage_unit=5", "", func(in models.Inquiry) bool {
			p := in.Products[0]
			return in.Mode == models.ChargeOnDemand && p.UsageValue.String() == "1.5" && p.UsageMeasureID == 5
		}},
		{"size=%2B30", "size", nil},
		{"size=3e1", "size", nil},
		{"size=9999999999", "size", nil},
		{"size=", "", func(in models.Inquiry) bool { return in.Products[0].Size == 0 }},
		{"period_num=-1", "period_num", nil},
		{"period_num=", "period_num", nil},
		{"quantity=1.5", "quantity", nil},
		{"mode=yearly", "mode", nil},
		{"mode=demand&usage_value=1e3", "usage_value", nil},
		{"mode=demand&usage_value=", "usage_value", nil},
		{"mode=demand&usage_unit=0", "usage_unit", nil},
		{"customer=007", "customer", nil},
		{"customer=12", "", func(in models.Inquiry) bool { return in.CustomerID == 12 }},
		{"cq=acme&customer=12", "", func(in models.Inquiry) bool { return in.CustomerID == 0 }}, // picked among matches
		{"cq=acme&pick=13&customer=12", "", func(in models.Inquiry) bool { return in.CustomerID == 13 }},
		{"spec=GPSSD", "", func(in models.Inquiry) bool {
			return in.Products[0].ResourceType == "GPSSD" && in.Products[0].Spec == ""
		}},
		{"region=" + string(make([]byte, 65)), "region", nil},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		_, in, errs := parseInquiry(q)
		if tc.field != "" && errs[tc.field] == "" || tc.field == "" && len(errs) > 0 {
			t.Errorf("%q: errors %v, want on %q", tc.query, errs, tc.field)
		}
		if tc.check != nil && !tc.check(in) {
			t.Errorf("%q: %+v", tc.query, in.Products[0])
		}
	}
}

// FuzzParseInquiry: any query parses without a panic into one product, and a form without
// errors has the counts the domain expects to check.
func FuzzParseInquiry(f *testing.F) {
	for _, s := range []string{"", "size=30&period_num=5", "mode=demand&usage_value=0.5&usage_unit=4", "customer=1&cq=x", "size=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		form, in, errs := parseInquiry(q)
		if len(in.Products) != 1 {
			t.Fatal("not one product")
		}
		if len(errs) == 0 && (in.Products[0].Quantity < 0 || in.Products[0].Size < 0 || len(form.Spec) > maxInquiryValue) {
			t.Fatalf("%q accepted as %+v", s, in.Products[0])
		}
	})
}
