//go:build slow

package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"partnerhub/models"
)

// Coupon benchmarks on the bench world (`make bench` seeds millions of the provider's coupons):
// the issued coupons and records pages, and issuing one coupon each to 100 customers in one call.

// month is the month n months from now, as YYYY-MM.
func month(n int) string { return time.Now().AddDate(0, n, 0).Format("2006-01") }

// couponPages are the coupon pages' benchmark cases, as the provider sees them.
func couponPages(w *benchWorld) []struct{ name, user, path string } {
	var quota uint64
	w.db.Model(&models.CouponQuota{}).Where("remark = ?", "bench").Order("id DESC").Limit(1).Pluck("id", &quota)
	var customer string
	w.db.Raw("SELECT c.account_name FROM coupons p JOIN customers c ON c.id = p.customer_id WHERE p.quota_id = ? ORDER BY p.id DESC LIMIT 1", quota).Scan(&customer)
	var coupon uint64
	w.db.Model(&models.Coupon{}).Where("quota_id = ?", quota).Order("id DESC").Limit(1).Pluck("id", &coupon)
	issued := "/business/coupons/issued?limit=20"
	return []struct{ name, user, path string }{
		{"issued/all", "provider", issued},
		{"issued/usable", "provider", issued + "&status=2"},
		{"issued/reclaimed", "provider", issued + "&status=5"},
		{"issued/page-50", "provider", issued + "&page=50"},
		{"issued/customer", "provider", issued + "&customer=" + url.QueryEscape(customer)},
		{"issued/quota", "provider", issued + fmt.Sprintf("&quota=%d", quota)},
		{"issued/expiring-in-a-month", "provider", issued + "&from=" + month(10) + "-01&to=" + month(10) + "-28"},
		{"coupon", "provider", fmt.Sprintf("/business/coupons/issued/%d", coupon)},
		{"records/all", "provider", "/business/coupons/records?limit=20"},
		{"records/customer", "provider", "/business/coupons/records?limit=20&customer=" + url.QueryEscape(customer)},
		{"records/reclaims", "provider", "/business/coupons/records?limit=20&op=2"},
		{"records/failures", "provider", "/business/coupons/records?limit=20&result=-1"},
		{"quotas", "provider", "/business/coupons"},
		{"dashboard", "provider", "/"},
	}
}

func BenchmarkCouponPages(b *testing.B) {
	w := openBench(b)
	for _, c := range couponPages(w) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w.get(b, c.user, c.path)
			}
		})
	}
}

// BenchmarkIssueCoupons is the confirmation's post of an issue to 100 customers: the form's checks,
// the domain's (quota lock, each customer, the coupons, their records, the quota's fall, counters,
// audit) in one transaction, and the redirect to the result.
func BenchmarkIssueCoupons(b *testing.B) {
	w := openBench(b)
	var quota uint64
	w.db.Model(&models.CouponQuota{}).Where("remark = ?", "bench").Order("id DESC").Limit(1).Pluck("id", &quota)
	var dids []string
	w.db.Raw("SELECT c.domain_id FROM customers c JOIN partners p ON p.id = c.partner_id WHERE p.account_name = 'provider' AND c.frozen = 0 ORDER BY c.id LIMIT 100").Scan(&dids)
	page := w.get(b, "provider", issuePath)
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page.Body.String())[1]
	for b.Loop() {
		form := url.Values{"_csrf": {csrf}, "quota": {fmt.Sprint(quota)}, "face": {"10"}, "customer": dids, "idem": {newToken()}}
		req := httptest.NewRequest(http.MethodPost, issuePath, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res := w.serve(req, w.cookies["provider"])
		if res.Code != http.StatusSeeOther {
			b.Fatalf("issue: %d %s", res.Code, res.Body)
		}
	}
}

// TestCouponQueryPlans explains every statement of the benchmarked coupon pages and fails on a
// full scan of a coupon table or on sorting a partner's coupons or records.
func TestCouponQueryPlans(t *testing.T) {
	w := openBench(t)
	fullScan := regexp.MustCompile(`SCAN (coupons|coupon_records|quota_records|coupon_quotas|customers)\b(?: AS \w+)?$`)
	for _, p := range couponPages(w) {
		w.rec.start()
		w.get(t, p.user, p.path)
		for _, stmt := range w.rec.stop() {
			if !strings.HasPrefix(stmt, "SELECT") {
				continue
			}
			var rows []struct {
				ID, Parent, NotUsed int
				Detail              string
			}
			if err := w.db.Session(&gorm.Session{Logger: logger.Discard}).Raw("EXPLAIN QUERY PLAN " + stmt).Scan(&rows).Error; err != nil {
				t.Fatalf("%s: explain %s: %v", p.name, stmt, err)
			}
			var plan []string
			for _, r := range rows {
				plan = append(plan, r.Detail)
				if fullScan.MatchString(r.Detail) {
					t.Errorf("%s: full scan %q in %s", p.name, r.Detail, stmt)
				}
			}
			joined := strings.Join(plan, "|")
			if (strings.Contains(stmt, "FROM `coupons`") || strings.Contains(stmt, "FROM `coupon_records`")) && strings.Contains(joined, "TEMP B-TREE FOR ORDER BY") {
				t.Errorf("%s: sorts coupons: %s", p.name, stmt)
			}
			t.Logf("%s\n  %s\n  → %s", p.name, stmt, joined)
		}
	}
}
