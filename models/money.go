package models

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"partnerhub/store"
)

// Money is an exact CNY amount with at most 2 decimal places. It is stored as an INTEGER of fen so
// that SQL SUM, ORDER BY and comparisons are exact (SQLite's NUMERIC affinity would store floats).
type Money struct{ decimal.Decimal }

// Fen makes a Money from integer fen (1 yuan = 100 fen).
func Fen(n int64) Money { return Money{decimal.New(n, -2)} }

// GormDataType makes every Money column an integer in every dialect.
func (Money) GormDataType() string { return "integer" }

// GormDBDataType makes it a 64-bit integer: SQLite's integer is, PostgreSQL's is bigint.
func (Money) GormDBDataType(db *gorm.DB, _ *schema.Field) string { return int64Type(db) }

// int64Type is the column type of a 64-bit integer in db's dialect.
func int64Type(db *gorm.DB) string {
	if store.IsPostgres(db) {
		return "bigint"
	}
	return "integer"
}

// Value refuses sub-fen digits rather than rounding them away silently.
func (m Money) Value() (driver.Value, error) {
	if !m.Equal(m.Round(2)) {
		return nil, fmt.Errorf("models: amount %s has more than 2 decimal places", m.String())
	}
	fen := m.Shift(2).BigInt()
	if !fen.IsInt64() { // IntPart would wrap around
		return nil, fmt.Errorf("models: amount %s is out of range", m.String())
	}
	return fen.Int64(), nil
}

// Scan reads integer fen.
func (m *Money) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		m.Decimal = decimal.New(x, -2)
	case nil:
		m.Decimal = decimal.Zero
	default:
		return fmt.Errorf("models: cannot scan %T into Money", v)
	}
	return nil
}

// ParseMoney parses a user-entered amount: plain decimal notation, at most 2 decimal places,
// at most 13 integer digits. Thousands separators and a leading ¥ are accepted.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "¥"))
	s, ok := stripThousands(s)
	if !ok || s == "" || len(s) > 20 || strings.ContainsAny(s, "eE+") {
		return Money{}, ErrInvalidInput
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.Exponent() < -2 && !d.Equal(d.Round(2)) {
		return Money{}, ErrInvalidInput
	}
	if d.Abs().GreaterThanOrEqual(decimal.New(1, 13)) {
		return Money{}, ErrInvalidInput
	}
	return Money{d.Round(2)}, nil
}

// stripThousands removes the thousands separators of s, which must group the integer part's digits
// by three ("1,234,567.89"); a comma anywhere else is refused, not dropped: "1,50" is not 150.
func stripThousands(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	intPart, frac, _ := strings.Cut(s, ".")
	groups := strings.Split(strings.TrimPrefix(intPart, "-"), ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 || strings.Contains(frac, ",") {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.ReplaceAll(s, ",", ""), true
}

// Format shows the amount as ¥1,234.50 (negative as -¥1,234.50).
func (m Money) Format() string {
	s := m.Abs().StringFixed(2)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	sign := ""
	if m.IsNegative() {
		sign = "-"
	}
	return sign + "¥" + b.String() + "." + frac
}
