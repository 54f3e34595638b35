package models

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMobile(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "+8613812345678"},
		{"+86 138-1234-5678", "+8613812345678"},
		{"008613812345678", "+8613812345678"},
		{"+8619912345678", "+8619912345678"},
		{"+14155552671", "+14155552671"},
		{"+447911123456", "+447911123456"},
		{"12812345678", ""},       // 1 then 2: no mainland mobile prefix
		{"1381234567", ""},        // 10 digits
		{"138123456789", ""},      // 12 digits
		{"+8613812345", ""},       // short after +86
		{"+0123456789", ""},       // leading zero
		{"+1415555", ""},          // 7 digits
		{"+1234567890123456", ""}, // 16 digits
		{"1381234567a", ""},
		{"", ""},
		{"+", ""},
		{"+86", ""},
		{"１３８１２３４５６７８", ""}, // full-width digits
	} {
		got, err := ParseMobile(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrInvalidMobile) {
				t.Errorf("ParseMobile(%q) = %q, %v; want ErrInvalidMobile", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseMobile(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Li.Qiang@Example.COM", "li.qiang@example.com"},
		{" a@b.cn ", "a@b.cn"},
		{"first+tag@mail.example.org", "first+tag@mail.example.org"},
		{"noatsign", ""},
		{"@example.com", ""},
		{"a@", ""},
		{"a@localhost", ""},
		{"a@b..com", ""},
		{"a@.b.com", ""},
		{"a@b.com.", ""},
		{"Li <li@example.com>", ""},
		{"a b@example.com", ""},
		{"a@[127.0.0.1]", ""},
		{strings.Repeat("a", 120) + "@example.com", ""},
		{"a@b@c.com", ""},
		{"", ""},
	} {
		got, err := ParseEmail(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrInvalidEmail) {
				t.Errorf("ParseEmail(%q) = %q, %v; want ErrInvalidEmail", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseAccountName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Zhang.San", "zhang.san"}, {"ab", ""}, {"has space", ""}, {"名字", ""}, {strings.Repeat("a", 65), ""},
	} {
		got, err := ParseAccountName(tc.in)
		if (tc.want == "") != (err != nil) || got != tc.want {
			t.Errorf("ParseAccountName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// The parsers never panic, and what they accept they accept again unchanged.
func FuzzParseMobile(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "+14155552671", "0086", "+", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseMobile(s)
		if err != nil {
			return
		}
		if again, err := ParseMobile(got); err != nil || again != got {
			t.Fatalf("ParseMobile(%q) = %q, but again %q, %v", s, got, again, err)
		}
		if got[0] != '+' || !allDigits(got[1:]) {
			t.Fatalf("ParseMobile(%q) = %q: not E.164", s, got)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"a@b.cn", "Li <li@example.com>", "a@b..com", "\"a\"@b.com", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseEmail(s)
		if err != nil {
			return
		}
		if again, err := ParseEmail(got); err != nil || again != got {
			t.Fatalf("ParseEmail(%q) = %q, but again %q, %v", s, got, again, err)
		}
	})
}
