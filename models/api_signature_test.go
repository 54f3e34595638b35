package models

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestRecordSignature(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	until := testNow.Add(16 * time.Minute)
	if err := RecordSignature(ctx, db, "AK1", "sig-a", testNow, until); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "the same signature again", RecordSignature(ctx, db, "AK1", "sig-a", testNow, until), ErrReplayed)
	if err := RecordSignature(ctx, db, "AK2", "sig-a", testNow, until); err != nil {
		t.Errorf("the same signature of another key: %v", err)
	}
	if err := RecordSignature(ctx, db, "AK1", "sig-b", testNow, until); err != nil {
		t.Errorf("another signature: %v", err)
	}
	// once the signatures are past their validity, a call deletes some of them (at most
	// prunePerCall), oldest first, and never the ones still valid
	for i := range 2 * prunePerCall {
		RecordSignature(ctx, db, "AK3", string(rune('a'+i)), testNow, testNow.Add(time.Duration(i)*time.Second))
	}
	left := func() int64 { return count(t, db, "SELECT COUNT(*) FROM api_signatures") }
	before := left()
	later := testNow.Add(time.Hour)
	if err := RecordSignature(ctx, db, "AK4", "sig-c", later, later.Add(16*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := left(); got != before+1-prunePerCall {
		t.Errorf("%d signatures after pruning, want %d", got, before+1-prunePerCall)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM api_signatures WHERE valid_until >= ?", later); n != 1 {
		t.Errorf("%d valid signatures left, want the one just recorded", n)
	}
	// calls keep deleting until none is expired
	last := later.Add(30 * time.Minute)
	expired := func() int64 { return count(t, db, "SELECT COUNT(*) FROM api_signatures WHERE valid_until < ?", last) }
	for i := 0; expired() > 0; i++ {
		if i > int(before)/prunePerCall+1 {
			t.Fatalf("%d expired signatures left after %d calls", expired(), i)
		}
		RecordSignature(ctx, db, "AK5", string(rune('a'+i)), last, last.Add(time.Hour))
	}
}

// TestRecordSignatureConcurrent: one signature recorded by many requests at once passes once.
func TestRecordSignatureConcurrent(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	const n = 16
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = RecordSignature(context.Background(), db, "AK1", "same", testNow, testNow.Add(16*time.Minute))
		})
	}
	wg.Wait()
	passed := 0
	for _, err := range errs {
		switch {
		case err == nil:
			passed++
		case !errors.Is(err, ErrReplayed):
			t.Errorf("unexpected: %v", err)
		}
	}
	if passed != 1 {
		t.Errorf("%d of %d copies of one signature passed", passed, n)
	}
}
