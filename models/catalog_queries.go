package models

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Catalog is the catalog's structure as the console and the API read it: the lists in their
// order and lookups by code. Its values are shared: read them, never change them.
type Catalog struct{ c *catalog }

// LoadCatalog is the catalog (read once per database and kept: catalog_cache.go).
func LoadCatalog(ctx context.Context, db *gorm.DB) (*Catalog, error) {
	c, err := loadCatalog(ctx, db)
	return &Catalog{c}, err
}

// ServiceTypes lists the service types, the marketplace's too (flagged).
func (c *Catalog) ServiceTypes() []*ServiceType { return c.c.services }

// ServiceType is the service type of a code, or nil.
func (c *Catalog) ServiceType(code string) *ServiceType { return c.c.serviceCode[code] }

// ResourceTypes lists the resource types of a service type ("" all).
func (c *Catalog) ResourceTypes(service string) []*ResourceType {
	var out []*ResourceType
	for _, r := range c.c.rtypes {
		if service == "" || c.c.serviceID[r.ServiceTypeID].Code == service {
			out = append(out, r)
		}
	}
	return out
}

// ResourceType is the resource type of a code, or nil.
func (c *Catalog) ResourceType(code string) *ResourceType { return c.c.rtypeCode[code] }

// ServiceTypeOf is a resource type's service type.
func (c *Catalog) ServiceTypeOf(r *ResourceType) *ServiceType { return c.c.serviceID[r.ServiceTypeID] }

// Regions lists the regions.
func (c *Catalog) Regions() []*Region { return c.c.regions }

// Region is the region of a code, or nil.
func (c *Catalog) Region(code string) *Region { return c.c.regionCode[code] }

// Zones lists a region's availability zones ("" all), by code.
func (c *Catalog) Zones(region string) []*Zone {
	var out []*Zone
	for _, z := range c.c.zones {
		if region == "" || c.c.regionID[z.RegionID].Code == region {
			out = append(out, z)
		}
	}
	return out
}

