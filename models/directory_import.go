package models

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"partnerhub/store"
)

// DirectoryColumns are the columns of an enterprise-directory CSV, in this order, as its header.
var DirectoryColumns = []string{"name", "credit_code", "legal_rep", "registered_capital", "established_on", "industry", "region", "address", "status"}

// MaxImportRows bounds one directory file; a larger directory is imported in parts.
const MaxImportRows = 50000

// RowError is a rejected row: its line in the file, the column at fault and why.
type RowError struct {
	Line   int
	Column string
	Err    error
}

// Why a whole file is refused (CSVError.Reason).
const (
	CSVEmpty       = "empty"    // no header line
	CSVHeader      = "header"   // the header does not name DirectoryColumns
	CSVFieldCount  = "fields"   // a line has another number of fields than the header
	CSVQuote       = "quote"    // a quote is not closed, or stands inside an unquoted field
	CSVEncoding    = "encoding" // not UTF-8 (a GBK export, most often)
	CSVTooManyRows = "too_many" // more than MaxImportRows rows
)

// CSVError refuses a whole file and says where: the line (from 1, the header's) and why. It is
// ErrBadCSV, so the API and the page still answer with that error's code.
type CSVError struct {
	Line   int
	Reason string
	Fields int // the fields on the line, for CSVFieldCount
}

func (e *CSVError) Error() string {
	return fmt.Sprintf("models: the file is not a directory CSV: line %d: %s", e.Line, e.Reason)
}

func (e *CSVError) Unwrap() error { return ErrBadCSV }

// ParseDirectoryCSV reads a directory file. A file that is not one (not UTF-8, not CSV, other
// columns, too long) is refused whole with a *CSVError; a row with a bad value is rejected alone
// and reported, and the other rows are returned. Lines are the file's lines, as an editor numbers
// them: a quoted value may span lines, and blank lines are skipped.
func ParseDirectoryCSV(r io.Reader) ([]DirectoryRow, []RowError, error) {
	cr, err := openCSV(r, 64<<20, DirectoryColumns)
	if err != nil {
		return nil, nil, err
	}
	var rows []DirectoryRow
	var rejected []RowError
	seen := map[string]int{}
	n := 0 // the rows read
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, recordError(err, rec)
		}
		line, _ := cr.FieldPos(0)
		if n++; n > MaxImportRows {
			return nil, nil, &CSVError{Line: line, Reason: CSVTooManyRows}
		}
		e, bad, err := ParseDirectoryRow(rec)
		if err != nil {
			return nil, nil, err
		}
		if first, dup := seen[e.CreditCode]; dup && validCreditCode(e.CreditCode) {
			bad = append(bad, RowError{Column: "credit_code", Err: duplicateRow(first)})
		}
		if len(bad) > 0 {
			for _, b := range bad {
				b.Line = line
				rejected = append(rejected, b)
			}
			continue
		}
		seen[e.CreditCode] = line
		rows = append(rows, DirectoryRow{Line: line, Enterprise: e})
	}
	return rows, rejected, nil
}

// firstInvalidLine is the line of the first byte that is not UTF-8, or 0 if all are.
func firstInvalidLine(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return bytes.Count(b[:i], []byte("\n")) + 1
		}
		i += n
	}
	return 0
}

// headerError says why the header line could not be read.
func headerError(err error) error {
	if errors.Is(err, io.EOF) {
		return &CSVError{Line: 1, Reason: CSVEmpty}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
		return &CSVError{Line: pe.StartLine, Reason: CSVQuote}
	}
	line := 1
	if pe != nil {
		line = pe.StartLine
	}
	return &CSVError{Line: line, Reason: CSVHeader}
}

// recordError says why a line after the header could not be read; rec is what was read of it.
func recordError(err error, rec []string) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return ErrBadCSV
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return &CSVError{Line: pe.StartLine, Reason: CSVFieldCount, Fields: len(rec)}
	}
	// a quote left open is reported where the value opens, not at the end of the file
	return &CSVError{Line: pe.StartLine, Reason: CSVQuote}
}

