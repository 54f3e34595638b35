package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// Group commit of money movements.
//
// Why: a transfer is about ten short statements, but its durable COMMIT (synchronous=FULL: an
// fsync of the write-ahead log) costs more than all of them, and SQLite has one writer at a time,
// so concurrent transfers each in their own transaction wait for the write lock in turn (sleeping
// in the busy handler) and pay one fsync each. Instead every money use case is handed to the
// database's committer, which runs whatever has been handed in meanwhile in ONE transaction and
// commits once: while one batch commits, the next one gathers. Nothing waits on a timer, so a
// lone transfer is committed at once.
//
// Each use case runs in its own savepoint, so one that fails — refused (insufficient balance, a
// duplicate idempotency key, …), erroring or panicking — rolls back only its own statements and
// gets its own error, and the others commit: one caller's fault fails only that caller. Answers
// are handed back only after the shared COMMIT succeeded; if it fails, every use case of the batch
// gets the error, so nothing acknowledged can be lost. (What PostgreSQL's savepoints require of
// it: doc.go.)

// maxBatch bounds a batch: a batch holds the write lock while it runs (and a PostgreSQL store
// would want it within the 64 subtransactions PostgreSQL caches per transaction: doc.go).
const maxBatch = 64

const committerName = "partnerhub:money-committer"

// committer is registered on the database by Open (a GORM plugin, so it lives and dies with the
// *gorm.DB). It owns no goroutine while idle: the first submission starts one, which runs batches
// until the queue is empty and then ends.
type committer struct {
	db      *gorm.DB
	mu      sync.Mutex
	queue   []*moneyJob
	running bool
}

// moneyJob is one use case waiting for its batch: its statements, and its answer once committed.
type moneyJob struct {
	ctx   context.Context // the request's, detached (MoneyWork)
	run   MoneyWork
	err   error
	done  chan struct{}
	tries int // runs that lost a race (Retryable)
}

// maxTries bounds the runs of a use case that keeps losing races to other servers' transactions.
const maxTries = 8

func (c *committer) Name() string                 { return committerName }
func (c *committer) Initialize(db *gorm.DB) error { c.db = db; return nil }

// MoneyWork is a money use case's statements. It gets the transaction and nothing else: its
// context (tx.Statement.Context) keeps the request's values but neither its cancellation nor its
// deadline, because the statements may share a transaction with other requests' (a batch), and
// cancelling one request must not interrupt a statement of it (SQLite would roll all of it back).
// A MoneyWork is written as a function literal that uses no context.Context of its caller's; the
// domain's tests check that it does not (models/seam_test.go).
type MoneyWork func(tx *gorm.DB) error

// InMoneyTx runs work in a transaction through db's committer and returns once that transaction
// has committed (nil, or work's own refusal) or failed. A request whose context has ended is not
// queued; once queued, it waits for its answer whatever its context does. Without a committer (a
// *gorm.DB not from Open) or inside a transaction already, work gets a transaction (or savepoint)
// of its own, on the same detached context.
func InMoneyTx(ctx context.Context, db *gorm.DB, work MoneyWork) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	detached := context.WithoutCancel(ctx)
	c, ok := db.Config.Plugins[committerName].(*committer)
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); !ok || inTx {
		return db.WithContext(detached).Transaction(work)
	}
	j := &moneyJob{ctx: detached, run: work, done: make(chan struct{})}
	c.submit(j)
	<-j.done // not on ctx: the answer is only known after the batch commits
	return j.err
}

// InOwnMoneyTx runs work in a transaction of its own, outside the committer, and returns once it
// has committed or failed: for money work that is a batch by itself (usage rating's ten thousand
// records a transaction). The committer would run it in a savepoint, and inside a savepoint that
// has written much, SQLite's RETURNING statements (GORM's Create, the ledger's conditional debit)
// grow slow: measured 0.1 ms a statement after 10,000 rows written in the savepoint, 9 ms after
// 10,000 more in a database of 30,000, against a steady 0.03 ms in a plain transaction. Sharing
// the committer's fsync gains nothing for a transaction this large. The context is detached as
// InMoneyTx's.
//
// A transaction that lost a race to another server's (Retryable) is run again, up to maxTries.
func InOwnMoneyTx(ctx context.Context, db *gorm.DB, work MoneyWork) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	detached := db.WithContext(context.WithoutCancel(ctx))
	for tries := 1; ; tries++ {
		err := detached.Transaction(work)
		if !Retryable(err) || tries == maxTries {
			return err
		}
	}
}

