package store

import (
	"context"
	"sort"
	"strconv"
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
//
// Beside each index, its vocabulary t_vocab (term, doc): how many rows of the index hold each
// gram, as SQLite's fts5vocab table tells. A GIN index has no index-only scan, so counting the
// rows of a common gram visits a heap page for each of them (7,656 pages for the 10,001 first of
// "杭州"'s 37,222 enterprises); the vocabulary answers CountMatches of a one-token query with one
// row. It is kept by the code that writes the index, in the same transaction: pgIndexNames (by
// the difference of the row's grams before and after), BulkIndexNames (the grams it inserted)
// and ClearSearchIndex (emptied with the index); RecountSearchVocab counts it afresh from the
// index (migration 00028 does the same in SQL). A gram's row is locked from its update to the
// commit, so two transactions indexing names that share a gram ("公司") take turns on it.

// PgSearchTableSQL creates the search index t and its two GIN indexes if they do not exist (the
// pg_trgm extension must be available: the migrations create it).
func PgSearchTableSQL(t string) string {
	return "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n" +
		"CREATE TABLE IF NOT EXISTS " + t + " (id bigint PRIMARY KEY, grams text[] NOT NULL, names text NOT NULL);\n" +
		"CREATE INDEX IF NOT EXISTS ix_" + t + "_grams ON " + t + " USING gin (grams);\n" +
		"CREATE INDEX IF NOT EXISTS ix_" + t + "_names ON " + t + " USING gin (names gin_trgm_ops);\n" +
		"CREATE TABLE IF NOT EXISTS " + t + "_vocab (term text PRIMARY KEY, doc bigint NOT NULL);"
}

// pgIndexNames makes row id of the index found by names, and moves the vocabulary's counts by
// the grams the row gains and loses. The row is locked before its grams are read, so two
// transactions indexing the same row count its change one after the other.
func pgIndexNames(tx *gorm.DB, table string, id uint64, names ...string) error {
	if _, inTx := tx.Statement.ConnPool.(gorm.TxCommitter); !inTx { // the lock must last to the count
		return tx.Transaction(func(tx *gorm.DB) error { return pgIndexNames(tx, table, id, names...) })
	}
	if err := pgLockVocab(tx, table); err != nil {
		return err
	}
	grams := strings.Fields(Grams(names...))
	arr, arrArgs := pgArray(grams)
	joined := strings.Join(names, "\n")
	delta := map[string]int64{}
	for _, g := range grams {
		delta[g]++
	}
	for attempt := 0; ; attempt++ {
		var old []string
		if err := tx.Raw("SELECT array_to_string(grams, ' ') FROM "+table+" WHERE id = ? FOR UPDATE", id).Scan(&old).Error; err != nil {
			return err
		}
		if len(old) > 0 {
			for _, g := range strings.Fields(old[0]) {
				delta[g]--
			}
			args := append(append([]any{}, arrArgs...), joined, id)
			if err := tx.Exec("UPDATE "+table+" SET grams = "+arr+", names = LOWER(?) WHERE id = ?", args...).Error; err != nil {
				return err
			}
			break
		}
		args := append(append([]any{id}, arrArgs...), joined)
		res := tx.Exec("INSERT INTO "+table+" (id, grams, names) VALUES (?, "+arr+", LOWER(?)) ON CONFLICT (id) DO NOTHING", args...)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 || attempt > 0 {
			break
		}
		// another transaction inserted the row meanwhile: lock it and count from its grams
	}
	return pgAddVocab(tx, table, delta)
}

// pgLockVocab makes the transactions that write the vocabulary of index take turns, tx holding
// the turn until it ends (an advisory lock, taken before any of the vocabulary's rows). A
// transaction writing several rows of the index (a directory import) locks their grams row by
// row, not in one order: two of them, or one and a writer of a single row, could each hold a gram
// the other waits for, a deadlock PostgreSQL breaks by failing one (two directory imports at once
// did). Most names share common grams ("公司") anyway, whose rows made their writers take turns.
func pgLockVocab(tx *gorm.DB, index string) error {
	return tx.Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "partnerhub.vocab."+index).Error
}

// pgAddVocab adds delta to the vocabulary's counts of index, in the order of the terms (so that
// two transactions lock the rows of the terms they share in the same order).
func pgAddVocab(tx *gorm.DB, index string, delta map[string]int64) error {
	if err := pgLockVocab(tx, index); err != nil { // taken already by pgIndexNames: a no-op then
		return err
	}
	terms := make([]string, 0, len(delta))
	for t, d := range delta {
		if d != 0 {
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	const per = 5000
	for start := 0; start < len(terms); start += per {
		part := terms[start:min(start+per, len(terms))]
		docs := make([]string, len(part))
		for i, t := range part {
			docs[i] = strconv.FormatInt(delta[t], 10)
		}
		err := tx.Exec("INSERT INTO "+index+"_vocab AS v (term, doc) "+
			"SELECT term, doc FROM unnest(?::text[], ?::bigint[]) AS u(term, doc) ORDER BY term "+
			"ON CONFLICT (term) DO UPDATE SET doc = v.doc + excluded.doc",
			pgArrayLiteral(part), "{"+strings.Join(docs, ",")+"}").Error
		if err != nil {
			return err
		}
	}
	return nil
}

// pgArrayLiteral is PostgreSQL's text of an array of the strings, each quoted.
func pgArrayLiteral(ss []string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + r.Replace(s) + `"`
	}
	return "{" + strings.Join(q, ",") + "}"
}

// RecountSearchVocab counts the vocabulary of search index afresh from its rows, on PostgreSQL
// (SQLite's fts5vocab table reads its index itself): for an index filled without its vocabulary.
func RecountSearchVocab(ctx context.Context, db *gorm.DB, index string) error {
	if !IsPostgres(db) {
		return nil
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := pgLockVocab(tx, index); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM " + index + "_vocab").Error; err != nil {
			return err
		}
		return tx.Exec("INSERT INTO " + index + "_vocab (term, doc) SELECT g, COUNT(*) FROM " + index +
			", unnest(grams) AS g GROUP BY g").Error
	})
}

// pgCountTerm is the number of rows of index holding term, from its vocabulary.
func pgCountTerm(db *gorm.DB, index, term string) (int64, error) {
	var n int64
	err := db.Raw("SELECT COALESCE((SELECT doc FROM "+index+"_vocab WHERE term = ?), 0)", term).Scan(&n).Error
	return n, err
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
