//go:build slow

package handlers

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The query plans of the bench world on PostgreSQL (make bench's PostgreSQL half: a million
// customers and a million directory entries, no ledger). PostgreSQL's EXPLAIN names a full read of
// a table "Seq Scan on t" and a sort "Sort"; GORM's PostgreSQL logger writes the bound values as
// SQL strings already, so a logged statement is explained as it is.

// pgSeqScan is a full read of a table. PostgreSQL reads a table of a few hundred rows whole
// rather than through an index (the bench world's users, partners, labels), as it should: only a
// full read of a table of more than bigTable rows (the planner's statistics) fails.
var pgSeqScan = regexp.MustCompile(`Seq Scan on (\w+)`)

const bigTable = 10000

// pgSort is a plan node that sorts rows (an incremental sort, of rows read in the order of a
// prefix, only groups of equal keys, and is not one).
var pgSort = regexp.MustCompile(`(^|-> +)Sort  \(`)

// queryPlansPG opens each page once, explains every SELECT it ran and fails on a full read of a
// large table and on sorting a tenant's customers; -v prints the plans, with the indexes used.
func (w *benchWorld) queryPlansPG(t *testing.T, paths []struct{ name, user, path string }) {
	db := w.db.Session(&gorm.Session{Logger: logger.Discard})
	var big []string
	err := db.Raw("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace AND reltuples > ?", bigTable).
		Scan(&big).Error
	if err != nil || !slices.Contains(big, "customers") || !slices.Contains(big, "enterprise_search") {
		t.Fatalf("the bench world's large tables: %v %v (is it seeded and analysed?)", big, err)
	}
	for _, p := range paths {
		w.rec.start()
		w.get(t, p.user, p.path)
		for _, stmt := range w.rec.stop() {
			if strings.HasPrefix(stmt, "SELECT") {
				explainPG(t, db, p.name, stmt, big)
			}
		}
	}
}

func explainPG(t *testing.T, db *gorm.DB, name, stmt string, big []string) {
	var lines []string
	if err := db.Raw("EXPLAIN " + stmt).Scan(&lines).Error; err != nil {
		t.Fatalf("%s: explain %s: %v", name, stmt, err)
	}
	for _, l := range lines {
		if m := pgSeqScan.FindStringSubmatch(l); m != nil && slices.Contains(big, m[1]) {
			t.Errorf("%s: full scan %q in %s", name, m[0], stmt)
		}
		if pgSort.MatchString(strings.TrimSpace(l)) && strings.Contains(stmt, `FROM "customers"`) {
			t.Errorf("%s: sorts customers: %s", name, stmt)
		}
	}
	t.Logf("%s\n  %s\n  → %s", name, stmt, strings.Join(lines, "\n    "))
}
