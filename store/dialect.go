package store

import (
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
