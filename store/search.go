package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"gorm.io/gorm"
)

// Substring search over names (customers' account and real names, the enterprise directory) uses a
// gram index: every character and every pair of adjacent characters of each run of letters and
// digits is a token of an FTS5 table. Chinese names have no spaces and are searched by two-character
// words ("华为", "科技"), which a trigram index cannot answer without a full scan; unigrams and
// bigrams answer any length: one character by its unigram, longer text by all its bigrams, and the
// rows found are then checked with LIKE, so the index only narrows and never decides.

// The search indexes, each keyed by the id of its table's rows.
const (
	CustomerSearchTable   = "customer_search"   // customers' account and real names
	EnterpriseSearchTable = "enterprise_search" // the enterprise directory's names
	PartnerSearchTable    = "partner_search"    // partners' names and account names (migration 00013)
)

// CreateSearchIndexes creates the search indexes of the unversioned schema and their vocabularies
// if they do not exist: the unversioned schema's step (the migrations create them too).
func CreateSearchIndexes(ctx context.Context, db *gorm.DB) error {
	for _, t := range []string{CustomerSearchTable, EnterpriseSearchTable} {
		if err := CreateSearchIndex(ctx, db, t); err != nil {
			return err
		}
	}
	return nil
}

// CreateSearchIndex creates one search index and its vocabulary if they do not exist, as the
// migrations do.
func CreateSearchIndex(ctx context.Context, db *gorm.DB, t string) error {
	if IsPostgres(db) {
		return db.WithContext(ctx).Exec(PgSearchTableSQL(t)).Error
	}
	err := db.WithContext(ctx).Exec("CREATE VIRTUAL TABLE IF NOT EXISTS " + t +
		" USING fts5(grams, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0')").Error
	if err != nil {
		return err
	}
	// the vocabulary: how many names hold each token, to ask the index for the rarest ones
	return db.WithContext(ctx).Exec("CREATE VIRTUAL TABLE IF NOT EXISTS " + t + "_vocab USING fts5vocab(" + t + ", 'row')").Error
}

