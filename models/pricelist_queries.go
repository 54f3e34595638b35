package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// PriceQuery filters the price list as the operator's catalog page does: a text in a spec's
// code or name, a region, a mode; the prices in effect at At (zero: now); keyset paging by the
// key's id (After: the last row's KeyID).
type PriceQuery struct {
	Search string
	Region string // code; "" all
	Mode   PriceMode
	At     time.Time
	After  uint64
	Limit  int // 1–200; 0 means 50
}

// PriceListRow is one priced product and its price in effect at the query's time.
type PriceListRow struct {
	KeyID        uint64
	Region       *Region
	ServiceType  *ServiceType
	ResourceType *ResourceType
	Spec         *ResourceSpec
	Mode         PriceMode
	Price        *PriceAt // nil: not priced yet at that time
}

// ListPrices lists the price list, operator only. Next is the After of the next page (0: last).
func ListPrices(ctx context.Context, db *gorm.DB, a Actor, q PriceQuery) (rows []PriceListRow, next uint64, err error) {
	if a.Kind != OperatorUser {
		return nil, 0, ErrForbidden
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	if q.At.IsZero() {
		q.At = time.Now().UTC()
	}
	db = db.WithContext(ctx)
	tx := db.Model(&PriceKey{}).Where("id > ?", q.After).Order("id").Limit(q.Limit + 1)
	if r := cat.regionCode[q.Region]; r != nil {
		tx = tx.Where("region_id = ?", r.ID)
	} else if q.Region != "" {
		return nil, 0, nil
	}
	if q.Mode != "" {
		tx = tx.Where("mode = ?", q.Mode)
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		tx = tx.Where("spec_id IN ?", cat.searchSpecs(s))
	}
	var keys []PriceKey
	if err := tx.Find(&keys).Error; err != nil {
		return nil, 0, err
	}
	if len(keys) > q.Limit {
		keys, next = keys[:q.Limit], keys[q.Limit-1].ID
	}
	for _, k := range keys {
		row := cat.listRow(k)
		if p, err := priceAt(db, k.ID, q.At); err == nil {
			row.Price = &p
		} else if err != ErrNoPrice {
			return nil, 0, err
		}
		rows = append(rows, row)
	}
	return rows, next, nil
}

// searchSpecs are the ids of the specs whose code or a name holds s (case-insensitive); the
// catalog is in memory, so this is a scan of a few hundred specs at most.
func (c *catalog) searchSpecs(s string) []uint64 {
	s = strings.ToLower(s)
	ids := []uint64{0} // never an empty IN ()
	for id, sp := range c.specID {
		if strings.Contains(strings.ToLower(sp.Code), s) || strings.Contains(sp.NameZH, s) || strings.Contains(strings.ToLower(sp.NameEN), s) {
			ids = append(ids, id)
		}
	}
	return ids
}

func (c *catalog) listRow(k PriceKey) PriceListRow {
	spec := c.specID[k.SpecID]
	rt := c.rtypeID[spec.ResourceTypeID]
	return PriceListRow{KeyID: k.ID, Region: c.regionID[k.RegionID], ServiceType: c.serviceID[rt.ServiceTypeID],
		ResourceType: rt, Spec: spec, Mode: k.Mode}
}

// PriceHistoryRow is one price of a key's history and the version that set it.
type PriceHistoryRow struct {
	Price   Price
	Version PriceVersion
}

// PriceHistory is a key's prices, newest version first, operator only.
func PriceHistory(ctx context.Context, db *gorm.DB, a Actor, keyID uint64) (*PriceListRow, []PriceHistoryRow, error) {
	if a.Kind != OperatorUser {
		return nil, nil, ErrForbidden
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	db = db.WithContext(ctx)
	var k PriceKey
	if err := db.Take(&k, keyID).Error; err != nil {
		return nil, nil, notFound(err)
	}
	var prices []Price
	if err := db.Where("key_id = ?", keyID).Order("effective_at DESC, version_id DESC").Limit(200).Find(&prices).Error; err != nil {
		return nil, nil, err
	}
	ids := make([]uint64, len(prices))
	for i, p := range prices {
		ids[i] = p.VersionID
	}
	var versions []PriceVersion
	if err := db.Where("id IN ?", append(ids, 0)).Find(&versions).Error; err != nil {
		return nil, nil, err
	}
	byID := map[uint64]PriceVersion{}
	for _, v := range versions {
		byID[v.ID] = v
	}
	out := make([]PriceHistoryRow, len(prices))
	for i, p := range prices {
		out[i] = PriceHistoryRow{Price: p, Version: byID[p.VersionID]}
	}
	row := cat.listRow(k)
	return &row, out, nil
}

// PriceVersions lists the price list's versions, newest effective first, operator only.
func PriceVersions(ctx context.Context, db *gorm.DB, a Actor, limit int) ([]PriceVersion, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var vs []PriceVersion
	err := db.WithContext(ctx).Order("effective_at DESC, id DESC").Limit(limit).Find(&vs).Error
	return vs, err
}
