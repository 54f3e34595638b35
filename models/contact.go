package models

import (
	"net/mail"
	"strings"
)

// ParseMobile checks a mobile number and returns it in E.164 form (+8613812345678). It accepts a
// mainland number of 11 digits starting 1[3-9], with or without +86 / 0086, and any international
// number in E.164 (+ then 8 to 15 digits, no leading zero). Spaces and dashes are ignored.
func ParseMobile(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if strings.HasPrefix(s, "0086") {
		s = "+86" + s[4:]
	}
	if !strings.HasPrefix(s, "+") {
		s = "+86" + s
	}
	digits := s[1:]
	if len(digits) < 8 || len(digits) > 15 || digits[0] == '0' || !allDigits(digits) {
		return "", ErrInvalidMobile
	}
	if strings.HasPrefix(digits, "86") {
		cn := digits[2:]
		if len(cn) != 11 || cn[0] != '1' || cn[1] < '3' {
			return "", ErrInvalidMobile
		}
	}
	return s, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParseEmail checks a bare email address (no display name) and returns it in lower case: mail
// systems treat the local part as case-insensitive in practice, and one person must not be two.
// net/mail takes any non-ASCII character in an address (RFC 6532), so what a name refuses (C1
// controls, bidirectional overrides, zero-width characters) is refused here first.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 128 || !plainName(s) || strings.ContainsAny(s, "<> \t\r\n\"") {
		return "", ErrInvalidEmail
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "", ErrInvalidEmail
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") || strings.HasPrefix(domain, "[") {
		return "", ErrInvalidEmail
	}
	return strings.ToLower(local + "@" + domain), nil
}

// ParseAccountName checks a sign-in name as the console stores it (lower case).
func ParseAccountName(s string) (string, error) {
	s = normalizeUsername(s)
	if !validUsername(s) {
		return "", ErrInvalidAccountName
	}
	return s, nil
}
