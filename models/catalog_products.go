package models

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"
)

// The operator's maintenance of what the cloud sells: service types, their resource types, and
// the specs of those. As with regions, a code is what prices, orders, resources and the API name a
// thing by, so it is fixed once made; names can be corrected. A spec's size rules are fixed too:
// a pending order is priced again when it is paid (dueAmounts), and a size it was accepted with
// must still be accepted. A charge mode may be added to a spec, and removed only while the spec
// has no price in it. Nothing is removed: prices, orders and resources keep referring to it.

// Refusals of the products' maintenance.
var (
	ErrServiceCode = newError("CBC.0100", "err.service_code", "a service type's or resource type's code is 3 to 64 lower-case letters, digits, dots, hyphens and underscores, starting with a letter (hws.service.type.ebs)")
	ErrSpecCode    = newError("CBC.0100", "err.spec_code", "a spec's code is 1 to 64 letters, digits, dots, hyphens and underscores, starting with a letter or digit (s6.large.2.linux, GPSSD)")
	ErrSpecModes   = newError("CBC.0100", "err.spec_modes", "a spec is sold yearly/monthly, on demand, or both")
	ErrSpecPriced  = newError("CBC.0100", "err.spec_priced", "the spec has prices in that charge mode: it cannot stop being sold in it")
	ErrSpecSizes   = newError("CBC.0100", "err.spec_sizes", "a linear spec's sizes are a minimum from 1, a maximum not below it, a step from 1, in a unit of capacity or bandwidth")
	ErrSpecUsage   = newError("CBC.0100", "err.spec_usage", "a spec sold on demand is rated by one of its resource type's usage types")
)

var (
	productNameZH = TextRule{Field: "name_zh", Max: 128, Name: true}
	productNameEN = TextRule{Field: "name_en", Max: 128, Name: true}
	abbreviation  = TextRule{Field: "abbreviation", Max: 32, Name: true}
)

// ProductInput is a service type's, a resource type's or a spec's code and names. Parent is the
// code of what it belongs to: a resource type's service type, a spec's resource type.
type ProductInput struct {
	Parent       string
	Code         string
	NameZH       string
	NameEN       string
	Abbreviation string // a service type's (EVS)
	Marketplace  bool   // a service type's: a 云商店 product
}

// SpecInput is a spec's charge modes and, for a linear product, its sizes; the sizes are read
// when the spec is made only.
type SpecInput struct {
	ProductInput
	Period, OnDemand bool
	UsageType        string // the code of the usage its on-demand price is per
	Linear           bool
	SizeMin          int64
	SizeMax          int64
	SizeStep         int64
	SizeMeasureID    uint64
}

// CreateServiceType adds a service type (operator only).
func CreateServiceType(ctx context.Context, db *gorm.DB, a Actor, in ProductInput) (*ServiceType, error) {
	s := ServiceType{Marketplace: in.Marketplace}
	err := serviceFields(&s, in)
	if err == nil && !serviceCode(strings.TrimSpace(in.Code)) {
		err = &FieldError{Field: "code", Err: ErrServiceCode}
	}
	if err != nil || a.Kind != OperatorUser {
		return nil, forbiddenOr(a, err)
	}
	s.Code = strings.TrimSpace(in.Code)
	return &s, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Create(&s).Error; err != nil {
			return codeTaken(err)
		}
		return audit(tx, a, 0, "catalog.service", "service_type", s.ID, nil, &s)
	})
}

// EditServiceType corrects a service type's names and abbreviation and sets whether it is a
// marketplace product; its code stays.
func EditServiceType(ctx context.Context, db *gorm.DB, a Actor, id uint64, in ProductInput) (*ServiceType, error) {
	var edited, s ServiceType
	if err := serviceFields(&edited, in); err != nil || a.Kind != OperatorUser {
		return nil, forbiddenOr(a, err)
	}
	return &s, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Take(&s, id).Error; err != nil {
			return notFound(err)
		}
		before := s
		s.NameZH, s.NameEN, s.Abbreviation, s.Marketplace = edited.NameZH, edited.NameEN, edited.Abbreviation, in.Marketplace
		if err := tx.Model(&s).Select("name_zh", "name_en", "abbreviation", "marketplace").Updates(&s).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "catalog.service", "service_type", s.ID, &before, &s)
	})
}

