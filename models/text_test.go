package models

import (
	"errors"
	"strings"
	"testing"

	"partnerhub/internal/badtext"
)

// The three kinds of stored text, as the corpus's check names them.
var textKinds = []struct {
	name string
	rule TextRule
	kind badtext.Kind
}{
	{"name", TextRule{Field: "f", Max: 64, Name: true}, badtext.Kind{Max: 64, Name: true}},
	{"single line", TextRule{Field: "f", Max: 200}, badtext.Kind{Max: 200}},
	{"multi-line", TextRule{Field: "f", Max: 1000, Multiline: true}, badtext.Kind{Max: 1000, Multiline: true}},
}

// TestTextRuleClean: each rule's answer to plain text and to each string of the corpus.
func TestTextRuleClean(t *testing.T) {
	t.Parallel()
	name, line, multi := textKinds[0].rule, textKinds[1].rule, textKinds[2].rule
	for _, tc := range []struct {
		what string
		rule TextRule
		in   string
		want string
		err  error
	}{
		{"a Chinese company", name, " 成都新云科技有限公司 ", "成都新云科技有限公司", nil},
		{"spaces inside a name", name, "Acme  Cloud (Chengdu) Ltd.", "Acme  Cloud (Chengdu) Ltd.", nil},
		{"an emoji in a memo", line, "春节 🧧 活动", "春节 🧧 活动", nil},
		{"a family emoji (ZWJ) in a memo", line, "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧", nil},
		{"a family emoji in a name", name, "👨\u200d👩\u200d👧", "", ErrTextInvalid},
		{"an RLM in a memo", line, "שלום\u200f 1", "שלום\u200f 1", nil},
		{"an RLM in a name", name, "שלום\u200f", "", ErrTextInvalid},
		{"RLO in a memo", line, "pay \u202e001", "", ErrTextInvalid},
		{"RLO in a name", name, "\u202emoc.emca", "", ErrTextInvalid},
		{"CR LF in an introduction", multi, "line 1\r\nline 2\rline 3\n", "line 1\nline 2\nline 3", nil},
		{"a tab in an introduction", multi, "a\tb", "a\tb", nil},
		{"a line feed in a memo", line, "a\nb", "", ErrTextInvalid},
		{"a CR in a name", name, "a\rb", "", ErrTextInvalid},
		{"blank", line, " \u3000 ", "", nil},
		{"the longest", name, strings.Repeat("云", 64), strings.Repeat("云", 64), nil},
		{"one too many", name, strings.Repeat("云", 65), "", ErrTextTooLong},
		{"long only before trimming", name, "  " + strings.Repeat("云", 64) + "  ", strings.Repeat("云", 64), nil},
		{"invalid UTF-8", line, "a\xffb", "", ErrTextInvalid},
		{"NUL", multi, "a\x00b", "", ErrTextInvalid},
		{"C1", line, "a\u009bb", "", ErrTextInvalid},
		{"DEL", line, "a\x7f", "", ErrTextInvalid},
		{"BOM", line, "\ufeffa", "", ErrTextInvalid},
		{"word joiner", line, "a\u2060b", "", ErrTextInvalid},
		{"Hangul filler in a name", name, "a\u3164", "", ErrTextInvalid},
		{"noncharacter", line, "a\U0010ffff", "", ErrTextInvalid},
	} {
		got, err := tc.rule.Clean(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
			t.Errorf("%s: %q, %v; want %q, %v", tc.what, got, err, tc.want, tc.err)
		}
		var fe *FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field != "f" || !strings.HasPrefix(fe.Message(), "f: ")) {
			t.Errorf("%s: %v does not name the field", tc.what, err)
		}
	}
}

// TestTextRuleCorpus: a name refuses every string of the corpus (but the one that is only
// surrounded by spaces); the other rules keep nothing their kind may not hold.
func TestTextRuleCorpus(t *testing.T) {
	t.Parallel()
	for _, k := range textKinds {
		for _, c := range badtext.Corpus {
			got, err := k.rule.Clean(c.Value)
			if err != nil {
				if CodeOf(err) != "CBC.0100" {
					t.Errorf("%s, %s: %v has code %s", k.name, c.Name, err, CodeOf(err))
				}
				continue
			}
			if cerr := badtext.Check(got, k.kind); cerr != nil {
				t.Errorf("%s, %s: kept %v", k.name, c.Name, cerr)
			}
			if k.rule.Name && c.Name != "surrounding spaces" {
				t.Errorf("name, %s: kept %q", c.Name, got)
			}
		}
	}
}

// FuzzTextRule: whatever a rule accepts is clean by the corpus's own check, and cleaning it again
// changes nothing.
func FuzzTextRule(f *testing.F) {
	for _, c := range badtext.Corpus {
		f.Add(c.Value)
	}
	f.Add("成都新云科技有限公司")
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range textKinds {
			got, err := k.rule.Clean(s)
			if err != nil {
				continue
			}
			if cerr := badtext.Check(got, k.kind); cerr != nil {
				t.Fatalf("%s rule kept %q: %v", k.name, s, cerr)
			}
			if again, err := k.rule.Clean(got); err != nil || again != got {
				t.Fatalf("%s rule: cleaning %q again gave %q, %v", k.name, got, again, err)
			}
		}
	})
}
