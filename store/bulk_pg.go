package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// Bulk loading on PostgreSQL: COPY (pgx's CopyFrom, the binary protocol) instead of multi-row
// INSERTs, the secondary indexes of the loaded tables dropped during the load and built once
// afterwards, as BulkLoad does on SQLite. COPY needs the pgx connection under database/sql's, so
// a load runs in a transaction on one pinned connection (inCopyTx), whose *sql.Conn the context
// carries to BulkInsert and to the copy command; a BulkInsert elsewhere (the domain's, in a money
// transaction) finds none there and inserts as before.

// copyConnKey is the context key of the pinned connection a COPY may use.
type copyConnKey struct{}

// inCopyTx runs f in one transaction on one connection of PostgreSQL database db, with COPY
// available to the BulkInserts f makes.
func inCopyTx(ctx context.Context, db *gorm.DB, f func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		c, ok := conn.Statement.ConnPool.(*sql.Conn)
		if !ok {
			return fmt.Errorf("store: bulk load: no connection of its own (%T)", conn.Statement.ConnPool)
		}
		conn = conn.WithContext(context.WithValue(ctx, copyConnKey{}, c)).Session(&gorm.Session{NewDB: true})
		return conn.Transaction(f)
	})
}

// copyFrom writes src's rows into table's cols with COPY when tx runs in inCopyTx (used false
// otherwise: the caller inserts). database/sql lets the driver's connection be used while the
// transaction it runs is open: the COPY is part of that transaction.
func copyFrom(tx *gorm.DB, table string, cols []string, src pgx.CopyFromSource) (n int64, used bool, err error) {
	c := copyConn(tx)
	if c == nil {
		return 0, false, nil
	}
	err = c.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: COPY needs pgx's connection, not %T", dc)
		}
		n, err = pc.Conn().CopyFrom(tx.Statement.Context, pgx.Identifier{table}, cols, src)
		return err
	})
	if err != nil {
		err = fmt.Errorf("store: copy into %s: %w", table, err)
	}
	return n, true, err
}

// copyConn is the pinned connection of the inCopyTx tx runs in, or nil.
func copyConn(tx *gorm.DB) *sql.Conn {
	if !IsPostgres(tx) || tx.Statement.Context == nil {
		return nil
	}
	c, _ := tx.Statement.Context.Value(copyConnKey{}).(*sql.Conn)
	return c
}

// copyRows is BulkInsert's COPY: rows generated on another goroutine, a batch at a time, while
// PostgreSQL takes the previous one.
func copyRows(tx *gorm.DB, table string, cols []string, n int, row func(i int) []any) (bool, error) {
	if copyConn(tx) == nil {
		return false, nil
	}
	const per = 2000
	batches := make(chan [][]any, 4)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		for start := 0; start < n; start += per {
			b := make([][]any, 0, per)
			for i := start; i < min(start+per, n); i++ {
				b = append(b, row(i))
			}
			select {
			case batches <- b:
			case <-stop:
				return
			}
		}
	}()
	var cur [][]any
	next := func() ([]any, error) {
		for len(cur) == 0 {
			b, ok := <-batches
			if !ok {
				return nil, nil
			}
			cur = b
		}
		r := cur[0]
		cur = cur[1:]
		return r, nil
	}
	got, used, err := copyFrom(tx, table, cols, pgx.CopyFromFunc(next))
	if used && err == nil && got != int64(n) {
		err = fmt.Errorf("store: copy into %s: %d rows of %d", table, got, n)
	}
	return used, err
}

// bulkLoadPostgres is BulkLoad on PostgreSQL: in one transaction, load run with COPY available
// and the tables' secondary indexes dropped meanwhile (withoutIndexes), the id sequences moved
// past the loaded ids; then the tables analysed, for the planner's first queries (a million rows
// it has no statistics of are planned as a few).
func bulkLoadPostgres(ctx context.Context, db *gorm.DB, tables []string, load func(tx *gorm.DB) error) error {
	err := inCopyTx(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Exec("SET LOCAL synchronous_commit = off").Error; err != nil {
			return err
		}
		if err := withoutIndexes(tx, tables, load); err != nil {
			return err
		}
		return SyncSequences(tx)
	})
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := db.WithContext(ctx).Exec("ANALYZE " + quote(t)).Error; err != nil {
			return errors.Join(errors.New("store: bulk load: analyze"), err)
		}
	}
	return nil
}

// withoutIndexes runs load in transaction tx with the secondary indexes of tables dropped, and
// builds them again afterwards with a large sorting memory: one sort per index instead of a
// million random insertions into each. The indexes a constraint needs (primary keys, unique keys
// a foreign key refers to) are kept.
func withoutIndexes(tx *gorm.DB, tables []string, load func(tx *gorm.DB) error) error {
	if err := tx.Exec("SET LOCAL maintenance_work_mem = '512MB'").Error; err != nil {
		return err
	}
	var idx []indexDef
	err := tx.Raw(`SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS sql
		FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname IN ?
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, tables).Scan(&idx).Error
	if err != nil {
		return err
	}
	return loadWithout(tx, idx, load)
}