func serviceFields(s *ServiceType, in ProductInput) (err error) {
	if s.NameZH, s.NameEN, err = productNames(in); err != nil {
		return err
	}
	s.Abbreviation, err = abbreviation.Clean(in.Abbreviation)
	return err
}

// CreateResourceType adds a resource type to a service type.
func CreateResourceType(ctx context.Context, db *gorm.DB, a Actor, in ProductInput) (*ResourceType, error) {
	var r ResourceType
	var err error
	if r.NameZH, r.NameEN, err = productNames(in); err == nil && !serviceCode(strings.TrimSpace(in.Code)) {
		err = &FieldError{Field: "code", Err: ErrServiceCode}
	}
	if err != nil || a.Kind != OperatorUser {
		return nil, forbiddenOr(a, err)
	}
	r.Code = strings.TrimSpace(in.Code)
	return &r, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		var s ServiceType
		if err := tx.Where("code = ?", strings.TrimSpace(in.Parent)).Take(&s).Error; err != nil {
			return parentMissing(err, ErrUnknownServiceType)
		}
		r.ServiceTypeID = s.ID
		if err := tx.Create(&r).Error; err != nil {
			return codeTaken(err)
		}
		return audit(tx, a, 0, "catalog.resource_type", "resource_type", r.ID, nil, &r)
	})
}

// RenameResourceType corrects a resource type's names.
func RenameResourceType(ctx context.Context, db *gorm.DB, a Actor, id uint64, in ProductInput) (*ResourceType, error) {
	zh, en, err := productNames(in)
	if err != nil || a.Kind != OperatorUser {
		return nil, forbiddenOr(a, err)
	}
	var r ResourceType
	return &r, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Take(&r, id).Error; err != nil {
			return notFound(err)
		}
		before := r
		r.NameZH, r.NameEN = zh, en
		if err := tx.Model(&r).Select("name_zh", "name_en").Updates(&r).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "catalog.resource_type", "resource_type", r.ID, &before, &r)
	})
}

// CreateSpec adds a spec to a resource type, with its charge modes and, linear, its sizes.
func CreateSpec(ctx context.Context, db *gorm.DB, a Actor, in SpecInput) (*ResourceSpec, error) {
	s := ResourceSpec{Period: in.Period, OnDemand: in.OnDemand, Linear: in.Linear}
	err := specNamesModes(&s, in)
	if err == nil && !specCode(strings.TrimSpace(in.Code)) {
		err = &FieldError{Field: "code", Err: ErrSpecCode}
	}
	if err != nil || a.Kind != OperatorUser {
		return nil, forbiddenOr(a, err)
	}
	s.Code = strings.TrimSpace(in.Code)
	return &s, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		var r ResourceType
		if err := tx.Where("code = ?", strings.TrimSpace(in.Parent)).Take(&r).Error; err != nil {
			return parentMissing(err, ErrUnknownResourceType)
		}
		s.ResourceTypeID = r.ID
		if err := specSizes(tx, &s, in); err != nil {
			return err
		}
		if err := specUsage(tx, &s, in); err != nil {
			return err
		}
		if err := tx.Create(&s).Error; err != nil {
			return codeTaken(err)
		}
		return audit(tx, a, 0, "catalog.spec", "resource_spec", s.ID, nil, &s)
	})
}

// EditSpec corrects a spec's names and charge modes. A mode it has prices in stays.
func EditSpec(ctx context.Context, db *gorm.DB, a Actor, id uint64, in SpecInput) (*ResourceSpec, error) {
	var edited ResourceSpec
	if err := specNamesModes(&edited, in); err != nil || a.Kind != OperatorUser {
		return nil, forbiddenOr(a, err)
	}
	var s ResourceSpec
	return &s, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Take(&s, id).Error; err != nil {
			return notFound(err)
		}
		before := s
		s.NameZH, s.NameEN, s.Period, s.OnDemand = edited.NameZH, edited.NameEN, in.Period, in.OnDemand
		if err := keepPricedModes(tx, &before, &s); err != nil {
			return err
		}
		if err := specUsage(tx, &s, in); err != nil {
			return err
		}
		if err := tx.Model(&s).Select("name_zh", "name_en", "period", "on_demand", "usage_type_id").Updates(&s).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "catalog.spec", "resource_spec", s.ID, &before, &s)
	})
}

