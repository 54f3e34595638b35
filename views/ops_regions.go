package views

import "partnerhub/models"

// PathOpsRegions is the operator's regions and availability zones, a tab of the catalog.
const PathOpsRegions = "/ops/catalog/regions"

// PlaceForm is an add or rename form of a region or a zone, as typed, and its refusal.
type PlaceForm struct {
	Form   string // which form: "region", "zone", or "rename-ID" of a row
	Region string
	Code   string
	NameZH string
	NameEN string
	Errs   map[string]string
}

// Err is the refusal of a field of this form.
func (f PlaceForm) Err(field string) string { return f.Errs[field] }

// OpsRegionsVM is the regions page: every region with its zones, and the form refused, if any.
type OpsRegionsVM struct {
	Cat     *models.Catalog
	Refused PlaceForm
}

// Typed is the form's value as typed when it was the one refused.
func (vm OpsRegionsVM) Typed(form string) PlaceForm {
	if vm.Refused.Form == form {
		return vm.Refused
	}
	return PlaceForm{}
}

// regionsCatalog is the regions page's text.
var regionsCatalog = map[string][2]string{
	"nav.regions":        {"区域与可用区", "Regions and zones"},
	"regions.title":      {"区域与可用区", "Regions and availability zones"},
	"regions.intro":      {"新增区域和可用区，或更正其名称。编码一经创建不可修改（价格与 API 以编码引用）；已有的区域与可用区不可删除。", "Add regions and availability zones, or correct their names. A code is fixed once made (prices and the API name it); regions and zones are never removed."},
	"regions.code":       {"编码", "Code"},
	"regions.names":      {"名称（中文 / 英文）", "Names (Chinese / English)"},
	"regions.zone":       {"可用区", "Availability zone"},
	"regions.region":     {"所属区域", "Region"},
	"regions.name_zh":    {"中文名称", "Chinese name"},
	"regions.name_en":    {"英文名称", "English name"},
	"regions.rename":     {"保存名称", "Save names"},
	"regions.add":        {"新增", "Add"},
	"regions.add_region": {"新增区域", "Add a region"},
	"regions.add_zone":   {"新增可用区", "Add an availability zone"},
	"regions.added":      {"已新增。", "Added."},
	"regions.renamed":    {"名称已保存。", "Names saved."},
}
