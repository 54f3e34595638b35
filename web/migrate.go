package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"partnerhub/models"
	"partnerhub/store"
)

// migrate is `partnerhub migrate status|up`: where the database's schema stands, and applying the
// pending migrations (which serve also does at start).
func migrate(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	sub := "status"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	if sub != "status" && sub != "up" {
		return fmt.Errorf("migrate: unknown command %q; use status or up", sub)
	}
	c := &config{}
	flags := newFlagSet("migrate "+sub, out)
	commonFlags(flags, c, getenv)
	if err := flags.Parse(args); err != nil {
		return err
	}
	// status only reads: it does not create a database that is not there
	if _, err := os.Stat(c.DB); sub == "status" && !store.IsPostgresURL(c.DB) && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("migrate status: no database at %s", store.Redacted(c.DB))
	}
	db, err := store.Open(c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	if sub == "up" {
		if err := models.Migrate(ctx, db); err != nil {
			return err
		}
	}
	st, err := models.SchemaStatus(ctx, db)
	if err != nil {
		return err
	}
	printSchema(out, store.Redacted(c.DB), st)
	return nil
}

func printSchema(out io.Writer, path string, st models.Schema) {
	fmt.Fprintf(out, "database: %s\ncurrent version: %d\nlatest version: %d\n", path, st.Current, st.Latest)
	switch {
	case st.Unversioned:
		fmt.Fprintln(out, "made before the schema had versions: adopted at version 1 by the next migrate up or serve")
	case st.Current > st.Latest:
		fmt.Fprintln(out, "NEWER than this program: a newer PartnerHub migrated it; serve refuses it")
	}
	if len(st.Pending) == 0 {
		fmt.Fprintln(out, "pending: none")
		return
	}
	fmt.Fprintln(out, "pending:")
	for _, m := range st.Pending {
		fmt.Fprintln(out, "  "+m)
	}
}
