//go:build slow

package handlers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerhub/handlers/api"
	"partnerhub/models"
	"partnerhub/views"
)

// Orders and resources benchmarks on the bench world (`make bench` seeds ten million orders and
// the five million resources they created, seed/seed_orders_large.go): the console's and the
// portal's lists with each filter, an order's and a resource's page, the list operations of the
// API, and paying an order.

// tradeFixture is what the trade cases name: the provider's busiest ordering customer, one of its
// completed orders and its resource, a reseller, a month a year ago (Shanghai dates).
type tradeFixture struct {
	customerID                    uint64
	customerName, customerDID     string
	orderID, resourceID, reseller uint64
	monthFrom, monthTo            string
	orderNumber, resourcePublicID string
}

var (
	tradeOnce sync.Once
	trade     tradeFixture
)

func (w *benchWorld) tradeFixture() tradeFixture {
	tradeOnce.Do(func() {
		var provider uint64
		w.db.Model(&models.Partner{}).Where("account_name = ?", "provider").Pluck("id", &provider)
		w.db.Model(&models.Partner{}).Where("account_name = ?", "reseller").Pluck("id", &trade.reseller)
		w.db.Raw(`SELECT customer_id FROM orders WHERE partner_id = ? GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1`, provider).Scan(&trade.customerID)
		var c models.Customer
		w.db.First(&c, trade.customerID)
		trade.customerName, trade.customerDID = c.AccountName, c.DomainID
		var o models.Order
		w.db.Where("customer_id = ? AND status = ?", c.ID, models.OrderCompleted).Order("created_at DESC").Offset(10).First(&o)
		trade.orderID, trade.orderNumber = o.ID, o.OrderID()
		var r models.Resource
		w.db.Where("order_id = ? AND parent_id IS NULL", o.ID).First(&r)
		trade.resourceID, trade.resourcePublicID = r.ID, r.PublicID
		year := time.Now().In(models.BusinessZone).AddDate(-1, 0, 0)
		from := time.Date(year.Year(), year.Month(), 1, 0, 0, 0, 0, models.BusinessZone)
		trade.monthFrom, trade.monthTo = from.Format("2006-01-02"), from.AddDate(0, 1, -1).Format("2006-01-02")
	})
	return trade
}

// tradePages are the orders and resources pages' cases, 20 rows a list.
func tradePages(w *benchWorld) []struct{ name, user, path string } {
	f := w.tradeFixture()
	orders, resources := "/orders?limit=20", "/orders/resources?limit=20"
	month := "&created_from=" + f.monthFrom + "&created_to=" + f.monthTo
	return []struct{ name, user, path string }{
		{"orders/provider/all", "provider", orders},
		{"orders/provider/completed", "provider", orders + "&status=5"},
		{"orders/provider/pending-payment", "provider", orders + "&status=6"},
		{"orders/provider/pending-review", "provider", orders + "&status=1"},
		{"orders/provider/service", "provider", orders + "&service=hws.service.type.ebs"},
		{"orders/provider/renewals", "provider", orders + "&order_type=2"},
		{"orders/provider/created-month", "provider", orders + month},
		{"orders/provider/paid-month", "provider", orders + "&paid_from=" + f.monthFrom + "&paid_to=" + f.monthTo},
		{"orders/provider/customer", "provider", orders + "&customer=" + url.QueryEscape(f.customerName)},
		{"orders/provider/page-50", "provider", orders + "&page=50"},
		{"orders/distributor/reseller", "distributor", orders + fmt.Sprintf("&reseller=%d", f.reseller)},
		{"orders/reseller/all", "reseller", orders},
		{"order", "provider", fmt.Sprintf("/orders/%d", f.orderID)},
		{"resources/provider/all", "provider", resources},
		{"resources/provider/in-use", "provider", resources + "&status=" + views.Key("", models.ResourceInUse)},
		{"resources/provider/frozen", "provider", resources + "&status=" + views.Key("", models.ResourceFrozen)},
		{"resources/provider/service", "provider", resources + "&service=hws.service.type.ec2"},
		{"resources/provider/region", "provider", resources + "&region=cn-north-4"},
		{"resources/provider/customer", "provider", resources + fmt.Sprintf("&customer=%d", f.customerID)},
		{"resources/provider/expiring-30", "provider", resources + "&expiring=30"},
		{"resources/provider/page-50", "provider", resources + "&page=50"},
		{"resource", "provider", fmt.Sprintf("/orders/resources/%d", f.resourceID)},
	}
}

func BenchmarkTradePages(b *testing.B) {
	w := openBench(b)
	for _, c := range tradePages(w) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w.get(b, c.user, c.path)
			}
		})
	}
}

