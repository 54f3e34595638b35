// Package demo gives tests above the models a private copy of the demo world, seeded once per
// test binary and clock (see package testfixture).
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

// Copy opens a private copy of the demo world seeded at now, named name in the test's temporary
// directory; it is closed when the test ends.
func Copy(t testing.TB, name string, now time.Time) *gorm.DB {
	t.Helper()
	path := testfixture.Copy(t, "demo@"+now.UTC().Format(time.RFC3339Nano), name, func(path string) error {
		return Seed(path, now)
	})
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	return db
}

// Seed writes the demo world seeded at now to a new database at path, as one self-contained file.
func Seed(path string, now time.Time) error {
	db, err := store.Open(path)
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
	// checkpoint the write-ahead log into the file and drop it: the copy is one file
	return db.Exec("PRAGMA journal_mode=DELETE").Error
}
