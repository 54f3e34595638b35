package models

import (
	"cmp"
	"slices"
)

// What the console's forms need of the catalog beyond catalog_queries.go: every spec in one list
// (the price inquiry's spec menu, grouped by resource type) and a spec's resource type.

// AllSpecs lists every spec, by resource type, then id.
func (c *Catalog) AllSpecs() []*ResourceSpec {
	out := make([]*ResourceSpec, 0, len(c.c.specID))
	for _, s := range c.c.specID {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *ResourceSpec) int {
		return cmp.Or(cmp.Compare(a.ResourceTypeID, b.ResourceTypeID), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// ResourceTypeOf is a spec's resource type.
func (c *Catalog) ResourceTypeOf(s *ResourceSpec) *ResourceType { return c.c.rtypeID[s.ResourceTypeID] }

// ServiceTypeByID is the service type of an id, or nil.
func (c *Catalog) ServiceTypeByID(id uint64) *ServiceType { return c.c.serviceID[id] }

// SpecByID is the spec of an id, or nil.
func (c *Catalog) SpecByID(id uint64) *ResourceSpec { return c.c.specID[id] }
