//go:build slow

package seed

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"partnerhub/internal/testfixture"
	"partnerhub/models"
)

// TestUsageRatingAtScale rates the usage of a world of many customers: the case the models'
// benchmark (a hundred demo customers) flatters, since a batch of ten thousand records then bills
// thousands of customers, each with a transfer, a cycle bill and its sums. The figures are
// reported, not asserted (make bench).
func TestUsageRatingAtScale(t *testing.T) {
	if os.Getenv("PARTNERHUB_BENCH_DB") == "" {
		t.Skip("a benchmark: run `make bench`")
	}
	ctx := context.Background()
	db := testDB(t)
	now := time.Now().UTC()
	customers, records := 20000, 300000
	if v, err := strconv.Atoi(os.Getenv("PARTNERHUB_USAGE_N")); err == nil && v > 0 {
		records = v
	}
	start := time.Now()
	err := Large(ctx, db, LargeWorld{Customers: customers, Orders: 10 * customers}, now, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for hour := now.Truncate(time.Hour).Add(-time.Hour); added < records; hour = hour.Add(-time.Hour) {
		n, err := models.GenerateUsage(ctx, db, hour, now)
		if err != nil || n == 0 {
			t.Fatalf("generated %d records of %s: %v", n, hour, err)
		}
		added += n
	}
	var billed int64
	db.Model(&models.UsageRecord{}).Distinct("customer_id").Count(&billed)
	t.Logf("usage_rating at scale: %d usage records of %d customers loaded in %s", added, billed, time.Since(start).Round(time.Millisecond))
	start, cpu := time.Now(), testfixture.CPUTime()
	res, err := models.RateUsage(ctx, db, models.RateOptions{}, now)
	if err != nil {
		t.Fatal(err)
	}
	took, used := time.Since(start), testfixture.CPUTime()-cpu
	t.Logf("usage_rating at scale: rated %d usage records in %s: %.0f records/s (%.0f records per CPU second)",
		res.Rated, took.Round(time.Millisecond), float64(res.Rated)/took.Seconds(), float64(res.Rated)/used.Seconds())
	if report, err := models.Check(ctx, db); err != nil || len(report) > 0 {
		t.Fatalf("check: %v %v", report, err)
	}
}
