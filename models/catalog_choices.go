package models

import (
	"context"

	"gorm.io/gorm"
)

// The catalog as the console's forms offer it: what may be chosen on the price inquiry page, in
// catalog order. The lists are the cached catalog's own rows, shared: callers only read them.

// CatalogChoices is the catalog's structure for a form.
type CatalogChoices struct {
	Services      []*ServiceType
	ResourceTypes []*ResourceType
	Specs         []*ResourceSpec
	Regions       []*Region
	Zones         []*Zone // by code, so a region's come in order
	Units         []*MeasureUnit
	cat           *catalog
}

// Catalog is the catalog's structure, read once per database (see loadCatalog).
func Catalog(ctx context.Context, db *gorm.DB) (*CatalogChoices, error) {
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	specs := make([]*ResourceSpec, 0, len(cat.specID))
	for _, s := range cat.specID {
		specs = append(specs, s)
	}
	sortSpecs(specs) // grouped by resource type, each type's in id order
	return &CatalogChoices{Services: cat.services, ResourceTypes: cat.rtypes, Specs: specs, Regions: cat.regions,
		Zones: cat.zones, Units: cat.units, cat: cat}, nil
}

// sortSpecs orders specs by resource type, then id (an insertion sort: a catalog has tens).
func sortSpecs(s []*ResourceSpec) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && (s[j].ResourceTypeID < s[j-1].ResourceTypeID ||
			s[j].ResourceTypeID == s[j-1].ResourceTypeID && s[j].ID < s[j-1].ID); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// ResourceType of a spec.
func (c *CatalogChoices) ResourceType(s *ResourceSpec) *ResourceType {
	return c.cat.rtypeID[s.ResourceTypeID]
}

// Service of a resource type.
func (c *CatalogChoices) Service(rt *ResourceType) *ServiceType {
	return c.cat.serviceID[rt.ServiceTypeID]
}

// ServiceByCode is the service type of a code, or nil.
func (c *CatalogChoices) ServiceByCode(code string) *ServiceType { return c.cat.serviceCode[code] }

// Spec is the spec of a resource type's code and a spec's code, or nil.
func (c *CatalogChoices) Spec(rtype, spec string) *ResourceSpec {
	rt := c.cat.rtypeCode[rtype]
	if rt == nil {
		return nil
	}
	return c.cat.specs[specRef{rt.ID, spec}]
}

// Region of a code, or nil.
func (c *CatalogChoices) Region(code string) *Region { return c.cat.regionCode[code] }

// RegionOf a zone.
func (c *CatalogChoices) RegionOf(z *Zone) *Region { return c.cat.regionID[z.RegionID] }

// Unit of an id, or nil.
func (c *CatalogChoices) Unit(id uint64) *MeasureUnit { return c.cat.unitID[id] }

// Usage is the usage type a spec is rated by on demand, or nil.
func (c *CatalogChoices) Usage(s *ResourceSpec) *UsageType { return c.cat.usageID[s.UsageTypeID] }

// UsageUnits are the units an on-demand usage of the spec may be given in: its usage's unit and
// those that convert to it.
func (c *CatalogChoices) UsageUnits(s *ResourceSpec) []*MeasureUnit {
	ut := c.Usage(s)
	if ut == nil {
		return nil
	}
	var out []*MeasureUnit
	for _, u := range c.cat.units {
		if _, _, ok := c.cat.ratio(u.ID, ut.MeasureID); ok {
			out = append(out, u)
		}
	}
	return out
}
