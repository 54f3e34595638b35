//go:build slow

package handlers

import (
	"fmt"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"partnerhub/models"
)

// Bills benchmarks on the bench world (`make bench`: its fee records and the cycle bills made from
// them, seed/seed_ledger.go): the bills page of the provider (the partner with the most customers)
// by amount, by customer, filtered, deep, a master distributor's, one reseller's; a customer's
// bill; and ListConsumeSubCustomers.

type billFixture struct {
	cycle, customerName  string
	customerID, reseller uint64
}

var (
	billOnce sync.Once
	billFix  billFixture
)

// billFixture is the provider's largest bill of the last closed cycle that has bills.
func (w *benchWorld) billFixture() billFixture {
	billOnce.Do(func() {
		var provider uint64
		w.db.Model(&models.Partner{}).Where("account_name = ?", "provider").Pluck("id", &provider)
		w.db.Model(&models.Partner{}).Where("account_name = ?", "reseller").Pluck("id", &billFix.reseller)
		billFix.cycle = models.Cycles(time.Now(), 2)[1]
		w.db.Raw(`SELECT customer_id FROM cycle_bills WHERE partner_id = ? AND bill_cycle = ? AND mode = 2 ORDER BY amount DESC LIMIT 1`,
			provider, billFix.cycle).Scan(&billFix.customerID)
		w.db.Model(&models.Customer{}).Where("id = ?", billFix.customerID).Pluck("account_name", &billFix.customerName)
	})
	return billFix
}

func billPages(w *benchWorld) []struct{ name, user, path string } {
	f := w.billFixture()
	list := "/bills?limit=20&cycle=" + f.cycle
	return []struct{ name, user, path string }{
		{"bills/provider/by-amount", "provider", list},
		{"bills/provider/running", "provider", "/bills?limit=20"},
		{"bills/provider/by-customer", "provider", list + "&sort=customer"},
		{"bills/provider/page-5", "provider", list + "&page=5"},
		{"bills/provider/customer", "provider", list + "&customer=" + url.QueryEscape(f.customerName)},
		{"bills/provider/service", "provider", list + "&service=hws.service.type.ebs"},
		{"bills/provider/service-none", "provider", list + "&service=hws.service.type.obs"},
		{"bills/provider/charge-mode", "provider", list + "&charge_mode=1"},
		{"bills/provider/bill-type", "provider", list + "&bill_type=4"},
		{"bills/provider/service-and-bill-type", "provider", list + "&service=hws.service.type.ebs&bill_type=1"},
		{"bills/distributor/service", "distributor", list + "&service=hws.service.type.ec2"},
		{"bills/distributor/all", "distributor", list},
		{"bills/distributor/reseller", "distributor", list + fmt.Sprintf("&reseller=%d", f.reseller)},
		{"bill", "provider", fmt.Sprintf("/bills/%d?cycle=%s", f.customerID, f.cycle)},
	}
}

func BenchmarkBillPages(b *testing.B) {
	w := openBench(b)
	for _, c := range billPages(w) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w.get(b, c.user, c.path)
			}
		})
	}
}

func BenchmarkListConsumeSubCustomers(b *testing.B) {
	w := openBench(b)
	call := w.apiSender(b, "provider")
	body := `{"bill_cycle":"` + w.billFixture().cycle + `","offset":100000,"limit":100}`
	for b.Loop() {
		call(b, "POST", "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query", body)
	}
}

// TestBillQueryPlans explains every statement of the benchmarked bills pages and the API call and
// fails on a full scan of the bills' tables (or of customers) and on sorting a partner's bills.
func TestBillQueryPlans(t *testing.T) {
	w := openBench(t)
	fullScan := regexp.MustCompile(`SCAN (cycle_bills|cycle_totals|fee_records|monthly_sums|customers)\b(?: AS \w+)?$`)
	sorted := regexp.MustCompile("FROM `?(cycle_bills|fee_records)`? WHERE")
	for _, p := range billPages(w) {
		w.rec.start()
		w.get(t, p.user, p.path)
		w.explain(t, p.name, w.rec.stop(), fullScan, sorted)
	}
	call := w.apiSender(t, "provider")
	w.rec.start()
	call(t, "POST", "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query", `{"bill_cycle":"`+w.billFixture().cycle+`","limit":100}`)
	w.explain(t, "ListConsumeSubCustomers", w.rec.stop(), fullScan, sorted)
}
