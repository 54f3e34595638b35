package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The bench world's price list: generated ECS flavors priced by the month in every region, and a
// history of versions each of which reprices every one of them, so that a price lookup descends
// the deepest history the world has (100 versions) and ListResourceSpecs pages over hundreds of
// specs. Deterministic.

// benchSpecPrefix marks the generated specs: a world that has them has its price history.
const benchSpecPrefix = "bench"

// SeedPriceHistory adds rows prices in versions versions (the last effective a day before now)
// to a world with the demo catalog, unless it has them already.
func SeedPriceHistory(ctx context.Context, db *gorm.DB, rows, versions int, now time.Time) error {
	if rows <= 0 || versions <= 0 {
		return nil
	}
	db = db.WithContext(ctx)
	var n int64
	if err := db.Model(&ResourceSpec{}).Where("code LIKE ?", benchSpecPrefix+"%").Count(&n).Error; err != nil || n > 0 {
		return err
	}
	defer invalidateCatalog(db)
	return db.Transaction(func(tx *gorm.DB) error {
		cat, err := readCatalog(tx)
		if err != nil {
			return err
		}
		keys, err := benchKeys(tx, cat, (rows+versions-1)/versions)
		if err != nil {
			return err
		}
		return benchVersions(tx, keys, rows, versions, now)
	})
}

// benchKeys makes the specs, spread over the regions, and their month keys: perVersion keys.
func benchKeys(tx *gorm.DB, cat *catalog, perVersion int) ([]PriceKey, error) {
	vm := cat.rtypeCode["hws.resource.type.vm"]
	duration := uint64(0)
	for _, u := range cat.usages {
		if u.ResourceTypeID == vm.ID && u.Code == "Duration" {
			duration = u.ID
		}
	}
	nSpecs := (perVersion + len(cat.regions) - 1) / len(cat.regions)
	specs := make([]ResourceSpec, nSpecs)
	for i := range specs {
		specs[i] = ResourceSpec{Code: fmt.Sprintf("%s%04d.large.2.linux", benchSpecPrefix, i), ResourceTypeID: vm.ID,
			NameZH: fmt.Sprintf("压测规格 %d", i), NameEN: fmt.Sprintf("Bench flavor %d", i), Period: true, OnDemand: true, UsageTypeID: duration}
	}
	if err := tx.CreateInBatches(&specs, 200).Error; err != nil {
		return nil, err
	}
	keys := make([]PriceKey, 0, perVersion)
	for i := 0; len(keys) < perVersion; i++ {
		keys = append(keys, PriceKey{SpecID: specs[i/len(cat.regions)].ID, RegionID: cat.regions[i%len(cat.regions)].ID,
			Mode: PerMonth, ResourceTypeID: vm.ID})
	}
	return keys, tx.CreateInBatches(&keys, 500).Error
}

// benchVersions adds the versions, a day apart, each repricing every key (rows in all).
func benchVersions(tx *gorm.DB, keys []PriceKey, rows, versions int, now time.Time) error {
	first := now.UTC().Truncate(time.Hour).AddDate(0, 0, -versions)
	ids := make([]uint64, versions)
	for v := range versions {
		pv := PriceVersion{EffectiveAt: first.AddDate(0, 0, v), Reason: fmt.Sprintf("压测价格 %d bench prices", v+1), Source: "seed",
			RowCount: min(len(keys), rows-v*len(keys)), CreatedAt: first.AddDate(0, 0, v)}
		if err := tx.Create(&pv).Error; err != nil {
			return err
		}
		ids[v] = pv.ID
	}
	// GORM's batches, not the bulk loader: 100,000 rows take a second or two, and the bulk loader
	// is the store's to move
	prices := make([]Price, rows)
	for i := range prices {
		v, k := i/len(keys), keys[i%len(keys)]
		// 100.00–199.99 yuan a month, a few fen more each version
		units := (10000 + int64(k.ID*7919%10000) + int64(v)*3) * 1_000_000
		prices[i] = Price{KeyID: k.ID, EffectiveAt: first.AddDate(0, 0, v), VersionID: ids[v], UnitPrice: UnitPriceOf(units)}
	}
	return tx.CreateInBatches(&prices, 1000).Error
}
