package views

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"partnerhub/models"
)

// TestCatalogComplete checks that every message key used in views and handlers is in the catalog,
// with a text in both languages.
func TestCatalogComplete(t *testing.T) {
	for key, m := range catalog {
		if m[0] == "" || m[1] == "" && key != "common.total_post" {
			t.Errorf("%s lacks a translation", key)
		}
	}
	used := regexp.MustCompile(`\bT\((?:[a-zA-Z]+(?:\(c\))?, )?"([a-z_0-9.\-]+)"`)
	files, _ := filepath.Glob("*.templ")
	more, _ := filepath.Glob("../handlers/*.go")
	delivery, _ := filepath.Glob("../delivery/*.go") // the texts sent to invitees
	for _, f := range append(append(files, more...), delivery...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if key[len(key)-1] == '.' { // a prefix completed at run time
				continue
			}
			if _, ok := catalog[key]; !ok {
				t.Errorf("%s: key %q is not in the catalog", f, key)
			}
		}
	}
}

// TestCatalogPartsDisjoint: a key defined in two parts would silently lose one of its texts.
func TestCatalogPartsDisjoint(t *testing.T) {
	n := 0
	for _, p := range catalogParts {
		n += len(p)
	}
	if n != len(catalog) {
		t.Errorf("the catalog's parts hold %d keys, merged %d: a key is in two parts", n, len(catalog))
	}
}

func TestMoneyAndDates(t *testing.T) {
	if got := Int(1234567); got != "1,234,567" {
		t.Errorf("Int = %q", got)
	}
	if got := Int(-1000); got != "-1,000" {
		t.Errorf("Int = %q", got)
	}
}

// TestCatalogLiterals also checks keys passed around as values: any string literal in views and
// handlers shaped like a key of one of the catalog's prefixes ("funds.customer") must be in it.
func TestCatalogLiterals(t *testing.T) {
	prefixes := map[string]bool{}
	for key := range catalog {
		p, _, _ := strings.Cut(key, ".")
		prefixes[p] = true
	}
	literal := regexp.MustCompile(`"([a-z_]+)\.([a-z_0-9.\-]+)"`)
	files, _ := filepath.Glob("*.templ")
	more, _ := filepath.Glob("*.go")
	handlers, _ := filepath.Glob("../handlers/*.go")
	delivery, _ := filepath.Glob("../delivery/*.go")
	for _, f := range append(append(append(files, more...), handlers...), delivery...) {
		if strings.HasSuffix(f, "_templ.go") || strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "i18n.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + "." + m[2]
			if prefixes[m[1]] && !strings.HasSuffix(key, ".") && !HasKey(key) {
				t.Errorf("%s: %q looks like a message key but is not in the catalog", f, key)
			}
		}
	}
}

// TestDemoUsersNamed: the sign-in page describes every demo sign-in in both languages.
func TestDemoUsersNamed(t *testing.T) {
	for _, u := range models.DemoUsers {
		if !HasKey("demo." + u.Username) {
			t.Errorf("demo sign-in %s has no description", u.Username)
		}
	}
}

// TestRemarks: the memos the system writes in quota records are named in both languages, a
// person's memo is shown as written.
func TestRemarks(t *testing.T) {
	zh, en := Page{Lang: ZH}, Page{Lang: EN}
	for _, memo := range models.OpRemarks {
		if Remark(zh, memo) == memo || Remark(en, memo) == "" {
			t.Errorf("memo %q is not named: %q / %q", memo, Remark(zh, memo), Remark(en, memo))
		}
	}
	if Remark(zh, "季度返利") != "季度返利" {
		t.Error("a person's memo is changed")
	}
}
