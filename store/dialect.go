package store

import (
	"fmt"
	"net/url"
	"strings"

	"gorm.io/gorm"
)

// The two databases: SQLite, the embedded default, and PostgreSQL, for several servers on one
// database (doc.go).
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Dialect is the database db runs on: SQLite or Postgres. The migrations are kept in a folder of
// that name (models/migrations/<dialect>).
func Dialect(db *gorm.DB) string {
	if db.Dialector != nil && db.Dialector.Name() == Postgres {
		return Postgres
	}
	return SQLite
}

// IsPostgres tells whether db is a PostgreSQL database.
func IsPostgres(db *gorm.DB) bool { return Dialect(db) == Postgres }

// IsPostgresURL tells whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// DayOf is the SQL of the day (YYYY-MM-DD) of the time column col, offset seconds after UTC: a
// business zone's calendar day. SQLite's date() with a modifier; PostgreSQL's to_char of the UTC
// time moved by an interval.
func DayOf(db *gorm.DB, col string, offset int) string {
	if IsPostgres(db) {
		return fmt.Sprintf("to_char(%s AT TIME ZONE 'UTC' + interval '%d seconds', 'YYYY-MM-DD')", col, offset)
	}
	return fmt.Sprintf("date(%s, '%+d seconds')", col, offset)
}

// Redacted is dsn fit for a log or a terminal: a PostgreSQL URL without its password (in the user
// part or as a parameter); a file path as it is.
func Redacted(dsn string) string {
	if !IsPostgresURL(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…" // unparsable: nothing of it is shown
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	u.Fragment, u.RawFragment = "", "" // a DSN has none: whatever follows a stray '#' is not shown
	return u.Redacted()
}
