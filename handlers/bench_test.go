//go:build slow

package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"partnerhub/handlers/api"
	"partnerhub/models"
	"partnerhub/store"
)

// Benchmarks and query plans on the large seeded world of `make bench` (PARTNERHUB_BENCH_DB, built
// by `partnerhub seed`). They measure server time: the whole router and handler, from request to
// rendered page, without the network.

type benchWorld struct {
	db      *gorm.DB
	e       *Server
	cookies map[string][]*http.Cookie
	rec     *sqlRecorder
}

var (
	benchOnce sync.Once
	bench     *benchWorld
	benchErr  error
)

func openBench(tb testing.TB) *benchWorld {
	path := os.Getenv("PARTNERHUB_BENCH_DB")
	if path == "" {
		tb.Skip("PARTNERHUB_BENCH_DB is not set: run `make bench`")
	}
	benchOnce.Do(func() { bench, benchErr = newBenchWorld(path) })
	if benchErr != nil {
		tb.Fatal(benchErr)
	}
	return bench
}

func newBenchWorld(path string) (*benchWorld, error) {
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	if err := models.Migrate(context.Background(), db); err != nil {
		return nil, err
	}
	rec := &sqlRecorder{}
	db.Logger = rec
	store := NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false)
	w := &benchWorld{db: db, rec: rec, cookies: map[string][]*http.Cookie{},
		e: New(Deps{DB: db, Sessions: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})}
	for _, u := range []string{"distributor", "provider", "reseller"} {
		if w.cookies[u], err = w.signIn(u); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func (w *benchWorld) signIn(username string) ([]*http.Cookie, error) {
	res := w.serve(httptest.NewRequest(http.MethodGet, "/login", nil), nil)
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(res.Body.String())
	if m == nil {
		return nil, fmt.Errorf("no CSRF token on the sign-in page")
	}
	form := url.Values{"username": {username}, "password": {models.DemoPassword}, "_csrf": {m[1]}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res2 := w.serve(req, res.Result().Cookies())
	if res2.Code != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: %d", username, res2.Code)
	}
	return res2.Result().Cookies(), nil
}

func (w *benchWorld) serve(req *http.Request, cookies []*http.Cookie) *httptest.ResponseRecorder {
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	w.e.ServeHTTP(rec, req)
	return rec
}

func (w *benchWorld) get(tb testing.TB, user, path string) *httptest.ResponseRecorder {
	res := w.serve(httptest.NewRequest(http.MethodGet, path, nil), w.cookies[user])
	if res.Code != http.StatusOK {
		tb.Fatalf("%s %s: %d", user, path, res.Code)
	}
	return res
}

// customerPages are the customer list's benchmark cases: 20 rows, each single filter and a search.
func customerPages(w *benchWorld) []struct{ name, user, path string } {
	var reseller uint64
	w.db.Model(&models.Partner{}).Where("account_name = ?", "reseller").Pluck("id", &reseller)
	var manager uint64
	w.db.Model(&models.User{}).Where("username = ?", "reseller-sales").Pluck("id", &manager)
	base := "/sales/customers?limit=20"
	return []struct{ name, user, path string }{
		{"distributor/all", "distributor", base},
		{"distributor/mode", "distributor", base + "&mode=advisory"},
		{"distributor/verified", "distributor", base + "&verified=1"},
		{"distributor/reseller", "distributor", base + fmt.Sprintf("&reseller=%d", reseller)},
		{"distributor/month", "distributor", base + "&from=2026-03-01&to=2026-03-31"},
		{"distributor/label", "distributor", base + "&label=" + url.QueryEscape("教育行业")},
		{"distributor/manager", "distributor", base + fmt.Sprintf("&manager=%d", manager)},
		{"distributor/sort-name", "distributor", base + "&sort=account_name"},
		{"distributor/oldest-page-50", "distributor", base + "&sort=associated_on&page=50"},
		{"distributor/search-name", "distributor", base + "&q=" + url.QueryEscape("云图数据")},
		{"distributor/search-account", "distributor", base + "&q=bjyuntu"},
		{"provider/all", "provider", base},
		{"provider/mode", "provider", base + "&mode=consignment"},
		{"provider/search-2chars", "provider", base + "&q=" + url.QueryEscape("星图")},
		{"reseller/all", "reseller", base},
		{"reseller/label", "reseller", base + "&label=" + url.QueryEscape("政企客户")},
	}
}

func BenchmarkCustomersPage(b *testing.B) {
	w := openBench(b)
	for _, c := range customerPages(w) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w.get(b, c.user, c.path)
			}
		})
	}
}

