package models

import (
	"context"
	"path/filepath"
	"regexp"
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

// onSQLiteOnly skips a test of SQLite's own behaviour (its query plans, its storage classes) on
// PostgreSQL, saying why.
func onSQLiteOnly(t testing.TB, why string) {
	t.Helper()
	if testfixture.Postgres() != "" {
		t.Skip("SQLite only: " + why)
	}
}

// portableSQL is a test's plain SQL (written for SQLite) as PostgreSQL takes it: times compared
// as they are instead of by julianday, strpos for instr, string_agg for group_concat, ctid for
// rowid. The domain's own SQL is written for both; only the tests' oracles are translated.
func portableSQL(q string) string {
	if testfixture.Postgres() == "" {
		return q
	}
	for _, r := range portableRewrites {
		q = r.re.ReplaceAllString(q, r.to)
	}
	return q
}

var portableRewrites = []struct {
	re *regexp.Regexp
	to string
}{
	{regexp.MustCompile(`julianday\(([^()]*)\)`), "$1"},
	{regexp.MustCompile(`instr\((.*?), \?\)`), "strpos($1, ?)"},
	{regexp.MustCompile(`group_concat\(`), "string_agg("},
	{regexp.MustCompile(`\browid\b`), "ctid"},
}
