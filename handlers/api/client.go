package api

import (
	"net/http"
	"strings"
	"time"
)

// SignRequest signs r as the SDK does (SDK-HMAC-SHA256 over X-Domain-Id and X-Sdk-Date), for
// tools and load tests that call the API without the SDK. body must be r's exact body.
func SignRequest(r *http.Request, body []byte, ak, sk, domainID string, now time.Time) {
	r.Header.Set("X-Sdk-Date", now.UTC().Format(dateFormat))
	signed := []string{"x-sdk-date"}
	if domainID != "" {
		r.Header.Set("X-Domain-Id", domainID)
		signed = []string{"x-domain-id", "x-sdk-date"}
	}
	sts := stringToSign(canonicalRequest(r, signed, body), r.Header.Get("X-Sdk-Date"))
	r.Header.Set("Authorization", signAlgorithm+" Access="+ak+", SignedHeaders="+strings.Join(signed, ";")+
		", Signature="+signature([]byte(sk), sts))
}
