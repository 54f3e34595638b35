package store

import (
	"errors"
	"testing"

	"gorm.io/gorm"
)

// TestLockRowsNeedsATransaction: a row lock is taken inside a transaction (on SQLite the
// transaction's write lock is the row lock) and refused outside one, where it would hold nothing.
func TestLockRowsNeedsATransaction(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	if err := LockRows(db, "n", "v = ?", 1); !errors.Is(err, ErrNoTransaction) {
		t.Errorf("outside a transaction: %v, want ErrNoTransaction", err)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := LockRows(tx, "n", "v = ?", 1); err != nil {
			return err
		}
		// and in a savepoint
		return tx.Transaction(func(sp *gorm.DB) error { return LockRows(sp, "n", "v = ?", 1) })
	})
	if err != nil {
		t.Errorf("inside a transaction: %v", err)
	}
}
