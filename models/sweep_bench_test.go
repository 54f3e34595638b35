//go:build slow

package models

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"partnerhub/store"
)

// TestExpirySweepThroughput (run by `make bench`, never timed as a test) loads a million coupons
// that expire at the same instant, runs the sweep over them while another writer allocates and
// reclaims money in a loop and a third writes outside any transaction, and prints how long the
// sweep took and how long the other writes waited.
func TestExpirySweepThroughput(t *testing.T) {
	if os.Getenv("PARTNERHUB_BENCH_DB") == "" {
		t.Skip("a benchmark: run `make bench`")
	}
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "sweep.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := SeedDemo(ctx, db, testNow); err != nil {
		t.Fatal(err)
	}
	n := sweepSize()
	at := testNow.Add(time.Hour)
	start := time.Now()
	if err := LoadCoupons(ctx, db, n, func(int) time.Time { return at }, testNow); err != nil {
		t.Fatal(err)
	}
	t.Logf("sweep_test: loaded %d coupons in %s", n, time.Since(start).Round(time.Millisecond))
	a := actor(t, db, "provider")
	cust := consignmentCustomer(t, db, "provider", Consignment)
	stop := make(chan struct{})
	var waits []time.Duration
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			move := Allocate
			if i%2 == 1 {
				move = Reclaim
			}
			began := time.Now()
			if _, err := move(ctx, db, a, cust.ID, FundsInput{Amount: Fen(1)}, testNow); err != nil {
				t.Error(err)
				return
			}
			waits = append(waits, time.Since(began))
			time.Sleep(5 * time.Millisecond) // a busy console: about 200 money movements a second
		}
	})
	var plain []time.Duration // a write outside any transaction: a member's sign-in time, say
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			began := time.Now()
			if err := db.Model(&User{}).Where("id = ?", a.UserID).Update("last_sign_in_at", time.Now()).Error; err != nil {
				t.Error(err)
				return
			}
			plain = append(plain, time.Since(began))
			time.Sleep(10 * time.Millisecond)
		}
	})
	start = time.Now()
	expired, err := ExpireCoupons(ctx, db, at)
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if want := n - n/10; err != nil || expired != want { // one in ten was reclaimed before
		t.Fatalf("expired %d of %d: %v", expired, want, err)
	}
	slices.Sort(waits)
	slices.Sort(plain)
	t.Logf("sweep_test: %d writes outside a transaction meanwhile, waiting at most %s (median %s)",
		len(plain), plain[len(plain)-1].Round(time.Millisecond), plain[len(plain)/2].Round(time.Microsecond))
	t.Logf("sweep_test: expired %d coupons in %s (%d transactions of %d); %d other writes meanwhile, waiting at most %s (median %s, p99 %s)",
		expired, took.Round(time.Millisecond), (n+SweepBatch-1)/SweepBatch, SweepBatch, len(waits),
		waits[len(waits)-1].Round(time.Millisecond), waits[len(waits)/2].Round(time.Microsecond), waits[len(waits)*99/100].Round(time.Millisecond))
	mustCheck(t, db)
}

// sweepSize is the number of coupons the sweep benchmark expires: PARTNERHUB_SWEEP_N, or a million.
func sweepSize() int {
	if n, err := strconv.Atoi(os.Getenv("PARTNERHUB_SWEEP_N")); err == nil && n > 0 {
		return n
	}
	return 1000000
}
