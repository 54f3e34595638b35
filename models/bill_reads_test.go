package models

import (
	"context"
	"sync"
	"testing"

	"gorm.io/gorm"
)

// tableReads counts the SELECTs of each table while it is on: a use case's reads, to keep the
// pay path from reading again what it already has.
type tableReads struct {
	mu sync.Mutex
	on bool
	n  map[string]int
}

func countReads(t *testing.T, db *gorm.DB) *tableReads {
	t.Helper()
	r := &tableReads{n: map[string]int{}}
	err := db.Callback().Query().After("gorm:query").Register("test:count_reads", func(tx *gorm.DB) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.on {
			r.n[tx.Statement.Table]++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *tableReads) during(do func()) map[string]int {
	r.mu.Lock()
	r.on, r.n = true, map[string]int{}
	r.mu.Unlock()
	do()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.n
}

// TestBillingReadsNothingAgain: paying a renewal order reads its lines once (to price it) and its
// resource once (to see it is not closed); its bill line names the resource from those reads.
// Unsubscribing bills the refund from the lines it wrote and the resource it holds.
func TestBillingReadsNothingAgain(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	r := paidResources(t, db, demo, 0, gpssd(10, 1))[0]
	res, err := RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{r.PublicID}, PeriodType: PeriodMonth, PeriodNum: 1}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	o := res.Orders[0]
	reads := countReads(t, db)
	n := reads.during(func() {
		if _, err = PayOrder(ctx, db, cust, PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, testNow); err != nil {
			t.Fatal(err)
		}
	})
	if n["order_lines"] != 1 || n["resources"] != 1 {
		t.Errorf("paying a renewal read its lines %d times and its resource %d times, want once each", n["order_lines"], n["resources"])
	}
	if got := count(t, db, "SELECT COUNT(*) FROM fee_records WHERE order_id = ? AND resource_id = ? AND bill_type = ?", o.ID, r.PublicID, BillRenew); got != 1 {
		t.Errorf("the renewal's bill lines naming the resource: %d", got)
	}
	if _, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil {
		t.Fatal(err)
	}
	var u *LifeResult
	n = reads.during(func() {
		u, err = Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource}, testNow)
		if err != nil {
			t.Fatal(err)
		}
	})
	lines := count(t, db, "SELECT COUNT(*) FROM order_lines WHERE order_id = ?", u.Orders[0].ID)
	if lines == 0 || count(t, db, "SELECT COUNT(*) FROM fee_records WHERE order_id = ? AND resource_id = ? AND bill_type = ?",
		u.Orders[0].ID, r.PublicID, BillRefund) != lines {
		t.Errorf("the refund's bill lines do not each name the resource")
	}
	// the open-orders check and the line each cut term was bought by; none of the refund's own
	if int64(n["order_lines"]) > lines+1 {
		t.Errorf("unsubscribing read order lines %d times for %d lines", n["order_lines"], lines)
	}
	mustCheck(t, db)
}