// Specs lists a resource type's specs, by id.
func (c *Catalog) Specs(resourceType string) []*ResourceSpec {
	rt := c.c.rtypeCode[resourceType]
	var out []*ResourceSpec
	for _, s := range c.c.specID {
		if rt != nil && s.ResourceTypeID == rt.ID {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *ResourceSpec) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Spec is a resource type's spec of a code, or nil.
func (c *Catalog) Spec(resourceType, code string) *ResourceSpec {
	rt := c.c.rtypeCode[resourceType]
	if rt == nil {
		return nil
	}
	return c.c.specs[specRef{rt.ID, code}]
}

// UsageType is a spec's on-demand usage type, or nil.
func (c *Catalog) UsageType(s *ResourceSpec) *UsageType { return c.c.usageID[s.UsageTypeID] }

// UsageTypes lists the usage types of a resource type ("" all).
func (c *Catalog) UsageTypes(resourceType string) []*UsageType {
	var out []*UsageType
	for _, u := range c.c.usages {
		if resourceType == "" || c.c.rtypeID[u.ResourceTypeID].Code == resourceType {
			out = append(out, u)
		}
	}
	return out
}

// ResourceTypeOfUsage is a usage type's resource type.
func (c *Catalog) ResourceTypeOfUsage(u *UsageType) *ResourceType {
	return c.c.rtypeID[u.ResourceTypeID]
}

// MeasureUnits lists the units of measure.
func (c *Catalog) MeasureUnits() []*MeasureUnit { return c.c.units }

// MeasureUnit is the unit of an id, or nil.
func (c *Catalog) MeasureUnit(id uint64) *MeasureUnit { return c.c.unitID[id] }

// Conversions lists the conversions of a measure type (0 all).
func (c *Catalog) Conversions(measureType int32) []Conversion {
	var out []Conversion
	for _, cv := range c.c.conversions {
		if measureType == 0 || cv.MeasureType == measureType {
			out = append(out, cv)
		}
	}
	return out
}

// SpecQuery asks which specs of a resource type a region sells in a charge mode (the API's
// ListResourceSpecs), optionally one spec, a page after a marker.
type SpecQuery struct {
	ServiceType  string
	ResourceType string
	Region       string
	Mode         ChargeMode
	Spec         string // "" any
	Marker       string // the last spec of the page before ("" the first page)
	Limit        int    // 1–100; 0 means 10
}

// SpecPage is a page of specs and the marker of the next ("" the last page).
type SpecPage struct {
	Specs []*ResourceSpec
	Next  string
}

// ListResourceSpecs pages over the specs a region sells: the priced keys of ix_price_key_list,
// from the marker on, so any page is one index range. A yearly/monthly product is always priced
// by the month (by the year as well, or not): its month key says it is sold.
func ListResourceSpecs(ctx context.Context, db *gorm.DB, q SpecQuery) (*SpecPage, error) {
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	rt, region, mode, err := cat.specQuery(q)
	if err != nil {
		return nil, err
	}
	after, err := strconv.ParseUint(q.Marker, 10, 64)
	if q.Marker != "" && err != nil {
		return nil, &FieldError{Field: "marker", Err: ErrInvalidInput}
	}
	if q.Limit <= 0 {
		q.Limit = 10
	} else if q.Limit > 100 {
		return nil, &FieldError{Field: "limit", Err: ErrInvalidInput}
	}
	tx := db.WithContext(ctx).Model(&PriceKey{}).Where("region_id = ? AND mode = ? AND resource_type_id = ? AND spec_id > ?",
		region.ID, mode, rt.ID, after).Order("spec_id").Limit(q.Limit + 1)
	if q.Spec != "" {
		tx = tx.Where("spec_id = ?", specIDOf(cat, rt, q.Spec))
	}
	var ids []uint64
	if err := tx.Pluck("spec_id", &ids).Error; err != nil {
		return nil, err
	}
	page := &SpecPage{}
	if len(ids) > q.Limit {
		ids = ids[:q.Limit]
		page.Next = strconv.FormatUint(ids[len(ids)-1], 10)
	}
	for _, id := range ids {
		page.Specs = append(page.Specs, cat.specID[id])
	}
	return page, nil
}

func specIDOf(cat *catalog, rt *ResourceType, code string) uint64 {
	if s := cat.specs[specRef{rt.ID, strings.TrimSpace(code)}]; s != nil {
		return s.ID
	}
	return 0
}

// specQuery checks a spec query's service type, resource type, region and charge mode.
func (c *catalog) specQuery(q SpecQuery) (*ResourceType, *Region, PriceMode, error) {
	st := c.serviceCode[q.ServiceType]
	if st == nil {
		return nil, nil, "", &FieldError{Field: "cloud_service_type", Err: ErrUnknownServiceType}
	}
	rt := c.rtypeCode[q.ResourceType]
	if rt == nil || rt.ServiceTypeID != st.ID {
		return nil, nil, "", &FieldError{Field: "resource_type", Err: ErrUnknownResourceType}
	}
	region := c.regionCode[q.Region]
	if region == nil {
		return nil, nil, "", &FieldError{Field: "region_code", Err: ErrUnknownRegion}
	}
	switch q.Mode {
	case ChargePeriod:
		return rt, region, PerMonth, nil
	case ChargeOnDemand:
		return rt, region, PerDemand, nil
	}
	return nil, nil, "", &FieldError{Field: "charge_mode", Err: ErrInvalidInput}
}

// AreaLevel is a level of the administrative divisions.
type AreaLevel int8

// The levels.
const (
	Province AreaLevel = 1
	City     AreaLevel = 2
	County   AreaLevel = 3
)

// Areas lists the areas of a level under a parent ("" for provinces), by code, a page at an
// offset, and how many there are. An unknown parent has none.
func Areas(ctx context.Context, db *gorm.DB, level AreaLevel, parent string, offset, limit int) ([]Area, int64, error) {
	tx := db.WithContext(ctx).Model(&Area{}).Where("parent_code = ? AND level = ?", parent, level)
	var n int64
	if err := tx.Count(&n).Error; err != nil {
		return nil, 0, err
	}
	var out []Area
	err := tx.Order("code").Offset(offset).Limit(limit).Find(&out).Error
	return out, n, err
}
