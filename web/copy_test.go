package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/models"
	"partnerhub/seed"
	"partnerhub/store"
)

// TestCopyDemoToPostgres copies the demo world from a SQLite file into a new PostgreSQL database:
// every table the same rows, the search indexes answering, check clean, a used target refused.
func TestCopyDemoToPostgres(t *testing.T) {
	if testfixture.Postgres() == "" {
		t.Skip("PostgreSQL tests need " + testfixture.PostgresEnv + " (make test-pg)")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	src, err := openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(src)
	if err := seed.Demo(ctx, src, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	dsn := testfixture.NewPG(t, "template1")
	var out bytes.Buffer
	if err := run(ctx, []string{"copy", "--from", path, "--to", dsn}, env(nil), nil, &out); err != nil {
		t.Fatalf("copy: %v\n%s", err, out.String())
	}
	t.Logf("copy:\n%s", out.String())
	if !strings.Contains(out.String(), "all invariants hold") {
		t.Errorf("copy output:\n%s", out.String())
	}
	dst, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(dst)
	tables := 0
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		tables++
		want, err := store.CountRows(ctx, src, f[0])
		if err != nil {
			t.Fatal(err)
		}
		got, err := store.CountRows(ctx, dst, f[0])
		if err != nil {
			t.Fatal(err)
		}
		if got != want || f[1] != itoa(want) {
			t.Errorf("%s: %d rows on PostgreSQL (copy said %s), %d on SQLite", f[0], got, f[1], want)
		}
	}
	if tables < 30 {
		t.Errorf("only %d tables listed:\n%s", tables, out.String())
	}
	for _, pair := range [][2]string{{store.CustomerSearchTable, "customers"}, {store.EnterpriseSearchTable, "enterprises"}, {store.PartnerSearchTable, "partners"}} {
		idx, _ := store.CountRows(ctx, dst, pair[0])
		rows, _ := store.CountRows(ctx, dst, pair[1])
		if idx != rows || rows == 0 {
			t.Errorf("%s: %d rows indexed of %d", pair[0], idx, rows)
		}
	}
	// the rebuilt index finds a customer by a part of its name
	var name string
	dst.Raw("SELECT account_name FROM customers ORDER BY id DESC LIMIT 1").Scan(&name)
	q := []rune(name)
	scope, err := store.SearchScope(dst.Model(&models.Customer{}), "customers", store.CustomerSearchTable, string(q[1:min(len(q), 4)]), "account_name", "real_name")
	var found int64
	if err == nil {
		err = scope.Count(&found).Error
	}
	if err != nil || found == 0 {
		t.Errorf("search of %q on the copy: %d found, %v", string(q[1:min(len(q), 4)]), found, err)
	}
	if report, err := models.Check(ctx, dst); err != nil || len(report) > 0 {
		t.Errorf("check on the copy: %v %v", report, err)
	}
	// the indexes dropped for the copy are all back: the same as a new database's
	fresh, err := store.Open(testfixture.NewPG(t, "template1"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(fresh)
	if err := models.Migrate(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	indexDefs := func(db *gorm.DB) (defs []string) {
		db.Raw("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexdef").Scan(&defs)
		return defs
	}
	if got, want := indexDefs(dst), indexDefs(fresh); !slices.Equal(got, want) || len(want) < 100 {
		t.Errorf("the copy's %d indexes differ from a new database's %d", len(got), len(want))
	}
	// the sequences moved past the copied ids: a new row gets a new id
	var maxID, next int64
	dst.Raw("SELECT MAX(id) FROM users").Scan(&maxID)
	dst.Raw("SELECT nextval(pg_get_serial_sequence('users', 'id'))").Scan(&next)
	if next <= maxID {
		t.Errorf("users' sequence at %d, ids copied up to %d", next, maxID)
	}
	// a target holding users is refused
	out.Reset()
	if err := run(ctx, []string{"copy", "--from", path, "--to", dsn}, env(nil), nil, &out); err == nil || !strings.Contains(err.Error(), "holds users") {
		t.Errorf("a second copy into a used database: %v", err)
	}
	if err := run(ctx, []string{"copy", "--from", dsn, "--to", path}, env(nil), nil, &out); err == nil {
		t.Error("a copy from PostgreSQL to SQLite was accepted")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestSeedPostgres seeds a large world into PostgreSQL (COPY, the indexes rebuilt afterwards):
// check holds, the indexes are back, the sequences are past the seeded ids, the search answers.
func TestSeedPostgres(t *testing.T) {
	if testfixture.Postgres() == "" {
		t.Skip("PostgreSQL tests need " + testfixture.PostgresEnv + " (make test-pg)")
	}
	ctx := context.Background()
	dsn := testfixture.NewPG(t, "template1")
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--db", dsn, "--customers", "3000", "--enterprises", "2000", "--transfers", "5000", "--orders", "4000"}, env(nil), nil, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"check"}, env(map[string]string{"PARTNERHUB_DB": dsn}), nil, &out); err != nil || !strings.Contains(out.String(), "all invariants hold") {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	db, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	for _, ix := range []string{"ix_customer_search_grams", "ix_customer_search_names", "ix_enterprise_search_names"} {
		var n int64
		db.Raw("SELECT COUNT(*) FROM pg_indexes WHERE indexname = ?", ix).Scan(&n)
		if n != 1 {
			t.Errorf("index %s not rebuilt", ix)
		}
	}
	var lost []string
	db.Raw(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('customers', 'associations', 'enterprises')
		AND NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = pg_tables.tablename AND i.indexname NOT LIKE '%pkey')`).Scan(&lost)
	if len(lost) > 0 {
		t.Errorf("no secondary index on %v after the seed", lost)
	}
	var maxID, next int64
	db.Raw("SELECT MAX(id) FROM customers").Scan(&maxID)
	db.Raw("SELECT nextval(pg_get_serial_sequence('customers', 'id'))").Scan(&next)
	if maxID < 3000 || next <= maxID {
		t.Errorf("customers' sequence at %d, ids seeded up to %d", next, maxID)
	}
	var found int64
	scope, err := store.SearchScope(db.Model(&models.Customer{}), "customers", store.CustomerSearchTable, "云图", "account_name", "real_name")
	if err == nil {
		err = scope.Count(&found).Error
	}
	if err != nil || found == 0 {
		t.Errorf("search on the seeded world: %d found, %v", found, err)
	}
}
