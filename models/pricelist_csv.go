package models

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The price list as a CSV file: the operator exports the list in effect at a time, edits it in a
// spreadsheet, previews what an import would change, and imports it as a new version. A row is
// one price; rows the file leaves out keep their price.

// PriceColumns are the columns of a price-list CSV, in this order, as its header.
var PriceColumns = []string{"region", "service_type", "resource_type", "resource_spec", "mode", "unit_price"}

// MaxPriceRows bounds one price-list file.
const MaxPriceRows = 200000

// PriceRow is an accepted row of a price-list file.
type PriceRow struct {
	Line      int
	Region    *Region
	Spec      *ResourceSpec
	Mode      PriceMode
	UnitPrice UnitPrice
}

// priceRef identifies a priced key by its parts.
type priceRef struct {
	spec, region uint64
	mode         PriceMode
}

// parsePriceCSV reads a price-list file against the catalog. A file that is not one (not UTF-8,
// not CSV, other columns, too long) is refused whole with a *CSVError; a row with a bad value is
// refused alone with its line and column, and the other rows are returned.
func parsePriceCSV(r io.Reader, cat *catalog) ([]PriceRow, []RowError, error) {
	cr, err := openCSV(r, 64<<20, PriceColumns)
	if err != nil {
		return nil, nil, err
	}
	var rows []PriceRow
	var rejected []RowError
	seen := map[priceRef]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, recordError(err, rec)
		}
		line, _ := cr.FieldPos(0)
		if len(rows)+len(rejected) >= MaxPriceRows {
			return nil, nil, &CSVError{Line: line, Reason: CSVTooManyRows}
		}
		row, col, err := cat.priceRow(rec)
		if err == nil {
			ref := priceRef{row.Spec.ID, row.Region.ID, row.Mode}
			if first, dup := seen[ref]; dup {
				col, err = "resource_spec", duplicateRow(first)
			} else {
				seen[ref] = line
			}
		}
		if err != nil {
			rejected = append(rejected, RowError{Line: line, Column: col, Err: err})
			continue
		}
		row.Line = line
		rows = append(rows, row)
	}
	return rows, rejected, nil
}

// priceRow checks one record; on a refusal it names the column.
func (c *catalog) priceRow(rec []string) (PriceRow, string, error) {
	f := make([]string, len(rec))
	for i, s := range rec {
		f[i] = strings.TrimSpace(s)
	}
	region := c.regionCode[f[0]]
	if region == nil {
		return PriceRow{}, "region", ErrUnknownRegion
	}
	st := c.serviceCode[f[1]]
	if st == nil {
		return PriceRow{}, "service_type", ErrUnknownServiceType
	}
	rt := c.rtypeCode[f[2]]
	if rt == nil || rt.ServiceTypeID != st.ID {
		return PriceRow{}, "resource_type", ErrUnknownResourceType
	}
	spec := c.specs[specRef{rt.ID, f[3]}]
	if spec == nil {
		return PriceRow{}, "resource_spec", ErrUnknownSpec
	}
	mode := PriceMode(f[4])
	if !spec.soldIn(mode) {
		return PriceRow{}, "mode", ErrPriceMode
	}
	p, err := ParseUnitPrice(f[5])
	if err != nil {
		return PriceRow{}, "unit_price", err
	}
	return PriceRow{Region: region, Spec: spec, Mode: mode, UnitPrice: p}, "", nil
}

// PriceChange is a row that changes a price: the one in effect at the version's time (nil: the
// product had no price there) and the new one.
type PriceChange struct {
	Line         int
	Region       string
	ServiceType  string
	ResourceType string
	Spec         string
	Mode         PriceMode
	Old          *UnitPrice
	New          UnitPrice
}

// PricePreview is what an import would do at a time: its changes, how many rows change nothing,
// and the rows refused with their line and column.
type PricePreview struct {
	At        time.Time
	Changes   []PriceChange
	Unchanged int
	Rejected  []RowError
}

