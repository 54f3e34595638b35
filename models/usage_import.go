package models

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Usage from elsewhere (partnerhub usage import FILE.csv): one line per hour of one usage factor
// of one on-demand resource, checked like the other imports (the whole file or nothing; every
// refused line with its line number and column). A line whose hour is already recorded — imported
// before, or generated — is skipped: its key is unique, so it is never rated twice.

// UsageColumns are the columns of a usage CSV, in this order, as its header.
var UsageColumns = []string{"resource_id", "hour", "usage_factor", "usage_value", "usage_measure_id"}

// UsageHeader is the header line of a usage file.
func UsageHeader() string { return strings.Join(UsageColumns, ",") + "\n" }

// MaxUsageRows bounds one usage file.
const MaxUsageRows = 1000000

// UsageHourLayout is how a usage file writes an hour: its start, in the business zone.
const UsageHourLayout = "2006-01-02 15:04"

// Errors of a usage line.
var (
	ErrUsageHour     = newError("CBC.0100", "err.usage_hour", "the hour must be the start of an hour written YYYY-MM-DD HH:00 (Asia/Shanghai), not in the future")
	ErrUsageResource = newError("CBC.0100", "err.usage_resource", "no on-demand resource has this id")
	ErrUsageRefused  = newError("CBC.0100", "err.usage_refused", "the usage file has refused lines: nothing was imported")
)

// UsageLine is an accepted line of a usage file.
type UsageLine struct {
	Line       int
	ResourceID string // the resource's public id
	Hour       time.Time
	Factor     string
	Value      decimal.Decimal
	MeasureID  uint64
}

// usageKey is what a line may not repeat: the unique key of its usage record.
type usageKey struct {
	resource, factor string
	hour             time.Time
}

// parseUsageCSV reads a usage file (its shape and values; the resources are ImportUsage's). A
// file that is not one is refused whole with a *CSVError; a bad line alone, with its line and
// column, and the other lines are returned.
func parseUsageCSV(r io.Reader, now time.Time) ([]UsageLine, []RowError, error) {
	cr, err := openCSV(r, 128<<20, UsageColumns)
	if err != nil {
		return nil, nil, err
	}
	var lines []UsageLine
	var rejected []RowError
	seen := map[usageKey]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, recordError(err, rec)
		}
		line, _ := cr.FieldPos(0)
		if len(lines)+len(rejected) >= MaxUsageRows {
			return nil, nil, &CSVError{Line: line, Reason: CSVTooManyRows}
		}
		u, col, err := usageLine(rec, now)
		if err == nil {
			k := usageKey{u.ResourceID, u.Factor, u.Hour}
			if first, dup := seen[k]; dup {
				col, err = "resource_id", duplicateRow(first)
			} else {
				seen[k] = line
			}
		}
		if err != nil {
			rejected = append(rejected, RowError{Line: line, Column: col, Err: err})
			continue
		}
		u.Line = line
		lines = append(lines, u)
	}
	return lines, rejected, nil
}

// usageLine checks one record's values; on a refusal it names the column.
func usageLine(rec []string, now time.Time) (UsageLine, string, error) {
	f := make([]string, len(rec))
	for i, s := range rec {
		f[i] = strings.TrimSpace(s)
	}
	if f[0] == "" || len(f[0]) > 40 {
		return UsageLine{}, "resource_id", ErrUsageResource
	}
	hour, err := time.ParseInLocation(UsageHourLayout, f[1], BusinessZone)
	if err != nil || hour.Minute() != 0 || hour.Format(UsageHourLayout) != f[1] || hour.Add(time.Hour).After(now) {
		return UsageLine{}, "hour", ErrUsageHour
	}
	if f[2] == "" || len(f[2]) > 32 {
		return UsageLine{}, "usage_factor", ErrUsageFactor
	}
	v, err := parseUsageValue(f[3])
	if err != nil {
		return UsageLine{}, "usage_value", err
	}
	m, err := strconv.ParseUint(f[4], 10, 32)
	if err != nil || m == 0 {
		return UsageLine{}, "usage_measure_id", ErrUsageMeasure
	}
	return UsageLine{ResourceID: f[0], Hour: hour.UTC(), Factor: f[2], Value: v, MeasureID: m}, "", nil
}

