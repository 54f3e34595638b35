//go:build slow

package handlers

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"partnerhub/models"
)

// The bill operations of the API on the bench world: ListSubCustomerBillDetail at the first page
// and at the deepest offset the API allows (models.MaxOffset, its 5 ms bound), with a filter and a
// range of days, for the provider's customer with the most fee records of the current cycle.

type feeFixture struct {
	customerDID, cycle, day string
	records                 int64
}

var (
	feeOnce sync.Once
	feeFix  feeFixture
)

func (w *benchWorld) feeFixture(tb testing.TB) feeFixture {
	feeOnce.Do(func() {
		var provider uint64
		w.db.Model(&models.Partner{}).Where("account_name = ?", "provider").Pluck("id", &provider)
		feeFix.cycle = models.BillCycleOf(time.Now())
		feeFix.day = time.Now().In(models.BusinessZone).Format(time.DateOnly)
		var top struct {
			CustomerID uint64
			N          int64
		}
		w.db.Raw(`SELECT customer_id, COUNT(*) AS n FROM fee_records WHERE partner_id = ? AND bill_cycle = ? GROUP BY customer_id ORDER BY n DESC LIMIT 1`,
			provider, feeFix.cycle).Scan(&top)
		w.db.Model(&models.Customer{}).Where("id = ?", top.CustomerID).Pluck("domain_id", &feeFix.customerDID)
		feeFix.records = top.N
	})
	if feeFix.records == 0 {
		tb.Skip("the bench world has no fee records of the provider's in the current cycle")
	}
	return feeFix
}

// billAPICalls are the calls of the bill benchmarks, signed as the provider.
func billAPICalls(w *benchWorld, tb testing.TB) []struct{ name, path string } {
	f := w.feeFixture(tb)
	detail := fmt.Sprintf("/v2/bills/subcustomer-bills/res-fee-records?bill_cycle=%s&customer_id=%s", f.cycle, f.customerDID)
	deepest := fmt.Sprintf("&offset=%d", models.MaxOffset)
	return []struct{ name, path string }{
		{"ListSubCustomerBillDetail", detail},
		{"ListSubCustomerBillDetail/offset-" + deepest[8:], detail + deepest},
		{"ListSubCustomerBillDetail/limit-100", detail + "&limit=100"},
		{"ListSubCustomerBillDetail/limit-100-offset-" + deepest[8:], detail + "&limit=100" + deepest},
		{"ListSubCustomerBillDetail/service", detail + "&service_type_code=hws.service.type.ebs"},
		{"ListSubCustomerBillDetail/today", detail + "&bill_date_begin=" + f.day + "&bill_date_end=" + f.day},
		{"ListSubcustomerMonthlyBills", "/v2/bills/partner-bills/subcustomer-bills/monthly-sum?cycle=" + f.cycle + "&charge_mode=1"},
		{"ListSubcustomerMonthlyBills/last-cycle", "/v2/bills/partner-bills/subcustomer-bills/monthly-sum?cycle=" + models.Cycles(time.Now(), 2)[1] + "&charge_mode=1"},
		{"ListSubcustomerMonthlyBills/last-cycle-deepest", fmt.Sprintf("/v2/bills/partner-bills/subcustomer-bills/monthly-sum?cycle=%s&charge_mode=1&limit=100&offset=%d",
			models.Cycles(time.Now(), 2)[1], models.MaxOffset)},
		{"ListSubcustomerMonthlyBills/customer", fmt.Sprintf("/v2/bills/partner-bills/subcustomer-bills/monthly-sum?cycle=%s&charge_mode=3&customer_id=%s",
			f.cycle, f.customerDID)},
	}
}

func BenchmarkBillAPI(b *testing.B) {
	w := openBench(b)
	call := w.apiSender(b, "provider")
	for _, c := range billAPICalls(w, b) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				call(b, http.MethodGet, c.path, "")
			}
		})
	}
}

// TestBillAPIQueryPlans explains every statement of the bill calls and fails on a full scan of fee
// records, monthly sums or customers, and on sorting fee records: a page at any offset the API
// allows is a walk of one index in its order.
func TestBillAPIQueryPlans(t *testing.T) {
	w := openBench(t)
	fullScan := regexp.MustCompile(`SCAN (fee_records|monthly_sums|customers|order_lines)\b(?: AS \w+)?$`)
	sorted := regexp.MustCompile("FROM `?fee_records`?")
	call := w.apiSender(t, "provider")
	for _, c := range billAPICalls(w, t) {
		w.rec.start()
		call(t, http.MethodGet, c.path, "")
		w.explain(t, c.name, w.rec.stop(), fullScan, sorted)
	}
}