// Retryable is a database error by which a transaction lost a race and nothing else: PostgreSQL
// chose it as the victim of a deadlock (40P01) or could not serialise it (40001). The same work run
// again, once the other transaction has ended, can succeed. (SQLite's writers take turns, and it
// has neither.)
func Retryable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "40P01" || pg.Code == "40001")
}

// Queued is how many money use cases wait at db's committer for their batch: tests use it to
// know that the use cases they started are in line.
func Queued(db *gorm.DB) int {
	c, ok := db.Config.Plugins[committerName].(*committer)
	if !ok {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}

func (c *committer) submit(j *moneyJob) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queue = append(c.queue, j)
	if !c.running {
		c.running = true
		go c.loop()
	}
}

// loop commits batches until nothing is waiting.
func (c *committer) loop() {
	for {
		batch := c.next()
		if batch == nil {
			return
		}
		c.commit(batch)
	}
}

// next takes up to maxBatch waiting jobs, or marks the committer idle when there are none.
func (c *committer) next() []*moneyJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := min(len(c.queue), maxBatch)
	if n == 0 {
		c.running = false
		return nil
	}
	batch := append([]*moneyJob(nil), c.queue[:n]...)
	c.queue = append(c.queue[:0], c.queue[n:]...)
	return batch
}

// commit runs batch in one transaction, then answers every job. A job that lost the transaction
// (runInSavepoint) is answered alone, and the others, none of which happened, run again in a new
// one: each round answers at least one job, so it ends.
func (c *committer) commit(batch []*moneyJob) {
	for len(batch) > 0 {
		batch = c.commitOnce(batch)
	}
}

// commitOnce runs batch in one transaction and answers its jobs, or returns the jobs to run again.
//
// A job that lost a race to another server's transaction (Retryable: PostgreSQL chose it as a
// deadlock's victim) is rolled back to its savepoint and run again in the next transaction, after
// this one has committed and let go of what the earlier jobs of the batch locked: run again in
// this one, it would wait for the same other transaction, which may be waiting for those locks.
func (c *committer) commitOnce(batch []*moneyJob) (again []*moneyJob) {
	lost := -1
	err := c.db.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
		for i, j := range batch {
			sp := fmt.Sprintf("money_%d", i)
			if err := tx.SavePoint(sp).Error; err != nil {
				return err // the database failing, not the job: the batch fails
			}
			if err := runInSavepoint(tx, sp, j); err != nil {
				lost = i
				return err
			}
		}
		return nil
	})
	if lost >= 0 {
		j := batch[lost]
		if j.err == nil { // it succeeded, but its savepoint could not be released
			j.err = err
		}
		close(j.done)
		return slices.Delete(batch, lost, lost+1)
	}
	for _, j := range batch {
		switch {
		case err != nil:
			j.err = err // the batch did not commit: no job of it happened
		case Retryable(j.err) && j.tries < maxTries:
			j.tries, j.err = j.tries+1, nil
			again = append(again, j)
			continue
		}
		close(j.done)
	}
	return again
}

// runInSavepoint runs a job in the savepoint sp and records its answer. A failing job (its error,
// or a panic as an error) is rolled back to sp alone and the batch goes on. It returns an error
// only when the job lost the transaction: sp can be neither released nor rolled back to, because
// the database rolled the whole transaction back (SQLite does on a full disk or an I/O error) or
// the job's statements ended it. Going on would run the next jobs outside any transaction.
func runInSavepoint(tx *gorm.DB, sp string, j *moneyJob) error {
	j.err = runJob(tx, j)
	if j.err != nil {
		if err := tx.RollbackTo(sp).Error; err != nil {
			return err
		}
	}
	// Released at once, after a rollback too: savepoints left open nest, and SQLite then journals
	// every page a later job changes once per open savepoint (measured: a fifth fewer allocations
	// a second).
	return tx.Exec("RELEASE SAVEPOINT " + sp).Error
}

// runJob runs a job's statements; a panic becomes its error, with the stack for the log.
func runJob(tx *gorm.DB, j *moneyJob) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: panic in a money transaction: %v\n%s", r, debug.Stack())
		}
	}()
	return j.run(tx.WithContext(j.ctx))
}