func specNamesModes(s *ResourceSpec, in SpecInput) (err error) {
	if s.NameZH, s.NameEN, err = productNames(in.ProductInput); err != nil {
		return err
	}
	if !in.Period && !in.OnDemand {
		return &FieldError{Field: "modes", Err: ErrSpecModes}
	}
	return nil
}

// keepPricedModes refuses to stop selling a spec in a charge mode it has prices in: an order
// pending payment is priced again when paid, and the price list would list what cannot be sold.
func keepPricedModes(tx *gorm.DB, before, after *ResourceSpec) error {
	var dropped []PriceMode
	if before.Period && !after.Period {
		dropped = append(dropped, PerMonth, PerYear)
	}
	if before.OnDemand && !after.OnDemand {
		dropped = append(dropped, PerDemand)
	}
	if len(dropped) == 0 {
		return nil
	}
	var n int64
	if err := tx.Model(&PriceKey{}).Where("spec_id = ? AND mode IN ?", before.ID, dropped).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return &FieldError{Field: "modes", Err: ErrSpecPriced}
	}
	return nil
}

// specSizes checks a linear spec's sizes and their unit (capacity or bandwidth).
func specSizes(tx *gorm.DB, s *ResourceSpec, in SpecInput) error {
	if !in.Linear {
		return nil
	}
	if in.SizeMin < 1 || in.SizeMax < in.SizeMin || in.SizeStep < 1 || in.SizeMax > 1<<40 {
		return &FieldError{Field: "size", Err: ErrSpecSizes}
	}
	var u MeasureUnit
	if err := tx.Take(&u, in.SizeMeasureID).Error; err != nil || u.MeasureType != 7 && u.MeasureType != 16 {
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		return &FieldError{Field: "size_measure_id", Err: ErrSpecSizes}
	}
	s.SizeMin, s.SizeMax, s.SizeStep, s.SizeMeasureID = in.SizeMin, in.SizeMax, in.SizeStep, in.SizeMeasureID
	return nil
}

// specUsage sets the usage an on-demand spec is rated by: one of its resource type's.
func specUsage(tx *gorm.DB, s *ResourceSpec, in SpecInput) error {
	s.UsageTypeID = 0
	if !s.OnDemand {
		return nil
	}
	var u UsageType
	err := tx.Where("resource_type_id = ? AND code = ?", s.ResourceTypeID, strings.TrimSpace(in.UsageType)).Take(&u).Error
	if err != nil {
		return parentMissing(err, ErrSpecUsage, "usage_type")
	}
	s.UsageTypeID = u.ID
	return nil
}

func productNames(in ProductInput) (zh, en string, err error) {
	if zh, err = productNameZH.Clean(in.NameZH); err == nil && zh == "" {
		err = &FieldError{Field: "name_zh", Err: ErrNameNeeded}
	}
	if err != nil {
		return "", "", err
	}
	if en, err = productNameEN.Clean(in.NameEN); err == nil && en == "" {
		err = &FieldError{Field: "name_en", Err: ErrNameNeeded}
	}
	return zh, en, err
}

// forbiddenOr is the input's refusal, or, for anyone but the operator, ErrForbidden.
func forbiddenOr(a Actor, err error) error {
	if a.Kind != OperatorUser {
		return ErrForbidden
	}
	return err
}

// parentMissing names the form's parent field (or field) when what it names does not exist.
func parentMissing(err error, refusal *Error, field ...string) error {
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	f := "parent"
	if len(field) > 0 {
		f = field[0]
	}
	return &FieldError{Field: f, Err: refusal}
}

// serviceCode is a service or resource type's code's shape: hws.service.type.ebs.
func serviceCode(s string) bool {
	return len(s) >= 3 && s[0] >= 'a' && s[0] <= 'z' && codeChars(s, false)
}

// specCode is a spec's code's shape: s6.large.2.linux, GPSSD, 12_bgp.
func specCode(s string) bool {
	return s != "" && (s[0] != '.' && s[0] != '-' && s[0] != '_') && codeChars(s, true)
}

func codeChars(s string, upper bool) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || upper && c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