// PreviewPrices reads a price-list file and says what importing it to take effect at at (zero:
// now) would change, changing nothing. Operator only.
func PreviewPrices(ctx context.Context, db *gorm.DB, a Actor, r io.Reader, at time.Time) (*PricePreview, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	if at.IsZero() {
		at = time.Now().UTC()
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	rows, rejected, err := parsePriceCSV(r, cat)
	if err != nil {
		return nil, err
	}
	return preview(db.WithContext(ctx), cat, rows, rejected, at)
}

// preview compares the rows with the prices in effect at at.
func preview(db *gorm.DB, cat *catalog, rows []PriceRow, rejected []RowError, at time.Time) (*PricePreview, error) {
	current, err := pricesAt(db, at)
	if err != nil {
		return nil, err
	}
	p := &PricePreview{At: at, Rejected: rejected}
	for _, row := range rows {
		old, had := current[priceRef{row.Spec.ID, row.Region.ID, row.Mode}]
		if had && old.Equal(row.UnitPrice.Decimal) {
			p.Unchanged++
			continue
		}
		rt := cat.rtypeID[row.Spec.ResourceTypeID]
		ch := PriceChange{Line: row.Line, Region: row.Region.Code, ServiceType: cat.serviceID[rt.ServiceTypeID].Code,
			ResourceType: rt.Code, Spec: row.Spec.Code, Mode: row.Mode, New: row.UnitPrice}
		if had {
			ch.Old = &old
		}
		p.Changes = append(p.Changes, ch)
	}
	return p, nil
}

// pricesAt is every key's price in effect at at.
func pricesAt(db *gorm.DB, at time.Time) (map[priceRef]UnitPrice, error) {
	var rows []struct {
		SpecID, RegionID uint64
		Mode             PriceMode
		UnitPrice        UnitPrice
	}
	err := db.Raw(`SELECT k.spec_id, k.region_id, k.mode, p.unit_price FROM price_keys k
		JOIN prices p ON p.id = (SELECT id FROM prices WHERE key_id = k.id AND effective_at <= ?
			ORDER BY effective_at DESC, version_id DESC LIMIT 1)`, at.UTC()).Scan(&rows).Error
	out := make(map[priceRef]UnitPrice, len(rows))
	for _, r := range rows {
		out[priceRef{r.SpecID, r.RegionID, r.Mode}] = r.UnitPrice
	}
	return out, err
}

// ImportPricesInput is an import's version: when it takes effect (zero: now) and why.
type ImportPricesInput struct {
	EffectiveAt time.Time
	Reason      string
}

// ImportPrices imports a price-list file as one new version of the rows that change a price,
// audited. A file with a refused row imports nothing (ErrPriceImportRows, with the preview that
// lists them): a price list half applied is worse than one not applied. A file that changes
// nothing is ErrNothingToImport.
func ImportPrices(ctx context.Context, db *gorm.DB, a Actor, r io.Reader, in ImportPricesInput) (*PricePreview, *PriceVersion, error) {
	if a.Kind != OperatorUser {
		return nil, nil, ErrForbidden
	}
	reason, at, err := versionHeader(in.Reason, in.EffectiveAt)
	if err != nil {
		return nil, nil, err
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	rows, rejected, err := parsePriceCSV(r, cat)
	if err != nil {
		return nil, nil, err
	}
	var p *PricePreview
	var v *PriceVersion
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if p, err = preview(tx, cat, rows, rejected, at); err != nil {
			return err
		}
		switch {
		case len(p.Rejected) > 0:
			return ErrPriceImportRows
		case len(p.Changes) == 0:
			return ErrNothingToImport
		}
		v, err = applyChanges(tx, a, cat, p.Changes, at, reason)
		return err
	})
	return p, v, err
}

// applyChanges writes the changes as a version.
func applyChanges(tx *gorm.DB, a Actor, cat *catalog, changes []PriceChange, at time.Time, reason string) (*PriceVersion, error) {
	v := &PriceVersion{EffectiveAt: at, Reason: reason, Source: "import", RowCount: len(changes), CreatedBy: a.UserID, CreatedAt: time.Now().UTC()}
	if err := tx.Create(v).Error; err != nil {
		return nil, err
	}
	rows := make([]Price, 0, len(changes))
	for _, ch := range changes {
		rt := cat.rtypeCode[ch.ResourceType]
		key, err := ensurePriceKey(tx, cat.specs[specRef{rt.ID, ch.Spec}], cat.regionCode[ch.Region].ID, ch.Mode)
		if err != nil {
			return nil, err
		}
		rows = append(rows, Price{KeyID: key.ID, EffectiveAt: at, VersionID: v.ID, UnitPrice: ch.New})
	}
	if err := tx.CreateInBatches(&rows, 500).Error; err != nil {
		return nil, err
	}
	return v, audit(tx, a, 0, "price.import", "price_version", v.ID, nil, map[string]any{
		"changed": len(changes), "effective_at": at.Format(time.RFC3339), "reason": reason})
}

// ExportPrices writes the price list in effect at at (zero: now) as CSV, in PriceColumns, sorted
// by region, service, resource type, spec and mode: the file an import takes back.
func ExportPrices(ctx context.Context, db *gorm.DB, a Actor, w io.Writer, at time.Time) error {
	if a.Kind != OperatorUser {
		return ErrForbidden
	}
	if at.IsZero() {
		at = time.Now().UTC()
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return err
	}
	current, err := pricesAt(db.WithContext(ctx), at)
	if err != nil {
		return err
	}
	lines := make([][]string, 0, len(current))
	for ref, price := range current {
		spec := cat.specID[ref.spec]
		rt := cat.rtypeID[spec.ResourceTypeID]
		lines = append(lines, []string{cat.regionID[ref.region].Code, cat.serviceID[rt.ServiceTypeID].Code, rt.Code,
			spec.Code, string(ref.mode), price.String()})
	}
	slices.SortFunc(lines, func(x, y []string) int { return slices.Compare(x, y) })
	cw := NewCSVWriter(w)
	if err := cw.Write(PriceColumns...); err != nil {
		return err
	}
	for _, l := range lines {
		if err := cw.Write(l...); err != nil {
			return err
		}
	}
	return cw.Flush()
}
