package models

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestCatalogShipped(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	cat, err := LoadCatalog(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if mp := cat.ServiceType("hws.service.type.marketplace"); mp == nil || !mp.Marketplace {
		t.Errorf("no flagged marketplace service: %+v", mp)
	}
	if got := len(cat.Zones("cn-north-1")); got != 3 || len(cat.Regions()) != 4 {
		t.Errorf("%d zones of cn-north-1, %d regions", got, len(cat.Regions()))
	}
	evs := cat.Spec("hws.resource.type.volume", "GPSSD")
	if evs == nil || !evs.Linear || evs.SizeMin != 10 || evs.SizeMax != 32768 || evs.SizeMeasureID != 17 || !evs.Period || !evs.OnDemand {
		t.Errorf("GPSSD %+v", evs)
	}
	for id, name := range map[uint64]string{17: "GB", 15: "Mbps", 14: "Count", 10: "GB"} {
		if u := cat.MeasureUnit(id); u == nil || u.Name("en_US") != name {
			t.Errorf("measure %d: %+v", id, u)
		}
	}
	if !slices.Equal(ServiceTypes, []string{"hws.service.type.ec2", "hws.service.type.ebs", "hws.service.type.vpc", "hws.service.type.obs"}) {
		t.Errorf("coupon service types %v", ServiceTypes)
	}
}

func TestListResourceSpecs(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	q := SpecQuery{ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Region: "cn-north-1", Mode: ChargePeriod, Limit: 2}
	var codes []string
	for pages := 0; pages < 10; pages++ {
		page, err := ListResourceSpecs(ctx, db, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Specs {
			codes = append(codes, s.Code)
		}
		if page.Next == "" {
			break
		}
		q.Marker = page.Next
	}
	if len(codes) != 5 || codes[0] != "s6.large.2.linux" {
		t.Errorf("specs %v", codes)
	}
	one := SpecQuery{ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Region: "cn-east-3", Mode: ChargeOnDemand, Spec: "SSD"}
	if page, err := ListResourceSpecs(ctx, db, one); err != nil || len(page.Specs) != 1 || page.Specs[0].Code != "SSD" {
		t.Errorf("one spec: %+v %v", page, err)
	}
	for field, q := range map[string]SpecQuery{
		"cloud_service_type": {ServiceType: "x", ResourceType: "hws.resource.type.vm", Region: "cn-north-1", Mode: 1},
		"resource_type":      {ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.vm", Region: "cn-north-1", Mode: 1},
		"region_code":        {ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Region: "x", Mode: 1},
		"charge_mode":        {ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Region: "cn-north-1", Mode: 2},
		"marker":             {ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Region: "cn-north-1", Mode: 1, Marker: "x"},
		"limit":              {ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Region: "cn-north-1", Mode: 1, Limit: 101},
	} {
		var fe *FieldError
		if _, err := ListResourceSpecs(ctx, db, q); !errors.As(err, &fe) || fe.Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestListPricesAndHistory(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	rows, next, err := ListPrices(ctx, db, op, PriceQuery{Search: "ssd", Region: "cn-north-1", Mode: PerMonth, At: testNow})
	if err != nil || next != 0 || len(rows) != 2 { // GPSSD, SSD
		t.Fatalf("%d rows, next %d, %v", len(rows), next, err)
	}
	var ssd PriceListRow
	for _, r := range rows {
		if r.Spec.Code == "SSD" {
			ssd = r
		}
	}
	if ssd.Price == nil || ssd.Price.UnitPrice.String() != "0.90" {
		t.Fatalf("SSD %+v", ssd.Price)
	}
	_, hist, err := PriceHistory(ctx, db, op, ssd.KeyID)
	if err != nil || len(hist) != 2 || hist[0].Price.UnitPrice.String() != "0.90" || hist[1].Version.Source != "seed" {
		t.Errorf("history %+v %v", hist, err)
	}
	all, next, err := ListPrices(ctx, db, op, PriceQuery{Limit: 7})
	if err != nil || len(all) != 7 || next != all[6].KeyID {
		t.Errorf("page of 7: %d, next %d, %v", len(all), next, err)
	}
	if _, _, err := ListPrices(ctx, db, actor(t, db, "provider"), PriceQuery{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner lists the price list: %v", err)
	}
	if vs, err := PriceVersions(ctx, db, op, 0); err != nil || len(vs) != 3 {
		t.Errorf("versions %d %v", len(vs), err)
	}
}

func TestAreas(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	provinces, n, err := Areas(ctx, db, Province, "", 0, 100)
	if err != nil || n != 31 || len(provinces) != 31 || provinces[0].NameZH != "北京市" {
		t.Fatalf("%d provinces (%d) %v", len(provinces), n, err)
	}
	cities, _, _ := Areas(ctx, db, City, "440000", 0, 100)
	counties, _, _ := Areas(ctx, db, County, "110100", 0, 100)
	if len(cities) != 4 || len(counties) != 16 || counties[0].Name("en") != "Dongcheng" {
		t.Errorf("%d cities of Guangdong, %d districts of Beijing", len(cities), len(counties))
	}
}
