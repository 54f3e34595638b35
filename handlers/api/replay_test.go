package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"partnerhub/models"
)

// Replayed signed requests: a signed call that changes something is accepted once; the same
// request again (same signature) is refused 401 CBC.0154, unless it is a retry of an operation
// that takes an idempotency key and carries one, which answers the first result.

// copies returns n requests byte for byte the same as one signed request: a replay.
func (a *rawAPI) copies(n int, method, path, body string, header ...string) []*http.Request {
	signed := a.request(method, path, body, time.Now(), header...)
	out := make([]*http.Request, n)
	for i := range out {
		r := httptest.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
		r.RequestURI = ""
		r.Header = signed.Header.Clone()
		out[i] = r
	}
	return out
}

func wantReplayed(t *testing.T, what string, got answer) {
	t.Helper()
	wantError(t, what, got, http.StatusUnauthorized, "CBC.0154")
	if msg, _ := got.Body["error_msg"].(string); !strings.HasPrefix(msg, "the request was replayed") {
		t.Errorf("%s: %q, want the request was replayed", what, msg)
	}
}

// TestReplayedAllocationMovesOnce: the same signed allocation sent three times moves money once.
func TestReplayedAllocationMovesOnce(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 0)
	before, n := balanceOf(t, a, c), transfers(a)
	body := `{"customer_id":"` + c.DomainID + `","amount":"0.01"}`
	reqs := a.copies(3, "POST", pathAdjust, body)
	if got := a.send(t, reqs[0]); got.Status != http.StatusOK {
		t.Fatalf("the first: %d %v", got.Status, got.Body)
	}
	wantReplayed(t, "the second", a.send(t, reqs[1]))
	wantReplayed(t, "the third", a.send(t, reqs[2]))
	if transfers(a) != n+1 || !balanceOf(t, a, c).Equal(before.Add(models.Fen(1).Decimal)) {
		t.Errorf("three copies of one request made %d transfers", transfers(a)-n)
	}

	// with a signed key, the copies are retries: each answers the first transfer_id
	reqs = a.copies(3, "POST", pathAdjust, body, idempotencyHeader, "replayed-1")
	var ids []any
	for _, r := range reqs {
		got := a.send(t, r)
		if got.Status != http.StatusOK {
			t.Fatalf("a keyed copy: %d %v", got.Status, got.Body)
		}
		ids = append(ids, got.Body["transfer_id"])
	}
	if ids[0] != ids[1] || ids[1] != ids[2] || transfers(a) != n+2 {
		t.Errorf("three keyed copies: %v, %d transfers", ids, transfers(a)-n)
	}
}

// TestReplayGuardedOperations: every operation that changes something refuses a copy, whatever
// its answer to the first; the POST queries, like GETs, answer every copy.
func TestReplayGuardedOperations(t *testing.T) {
	a := newFundsAPI(t)
	for _, op := range Operations {
		if op.Method == http.MethodGet {
			continue
		}
		reqs := a.copies(2, op.Method, op.Path, `{}`)
		first := a.send(t, reqs[0])
		second := a.send(t, reqs[1])
		switch {
		case op.Query && (second.Status != first.Status || second.Status == http.StatusUnauthorized):
			t.Errorf("%s, a query: %d then %d %v", op.Name, first.Status, second.Status, second.Body)
		case !op.Query && first.Status != http.StatusForbidden: // a master distributor's operation is refused before
			wantReplayed(t, op.Name, second)
		}
	}
	// a key does not make a copy of an operation that takes none a retry
	reqs := a.copies(2, "POST", "/v2/partners/sub-customers", `{}`, idempotencyHeader, "k")
	a.send(t, reqs[0])
	wantReplayed(t, "CreateSubCustomer with a key", a.send(t, reqs[1]))
}

