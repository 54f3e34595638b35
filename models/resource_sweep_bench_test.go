//go:build slow

package models

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// TestResourceSweepThroughput (run by `make bench`, never timed as a test) loads resources that
// all expire at the same instant (PARTNERHUB_SWEEP_N, a million by default; one in a hundred
// renewing itself), sweeps them as the server does (rounds of a thousand until done) while
// another writer moves money, and prints how long the sweep took and how long the writes waited.
func TestResourceSweepThroughput(t *testing.T) {
	if os.Getenv("PARTNERHUB_BENCH_DB") == "" {
		t.Skip("a benchmark: run `make bench`")
	}
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "resources.db"))
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
	n, demo := sweepSize(), demoCustomerID(t, db)
	expiry := testNow.Add(time.Hour)
	start := time.Now()
	loadExpiringResources(t, db, demo, n, expiry)
	t.Logf("resource_sweep: loaded %d resources in %s", n, time.Since(start).Round(time.Millisecond))
	a := actor(t, db, "provider")
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
			if _, err := move(ctx, db, a, demo, FundsInput{Amount: Fen(1)}, testNow); err != nil {
				t.Error(err)
				return
			}
			waits = append(waits, time.Since(began))
			time.Sleep(5 * time.Millisecond)
		}
	})
	start = time.Now()
	var total ResourceSweep
	for {
		s, err := SweepResources(ctx, db, expiry, 1000)
		if err != nil {
			t.Fatal(err)
		}
		total.Renewed, total.Expired = total.Renewed+s.Renewed, total.Expired+s.Expired
		if s.Renewed+s.Expired+s.Frozen+s.Closed < 1000 {
			break
		}
	}
	took := time.Since(start)
	close(stop)
	wg.Wait()
	slices.Sort(waits)
	t.Logf("resource_sweep: renewed %d and expired %d resources in %s; %d other writes meanwhile, waiting at most %s (median %s, p99 %s)",
		total.Renewed, total.Expired, took.Round(time.Millisecond), len(waits), waits[len(waits)-1].Round(time.Millisecond),
		waits[len(waits)/2].Round(time.Microsecond), waits[len(waits)*99/100].Round(time.Millisecond))
}

// loadExpiringResources inserts n GPSSD disks of the customer bought a month before expiry, one in
// a hundred renewing itself monthly, with their terms.
func loadExpiringResources(t *testing.T, db *gorm.DB, customerID uint64, n int, expiry time.Time) {
	t.Helper()
	p := partnerByAccount(t, db, "provider")
	bought := expiry.AddDate(0, -1, 0)
	err := db.Exec(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
		INSERT INTO resources (public_id, order_id, line_id, partner_id, customer_id, service_type, resource_type, spec, region, zone,
		  size, charge_mode, status, expire_policy, effective_at, expire_at, created_at, auto_renew_period, auto_renew_times, auto_renew_count)
		SELECT 'bench-' || i, 0, 0, ?, ?, 'hws.service.type.ebs', 'hws.resource.type.volume', 'GPSSD', 'cn-north-4', '', 10, 1, 2,
		  CASE WHEN i % 100 = 0 THEN 3 ELSE 0 END, ?, ?, ?, CASE WHEN i % 100 = 0 THEN 2 ELSE 0 END, 0, 0 FROM k`,
		n, p.ID, customerID, bought, expiry, bought).Error
	if err != nil {
		t.Fatal(err)
	}
	err = db.Exec(`INSERT INTO resource_terms (resource_id, order_id, line_id, start_at, end_at, cash, created_at)
		SELECT id, 0, 0, effective_at, expire_at, 500, created_at FROM resources WHERE public_id LIKE 'bench-%'`).Error
	if err != nil {
		t.Fatal(err)
	}
}
