//go:build slow

package models

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"partnerhub/internal/testfixture"
	"partnerhub/store"
)

// TestUsageRatingThroughput (run by `make bench`, never timed as a test) loads usage records of
// on-demand resources (PARTNERHUB_USAGE_N, 500,000 by default: 5,000 resources — ECS, EVS disks
// and traffic-billed bandwidth — of the demo provider's consignment customers, 100 hours each),
// rates them as the server does (batches of 10,000, each one durable transaction), and prints the
// records rated a second. The provider's cash is shared among four fifths of the customers; the usage of
// the others, and of those whose share runs out, goes into arrears.
func TestUsageRatingThroughput(t *testing.T) {
	if os.Getenv("PARTNERHUB_BENCH_DB") == "" {
		t.Skip("a benchmark: run `make bench`")
	}
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "usage.db"))
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
	n := 500000
	if v, err := strconv.Atoi(os.Getenv("PARTNERHUB_USAGE_N")); err == nil && v > 0 {
		n = v
	}
	const hours = 100
	resources := max(n/hours, 1)
	p := partnerByAccount(t, db, "provider")
	var customers []uint64
	db.Model(&Customer{}).Where("partner_id = ? AND mode = ? AND frozen = 0", p.ID, Consignment).Order("id").Pluck("id", &customers)
	a := actor(t, db, "provider")
	each := partnerCash(t, db, "provider") / int64(len(customers)+1)
	for i, c := range customers {
		if i%5 != 4 && each > 0 {
			if _, err := Allocate(ctx, db, a, c, FundsInput{Amount: Fen(each)}, testNow); err != nil {
				t.Fatal(err)
			}
		}
	}
	start := time.Now()
	err = db.Exec(`WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ? - 1),
		  c(id, n) AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 FROM customers WHERE partner_id = ? AND mode = 2 AND frozen = 0)
		INSERT INTO resources (public_id, order_id, line_id, partner_id, customer_id, service_type, resource_type, spec, region, zone,
		  size, charge_mode, status, expire_policy, effective_at, created_at, auto_renew_period, auto_renew_times, auto_renew_count)
		SELECT 'usage-' || i, 0, 0, ?, c.id,
		  CASE i % 3 WHEN 0 THEN 'hws.service.type.ec2' WHEN 1 THEN 'hws.service.type.ebs' ELSE 'hws.service.type.vpc' END,
		  CASE i % 3 WHEN 0 THEN 'hws.resource.type.vm' WHEN 1 THEN 'hws.resource.type.volume' ELSE 'hws.resource.type.bandwidth' END,
		  CASE i % 3 WHEN 0 THEN 's6.large.2.linux' WHEN 1 THEN 'SAS' ELSE '12_bgp' END, 'cn-north-4', '',
		  CASE i % 3 WHEN 0 THEN 0 WHEN 1 THEN 40 ELSE 5 END, 3, 2, 0, ?, ?, 0, 0, 0 FROM k JOIN c ON c.n = k.i % ?`,
		resources, p.ID, p.ID, testNow.AddDate(0, -1, 0), testNow.AddDate(0, -1, 0), len(customers)).Error
	if err != nil {
		t.Fatal(err)
	}
	first := testNow.Truncate(time.Hour).Add(-hours * time.Hour)
	for h := range hours {
		if _, err := GenerateUsage(ctx, db, first.Add(time.Duration(h)*time.Hour), testNow); err != nil {
			t.Fatal(err)
		}
	}
	var waiting int64
	db.Model(&UsageRecord{}).Where("state = 0").Count(&waiting)
	t.Logf("usage_rating: loaded %d usage records of %d resources and %d customers in %s", waiting, resources, len(customers),
		time.Since(start).Round(time.Millisecond))
	start = time.Now()
	cpu := testfixture.CPUTime()
	opt := RateOptions{}
	if v, err := strconv.Atoi(os.Getenv("PARTNERHUB_USAGE_BATCH")); err == nil && v > 0 {
		opt.Batch = v // another batch size than the server's, to compare
	}
	res, err := RateUsage(ctx, db, opt, testNow)
	if err != nil {
		t.Fatal(err)
	}
	took, used := time.Since(start), testfixture.CPUTime()-cpu
	// the CPU time too: on a shared machine the wall clock says as much about the neighbours
	t.Logf("usage_rating: rated %d usage records in %s: %.0f records/s (%.0f records per CPU second; cash %s, coupons %s, debt %s)",
		res.Rated, took.Round(time.Millisecond), float64(res.Rated)/took.Seconds(), float64(res.Rated)/used.Seconds(),
		Fen(res.Cash).StringFixed(2), Fen(res.Coupon).StringFixed(2), Fen(res.Debt).StringFixed(2))
	if report, err := Check(ctx, db); err != nil || len(report) > 0 {
		t.Fatalf("check: %v %v", report, err)
	}
}