// runs splits lower-cased s into runs of letters and digits.
func runs(s string) [][]rune {
	var out [][]rune
	var cur []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cur = append(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Grams is the indexed text of the given names: unigrams and bigrams, space separated.
func Grams(names ...string) string {
	seen := map[string]bool{}
	var b strings.Builder
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			b.WriteString(g)
			b.WriteByte(' ')
		}
	}
	for _, n := range names {
		for _, run := range runs(n) {
			for i := range run {
				if run[i] >= 0x80 { // a single Latin letter or digit narrows nothing: no unigram
					add(string(run[i]))
				}
				if i+1 < len(run) {
					add(string(run[i : i+2]))
				}
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// MatchExpr is the FTS5 query for a substring search, or "" when q has nothing to search by: no
// letter or digit, or only single Latin letters and digits.
func MatchExpr(q string) string { return joinTerms(SearchTerms(q)) }

// SearchTerms are the index tokens a text containing q must have, each once.
func SearchTerms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	for _, run := range runs(q) {
		if len(run) == 1 {
			if run[0] >= 0x80 {
				add(string(run))
			}
			continue
		}
		for i := 0; i+1 < len(run); i++ {
			add(string(run[i : i+2]))
		}
	}
	return terms
}

// vocabDocs counts the names each term is in, from the search table's vocabulary; a term missing
// from it is in no name (0, rarest of all). Counting a term walks its whole list of names (a
// common one in a million enterprises: a hundred thousand), so the counts are remembered for
// vocabAge per database. They only choose which tokens narrow a search, never which rows match:
// a count some minutes old costs at worst a slower search.
func vocabDocs(db *gorm.DB, searchTable string, terms []string) (map[string]int64, error) {
	docs := make(map[string]int64, len(terms))
	pool, poolErr := db.DB() // none in a transaction: count afresh
	now := time.Now()
	var missing []string
	for _, t := range terms {
		if poolErr == nil {
			if c, ok := vocabCounts.Load(vocabKey{pool, searchTable, t}); ok && now.Sub(c.(vocabCount).at) < vocabAge {
				docs[t] = c.(vocabCount).doc
				continue
			}
		}
		missing = append(missing, t)
	}
	if len(missing) == 0 {
		return docs, nil
	}
	var counts []struct {
		Term string
		Doc  int64
	}
	err := db.Session(&gorm.Session{NewDB: true}).Raw("SELECT term, doc FROM "+searchTable+"_vocab WHERE term IN ?", missing).
		Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		docs[c.Term] = c.Doc
	}
	for _, t := range missing {
		k := vocabKey{pool, searchTable, t}
		if _, known := vocabCounts.Load(k); poolErr == nil && (known || vocabCounted.Load() < maxVocabCounts) {
			if _, was := vocabCounts.Swap(k, vocabCount{docs[t], now}); !was {
				vocabCounted.Add(1)
			}
		}
	}
	return docs, nil
}

// vocabAge is how long a term's count is used; maxVocabCounts bounds the counts kept (two-letter
// tokens of the names typed: tens of thousands at most in practice).
const (
	vocabAge       = 10 * time.Minute
	maxVocabCounts = 200000
)

var (
	vocabCounts  sync.Map // vocabKey → vocabCount
	vocabCounted atomic.Int64
)

type vocabKey struct {
	pool        *sql.DB
	table, term string
}

type vocabCount struct {
	doc int64
	at  time.Time
}

func joinTerms(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"`
	}
	return strings.Join(quoted, " AND ")
}

// NarrowTerms is how many of a query's tokens the index is asked for: the rarest ones. FTS5 pays
// for an AND by walking every list it joins, so "人工智能" would walk three lists of tens of
// thousands of names; the two rarest narrow as well in practice, and LIKE checks the rest.
const NarrowTerms = 2

// NarrowExpr is MatchExpr(q) cut down to the NarrowTerms rarest tokens, counted in the search
// table's vocabulary.
func NarrowExpr(db *gorm.DB, searchTable, q string) (string, error) {
	if IsPostgres(db) {
		return "", errors.New("store: NarrowExpr is SQLite's FTS5; PostgreSQL's gram array takes every token")
	}
	terms := SearchTerms(q)
	if len(terms) <= NarrowTerms {
		return joinTerms(terms), nil
	}
	docs, err := vocabDocs(db, searchTable, terms)
	if err != nil {
		return "", err
	}
	sort.SliceStable(terms, func(i, j int) bool { return docs[terms[i]] < docs[terms[j]] })
	return joinTerms(terms[:NarrowTerms]), nil
}

// LikePattern is a LIKE pattern (escape character '\') matching q anywhere, with ASCII letters
// lower-cased: SQLite's LOWER and LIKE fold ASCII letters only, so a pattern folded further (say
// "über" for "ÜBER") would miss the name it was typed from.
func LikePattern(q string) string {
	return likeEscaped(asciiLower(q))
}

// likeEscaped is a LIKE pattern (escape character '\') matching q anywhere, its case as typed.
func likeEscaped(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// asciiLower lower-cases the ASCII letters of s and leaves every other byte alone.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// IndexNames makes row id of the index found by names (replacing the names it was found by).
func IndexNames(tx *gorm.DB, table string, id uint64, names ...string) error {
	if IsPostgres(tx) {
		return pgIndexNames(tx, table, id, names...)
	}
	if err := tx.Exec("DELETE FROM "+table+" WHERE rowid = ?", id).Error; err != nil {
		return err
	}
	return tx.Exec("INSERT INTO "+table+"(rowid, grams) VALUES (?, ?)", id, Grams(names...)).Error
}

// SearchScope restricts a query on table (whose primary key is id) to rows whose names contain q.
// The gram index is the outer loop (CROSS JOIN keeps SQLite from scanning the tenant's whole
// range and probing the index per row), and LIKE removes the false positives of the bigram match.
// The caller has checked q (models.CheckSearch).
func SearchScope(db *gorm.DB, table, searchTable, q string, columns ...string) (*gorm.DB, error) {
	if IsPostgres(db) {
		cond, args := pgMatch(searchTable, q)
		db = db.Table("(SELECT id FROM "+searchTable+" WHERE "+cond+") AS m JOIN "+table+" ON "+table+".id = m.id", args...)
		return LikeScope(db, table, q, columns...), nil
	}
	expr, err := NarrowExpr(db, searchTable, q)
	if err != nil {
		return nil, err
	}
	db = db.Table("(SELECT rowid AS id FROM "+searchTable+" WHERE "+searchTable+" MATCH ?) AS m CROSS JOIN "+table, expr).
		Where(table + ".id = m.id")
	return LikeScope(db, table, q, columns...), nil
}

// LikeScope keeps the rows where one of columns contains q (ASCII case-insensitively).
func LikeScope(db *gorm.DB, table, q string, columns ...string) *gorm.DB {
	// the text as typed finds every name it is part of; lower-cased in full it also finds a
	// lower-case name from an upper-case query ("CAFÉ" finds "Café")
	if IsPostgres(db) { // LOWER folds every letter, of the column and of the pattern alike
		var ors []string
		var args []any
		for _, c := range columns {
			ors = append(ors, "LOWER("+table+"."+c+") LIKE LOWER(?) ESCAPE '\\'")
			args = append(args, likeEscaped(q))
		}
		return db.Where("("+strings.Join(ors, " OR ")+")", args...)
	}
	pats := []string{LikePattern(q)}
	if full := LikePattern(strings.ToLower(q)); full != pats[0] {
		pats = append(pats, full)
	}
	var ors []string
	var args []any
	for _, c := range columns {
		for _, pat := range pats {
			ors = append(ors, "LOWER("+table+"."+c+") LIKE ? ESCAPE '\\'")
			args = append(args, pat)
		}
	}
	return db.Where("("+strings.Join(ors, " OR ")+")", args...)
}

// ExactByIndex tells whether the gram index alone decides a search for q: a single run of one or
// two letters or digits is one token, present exactly when the text contains it.
func ExactByIndex(q string) bool {
	r := runs(q)
	return len(r) == 1 && len(r[0]) <= 2 && strings.TrimSpace(strings.ToLower(q)) == string(r[0])
}

// matchIDs selects the ids of the rows of index that hold every token of an FTS5 query, the one
// argument.
func matchIDs(index string) string {
	return "SELECT rowid FROM " + index + " WHERE " + index + " MATCH ?"
}

// CountMatches counts the rows of index that hold every token of q, stopping at most: an index-only
// count, exact when ExactByIndex(q). On PostgreSQL a query of one token is counted by the index's
// vocabulary (search_pg.go): the same number, read from one row instead of the heap pages of the
// rows.
func CountMatches(db *gorm.DB, index, q string, most int) (int64, error) {
	var n int64
	if IsPostgres(db) {
		if terms := SearchTerms(q); len(terms) == 1 { // the vocabulary's count, without the rows
			n, err := pgCountTerm(db, index, terms[0])
			return min(n, int64(most)), err
		}
		cond, args := pgGrams(q)
		err := db.Raw("SELECT COUNT(*) FROM (SELECT id FROM "+index+" WHERE "+cond+" LIMIT ?) AS m", append(args, most)...).Scan(&n).Error
		return n, err
	}
	err := db.Raw("SELECT COUNT(*) FROM ("+matchIDs(index)+" LIMIT ?)", MatchExpr(q), most).Scan(&n).Error
	return n, err
}

// MatchIDs is a page of the ids of the rows of index that hold every token of q, in id order.
func MatchIDs(db *gorm.DB, index, q string, limit, offset int) ([]uint64, error) {
	var ids []uint64
	if IsPostgres(db) {
		cond, args := pgGrams(q)
		err := db.Raw("SELECT id FROM "+index+" WHERE "+cond+" ORDER BY id LIMIT ? OFFSET ?", append(args, limit, offset)...).Scan(&ids).Error
		return ids, err
	}
	err := db.Raw(matchIDs(index)+" ORDER BY rowid LIMIT ? OFFSET ?", MatchExpr(q), limit, offset).Scan(&ids).Error
	return ids, err
}

// CandidateScope restricts a query on table (whose primary key is id) to the rows among the first
// most candidates of index (in id order, narrowed by q's rarest tokens) whose columns contain q.
// more says the index holds more candidates than most, which the scope leaves out: a bound on
// the rows a common text checks with LIKE. The caller has checked q (models.CheckSearch).
func CandidateScope(db *gorm.DB, table, index, q string, most int, columns ...string) (scope *gorm.DB, more bool, err error) {
	if IsPostgres(db) {
		cond, args := pgMatch(index, q)
		cand := "SELECT id FROM " + index + " WHERE " + cond + " ORDER BY id LIMIT ?"
		var n int64
		if err := db.Raw("SELECT COUNT(*) FROM ("+cand+") AS m", append(args, most+1)...).Scan(&n).Error; err != nil {
			return nil, false, err
		}
		scope = db.Table("("+cand+") AS m JOIN "+table+" ON "+table+".id = m.id", append(args, most)...)
		return LikeScope(scope, table, q, columns...), n > int64(most), nil
	}
	expr, err := NarrowExpr(db, index, q)
	if err != nil {
		return nil, false, err
	}
	cand := "SELECT rowid AS id FROM " + index + " WHERE " + index + " MATCH ? ORDER BY rowid LIMIT ?"
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM ("+cand+")", expr, most+1).Scan(&n).Error; err != nil {
		return nil, false, err
	}
	// the candidates are the outer loop, as in SearchScope
	scope = db.Table("("+cand+") AS m CROSS JOIN "+table, expr, most).Where(table + ".id = m.id")
	return LikeScope(scope, table, q, columns...), n > int64(most), nil
}
