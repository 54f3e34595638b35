//go:build slow

package models

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// The bills page at scale: a partner with 300,000 customers billed in a cycle (cycle_bills rows
// and one monthly sum each, written directly: the rows addCycleBills would have made), paged by
// amount and by customer, filtered by service type, deep pages. The cost must not grow with the
// customers: each page reads an index range in order and the totals from cycle_totals.

const scaleCustomers = 300000

// manyCycleBills bills n synthetic customers of the partner in 2026-11 (ids above the demo's).
func manyCycleBills(tb testing.TB, db *gorm.DB, partnerID uint64, n int) {
	tb.Helper()
	for _, q := range []string{
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		 INSERT INTO cycle_bills (customer_id, bill_cycle, partner_id, top_partner_id, mode, amount, cash, coupon, debt, discount, count, updated_at, facets)
		 SELECT 10000000 + i, '2026-11', ?, ?, 2, (i * 7919) % 1000000, (i * 7919) % 1000000, 0, 0, 0, 1 + i % 5, '2026-11-23 06:00:00',
		   CASE WHEN i % 3 = 0 THEN ? ELSE ? END | ? FROM s`,
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		 INSERT INTO monthly_sums (customer_id, bill_cycle, service_type, charge_mode, bill_type, amount, cash, coupon, debt, discount, count, updated_at)
		 SELECT 10000000 + i, '2026-11', CASE WHEN i % 3 = 0 THEN 'hws.service.type.ebs' ELSE 'hws.service.type.ec2' END, 1, 1,
		   (i * 7919) % 1000000, (i * 7919) % 1000000, 0, 0, 0, 1 + i % 5, '2026-11-23 06:00:00' FROM s`,
	} {
		args := []any{n}
		if strings.Contains(q, "cycle_bills") { // the facets of its monthly sum: a disk or a server, yearly/monthly, new
			args = append(args, partnerID, partnerID, facetOfService("hws.service.type.ebs"), facetOfService("hws.service.type.ec2"),
				facetOfChargeMode(ChargePeriod)|facetOfBillType(BillNew))
		}
		if err := db.Exec(q, args...).Error; err != nil {
			tb.Fatal(err)
		}
	}
	err := db.Exec(`UPDATE cycle_totals SET customers = customers + ?, amount = amount + (SELECT SUM(amount) FROM cycle_bills WHERE customer_id > 10000000)
		WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2`, n, partnerID).Error
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Exec("ANALYZE").Error; err != nil {
		tb.Fatal(err)
	}
}

func scaleCases() []struct {
	name string
	f    CycleBillFilter
	idx  string
} {
	return []struct {
		name string
		f    CycleBillFilter
		idx  string
	}{
		{"by-amount", CycleBillFilter{Cycle: "2026-11", Limit: 20}, "ix_cbill_pamount"},
		{"smallest-first", CycleBillFilter{Cycle: "2026-11", Limit: 20, Sort: CycleByAmount}, "ix_cbill_pamount"},
		{"by-customer", CycleBillFilter{Cycle: "2026-11", Limit: 20, Sort: CycleByCustomer}, "ix_cbill_pcustomer"},
		{"page-500", CycleBillFilter{Cycle: "2026-11", Limit: 20, Offset: 9980}, "ix_cbill_pamount"},
		{"service", CycleBillFilter{Cycle: "2026-11", Limit: 20, ServiceType: "hws.service.type.ebs"}, "ix_cbill_pamount"},
	}
}

// TestCycleBillsAtScale: at 300,000 customers the list's plans read an index in order (no scan of
// the table, no sort), and a page takes a few milliseconds (printed, not asserted: timings on a
// shared machine are not a test's business).
func TestCycleBillsAtScale(t *testing.T) {
	db, ctx := demoDB(t), context.Background()
	provider := actor(t, db, "provider")
	manyCycleBills(t, db, provider.PartnerID, scaleCustomers)
	for _, c := range scaleCases() {
		plan := cycleBillPlan(t, db, ctx, provider, c.f)
		if !strings.Contains(plan, "USING INDEX "+c.idx) && !strings.Contains(plan, "USING COVERING INDEX "+c.idx) || strings.Contains(plan, "TEMP B-TREE") ||
			strings.Contains(plan, "SCAN cycle_bills") {
			t.Errorf("%s: plan %q", c.name, plan)
		}
		start := time.Now()
		l, err := ListCycleBills(ctx, db, provider, c.f, testNow)
		if err != nil || len(l.Rows) != 20 {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s: %d customers, a page in %v (plan: %s)", c.name, l.Total, time.Since(start), plan)
	}
}

func BenchmarkListCycleBills(b *testing.B) {
	db, ctx := demoDB(b), context.Background()
	provider := actor(b, db, "provider")
	manyCycleBills(b, db, provider.PartnerID, scaleCustomers)
	for _, c := range scaleCases() {
		b.Run(fmt.Sprint(c.name), func(b *testing.B) {
			for b.Loop() {
				if _, err := ListCycleBills(ctx, db, provider, c.f, testNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// countingWriter counts what an export writes, keeping none of it.
type countingWriter struct{ n, lines int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	for _, b := range p {
		if b == '\n' {
			w.lines++
		}
	}
	return len(p), nil
}

// TestExportMillionFeeRecords streams a customer's 1,000,000 fee records of a cycle as CSV and
// samples the heap meanwhile: the export holds a row at a time, so the heap stays far below what
// the rows would take (hundreds of megabytes).
func TestExportMillionFeeRecords(t *testing.T) {
	db, ctx := demoDB(t), context.Background()
	provider := actor(t, db, "provider")
	cust := billedCustomer(t, db, provider)
	err := db.Exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000000)
		INSERT INTO fee_records (customer_id, partner_id, top_partner_id, bill_cycle, trade_time, bill_type, service_type, resource_type,
		  resource_id, region, charge_mode, period_type, official, discount, cash, coupon, credit, debt, writeoff, created_at)
		SELECT ?, ?, ?, '2026-10', datetime('2026-10-01', '+' || (i % 2592000) || ' seconds'), 5, 'hws.service.type.ec2',
		  'hws.resource.type.vm', 'r-' || i, 'cn-north-4', 3, 25, 1 + i % 100, 0, 1 + i % 100, 0, 0, 0, 0, '2026-10-31 00:00:00' FROM s`,
		cust, provider.PartnerID, provider.PartnerID).Error
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	w := &countingWriter{}
	start := time.Now()
	err = ExportFeeRecords(ctx, db, provider, FeeFilter{Cycle: "2026-10", CustomerID: cust}, FeeRecordNames{}, w)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	if w.lines < 1000001 {
		t.Fatalf("%d lines", w.lines)
	}
	grew := int64(peak) - int64(before.HeapInuse)
	t.Logf("1,000,000 fee records: %d MB of CSV in %v, heap in use grew by at most %d MB", w.n>>20, time.Since(start), grew>>20)
	if grew > 64<<20 {
		t.Errorf("the heap grew by %d MB while streaming", grew>>20)
	}
}
