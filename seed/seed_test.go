package seed

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/models"
	"partnerhub/store"
)

var testNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

// TestMain hashes the demo password at bcrypt's lowest cost, as the models' tests do.
func TestMain(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	os.Exit(testfixture.Run(m))
}

// testDB is a new migrated database, empty: a SQLite file, or a PostgreSQL database of the
// test's own when the tests run on PostgreSQL (PARTNERHUB_TEST_PG).
func testDB(t testing.TB) *gorm.DB {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "test.db")
	if testfixture.Postgres() != "" {
		dsn = testfixture.NewPG(t, "template1")
	}
	db, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	if err := models.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSeedDemo(t *testing.T) {
	db := testDB(t) // seeded here, not copied: this is the test of the seeding itself
	ctx := context.Background()
	if err := Demo(ctx, db, testNow); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, tbl := range []string{"partners", "users", "customers", "associations", "enterprises", "invitations"} {
		var n int64
		db.Table(tbl).Count(&n)
		counts[tbl] = n
	}
	if counts["customers"] != demoCustomers+5 || counts["enterprises"] != demoEnterprises || counts["partners"] != 5 {
		t.Fatalf("counts %v", counts)
	}
	if ok, _ := models.HasDemoUsers(ctx, db); !ok {
		t.Fatal("no demo users")
	}
	var dup int64
	if err := db.Raw("SELECT COUNT(*) FROM (SELECT name FROM enterprises GROUP BY name HAVING COUNT(*) > 1) AS d").Scan(&dup).Error; err != nil {
		t.Fatal(err)
	}
	if dup != 0 {
		t.Fatalf("%d duplicate enterprise names", dup)
	}
}
