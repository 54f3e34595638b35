package models

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseUnitPrice(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"0.5", "0.50"}, {" 12 ", "12.00"}, {"0", "0.00"}, {"0.00000001", "0.00000001"}, {"0.12345678", "0.12345678"},
		{"10000000000", "10000000000.00"},
		{"0.123456789", ""}, {"-1", ""}, {"-0", ""}, {"abc", ""}, {"", ""}, {"1e3", ""}, {"+1", ""}, {"1.", ""}, {".5", ""},
		{"10000000000.01", ""}, {"1,000", ""}, {"¥1", ""}, {"NaN", ""}, {"0x10", ""}, {"1_000", ""},
	}
	for _, c := range cases {
		p, err := ParseUnitPrice(c.in)
		switch {
		case c.want == "" && !errors.Is(err, ErrInvalidPrice):
			t.Errorf("%q: %v %v, want ErrInvalidPrice", c.in, p, err)
		case c.want != "" && (err != nil || p.String() != c.want):
			t.Errorf("%q: %v %v, want %s", c.in, p, err, c.want)
		}
	}
}

func TestParsePercent(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"15", "15"}, {"12.5", "12.5"}, {"0.01", "0.01"}, {"100", "100"}, {"12.50 %", "12.5"},
		{"0", ""}, {"100.01", ""}, {"-5", ""}, {"12.345", ""}, {"", ""}, {"x", ""}, {"1e1", ""},
	}
	for _, c := range cases {
		p, err := ParsePercent(c.in)
		switch {
		case c.want == "" && !errors.Is(err, ErrInvalidRate):
			t.Errorf("%q: %v %v, want ErrInvalidRate", c.in, p, err)
		case c.want != "" && (err != nil || p.String() != c.want):
			t.Errorf("%q: %v %v, want %s", c.in, p, err, c.want)
		}
	}
}

func FuzzParseUnitPrice(f *testing.F) {
	for _, s := range []string{"0.5", "0.12345678", "-1", "1e3", "10000000000", "0.000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseUnitPrice(s)
		if err != nil {
			return
		}
		if _, err := p.Value(); err != nil || p.IsNegative() {
			t.Fatalf("%q parsed to %s, which cannot be stored: %v", s, p, err)
		}
		if back, err := ParseUnitPrice(p.String()); err != nil || !back.Equal(p.Decimal) {
			t.Fatalf("%q: %s does not parse back: %v", s, p, err)
		}
	})
}

func TestSetPrice(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	later := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
	in := SetPriceInput{Region: "cn-north-1", ResourceType: "hws.resource.type.volume", Spec: "GPSSD", Mode: PerMonth,
		UnitPrice: "0.55", EffectiveAt: later, Reason: "调价 price change"}
	v, err := SetPrice(ctx, db, op, in)
	if err != nil || v.RowCount != 1 || v.Source != "edit" {
		t.Fatalf("SetPrice: %+v %v", v, err)
	}
	a := actor(t, db, "provider")
	for at, want := range map[time.Time]string{time.Now().UTC(): "75", later: "82.5"} {
		q := inquire(t, db, a, Inquiry{At: at, Products: []InquiryProduct{workedExample()}})
		if q.Official.String() != want {
			t.Errorf("at %s: %s, want %s", at, q.Official, want)
		}
	}
	var n int64
	db.Model(&AuditRecord{}).Where("action = 'price.set' AND object_id = ?", v.ID).Count(&n)
	if n != 1 {
		t.Errorf("%d audit records", n)
	}
	cases := []struct {
		name  string
		actor Actor
		edit  func(*SetPriceInput)
		field string
		err   error
	}{
		{"a partner", a, func(*SetPriceInput) {}, "", ErrForbidden},
		{"no reason", op, func(in *SetPriceInput) { in.Reason = " " }, "reason", ErrReasonRequired},
		{"in the past", op, func(in *SetPriceInput) { in.EffectiveAt = time.Now().Add(-time.Hour) }, "effective_at", ErrEffectiveInPast},
		{"9 decimals", op, func(in *SetPriceInput) { in.UnitPrice = "0.123456789" }, "unit_price", ErrInvalidPrice},
		{"negative", op, func(in *SetPriceInput) { in.UnitPrice = "-1" }, "unit_price", ErrInvalidPrice},
		{"not a number", op, func(in *SetPriceInput) { in.UnitPrice = "cheap" }, "unit_price", ErrInvalidPrice},
		{"unchanged", op, func(*SetPriceInput) {}, "unit_price", ErrPriceUnchanged},
		{"mode not sold", op, func(in *SetPriceInput) { in.Spec, in.ResourceType = "obs.standard", "hws.resource.type.obs" }, "mode", ErrPriceMode},
		{"unknown region", op, func(in *SetPriceInput) { in.Region = "xx" }, "region", ErrUnknownRegion},
		{"unknown spec", op, func(in *SetPriceInput) { in.Spec = "NVME" }, "resource_spec", ErrUnknownSpec},
		{"control character in reason", op, func(in *SetPriceInput) { in.Reason = "a\x00b" }, "reason", ErrTextInvalid},
	}
	for _, c := range cases {
		e := in
		c.edit(&e)
		_, err := SetPrice(ctx, db, c.actor, e)
		var fe *FieldError
		if !errors.Is(err, c.err) || c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field) {
			t.Errorf("%s: %v, want %v on %q", c.name, err, c.err, c.field)
		}
	}
}

