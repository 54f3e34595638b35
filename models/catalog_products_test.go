package models

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// Every refusal of the products' maintenance, by the field it names.
func TestCatalogProductRules(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx, op := context.Background(), actor(t, db, "operator")
	named := func(in ProductInput) ProductInput { in.NameZH, in.NameEN = "测试服务", "Test service"; return in }
	spec := func(in SpecInput) SpecInput {
		in.ProductInput = named(in.ProductInput)
		if in.Parent == "" {
			in.Parent = "hws.resource.type.volume"
		}
		return in
	}
	linear := SpecInput{ProductInput: ProductInput{Code: "X1"}, Period: true, Linear: true, SizeMin: 10, SizeMax: 100, SizeStep: 10, SizeMeasureID: 17}
	for _, tc := range []struct {
		name  string
		do    func() error
		field string
		err   error
	}{
		{"service code empty", func() error { _, err := CreateServiceType(ctx, db, op, named(ProductInput{})); return err }, "code", ErrServiceCode},
		{"service code upper", func() error {
			_, err := CreateServiceType(ctx, db, op, named(ProductInput{Code: "HWS.service"}))
			return err
		}, "code", ErrServiceCode},
		{"service code taken", func() error {
			_, err := CreateServiceType(ctx, db, op, named(ProductInput{Code: "hws.service.type.ebs"}))
			return err
		}, "code", ErrCodeTaken},
		{"service without names", func() error {
			_, err := CreateServiceType(ctx, db, op, ProductInput{Code: "hws.service.type.x"})
			return err
		}, "name_zh", ErrNameNeeded},
		{"abbreviation too long", func() error {
			_, err := CreateServiceType(ctx, db, op, named(ProductInput{Code: "hws.service.type.x", Abbreviation: strings.Repeat("A", 33)}))
			return err
		}, "abbreviation", ErrTextTooLong},
		{"resource type of no service", func() error {
			_, err := CreateResourceType(ctx, db, op, named(ProductInput{Parent: "hws.service.type.none", Code: "hws.resource.type.x"}))
			return err
		}, "parent", ErrUnknownServiceType},
		{"spec of no resource type", func() error {
			_, err := CreateSpec(ctx, db, op, spec(SpecInput{ProductInput: ProductInput{Parent: "hws.resource.type.none", Code: "X"}, Period: true}))
			return err
		}, "parent", ErrUnknownResourceType},
		{"spec code with a space", func() error {
			_, err := CreateSpec(ctx, db, op, spec(SpecInput{ProductInput: ProductInput{Code: "X 1"}, Period: true}))
			return err
		}, "code", ErrSpecCode},
		{"spec code taken", func() error {
			_, err := CreateSpec(ctx, db, op, spec(SpecInput{ProductInput: ProductInput{Code: "GPSSD"}, Period: true}))
			return err
		}, "code", ErrCodeTaken},
		{"spec sold in no mode", func() error {
			_, err := CreateSpec(ctx, db, op, spec(SpecInput{ProductInput: ProductInput{Code: "X"}}))
			return err
		}, "modes", ErrSpecModes},
		{"on demand without a usage", func() error {
			_, err := CreateSpec(ctx, db, op, spec(SpecInput{ProductInput: ProductInput{Code: "X"}, OnDemand: true}))
			return err
		}, "usage_type", ErrSpecUsage},
		{"on demand by another type's usage", func() error {
			_, err := CreateSpec(ctx, db, op, spec(SpecInput{ProductInput: ProductInput{Code: "X"}, OnDemand: true, UsageType: "upflow"}))
			return err
		}, "usage_type", ErrSpecUsage},
		{"sizes upside down", func() error {
			in := linear
			in.SizeMax = 5
			_, err := CreateSpec(ctx, db, op, spec(in))
			return err
		}, "size", ErrSpecSizes},
		{"size step zero", func() error {
			in := linear
			in.SizeStep = 0
			_, err := CreateSpec(ctx, db, op, spec(in))
			return err
		}, "size", ErrSpecSizes},
		{"size in hours", func() error {
			in := linear
			in.SizeMeasureID = 4
			_, err := CreateSpec(ctx, db, op, spec(in))
			return err
		}, "size_measure_id", ErrSpecSizes},
	} {
		err := tc.do()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.err) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if _, err := CreateServiceType(ctx, db, actor(t, db, "provider"), named(ProductInput{Code: "hws.service.type.x"})); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner adds a service: %v", err)
	}
}

