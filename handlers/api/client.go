package api

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// SignRequest signs r as the SDK does (SDK-HMAC-SHA256 over X-Domain-Id, X-Idempotency-Key when r
// has one, and X-Sdk-Date), for tools and load tests that call the API without the SDK. body must
// be r's exact body.
func SignRequest(r *http.Request, body []byte, ak, sk, domainID string, now time.Time) {
	r.Header.Set("X-Sdk-Date", now.UTC().Format(dateFormat))
	signed := []string{"x-sdk-date"}
	if domainID != "" {
		r.Header.Set("X-Domain-Id", domainID)
		signed = append(signed, "x-domain-id")
	}
	if len(r.Header.Values(idempotencyHeader)) > 0 {
		signed = append(signed, "x-idempotency-key")
	}
	slices.Sort(signed)
	sts := stringToSign(canonicalRequest(r, signed, body), r.Header.Get("X-Sdk-Date"))
	r.Header.Set("Authorization", signAlgorithm+" Access="+ak+", SignedHeaders="+strings.Join(signed, ";")+
		", Signature="+signature([]byte(sk), sts))
}
