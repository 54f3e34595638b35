package store

import (
	"fmt"
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
