package store

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
)

// The PostgreSQL store's own tests run when PARTNERHUB_TEST_PG names a test cluster (make test-pg
// starts one); each in a database of its own.

// openPG opens a new empty PostgreSQL database for the test, or skips it without a cluster.
func openPG(t *testing.T) *gorm.DB {
	t.Helper()
	db, _ := openPGServers(t)
	return db
}

// openPGServers is openPG, and the database opened a second time, as by a second server.
func openPGServers(t *testing.T) (*gorm.DB, *gorm.DB) {
	t.Helper()
	if testfixture.Postgres() == "" {
		t.Skip("no PostgreSQL cluster: set " + testfixture.PostgresEnv + " (make test-pg)")
	}
	dsn := testfixture.NewPG(t, "template1")
	db, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(db) })
	other, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(other) })
	if !IsPostgres(db) {
		t.Fatalf("Open of a postgres:// URL gave %s", Dialect(db))
	}
	if err := db.Exec("CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO accounts VALUES (1, 100)").Error; err != nil {
		t.Fatal(err)
	}
	return db, other
}

// TestPGLockRowsWaits: on PostgreSQL a second transaction's LockRows waits for the first one's to
// end, and its read after the lock sees what the first one wrote (READ COMMITTED).
func TestPGLockRowsWaits(t *testing.T) {
	t.Parallel()
	db := openPG(t)
	locked, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := LockRows(tx, "accounts", "id = ?", 1); err != nil {
				return err
			}
			close(locked)
			<-release
			return tx.Exec("UPDATE accounts SET balance = 40 WHERE id = 1").Error
		})
		if err != nil {
			t.Error(err)
		}
	})
	<-locked
	var seen int64
	done := make(chan error, 1)
	go func() {
		done <- db.Transaction(func(tx *gorm.DB) error {
			if err := LockRows(tx, "accounts", "id = ?", 1); err != nil {
				return err
			}
			return tx.Raw("SELECT balance FROM accounts WHERE id = 1").Scan(&seen).Error
		})
	}()
	select {
	case err := <-done:
		t.Fatalf("the second lock did not wait: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	if err := <-done; err != nil || seen != 40 {
		t.Errorf("after the wait: balance %d, %v; want 40", seen, err)
	}
}

