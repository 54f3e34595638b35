package models

import (
	"context"
	"testing"
)

func TestSeedDemo(t *testing.T) {
	db := testDB(t) // seeded here, not copied: this is the test of the seeding itself
	ctx := context.Background()
	if err := SeedDemo(ctx, db, testNow); err != nil {
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
	if ok, _ := HasDemoUsers(ctx, db); !ok {
		t.Fatal("no demo users")
	}
	var dup int64
	db.Raw("SELECT COUNT(*) FROM (SELECT name FROM enterprises GROUP BY name HAVING COUNT(*) > 1)").Scan(&dup)
	if dup != 0 {
		t.Fatalf("%d duplicate enterprise names", dup)
	}
}
