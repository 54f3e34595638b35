package models

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParsePriceToken(t *testing.T) {
	t.Parallel()
	name, hash := strings.Repeat("a1", 16), strings.Repeat("0f", 32)
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{name + "." + hash, true},
		{"", false},
		{name, false},
		{name + "." + hash + "0", false},
		{name[:31] + "." + hash, false},
		{strings.ToUpper(name) + "." + hash, false},
		{name + "." + hash[:63] + "g", false},
		{"../../etc/passw." + hash, false},
		{name + "/" + hash, false},
	} {
		tok, err := ParsePriceToken(tc.in)
		if (err == nil) != tc.ok || (tc.ok && tok.String() != tc.in) || (!tc.ok && !errors.Is(err, ErrPriceStash)) {
			t.Errorf("ParsePriceToken(%q) = %v, %v", tc.in, tok, err)
		}
	}
}

func FuzzParsePriceToken(f *testing.F) {
	f.Add(strings.Repeat("a1", 16) + "." + strings.Repeat("0f", 32))
	f.Add("../x.y")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := ParsePriceToken(s)
		if err == nil && (tok.String() != s || strings.ContainsAny(s, "/\\") || len(s) != 97) {
			t.Fatalf("accepted %q", s)
		}
	})
}

// A kept file is read back by its operator only, as kept; a changed or old one is refused.
func TestPriceStash(t *testing.T) {
	t.Parallel()
	s := PriceStash{Dir: t.TempDir()}
	op, other := Actor{UserID: 1, Kind: OperatorUser}, Actor{UserID: 2, Kind: OperatorUser}
	now := time.Now()
	if _, err := s.Keep(Actor{UserID: 3, Kind: PartnerUser}, []byte("x"), now); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner keeps a file: %v", err)
	}
	tok, err := s.Keep(op, []byte("region,price\n"), now)
	if err != nil {
		t.Fatal(err)
	}
	if raw, err := s.Take(op, tok); err != nil || string(raw) != "region,price\n" {
		t.Errorf("take: %q, %v", raw, err)
	}
	if _, err := s.Take(other, tok); !errors.Is(err, ErrPriceStash) {
		t.Errorf("another operator's file: %v", err)
	}
	os.WriteFile(s.path(op, tok), []byte("region,price\nchanged\n"), 0o600)
	if _, err := s.Take(op, tok); !errors.Is(err, ErrPriceStash) {
		t.Errorf("a changed file: %v", err)
	}
	s.Keep(op, []byte("later"), now.Add(priceStashAge+time.Minute)) // sweeps the first
	if _, err := os.Stat(s.path(op, tok)); !os.IsNotExist(err) {
		t.Errorf("a day-old file is kept: %v", err)
	}
	s.Drop(op, tok)
}