// TestReplayConcurrent: copies of one signed request arriving at once: one passes.
func TestReplayConcurrent(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 1)
	n := transfers(a)
	reqs := a.copies(12, "POST", pathAdjust, `{"customer_id":"`+c.DomainID+`","amount":"1"}`)
	answers := make([]answer, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Go(func() { answers[i] = a.send(t, r) })
	}
	wg.Wait()
	ok := 0
	for _, got := range answers {
		if got.Status == http.StatusOK {
			ok++
		} else {
			wantReplayed(t, "a concurrent copy", got)
		}
	}
	if ok != 1 || transfers(a) != n+1 {
		t.Errorf("%d copies passed, %d transfers", ok, transfers(a)-n)
	}
}

// TestReplayToAnotherServer: a second server on the same database refuses what the first saw.
func TestReplayToAnotherServer(t *testing.T) {
	a := newFundsAPI(t)
	e := echo.New()
	e.Use(middleware.RequestID())
	sealer, _ := models.NewSealer([]byte(strings.Repeat("\x03", 32)))
	Register(e, Deps{DB: a.db, Sealer: sealer, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Rate: 1000})
	other := httptest.NewServer(e)
	defer other.Close()
	c := fundable(t, a, 0)
	n := transfers(a)
	reqs := a.copies(2, "POST", pathAdjust, `{"customer_id":"`+c.DomainID+`","amount":"2"}`)
	if got := a.send(t, reqs[0]); got.Status != http.StatusOK {
		t.Fatalf("the first: %v", got.Body)
	}
	reqs[1].URL.Host = other.Listener.Addr().String()
	wantReplayed(t, "the copy sent to another server", a.send(t, reqs[1]))
	if transfers(a) != n+1 {
		t.Errorf("%d transfers", transfers(a)-n)
	}
}

// TestIdempotencyKeyMustBeSigned: a key added to a signed request is refused, so that a captured
// request cannot be replayed as a "retry" under a key of the replayer's choosing.
func TestIdempotencyKeyMustBeSigned(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 0)
	n := transfers(a)
	r := a.request("POST", pathAdjust, `{"customer_id":"`+c.DomainID+`","amount":"3"}`, time.Now())
	r.Header.Set(idempotencyHeader, "added-later")
	got := a.send(t, r)
	wantError(t, "an unsigned key", got, http.StatusUnauthorized, "CBC.0154")
	if msg, _ := got.Body["error_msg"].(string); !strings.Contains(msg, "X-Idempotency-Key") || !strings.Contains(msg, "SignedHeaders") {
		t.Errorf("message %q", msg)
	}
	if transfers(a) != n {
		t.Error("a call with an unsigned key moved money")
	}
}

// TestSdkDateWindow: X-Sdk-Date up to 15 minutes old and up to 5 minutes ahead.
func TestSdkDateWindow(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 0)
	n := transfers(a)
	body := `{"customer_id":"` + c.DomainID + `","amount":"1"}`
	for _, tc := range []struct {
		skew time.Duration
		ok   bool
	}{{6 * time.Minute, false}, {16 * time.Minute, false}, {-16 * time.Minute, false}, {4 * time.Minute, true}, {-14 * time.Minute, true}} {
		got := a.send(t, a.request("POST", pathAdjust, body, time.Now().Add(tc.skew)))
		if tc.ok && got.Status != http.StatusOK {
			t.Errorf("dated %s: %d %v", tc.skew, got.Status, got.Body)
		}
		if !tc.ok {
			wantError(t, "dated "+tc.skew.String(), got, http.StatusUnauthorized, "CBC.0154")
		}
	}
	if transfers(a) != n+2 {
		t.Errorf("%d transfers, want the 2 fresh enough", transfers(a)-n)
	}
}

// TestQueryOperations: the operations the replay guard lets through are POST queries, which read.
func TestQueryOperations(t *testing.T) {
	for _, op := range Operations {
		if op.Query && (op.Method != http.MethodPost || op.Idempotent ||
			!strings.HasPrefix(op.Name, "List") && !strings.HasPrefix(op.Name, "Check")) {
			t.Errorf("%s is marked a query", op.Name)
		}
	}
}
