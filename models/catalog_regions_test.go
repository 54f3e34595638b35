package models

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// Every refusal of a region's or a zone's code and names, by the field it names.
func TestCatalogRegionRules(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx, op := context.Background(), actor(t, db, "operator")
	names := func(in PlaceInput) PlaceInput { in.NameZH, in.NameEN = "华北-测试", "CN North-Test"; return in }
	for _, tc := range []struct {
		name  string
		zone  bool
		in    PlaceInput
		field string
		err   error
	}{
		{"region code empty", false, names(PlaceInput{Code: ""}), "code", ErrRegionCode},
		{"region code upper", false, names(PlaceInput{Code: "CN-North-9"}), "code", ErrRegionCode},
		{"region code digit first", false, names(PlaceInput{Code: "1cn"}), "code", ErrRegionCode},
		{"region code ends in hyphen", false, names(PlaceInput{Code: "cn-north-"}), "code", ErrRegionCode},
		{"region code space", false, names(PlaceInput{Code: "cn north"}), "code", ErrRegionCode},
		{"region code taken", false, names(PlaceInput{Code: "cn-north-1"}), "code", ErrCodeTaken},
		{"no Chinese name", false, PlaceInput{Code: "cn-west-9", NameEN: "x"}, "name_zh", ErrNameNeeded},
		{"no English name", false, PlaceInput{Code: "cn-west-9", NameZH: "西"}, "name_en", ErrNameNeeded},
		{"hidden character", false, PlaceInput{Code: "cn-west-9", NameZH: "西\u202e", NameEN: "x"}, "name_zh", ErrTextInvalid},
		{"name too long", false, PlaceInput{Code: "cn-west-9", NameZH: "西", NameEN: strings.Repeat("a", 65)}, "name_en", ErrTextTooLong},
		{"zone of no region", true, names(PlaceInput{Region: "mars-1", Code: "mars-1a"}), "region", ErrUnknownRegion},
		{"zone not of its region", true, names(PlaceInput{Region: "cn-north-1", Code: "cn-east-3z"}), "code", ErrZoneCode},
		{"zone suffix too long", true, names(PlaceInput{Region: "cn-north-1", Code: "cn-north-1abcde"}), "code", ErrZoneCode},
		{"zone suffix upper", true, names(PlaceInput{Region: "cn-north-1", Code: "cn-north-1Z"}), "code", ErrZoneCode},
		{"zone code taken", true, names(PlaceInput{Region: "cn-north-1", Code: "cn-north-1b"}), "code", ErrCodeTaken},
	} {
		var err error
		if tc.zone {
			_, err = CreateZone(ctx, db, op, tc.in)
		} else {
			_, err = CreateRegion(ctx, db, op, tc.in)
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.err) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// A new region and zone are in the catalog at once (the cache dropped), audited; renaming keeps
// the code; a partner may do none of it.
func TestCatalogRegionMaintenance(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx, op := context.Background(), actor(t, db, "operator")
	if _, err := LoadCatalog(ctx, db); err != nil { // cached before the change
		t.Fatal(err)
	}
	r, err := CreateRegion(ctx, db, op, PlaceInput{Code: "cn-west-9", NameZH: " 西部九 ", NameEN: "CN West 9"})
	if err != nil || r.NameZH != "西部九" {
		t.Fatalf("create region: %+v, %v", r, err)
	}
	z, err := CreateZone(ctx, db, op, PlaceInput{Region: "cn-west-9", Code: "cn-west-9a", NameZH: "可用区1", NameEN: "AZ1"})
	if err != nil || z.RegionID != r.ID {
		t.Fatalf("create zone: %+v, %v", z, err)
	}
	if _, err := RenameZone(ctx, db, op, z.ID, PlaceInput{Code: "ignored", NameZH: "可用区一", NameEN: "AZ 1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := RenameRegion(ctx, db, op, r.ID, PlaceInput{NameZH: "西部九区", NameEN: "CN West Nine"}); err != nil {
		t.Fatal(err)
	}
	cat, _ := LoadCatalog(ctx, db)
	if zs := cat.Zones("cn-west-9"); len(zs) != 1 || zs[0].Code != "cn-west-9a" || zs[0].NameEN != "AZ 1" {
		t.Errorf("the catalog's zones of cn-west-9: %+v", zs)
	}
	if reg := cat.Region("cn-west-9"); reg == nil || reg.NameEN != "CN West Nine" {
		t.Errorf("the catalog's region: %+v", reg)
	}
	var n int64
	db.Model(&AuditRecord{}).Where("action IN ?", []string{"catalog.region", "catalog.zone"}).Count(&n)
	if n != 4 {
		t.Errorf("%d audit records", n)
	}
	if _, err := RenameRegion(ctx, db, op, 999999, PlaceInput{NameZH: "x", NameEN: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown region: %v", err)
	}
	p := actor(t, db, "provider")
	if _, err := CreateRegion(ctx, db, p, PlaceInput{Code: "cn-west-8", NameZH: "x", NameEN: "x"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner adds a region: %v", err)
	}
	if _, err := RenameZone(ctx, db, p, z.ID, PlaceInput{NameZH: "x", NameEN: "x"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner renames a zone: %v", err)
	}
}

// The codes' shapes take only what a URL, a CSV cell and the API carry as is.
func FuzzPlaceCodes(f *testing.F) {
	f.Add("cn-north-1", "cn-north-1a")
	f.Add("", "-")
	f.Fuzz(func(t *testing.T, region, zone string) {
		if regionCode(region) && (strings.Trim(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || len(region) > 32) {
			t.Fatalf("region code %q", region)
		}
		if zoneCode(region, zone) && (!strings.HasPrefix(zone, region) || strings.Trim(zone[len(region):], "abcdefghijklmnopqrstuvwxyz0123456789") != "") {
			t.Fatalf("zone code %q of %q", zone, region)
		}
	})
}