var enterpriseQueries = []string{"云图数据", "深圳星辰", "华腾人工智能", "杭州", "鼎"}

func BenchmarkEnterpriseSearch(b *testing.B) {
	w := openBench(b)
	for _, q := range enterpriseQueries {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				w.get(b, "provider", "/sales/expand?q="+url.QueryEscape(q))
			}
		})
	}
}

func BenchmarkDashboard(b *testing.B) {
	w := openBench(b)
	for _, u := range []string{"distributor", "provider"} {
		b.Run(u, func(b *testing.B) {
			for b.Loop() {
				w.get(b, u, "/")
			}
		})
	}
}

// fundsCase is a benchmark case of the funds pages and API: the ledger's worst cases are the
// provider (its 30% of the customers make about three million transfers) and its busiest customer.
type fundsCase struct{ name, user, path string }

// fundsPages are the funds pages' benchmark cases, on a ledger of ten million transfers.
func fundsPages(w *benchWorld) []fundsCase {
	f := w.fundsFixture()
	adjust := "/business/funds/adjust-records?limit=20"
	return []fundsCase{
		{"funds/provider", "provider", "/business/funds"},
		{"funds/distributor", "distributor", "/business/funds"},
		{"adjust/provider/all", "provider", adjust},
		{"adjust/provider/customer", "provider", adjust + "&customer=" + f.customerDID},
		{"adjust/provider/kind-reclaim", "provider", adjust + "&kind=reclaim"},
		{"adjust/provider/kind-unbind", "provider", adjust + "&kind=unbind"},
		{"adjust/provider/one-day", "provider", adjust + "&from=" + f.day + "&to=" + f.day},
		{"adjust/provider/one-week", "provider", adjust + "&from=" + f.weekFrom + "&to=" + f.day},
		{"adjust/provider/trans-id", "provider", adjust + "&trans_id=" + f.transID},
		{"adjust/provider/all-page-50", "provider", adjust + "&page=50"},
		{"adjust/distributor/all", "distributor", adjust},
		{"statement/provider", "provider", "/business/funds/statement?limit=20"},
		{"statement/provider/kind-deposit", "provider", "/business/funds/statement?limit=20&kind=deposit"},
		{"statement/provider/one-day", "provider", "/business/funds/statement?limit=20&from=" + f.day + "&to=" + f.day},
		{"statement/distributor", "distributor", "/business/funds/statement?limit=20"},
		{"resellers/distributor", "distributor", "/business/funds/resellers"},
		{"customer-detail/busiest", "provider", fmt.Sprintf("/sales/customers/%d", f.customerID)},
	}
}

// fundsAPICalls are the funds API's benchmark cases (GET, signed as the provider or distributor).
func fundsAPICalls(w *benchWorld) []fundsCase {
	f := w.fundsFixture()
	adjust, changes := "/v3/accounts/partner-accounts/adjust-records?limit=20", "/v2/accounts/partner-accounts/account-change-records?limit=20&balance_type=BALANCE_TYPE_DEBIT"
	return []fundsCase{
		{"ListPartnerAdjustRecords/provider", "provider", adjust},
		{"ListPartnerAdjustRecords/provider/customer", "provider", adjust + "&customer_id=" + f.customerDID},
		{"ListPartnerAdjustRecords/provider/reclaims", "provider", adjust + "&operation_type=SOURCE_OPERATION_BERETRIEVE"},
		{"ListPartnerAccountChangeRecords/provider", "provider", changes},
		{"ListPartnerAccountChangeRecords/distributor", "distributor", changes},
		{"ListPartnerBalances/provider", "provider", "/v2/accounts/partner-accounts/balances"},
		{"ListPartnerBalances/distributor", "distributor", "/v2/accounts/partner-accounts/balances"},
	}
}

// fundsFixture are the ledger's ids the funds cases use: the provider's busiest customer, one of
// its transfers, the last full day of the history and the week before it (Shanghai dates).
type fundsFixture struct {
	customerID           uint64
	customerDID, transID string
	day, weekFrom        string
}

var (
	fixtureOnce sync.Once
	fixture     fundsFixture
)

