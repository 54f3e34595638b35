package views

import (
	"strings"
	"testing"

	"partnerhub/models"
)

// Every directory column is named, and every reason a file is refused for is said with its line.
func TestDirectoryTexts(t *testing.T) {
	for _, c := range models.DirectoryColumns {
		if !HasKey("dir.col." + c) {
			t.Errorf("column %s has no name", c)
		}
	}
	for c := range models.DirectoryMaxLen {
		if !HasKey("dir.col." + c) {
			t.Errorf("bounded column %s is not a column", c)
		}
	}
	for _, lang := range Langs {
		p := Page{Lang: lang}
		for _, reason := range []string{models.CSVHeader, models.CSVFieldCount, models.CSVQuote, models.CSVEncoding, models.CSVTooManyRows} {
			s := csvErrText(p, &models.CSVError{Line: 4321, Reason: reason, Fields: 3})
			if !strings.Contains(s, "4321") || strings.Contains(s, "%!") || strings.HasPrefix(s, T(lang, "err.bad_csv")) {
				t.Errorf("%s, %s: %q", lang, reason, s)
			}
		}
	}
	for _, e := range []*models.Error{models.ErrDirNameRequired, models.ErrDirTooLong, models.ErrBadCapital, models.ErrInDirectory,
		models.ErrContactRequired, models.ErrContactTooLong, models.ErrCompanyRequired, models.ErrCompanyTooLong} {
		if !HasKey(e.Key) {
			t.Errorf("%s is not in the catalog", e.Key)
		}
	}
}

// A directory file may say a status in the words the console shows for it, in either language.
func TestDirectoryStatusWords(t *testing.T) {
	for _, st := range []string{models.EnterpriseActive, models.EnterpriseCancelled, models.EnterpriseRevoked} {
		for _, lang := range Langs {
			word := T(lang, "ent."+st)
			if got, ok := models.ParseEnterpriseStatus(word); !ok || got != st {
				t.Errorf("%s: the console's word %q reads as %q, %v", lang, word, got, ok)
			}
		}
	}
}
