// Package demo gives tests above the models a private copy of the demo world, seeded once per
// test binary and clock (see package testfixture). With testfixture.Postgres() set (make test-pg)
// the copy is a PostgreSQL database of the test's own; CopySQLite always gives a SQLite file.
package demo

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/models"
	"partnerhub/seed"
	"partnerhub/store"
)

// Copy opens a private copy of the demo world seeded at now: a SQLite file named name in the
// test's temporary directory, or, when the tests run on PostgreSQL, a database of the test's own
// made from a template database (name is then unused). It is closed when the test ends (and the
// PostgreSQL database dropped).
func Copy(t testing.TB, name string, now time.Time) *gorm.DB {
	t.Helper()
	if testfixture.Postgres() == "" {
		return CopySQLite(t, name, now)
	}
	dsn := testfixture.CopyPG(t, key(now), func(dsn string) error { return Seed(dsn, now) })
	return open(t, dsn)
}

// CopySQLite is Copy on a SQLite file whatever the environment: for the tests that stay on
// SQLite (the browser tests).
func CopySQLite(t testing.TB, name string, now time.Time) *gorm.DB {
	t.Helper()
	path := testfixture.Copy(t, key(now), name, func(path string) error {
		return Seed(path, now)
	})
	return open(t, path)
}

// key names the template of the demo world seeded at now.
func key(now time.Time) string { return "demo@" + now.UTC().Format(time.RFC3339Nano) }

func open(t testing.TB, dsn string) *gorm.DB {
	t.Helper()
	db, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	return db
}

// Seed writes the demo world seeded at now to a new database at dsn: a SQLite path, left as one
// self-contained file, or a postgres:// URL.
func Seed(dsn string, now time.Time) error {
	db, err := store.Open(dsn)
	if err != nil {
		return err
	}
	defer store.Close(db)
	ctx := context.Background()
	if err := models.Migrate(ctx, db); err != nil {
		return err
	}
	if err := seed.Demo(ctx, db, now); err != nil {
		return err
	}
	if store.IsPostgres(db) {
		return nil
	}
	// checkpoint the write-ahead log into the file and drop it: the copy is one file
	return db.Exec("PRAGMA journal_mode=DELETE").Error
}
