package models

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/store"
)

// unmigrated is a new, empty database that nothing has migrated.
func unmigrated(t testing.TB) *gorm.DB {
	t.Helper()
	if testfixture.Postgres() != "" {
		return openTest(t, testfixture.NewPG(t, "template1"))
	}
	return openTest(t, filepath.Join(t.TempDir(), "empty.db"))
}

// unversionedDB is a database as the unversioned Migrate built it, with the demo world: what the
// last release before versioning left on disk.
func unversionedDB(t testing.TB) *gorm.DB {
	t.Helper()
	db := unmigrated(t)
	if err := migrateUnversioned(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	// the demo world of today has rows in later tables too: they are there while it is seeded,
	// and gone as they were in the releases before versioning. Not the top-ups: a paid one's
	// transfer would stay in version 1's ledger without it, which no release ever had (the seed
	// makes none without their table)
	var later []any
	for _, m := range laterModels {
		if _, topup := m.(*Topup); !topup {
			later = append(later, m)
		}
	}
	if err := db.AutoMigrate(later...); err != nil {
		t.Fatal(err)
	}
	createLaterSearchIndexes(t, db)
	if err := SeedDemo(context.Background(), db, testNow); err != nil {
		t.Fatal(err)
	}
	dropLaterTables(t, db)
	return db
}

// dropLaterTables drops the tables of the migrations after version 1.
func dropLaterTables(t testing.TB, db *gorm.DB) {
	t.Helper()
	if err := db.Migrator().DropTable(laterModels...); err != nil {
		t.Fatal(err)
	}
	for _, ix := range laterSearchIndexes {
		if err := db.Exec("DROP TABLE IF EXISTS " + ix + "_vocab").Error; err != nil { // FTS5's vocabulary
			t.Fatal(err)
		}
		if err := db.Exec("DROP TABLE " + ix).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// laterTriggers are the triggers the migrations after version 1 create (no model describes one).
var laterTriggers = []string{
	// 00021_directory_generation
	"tr_dir_labels_delete", "tr_dir_labels_insert", "tr_dir_labels_update", "tr_dir_partners_delete", "tr_dir_partners_insert",
	"tr_dir_partners_update", "tr_dir_users_delete", "tr_dir_users_insert", "tr_dir_users_update",
	"tr_price_versions_insert", // 00026_price_generation
}

// copyLaterTriggers creates on to the laterTriggers as the migrations made them on from.
func copyLaterTriggers(t testing.TB, from, to *gorm.DB) {
	t.Helper()
	if store.IsPostgres(from) {
		pgCopyLaterTriggers(t, from, to)
		return
	}
	for _, name := range laterTriggers {
		var sql string
		if err := from.Raw("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", name).Scan(&sql).Error; err != nil || sql == "" {
			t.Fatalf("the migrations made no trigger %s: %v", name, err)
		}
		if err := to.Exec(sql).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// pgCopyLaterTriggers is copyLaterTriggers on PostgreSQL: the trigger functions (PL/pgSQL ones of
// the schema, CREATE OR REPLACE), then the triggers.
func pgCopyLaterTriggers(t testing.TB, from, to *gorm.DB) {
	t.Helper()
	var defs []string
	err := from.Raw(`SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		JOIN pg_language l ON l.oid = p.prolang WHERE n.nspname = current_schema() AND l.lanname = 'plpgsql'`).Scan(&defs).Error
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range laterTriggers {
		var def string
		if err := from.Raw("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = ?", name).Scan(&def).Error; err != nil || def == "" {
			t.Fatalf("the migrations made no trigger %s: %v", name, err)
		}
		defs = append(defs, def)
	}
	for _, def := range defs {
		if err := to.Exec(def).Error; err != nil {
			t.Fatalf("%s: %v", def, err)
		}
	}
}

// createLaterSearchIndexes creates the search indexes of the migrations after version 1.
func createLaterSearchIndexes(t testing.TB, db *gorm.DB) {
	t.Helper()
	for _, ix := range laterSearchIndexes {
		if err := store.CreateSearchIndex(context.Background(), db, ix); err != nil {
			t.Fatal(err)
		}
	}
}

// schemaOf describes a database's schema by what SQLite reports of it, so that the same schema
// reached by other steps (a column added by ALTER TABLE comes last) reads the same: each table's
// columns (type, NOT NULL, default, key) by name, each index's table, uniqueness, columns and
// condition, the triggers and virtual tables by their SQL. goose's own table is left out.
func schemaOf(t testing.TB, db *gorm.DB) []string {
	t.Helper()
	if store.IsPostgres(db) {
		return pgSchemaOf(t, db)
	}
	var objects []struct{ Type, Name, TblName, SQL string }
	err := db.Raw(`SELECT type, name, tbl_name, COALESCE(sql, '') AS sql FROM sqlite_master
		WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> ?`, versionTable).Scan(&objects).Error
	if err != nil {
		t.Fatal(err)
	}
	space := regexp.MustCompile(`\s+`)
	var out []string
	for _, o := range objects {
		switch {
		case o.Type == "table" && !strings.HasPrefix(o.SQL, "CREATE VIRTUAL"):
			var cols []struct {
				Name, Type string
				NotNull    bool
				DfltValue  *string
				Pk         int
			}
			db.Raw("SELECT name, type, \"notnull\" AS not_null, dflt_value, pk FROM pragma_table_info(?)", o.Name).Scan(&cols)
			for _, c := range cols {
				dflt := "none"
				if c.DfltValue != nil {
					dflt = *c.DfltValue
				}
				out = append(out, fmt.Sprintf("column %s.%s %s notnull=%v default=%s pk=%d", o.Name, c.Name, strings.ToUpper(c.Type), c.NotNull, dflt, c.Pk))
			}
		case o.Type == "index":
			var cols []string
			db.Raw("SELECT name FROM pragma_index_info(?) ORDER BY seqno", o.Name).Scan(&cols)
			unique := strings.HasPrefix(strings.ToUpper(o.SQL), "CREATE UNIQUE") || strings.HasPrefix(o.Name, "sqlite_autoindex")
			where := ""
			if i := strings.Index(strings.ToUpper(o.SQL), " WHERE "); i >= 0 {
				where = space.ReplaceAllString(o.SQL[i:], " ")
			}
			out = append(out, fmt.Sprintf("index %s on %s(%s) unique=%v%s", o.Name, o.TblName, strings.Join(cols, ","), unique, where))
		default:
			out = append(out, fmt.Sprintf("%s %s: %s", o.Type, o.Name, space.ReplaceAllString(o.SQL, " ")))
		}
	}
	sort.Strings(out)
	return out
}

// pgSchemaOf is schemaOf on PostgreSQL, from its catalogue: each column's type (with its length),
// NOT NULL, default and whether it is in the primary key; each index's definition (its table,
// uniqueness, method, columns and condition); each trigger's. goose's table is left out.
func pgSchemaOf(t testing.TB, db *gorm.DB) []string {
	t.Helper()
	var cols []struct {
		TableName, ColumnName, DataType, Dflt, IsNullable string
		Len                                               *int
		Pk                                                bool
	}
	err := db.Raw(`SELECT c.table_name, c.column_name, c.data_type, COALESCE(c.column_default, 'none') AS dflt,
		c.is_nullable, c.character_maximum_length AS len,
		EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
			ON tc.constraint_name = k.constraint_name AND tc.table_schema = k.table_schema
			WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND k.table_name = c.table_name
			AND k.column_name = c.column_name) AS pk
		FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name <> ?`, versionTable).Scan(&cols).Error
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cols {
		typ := c.DataType
		if c.Len != nil {
			typ += fmt.Sprintf("(%d)", *c.Len)
		}
		out = append(out, fmt.Sprintf("column %s.%s %s notnull=%v default=%s pk=%v", c.TableName, c.ColumnName, typ, c.IsNullable == "NO", c.Dflt, c.Pk))
	}
	var defs []string
	err = db.Raw(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> ?
		UNION ALL SELECT pg_get_triggerdef(tg.oid) FROM pg_trigger tg WHERE NOT tg.tgisinternal
		UNION ALL SELECT pg_get_constraintdef(co.oid) || ' ' || co.conname FROM pg_constraint co
			JOIN pg_namespace n ON n.oid = co.connamespace WHERE n.nspname = current_schema() AND co.contype IN ('c', 'f')`,
		versionTable).Scan(&defs).Error
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, defs...)
	sort.Strings(out)
	return out
}

// The migrations build the schema the models describe: the one AutoMigrate (with the partial
// indexes, trigger and search tables of the unversioned Migrate) builds from them, then from the
// models added after version 1 (laterModels). A field, model
// or index added without a migration fails here.
func TestMigrationsMatchModels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	migrated, fromModels := unmigrated(t), unmigrated(t)
	if err := Migrate(ctx, migrated); err != nil {
		t.Fatal(err)
	}
	if err := migrateUnversioned(ctx, fromModels); err != nil {
		t.Fatal(err)
	}
	if len(laterModels) > 0 {
		if err := fromModels.AutoMigrate(laterModels...); err != nil {
			t.Fatal(err)
		}
	}
	createLaterSearchIndexes(t, fromModels)
	copyLaterTriggers(t, migrated, fromModels)
	got, want := schemaOf(t, migrated), schemaOf(t, fromModels)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the migrations' schema differs from the models' (add a migration):\n%s", diffLines(got, want))
	}
	st, err := SchemaStatus(ctx, migrated)
	if err != nil || st.Current != st.Latest || len(st.Pending) > 0 || st.Unversioned {
		t.Errorf("after Migrate: %+v, %v", st, err)
	}
	if err := Migrate(ctx, migrated); err != nil { // nothing pending: nothing to do
		t.Fatal(err)
	}
}

// diffLines lists what only one side has.
func diffLines(got, want []string) string {
	in := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var b strings.Builder
	for _, x := range got {
		if !w[x] {
			fmt.Fprintf(&b, "  migrations only: %s\n", x)
		}
	}
	for _, x := range want {
		if !g[x] {
			fmt.Fprintf(&b, "  models only:     %s\n", x)
		}
	}
	return b.String()
}

// A database of the last release before versioning, with the demo world, is adopted at version 1:
// every row is kept and its schema is the migrations'.
func TestAdoptUnversioned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := unversionedDB(t)
	before := rowCounts(t, db)
	st, err := SchemaStatus(ctx, db)
	if err != nil || !st.Unversioned || st.Current != 0 {
		t.Fatalf("before adoption: %+v, %v", st, err)
	}
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if st, err = SchemaStatus(ctx, db); err != nil || st.Unversioned || st.Current != st.Latest || len(st.Pending) > 0 {
		t.Fatalf("after adoption: %+v, %v", st, err)
	}
	// the migrations after version 1 add tables: the rows of version 1's must all be there still
	after := rowCounts(t, db)
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: %d rows before adoption, %d after", table, n, after[table])
		}
	}
	fresh := unmigrated(t)
	if err := Migrate(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if got, want := schemaOf(t, db), schemaOf(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("an adopted database's schema differs from a migrated one's:\n%s", diffLines(got, want))
	}
	// 00013 indexed the partners already there: each is found by a part of its name and account
	var partners []Partner
	db.Find(&partners)
	for _, p := range partners {
		for _, q := range []string{p.Name, string([]rune(p.Name)[1:3]), p.AccountName} {
			found, err := SearchPartners(ctx, db, operatorActor(t, db), "pq", q)
			if err != nil || !slices.ContainsFunc(found.Rows, func(f Partner) bool { return f.ID == p.ID }) {
				t.Errorf("after adoption, %q does not find partner %d: %v", q, p.ID, err)
			}
		}
	}
	if len(partners) == 0 {
		t.Error("no partners")
	}
	mustCheck(t, db)
}

// rowCounts counts the rows of every table but the search index's own.
func rowCounts(t testing.TB, db *gorm.DB) map[string]int64 {
	t.Helper()
	var tables []string
	if store.IsPostgres(db) {
		db.Raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_name <> ? AND table_name NOT LIKE '%\_search' ORDER BY table_name`, versionTable).Scan(&tables)
	} else {
		db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name <> ? AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`, versionTable).Scan(&tables)
	}
	counts := map[string]int64{}
	for _, tb := range tables {
		var n int64
		if err := db.Raw("SELECT count(*) FROM " + tb).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		counts[tb] = n
	}
	if counts["partners"] == 0 || counts["entries"] == 0 {
		t.Fatalf("an empty world: %v", counts)
	}
	return counts
}

// A database a newer release migrated is refused, and left as it is.
func TestMigrateRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := unmigrated(t)
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	st, _ := SchemaStatus(ctx, db)
	if err := db.Exec("INSERT INTO "+versionTable+" (version_id, is_applied) VALUES (?, ?)", st.Latest+1, true).Error; err != nil {
		t.Fatal(err)
	}
	err := Migrate(ctx, db)
	if !errors.Is(err, ErrSchemaNewer) {
		t.Fatalf("Migrate of a newer database: %v", err)
	}
	if st, err := SchemaStatus(ctx, db); err != nil || st.Current != st.Latest+1 {
		t.Errorf("status of a newer database: %+v, %v", st, err)
	}
}
