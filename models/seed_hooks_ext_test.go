package models_test

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/seed"
)

// init connects the models' internal tests to the seed worlds (seed_hooks_test.go).
func init() {
	models.SeedDemo = seed.Demo
	models.SeedCoupons = seed.Coupons
	models.SeedPriceHistory = seed.PriceHistory
	models.PriceVersionsLarge = seed.PriceVersionsLarge
	models.DomainID = seed.DomainID
	models.LoadCoupons = func(ctx context.Context, db *gorm.DB, n int, expire func(int) time.Time, now time.Time) error {
		return seed.LoadCoupons(ctx, db, seed.BulkCoupons{N: n, Expire: expire}, now)
	}
	models.SeedCustomers = func(tx *gorm.DB, first uint64, n int, p *models.Partner, enterpriseOf func(uint64) int64) error {
		place := func(uint64) seed.Placement { return seed.Placement{Partner: p} }
		return seed.BulkCustomers(tx, first, n, place, enterpriseOf)
	}
}
