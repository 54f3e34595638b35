package models

import (
	"context"
	"sync"

	"gorm.io/gorm"
)

// The catalog's structure changes only when the catalog is seeded, and every inquiry reads much
// of it (a 10-product inquiry names 50 codes): it is read once per database and kept, and the
// seed, which writes it, drops the copy (invalidateCatalog). Prices are not cached: they are
// versioned by time, and their lookup is one index descent.

// catalog is the catalog's structure in memory, by code and by id.
type catalog struct {
	services    []*ServiceType // by id
	serviceCode map[string]*ServiceType
	serviceID   map[uint64]*ServiceType
	rtypes      []*ResourceType
	rtypeCode   map[string]*ResourceType
	rtypeID     map[uint64]*ResourceType
	regions     []*Region
	regionCode  map[string]*Region
	regionID    map[uint64]*Region
	zones       []*Zone
	zoneCode    map[string]*Zone
	units       []*MeasureUnit
	unitID      map[uint64]*MeasureUnit
	conversions []Conversion
	usages      []*UsageType
	usageID     map[uint64]*UsageType
	specs       map[specRef]*ResourceSpec
	specID      map[uint64]*ResourceSpec
}

type specRef struct {
	rtype uint64
	code  string
}

var catalogs sync.Map // *sql.DB → *catalog

