package models

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

var testNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

func testDB(t testing.TB) *gorm.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	if err := Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
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
