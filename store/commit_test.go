package store

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"
)

type ctxKey struct{}

// TestMoneyWorkOutlivesItsRequest: the work handed to the committer gets a transaction whose
// context keeps the request's values but not its cancellation: a request cancelled while its
// statements run still has them all committed, through the committer and inside a transaction
// already. A request cancelled before it is queued is not run.
func TestMoneyWorkOutlivesItsRequest(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	work := func(cancel context.CancelFunc) MoneyWork {
		return func(tx *gorm.DB) error {
			cancel()
			if tx.Statement.Context.Done() != nil || tx.Statement.Context.Value(ctxKey{}) != "r1" {
				t.Errorf("the work's context can end, or lost the request's values")
			}
			return tx.Exec("INSERT INTO n VALUES (1)").Error
		}
	}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "r1"))
	if err := InMoneyTx(ctx, db, work(cancel)); err != nil {
		t.Errorf("through the committer: %v", err)
	}
	ctx, cancel = context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "r1"))
	err := db.Transaction(func(tx *gorm.DB) error { return InMoneyTx(ctx, tx, work(cancel)) })
	if err != nil {
		t.Errorf("inside a transaction: %v", err)
	}
	if err := InMoneyTx(ctx, db, work(cancel)); !errors.Is(err, context.Canceled) {
		t.Errorf("a request cancelled before: %v, want context.Canceled", err)
	}
	var n int64
	db.Raw("SELECT COUNT(*) FROM n").Scan(&n)
	if n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
}
