package models

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Loading the shipped catalog (catalog_data.go), the administrative areas (area_data.go) and the
// catalog's reference price list into a new database. The data and the price keys are the
// domain's, so the loading stays beside them; the seed worlds (package seed) call it.

// InstallCatalog loads the shipped catalog and the areas into an empty catalog.
func InstallCatalog(tx *gorm.DB) error {
	defer invalidateCatalog(tx)
	services := map[string]uint64{}
	for _, s := range catalogServices {
		st := ServiceType{Code: s.code, NameZH: s.zh, NameEN: s.en, Abbreviation: s.abbr, Marketplace: s.marketplace}
		if err := tx.Create(&st).Error; err != nil {
			return err
		}
		services[s.code] = st.ID
	}
	rtypes := map[string]uint64{}
	for _, r := range catalogResourceTypes {
		rt := ResourceType{Code: r.code, ServiceTypeID: services[r.service], NameZH: r.zh, NameEN: r.en, DescZH: r.descZH, DescEN: r.descEN}
		if err := tx.Create(&rt).Error; err != nil {
			return err
		}
		rtypes[r.code] = rt.ID
	}
	if err := seedPlaces(tx); err != nil {
		return err
	}
	units, convs := append([]MeasureUnit(nil), catalogUnits...), append([]Conversion(nil), catalogConversions...)
	if err := tx.Create(&units).Error; err != nil {
		return err
	}
	if err := tx.Create(&convs).Error; err != nil {
		return err
	}
	usages := map[string]uint64{}
	for _, u := range catalogUsageTypes {
		ut := UsageType{Code: u.code, ResourceTypeID: rtypes[u.rtype], NameZH: u.zh, NameEN: u.en, MeasureID: u.measure}
		if err := tx.Create(&ut).Error; err != nil {
			return err
		}
		usages[u.rtype+" "+u.code] = ut.ID
	}
	for _, s := range catalogSpecs {
		if err := tx.Create(specRow(s, rtypes[s.rtype], usages[s.rtype+" "+s.usage])).Error; err != nil {
			return err
		}
	}
	return seedAreas(tx)
}

func specRow(s specData, rtype, usage uint64) *ResourceSpec {
	return &ResourceSpec{Code: s.code, ResourceTypeID: rtype, NameZH: s.zh, NameEN: s.en,
		Period: s.month != "", OnDemand: s.demand != "", Linear: s.linear, SizeMin: s.min, SizeMax: s.max,
		SizeStep: s.step, SizeMeasureID: s.sizeMeasure, UsageTypeID: usage}
}

// seedPlaces loads the regions and their zones a, b and c (可用区1–3).
func seedPlaces(tx *gorm.DB) error {
	for _, r := range catalogRegions {
		region := Region{Code: r.code, NameZH: r.zh, NameEN: r.en}
		if err := tx.Create(&region).Error; err != nil {
			return err
		}
		for i, az := range []string{"a", "b", "c"} {
			n := string(rune('1' + i))
			z := Zone{Code: r.code + az, RegionID: region.ID, NameZH: r.zh + " 可用区" + n, NameEN: r.en + " AZ" + n}
			if err := tx.Create(&z).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// seedAreas loads areaData.
func seedAreas(tx *gorm.DB) error {
	var areas []Area
	for _, line := range strings.Split(areaData, "\n") {
		f := strings.Split(line, "|")
		a := Area{Code: f[0], NameZH: f[1], NameEN: f[2], Level: 3, ParentCode: f[0][:4] + "00"}
		switch {
		case strings.HasSuffix(f[0], "0000"):
			a.Level, a.ParentCode = 1, ""
		case strings.HasSuffix(f[0], "00"):
			a.Level, a.ParentCode = 2, f[0][:2]+"0000"
		}
		areas = append(areas, a)
	}
	return tx.CreateInBatches(&areas, 100).Error
}

// InstallPriceList adds the reference price list with its history as of now: the list as it first
// took effect, a cut in the price of ultra-high I/O disks since, and a rise of an ECS flavor
// announced for next month. The worked example
// (GPSSD, 0.50 a GB-month in cn-north-1) is the same in all three.
func InstallPriceList(tx *gorm.DB, now time.Time) error {
	day := time.Date(now.In(BusinessZone).Year(), now.In(BusinessZone).Month(), now.In(BusinessZone).Day(), 0, 0, 0, 0, BusinessZone).UTC()
	first := day.AddDate(0, -4, 0) // before the demo's three closed bill cycles (seed/seed_bills.go)
	if err := seedVersion(tx, first, "初始价格表 Initial price list", func(s specData, m PriceMode) string { return s.priceOf(m) }); err != nil {
		return err
	}
	cut := func(s specData, m PriceMode) string {
		if s.code != "SSD" {
			return ""
		}
		return map[PriceMode]string{PerMonth: "0.90", PerYear: "9.00", PerDemand: "0.00125"}[m]
	}
	if err := seedVersion(tx, day.AddDate(0, 0, -10), "超高IO降价 Ultra-high I/O price cut", cut); err != nil {
		return err
	}
	rise := func(s specData, m PriceMode) string {
		if s.code != "s6.large.2.linux" {
			return ""
		}
		return map[PriceMode]string{PerMonth: "150.00", PerYear: "1500.00"}[m]
	}
	return seedVersion(tx, day.AddDate(0, 1, 0), "s6 调价 s6 price change", rise)
}

// priceOf is the spec's cn-north-1 price in mode ("" if not sold so).
func (s specData) priceOf(m PriceMode) string {
	return map[PriceMode]string{PerMonth: s.month, PerYear: s.year, PerDemand: s.demand}[m]
}

// seedVersion adds a version, effective at at, of the prices price gives ("" unchanged), in every
// region at its factor.
func seedVersion(tx *gorm.DB, at time.Time, reason string, price func(specData, PriceMode) string) error {
	cat, err := readCatalog(tx)
	if err != nil {
		return err
	}
	v := PriceVersion{EffectiveAt: at, Reason: reason, Source: "seed", CreatedAt: at}
	if err := tx.Create(&v).Error; err != nil {
		return err
	}
	var rows []Price
	for _, s := range catalogSpecs {
		spec := cat.specs[specRef{cat.rtypeCode[s.rtype].ID, s.code}]
		for _, m := range PriceModes {
			p := price(s, m)
			if p == "" {
				continue
			}
			for _, r := range cat.regions {
				key, err := ensurePriceKey(tx, spec, r.ID, m)
				if err != nil {
					return err
				}
				rows = append(rows, Price{KeyID: key.ID, EffectiveAt: at, VersionID: v.ID, UnitPrice: regionalPrice(p, r.Code)})
			}
		}
	}
	if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
		return err
	}
	return tx.Model(&v).Update("row_count", len(rows)).Error
}

// regionalPrice is a cn-north-1 price in region, kept to 8 places.
func regionalPrice(p, region string) UnitPrice {
	d := decimal.RequireFromString(p).Mul(decimal.New(regionFactor[region], -2))
	return UnitPrice{d.Round(UnitPricePlaces)}
}
