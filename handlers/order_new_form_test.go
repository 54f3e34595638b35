package handlers

import (
	"net/url"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// orderFormCase is what parseOrderForm made of a query.
type orderFormCase struct {
	lines []views.OrderLineForm
	form  views.OrderForm
	in    models.OrderInput
}

func TestParseOrderForm(t *testing.T) {
	t.Parallel()
	disk := "mode=period&l1.service=hws.service.type.ebs&l1.spec=hws.resource.type.volume/GPSSD&l1.region=cn-north-1&l1.size=30&l1.period_type=2&l1.period_num=5&l1.quantity=1"
	for _, tc := range []struct {
		query string
		field string // the field refused, "" none
		check func(orderFormCase) bool
	}{
		{"", "", func(c orderFormCase) bool { // a first visit: the worked example
			p := c.in.Products[0]
			return len(c.in.Products) == 1 && c.in.Mode == models.ChargePeriod && p.Spec == "GPSSD" && p.Size == 30 && p.PeriodNum == 5 && p.Zone == "cn-north-1b"
		}},
		{"lang=en-US", "", func(c orderFormCase) bool { return len(c.in.Products) == 1 }},
		{disk, "", func(c orderFormCase) bool {
			p := c.in.Products[0]
			return p.ID == "1" && p.ResourceType == "hws.resource.type.volume" && p.Zone == "" && c.in.Expected == nil
		}},
		{disk + "&official=75.00", "", func(c orderFormCase) bool {
			return c.in.Expected != nil && c.in.Expected.Equal(models.Fen(7500).Decimal)
		}},
		{disk + "&official=7.5e1", "official", nil},
		{disk + "&official=75.001", "official", nil},
		{"mode=period", "lines", func(c orderFormCase) bool { return len(c.in.Products) == 0 }}, // every product removed
		{disk + "&add=1", "", func(c orderFormCase) bool {
			return len(c.in.Products) == 2 && c.in.Products[1].Size == 30 && c.in.Products[1].ID == "2"
		}},
		{"mode=period&add=1", "", func(c orderFormCase) bool { return len(c.in.Products) == 1 && c.in.Products[0].Spec == "GPSSD" }},
		{disk + "&remove=1", "lines", func(c orderFormCase) bool { return len(c.in.Products) == 0 }},
		{disk + "&remove=2", "", func(c orderFormCase) bool { return len(c.in.Products) == 1 }},
		{disk + "&remove=x", "", func(c orderFormCase) bool { return len(c.in.Products) == 1 }},
		// numbers with gaps are closed up, in order
		{strings.ReplaceAll(disk, "l1.", "l7.") + "&l3.size=40&l3.quantity=2&l3.period_type=2&l3.period_num=1", "", func(c orderFormCase) bool {
			return len(c.in.Products) == 2 && c.in.Products[0].Size == 40 && c.in.Products[1].Size == 30 && c.form.Lines[1].Spec == "hws.resource.type.volume/GPSSD"
		}},
		{strings.ReplaceAll(disk, "l1.", "l21."), "lines", nil},
		{strings.ReplaceAll(disk, "l1.", "l01."), "lines", nil}, // not a line's name: no line
		{disk + "&l1.bogus=1", "", nil},
		{strings.Replace(disk, "l1.size=30", "l1.size=%2B30", 1), "l1.size", nil},
		{strings.Replace(disk, "l1.size=30", "l1.size=", 1), "", func(c orderFormCase) bool { return c.in.Products[0].Size == 0 }},
		{strings.Replace(disk, "l1.period_num=5", "l1.period_num=-1", 1), "l1.period_num", nil},
		{strings.Replace(disk, "l1.quantity=1", "l1.quantity=1.5", 1), "l1.quantity", nil},
		{strings.Replace(disk, "l1.quantity=1", "l1.quantity=", 1), "l1.quantity", nil},
		{strings.Replace(disk, "mode=period", "mode=yearly", 1), "mode", nil},
		{strings.Replace(disk, "mode=period", "mode=demand", 1) + "&l1.usage_value=1.5&l1.usage_unit=4", "", func(c orderFormCase) bool {
			p := c.in.Products[0]
			return c.in.Mode == models.ChargeOnDemand && p.UsageValue.String() == "1.5" && p.UsageMeasureID == 4 && p.PeriodNum == 0
		}},
		{strings.Replace(disk, "mode=period", "mode=demand", 1) + "&l1.usage_value=1e3&l1.usage_unit=4", "l1.usage_value", nil},
		{strings.Replace(disk, "mode=period", "mode=demand", 1) + "&l1.usage_value=1&l1.usage_unit=0", "l1.usage_unit", nil},
		{strings.Replace(disk, "l1.region=cn-north-1", "l1.region="+strings.Repeat("x", 65), 1), "l1.region", nil},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		form, in, errs := parseOrderForm(q)
		if tc.field != "" && errs[tc.field] == "" || tc.field == "" && len(errs) > 0 {
			t.Errorf("%q: errors %v, want on %q", tc.query, errs, tc.field)
		}
		if tc.check != nil && !tc.check(orderFormCase{form.Lines, form, in}) {
			t.Errorf("%q: %+v", tc.query, in)
		}
		if len(in.Products) != len(form.Lines) {
			t.Errorf("%q: %d products of %d lines", tc.query, len(in.Products), len(form.Lines))
		}
	}
}

// FuzzParseOrderForm: any query parses without a panic into at most maxOrderLines products, one
// per line kept; a form without errors has products the domain can check, and values that fit.
func FuzzParseOrderForm(f *testing.F) {
	for _, s := range []string{"", "mode=period&l1.size=30&l1.quantity=1&l1.period_type=2&l1.period_num=5",
		"mode=demand&l2.usage_value=0.5&l2.usage_unit=4&l2.quantity=1&add=1", "l5.size=-1&remove=1", "official=75.00&l1.spec=a/b", "l999999.spec=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		form, in, errs := parseOrderForm(q)
		if len(in.Products) != len(form.Lines) || len(form.Lines) > maxOrderLines {
			t.Fatalf("%q: %d products, %d lines", s, len(in.Products), len(form.Lines))
		}
		if len(errs) > 0 {
			return
		}
		if len(in.Products) == 0 {
			t.Fatalf("%q accepted without a product", s)
		}
		for i, p := range in.Products {
			if p.Quantity < 0 || p.Size < 0 || p.PeriodNum < 0 || len(form.Lines[i].Spec) > maxInquiryValue {
				t.Fatalf("%q accepted as %+v", s, p)
			}
		}
		if in.Mode != models.ChargePeriod && in.Mode != models.ChargeOnDemand {
			t.Fatalf("%q: mode %d", s, in.Mode)
		}
	})
}