func (w *benchWorld) fundsFixture() fundsFixture {
	fixtureOnce.Do(func() {
		var provider uint64
		w.db.Model(&models.Partner{}).Where("account_name = ?", "provider").Pluck("id", &provider)
		w.db.Raw(`SELECT c.id FROM entry_counts n JOIN accounts a ON a.id = n.account_id JOIN customers c ON c.id = a.customer_id
			WHERE a.kind = 'customer' AND c.partner_id = ? GROUP BY c.id ORDER BY SUM(n.n) DESC LIMIT 1`, provider).Scan(&fixture.customerID)
		w.db.Model(&models.Customer{}).Where("id = ?", fixture.customerID).Pluck("domain_id", &fixture.customerDID)
		var last models.Transfer
		w.db.Where("partner_id = ?", provider).Order("created_at DESC").Offset(1000).First(&last)
		fixture.transID = last.TransID
		day := last.CreatedAt.In(models.BusinessZone).AddDate(0, 0, -1)
		fixture.day, fixture.weekFrom = day.Format("2006-01-02"), day.AddDate(0, 0, -6).Format("2006-01-02")
	})
	return fixture
}

func BenchmarkFundsPages(b *testing.B) {
	w := openBench(b)
	for _, c := range fundsPages(w) {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w.get(b, c.user, c.path)
			}
		})
	}
}

// BenchmarkFundsAPI is a signed funds read through the whole router, like BenchmarkAPIListSubCustomers.
func BenchmarkFundsAPI(b *testing.B) {
	w := openBench(b)
	for _, c := range fundsAPICalls(w) {
		call := w.apiCaller(b, c.user)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				call(b, c.path)
			}
		})
	}
}

// apiCaller returns a function making signed GET calls as user through an API-enabled router.
func (w *benchWorld) apiCaller(tb testing.TB, user string) func(testing.TB, string) {
	send := w.apiSender(tb, user)
	return func(tb testing.TB, path string) { send(tb, http.MethodGet, path, "") }
}

// TestQueryPlans runs each benchmarked page once, explains every statement it ran and fails on a
// full scan of a large table, on sorting a tenant's customers, and on a scan or a sort of the
// ledger (transfers, entries). Run by `make bench`; `-v` prints the plans. On PostgreSQL (a
// postgres:// PARTNERHUB_BENCH_DB, bench_pg_test.go) the customers pages, the lookups and the
// dashboard, whose world has no ledger.
func TestQueryPlans(t *testing.T) {
	w := openBench(t)
	paths := customerPages(w)
	for _, q := range enterpriseQueries {
		paths = append(paths, struct{ name, user, path string }{"expand/" + q, "provider", "/sales/expand?q=" + url.QueryEscape(q)})
	}
	paths = append(paths, struct{ name, user, path string }{"dashboard", "distributor", "/"})
	if store.IsPostgres(w.db) {
		w.queryPlansPG(t, paths)
		return
	}
	for _, c := range fundsPages(w) {
		paths = append(paths, struct{ name, user, path string }{c.name, c.user, c.path})
	}
	callers := map[string]func(testing.TB, string){}
	for _, c := range fundsAPICalls(w) {
		if callers[c.user] == nil {
			callers[c.user] = w.apiCaller(t, c.user)
		}
	}
	fullScan := regexp.MustCompile(`SCAN (customers|enterprises|associations|invitations|users)\b(?: AS \w+)?$|SCAN (transfers|entries)\b`)
	ledger := regexp.MustCompile("FROM `?(transfers|entries)`?")
	for _, p := range paths {
		w.rec.start()
		w.get(t, p.user, p.path)
		w.explain(t, p.name, w.rec.stop(), fullScan, ledger)
	}
	for _, c := range fundsAPICalls(w) {
		w.rec.start()
		callers[c.user](t, c.path)
		w.explain(t, c.name, w.rec.stop(), fullScan, ledger)
	}
}

