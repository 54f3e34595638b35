package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSeedCheckCreateOperator(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--db", db, "--customers", "3000", "--enterprises", "2000", "--transfers", "5000", "--orders", "4000"}, env(nil), nil, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	// the orders ride on the ledger: paid ones are its payments, and check holds (below)
	if !strings.Contains(out.String(), "5000 transfers and 4000 orders") {
		t.Errorf("seed: %s", out.String())
	}
	if err := run(ctx, []string{"seed", "--db", db, "--customers", "10"}, env(nil), nil, &out); err == nil {
		t.Fatal("seeding a used database was accepted")
	}
	out.Reset()
	if err := run(ctx, []string{"check"}, env(map[string]string{"PARTNERHUB_DB": db}), nil, &out); err != nil || !strings.Contains(out.String(), "all invariants hold") {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	err := run(ctx, []string{"create-operator", "--db", db, "--username", "ops2"}, env(nil), strings.NewReader("a-long-password\n"), &out)
	if err != nil {
		t.Fatalf("create-operator: %v", err)
	}
	for _, tc := range []struct{ user, pw string }{{"ops2", "a-long-password"}, {"x", "a-long-password"}, {"ops3", "short"}} {
		if err := run(ctx, []string{"create-operator", "--db", db, "--username", tc.user}, env(nil), strings.NewReader(tc.pw+"\n"), &out); err == nil {
			t.Errorf("create-operator %q/%q accepted", tc.user, tc.pw)
		}
	}
	if err := run(ctx, []string{"frobnicate"}, env(nil), nil, &out); err == nil {
		t.Error("an unknown command was accepted")
	}
}

func TestServeDemoAndShutdown(t *testing.T) {
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	done := make(chan error, 1)
	args := []string{"serve", "--demo", "--addr", addr, "--db", filepath.Join(dir, "d.db"), "--data", filepath.Join(dir, "keys")}
	go func() { done <- run(ctx, args, env(nil), nil, &out) }()
	var res *http.Response
	for i := 0; i < 600; i++ { // seeding the demo world under -race on a busy machine takes a while
		if res, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v", err)
	}
	res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	for _, want := range []string{"WARNING", "distributor", "partnerhub-demo"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := loadOrCreateKey(filepath.Join(dir, "keys"), "session-hash.key", 64); err != nil {
		t.Errorf("generated key unreadable: %v", err)
	}
}