// TestPGConditionalDebitsRace: two transactions debiting 60 of 100 at once with the domain's
// conditional UPDATE (models/ledger.go): exactly one succeeds, the balance never goes below zero.
func TestPGConditionalDebitsRace(t *testing.T) {
	t.Parallel()
	db := openPG(t)
	ctx := context.Background()
	start := make(chan struct{})
	debited := make([]bool, 2)
	var wg sync.WaitGroup
	for i := range debited {
		wg.Go(func() {
			<-start
			err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				var left []int64
				if err := tx.Raw("UPDATE accounts SET balance = balance - 60 WHERE id = 1 AND balance >= 60 RETURNING balance").
					Scan(&left).Error; err != nil {
					return err
				}
				debited[i] = len(left) == 1
				time.Sleep(50 * time.Millisecond) // hold the row while the other waits
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	var balance int64
	db.Raw("SELECT balance FROM accounts WHERE id = 1").Scan(&balance)
	if debited[0] == debited[1] || balance != 40 {
		t.Errorf("debited %v, balance %d; want exactly one debit and 40 left", debited, balance)
	}
}

// TestPGAuditGuard: the append-only guard refuses UPDATE and DELETE of audit records.
func TestPGAuditGuard(t *testing.T) {
	t.Parallel()
	db := openPG(t)
	ctx := context.Background()
	if err := db.Exec("CREATE TABLE audit_records (id bigint PRIMARY KEY, action text NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	if err := AppendOnlyAudit(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO audit_records VALUES (1, 'a')").Error; err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_records SET action = 'b'", "DELETE FROM audit_records"} {
		if err := db.Exec(q).Error; err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	if ok, err := HasTable(ctx, db, "audit_records"); !ok || err != nil {
		t.Errorf("HasTable(audit_records) = %v, %v", ok, err)
	}
	if ok, err := HasTable(ctx, db, "nothing"); ok || err != nil {
		t.Errorf("HasTable(nothing) = %v, %v", ok, err)
	}
}

// TestPGSearchIndex: the gram array answers one- and two-character queries exactly, the trigram
// index three characters and more, and the scope keeps only the names that contain the text.
func TestPGSearchIndex(t *testing.T) {
	t.Parallel()
	db := openPG(t)
	ctx := context.Background()
	if err := db.Exec("CREATE TABLE firms (id bigint PRIMARY KEY, name text NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	if err := CreateSearchIndex(ctx, db, "firm_search"); err != nil {
		t.Fatal(err)
	}
	names := []string{"华为技术有限公司", "北京华夏科技", "ÜBER-Café Ltd", "100% Pure", "为华"}
	for i, n := range names {
		id := uint64(i + 1)
		if err := db.Exec("INSERT INTO firms VALUES (?, ?)", id, n).Error; err != nil {
			t.Fatal(err)
		}
		if err := IndexNames(db, "firm_search", id, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := IndexNames(db, "firm_search", 5, "为华 renamed"); err != nil { // replaces, never adds
		t.Fatal(err)
	}
	for q, want := range map[string][]uint64{
		"华": {1, 2, 5}, "华为": {1}, "华为技术": {1}, "科技": {2}, "über": {3}, "café": {3}, "CAFÉ": {3},
		"100%": {4}, "100_": nil, "renamed": nil, "有限公": {1},
	} {
		scope, err := SearchScope(db.Table("firms"), "firms", "firm_search", q, "name")
		if err != nil {
			t.Fatal(err)
		}
		var got []uint64
		if err := scope.Select("firms.id").Order("firms.id").Scan(&got).Error; err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !equalIDs(got, want) {
			t.Errorf("SearchScope(%q) = %v, want %v", q, got, want)
		}
	}
	if n, err := CountMatches(db, "firm_search", "华", 10); err != nil || n != 3 {
		t.Errorf("CountMatches(华) = %d, %v; want 3", n, err)
	}
	if ids, err := MatchIDs(db, "firm_search", "华", 2, 1); err != nil || !equalIDs(ids, []uint64{2, 5}) {
		t.Errorf("MatchIDs(华, 2, 1) = %v, %v", ids, err)
	}
	scope, more, err := CandidateScope(db, "firms", "firm_search", "华", 2, "name")
	if err != nil || !more {
		t.Fatalf("CandidateScope: more %v, %v", more, err)
	}
	var got []uint64
	if err := scope.Select("firms.id").Order("firms.id").Scan(&got).Error; err != nil || !equalIDs(got, []uint64{1, 2}) {
		t.Errorf("CandidateScope(华, 2) = %v, %v", got, err)
	}
	if _, err := NarrowExpr(db, "firm_search", "华为技术"); err == nil {
		t.Error("NarrowExpr on PostgreSQL: no error")
	}
}

// TestPGSearchVocab: the vocabulary of a PostgreSQL search index counts the rows holding each gram
// as the rows are indexed, renamed, bulk loaded and cleared: always what counting the index's rows
// afresh gives, and CountMatches of one token reads it (capped at most), as the rows would say.
func TestPGSearchVocab(t *testing.T) {
	t.Parallel()
	db := openPG(t)
	ctx := context.Background()
	if err := CreateSearchIndex(ctx, db, "firm_search"); err != nil {
		t.Fatal(err)
	}
	vocab := func() map[string]int64 {
		var rows []struct {
			Term string
			Doc  int64
		}
		if err := db.Raw("SELECT term, doc FROM firm_search_vocab WHERE doc <> 0").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		m := map[string]int64{}
		for _, r := range rows {
			m[r.Term] = r.Doc
		}
		return m
	}
	check := func(step string) {
		t.Helper()
		kept := vocab()
		if err := RecountSearchVocab(ctx, db, "firm_search"); err != nil {
			t.Fatal(err)
		}
		if counted := vocab(); !reflect.DeepEqual(kept, counted) {
			t.Errorf("%s: vocabulary kept %v, counted %v", step, kept, counted)
		}
		for term, doc := range kept {
			var rows int64
			db.Raw("SELECT COUNT(*) FROM firm_search WHERE grams @> ARRAY[?]::text[]", term).Scan(&rows)
			n, err := CountMatches(db, "firm_search", term, 1000)
			if err != nil || n != rows || doc != rows {
				t.Errorf("%s: %q in %d rows: vocabulary %d, CountMatches %d, %v", step, term, rows, doc, n, err)
			}
		}
	}
	for i, n := range []string{"华为技术有限公司", "北京华夏科技", "华为", "Café Ltd"} {
		if err := IndexNames(db, "firm_search", uint64(i+1), n); err != nil {
			t.Fatal(err)
		}
	}
	check("indexed")
	if v := vocab(); v["华"] != 3 || v["华为"] != 2 || v["科技"] != 1 {
		t.Errorf("vocabulary %v: want 华 3, 华为 2, 科技 1", v)
	}
	if err := IndexNames(db, "firm_search", 3, "深圳星辰", "华星"); err != nil { // renamed: 华为 loses a row
		t.Fatal(err)
	}
	if err := IndexNames(db, "firm_search", 4, "Café Ltd"); err != nil { // the same names again: no change
		t.Fatal(err)
	}
	check("renamed")
	if n, err := CountMatches(db, "firm_search", "华为", 10); err != nil || n != 1 {
		t.Errorf("CountMatches(华为) = %d, %v; want 1", n, err)
	}
	if n, err := CountMatches(db, "firm_search", "华", 2); err != nil || n != 2 {
		t.Errorf("CountMatches(华, most 2) = %d, %v; want 2", n, err)
	}
	if n, err := CountMatches(db, "firm_search", "鼎", 10); err != nil || n != 0 {
		t.Errorf("CountMatches(鼎) = %d, %v; want 0", n, err)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		return BulkIndexNames(tx, "firm_search", 50, func(i int) (uint64, []string) {
			return uint64(100 + i), []string{"杭州华" + string(rune('a'+i%26)) + "科技"}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	check("bulk loaded")
	if n, err := CountMatches(db, "firm_search", "杭州", 10000); err != nil || n != 50 {
		t.Errorf("CountMatches(杭州) = %d, %v; want 50", n, err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return ClearSearchIndex(tx, "firm_search") }); err != nil {
		t.Fatal(err)
	}
	if v := vocab(); len(v) != 0 {
		t.Errorf("cleared: vocabulary %v", v)
	}
	check("cleared")
}

// TestPGSearchVocabConcurrent: two servers index rows at once, new ones sharing their grams and
// the same rows renamed by both (the row each renames may be new to both): the vocabulary ends as
// counting the index's rows afresh gives.
func TestPGSearchVocabConcurrent(t *testing.T) {
	t.Parallel()
	db, other := openPGServers(t)
	ctx := context.Background()
	if err := CreateSearchIndex(ctx, db, "firm_search"); err != nil {
		t.Fatal(err)
	}
	names := []string{"杭州星图科技有限公司", "深圳星辰有限公司", "杭州鼎盛科技"}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for s, conn := range []*gorm.DB{db, other} {
		wg.Go(func() {
			for i := range 40 {
				id := uint64(1000*(s+1) + i) // a new row of this server
				if i%2 == 1 {
					id = uint64(i % 5) // a row both servers write
				}
				err := conn.Transaction(func(tx *gorm.DB) error {
					return IndexNames(tx, "firm_search", id, names[(i+s)%len(names)])
				})
				if err != nil {
					errs[s] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	var kept, counted []struct {
		Term string
		Doc  int64
	}
	db.Raw("SELECT term, doc FROM firm_search_vocab WHERE doc <> 0 ORDER BY term").Scan(&kept)
	db.Raw("SELECT g AS term, COUNT(*) AS doc FROM firm_search, unnest(grams) AS g GROUP BY g ORDER BY g").Scan(&counted)
	if len(kept) == 0 || !reflect.DeepEqual(kept, counted) {
		t.Errorf("vocabulary kept %v\ncounted %v", kept, counted)
	}
}

func equalIDs(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPGDeadlockedMoneyWorkRunsAgain: two servers' committers, each with a use case moving 10
// between the same two accounts in opposite directions, each having debited its first account when
// it asks for the second: a deadlock. PostgreSQL aborts one of them; its committer rolls it back
// and runs it again after the other has committed. Both succeed, and each moved its money once.
func TestPGDeadlockedMoneyWorkRunsAgain(t *testing.T) {
	t.Parallel()
	db, other := openPGServers(t)
	if err := db.Exec("INSERT INTO accounts VALUES (2, 100)").Error; err != nil {
		t.Fatal(err)
	}
	var arrived sync.WaitGroup // each first run holds its first account before asking for the second
	arrived.Add(2)
	move := func(from, to int) MoneyWork {
		var once sync.Once
		return func(tx *gorm.DB) error {
			if err := tx.Exec("UPDATE accounts SET balance = balance - 10 WHERE id = ?", from).Error; err != nil {
				return err
			}
			once.Do(func() { arrived.Done(); arrived.Wait() })
			return tx.Exec("UPDATE accounts SET balance = balance + 10 WHERE id = ?", to).Error
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Go(func() { errs[0] = InMoneyTx(context.Background(), db, move(1, 2)) })
	wg.Go(func() { errs[1] = InMoneyTx(context.Background(), other, move(2, 1)) })
	wg.Wait()
	var balances []int64
	db.Raw("SELECT balance FROM accounts ORDER BY id").Scan(&balances)
	if errs[0] != nil || errs[1] != nil || len(balances) != 2 || balances[0] != 100 || balances[1] != 100 {
		t.Errorf("errors %v, balances %v; want both moves done once (100, 100)", errs, balances)
	}
}
