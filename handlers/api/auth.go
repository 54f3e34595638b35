package api

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// signedCall is an authenticated call: who signed it, and the signature and date the replay guard
// records.
type signedCall struct {
	caller    *models.APICaller
	signature string
	date      time.Time
}

// authenticate verifies a request signed with SDK-HMAC-SHA256 (see signer.go) and returns who
// signed it. Every failure is a 401 CBC.0154 that says which check failed, except a domain that
// is not the key owner's, which is a 403.
func (s *server) authenticate(c echo.Context, body []byte) (*signedCall, error) {
	r := c.Request()
	auth, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, errUnauthorized("the Authorization header is missing or malformed: " + err.Error())
	}
	// freshness is judged by the wall clock, whatever business clock the server runs on
	date, err := parseSdkDate(r.Header.Get("X-Sdk-Date"), time.Now(), maxPast, maxFuture)
	if err != nil {
		return nil, errUnauthorized("X-Sdk-Date is missing, malformed, more than 15 minutes before or more than 5 minutes after the server clock")
	}
	// an unsigned key could be added to a captured request, and would make its replay look like a
	// retry (see guardReplay); the SDK signs every header it sends
	if len(r.Header.Values(idempotencyHeader)) > 0 && !slices.Contains(auth.SignedHeaders, "x-idempotency-key") {
		return nil, errUnauthorized(idempotencyHeader + " must be among the signed headers (SignedHeaders)")
	}
	caller, err := models.LookupAccessKey(ctxOf(c), s.DB, s.Sealer, auth.AccessKey)
	if errors.Is(err, models.ErrNotFound) {
		return nil, errUnauthorized("the access key does not exist or is disabled")
	}
	if err != nil {
		return nil, err
	}
	if !verifySignature(r, body, caller.Secret, auth) {
		return nil, errUnauthorized("the signature does not match the request")
	}
	if d := r.Header.Get("X-Domain-Id"); d != "" && d != caller.DomainID() {
		return nil, errDomainMismatch
	}
	return &signedCall{caller: caller, signature: auth.Signature, date: date}, nil
}

// guardReplay refuses a signed request sent again: a signature is good for one call. Every call
// that changes something records its signature (models.RecordSignature, in the database, so every
// server sees it); one already recorded is the same request replayed: 401 CBC.0154.
//
// One exception keeps honest retries working: the SDK signs each attempt afresh, but X-Sdk-Date
// has one-second resolution, so a retry within the same second is byte for byte the first
// attempt. A replayed call to an operation that takes an idempotency key, carrying one (signed, see
// authenticate), goes on to the operation, which answers what it answered the first time and
// moves nothing again. Reads (GET, and the POST queries) change nothing and are not guarded.
//
// It runs after the role and flow-control checks, so that a call refused there (a 429 retried at
// once, say) has not used up its signature.
func (s *server) guardReplay(c echo.Context, op Operation, sc *signedCall) error {
	if op.Method == http.MethodGet || op.Query {
		return nil
	}
	err := models.RecordSignature(ctxOf(c), s.DB, sc.caller.Key.AccessKeyID, sc.signature, time.Now(), sc.date.Add(replayKeep))
	if !errors.Is(err, models.ErrReplayed) {
		return err
	}
	if key, kerr := idempotencyKey(c); op.Idempotent && kerr == nil && key != "" {
		return nil
	}
	return err
}
