package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

func openEmpty(t *testing.T) *gorm.DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "gate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(db) })
	if err := db.Exec("CREATE TABLE n (v INTEGER)").Error; err != nil {
		t.Fatal(err)
	}
	return db
}

// TestGateWaitsForTheTurn: a transaction begun while another runs waits for it, gives up when
// its context ends, and begins once the first one has ended — by commit or by rollback.
func TestGateWaitsForTheTurn(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	for _, end := range []string{"commit", "rollback"} {
		first := db.Begin()
		if first.Error != nil {
			t.Fatal(first.Error)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		err := db.WithContext(ctx).Transaction(func(*gorm.DB) error { return nil })
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%s: a transaction begun beside a running one: %v, want to wait until its deadline", end, err)
		}
		began, id := make(chan error, 1), make(chan string)
		go func() {
			id <- goroutineID()
			began <- db.Transaction(func(tx *gorm.DB) error { return tx.Exec("INSERT INTO n VALUES (1)").Error })
		}()
		waitAtGate(t, <-id)
		select {
		case err := <-began:
			t.Fatalf("%s: a second transaction ran beside the first: %v", end, err)
		default:
		}
		if end == "commit" {
			first.Commit()
		} else {
			first.Rollback()
			first.Rollback() // a second end passes the turn on only once
		}
		if first.Error != nil && end == "commit" {
			t.Fatal(first.Error)
		}
		if err := <-began; err != nil {
			t.Fatalf("%s: the waiting transaction: %v", end, err)
		}
	}
	var n int64
	db.Raw("SELECT COUNT(*) FROM n").Scan(&n)
	if n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
}

// gateRow is a row written in a known order.
type gateRow struct {
	ID uint64 `gorm:"primaryKey"`
	V  int
}

// TestWritesOutsideTransactionsTakeTheirTurn: a raw statement and a model write outside any
// transaction queue at the gate like transactions do, first come, first served. (Polling for
// SQLite's lock instead, they would lose it to every transaction the gate hands the turn to.)
// Reads do not wait.
func TestWritesOutsideTransactionsTakeTheirTurn(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	if err := db.AutoMigrate(&gateRow{}); err != nil {
		t.Fatal(err)
	}
	first := db.Begin()
	if first.Error != nil {
		t.Fatal(first.Error)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM gate_rows").Scan(&n).Error; err != nil {
		t.Fatalf("a read beside a transaction: %v", err)
	}
	writes := []func() error{
		func() error { return db.Exec("INSERT INTO gate_rows (v) VALUES (1)").Error },
		func() error { return db.Create(&gateRow{V: 2}).Error },
		func() error {
			return db.Transaction(func(tx *gorm.DB) error { return tx.Create(&gateRow{V: 3}).Error })
		},
	}
	done := make(chan error, len(writes))
	for _, w := range writes {
		id := make(chan string)
		go func() { id <- goroutineID(); done <- w() }()
		waitAtGate(t, <-id) // queued in this order
	}
	if err := first.Commit().Error; err != nil {
		t.Fatal(err)
	}
	for range writes {
		if err := <-done; err != nil {
			t.Errorf("a waiting write: %v", err)
		}
	}
	var order []int
	db.Model(&gateRow{}).Order("id").Pluck("v", &order)
	if fmt.Sprint(order) != "[1 2 3]" {
		t.Errorf("written in the order %v, want [1 2 3]", order)
	}
}

// TestGateUnderContention: many goroutines writing at once all succeed, none of them meeting
// SQLite's busy lock, and a failed transaction passes its turn on.
func TestGateUnderContention(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	boom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, 64)
	for i := range errs {
		wg.Go(func() {
			errs[i] = db.Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("INSERT INTO n VALUES (?)", i).Error; err != nil || i%8 == 0 {
					return errors.Join(err, boom)
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i%8 == 0) != errors.Is(err, boom) || (i%8 != 0 && err != nil) {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	var n int64
	db.Raw("SELECT COUNT(*) FROM n").Scan(&n)
	if n != 56 {
		t.Errorf("%d rows, want 56", n)
	}
}

// goroutineID is the calling goroutine's id, as stack dumps print it.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf), "goroutine "), " ")
	return id
}

// waitAtGate waits until goroutine id is parked in the write gate's wait for its turn: blocked
// senders on the gate's channel are served in the order they blocked, so once it is parked, a
// write begun after it comes after it.
func waitAtGate(t *testing.T, id string) {
	t.Helper()
	head := "goroutine " + id + " [select"
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		for _, g := range strings.Split(allStacks(), "\n\n") {
			if strings.HasPrefix(g, head) && strings.Contains(g, ".(*gatedPool).wait(") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutine %s never waited at the gate", id)
		}
	}
}

// allStacks is the stack dump of every goroutine, blank-line separated.
func allStacks() string {
	for buf := make([]byte, 1<<16); ; buf = make([]byte, 2*len(buf)) {
		if n := runtime.Stack(buf, true); n < len(buf) {
			return string(buf[:n])
		}
	}
}
