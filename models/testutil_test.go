package models

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/store"
)

var testNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

// testDB is a new migrated database: a SQLite file, or on PostgreSQL (PARTNERHUB_TEST_PG) a
// database of the test's own, a copy of one migrated once.
func testDB(t testing.TB) *gorm.DB {
	t.Helper()
	if testfixture.Postgres() != "" {
		return openTest(t, testfixture.CopyPG(t, "migrated", func(dsn string) error {
			db, err := store.Open(dsn)
			if err != nil {
				return err
			}
			defer store.Close(db)
			return Migrate(context.Background(), db)
		}))
	}
	db := openTest(t, filepath.Join(t.TempDir(), "test.db"))
	if err := Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// openTest opens the database at dsn for the test, closed when it ends.
func openTest(t testing.TB, dsn string) *gorm.DB {
	t.Helper()
	db, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	return db
}

// demoDB is a private copy of the demo world seeded with testNow (fixture_test.go).
func demoDB(t testing.TB) *gorm.DB {
	t.Helper()
	return demoCopy(t)
}

func mustUser(t testing.TB, db *gorm.DB, username string) *User {
	t.Helper()
	var u User
	if err := db.Where("username = ?", username).First(&u).Error; err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return &u
}

func actor(t testing.TB, db *gorm.DB, username string) Actor {
	return ActorOf(mustUser(t, db, username), "test")
}
