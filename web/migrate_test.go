package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/store"
)

// execDB runs statements on the database outside the program, as another tool would.
func execDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// laterTables drop the tables the migrations after version 1 created.
var laterTables = []string{
	// 00002_catalog
	"DROP TABLE areas", "DROP TABLE discount_ceilings", "DROP TABLE discounts", "DROP TABLE prices", "DROP TABLE price_keys",
	"DROP TABLE price_versions", "DROP TABLE resource_specs", "DROP TABLE usage_types", "DROP TABLE conversions",
	"DROP TABLE measure_units", "DROP TABLE zones", "DROP TABLE regions", "DROP TABLE resource_types", "DROP TABLE service_types",
	// 00003_work_orders
	"DROP TABLE tickets", "DROP TABLE ticket_messages", "DROP TABLE ticket_events", "DROP TABLE ticket_attachments",
	"DROP TABLE ticket_ratings", "DROP TABLE ticket_counts",
	// 00004_orders
	"DROP TABLE order_authorizations", "DROP TABLE orders", "DROP TABLE order_lines", "DROP TABLE order_coupons",
	"DROP TABLE resources", "DROP TABLE order_settings",
	"DROP TABLE resource_terms", "DROP TABLE refunds", // 00010_resource_life
	"DROP TABLE topups",                                 // 00008_topups
	"DROP TABLE fee_records", "DROP TABLE monthly_sums", // 00011_fee_records
	"DROP TABLE partner_search_vocab", "DROP TABLE partner_search", // 00013_partner_search
	"DROP TABLE cycle_bills", "DROP TABLE cycle_totals", // 00016_cycle_bills
	"DROP TABLE usage_records", "DROP TABLE arrears", // 00017_usage
	"DROP TABLE daily_sums",       // 00018_daily_sums
	"DROP TABLE bill_adjustments", // 00019_bill_adjustments
	// 00021_directory_generation
	"DROP TRIGGER tr_dir_partners_insert", "DROP TRIGGER tr_dir_partners_update", "DROP TRIGGER tr_dir_partners_delete",
	"DROP TRIGGER tr_dir_users_insert", "DROP TRIGGER tr_dir_users_update", "DROP TRIGGER tr_dir_users_delete",
	"DROP TRIGGER tr_dir_labels_insert", "DROP TRIGGER tr_dir_labels_update", "DROP TRIGGER tr_dir_labels_delete",
	"DROP TABLE directory_generations",
	"DROP TABLE price_generations", // 00026_price_generation (its trigger went with price_versions)
}

func TestMigrateStatusAndUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	ctx := context.Background()
	migrate := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{"migrate"}, args...), env(map[string]string{"PARTNERHUB_DB": db}), nil, &out)
		return out.String(), err
	}
	if out, err := migrate("status"); err == nil {
		t.Fatalf("status of a missing database: %s", out)
	}
	out, err := migrate("up")
	// the latest version grows with each migration: what up reaches is what status calls latest
	_, latest, _ := strings.Cut(out, "latest version: ")
	latest, _, _ = strings.Cut(latest, "\n")
	current := "current version: " + latest + "\n"
	if err != nil || latest == "" || !strings.Contains(out, current) || !strings.Contains(out, "pending: none") {
		t.Fatalf("up: %v\n%s", err, out)
	}
	if out, err = migrate(); err != nil || !strings.Contains(out, current) || !strings.Contains(out, "latest version: "+latest+"\n") {
		t.Fatalf("status: %v\n%s", err, out)
	}
	// a database of the releases before versioning: no version table, nor the tables of the
	// migrations after version 1
	execDB(t, db, append([]string{"DROP TABLE goose_db_version"}, laterTables...)...)
	if out, err = migrate("status", "--db", db); err != nil || !strings.Contains(out, "current version: 0\n") || !strings.Contains(out, "adopted at version 1") {
		t.Fatalf("status of an unversioned database: %v\n%s", err, out)
	}
	if out, err = migrate("up"); err != nil || !strings.Contains(out, current) {
		t.Fatalf("up of an unversioned database: %v\n%s", err, out)
	}
	if _, err = migrate("sideways"); err == nil {
		t.Error("an unknown migrate command was accepted")
	}
}

// serve refuses a database a newer release migrated, before it listens or changes anything.
func TestServeRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "n.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate", "up", "--db", db}, env(nil), nil, &out); err != nil {
		t.Fatal(err)
	}
	execDB(t, db, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)")
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--data", filepath.Join(dir, "keys")}
	err := run(ctx, args, env(nil), nil, &out)
	if !errors.Is(err, models.ErrSchemaNewer) || !strings.Contains(err.Error(), "version 9999") {
		t.Fatalf("serve on a newer database: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"migrate", "status", "--db", db}, env(nil), nil, &out); err != nil || !strings.Contains(out.String(), "NEWER") {
		t.Errorf("status of a newer database: %v\n%s", err, out.String())
	}
}
