// Package store is the seam between the domain (models) and the database: opening it, the write
// gate and the money committer, the row-locking idiom, the substring search index, the
// append-only guard, bulk loading and the schema catalogue. models calls these functions and
// spells no SQL of one database's own (models/seam_test.go checks it); store imports nothing of
// models. SQLite is the embedded default; PostgreSQL (postgres.go, search_pg.go) is opened from a
// postgres:// URL, and the store, models, API and console tests run on it with PARTNERHUB_TEST_PG
// (make test-pg; the browser tests stay on SQLite).
//
// What PostgreSQL needs, and where it stands. Done: Open (pgx, the same committer, no gate),
// LockRows (FOR NO KEY UPDATE), ClaimRows (SKIP LOCKED), money work run again when it lost a
// deadlock (Retryable), HasTable, the audit guard (a trigger function), migrations/postgres,
// the search index (a gram array under GIN for one- and two-character queries, names under a
// pg_trgm GIN index for three characters and more), DayOf, bulk loading by COPY with the
// secondary indexes dropped and rebuilt (bulk_pg.go), the id sequences after seeding
// (SyncSequences) and moving a SQLite database across (CopyToPostgres, copy.go: `partnerhub
// copy`, by COPY too), the API (./handlers/api/), console (./handlers/, all but the browser
// tests), delivery and seed suites on PostgreSQL, each test a database of its own from a template
// of the demo world (internal/testfixture/demo), the query plans of the customers pages and the
// lookup (make bench-pg). Several servers on one database are tested: two concurrent debits
// (postgres_test.go), two servers racing each limit, the money, the sign-in throttle and every
// sweep (models/servers_test.go), two `serve` processes driven in turn (web/servers_test.go).
// Still to do (the PostgreSQL issue): the other pages' query plans on PostgreSQL; ./web/'s other
// tests run on SQLite files only.
//
//   - Open: accept a postgres:// URL and register the same committer.
//   - The write gate (gate.go) is SQLite's: PostgreSQL has row locks and needs no gate.
//   - InMoneyTx: one savepoint a use case as now. A failed statement aborts a PostgreSQL
//     transaction until ROLLBACK TO SAVEPOINT, which the committer already does for every failed
//     job; keep a batch at most maxBatch (64) jobs, the subtransactions PostgreSQL keeps in shared
//     memory per transaction.
//   - LockRows: SELECT 1 FROM table WHERE … FOR NO KEY UPDATE (lock.go). The domain counts after it, so
//     a second server running the same rule waits for the lock.
//   - The domain's conditional debit, UPDATE accounts SET balance = balance - ? WHERE … AND
//     balance >= ? RETURNING … (models/ledger.go), relies on the UPDATE's row lock and on READ
//     COMMITTED re-checking the WHERE after the wait; a PostgreSQL store must run money
//     transactions at READ COMMITTED or stricter and be tested with two concurrent debits.
//   - The sign-in throttle's upserts (INSERT … ON CONFLICT DO UPDATE, models/signin_throttle.go)
//     serve as row locks: in PostgreSQL the upsert locks the row it updates
//     (TestSignInParallelGuesses sends its guesses to two servers).
//   - SQL the domain writes for both, to be run by PostgreSQL's tests: CASE instead of SQLite's
//     two-argument MAX (GREATEST there), window functions and UPDATE … FROM (the entries'
//     ordinals), RETURNING.
//   - Migrations: a migrations/postgres folder beside migrations/sqlite with the same versions,
//     partial indexes included (models/coupon.go), the audit guard as a trigger function, and
//     varchar(n) columns, whose n counts characters and refuses a longer text (SQLite stores it).
//   - The search index (search.go): the same tokens (Grams, SearchTerms) in, say, a table of
//     (gram, id) or a GIN index, with IndexNames, SearchScope, CountMatches, MatchIDs and
//     CandidateScope keeping their contracts. LikePattern folds ASCII letters only because
//     SQLite's LOWER does; PostgreSQL's LOWER folds every letter, so its pattern must be folded
//     in full.
//   - HasTable: information_schema.tables instead of sqlite_master; bulk loading: COPY through
//     pgx on the load's pinned connection, the secondary indexes dropped and rebuilt, no pragmas.
package store