const priceHeader = "region,service_type,resource_type,resource_spec,mode,unit_price\n"

func TestPriceCSVRoundTrip(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	var out bytes.Buffer
	if err := ExportPrices(ctx, db, op, &out, testNow); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.50\n") {
		t.Fatalf("export lacks the worked example's price:\n%s", out.String()[:400])
	}
	p, err := PreviewPrices(ctx, db, op, bytes.NewReader(out.Bytes()), testNow)
	if err != nil || len(p.Changes) != 0 || len(p.Rejected) != 0 || p.Unchanged != strings.Count(out.String(), "\n")-1 {
		t.Fatalf("the export previews as changes: %+v %v", p, err)
	}
	edited := strings.Replace(out.String(), "GPSSD,month,0.50\n", "GPSSD,month,0.45\n", 1)
	at := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
	p, v, err := ImportPrices(ctx, db, op, strings.NewReader(edited), ImportPricesInput{EffectiveAt: at, Reason: "导入 import"})
	if err != nil || len(p.Changes) != 1 || p.Changes[0].Old.String() != "0.50" || p.Changes[0].New.String() != "0.45" || v.RowCount != 1 {
		t.Fatalf("import: %+v %+v %v", p, v, err)
	}
	q := inquire(t, db, actor(t, db, "provider"), Inquiry{At: at, Products: []InquiryProduct{workedExample()}})
	if q.Official.String() != "67.5" {
		t.Errorf("after the import: %s", q.Official)
	}
	if _, _, err := ImportPrices(ctx, db, op, strings.NewReader(edited), ImportPricesInput{EffectiveAt: at, Reason: "again"}); !errors.Is(err, ErrNothingToImport) {
		t.Errorf("the same file again: %v", err)
	}
}

