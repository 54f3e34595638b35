package models

// The catalog: what the cloud sells, as the BSS API names it (reference 4.5, 4.6). Its structure
// (service types, resource types, specs, regions, units) is reference data that ships with the
// program (catalog_data.go) and is loaded into these tables by the seed; the operator maintains
// the prices (pricelist.go). Names are kept in Chinese and English: the API's X-Language and the
// console's locale choose.
//
// The use cases, for the console and the API:
//   - reading the catalog: LoadCatalog (lists and lookups), ListResourceSpecs (a region's specs,
//     keyset pages), Areas (provinces, cities, counties);
//   - the price list (operator): SetPrice (one price, a new version with a reason), PreviewPrices,
//     ImportPrices and ExportPrices (CSV, PriceColumns), ListPrices, PriceHistory, PriceVersions;
//   - discounts: SetDiscount and RemoveDiscount (605 operator, 606 master distributor, 607
//     partner within its ceiling), CustomerDiscounts, SetDiscountCeiling, DiscountCeilingOf;
//   - prices: Inquire, the one pricing function (pricing.go), and InquiryCustomer for the API's
//     project_id.

// ServiceType is a cloud service (cloud_service_type), e.g. hws.service.type.ebs.
type ServiceType struct {
	ID           uint64 `gorm:"primaryKey"`
	Code         string `gorm:"size:64;not null;uniqueIndex"`
	NameZH       string `gorm:"size:128;not null"`
	NameEN       string `gorm:"size:128;not null"`
	Abbreviation string `gorm:"size:32;not null;default:''"`
	// Marketplace marks a 云商店 (KooGallery) product: priced and listed, but sold by its
	// publisher, so it can never be priced or ordered on a customer's behalf.
	Marketplace bool `gorm:"not null;default:false"`
}

// ResourceType is a kind of resource of a service (resource_type), e.g. hws.resource.type.volume.
type ResourceType struct {
	ID            uint64 `gorm:"primaryKey"`
	Code          string `gorm:"size:64;not null;uniqueIndex"`
	ServiceTypeID uint64 `gorm:"not null;index"`
	NameZH        string `gorm:"size:128;not null"`
	NameEN        string `gorm:"size:128;not null"`
	DescZH        string `gorm:"size:256;not null;default:''"`
	DescEN        string `gorm:"size:256;not null;default:''"`
}

// Region is a cloud region (region_code), e.g. cn-north-1.
type Region struct {
	ID     uint64 `gorm:"primaryKey"`
	Code   string `gorm:"size:32;not null;uniqueIndex"`
	NameZH string `gorm:"size:64;not null"`
	NameEN string `gorm:"size:64;not null"`
}

// Zone is an availability zone of a region (available_zone), e.g. cn-north-1b.
type Zone struct {
	ID       uint64 `gorm:"primaryKey"`
	Code     string `gorm:"size:32;not null;uniqueIndex"`
	RegionID uint64 `gorm:"not null;index"`
	NameZH   string `gorm:"size:64;not null"`
	NameEN   string `gorm:"size:64;not null"`
}

// MeasureUnit is a unit of measure; its ID is the reference's measure_id (17 GB of capacity, 15
// Mbps, 14 count, 4 hour, 10 GB of traffic…), which requests name sizes and usages in.
type MeasureUnit struct {
	ID           uint64 `gorm:"primaryKey;autoIncrement:false"`
	NameZH       string `gorm:"size:64;not null"`
	NameEN       string `gorm:"size:64;not null"`
	Abbreviation string `gorm:"size:16;not null"`
	MeasureType  int32  `gorm:"not null"` // 1 currency, 2 duration, 3 traffic, 4 quantity, 7 capacity, 10 period, 16 bandwidth
}

// Conversion says that one MeasureID is Ratio RefMeasureIDs (1 GB = 1024 MB, 1 day = 24 hours):
// an on-demand usage given in another unit of the same type is converted to its price's unit.
type Conversion struct {
	ID           uint64 `gorm:"primaryKey"`
	MeasureID    uint64 `gorm:"not null;uniqueIndex:ux_conversion,priority:1"`
	RefMeasureID uint64 `gorm:"not null;uniqueIndex:ux_conversion,priority:2"`
	Ratio        int64  `gorm:"not null"`
	MeasureType  int32  `gorm:"not null"`
}

// UsageType is what an on-demand resource is rated by (usage_factor), e.g. Duration or upflow,
// and the unit its price is per.
type UsageType struct {
	ID             uint64 `gorm:"primaryKey"`
	Code           string `gorm:"size:32;not null;uniqueIndex:ux_usage_type,priority:2"`
	ResourceTypeID uint64 `gorm:"not null;uniqueIndex:ux_usage_type,priority:1"`
	NameZH         string `gorm:"size:64;not null"`
	NameEN         string `gorm:"size:64;not null"`
	MeasureID      uint64 `gorm:"not null"`
}

// ResourceSpec is a spec of a resource type (resource_spec), e.g. GPSSD or s6.large.2.linux: the
// charge modes it is sold in and, for a linear product (priced per GB or per Mbps), the sizes it
// takes.
type ResourceSpec struct {
	ID             uint64 `gorm:"primaryKey"`
	Code           string `gorm:"size:64;not null;uniqueIndex:ux_spec,priority:2"`
	ResourceTypeID uint64 `gorm:"not null;uniqueIndex:ux_spec,priority:1"`
	NameZH         string `gorm:"size:128;not null"`
	NameEN         string `gorm:"size:128;not null"`
	Period         bool   `gorm:"not null;default:false"` // sold yearly/monthly (包年/包月)
	OnDemand       bool   `gorm:"not null;default:false"` // sold on demand (按需)
	// A linear product is priced per unit of size: resource_size is required, within
	// [SizeMin, SizeMax] and a multiple of SizeStep from SizeMin, in SizeMeasureID units.
	Linear        bool   `gorm:"not null;default:false"`
	SizeMin       int64  `gorm:"not null;default:0"`
	SizeMax       int64  `gorm:"not null;default:0"`
	SizeStep      int64  `gorm:"not null;default:0"`
	SizeMeasureID uint64 `gorm:"not null;default:0"`
	// UsageTypeID is the usage its on-demand price is per (0: not sold on demand).
	UsageTypeID uint64 `gorm:"not null;default:0"`
}

// Name is the name in the language asked ("en…" English, anything else Chinese).
func localName(lang, zh, en string) string {
	if len(lang) >= 2 && (lang[:2] == "en" || lang[:2] == "EN") {
		return en
	}
	return zh
}

// Name of the service type in lang.
func (s *ServiceType) Name(lang string) string { return localName(lang, s.NameZH, s.NameEN) }

// Name of the resource type in lang.
func (r *ResourceType) Name(lang string) string { return localName(lang, r.NameZH, r.NameEN) }

// Desc of the resource type in lang.
func (r *ResourceType) Desc(lang string) string { return localName(lang, r.DescZH, r.DescEN) }

// Name of the region in lang.
func (r *Region) Name(lang string) string { return localName(lang, r.NameZH, r.NameEN) }

// Name of the zone in lang.
func (z *Zone) Name(lang string) string { return localName(lang, z.NameZH, z.NameEN) }

// Name of the unit in lang.
func (m *MeasureUnit) Name(lang string) string { return localName(lang, m.NameZH, m.NameEN) }

// Name of the usage type in lang.
func (u *UsageType) Name(lang string) string { return localName(lang, u.NameZH, u.NameEN) }

// Name of the spec in lang.
func (s *ResourceSpec) Name(lang string) string { return localName(lang, s.NameZH, s.NameEN) }
