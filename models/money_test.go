package models

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"partnerhub/store"
)

func TestParseMoney(t *testing.T) {
	valid := []struct{ in, want string }{
		{"1", "1.00"},
		{"1.5", "1.50"},
		{"1.50", "1.50"},
		{"0.01", "0.01"},
		{"0", "0.00"},
		{"0.00", "0.00"},
		{"1,234.50", "1234.50"},
		{"1,234", "1234.00"},
		{"12,345,678.9", "12345678.90"},
		{"¥12.30", "12.30"},
		{"¥1,000", "1000.00"},
		{" ¥ 12.30 ", "12.30"},
		{"\t42\n", "42.00"},
		{"007", "7.00"},
		{".5", "0.50"},
		{"1.", "1.00"},
		{"1.230", "1.23"}, // a trailing zero is not a third decimal
		{"-5", "-5.00"},
		{"-1,234.56", "-1234.56"},
		{"9999999999999.99", "9999999999999.99"}, // 13 integer digits
		{"9,999,999,999,999", "9999999999999.00"},
	}
	for _, c := range valid {
		m, err := ParseMoney(c.in)
		if err != nil {
			t.Errorf("ParseMoney(%q): %v", c.in, err)
			continue
		}
		if got := m.StringFixed(2); got != c.want {
			t.Errorf("ParseMoney(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	invalid := []string{
		"", " ", "¥", "¥ ", "abc", "1a", "a1", "1.234", "0.001", "1.2345", "1e3", "1E3", "1e-2", "-", "--1", "+1",
		"1-", ".", "-.", "1.2.3", "NaN", "nan", "Inf", "-Inf", "Infinity", "0x10", "0b1", "1_000", "1 000", "１２",
		"10000000000000", "10000000000000.00", "-10000000000000", "99999999999999", "123456789012345678901",
		"¥¥1", "$1", "1¥", "1,5", "1,50", "12,34", "1,2345", "1234,567", "1,,234", ",1", "1,", ",", "1.5,0", "1.,5",
		"1,234.5,6", "1.234,50", "١٢", "0.1.", "\x00", "1\x00",
	}
	for _, in := range invalid {
		if m, err := ParseMoney(in); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ParseMoney(%q) = %v, %v; want ErrInvalidInput", in, m, err)
		}
	}
}

func TestMoneyFormat(t *testing.T) {
	cases := []struct {
		m    Money
		want string
	}{
		{Fen(123450), "¥1,234.50"},
		{Fen(0), "¥0.00"},
		{Money{}, "¥0.00"},
		{Fen(-1200), "-¥12.00"},
		{Fen(100000000), "¥1,000,000.00"},
		{Fen(1), "¥0.01"},
		{Fen(99), "¥0.99"},
		{Fen(100), "¥1.00"},
		{Fen(99999), "¥999.99"},
		{Fen(100000), "¥1,000.00"},
		{Fen(-100000), "-¥1,000.00"},
		{Fen(1234567890123), "¥12,345,678,901.23"},
		{Fen(999999999999999), "¥9,999,999,999,999.99"},
		{Money{decimal.RequireFromString("12.3")}, "¥12.30"},
	}
	for _, c := range cases {
		if got := c.m.Format(); got != c.want {
			t.Errorf("%s.Format() = %q, want %q", c.m.String(), got, c.want)
		}
	}
	// what Format shows, ParseMoney reads back
	for _, c := range cases {
		if c.m.IsNegative() {
			continue
		}
		back, err := ParseMoney(c.want)
		if err != nil || !back.Equal(c.m.Decimal) {
			t.Errorf("ParseMoney(%q) = %v, %v", c.want, back, err)
		}
	}
}

func TestMoneyValueScan(t *testing.T) {
	for _, fen := range []int64{0, 1, -1, 99, 100, 123450, -1200, 999999999999999, math.MaxInt64, math.MinInt64} {
		m := Fen(fen)
		v, err := m.Value()
		if err != nil {
			t.Fatalf("Fen(%d).Value(): %v", fen, err)
		}
		if v != driver.Value(fen) {
			t.Errorf("Fen(%d).Value() = %v (%T)", fen, v, v)
		}
		var back Money
		if err := back.Scan(v); err != nil || !back.Equal(m.Decimal) {
			t.Errorf("Scan(%v) = %v, %v", v, back, err)
		}
	}
	var m Money
	if err := m.Scan(nil); err != nil || !m.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", m, err)
	}
	for _, bad := range []any{"12.30", 12.3, []byte("1230"), true} {
		if err := m.Scan(bad); err == nil {
			t.Errorf("Scan(%T) accepted", bad)
		}
	}
	// sub-fen amounts and amounts beyond the column are refused, never rounded or wrapped
	for _, s := range []string{"0.001", "1.005", "-0.009", "12.345678", "92233720368547758.08", "-92233720368547758.09", "1e30"} {
		if v, err := (Money{decimal.RequireFromString(s)}).Value(); err == nil {
			t.Errorf("Value of %s = %v, want an error", s, v)
		}
	}
	// through the database
	db := testDB(t)
	for _, fen := range []int64{0, 1, 123450, 999999999999999, -5} {
		e := Enterprise{Name: "x", CreditCode: fmt.Sprintf("m%d", fen), RegisteredCapital: Fen(fen), EstablishedOn: testNow}
		if err := db.Create(&e).Error; err != nil {
			t.Fatal(err)
		}
		var got Enterprise
		if err := db.First(&got, e.ID).Error; err != nil {
			t.Fatal(err)
		}
		if !got.RegisteredCapital.Equal(Fen(fen).Decimal) {
			t.Errorf("stored %d fen, read %v", fen, got.RegisteredCapital)
		}
		var typ string
		if store.IsPostgres(db) {
			db.Raw("SELECT data_type FROM information_schema.columns WHERE table_name = 'enterprises' AND column_name = 'registered_capital'").Scan(&typ)
			typ = strings.TrimPrefix(typ, "big") // bigint: a 64-bit integer
		} else {
			db.Raw("SELECT typeof(registered_capital) FROM enterprises WHERE id = ?", e.ID).Scan(&typ)
		}
		if typ != "integer" && typ != "int" {
			t.Errorf("stored as %s", typ)
		}
	}
	e := Enterprise{Name: "y", CreditCode: "sub-fen", RegisteredCapital: Money{decimal.RequireFromString("0.005")}, EstablishedOn: testNow}
	if err := db.Create(&e).Error; err == nil {
		t.Error("a sub-fen amount was stored")
	}
}

