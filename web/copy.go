package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"partnerhub/models"
	"partnerhub/store"
)

// copyDB is `partnerhub copy --from SQLITE_PATH --to postgres://…`: it moves a whole database from
// the embedded default to PostgreSQL. Both are first brought to this program's latest schema
// version by the same migrations (as serve does at start); a target that holds users is refused.
// Every table is copied in id order, in one transaction (store.CopyToPostgres), the search indexes
// are rebuilt from the copied names, and check runs on the target.
func copyDB(ctx context.Context, args []string, out io.Writer) error {
	flags := newFlagSet("copy", out)
	from := flags.String("from", "", "the SQLite database file to copy")
	to := flags.String("to", "", "the PostgreSQL database to copy into: postgres://user@host:port/name")
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case *from == "" || *to == "":
		return errors.New("copy: give --from SQLITE_PATH and --to postgres://…")
	case store.IsPostgresURL(*from):
		return errors.New("copy: --from must be a SQLite file")
	case !store.IsPostgresURL(*to):
		return errors.New("copy: --to must be a postgres:// URL")
	}
	if _, err := os.Stat(*from); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("copy: no database at %s", *from)
	}
	src, err := openDB(ctx, *from)
	if err != nil {
		return fmt.Errorf("copy: source: %w", err)
	}
	defer store.Close(src)
	dst, err := openDB(ctx, *to)
	if err != nil {
		return fmt.Errorf("copy: target: %w", err)
	}
	defer store.Close(dst)
	if used, err := models.HasUsers(ctx, dst); err != nil || used {
		if err == nil {
			err = errors.New("it holds users; copy into a new, empty database")
		}
		return fmt.Errorf("copy: target: %w", err)
	}
	ss, err := models.SchemaStatus(ctx, src)
	if err != nil {
		return err
	}
	ds, err := models.SchemaStatus(ctx, dst)
	if err != nil {
		return err
	}
	if ss.Current != ds.Current {
		return fmt.Errorf("copy: the source is at schema version %d and the target at %d", ss.Current, ds.Current)
	}
	start := time.Now()
	counts, err := store.CopyToPostgres(ctx, src, dst, []string{"goose_db_version"}, func(c store.TableCount, d time.Duration) {
		if d > time.Second {
			fmt.Fprintf(out, "copied %s: %d rows in %s\n", c.Table, c.Rows, d.Round(time.Millisecond))
		}
	})
	if err != nil {
		return err
	}
	if err := models.RebuildSearchIndexes(ctx, dst); err != nil {
		return fmt.Errorf("copy: rebuild the search indexes: %w", err)
	}
	var total int64
	for _, c := range counts {
		fmt.Fprintf(out, "%-32s %10d\n", c.Table, c.Rows)
		total += c.Rows
	}
	fmt.Fprintf(out, "copied %d rows of %d tables at schema version %d in %s\n", total, len(counts), ss.Current, time.Since(start).Round(time.Millisecond))
	return reportCheck(ctx, dst, out, "copy: check on the target")
}