// DirectoryRow is an accepted row and its line in the file.
type DirectoryRow struct {
	Line       int
	Enterprise Enterprise
}

// DuplicateRowError says a credit code already appeared on an earlier line.
type DuplicateRowError struct{ First int }

func (e *DuplicateRowError) Error() string   { return ErrDuplicate.Error() }
func (e *DuplicateRowError) Is(t error) bool { return t == ErrDuplicate }

func duplicateRow(first int) error { return &DuplicateRowError{First: first} }

// Errors of one directory row.
var (
	ErrDirNameRequired = newError("CBC.0100", "err.dir_name_required", "the enterprise name is empty")
	ErrDirTooLong      = newError("CBC.0100", "err.dir_too_long", "the value is too long for its column")
	ErrBadCreditCode   = newError("CBC.0100", "err.bad_credit_code", "not a unified social credit code")
	ErrBadCapital      = newError("CBC.0100", "err.bad_capital", "the registered capital must be an amount of 0 or more with at most 2 decimal places")
	ErrBadDate         = newError("CBC.0100", "err.bad_date", "not a date (YYYY-MM-DD)")
	ErrBadStatus       = newError("CBC.0100", "err.bad_status", "status must be 存续, 注销 or 吊销 (active, cancelled or revoked; In business, Cancelled or Revoked)")
	ErrInDirectory     = newError("CBC.0100", "err.in_directory", "the credit code is already in the enterprise directory")
)

// DirectoryMaxLen bounds the text columns, in characters: the columns hold 256 or 64 bytes, and a
// Chinese character takes three.
var DirectoryMaxLen = map[string]int{"name": 85, "legal_rep": 21, "industry": 21, "region": 21, "address": 85}

// ParseDirectoryRow checks one record of the directory and reports every bad value of it, in the
// file's order of columns, each naming its column (RowError's Line is left 0, for the caller). A
// record of another number of fields is ErrBadCSV.
func ParseDirectoryRow(rec []string) (Enterprise, []RowError, error) {
	var e Enterprise
	if len(rec) != len(DirectoryColumns) {
		return e, nil, ErrBadCSV
	}
	var bad []RowError
	f := map[string]string{}
	for i, c := range DirectoryColumns {
		f[c] = strings.TrimSpace(rec[i])
		if err := checkDirectoryValue(c, f[c], &e); err != nil {
			bad = append(bad, RowError{Column: c, Err: err})
		}
	}
	return e, bad, nil
}

// checkDirectoryValue checks one column's value (trimmed) and sets it on e.
func checkDirectoryValue(column, v string, e *Enterprise) error {
	if _, ok := DirectoryMaxLen[column]; ok {
		if column == "name" && v == "" {
			return ErrDirNameRequired
		}
		clean, err := directoryText(column).Clean(v)
		if err != nil {
			return err.(*FieldError).Err // the row's error names the column already
		}
		v = clean // an address's line breaks as line feeds
	}
	switch column {
	case "name":
		e.Name = v
	case "legal_rep":
		e.LegalRep = v
	case "industry":
		e.Industry = v
	case "region":
		e.Region = v
	case "address":
		e.Address = v
	case "credit_code":
		if e.CreditCode = strings.ToUpper(v); !validCreditCode(e.CreditCode) {
			return ErrBadCreditCode
		}
	case "registered_capital":
		return parseCapital(v, e)
	case "established_on":
		d, err := time.Parse("2006-01-02", v)
		if err != nil || d.Year() < 1900 {
			return ErrBadDate
		}
		e.EstablishedOn = d
	case "status":
		st, ok := ParseEnterpriseStatus(v)
		if !ok {
			return ErrBadStatus
		}
		e.Status = st
	}
	return nil
}

// parseCapital sets the registered capital, which may be left out (and is then 0).
func parseCapital(v string, e *Enterprise) error {
	if v == "" {
		return nil
	}
	m, err := ParseMoney(v)
	if err != nil || m.IsNegative() {
		return ErrBadCapital
	}
	e.RegisteredCapital = m
	return nil
}