// explain explains the SELECTs a page ran and fails on the plans TestQueryPlans refuses.
func (w *benchWorld) explain(t *testing.T, name string, stmts []string, fullScan, ledger *regexp.Regexp) {
	for _, stmt := range stmts {
		if !strings.HasPrefix(stmt, "SELECT") {
			continue
		}
		var rows []struct {
			ID, Parent, NotUsed int
			Detail              string
		}
		if err := w.db.Session(&gorm.Session{Logger: logger.Discard}).Raw("EXPLAIN QUERY PLAN " + asBound(stmt)).Scan(&rows).Error; err != nil {
			t.Fatalf("%s: explain %s: %v", name, stmt, err)
		}
		var plan []string
		for _, r := range rows {
			plan = append(plan, r.Detail)
			if fullScan.MatchString(r.Detail) {
				t.Errorf("%s: full scan %q in %s", name, r.Detail, stmt)
			}
		}
		// a page of customers, transfers or entries comes from an index in order, never from
		// sorting the tenant's rows
		sorts := strings.Contains(strings.Join(plan, "|"), "TEMP B-TREE")
		if strings.Contains(stmt, "FROM `customers`") && strings.Contains(strings.Join(plan, "|"), "TEMP B-TREE FOR ORDER BY") {
			t.Errorf("%s: sorts customers: %s", name, stmt)
		}
		if ledger.MatchString(stmt) && sorts {
			t.Errorf("%s: sorts the ledger: %s", name, stmt)
		}
		t.Logf("%s\n  %s\n  → %s", name, stmt, strings.Join(plan, " | "))
	}
}

// sqlRecorder is a GORM logger that records the statements run while recording.
type sqlRecorder struct {
	mu    sync.Mutex
	on    bool
	stmts []string
}

func (r *sqlRecorder) start() { r.mu.Lock(); r.on, r.stmts = true, nil; r.mu.Unlock() }

func (r *sqlRecorder) stop() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmts
}

func (r *sqlRecorder) LogMode(logger.LogLevel) logger.Interface      { return r }
func (r *sqlRecorder) Info(context.Context, string, ...interface{})  {}
func (r *sqlRecorder) Warn(context.Context, string, ...interface{})  {}
func (r *sqlRecorder) Error(context.Context, string, ...interface{}) {}
func (r *sqlRecorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		sql, _ := fc()
		r.stmts = append(r.stmts, sql)
	}
}

// benchKey gives a demo member of the bench world a fresh access key (its old ones are deleted).
func benchKey(tb testing.TB, db *gorm.DB, sealer *models.Sealer, username string) (*models.NewAccessKey, *models.Partner) {
	var u models.User
	if err := db.Where("username = ?", username).First(&u).Error; err != nil {
		tb.Fatal(err)
	}
	db.Where("user_id = ?", u.ID).Delete(&models.AccessKey{})
	key, err := models.CreateAccessKey(context.Background(), db, sealer, models.ActorOf(&u, "bench"), time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	var p models.Partner
	db.First(&p, *u.PartnerID)
	return key, &p
}

var benchSealer, _ = models.NewSealer(bytes.Repeat([]byte{5}, 32))

// BenchmarkAPIListSubCustomers is a signed ListSubCustomers through the whole router: signature
// check, key lookup, flow control, the query and the JSON answer.
func BenchmarkAPIListSubCustomers(b *testing.B) {
	w := openBench(b)
	store := NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false)
	e := New(Deps{DB: w.db, Sessions: store, Sealer: benchSealer, APIRate: 1e9, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var reseller models.Partner
	w.db.Where("account_name = ?", "reseller").First(&reseller)
	cases := []struct{ name, user, body string }{
		{"provider/20", "provider", `{"limit":20}`},
		{"provider/consignment", "provider", `{"limit":20,"association_type":"2"}`},
		{"provider/account-name", "provider", `{"limit":20,"account_name":"hzyun"}`},
		{"distributor/reseller", "distributor", `{"limit":20,"indirect_partner_id":"` + reseller.DomainID + `"}`},
	}
	for _, c := range cases {
		key, p := benchKey(b, w.db, benchSealer, c.user)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/v2/partners/sub-customers/query", strings.NewReader(c.body))
				req.Header.Set("Content-Type", "application/json")
				api.SignRequest(req, []byte(c.body), key.Key.AccessKeyID, key.SecretKey, p.DomainID, time.Now())
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// asBound turns the string values GORM's logger writes in double quotes into SQL strings: SQLite
// reads "x" as a column name first, and then plans the query as it would not plan the statement
// with its bound parameters.
func asBound(stmt string) string {
	return loggedString.ReplaceAllStringFunc(stmt, func(q string) string {
		return "'" + strings.ReplaceAll(q[1:len(q)-1], "'", "''") + "'"
	})
}

var loggedString = regexp.MustCompile(`"[^"]*"`)
