//go:build !(sqlite_fts5 || fts5)

package store

// The search index is SQLite's FTS5, which github.com/mattn/go-sqlite3 compiles in only under the
// build tag sqlite_fts5; without it every database fails at Migrate with "no such module: fts5".
// This file stops such a build at once, with the fix as the undefined name in the compiler's
// message. Use `make build` / `make test`, or `go test -tags sqlite_fts5 ./...`; for an editor,
// gopls's "buildFlags": ["-tags=sqlite_fts5"].
var _ = PartnerHub_needs_build_tag_sqlite_fts5__run_make_test_or_go_test_tags_sqlite_fts5
