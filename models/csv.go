package models

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSVWriter writes a CSV export as spreadsheets open it: UTF-8 with a byte order mark (so that
// Excel reads the Chinese text as UTF-8), and every cell, in every column, made safe (CSVCell).
// It is the only CSV writer of the console: a column added to an export cannot be forgotten.
type CSVWriter struct {
	out     io.Writer
	w       *csv.Writer
	started bool
	row     []string
	err     error // the byte order mark's
}

// NewCSVWriter writes CSV to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{out: w, w: csv.NewWriter(w)} }

// Write writes one row, each cell made safe.
func (w *CSVWriter) Write(cells ...string) error {
	if !w.started {
		w.started = true
		if _, w.err = io.WriteString(w.out, "\ufeff"); w.err != nil {
			return w.err
		}
	}
	w.row = w.row[:0]
	for _, s := range cells {
		w.row = append(w.row, CSVCell(s))
	}
	return w.w.Write(w.row)
}

// Flush writes what is buffered and reports the first error of any write.
func (w *CSVWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.w.Flush()
	return w.w.Error()
}

// CSVCell is s as a cell a spreadsheet takes for text, never for a formula: a cell that begins
// with = + - @ (or their full-width forms, which some spreadsheets read as the same), or with a
// tab, a carriage return or a line feed, or with spaces before one of those, gets a leading
// apostrophe, which spreadsheets show as text. A plain number (-12.50) is left as it is, so that
// amounts stay numbers.
func CSVCell(s string) string {
	if s == "" || plainNumber(s) {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(s); r == '\t' || r == '\r' || r == '\n' {
		return "'" + s
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, unicode.IsSpace))
	if strings.ContainsRune("=+-@＝＋－＠", r) {
		return "'" + s
	}
	return s
}

// plainNumber: an optional minus, digits, and optionally a point and digits.
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return allDigits(whole) && (!dot || allDigits(frac))
}

// openCSV opens an uploaded CSV file of the given columns, read up to limit bytes: UTF-8 (a byte
// order mark allowed) whose first record names the columns (case and spaces aside). A file that is
// not one is refused whole with a *CSVError; the reader is left at the first row.
func openCSV(r io.Reader, limit int64, columns []string) (*csv.Reader, error) {
	raw, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if line := firstInvalidLine(raw); line > 0 {
		return nil, &CSVError{Line: line, Reason: CSVEncoding}
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = len(columns)
	header, err := cr.Read()
	if err != nil {
		return nil, headerError(err)
	}
	if !slices.EqualFunc(header, columns, func(h, c string) bool { return strings.ToLower(strings.TrimSpace(h)) == c }) {
		line, _ := cr.FieldPos(0)
		return nil, &CSVError{Line: line, Reason: CSVHeader}
	}
	return cr, nil
}
