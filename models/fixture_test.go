package models

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/store"
)

// Seeding the demo world costs a bcrypt hash and five thousand directory entries, about a second
// under -race. Tests that change the world get their own copy of one seeded template file instead.

// TestMain hashes passwords at bcrypt's lowest cost: a check at the default takes a second under
// the race detector.
func TestMain(m *testing.M) {
	PasswordCost = bcrypt.MinCost
	os.Exit(testfixture.Run(m))
}

// demoCopy is a private copy of the demo world, seeded with testNow.
func demoCopy(t testing.TB) *gorm.DB {
	t.Helper()
	if testfixture.Postgres() != "" {
		return openTest(t, testfixture.CopyPG(t, "demo", seedDemoFile))
	}
	return openTest(t, testfixture.Copy(t, "demo", "demo.db", seedDemoFile))
}

// seedDemoFile writes the demo world seeded with testNow to path, as one self-contained file (or
// to the PostgreSQL database path names).
func seedDemoFile(path string) error {
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	defer store.Close(db)
	if err := Migrate(context.Background(), db); err != nil {
		return err
	}
	if err := SeedDemo(context.Background(), db, testNow); err != nil {
		return err
	}
	if store.IsPostgres(db) {
		return nil
	}
	// one self-contained file to copy: no write-ahead log beside it
	return db.Exec("PRAGMA journal_mode=DELETE").Error
}

// fastUser makes a partner member or customer user whose password hash is cheap to check
// (bcrypt's minimum cost), for tests that sign in many times.
func fastUser(t testing.TB, db *gorm.DB, u User, password string) *User {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = string(h)
	if u.Kind == "" {
		u.Kind = OperatorUser
	}
	if err := db.Create(&u).Error; err != nil {
		t.Fatal(err)
	}
	return &u
}

func partnerByAccount(t testing.TB, db *gorm.DB, account string) *Partner {
	t.Helper()
	var p Partner
	if err := db.Where("account_name = ?", account).First(&p).Error; err != nil {
		t.Fatalf("partner %s: %v", account, err)
	}
	return &p
}

func customerOfUser(t testing.TB, db *gorm.DB, username string) *Customer {
	t.Helper()
	u := mustUser(t, db, username)
	if u.CustomerID == nil {
		t.Fatalf("%s is not a customer user", username)
	}
	var c Customer
	if err := db.First(&c, *u.CustomerID).Error; err != nil {
		t.Fatal(err)
	}
	return &c
}

// count runs a SELECT COUNT(*) written in plain SQL.
func count(t testing.TB, db *gorm.DB, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(portableSQL(sql), args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// mustCheck fails the test when the database breaks an invariant.
func mustCheck(t testing.TB, db *gorm.DB) {
	t.Helper()
	report, err := Check(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if len(report) != 0 {
		t.Fatalf("check: %v", report)
	}
}

// wantErr compares an error with the expected sentinel (nil: no error).
func wantErr(t testing.TB, what string, got, want error) {
	t.Helper()
	switch {
	case want == nil && got != nil:
		t.Fatalf("%s: unexpected error %v", what, got)
	case want != nil && !errors.Is(got, want):
		t.Fatalf("%s: error %v, want %v", what, got, want)
	}
}

func ptr[T any](v T) *T { return &v }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ids(cs []Customer) []uint64 {
	out := make([]uint64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func sameIDs(a, b []uint64) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}
