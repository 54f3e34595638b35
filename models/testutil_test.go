package models

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"
)

var testNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

func testDB(t testing.TB) *gorm.DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(db) })
	if err := Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// demoDB is a database seeded with the demo world.
func demoDB(t testing.TB) *gorm.DB {
	t.Helper()
	db := testDB(t)
	if err := SeedDemo(context.Background(), db, testNow); err != nil {
		t.Fatal(err)
	}
	return db
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
