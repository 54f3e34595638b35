package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Moving a database from SQLite to PostgreSQL (partnerhub copy): every table of the source, in
// id order, by COPY (bulk_pg.go; multi-row INSERTs where COPY is not at hand) with the secondary
// indexes dropped and rebuilt after, in one PostgreSQL transaction, so that a copy that fails
// leaves the target as it was. The target has been
// migrated to the source's schema version; the rows its migrations inserted
// (directory_generations) are replaced by the source's.
// The search indexes are not copied (SQLite's are contentless FTS5 tables, which give no names
// back): the caller rebuilds them from the copied rows (ClearSearchIndex, BulkIndexNames).

// TableCount is the number of rows copied into a table.
type TableCount struct {
	Table string
	Rows  int64
}

// copyBatchRows is the most rows a statement of the copy inserts; PostgreSQL takes at most 65,535
// parameters a statement, which bounds it for wide tables.
const copyBatchRows = 5000

// CopyToPostgres copies the tables of SQLite database src into PostgreSQL database dst, except
// the tables named in skip (the migrations' version table) and SQLite's virtual tables and their
// shadow tables (the search indexes). Every table copied must exist in dst with every column of
// the source. The copied tables are emptied first, the tables referenced by a foreign key are
// filled before those referring to them, the id sequences are moved past the copied ids and the
// tables analysed.
// progress, when not nil, is told of each table copied.
func CopyToPostgres(ctx context.Context, src, dst *gorm.DB, skip []string, progress func(TableCount, time.Duration)) ([]TableCount, error) {
	if IsPostgres(src) || !IsPostgres(dst) {
		return nil, errors.New("store: copy goes from a SQLite database to a PostgreSQL one")
	}
	src = src.WithContext(ctx).Session(&gorm.Session{NewDB: true})
	tables, err := sqliteTables(src, skip)
	if err != nil {
		return nil, err
	}
	var counts []TableCount
	err = inCopyTx(ctx, dst, func(tx *gorm.DB) error {
		cols, err := pgColumns(tx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if cols[t] == nil {
				return fmt.Errorf("store: copy: table %s of the source is not in the target (is it migrated to the same version?)", t)
			}
		}
		if tables, err = parentsFirst(tx, tables); err != nil {
			return err
		}
		quoted := make([]string, len(tables))
		for i, t := range tables {
			quoted[i] = quote(t)
		}
		if len(tables) > 0 {
			if err := tx.Exec("TRUNCATE " + strings.Join(quoted, ", ")).Error; err != nil {
				return fmt.Errorf("store: copy: empty the target's tables: %w", err)
			}
		}
		err = withoutIndexes(tx, tables, func(tx *gorm.DB) error {
			for _, t := range tables {
				start := time.Now()
				n, err := copyTable(src, tx, t, cols[t])
				if err != nil {
					return err
				}
				counts = append(counts, TableCount{Table: t, Rows: n})
				if progress != nil {
					progress(counts[len(counts)-1], time.Since(start))
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return SyncSequences(tx)
	})
	if err != nil {
		return nil, err
	}
	// the planner's statistics of the tables just filled, before anything queries them (check
	// took minutes on 560,000 rows without them)
	if err := dst.WithContext(ctx).Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("store: copy: analyze: %w", err)
	}
	sort.Slice(counts, func(i, j int) bool { return counts[i].Table < counts[j].Table })
	return counts, nil
}

// CountRows is the number of rows of table in db.
func CountRows(ctx context.Context, db *gorm.DB, table string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw("SELECT COUNT(*) FROM " + quote(table)).Scan(&n).Error
	return n, err
}

// ClearSearchIndex removes every row of a search index, before it is filled again.
func ClearSearchIndex(tx *gorm.DB, index string) error {
	if IsPostgres(tx) {
		if err := pgLockVocab(tx, index); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM " + index).Error; err != nil {
			return err
		}
		return tx.Exec("DELETE FROM " + index + "_vocab").Error // counted again as the index is filled
	}
	return tx.Exec("INSERT INTO " + index + "(" + index + ") VALUES ('delete-all')").Error
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// sqliteTables are the ordinary tables of a SQLite database, less skip, the virtual tables and
// their shadow tables (named after the virtual table and an underscore).
func sqliteTables(db *gorm.DB, skip []string) ([]string, error) {
	var rows []struct{ Name, SQL string }
	if err := db.Raw("SELECT name, COALESCE(sql, '') AS sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	var virtual []string
	for _, r := range rows {
		if strings.HasPrefix(strings.ToUpper(r.SQL), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, r.Name)
		}
	}
	var out []string
next:
	for _, r := range rows {
		if slices.Contains(skip, r.Name) {
			continue
		}
		for _, v := range virtual {
			if r.Name == v || strings.HasPrefix(r.Name, v+"_") {
				continue next
			}
		}
		out = append(out, r.Name)
	}
	return out, nil
}

// pgColumns is each table's columns in the current schema, with their data types.
func pgColumns(tx *gorm.DB) (map[string]map[string]string, error) {
	var rows []struct{ TableName, ColumnName, DataType string }
	err := tx.Raw(`SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, r := range rows {
		if out[r.TableName] == nil {
			out[r.TableName] = map[string]string{}
		}
		out[r.TableName][r.ColumnName] = r.DataType
	}
	return out, nil
}

// parentsFirst orders tables so that a table referenced by a foreign key of another comes before it.
func parentsFirst(tx *gorm.DB, tables []string) ([]string, error) {
	var fks []struct{ Child, Parent string }
	err := tx.Raw(`SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
		WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`).Scan(&fks).Error
	if err != nil {
		return nil, err
	}
	parents := map[string][]string{}
	for _, fk := range fks {
		c, p := strings.Trim(fk.Child, `"`), strings.Trim(fk.Parent, `"`)
		if c != p {
			parents[c] = append(parents[c], p)
		}
	}
	var out []string
	done := map[string]bool{}
	var visit func(t string, depth int)
	visit = func(t string, depth int) {
		if done[t] || depth > len(tables) || !slices.Contains(tables, t) {
			return
		}
		for _, p := range parents[t] {
			visit(p, depth+1)
		}
		if !done[t] {
			done[t] = true
			out = append(out, t)
		}
	}
	for _, t := range tables {
		visit(t, 0)
	}
	return out, nil
}

// copyTable copies one table from src to tx (PostgreSQL), in id order (rowid for a table without
// an id), streamed by COPY (or a few thousand rows a statement), and returns the number of rows
// copied.
func copyTable(src, tx *gorm.DB, table string, dstCols map[string]string) (int64, error) {
	var info []struct {
		Name string
		PK   int `gorm:"column:pk"`
	}
	if err := src.Raw("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", table).Scan(&info).Error; err != nil {
		return 0, err
	}
	cols := make([]string, len(info))
	kinds := make([]string, len(info))
	order := "rowid"
	for i, c := range info {
		cols[i] = c.Name
		kind, ok := dstCols[c.Name]
		if !ok {
			return 0, fmt.Errorf("store: copy: column %s.%s of the source is not in the target", table, c.Name)
		}
		kinds[i] = kind
		if c.Name == "id" {
			order = "id"
		}
	}
	quotedCols := make([]string, len(cols))
	for i, c := range cols {
		quotedCols[i] = quote(c)
	}
	rows, err := src.Raw("SELECT " + strings.Join(quotedCols, ", ") + " FROM " + quote(table) + " ORDER BY " + order).Rows()
	if err != nil {
		return 0, fmt.Errorf("store: copy: read %s: %w", table, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = pgValue(v, kinds[i])
		}
		return row, nil
	}
	if n, used, err := copyFrom(tx, table, cols, pgx.CopyFromFunc(next)); used {
		return n, err
	}
	per := min(copyBatchRows, 60000/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + quote(table) + " (" + strings.Join(quotedCols, ", ") + ") VALUES "
	ctx := tx.Statement.Context
	args := make([]any, 0, per*len(cols))
	var n int64
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		k := len(args) / len(cols)
		q := DriverSQL(tx, head+strings.TrimSuffix(strings.Repeat(one+",", k), ","))
		if _, err := tx.Statement.ConnPool.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("store: copy: write %s: %w", table, err)
		}
		n += int64(k)
		args = args[:0]
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("store: copy: read %s: %w", table, err)
		}
		for i, v := range vals {
			args = append(args, pgValue(v, kinds[i]))
		}
		if len(args) >= per*len(cols) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("store: copy: read %s: %w", table, err)
	}
	return n, flush()
}

// pgValue is a value read from SQLite as PostgreSQL's column of type kind takes it: SQLite keeps
// booleans as integers and hands text back as bytes in some columns.
func pgValue(v any, kind string) any {
	switch x := v.(type) {
	case int64:
		if kind == "boolean" {
			return x != 0
		}
	case []byte:
		if kind != "bytea" {
			return string(x)
		}
	}
	return v
}