// FuzzParseMoney: ParseMoney never panics, and what it accepts has at most 2 decimals, fits the
// bounds, is stored exactly, and reads back from its own fixed-point text.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1", "1.5", "1,234.50", "¥12.30", "0.01", "", "abc", "1.234", "1e3", "-", "NaN",
		"99999999999999", "9999999999999.99", "-0.00", ".5", "1.", "1,5", "¥-1", "0.000", " ¥ 1,000 ", "-9,999.990"} {
		f.Add(s)
	}
	limit := decimal.New(1, 13)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("ParseMoney(%q): unexpected error %v", s, err)
			}
			return
		}
		if !m.Equal(m.Round(2)) || m.Exponent() < -2 {
			t.Fatalf("ParseMoney(%q) = %s: more than 2 decimals", s, m.String())
		}
		if m.Abs().GreaterThanOrEqual(limit) {
			t.Fatalf("ParseMoney(%q) = %s: 13 integer digits at most", s, m.String())
		}
		fixed := m.StringFixed(2)
		back, err := ParseMoney(fixed)
		if err != nil || !back.Equal(m.Decimal) {
			t.Fatalf("ParseMoney(%q) = %s, but ParseMoney(%q) = %v, %v", s, m.String(), fixed, back, err)
		}
		v, err := m.Value()
		if err != nil {
			t.Fatalf("Value of %s: %v", m.String(), err)
		}
		var scanned Money
		if err := scanned.Scan(v); err != nil || !scanned.Equal(m.Decimal) {
			t.Fatalf("Scan(Value(%s)) = %v, %v", m.String(), scanned, err)
		}
		if !m.IsNegative() {
			if again, err := ParseMoney(m.Format()); err != nil || !again.Equal(m.Decimal) {
				t.Fatalf("ParseMoney(%q) = %v, %v", m.Format(), again, err)
			}
		}
		if strings.Contains(s, ",") {
			// a separator only groups the integer part's digits by three: each is followed by three
			// digits and then another separator, the decimal point or the end
			text := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "¥"))
			for i := 0; i < len(text); i++ {
				if text[i] != ',' {
					continue
				}
				if i == 0 || text[i-1] < '0' || text[i-1] > '9' || i+4 > len(text) ||
					strings.Trim(text[i+1:i+4], "0123456789") != "" || i+4 < len(text) && !strings.ContainsRune(",.", rune(text[i+4])) {
					t.Fatalf("ParseMoney(%q) = %s accepts a comma that is no thousands separator", s, m.String())
				}
			}
			plain, err := ParseMoney(strings.ReplaceAll(s, ",", ""))
			if err != nil || !plain.Equal(m.Decimal) {
				t.Fatalf("ParseMoney(%q) = %s but without separators %v, %v", s, m.String(), plain, err)
			}
		}
	})
}
