package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// DirectoryColumns are the columns of an enterprise-directory CSV, in this order, as its header.
var DirectoryColumns = []string{"name", "credit_code", "legal_rep", "registered_capital", "established_on", "industry", "region", "address", "status"}

// MaxImportRows bounds one directory file; a larger directory is imported in parts.
const MaxImportRows = 50000

// RowError is a rejected row: its line in the file and why.
type RowError struct {
	Line   int
	Column string
	Err    error
}

// ParseDirectoryCSV reads a directory file. A file that is not one (not UTF-8, not CSV, other
// columns, too long) is refused whole with ErrBadCSV; a row with a bad value is rejected alone and
// reported, and the other rows are returned.
func ParseDirectoryCSV(r io.Reader) ([]DirectoryRow, []RowError, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, nil, err
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if !utf8.Valid(raw) {
		return nil, nil, ErrBadCSV
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = len(DirectoryColumns)
	header, err := cr.Read()
	if err != nil || !sameHeader(header) {
		return nil, nil, ErrBadCSV
	}
	var rows []DirectoryRow
	var rejected []RowError
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || len(rows)+len(rejected) >= MaxImportRows {
			return nil, nil, ErrBadCSV
		}
		e, col, err := ParseDirectoryRow(rec)
		if err == nil {
			if first, dup := seen[e.CreditCode]; dup {
				col, err = "credit_code", duplicateRow(first)
			}
		}
		if err != nil {
			rejected = append(rejected, RowError{Line: line, Column: col, Err: err})
			continue
		}
		seen[e.CreditCode] = line
		rows = append(rows, DirectoryRow{Line: line, Enterprise: e})
	}
	return rows, rejected, nil
}

// DirectoryRow is an accepted row and its line in the file.
type DirectoryRow struct {
	Line       int
	Enterprise Enterprise
}

func sameHeader(h []string) bool {
	if len(h) != len(DirectoryColumns) {
		return false
	}
	for i, c := range DirectoryColumns {
		if strings.TrimSpace(strings.ToLower(h[i])) != c {
			return false
		}
	}
	return true
}

// DuplicateRowError says a credit code already appeared on an earlier line.
type DuplicateRowError struct{ First int }

func (e *DuplicateRowError) Error() string   { return ErrDuplicate.Error() }
func (e *DuplicateRowError) Is(t error) bool { return t == ErrDuplicate }

func duplicateRow(first int) error { return &DuplicateRowError{First: first} }

// Errors of one directory row.
var (
	ErrBadCreditCode = newError("CBC.0100", "err.bad_credit_code", "not a unified social credit code")
	ErrBadDate       = newError("CBC.0100", "err.bad_date", "not a date (YYYY-MM-DD)")
	ErrBadStatus     = newError("CBC.0100", "err.bad_status", "status must be active, cancelled or revoked")
)

// ParseDirectoryRow checks one record of the directory; on error it names the column.
func ParseDirectoryRow(rec []string) (Enterprise, string, error) {
	var e Enterprise
	if len(rec) != len(DirectoryColumns) {
		return e, "", ErrBadCSV
	}
	f := make([]string, len(rec))
	for i, v := range rec {
		f[i] = strings.TrimSpace(v)
	}
	e.Name, e.CreditCode, e.LegalRep = f[0], strings.ToUpper(f[1]), f[2]
	e.Industry, e.Region, e.Address, e.Status = f[5], f[6], f[7], f[8]
	switch {
	case e.Name == "" || utf8.RuneCountInString(e.Name) > 85:
		return e, "name", ErrInvalidInput
	case !validCreditCode(e.CreditCode):
		return e, "credit_code", ErrBadCreditCode
	case utf8.RuneCountInString(e.LegalRep) > 21 || utf8.RuneCountInString(e.Industry) > 21 ||
		utf8.RuneCountInString(e.Region) > 21 || utf8.RuneCountInString(e.Address) > 85:
		return e, "address", ErrInvalidInput
	}
	if f[3] != "" {
		m, err := ParseMoney(f[3])
		if err != nil || m.IsNegative() {
			return e, "registered_capital", ErrInvalidAmount
		}
		e.RegisteredCapital = m
	}
	d, err := time.Parse("2006-01-02", f[4])
	if err != nil || d.Year() < 1900 {
		return e, "established_on", ErrBadDate
	}
	e.EstablishedOn = d
	if e.Status == "" {
		e.Status = EnterpriseActive
	}
	if e.Status != EnterpriseActive && e.Status != EnterpriseCancelled && e.Status != EnterpriseRevoked {
		return e, "status", ErrBadStatus
	}
	return e, "", nil
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

// ImportReport says what an import did.
type ImportReport struct {
	Imported int
	Rejected []RowError
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
				rep.Rejected = append(rep.Rejected, RowError{Line: rows[i].Line, Column: "credit_code", Err: ErrDuplicate})
				continue
			}
			if err := tx.Create(e).Error; err != nil {
				return err
			}
			if err := indexSearch(tx, enterpriseSearchTable, e.ID, e.Name); err != nil {
				return err
			}
			rep.Imported++
		}
		return audit(tx, a, 0, "directory.import", "enterprise", 0, nil, map[string]int{"imported": rep.Imported, "rejected": len(rep.Rejected)})
	})
	return rep, err
}
