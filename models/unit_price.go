package models

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// UnitPrice is a price per unit (per month, per year, per hour, per GB-month…) in yuan with at
// most 8 decimal places (SPEC 3: unit prices keep 8 places; only an inquiry's or a bill's line is
// rounded, to fen). It is stored as an INTEGER of 1e-8 yuan so that comparisons and sums are
// exact; the largest, 10^10 yuan, is 10^18 units and fits an int64.
type UnitPrice struct{ decimal.Decimal }

// UnitPricePlaces is how many decimal places a unit price keeps.
const UnitPricePlaces = 8

// maxUnitPrice bounds a unit price: a typo of many digits is refused, not stored.
var maxUnitPrice = decimal.New(1, 10)

// UnitPriceOf makes a UnitPrice from units of 1e-8 yuan.
func UnitPriceOf(units int64) UnitPrice { return UnitPrice{decimal.New(units, -UnitPricePlaces)} }

// GormDataType makes every unit price column an integer.
func (UnitPrice) GormDataType() string { return "integer" }

// GormDBDataType makes it a 64-bit integer (Money's).
func (UnitPrice) GormDBDataType(db *gorm.DB, _ *schema.Field) string { return int64Type(db) }

// Value refuses digits past the 8th place rather than rounding them away.
func (p UnitPrice) Value() (driver.Value, error) {
	if !p.Equal(p.Round(UnitPricePlaces)) || p.Abs().GreaterThan(maxUnitPrice) {
		return nil, fmt.Errorf("models: unit price %s has more than 8 decimal places or is out of range", p.String())
	}
	return p.Shift(UnitPricePlaces).IntPart(), nil
}

// Scan reads integer units of 1e-8 yuan.
func (p *UnitPrice) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		p.Decimal = decimal.New(x, -UnitPricePlaces)
	case nil:
		p.Decimal = decimal.Zero
	default:
		return fmt.Errorf("models: cannot scan %T into UnitPrice", v)
	}
	return nil
}

// String is the price with the places it needs, at least 2 ("0.0035", "12.50").
func (p UnitPrice) String() string {
	s := p.StringFixed(UnitPricePlaces)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// ParseUnitPrice parses an operator's price: plain decimal notation, not negative, at most 8
// decimal places, at most 10^10 yuan. A refusal is ErrInvalidPrice.
func ParseUnitPrice(s string) (UnitPrice, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 || strings.ContainsAny(s, "eE+_") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return UnitPrice{}, ErrInvalidPrice
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.IsNegative() || strings.HasPrefix(s, "-") || d.GreaterThan(maxUnitPrice) {
		return UnitPrice{}, ErrInvalidPrice
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > UnitPricePlaces {
		return UnitPrice{}, ErrInvalidPrice
	}
	return UnitPrice{d}, nil
}

// Percent is a discount: the share of the price taken off, from 0 to 100 % with at most 2 decimal
// places, stored as an INTEGER of basis points (1 % = 100).
type Percent struct{ decimal.Decimal }

// PercentOf makes a Percent from basis points.
func PercentOf(bp int64) Percent { return Percent{decimal.New(bp, -2)} }

// GormDataType makes every percent column an integer.
func (Percent) GormDataType() string { return "integer" }

// Value is basis points; more than 2 places is refused.
func (p Percent) Value() (driver.Value, error) {
	if !p.Equal(p.Round(2)) {
		return nil, fmt.Errorf("models: percent %s has more than 2 decimal places", p.String())
	}
	return p.Shift(2).IntPart(), nil
}

// Scan reads basis points.
func (p *Percent) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		p.Decimal = decimal.New(x, -2)
	case nil:
		p.Decimal = decimal.Zero
	default:
		return fmt.Errorf("models: cannot scan %T into Percent", v)
	}
	return nil
}

// Fraction is the percent as a fraction (15 % → 0.15).
func (p Percent) Fraction() decimal.Decimal { return p.Shift(-2) }

// ParsePercent parses a discount rate in percent ("15", "12.5", "12.50 %"): more than 0, at most
// 100, at most 2 decimal places. A refusal is ErrInvalidRate.
func ParsePercent(s string) (Percent, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" || len(s) > 16 || strings.ContainsAny(s, "eE+-_") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return Percent{}, ErrInvalidRate
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.IsPositive() || d.GreaterThan(decimal.NewFromInt(100)) || !d.Equal(d.Round(2)) {
		return Percent{}, ErrInvalidRate
	}
	return Percent{d}, nil
}
