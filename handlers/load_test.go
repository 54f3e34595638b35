//go:build slow

package handlers

import (
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnerhub/handlers/api"
	"partnerhub/internal/testfixture"
	"partnerhub/models"
	"partnerhub/store"
)

// TestAPILoad (run by `make bench`) starts the built server as its own process on the bench world
// and loads it from this process over loopback: signed ListSubCustomers calls, each signed afresh,
// against /healthz, the cheapest request there is. It reports requests per second and their ratio.
func TestAPILoad(t *testing.T) {
	addr, key, partner := startBenchServer(t)
	base := "http://" + addr
	body := []byte(`{"limit":20}`)
	healthz := load(t, func() *http.Request { r, _ := http.NewRequest(http.MethodGet, base+"/healthz", nil); return r })
	signed := load(t, func() *http.Request {
		r, _ := http.NewRequest(http.MethodPost, base+"/v2/partners/sub-customers/query", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
		api.SignRequest(r, body, key.Key.AccessKeyID, key.SecretKey, partner.DomainID, time.Now())
		return r
	})
	t.Logf("loopback load, 8 connections, 5 s each: /healthz %.0f req/s, signed ListSubCustomers (20 rows) %.0f req/s, ratio %.2f",
		healthz, signed, signed/healthz)
}

// startBenchServer starts the built server (PARTNERHUB_BIN) as its own process on the bench world,
// stopped when the test ends, with a data folder of a known encryption key, and returns its
// address and an API key of the provider sealed with that key.
func startBenchServer(t *testing.T) (string, *models.NewAccessKey, *models.Partner) {
	w := openBench(t)
	bin := os.Getenv("PARTNERHUB_BIN")
	if bin == "" {
		t.Skip("PARTNERHUB_BIN is not set: run `make bench`")
	}
	data := t.TempDir()
	sealKey := make([]byte, 32)
	for i := range sealKey {
		sealKey[i] = byte(i + 1)
	}
	os.WriteFile(filepath.Join(data, "encryption.key"), []byte(hex.EncodeToString(sealKey)+"\n"), 0o600)
	sealer, _ := models.NewSealer(sealKey)
	key, partner := benchKey(t, w.db, sealer, "provider")
	addr, _ := startServe(t, bin, os.Getenv("PARTNERHUB_BENCH_DB"), data)
	return addr, key, partner
}

// load sends requests from 8 workers for 5 seconds and returns successful requests per second.
func load(t *testing.T, next func() *http.Request) float64 {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	var okCount, failed atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(5 * time.Second)
	for range 8 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				res, err := client.Do(next())
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					okCount.Add(1)
				} else {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d requests failed", failed.Load())
	}
	return float64(okCount.Load()) / 5
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitHealthy(t *testing.T, addr string) {
	for range 200 {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal(fmt.Sprintf("the server on %s did not become healthy", addr))
}

// TestAllocationThroughput (run by `make bench`) measures signed API allocations per second with
// full durability (synchronous=FULL) against the raw rate of durable one-row commits of the same
// SQLite on the same machine.
func TestAllocationThroughput(t *testing.T) {
	bin := os.Getenv("PARTNERHUB_BIN")
	if bin == "" {
		t.Skip("PARTNERHUB_BIN is not set: run `make bench`")
	}
	dir := t.TempDir()
	dbPath, data := filepath.Join(dir, "alloc.db"), filepath.Join(dir, "data")
	key, customer, domain := crashWorld(t, dbPath, data)
	addr, stop := startServe(t, bin, dbPath, data)
	apiRate := allocationRate(key, customer, domain, []string{addr})
	stop()
	raw := rawCommitRate(t, filepath.Join(dir, "raw.db"))
	t.Logf("durable allocations through the API: %.0f/s; raw one-row durable commits: %.0f/s; ratio %.2f", apiRate, raw, apiRate/raw)
	if pg := os.Getenv(benchPGEnv); pg != "" {
		two := allocationsOnTwoServers(t, bin, pg)
		t.Logf("durable allocations through the API: one server on SQLite %.0f/s, two servers on one PostgreSQL %.0f/s (ratio %.2f)",
			apiRate, two, two/apiRate)
	}
}

// benchPGEnv names a PostgreSQL cluster for `make bench` (a DSN whose user may create databases).
const benchPGEnv = "PARTNERHUB_BENCH_PG"

// allocationsOnTwoServers measures signed API allocations per second to one customer with two
// servers on one PostgreSQL database of the demo world, the client connections split between
// them: what a load balancer in front of two servers sees.
func allocationsOnTwoServers(t *testing.T, bin, cluster string) float64 {
	t.Setenv(testfixture.PostgresEnv, cluster)
	dsn := testfixture.NewPG(t, "template1")
	data := filepath.Join(t.TempDir(), "data")
	key, customer, domain := crashWorld(t, dsn, data)
	first, stopFirst := startServe(t, bin, dsn, data)
	defer stopFirst()
	second, stopSecond := startServe(t, bin, dsn, data)
	defer stopSecond()
	return allocationRate(key, customer, domain, []string{first, second})
}

// startServe starts the built server on db as its own process and returns its address once it is
// healthy, and a stop that waits for it to end (also run when the test ends).
func startServe(t *testing.T, bin, db, data string) (string, func()) {
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--db", db, "--data", data, "--addr", addr, "--api-rate", "1000000")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() { once.Do(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }) }
	t.Cleanup(stop)
	waitHealthy(t, addr)
	return addr, stop
}

// allocationRate is how many allocations of ¥0.01 a second 8 clients get acknowledged in 5 s,
// their connections spread over the servers at addrs.
func allocationRate(key *models.NewAccessKey, customer, domain string, addrs []string) float64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(5 * time.Second)
	for w := range 8 {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				if allocateOnce(key, customer, domain, addrs[w%len(addrs)], fmt.Sprintf("tp-%d-%d", w, i)) != "" {
					n.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / 5
}

// rawCommitRate is how many one-row transactions a second the same SQLite settings commit.
func rawCommitRate(t *testing.T, path string) float64 {
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	if err := db.Exec("CREATE TABLE r (id INTEGER PRIMARY KEY, v INTEGER)").Error; err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(5 * time.Second)
	for range 8 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if db.Exec("INSERT INTO r (v) VALUES (1)").Error == nil {
					n.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / 5
}
