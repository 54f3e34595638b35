package store

import (
	"errors"

	"gorm.io/gorm"
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
// WHERE where FOR UPDATE, and the caller's read after it (a new statement at READ COMMITTED) sees
// the rows as the lock found them.
func LockRows(tx *gorm.DB, table, where string, args ...any) error {
	if _, inTx := tx.Statement.ConnPool.(gorm.TxCommitter); !inTx {
		return ErrNoTransaction
	}
	if !IsPostgres(tx) {
		return nil
	}
	var locked []int
	return tx.Raw("SELECT 1 FROM "+table+" WHERE "+where+" FOR UPDATE", args...).Scan(&locked).Error
}
