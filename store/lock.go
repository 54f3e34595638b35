package store

import (
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrNoTransaction is a row lock asked for outside a transaction, where it would hold nothing.
var ErrNoTransaction = errors.New("store: a row lock outside a transaction")

// LockRows locks the rows of table that where selects until tx ends, so that a check made after
// it (a count before an insert, a balance before a change) still holds when tx writes. It is the
// one row-locking idiom of the domain: call it first, then read the rows.
//
// SQLite: a writing transaction holds the database's write lock from its BEGIN (_txlock=immediate,
// Open), so every row is locked already and nothing is sent; the call only refuses a tx that is
// not a transaction. PostgreSQL: transactions run together, so this sends SELECT 1 FROM table
// WHERE where FOR NO KEY UPDATE, and the caller's read after it (a new statement at READ
// COMMITTED) sees the rows as the lock found them. NO KEY UPDATE, the lock an UPDATE of the row
// takes, and not FOR UPDATE: a row inserted that refers to the locked one (a foreign key) holds
// KEY SHARE on it, which FOR UPDATE waits for, so two transactions that each inserted such a row
// and then asked for the lock waited for each other (a deadlock, found by two servers inviting
// members at once); NO KEY UPDATE still makes every other LockRows and UPDATE of the rows wait.
func LockRows(tx *gorm.DB, table, where string, args ...any) error {
	if _, inTx := tx.Statement.ConnPool.(gorm.TxCommitter); !inTx {
		return ErrNoTransaction
	}
	if !IsPostgres(tx) {
		return nil
	}
	var locked []int
	return tx.Raw("SELECT 1 FROM "+table+" WHERE "+where+" FOR NO KEY UPDATE", args...).Scan(&locked).Error
}

// ClaimRows makes q, a background sweep's read of the rows it is about to change in its
// transaction, skip the rows another server's sweep holds and lock the rest until the transaction
// ends, so that servers sweeping at once take disjoint batches instead of both taking the same rows
// and all but one failing on them.
//
// SQLite: the transaction holds the database's write lock already; q is returned as it is.
// PostgreSQL: FOR UPDATE SKIP LOCKED. At READ COMMITTED a row that another sweep changed and
// committed after q's snapshot is read again when locked and dropped if it no longer matches.
func ClaimRows(q *gorm.DB) *gorm.DB {
	if !IsPostgres(q) {
		return q
	}
	return q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked})
}
