package views

import (
	"fmt"

	"partnerhub/models"
)

// Paths of the operator's products (service types, resource types, specs), tabs of the catalog.
const (
	PathOpsProducts = "/ops/catalog/products"
	PathOpsService  = "/ops/catalog/products/:id"
	PathOpsSpec     = "/ops/catalog/specs/:id"
)

// ProductForm is a form of the products pages as typed, and its refusal: which form ("service",
// "rtype", "spec", or "edit"), its fields, and each refused field's message.
type ProductForm struct {
	Form         string
	Parent       string
	Code         string
	NameZH       string
	NameEN       string
	Abbreviation string
	Marketplace  bool
	Period       bool
	OnDemand     bool
	UsageType    string
	Linear       bool
	SizeMin      string
	SizeMax      string
	SizeStep     string
	SizeMeasure  string
	Errs         map[string]string
}

// Err is the refusal of a field of this form.
func (f ProductForm) Err(field string) string { return f.Errs[field] }

// OpsProductsVM is the list of service types, with the add form.
type OpsProductsVM struct {
	Cat     *models.Catalog
	Refused ProductForm
}

// Typed is the form's value as typed when it was the one refused.
func (vm OpsProductsVM) Typed(form string) ProductForm { return typedForm(vm.Refused, form) }

// OpsServiceVM is one service type: its own form, its resource types and their specs.
type OpsServiceVM struct {
	Cat     *models.Catalog
	Service *models.ServiceType
	Refused ProductForm
}

// Typed is the form's value as typed when it was the one refused.
func (vm OpsServiceVM) Typed(form string) ProductForm { return typedForm(vm.Refused, form) }

// OpsSpecVM is one spec's edit form.
type OpsSpecVM struct {
	Cat     *models.Catalog
	Spec    *models.ResourceSpec
	Refused ProductForm
}

func typedForm(refused ProductForm, form string) ProductForm {
	if refused.Form == form {
		return refused
	}
	return ProductForm{}
}

// productsCatalog is the products pages' text.
var productsCatalog = map[string][2]string{
	"nav.products":             {"产品", "Products"},
	"products.title":           {"产品目录", "Products"},
	"products.intro":           {"维护云服务类型、资源类型和资源规格。编码一经创建不可修改（价格、订单、资源与 API 以编码引用），已有的产品不可删除；名称可以更正。", "Maintain the service types, resource types and resource specs. A code is fixed once made (prices, orders, resources and the API name it) and nothing is ever removed; names can be corrected."},
	"products.code":            {"编码", "Code"},
	"products.names":           {"名称", "Name"},
	"products.abbreviation":    {"简称", "Abbreviation"},
	"products.marketplace":     {"云商店产品（不可代客下单）", "Marketplace product (never ordered on a customer's behalf)"},
	"products.marketplace_yes": {"云商店", "Marketplace"},
	"products.rtypes":          {"资源类型", "Resource types"},
	"products.specs":           {"规格", "Specs"},
	"products.open":            {"管理", "Manage"},
	"products.add_service":     {"新增云服务类型", "Add a service type"},
	"products.add_rtype":       {"新增资源类型", "Add a resource type"},
	"products.add_spec":        {"新增资源规格", "Add a resource spec"},
	"products.edit_service":    {"云服务类型", "Service type"},
	"products.edit_spec":       {"编辑资源规格", "Edit the resource spec"},
	"products.rtype":           {"资源类型", "Resource type"},
	"products.name_zh":         {"中文名称", "Chinese name"},
	"products.name_en":         {"英文名称", "English name"},
	"products.modes":           {"计费模式", "Charge modes"},
	"products.period":          {"包年/包月", "Yearly/monthly"},
	"products.on_demand":       {"按需", "On demand"},
	"products.usage_type":      {"按需计量的使用量类型", "Usage type rated on demand"},
	"products.usage_none":      {"（不按需销售）", "(not sold on demand)"},
	"products.linear":          {"线性产品（按容量或带宽计价）", "Linear product (priced per unit of size)"},
	"products.sizes":           {"容量", "Sizes"},
	"products.size_min":        {"最小", "Minimum"},
	"products.size_max":        {"最大", "Maximum"},
	"products.size_step":       {"步长", "Step"},
	"products.size_unit":       {"单位", "Unit"},
	"products.sizes_fixed":     {"容量规则在创建后不可修改：待支付订单在支付时按原容量重新计价。", "The size rules are fixed once made: an order pending payment is priced again, at its size, when it is paid."},
	"products.not_linear":      {"非线性", "Not linear"},
	"products.save":            {"保存", "Save"},
	"products.add":             {"新增", "Add"},
	"products.added":           {"已新增。", "Added."},
	"products.saved":           {"已保存。", "Saved."},
	"products.no_specs":        {"尚无规格。", "No spec yet."},
	"products.bad_number":      {"请输入整数。", "Enter a whole number."},
	"err.service_code":         {"云服务类型或资源类型的编码为 3～64 个小写字母、数字、点、连字符或下划线，以字母开头（如 hws.service.type.ebs）。", "A service type's or resource type's code is 3 to 64 lower-case letters, digits, dots, hyphens and underscores, starting with a letter (hws.service.type.ebs)."},
	"err.spec_code":            {"规格编码为 1～64 个字母、数字、点、连字符或下划线，以字母或数字开头（如 s6.large.2.linux、GPSSD）。", "A spec's code is 1 to 64 letters, digits, dots, hyphens and underscores, starting with a letter or digit (s6.large.2.linux, GPSSD)."},
	"err.spec_modes":           {"规格须以包年/包月、按需或两者销售。", "A spec is sold yearly/monthly, on demand, or both."},
	"err.spec_priced":          {"该规格在此计费模式下已有价格，不能停止以此模式销售。", "The spec has prices in that charge mode: it cannot stop being sold in it."},
	"err.spec_sizes":           {"线性规格的容量：最小值不小于 1，最大值不小于最小值，步长不小于 1，单位为容量或带宽单位。", "A linear spec's sizes: a minimum from 1, a maximum not below it, a step from 1, in a unit of capacity or bandwidth."},
	"err.spec_usage":           {"按需销售的规格须选择其资源类型的一种使用量类型。", "A spec sold on demand is rated by one of its resource type's usage types."},
}