// loadCatalog is the catalog of db, read on first use.
func loadCatalog(ctx context.Context, db *gorm.DB) (*catalog, error) {
	pool, err := db.DB()
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx || err != nil {
		// inside a transaction (the demo seed ordering): read it, uncached (GORM gives the pool
		// beneath a PostgreSQL transaction too, and a copy read there might never commit)
		return readCatalog(db.WithContext(ctx))
	}
	if c, ok := catalogs.Load(pool); ok {
		return c.(*catalog), nil
	}
	c, err := readCatalog(db.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	catalogs.Store(pool, c)
	return c, nil
}

// invalidateCatalog drops the copy of db's catalog after a write to it.
func invalidateCatalog(db *gorm.DB) {
	if pool, err := db.DB(); err == nil {
		catalogs.Delete(pool)
	}
}

func readCatalog(db *gorm.DB) (*catalog, error) {
	c := &catalog{}
	for _, q := range []struct {
		dest any
		by   string
	}{{&c.services, "id"}, {&c.rtypes, "id"}, {&c.regions, "id"}, {&c.zones, "code"}, {&c.units, "id"},
		{&c.conversions, "id"}, {&c.usages, "id"}} {
		if err := db.Order(q.by).Find(q.dest).Error; err != nil {
			return nil, err
		}
	}
	var specs []*ResourceSpec
	if err := db.Order("id").Find(&specs).Error; err != nil {
		return nil, err
	}
	c.index(specs)
	return c, nil
}

// index builds the maps of the lists.
func (c *catalog) index(specs []*ResourceSpec) {
	c.serviceCode, c.serviceID = map[string]*ServiceType{}, map[uint64]*ServiceType{}
	for _, s := range c.services {
		c.serviceCode[s.Code], c.serviceID[s.ID] = s, s
	}
	c.rtypeCode, c.rtypeID = map[string]*ResourceType{}, map[uint64]*ResourceType{}
	for _, r := range c.rtypes {
		c.rtypeCode[r.Code], c.rtypeID[r.ID] = r, r
	}
	c.regionCode, c.regionID = map[string]*Region{}, map[uint64]*Region{}
	for _, r := range c.regions {
		c.regionCode[r.Code], c.regionID[r.ID] = r, r
	}
	c.zoneCode = map[string]*Zone{}
	for _, z := range c.zones {
		c.zoneCode[z.Code] = z
	}
	c.unitID = map[uint64]*MeasureUnit{}
	for _, u := range c.units {
		c.unitID[u.ID] = u
	}
	c.usageID = map[uint64]*UsageType{}
	for _, u := range c.usages {
		c.usageID[u.ID] = u
	}
	c.specs, c.specID = map[specRef]*ResourceSpec{}, map[uint64]*ResourceSpec{}
	for _, s := range specs {
		c.specs[specRef{s.ResourceTypeID, s.Code}], c.specID[s.ID] = s, s
	}
}

// resolve finds a product's service type, resource type and spec by their codes, each refused
// with its field named: unknown, or not of the one before.
func (c *catalog) resolve(service, rtype, spec string) (*ServiceType, *ResourceType, *ResourceSpec, error) {
	st := c.serviceCode[service]
	if st == nil {
		return nil, nil, nil, &FieldError{Field: "cloud_service_type", Err: ErrUnknownServiceType}
	}
	rt := c.rtypeCode[rtype]
	if rt == nil || rt.ServiceTypeID != st.ID {
		return nil, nil, nil, &FieldError{Field: "resource_type", Err: ErrUnknownResourceType}
	}
	sp := c.specs[specRef{rt.ID, spec}]
	if sp == nil {
		return nil, nil, nil, &FieldError{Field: "resource_spec", Err: ErrUnknownSpec}
	}
	return st, rt, sp, nil
}

// priceTarget is what an operator's price row names: a spec of a resource type, a region and a
// mode the spec is sold in.
func (c *catalog) priceTarget(rtype, spec, region string, mode PriceMode) (*ResourceSpec, *Region, error) {
	rt := c.rtypeCode[rtype]
	if rt == nil {
		return nil, nil, &FieldError{Field: "resource_type", Err: ErrUnknownResourceType}
	}
	sp := c.specs[specRef{rt.ID, spec}]
	if sp == nil {
		return nil, nil, &FieldError{Field: "resource_spec", Err: ErrUnknownSpec}
	}
	r := c.regionCode[region]
	if r == nil {
		return nil, nil, &FieldError{Field: "region", Err: ErrUnknownRegion}
	}
	if !sp.soldIn(mode) {
		return nil, nil, &FieldError{Field: "mode", Err: ErrPriceMode}
	}
	return sp, r, nil
}

// ratio is how many units of to make one unit of from (num/den), through the conversions of their type (1 GB =
// 1024 MB; 1 day = 24 hours), directly or in reverse. ok is false when they do not convert.
func (c *catalog) ratio(from, to uint64) (num, den int64, ok bool) {
	if from == to {
		return 1, 1, true
	}
	for _, cv := range c.conversions {
		switch {
		case cv.MeasureID == from && cv.RefMeasureID == to:
			return cv.Ratio, 1, true
		case cv.MeasureID == to && cv.RefMeasureID == from:
			return 1, cv.Ratio, true
		}
	}
	return 0, 0, false
}

// usageSpecs are the specs whose on-demand prices rate a resource of spec, each by its own usage
// type: spec itself, then its companions — the specs of its resource type whose code is spec's
// and a usage type's, joined by a dot (obs.standard.storage rates an obs.standard bucket's
// storage). None when spec is not sold on demand.
func (c *catalog) usageSpecs(spec *ResourceSpec) []*ResourceSpec {
	if !spec.OnDemand || c.usageID[spec.UsageTypeID] == nil {
		return nil
	}
	out := []*ResourceSpec{spec}
	for _, u := range c.usages {
		if u.ResourceTypeID != spec.ResourceTypeID || u.ID == spec.UsageTypeID {
			continue
		}
		if s := c.specs[specRef{spec.ResourceTypeID, spec.Code + "." + u.Code}]; s != nil && s.OnDemand && s.UsageTypeID == u.ID {
			out = append(out, s)
		}
	}
	return out
}

// usageSpec is the spec whose on-demand price rates a resource of spec by factor (one of
// usageSpecs), or nil.
func (c *catalog) usageSpec(spec *ResourceSpec, factor string) *ResourceSpec {
	for _, s := range c.usageSpecs(spec) {
		if c.usageID[s.UsageTypeID].Code == factor {
			return s
		}
	}
	return nil
}
