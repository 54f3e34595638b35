package models

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stored text. Every text a use case keeps — a name, a memo, a reason — passes a TextRule here,
// whoever calls: the console, the API, the seed or a CSV import. Handlers may check shapes earlier
// for their forms' sake, but the rule that counts is this one.
//
// Every rule trims surrounding whitespace and refuses: bytes that are not UTF-8; U+FFFD, what a
// decoder makes of broken bytes (a JSON "\ud800", say); NUL and the other C0 controls, DEL and the
// C1 controls; the line and paragraph separators U+2028 and U+2029; Unicode noncharacters; and the
// invisible formatting characters (Unicode Cf) that reorder or hide text: the bidirectional
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, with which a name shows
// reversed), the byte order mark, word joiners, tag characters. Free text keeps the few format
// characters that real writing needs: the zero-width joiner and non-joiner (emoji, Persian) and
// the bidirectional marks (U+200E, U+200F, U+061C).
//
// A name (of a company, a person, an account's reference) is stricter: no format character at
// all, so no bidirectional mark and no zero-width character either, and no Hangul filler (an
// invisible letter), so that two names that look alike are alike.
//
// Only multi-line text (an application's introduction) takes line feeds and tabs; a CR LF, or a
// lone CR, is stored as a line feed. Lengths are in characters (runes), after trimming.
type TextRule struct {
	Field     string // the field as the API and the form name it: the refusal says which
	Max       int    // characters, after trimming
	Multiline bool   // line feeds and tabs allowed
	Name      bool   // a name: no invisible formatting character at all
	TooLong   *Error // the refusal of a text over Max, when the field has its own; else ErrTextTooLong
}

// Errors of a stored text. A use case returns them inside a *FieldError, which names the field.
var (
	ErrTextInvalid = newError("CBC.0100", "err.text_invalid", "the text holds characters that cannot be stored: invalid UTF-8, control characters or invisible formatting characters")
	ErrTextTooLong = newError("CBC.0100", "err.text_too_long", "the text is too long")
)

// FieldError refuses one field of an input: which field, and why (ErrTextInvalid, ErrTextTooLong,
// or another sentinel such as ErrInvalidMobile). errors.Is and errors.As see the sentinel, so it
// carries that sentinel's BSS code and message key.
type FieldError struct {
	Field string
	Max   int // the limit in characters, for ErrTextTooLong
	Err   *Error
}

func (e *FieldError) Error() string { return "models: " + e.Message() }

// Unwrap is the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Message names the field, as the API's error_msg says it.
func (e *FieldError) Message() string {
	if e.Max > 0 {
		return fmt.Sprintf("%s: %s (at most %d characters)", e.Field, e.Err.msg, e.Max)
	}
	return e.Field + ": " + e.Err.msg
}

// Clean returns s trimmed (and, multi-line, with its line breaks as line feeds), or a *FieldError
// when the rule refuses it. An empty text is the caller's to refuse where one is required.
func (r TextRule) Clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", &FieldError{Field: r.Field, Err: ErrTextInvalid}
	}
	if r.Multiline {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	s = strings.TrimSpace(s)
	for _, c := range s {
		if !r.allows(c) {
			return "", &FieldError{Field: r.Field, Err: ErrTextInvalid}
		}
	}
	if utf8.RuneCountInString(s) > r.Max {
		tooLong := ErrTextTooLong
		if r.TooLong != nil {
			tooLong = r.TooLong
		}
		return "", &FieldError{Field: r.Field, Max: r.Max, Err: tooLong}
	}
	return s, nil
}

// allows tells whether the rule accepts the character c anywhere in a text.
func (r TextRule) allows(c rune) bool {
	switch {
	case c == '\n' || c == '\t':
		return r.Multiline
	case c < 0x20 || c >= 0x7f && c <= 0x9f: // C0 controls, DEL, C1 controls
		return false
	case c == utf8.RuneError, c == '\u2028', c == '\u2029', isNoncharacter(c):
		return false
	case unicode.Is(unicode.Cf, c):
		return !r.Name && (c == '\u200c' || c == '\u200d' || c == '\u200e' || c == '\u200f' || c == '\u061c')
	case r.Name && (c == '\u115f' || c == '\u1160' || c == '\u3164' || c == '\uffa0'): // Hangul fillers: invisible letters
		return false
	}
	return true
}

// isNoncharacter: U+FDD0–U+FDEF and the last two code points of every plane, never for interchange.
func isNoncharacter(c rune) bool {
	return c >= 0xfdd0 && c <= 0xfdef || c&0xfffe == 0xfffe
}

// plainName tells whether s holds nothing a name refuses, whatever its length: for the values
// parsed by a rule of their own (an email address).
func plainName(s string) bool {
	r := TextRule{Name: true}
	for _, c := range s {
		if !r.allows(c) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// The rules of the stored texts, by field. The limits are in characters, as the console's forms
// (their maxlength) and the API state them; each fits its column's size in characters, which SQLite
// does not enforce and a PostgreSQL schema must declare (store/doc.go).
var (
	companyText      = TextRule{Field: "company", Max: 128, Name: true, TooLong: ErrCompanyTooLong} // a reseller's name, and the one its invitation suggests
	displayNameText  = TextRule{Field: "display_name", Max: 64, Name: true}
	contactText      = TextRule{Field: "contact", Max: MaxContactLen, Name: true, TooLong: ErrContactTooLong} // an applicant's mobile or email
	introText        = TextRule{Field: "intro", Max: 1000, Multiline: true}
	noteText         = TextRule{Field: "note", Max: 200}        // the operator's note on an approval or an invitation
	reasonText       = TextRule{Field: "reason", Max: 200}      // a rejection's reason, which the applicant sees
	memoText         = TextRule{Field: "memo", Max: MaxMemoLen} // a transfer's, a coupon's or a quota give's memo
	remarkText       = TextRule{Field: "remark", Max: 256}      // a quota's remark
	xaccountIDText   = TextRule{Field: "xaccount_id", Max: 64, Name: true}
	xaccountTypeText = TextRule{Field: "xaccount_type", Max: 64, Name: true}
	customerIDText   = TextRule{Field: "customer_ids", Max: 64, Name: true} // kept on a refused coupon's record
)

// MaxMemoLen is a memo's limit in characters, which the forms' maxlength states too.
const MaxMemoLen = 256

// directoryText is the rule of a directory column, named as the CSV names it: the names (of the
// enterprise, of its legal representative) are names, the others plain text, and an address may
// span lines (a quoted value in the CSV).
func directoryText(column string) TextRule {
	return TextRule{Field: column, Max: DirectoryMaxLen[column], Name: column == "name" || column == "legal_rep",
		Multiline: column == "address", TooLong: ErrDirTooLong}
}
