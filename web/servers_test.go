package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	sdkconfig "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/models"
	"partnerhub/store"
)

// TestTwoServers runs two `serve` processes on one database — PostgreSQL with PARTNERHUB_TEST_PG
// (make test-pg), a SQLite file otherwise — sharing one data folder's keys, as behind a load
// balancer, and drives them alternately: a member signs in on one and works on the other, signs out
// on the other and is signed out of both; an integrator's allocations through the official SDK go
// to each in turn, a captured request replayed to the other server moves nothing, and the books
// balance.
func TestTwoServers(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "shared.db")
	if testfixture.Postgres() != "" {
		dsn = testfixture.NewPG(t, "template1")
	}
	data := t.TempDir()
	servers := []string{startServe(t, dsn, data, true), startServe(t, dsn, data, false)}

	t.Run("a session on both", func(t *testing.T) {
		jar, _ := cookiejar.New(nil) // cookies are per host, not per port: both servers get them
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		form := url.Values{"username": {"provider"}, "password": {models.DemoPassword}, "_csrf": {csrfOf(t, c, servers[0]+"/login")}}
		if res := postForm(t, c, servers[0]+"/login", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in on the first server: %d", res.StatusCode)
		}
		if res := get(t, c, servers[1]+"/sales/customers"); res.StatusCode != http.StatusOK {
			t.Fatalf("the second server refused the first one's session: %d", res.StatusCode)
		}
		form = url.Values{"_csrf": {csrfOf(t, c, servers[1]+"/sales/customers")}}
		if res := postForm(t, c, servers[1]+"/logout", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out on the second server: %d", res.StatusCode)
		}
		if res := get(t, c, servers[0]+"/sales/customers"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the first server still serves a session ended on the second: %d", res.StatusCode)
		}
	})

	t.Run("allocations through both", func(t *testing.T) {
		db, err := store.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close(db)
		lb := &balancer{servers: servers}
		client, customer := integrator(t, db, data, lb)
		before, err := models.CustomerBalance(context.Background(), db, customer.ID)
		if err != nil {
			t.Fatal(err)
		}
		amount := decimal.RequireFromString("1.25")
		allocate := func(i int) error {
			inv := client.UpdateCustomerAccountAmountInvoker(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
				CustomerId: customer.DomainID, Amount: &amount}})
			// each call signed at a second of its own: the same call in the same second is the
			// same signed request, a replay
			inv.AddHeaders(map[string]string{"X-Sdk-Date": time.Now().Add(time.Duration(i-10) * time.Second).UTC().Format("20060102T150405Z")})
			_, err := inv.Invoke()
			return err
		}
		for i := range 6 {
			if err := allocate(i); err != nil {
				t.Fatalf("allocation %d: %v", i+1, err)
			}
		}
		lb.replay.Store(true) // the next request is also sent, as captured, to the other server
		err = allocate(6)
		var se *sdkerr.ServiceResponseError
		if !errors.As(err, &se) || se.StatusCode != http.StatusUnauthorized || se.ErrorCode != "CBC.0154" {
			t.Fatalf("the replay on the other server: %v, want 401 CBC.0154", err)
		}
		after, err := models.CustomerBalance(context.Background(), db, customer.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := before.Add(decimal.RequireFromString("8.75")); !after.Equal(want) {
			t.Errorf("balance %s after seven allocations of 1.25 to %s, want %s", after, before, want)
		}
		if n := lb.calls.Load(); n != 8 {
			t.Errorf("%d requests reached the servers, want 8", n)
		}
		report, err := models.Check(context.Background(), db)
		if err != nil || len(report) > 0 {
			t.Errorf("check: %v %v", err, report)
		}
	})
}

// startServe starts `serve` on a free port and returns its URL once it answers; it is shut down
// when the test ends. The first server seeds the demo world, the second finds it.
func startServe(t *testing.T, dsn, data string, demo bool) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	args := []string{"serve", "--addr", addr, "--db", dsn, "--data", data}
	if demo {
		args = append(args, "--demo")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- run(ctx, args, env(nil), nil, &out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve %s: %v", addr, err)
		}
	})
	for range 1200 { // seeding the demo world under -race on a busy machine takes a while
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			return "http://" + addr
		}
		select {
		case err := <-done:
			t.Fatalf("serve %s ended: %v\n%s", addr, err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve %s did not answer", addr)
	return ""
}

// balancer is the load balancer in front of the servers: each request goes to the next server in
// turn, its Host header kept (it is signed). With replay set, the next request is sent to the
// following server as well, as captured, and that one's answer is returned.
type balancer struct {
	servers []string
	next    atomic.Int64
	calls   atomic.Int64
	replay  atomic.Bool
}

func (b *balancer) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	send := func() (*http.Response, error) {
		target, _ := url.Parse(b.servers[int(b.next.Add(1))%len(b.servers)])
		r := req.Clone(req.Context())
		r.URL.Scheme, r.URL.Host, r.Host = target.Scheme, target.Host, req.URL.Host
		r.Body = io.NopCloser(bytes.NewReader(body))
		b.calls.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	}
	res, err := send()
	if err != nil || !b.replay.CompareAndSwap(true, false) {
		return res, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the captured request itself failed: %d", res.StatusCode)
	}
	return send()
}

// integrator makes an access key for the demo's provider admin, sealed under the servers' key
// from the data folder, and an SDK client signing with it through lb; and picks a consignment
// customer of the provider to allocate to.
func integrator(t *testing.T, db *gorm.DB, data string, lb *balancer) (*bss.BssClient, models.Customer) {
	t.Helper()
	sealKey, err := loadOrCreateKey(data, "encryption.key", 32)
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := models.NewSealer(sealKey)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var u models.User
	if err := db.Where("username = ?", "provider").First(&u).Error; err != nil {
		t.Fatal(err)
	}
	key, err := models.CreateAccessKey(ctx, db, sealer, models.ActorOf(&u, "test"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var p models.Partner
	var c models.Customer
	if err := db.First(&p, *u.PartnerID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Where("partner_id = ? AND mode = ? AND frozen = 0", p.ID, models.Consignment).Order("id").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	cred, err := global.NewCredentialsBuilder().WithAk(key.Key.AccessKeyID).WithSk(key.SecretKey).WithDomainId(p.DomainID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := bss.BssClientBuilder().WithEndpoints([]string{"http://partnerhub.test"}).WithCredential(cred).
		WithHttpConfig(sdkconfig.DefaultHttpConfig().WithHttpRoundTripper(lb)).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return bss.NewBssClient(hc), c
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrfOf fetches page and returns its form's CSRF token.
func csrfOf(t *testing.T, c *http.Client, page string) string {
	t.Helper()
	res, err := c.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	m := csrfField.FindSubmatch(b)
	if m == nil {
		t.Fatalf("no CSRF token on %s (%d)", page, res.StatusCode)
	}
	return string(m[1])
}

func get(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}
