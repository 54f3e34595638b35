package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// The seed worlds live in package seed, which imports models, so these internal tests cannot
// import it. seed_hooks_ext_test.go, an external test package of this directory (which may), sets these
// hooks in its init, before TestMain and any test run; the tests call them as they called the seeds
// when the seeds were here.
var (
	SeedDemo           func(ctx context.Context, db *gorm.DB, now time.Time) error
	SeedCoupons        func(ctx context.Context, db *gorm.DB, n int, now time.Time) error
	SeedPriceHistory   func(ctx context.Context, db *gorm.DB, rows, versions int, now time.Time) error
	PriceVersionsLarge int

	// LoadCoupons loads n coupons into the demo provider's new quota, coupon i expiring at expire(i).
	LoadCoupons func(ctx context.Context, db *gorm.DB, n int, expire func(int) time.Time, now time.Time) error
	// SeedCustomers bulk-inserts n seeded customers from first on, all associated with p (no
	// account manager); customer n is enterprise enterpriseOf(n) when that is ≥ 0.
	SeedCustomers func(tx *gorm.DB, first uint64, n int, p *Partner, enterpriseOf func(n uint64) int64) error
	// DomainID is the seeds' stable id of the n-th thing of kind.
	DomainID func(kind string, n uint64) string
)
