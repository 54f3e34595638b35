package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// Bulk inserts for the seeded worlds: multi-row INSERTs of generated rows, a few hundred rows a
// statement (COPY on PostgreSQL, bulk_pg.go), so that a million customers and a million
// enterprises load in seconds.

// BulkLoad runs load in one transaction on one connection tuned for loading a new database: no
// rollback journal (a failed seed is simply run again on a new file), a large page cache, and the
// secondary indexes of tables dropped during the load and built afterwards, which sorts once
// instead of inserting a million random keys into each of a dozen B-trees. On PostgreSQL the same
// indexes are dropped and rebuilt, and BulkInsert writes with COPY (bulk_pg.go).
func BulkLoad(ctx context.Context, db *gorm.DB, tables []string, load func(tx *gorm.DB) error) error {
	if IsPostgres(db) {
		return bulkLoadPostgres(ctx, db, tables, load)
	}
	return db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		// a new session: each statement on conn starts clean, instead of inheriting the model of
		// the one before (the index list below leaked into the accounts' batch insert)
		conn = conn.Session(&gorm.Session{NewDB: true})
		for _, p := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-1048576", "PRAGMA threads=2"} {
			if err := conn.Exec(p).Error; err != nil {
				return err
			}
		}
		var idx []indexDef
		err := conn.Raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ?", tables).
			Scan(&idx).Error
		if err != nil {
			return err
		}
		err = conn.Transaction(func(tx *gorm.DB) error { return loadWithout(tx, idx, load) })
		if err != nil {
			return err
		}
		return conn.Exec("PRAGMA journal_mode=WAL").Error
	})
}

// indexDef is an index: its name and the statement that creates it.
type indexDef struct{ Name, SQL string }

// loadWithout drops the indexes idx, runs load in tx and creates them again: one sort per index
// instead of a random insertion into each for every row.
func loadWithout(tx *gorm.DB, idx []indexDef, load func(tx *gorm.DB) error) error {
	for _, ix := range idx {
		if err := tx.Exec("DROP INDEX " + ix.Name).Error; err != nil {
			return err
		}
	}
	if err := load(tx); err != nil {
		return err
	}
	for _, ix := range idx {
		if err := tx.Exec(ix.SQL).Error; err != nil {
			return fmt.Errorf("store: bulk load: rebuild %s: %w", ix.Name, err)
		}
	}
	return nil
}

// BulkInsert inserts n rows into table; row(i) returns the values of row i in cols order. Rows are
// generated on another goroutine while the database writes the previous batch. In a PostgreSQL
// BulkLoad (or copy) the rows go by COPY; elsewhere by multi-row INSERTs.
func BulkInsert(tx *gorm.DB, table string, cols []string, n int, row func(i int) []any) error {
	if IsPostgres(tx) {
		if used, err := copyRows(tx, table, cols, n, row); used {
			if err == nil && slices.Contains(cols, "id") {
				err = advanceSequence(tx, table)
			}
			return err
		}
	}
	per := min(500, 30000/len(cols))
	batches := make(chan []any, 4)
	go func() {
		defer close(batches)
		for start := 0; start < n; start += per {
			args := make([]any, 0, per*len(cols))
			for i := start; i < min(start+per, n); i++ {
				args = append(args, row(i)...)
			}
			batches <- args
		}
	}()
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + "(" + strings.Join(cols, ",") + ") VALUES "
	ctx := tx.Statement.Context
	var stmt *sql.Stmt
	rowsIn := 0
	var err error
	for args := range batches {
		if err != nil {
			continue // drain so the producer ends
		}
		if rows := len(args) / len(cols); rows != rowsIn {
			if stmt != nil {
				stmt.Close()
			}
			rowsIn = rows
			q := DriverSQL(tx, head+strings.TrimSuffix(strings.Repeat(one+",", rows), ","))
			stmt, err = tx.Statement.ConnPool.PrepareContext(ctx, q)
			if err != nil {
				continue
			}
		}
		if _, err = stmt.ExecContext(ctx, args...); err != nil {
			err = fmt.Errorf("store: seed %s: %w", table, err)
		}
	}
	if stmt != nil {
		stmt.Close()
	}
	if err == nil && IsPostgres(tx) && slices.Contains(cols, "id") {
		err = advanceSequence(tx, table)
	}
	return err
}

// advanceSequence moves the id sequence of table (a PostgreSQL serial column) past the largest id
// in it, after rows were inserted with their ids given: PostgreSQL's sequence would otherwise hand
// out those ids again (SQLite's AUTOINCREMENT takes the largest id in the table into account).
func advanceSequence(tx *gorm.DB, table string) error {
	var seq *string
	if err := tx.Raw("SELECT pg_get_serial_sequence(?, 'id')", table).Scan(&seq).Error; err != nil || seq == nil {
		return err // no sequence: ids are given, never generated
	}
	return tx.Exec("SELECT setval(?::regclass, GREATEST((SELECT MAX(id) FROM "+table+"), 1))", *seq).Error
}

// BulkIndexNames fills a search index with n rows; row(i) gives the id of row i and the names it
// is found by. FTS5 flushes its pending terms into a new segment every hashsize bytes and merges
// segments as they pile up; a large buffer for the load means few segments and little merging.
// The setting is stored in the table, so it is put back afterwards.
func BulkIndexNames(tx *gorm.DB, index string, n int, row func(i int) (id uint64, names []string)) error {
	if IsPostgres(tx) {
		// the names lower-cased by Go's strings.ToLower, which folds as PostgreSQL's LOWER does
		// under a UTF-8 locale (both Unicode's simple case mapping); the grams counted for the
		// vocabulary as they go (row runs on one goroutine at a time, which BulkInsert has
		// finished with when it returns)
		docs := map[string]int64{}
		err := BulkInsert(tx, index, []string{"id", "grams", "names"}, n, func(i int) []any {
			id, names := row(i)
			grams := strings.Fields(Grams(names...))
			for _, g := range grams {
				docs[g]++
			}
			return []any{id, grams, strings.ToLower(strings.Join(names, "\n"))}
		})
		if err != nil {
			return err
		}
		return pgAddVocab(tx, index, docs)
	}
	cfg := "INSERT INTO " + index + "(" + index + ", rank) VALUES ('hashsize', ?)"
	if err := tx.Exec(cfg, 256<<20).Error; err != nil {
		return err
	}
	err := BulkInsert(tx, index, []string{"rowid", "grams"}, n, func(i int) []any {
		id, names := row(i)
		return []any{id, Grams(names...)}
	})
	if err != nil {
		return err
	}
	return tx.Exec(cfg, 1<<20).Error
}

// DriverSQL is q as db's driver takes it, for a statement sent to the driver directly (past GORM,
// which numbers the placeholders itself): SQLite takes ?, PostgreSQL $1, $2, …. q holds no string
// literal with a question mark.
func DriverSQL(db *gorm.DB, q string) string {
	if !IsPostgres(db) {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// SyncSequences moves every id sequence of the database past the largest id of its table, after
// a seed inserted rows with their ids given (advanceSequence, for all tables). SQLite: nothing to do.
func SyncSequences(tx *gorm.DB) error {
	if !IsPostgres(tx) {
		return nil
	}
	var tables []string
	err := tx.Raw(`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()
		AND column_name = 'id' AND column_default LIKE 'nextval(%'`).Scan(&tables).Error
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := advanceSequence(tx, t); err != nil {
			return err
		}
	}
	return nil
}