// parseUsageValue is a usage: a plain positive decimal (no sign, exponent or separators) of at
// most 8 decimal places, below 10^10.
func parseUsageValue(s string) (decimal.Decimal, error) {
	whole, frac, dot := strings.Cut(s, ".")
	if !allDigits(whole) || dot && !allDigits(frac) || len(frac) > UnitPricePlaces || len(whole) > 10 {
		return decimal.Zero, ErrUsageValue
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.IsPositive() || !d.LessThan(maxUnitPrice) {
		return decimal.Zero, ErrUsageValue
	}
	return d, nil
}

// UsageImport is what an import did: the lines refused (then nothing was imported), or the
// records added and the lines skipped as already recorded.
type UsageImport struct {
	Lines, Added, Skipped int
	Rejected              []RowError
}

// ImportUsage imports a usage file as usage records waiting to be rated (RateUsage rates them):
// every line is checked against its resource (an on-demand resource of that id, the usage factor
// its spec is rated by, a unit convertible to its price's); one refused line refuses the file.
// Audited as one record.
func ImportUsage(ctx context.Context, db *gorm.DB, a Actor, r io.Reader, now time.Time) (*UsageImport, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	lines, rejected, err := parseUsageCSV(r, now)
	if err != nil {
		return nil, err
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	records, more, err := usageRecords(ctx, db, cat, lines, now)
	if err != nil {
		return nil, err
	}
	out := &UsageImport{Lines: len(lines) + len(rejected), Rejected: append(rejected, more...)}
	if len(out.Rejected) > 0 {
		slices.SortFunc(out.Rejected, func(x, y RowError) int { return x.Line - y.Line })
		return out, ErrUsageRefused
	}
	out.Added, err = insertUsage(ctx, db, records, func(tx *gorm.DB, added int) error {
		return audit(tx, a, 0, "usage.import", "usage", 0, nil, map[string]any{"lines": out.Lines, "added": added, "skipped": len(records) - added})
	})
	if err != nil {
		return nil, err
	}
	out.Skipped = len(records) - out.Added
	return out, nil
}

// usageRecords finds each line's resource (1,000 ids a query) and checks the line against it.
func usageRecords(ctx context.Context, db *gorm.DB, cat *catalog, lines []UsageLine, now time.Time) ([]UsageRecord, []RowError, error) {
	byID := map[string]*usageSource{}
	for start := 0; start < len(lines); start += 1000 {
		chunk := lines[start:min(start+1000, len(lines))]
		ids := make([]string, len(chunk))
		for i := range chunk {
			ids[i] = chunk[i].ResourceID
		}
		var rs []usageSource
		err := db.WithContext(ctx).Model(&Resource{}).Select("id, public_id, customer_id, service_type, resource_type, spec").
			Where("public_id IN ? AND charge_mode = ?", ids, ChargeOnDemand).Scan(&rs).Error
		if err != nil {
			return nil, nil, err
		}
		for i := range rs {
			byID[rs[i].PublicID] = &rs[i]
		}
	}
	var records []UsageRecord
	var rejected []RowError
	for _, l := range lines {
		res := byID[l.ResourceID]
		if res == nil {
			rejected = append(rejected, RowError{Line: l.Line, Column: "resource_id", Err: ErrUsageResource})
			continue
		}
		if col, err := cat.checkUsage(res, l); err != nil {
			rejected = append(rejected, RowError{Line: l.Line, Column: col, Err: err})
			continue
		}
		records = append(records, UsageRecord{ResourceID: res.ID, CustomerID: res.CustomerID, Hour: l.Hour, Factor: l.Factor,
			Value: UnitPrice{l.Value}, MeasureID: l.MeasureID, Source: UsageImported, CreatedAt: now.UTC()})
	}
	return records, rejected, nil
}

// checkUsage checks a line against its resource's spec: a usage type it is rated by (its own or
// a companion spec's, catalog.usageSpec), and a unit that converts to that type's.
func (c *catalog) checkUsage(r *usageSource, l UsageLine) (string, error) {
	_, _, spec, err := c.resolve(r.ServiceType, r.ResourceType, r.Spec)
	if err != nil || len(c.usageSpecs(spec)) == 0 {
		return "resource_id", ErrUsageResource
	}
	priced := c.usageSpec(spec, l.Factor)
	if priced == nil {
		return "usage_factor", ErrUsageFactor
	}
	if _, _, ok := c.ratio(l.MeasureID, c.usageID[priced.UsageTypeID].MeasureID); !ok {
		return "usage_measure_id", ErrUsageMeasure
	}
	return "", nil
}