// enterpriseStatusWords are the words a directory file may use for a status besides its code:
// the console's own words for it in both languages (ent.* in views; a views test keeps the two
// in step) and the registers' usual synonyms. Latin words are matched case-insensitively.
var enterpriseStatusWords = map[string]string{
	EnterpriseActive: EnterpriseActive, "存续": EnterpriseActive, "在业": EnterpriseActive, "在营": EnterpriseActive,
	"in business":       EnterpriseActive,
	EnterpriseCancelled: EnterpriseCancelled, "注销": EnterpriseCancelled,
	EnterpriseRevoked: EnterpriseRevoked, "吊销": EnterpriseRevoked,
}

// ParseEnterpriseStatus reads a directory status: its code (active, cancelled, revoked), the
// console's word for it (存续/注销/吊销, In business/Cancelled/Revoked) or a synonym; an empty
// value is active, the usual state of a registered enterprise.
func ParseEnterpriseStatus(s string) (string, bool) {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if s == "" {
		return EnterpriseActive, true
	}
	st, ok := enterpriseStatusWords[s]
	return st, ok
}

// DirectoryTemplate is the file the import card offers to download: UTF-8 with a byte order mark
// (so that a spreadsheet opens the Chinese right), the header the importer expects and one row
// that imports as it is.
func DirectoryTemplate() []byte {
	var b bytes.Buffer
	w := NewCSVWriter(&b) // the byte order mark, and cells a spreadsheet reads as text
	w.Write(DirectoryColumns...)
	w.Write([]string{"成都新云科技有限公司", "91510100MA6C8XYW1K", "张三", "1000000.00", "2019-04-01", "软件和信息技术服务业",
		"四川省成都市", "成都市高新区天府大道中段 1 号", "存续"}...)
	w.Flush()
	return b.Bytes()
}

// validCreditCode checks the form of a unified social credit code (统一社会信用代码, GB 32100):
// 18 characters of digits and capital letters other than I, O, Z, S, V.
func validCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && !strings.ContainsRune("IOZSV", rune(c))) {
			return false
		}
	}
	return true
}

// ImportReport says what an import did: the rows imported, and every error of the rows rejected,
// by line (a row with several bad values has one RowError for each).
type ImportReport struct {
	Imported int
	Rejected []RowError
}

// RejectedRows counts the rows rejected (Rejected is sorted by line).
func (r *ImportReport) RejectedRows() int {
	n := 0
	for i, e := range r.Rejected {
		if i == 0 || e.Line != r.Rejected[i-1].Line {
			n++
		}
	}
	return n
}

// ImportDirectory adds the file's enterprises to the directory in one transaction: a malformed
// file imports nothing; rows with bad values, or whose credit code is in the directory already,
// are rejected and reported, and the others are imported.
func ImportDirectory(ctx context.Context, db *gorm.DB, a Actor, r io.Reader) (*ImportReport, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	rows, rejected, err := ParseDirectoryCSV(r)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Rejected: rejected}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range rows {
			e := &rows[i].Enterprise
			var n int64
			if err := tx.Model(&Enterprise{}).Where("credit_code = ?", e.CreditCode).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				rep.Rejected = append(rep.Rejected, RowError{Line: rows[i].Line, Column: "credit_code", Err: ErrInDirectory})
				continue
			}
			if err := tx.Create(e).Error; err != nil {
				return err
			}
			if err := store.IndexNames(tx, store.EnterpriseSearchTable, e.ID, e.Name); err != nil {
				return err
			}
			rep.Imported++
		}
		// rows already in the directory are found after the file's own rejections: report all by line
		slices.SortStableFunc(rep.Rejected, func(x, y RowError) int { return cmp.Compare(x.Line, y.Line) })
		return audit(tx, a, 0, "directory.import", "enterprise", 0, nil, map[string]int{"imported": rep.Imported, "rejected": rep.RejectedRows()})
	})
	return rep, err
}
