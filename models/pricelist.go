package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// The price list is versioned. A version (PriceVersion) is a set of new prices that take effect
// together at its EffectiveAt; the price of a product at a time is the one of the latest version
// in effect then that priced it. Versions are only ever added: a version never changes a price
// in effect before it, so an order placed earlier (which keeps the price it used) and an inquiry
// about an earlier time give the same figures as they did.

// PriceMode is what a price is per: a month or a year of a yearly/monthly product, or one unit
// of usage (the spec's usage type's unit: an hour, a GB of traffic) of an on-demand one. A linear
// product's price is, in addition, per unit of size (per GB-month, per Mbps-hour).
type PriceMode string

// The price modes.
const (
	PerMonth  PriceMode = "month"
	PerYear   PriceMode = "year"
	PerDemand PriceMode = "demand"
)

// PriceModes lists the modes in display order.
var PriceModes = []PriceMode{PerMonth, PerYear, PerDemand}

// soldIn tells whether the spec is sold in mode.
func (s *ResourceSpec) soldIn(m PriceMode) bool {
	switch m {
	case PerMonth, PerYear:
		return s.Period
	case PerDemand:
		return s.OnDemand
	}
	return false
}

// PriceVersion is one change of the price list: an operator's edit of one price or an import.
type PriceVersion struct {
	ID          uint64    `gorm:"primaryKey"`
	EffectiveAt time.Time `gorm:"not null"`
	Reason      string    `gorm:"size:200;not null"`
	Source      string    `gorm:"size:16;not null"` // "edit", "import" or "seed"
	RowCount    int       `gorm:"not null"`         // prices in the version
	CreatedBy   uint64    `gorm:"not null"`         // the operator (0: the seed)
	CreatedAt   time.Time `gorm:"not null"`
}

// PriceKey is one priced product: a spec in a region in a mode. Its rows are created with the
// first price; they say which specs a region sells (ListResourceSpecs pages over them).
type PriceKey struct {
	ID             uint64    `gorm:"primaryKey"`
	SpecID         uint64    `gorm:"not null;uniqueIndex:ux_price_key,priority:1;index:ix_price_key_list,priority:4"`
	RegionID       uint64    `gorm:"not null;uniqueIndex:ux_price_key,priority:2;index:ix_price_key_list,priority:1"`
	Mode           PriceMode `gorm:"size:8;not null;uniqueIndex:ux_price_key,priority:3;index:ix_price_key_list,priority:2"`
	ResourceTypeID uint64    `gorm:"not null;index:ix_price_key_list,priority:3"`
}

// Price is a key's unit price from a version on. EffectiveAt is the version's, kept on the row so
// that "the price in effect at t" is one descent of ix_price_at.
type Price struct {
	ID          uint64    `gorm:"primaryKey"`
	KeyID       uint64    `gorm:"not null;index:ix_price_at,priority:1"`
	EffectiveAt time.Time `gorm:"not null;index:ix_price_at,priority:2"`
	VersionID   uint64    `gorm:"not null;index:ix_price_at,priority:3;index"`
	UnitPrice   UnitPrice `gorm:"not null"`
}

// PriceAt is the price in effect for a key at a time.
type PriceAt struct {
	KeyID       uint64
	UnitPrice   UnitPrice
	VersionID   uint64
	EffectiveAt time.Time
}

// priceAt is the price of key at t: the row of the latest version in effect at t (two versions
// effective at the same instant: the later one). ErrNoPrice if none.
func priceAt(db *gorm.DB, keyID uint64, t time.Time) (PriceAt, error) {
	var p Price
	err := db.Where("key_id = ? AND effective_at <= ?", keyID, t.UTC()).
		Order("effective_at DESC, version_id DESC").Limit(1).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return PriceAt{}, ErrNoPrice
	}
	return PriceAt{KeyID: keyID, UnitPrice: p.UnitPrice, VersionID: p.VersionID, EffectiveAt: p.EffectiveAt}, err
}

// SetPriceInput is an operator's edit of one price. Codes are the catalog's; EffectiveAt zero
// means now.
type SetPriceInput struct {
	Region       string
	ResourceType string
	Spec         string
	Mode         PriceMode
	UnitPrice    string // as typed: up to 8 decimal places
	EffectiveAt  time.Time
	Reason       string
}

// SetPrice changes one price: a new version with one row, effective now or later, with the
// operator's reason, audited. The price in effect until then is untouched.
func SetPrice(ctx context.Context, db *gorm.DB, a Actor, in SetPriceInput) (*PriceVersion, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	reason, at, err := versionHeader(in.Reason, in.EffectiveAt)
	if err != nil {
		return nil, err
	}
	price, err := ParseUnitPrice(in.UnitPrice)
	if err != nil {
		return nil, &FieldError{Field: "unit_price", Err: ErrInvalidPrice}
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	spec, region, err := cat.priceTarget(in.ResourceType, in.Spec, in.Region, in.Mode)
	if err != nil {
		return nil, err
	}
	var v *PriceVersion
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		key, err := ensurePriceKey(tx, spec, region.ID, in.Mode)
		if err != nil {
			return err
		}
		if cur, err := priceAt(tx, key.ID, at); err == nil && cur.UnitPrice.Equal(price.Decimal) {
			return &FieldError{Field: "unit_price", Err: ErrPriceUnchanged}
		}
		v = &PriceVersion{EffectiveAt: at, Reason: reason, Source: "edit", RowCount: 1, CreatedBy: a.UserID, CreatedAt: time.Now().UTC()}
		if err := tx.Create(v).Error; err != nil {
			return err
		}
		row := Price{KeyID: key.ID, EffectiveAt: at, VersionID: v.ID, UnitPrice: price}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "price.set", "price_version", v.ID, nil, map[string]string{
			"region": region.Code, "resource_type": in.ResourceType, "spec": spec.Code, "mode": string(in.Mode),
			"unit_price": price.String(), "effective_at": at.Format(time.RFC3339), "reason": reason})
	})
	return v, err
}

// versionHeader checks what every new version states: why, and from when (now or later; a
// version in the past would change prices already quoted and ordered).
func versionHeader(reason string, at time.Time) (string, time.Time, error) {
	r, err := reasonText.Clean(reason)
	if err != nil {
		return "", time.Time{}, err
	}
	if r == "" {
		return "", time.Time{}, &FieldError{Field: "reason", Err: ErrReasonRequired}
	}
	now := time.Now().UTC().Truncate(time.Second)
	if at.IsZero() {
		return r, now, nil
	}
	at = at.UTC()
	if at.Before(now.Add(-time.Minute)) { // a minute's grace for a form filled in with "now"
		return "", time.Time{}, &FieldError{Field: "effective_at", Err: ErrEffectiveInPast}
	}
	return r, at, nil
}

// ensurePriceKey is the key of spec in region and mode, created with its first price.
func ensurePriceKey(tx *gorm.DB, spec *ResourceSpec, regionID uint64, mode PriceMode) (*PriceKey, error) {
	k := PriceKey{SpecID: spec.ID, RegionID: regionID, Mode: mode, ResourceTypeID: spec.ResourceTypeID}
	err := tx.Where("spec_id = ? AND region_id = ? AND mode = ?", spec.ID, regionID, mode).
		Attrs(k).FirstOrCreate(&k).Error
	return &k, err
}
