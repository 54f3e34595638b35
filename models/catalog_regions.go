package models

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"
)

// The operator's maintenance of the catalog's regions and their availability zones. A region's
// or a zone's code is what prices, inquiries and the API name it by, so it is fixed once made:
// the operator adds regions and zones and corrects their names. None is ever removed (the tables
// have no status to disable one by, and a region in use by a price must stay).

// Refusals of the catalog's maintenance.
var (
	ErrRegionCode = newError("CBC.0100", "err.region_code", "a region's code is 2 to 32 lower-case letters, digits and hyphens, starting with a letter (cn-north-1)")
	ErrZoneCode   = newError("CBC.0100", "err.zone_code", "a zone's code is its region's code followed by 1 to 4 lower-case letters or digits (cn-north-1a)")
	ErrCodeTaken  = newError("CBC.0100", "err.code_taken", "the code is already used")
	ErrNameNeeded = newError("CBC.0100", "err.name_needed", "a name in Chinese and in English is required")
)

// The names' rules: names in the catalog are names (nothing invisible), as long as their columns.
var (
	catalogNameZH = TextRule{Field: "name_zh", Max: 64, Name: true}
	catalogNameEN = TextRule{Field: "name_en", Max: 64, Name: true}
)

// PlaceInput is a region's or a zone's code and names; Region is the zone's region's code.
type PlaceInput struct {
	Region string
	Code   string
	NameZH string
	NameEN string
}

// CreateRegion adds a region (operator only).
func CreateRegion(ctx context.Context, db *gorm.DB, a Actor, in PlaceInput) (*Region, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	code := strings.TrimSpace(in.Code)
	if !regionCode(code) {
		return nil, &FieldError{Field: "code", Err: ErrRegionCode}
	}
	zh, en, err := placeNames(in)
	if err != nil {
		return nil, err
	}
	r := Region{Code: code, NameZH: zh, NameEN: en}
	return &r, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			return codeTaken(err)
		}
		return audit(tx, a, 0, "catalog.region", "region", r.ID, nil, &r)
	})
}

// RenameRegion corrects a region's names; its code stays.
func RenameRegion(ctx context.Context, db *gorm.DB, a Actor, id uint64, in PlaceInput) (*Region, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	zh, en, err := placeNames(in)
	if err != nil {
		return nil, err
	}
	var r Region
	return &r, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Take(&r, id).Error; err != nil {
			return notFound(err)
		}
		before := r
		r.NameZH, r.NameEN = zh, en
		if err := tx.Model(&r).Select("name_zh", "name_en").Updates(&r).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "catalog.region", "region", r.ID, &before, &r)
	})
}

// CreateZone adds an availability zone to a region. Its code is unique across regions (a zone is
// of one region) and begins with its region's code, as the cloud names zones.
func CreateZone(ctx context.Context, db *gorm.DB, a Actor, in PlaceInput) (*Zone, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	zh, en, err := placeNames(in)
	if err != nil {
		return nil, err
	}
	var z Zone
	return &z, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		var r Region
		if err := tx.Where("code = ?", strings.TrimSpace(in.Region)).Take(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return &FieldError{Field: "region", Err: ErrUnknownRegion}
			}
			return err
		}
		code := strings.TrimSpace(in.Code)
		if !zoneCode(r.Code, code) {
			return &FieldError{Field: "code", Err: ErrZoneCode}
		}
		z = Zone{Code: code, RegionID: r.ID, NameZH: zh, NameEN: en}
		if err := tx.Create(&z).Error; err != nil {
			return codeTaken(err)
		}
		return audit(tx, a, 0, "catalog.zone", "zone", z.ID, nil, &z)
	})
}

// RenameZone corrects a zone's names; its code and region stay.
func RenameZone(ctx context.Context, db *gorm.DB, a Actor, id uint64, in PlaceInput) (*Zone, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	zh, en, err := placeNames(in)
	if err != nil {
		return nil, err
	}
	var z Zone
	return &z, writeCatalog(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Take(&z, id).Error; err != nil {
			return notFound(err)
		}
		before := z
		z.NameZH, z.NameEN = zh, en
		if err := tx.Model(&z).Select("name_zh", "name_en").Updates(&z).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "catalog.zone", "zone", z.ID, &before, &z)
	})
}

// writeCatalog runs a change of the catalog in a transaction and drops the cached catalog after
// it, so that the next inquiry, page or API call reads the change.
func writeCatalog(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	err := db.WithContext(ctx).Transaction(fn)
	if err == nil {
		invalidateCatalog(db)
	}
	return err
}

func placeNames(in PlaceInput) (zh, en string, err error) {
	if zh, err = catalogNameZH.Clean(in.NameZH); err == nil && zh == "" {
		err = &FieldError{Field: "name_zh", Err: ErrNameNeeded}
	}
	if err != nil {
		return "", "", err
	}
	if en, err = catalogNameEN.Clean(in.NameEN); err == nil && en == "" {
		err = &FieldError{Field: "name_en", Err: ErrNameNeeded}
	}
	return zh, en, err
}

func codeTaken(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return &FieldError{Field: "code", Err: ErrCodeTaken}
	}
	return err
}

// regionCode is a region's code's shape: cn-north-1, ap-southeast-3.
func regionCode(s string) bool {
	if len(s) < 2 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// zoneCode is a zone's code's shape: its region's code and 1 to 4 lower-case letters or digits.
func zoneCode(region, s string) bool {
	rest, ok := strings.CutPrefix(s, region)
	if !ok || len(rest) < 1 || len(rest) > 4 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