// A service, a resource type and a spec made, corrected, priced and audited; a mode with prices
// stays.
func TestCatalogProductMaintenance(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx, op := context.Background(), actor(t, db, "operator")
	s, err := CreateServiceType(ctx, db, op, ProductInput{Code: "hws.service.type.sfs", NameZH: "弹性文件服务", NameEN: "Scalable File Service", Abbreviation: "SFS"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := CreateResourceType(ctx, db, op, ProductInput{Parent: s.Code, Code: "hws.resource.type.sfs", NameZH: "文件系统", NameEN: "File system"})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := CreateSpec(ctx, db, op, SpecInput{ProductInput: ProductInput{Parent: r.Code, Code: "sfs.capacity", NameZH: "容量型", NameEN: "Capacity"},
		Period: true, Linear: true, SizeMin: 100, SizeMax: 1000, SizeStep: 100, SizeMeasureID: 17})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := LoadCatalog(ctx, db)
	if err != nil || cat.Spec(r.Code, "sfs.capacity") == nil || cat.ServiceTypeByID(s.ID) == nil {
		t.Fatalf("the catalog does not list what was made: %v", err)
	}
	if _, err := EditServiceType(ctx, db, op, s.ID, ProductInput{NameZH: "弹性文件服务 SFS", NameEN: "SFS", Marketplace: true}); err != nil {
		t.Fatal(err)
	}
	if cat, _ := LoadCatalog(ctx, db); !cat.ServiceTypeByID(s.ID).Marketplace || cat.ServiceTypeByID(s.ID).Code != s.Code {
		t.Error("the service's edit is not in the catalog, or changed its code")
	}
	if _, err := RenameResourceType(ctx, db, op, r.ID, ProductInput{NameZH: "文件系统 2", NameEN: "File system 2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := EditSpec(ctx, db, op, sp.ID, SpecInput{ProductInput: ProductInput{NameZH: "容量型", NameEN: "Capacity"}, OnDemand: true}); !errors.Is(err, ErrSpecUsage) {
		t.Errorf("on demand with no usage type of its own: %v", err)
	}
	// GPSSD has prices yearly/monthly and on demand: neither mode can go
	gpssd := cat.Spec("hws.resource.type.volume", "GPSSD")
	_, err = EditSpec(ctx, db, op, gpssd.ID, SpecInput{ProductInput: ProductInput{NameZH: "通用型SSD", NameEN: "GP SSD"}, Period: true})
	if !errors.Is(err, ErrSpecPriced) {
		t.Errorf("dropping a priced mode: %v", err)
	}
	got, err := EditSpec(ctx, db, op, gpssd.ID, SpecInput{ProductInput: ProductInput{NameZH: "通用型SSD", NameEN: "GP SSD"}, Period: true, OnDemand: true, UsageType: "Duration"})
	if err != nil || got.NameEN != "GP SSD" || got.SizeMin != 10 || got.UsageTypeID != gpssd.UsageTypeID {
		t.Errorf("renaming GPSSD: %+v %v", got, err)
	}
	var n int64
	db.Model(&AuditRecord{}).Where("action IN ?", []string{"catalog.service", "catalog.resource_type", "catalog.spec"}).Count(&n)
	if n != 6 {
		t.Errorf("%d audit records, want 6", n)
	}
	if _, err := EditSpec(ctx, db, op, 1<<40, SpecInput{ProductInput: ProductInput{NameZH: "x", NameEN: "x"}, Period: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such spec: %v", err)
	}
}
