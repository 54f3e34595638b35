package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestPGBulkLoadCopies: in a PostgreSQL BulkLoad the rows go by COPY, the loaded table's
// secondary indexes are gone during the load and back after it (its primary key kept), the
// sequence is past the loaded ids; outside a load BulkInsert inserts; a failed load leaves nothing.
func TestPGBulkLoadCopies(t *testing.T) {
	t.Parallel()
	db := openPG(t)
	for _, s := range []string{
		"CREATE TABLE things (id bigserial PRIMARY KEY, name text NOT NULL, tags text[] NOT NULL, at timestamptz, flag boolean NOT NULL)",
		"CREATE INDEX ix_things_name ON things (name)",
		"CREATE UNIQUE INDEX ix_things_at ON things (at) WHERE flag",
	} {
		if err := db.Exec(s).Error; err != nil {
			t.Fatal(err)
		}
	}
	indexes := func(tx *gorm.DB) (n int64) {
		tx.Raw("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'things'").Scan(&n)
		return n
	}
	cols := []string{"id", "name", "tags", "at", "flag"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	row := func(i int) []any {
		return []any{i + 1, "thing", []string{"a", "b"}, base.Add(time.Duration(i) * time.Second), i%2 == 0}
	}
	ctx := context.Background()
	err := BulkLoad(ctx, db, []string{"things"}, func(tx *gorm.DB) error {
		if n := indexes(tx); n != 1 {
			t.Errorf("%d indexes on things during the load, want the primary key alone", n)
		}
		used, err := copyRows(tx, "things", cols, 5000, row)
		if !used {
			t.Error("a BulkLoad's rows were not copied")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var count int64
	db.Raw("SELECT COUNT(*) FROM things WHERE flag").Scan(&count)
	if n := indexes(db); n != 3 || count != 2500 {
		t.Errorf("after the load: %d indexes (want 3), %d flagged rows (want 2500)", n, count)
	}
	if err := BulkInsert(db, "things", cols, 10, func(i int) []any { return row(5000 + i) }); err != nil {
		t.Fatal(err)
	}
	if used, _ := copyRows(db, "things", cols, 0, row); used {
		t.Error("COPY outside a load")
	}
	var next int64
	db.Raw("SELECT nextval(pg_get_serial_sequence('things', 'id'))").Scan(&next)
	if next != 5011 {
		t.Errorf("sequence at %d after 5010 rows", next)
	}
	boom := errors.New("boom")
	err = BulkLoad(ctx, db, []string{"things"}, func(tx *gorm.DB) error {
		if err := BulkInsert(tx, "things", cols, 10, func(i int) []any { return row(6000 + i) }); err != nil {
			return err
		}
		return boom
	})
	db.Raw("SELECT COUNT(*) FROM things").Scan(&count)
	if !errors.Is(err, boom) || count != 5010 || indexes(db) != 3 {
		t.Errorf("a failed load: %v, %d rows (want 5010), %d indexes", err, count, indexes(db))
	}
}
