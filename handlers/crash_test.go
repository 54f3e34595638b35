//go:build slow

package handlers

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"partnerhub/handlers/api"
	"partnerhub/models"
	"partnerhub/seed"
	"partnerhub/store"
)

// TestCrashKeepsAcknowledgedTransfers kills the server (SIGKILL) in the middle of a stream of
// signed API allocations, and finds every allocation it acknowledged in the ledger afterwards,
// with every invariant intact: an acknowledged transfer is durable.
func TestCrashKeepsAcknowledgedTransfers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "partnerhub")
	if out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "partnerhub/web").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dbPath, data := filepath.Join(dir, "crash.db"), filepath.Join(dir, "data")
	key, customer, domain := crashWorld(t, dbPath, data)
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--db", dbPath, "--data", data, "--addr", addr, "--api-rate", "100000")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitHealthy(t, addr)
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if id := allocateOnce(key, customer, domain, addr, fmt.Sprintf("crash-%d-%d", w, i)); id != "" {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(700 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no allocation was acknowledged before the kill")
	}
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	var found int64
	db.Model(&models.Transfer{}).Where("trans_id IN ?", acked).Count(&found)
	if found != int64(len(acked)) {
		t.Errorf("%d acknowledged transfers, %d in the ledger after the crash", len(acked), found)
	}
	if report, err := models.Check(context.Background(), db); err != nil || len(report) > 0 {
		t.Errorf("invariants after the crash: %v %v", err, report)
	}
	t.Logf("%d allocations acknowledged before SIGKILL, all present", len(acked))
}

// crashWorld seeds the demo world with an access key whose secret the server can open.
func crashWorld(t *testing.T, dbPath, data string) (*models.NewAccessKey, string, string) {
	sealKey := make([]byte, 32)
	for i := range sealKey {
		sealKey[i] = byte(100 + i)
	}
	os.MkdirAll(data, 0o700)
	os.WriteFile(filepath.Join(data, "encryption.key"), []byte(hex.EncodeToString(sealKey)+"\n"), 0o600)
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	ctx := context.Background()
	if err := models.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := seed.Demo(ctx, db, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	sealer, _ := models.NewSealer(sealKey)
	key, p := benchKey(t, db, sealer, "provider")
	var c models.Customer
	db.Where("partner_id = ? AND mode = ? AND frozen = 0", p.ID, models.Consignment).First(&c)
	return key, c.DomainID, p.DomainID
}

// loadClient keeps a connection per client goroutine alive (the default client keeps two), as an
// integrator's SDK does: otherwise the load tests measure TCP handshakes.
var loadClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}

// allocateOnce allocates ¥0.01 and returns the transfer id if the server acknowledged it.
func allocateOnce(key *models.NewAccessKey, customer, domain, addr, idem string) string {
	body := []byte(`{"customer_id":"` + customer + `","amount":"0.01"}`)
	r, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/v2/accounts/partner-accounts/adjust-amount", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Idempotency-Key", idem)
	api.SignRequest(r, body, key.Key.AccessKeyID, key.SecretKey, domain, time.Now())
	res, err := loadClient.Do(r)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	var out struct {
		TransferID string `json:"transfer_id"`
	}
	err = json.NewDecoder(res.Body).Decode(&out)
	io.Copy(io.Discard, res.Body) // read to the end, or the connection is not reused
	if res.StatusCode != http.StatusOK || err != nil {
		return ""
	}
	return out.TransferID
}
