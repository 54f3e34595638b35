package store

import (
	"strings"

	"gorm.io/gorm"
)

// The search index on PostgreSQL. Each index is a table of (id, grams, names):
//
//   - grams, the same tokens as SQLite's FTS5 table (Grams: every character outside ASCII and
//     every pair of adjacent characters), as a text[] under a GIN index; a query's tokens
//     (SearchTerms) are asked for with grams @> ARRAY[…], which GIN answers by intersecting the
//     tokens' lists. This answers the one- and two-character queries (a Chinese name searched
//     by "华" or "华为"), which a trigram index cannot, and the exact counts of ExactByIndex.
//   - names, the names lower-cased by PostgreSQL's LOWER and joined by line feeds, under a pg_trgm
//     GIN index: a query with a run of three characters or more is asked for with names LIKE
//     LOWER(pattern), which pg_trgm answers from the pattern's trigrams.
//
// Either way the rows found are then checked against the table's own columns with LIKE
// (LikeScope), so the index only narrows, as on SQLite.

// PgSearchTableSQL creates the search index t and its two GIN indexes if they do not exist (the
// pg_trgm extension must be available: the migrations create it).
func PgSearchTableSQL(t string) string {
	return "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n" +
		"CREATE TABLE IF NOT EXISTS " + t + " (id bigint PRIMARY KEY, grams text[] NOT NULL, names text NOT NULL);\n" +
		"CREATE INDEX IF NOT EXISTS ix_" + t + "_grams ON " + t + " USING gin (grams);\n" +
		"CREATE INDEX IF NOT EXISTS ix_" + t + "_names ON " + t + " USING gin (names gin_trgm_ops);"
}

// pgIndexNames makes row id of the index found by names.
func pgIndexNames(tx *gorm.DB, table string, id uint64, names ...string) error {
	cond, args := pgArray(strings.Fields(Grams(names...)))
	args = append([]any{id}, args...)
	args = append(args, strings.Join(names, "\n"))
	return tx.Exec("INSERT INTO "+table+" (id, grams, names) VALUES (?, "+cond+", LOWER(?)) "+
		"ON CONFLICT (id) DO UPDATE SET grams = excluded.grams, names = excluded.names", args...).Error
}

// pgArray is a text[] literal of the tokens, as SQL and its arguments (GORM would expand a slice
// argument into a list, not an array).
func pgArray(tokens []string) (string, []any) {
	if len(tokens) == 0 {
		return "ARRAY[]::text[]", nil
	}
	args := make([]any, len(tokens))
	for i, t := range tokens {
		args[i] = t
	}
	return "ARRAY[" + strings.TrimSuffix(strings.Repeat("?,", len(tokens)), ",") + "]::text[]", args
}

// pgGrams is the condition that a row of an index holds every token of q.
func pgGrams(q string) (string, []any) {
	arr, args := pgArray(SearchTerms(q))
	return "grams @> " + arr, args
}

// pgMatch is the condition that narrows an index to the rows that may contain q: its names by
// trigrams when q has a run of three characters or more, its grams otherwise.
func pgMatch(index, q string) (string, []any) {
	for _, r := range runs(q) {
		if len(r) >= 3 {
			return index + ".names LIKE LOWER(?) ESCAPE '\\'", []any{likeEscaped(q)}
		}
	}
	return pgGrams(q)
}