// tradeAPICalls are the list operations of orders and resources, signed as the provider.
func tradeAPICalls(w *benchWorld) []struct{ name, method, path, body string } {
	f := w.tradeFixture()
	list := "/v2/orders/customer-orders?limit=20"
	return []struct{ name, method, path, body string }{
		{"ListCustomerOrders", "GET", list, ""},
		{"ListCustomerOrders/customer", "GET", list + "&customer_id=" + f.customerDID, ""},
		{"ListCustomerOrders/status", "GET", list + "&status=6", ""},
		{"ListCustomerOrders/offset-1000", "GET", list + "&offset=1000", ""},
		{"ShowCustomerOrderDetails", "GET", "/v2/orders/customer-orders/details/" + f.orderNumber, ""},
		{"ListPayPerUseCustomerResources", "POST", "/v2/orders/suscriptions/resources/query",
			fmt.Sprintf(`{"customer_id":%q,"limit":20}`, f.customerDID)},
		{"ListPayPerUseCustomerResources/ids", "POST", "/v2/orders/suscriptions/resources/query",
			fmt.Sprintf(`{"customer_id":%q,"resource_ids":[%q]}`, f.customerDID, f.resourcePublicID)},
		{"ListCustomerOnDemandResources", "POST", "/v2/partners/sub-customers/on-demand-resources/query",
			fmt.Sprintf(`{"customer_id":%q,"limit":20}`, f.customerDID)},
	}
}

func BenchmarkTradeAPI(b *testing.B) {
	w := openBench(b)
	call := w.apiSender(b, "provider")
	for _, c := range tradeAPICalls(w) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				call(b, c.method, c.path, c.body)
			}
		})
	}
}

// apiSender returns a function making signed calls of any method as user.
func (w *benchWorld) apiSender(tb testing.TB, user string) func(tb testing.TB, method, path, body string) {
	e := New(Deps{DB: w.db, Sessions: NewSessionStore(make([]byte, 64), make([]byte, 32), false), Sealer: benchSealer, APIRate: 1e9,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	key, p := benchKey(tb, w.db, benchSealer, user)
	return func(tb testing.TB, method, path, body string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		api.SignRequest(req, []byte(body), key.Key.AccessKeyID, key.SecretKey, p.DomainID, time.Now())
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			tb.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
	}
}

// BenchmarkPayOrder pays a pending order of the busiest customer from its balance, one at a
// time, through the money line: the price check, the payment transfer, its commit. The orders
// are placed (and the balance allocated) before the timer starts.
func BenchmarkPayOrder(b *testing.B) {
	w, ctx, now := openBench(b), context.Background(), time.Now()
	f := w.tradeFixture()
	var sales models.User
	w.db.Where("username = ?", "provider").First(&sales)
	a := models.ActorOf(&sales, "bench")
	p := models.InquiryProduct{ID: "1", ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Spec: "GPSSD",
		Region: "cn-north-4", Size: 10, PeriodType: models.PeriodMonth, PeriodNum: 1, Quantity: 1}
	orders := make([]*models.Order, b.N)
	for i := range orders {
		o, err := models.CreateOrder(ctx, w.db, a, models.OrderInput{CustomerID: f.customerID, Mode: models.ChargePeriod, Products: []models.InquiryProduct{p}}, now)
		if err != nil {
			b.Fatal(err)
		}
		orders[i] = o
	}
	if _, err := models.Allocate(ctx, w.db, a, f.customerID, models.FundsInput{Amount: models.Fen(int64(b.N) * 10000)}, now); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for _, o := range orders {
		if _, err := models.PayOrder(ctx, w.db, a, models.PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, now); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTradeQueryPlans explains every statement of the benchmarked orders and resources pages and
// fails on a full scan of orders, their lines or resources, and on sorting a partner's orders or
// resources.
func TestTradeQueryPlans(t *testing.T) {
	w := openBench(t)
	fullScan := regexp.MustCompile(`SCAN (orders|order_lines|resources|resource_terms|customers)\b(?: AS \w+)?$`)
	sorted := regexp.MustCompile("FROM `?(orders|resources)`? WHERE partner_id")
	for _, p := range tradePages(w) {
		w.rec.start()
		w.get(t, p.user, p.path)
		w.explain(t, p.name, w.rec.stop(), fullScan, sorted)
	}
	call := w.apiSender(t, "provider")
	for _, c := range tradeAPICalls(w) {
		w.rec.start()
		call(t, c.method, c.path, c.body)
		w.explain(t, c.name, w.rec.stop(), fullScan, sorted)
	}
}