func TestPriceCSVRefusals(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	file := priceHeader +
		"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.60\n" + // line 2: a change
		"cn-west-9,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.60\n" + // 3 region
		"cn-north-1,hws.service.type.nope,hws.resource.type.volume,GPSSD,month,0.60\n" + // 4 service_type
		"cn-north-1,hws.service.type.ec2,hws.resource.type.volume,GPSSD,month,0.60\n" + // 5 resource_type
		"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,NVME,month,0.60\n" + // 6 resource_spec
		"cn-north-1,hws.service.type.obs,hws.resource.type.obs,obs.standard,year,0.60\n" + // 7 mode
		"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,SAS,month,0.123456789\n" + // 8 unit_price
		"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,SAS,year,-3\n" + // 9 unit_price
		"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,SATA,month,abc\n" + // 10 unit_price
		"cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.70\n" // 11 duplicate of 2
	want := []struct {
		line int
		col  string
		err  error
	}{{3, "region", ErrUnknownRegion}, {4, "service_type", ErrUnknownServiceType}, {5, "resource_type", ErrUnknownResourceType},
		{6, "resource_spec", ErrUnknownSpec}, {7, "mode", ErrPriceMode}, {8, "unit_price", ErrInvalidPrice},
		{9, "unit_price", ErrInvalidPrice}, {10, "unit_price", ErrInvalidPrice}, {11, "resource_spec", ErrDuplicate}}
	p, err := PreviewPrices(ctx, db, op, strings.NewReader(file), time.Time{})
	if err != nil || len(p.Changes) != 1 || len(p.Rejected) != len(want) {
		t.Fatalf("preview: %+v %v", p, err)
	}
	for i, w := range want {
		r := p.Rejected[i]
		if r.Line != w.line || r.Column != w.col || !errors.Is(r.Err, w.err) {
			t.Errorf("refusal %d: %+v, want %+v", i, r, w)
		}
	}
	_, _, err = ImportPrices(ctx, db, op, strings.NewReader(file), ImportPricesInput{Reason: "x"})
	if !errors.Is(err, ErrPriceImportRows) {
		t.Errorf("import with refused rows: %v", err)
	}
	for name, f := range map[string]string{
		"header":   "region,spec\n",
		"fields":   priceHeader + "a,b\n",
		"quote":    priceHeader + "\"cn-north-1,x\n",
		"encoding": priceHeader + "cn-north-1,\xff\xfe,a,b,month,1\n",
		"empty":    "",
	} {
		if _, err := PreviewPrices(ctx, db, op, strings.NewReader(f), time.Time{}); !errors.Is(err, ErrBadCSV) {
			t.Errorf("%s: %v, want ErrBadCSV", name, err)
		}
	}
	if _, err := PreviewPrices(ctx, db, actor(t, db, "provider"), strings.NewReader(file), time.Time{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner previews: %v", err)
	}
}

// FuzzParsePriceCSV: whatever the file, parsing never panics, a refused file says a line, and
// every accepted row is a storable price of a spec sold in its mode.
func FuzzParsePriceCSV(f *testing.F) {
	f.Add(priceHeader + "cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.50\n")
	f.Add(priceHeader + "cn-north-1,hws.service.type.ebs,hws.resource.type.volume,GPSSD,month,0.5\r\n\"x\ny\",a,b,c,d,e\n")
	f.Add("\ufeff" + priceHeader + "cn-east-3,hws.service.type.vpc,hws.resource.type.bandwidth,19_bgp,demand,-1\n")
	cat := shippedCatalog()
	f.Fuzz(func(t *testing.T, s string) {
		rows, rejected, err := parsePriceCSV(strings.NewReader(s), cat)
		var ce *CSVError
		if err != nil {
			if !errors.As(err, &ce) || ce.Line < 1 {
				t.Fatalf("refusal without a line: %v", err)
			}
			return
		}
		for _, r := range rows {
			if _, err := r.UnitPrice.Value(); err != nil || !r.Spec.soldIn(r.Mode) || r.Region == nil || r.Line < 2 {
				t.Fatalf("accepted a bad row: %+v", r)
			}
		}
		for _, r := range rejected {
			if r.Line < 2 || !strings.Contains(strings.Join(PriceColumns, ","), r.Column) {
				t.Fatalf("refusal %+v", r)
			}
		}
	})
}

// shippedCatalog is the shipped catalog in memory, with ids in the data's order, as the seed
// would number it: for the fuzz target, which must not open a database per input.
func shippedCatalog() *catalog {
	c := &catalog{}
	ids := map[string]uint64{}
	for i, s := range catalogServices {
		c.services = append(c.services, &ServiceType{ID: uint64(i + 1), Code: s.code, Marketplace: s.marketplace})
		ids[s.code] = uint64(i + 1)
	}
	for i, r := range catalogResourceTypes {
		c.rtypes = append(c.rtypes, &ResourceType{ID: uint64(i + 1), Code: r.code, ServiceTypeID: ids[r.service]})
		ids[r.code] = uint64(i + 1)
	}
	for i, r := range catalogRegions {
		c.regions = append(c.regions, &Region{ID: uint64(i + 1), Code: r.code})
	}
	var specs []*ResourceSpec
	for i, s := range catalogSpecs {
		sp := specRow(s, ids[s.rtype], 0)
		sp.ID = uint64(i + 1)
		specs = append(specs, sp)
	}
	c.index(specs)
	return c
}

func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"15", "12.5 %", "0", "100.01", "-5", "1e1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePercent(s)
		if err != nil {
			return
		}
		if _, err := p.Value(); err != nil || !p.IsPositive() || p.GreaterThan(PercentOf(10000).Decimal) {
			t.Fatalf("%q parsed to %s, out of 0–100 %%: %v", s, p, err)
		}
	})
}