// Size is a size field as typed.
func (f ProductForm) Size(field string) string {
	switch field {
	case "size_min":
		return f.SizeMin
	case "size_max":
		return f.SizeMax
	}
	return f.SizeStep
}

// serviceForm is the service's form: as typed after a refusal, else its values.
func (vm OpsServiceVM) serviceForm() ProductForm {
	if vm.Refused.Form == "edit" {
		return vm.Refused
	}
	s := vm.Service
	return ProductForm{NameZH: s.NameZH, NameEN: s.NameEN, Abbreviation: s.Abbreviation, Marketplace: s.Marketplace}
}

// specForm is the spec's form: as typed after a refusal, else its values.
func (vm OpsSpecVM) specForm() ProductForm {
	if vm.Refused.Form == "edit" {
		return vm.Refused
	}
	s, usage := vm.Spec, ""
	if u := vm.Cat.UsageType(s); u != nil {
		usage = u.Code
	}
	return ProductForm{NameZH: s.NameZH, NameEN: s.NameEN, Period: s.Period, OnDemand: s.OnDemand, UsageType: usage}
}

func specCount(cat *models.Catalog, s *models.ServiceType) int {
	n := 0
	for _, r := range cat.ResourceTypes(s.Code) {
		n += len(cat.Specs(r.Code))
	}
	return n
}

// specModes names the charge modes a spec is sold in.
func specModes(p Page, s *models.ResourceSpec) string {
	switch {
	case s.Period && s.OnDemand:
		return p.T("products.period") + " · " + p.T("products.on_demand")
	case s.Period:
		return p.T("products.period")
	}
	return p.T("products.on_demand")
}

// specSizes is a linear spec's sizes: 10–32768 GB, step 1.
func specSizes(p Page, cat *models.Catalog, s *models.ResourceSpec) string {
	if !s.Linear {
		return p.T("products.not_linear")
	}
	unit := ""
	if u := cat.MeasureUnit(s.SizeMeasureID); u != nil {
		unit = " " + u.Name(p.Lang)
	}
	return fmt.Sprintf("%d–%d%s, %s %d", s.SizeMin, s.SizeMax, unit, p.T("products.size_step"), s.SizeStep)
}

// sizeUnits are the units a linear spec's size may be in: capacity and bandwidth.
func sizeUnits(cat *models.Catalog) []*models.MeasureUnit {
	var out []*models.MeasureUnit
	for _, u := range cat.MeasureUnits() {
		if u.MeasureType == 7 || u.MeasureType == 16 {
			out = append(out, u)
		}
	}
	return out
}

// usageLabel names a usage type with its resource type.
func usageLabel(p Page, cat *models.Catalog, u *models.UsageType) string {
	if r := cat.ResourceTypeOfUsage(u); r != nil {
		return r.Name(p.Lang) + " · " + u.Name(p.Lang)
	}
	return u.Name(p.Lang)
}

// serviceUsages are the usage types of a service's resource types.
func serviceUsages(cat *models.Catalog, s *models.ServiceType) []*models.UsageType {
	var out []*models.UsageType
	for _, r := range cat.ResourceTypes(s.Code) {
		out = append(out, cat.UsageTypes(r.Code)...)
	}
	return out
}
