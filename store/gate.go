package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// The write gate: this process's transactions on SQLite take turns in the order they asked.
//
// Why: SQLite has one writer at a time, and a writer that finds the lock taken sleeps in its busy
// handler and polls (every 1 to 100 ms, longer the longer it has waited). A writer that comes back
// from sleeping usually finds that a newer one took the lock in between, so under a steady stream
// of writes — the expiry sweep's batches, the money committer's — an unlucky request waits for
// seconds. Queueing every transaction of the process on one Go channel before its BEGIN makes the
// wait fair (blocked senders on a channel are served first come, first served) and wakes the next
// writer the moment the lock is free instead of at its next poll. Other processes (the CLI) still
// meet the lock in SQLite's busy handler.

// gateWait is the longest a transaction waits for its turn (less if its context ends first): as
// long as SQLite's own busy timeout (_busy_timeout in Open).
const gateWait = 10 * time.Second

// gatedPool is the connection pool GORM uses: the *sql.DB, whose BeginTx waits for the gate.
type gatedPool struct {
	*sql.DB
	turn chan struct{} // holds a token while a transaction runs
}

func newGatedPool(db *sql.DB) *gatedPool { return &gatedPool{DB: db, turn: make(chan struct{}, 1)} }

// BeginTx waits for the transaction's turn, then begins it; the turn passes on at its end.
func (p *gatedPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	if err := p.wait(ctx); err != nil {
		return nil, err
	}
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		<-p.turn
		return nil, err
	}
	return &gatedTx{Tx: tx, turn: p.turn}, nil
}

// ExecContext runs a statement outside any transaction (a raw write, a schema change) in its
// turn. Model writes outside a transaction get a transaction of their own (Open), and reads
// outside one never wait: in WAL mode they read a snapshot while the writer writes.
func (p *gatedPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := p.wait(ctx); err != nil {
		return nil, err
	}
	defer func() { <-p.turn }()
	return p.DB.ExecContext(ctx, query, args...)
}

// wait takes the turn.
func (p *gatedPool) wait(ctx context.Context) error {
	wait := time.NewTimer(gateWait)
	defer wait.Stop()
	select {
	case p.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-wait.C:
		return fmt.Errorf("store: the database stayed busy for %s", gateWait)
	}
}

// GetDBConn gives GORM's DB() the *sql.DB underneath.
func (p *gatedPool) GetDBConn() (*sql.DB, error) { return p.DB, nil }

// gatedTx is a transaction holding the turn until it commits or rolls back, once.
type gatedTx struct {
	*sql.Tx
	turn chan struct{}
	done atomic.Bool
}

func (t *gatedTx) Commit() error {
	defer t.release()
	return t.Tx.Commit()
}

func (t *gatedTx) Rollback() error {
	defer t.release()
	return t.Tx.Rollback()
}

func (t *gatedTx) release() {
	if t.done.CompareAndSwap(false, true) {
		<-t.turn
	}
}
