// Package badtext is the corpus of strings that no stored text may keep as they are, and a check,
// written apart from the models' rules, of what a stored text may hold. The tests of the use
// cases, the console's forms and the partner API drive every field that stores text through the
// corpus and want each string refused or stored clean.
package badtext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case is one bad string.
type Case struct {
	Name  string
	Value string
}

// Corpus lists the strings. Each holds something a stored text must not keep: for a name, every
// one of them; a multi-line text may keep its line breaks (as line feeds), and a free text the
// joiners and bidirectional marks that real writing needs.
var Corpus = []Case{
	{"NUL", "acme\x00corp"},
	{"invalid UTF-8", "acme\xff\xfecorp"},
	{"GBK bytes", "\xbc\xd7\xb9\xab\xcb\xbe"},
	{"an encoded surrogate", "acme\xed\xa0\x80"},
	{"C0 control", "acme\x01corp"},
	{"terminal escape", "acme\x1b[31mred\x1b[0m"},
	{"DEL", "acme\x7fcorp"},
	{"C1 control", "acme\u0085corp"},
	{"right-to-left override", "acme\u202etxt.exe"},
	{"isolate", "acme\u2066corp\u2069"},
	{"byte order mark", "\ufeffacme"},
	{"tag character", "acme\U000e0041corp"},
	{"replacement character", "acme\ufffdcorp"},
	{"noncharacter", "acme\uffffcorp"},
	{"line separator", "acme\u2028corp"},
	{"5,000 characters", strings.Repeat("云", 5000)},
	{"3,003 bytes", strings.Repeat("理由", 500) + "abc"},
	{"CR-only line break", "acme\rcorp"},
	{"CR LF", "acme\r\ncorp"},
	{"line feed", "acme\ncorp"},
	{"tab", "acme\tcorp"},
	{"zero-width space", "ac\u200bme"},
	{"zero-width joiner", "ac\u200dme"},
	{"right-to-left mark", "acme\u200f"},
	{"Hangul filler", "\u3164"},
	{"surrounding spaces", "  acme\u3000"},
}

// Kind is what a field stores.
type Kind struct {
	Max       int  // characters
	Name      bool // a name: no invisible formatting character at all
	Multiline bool // line feeds and tabs allowed
}

// Check says why s, as a field of kind k stored it, is not clean text, or nil: valid UTF-8, trimmed,
// at most k.Max characters, no control character (but a line feed or a tab in multi-line text),
// no U+FFFD, no noncharacter, no line or paragraph separator, no invisible formatting character but
// (outside names) the joiners and the bidirectional marks, and in a name no Hangul filler.
func Check(s string, k Kind) error {
	switch {
	case !utf8.ValidString(s):
		return fmt.Errorf("not UTF-8: %q", s)
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("not trimmed: %q", s)
	case utf8.RuneCountInString(s) > k.Max:
		return fmt.Errorf("%d characters, more than %d", utf8.RuneCountInString(s), k.Max)
	}
	for _, r := range s {
		if bad(r, k) {
			return fmt.Errorf("holds %U: %q", r, s)
		}
	}
	return nil
}

func bad(r rune, k Kind) bool {
	switch {
	case r == '\n' || r == '\t':
		return !k.Multiline
	case unicode.IsControl(r), r == '\ufffd', r == '\u2028', r == '\u2029':
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	case unicode.In(r, unicode.Cf):
		return k.Name || !strings.ContainsRune("\u200c\u200d\u200e\u200f\u061c", r)
	case k.Name && strings.ContainsRune("\u115f\u1160\u3164\uffa0", r):
		return true
	}
	return false
}
