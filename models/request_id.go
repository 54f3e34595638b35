package models

import (
	"crypto/sha256"
	"encoding/hex"
)

// MaxRequestIDLen is the longest request id a record keeps (its columns are 64 wide).
const MaxRequestIDLen = 64

// ValidRequestID reports whether s may be kept as a request id: 1 to 64 of [A-Za-z0-9._-]. A
// request id comes from the client's X-Request-Id header, and it goes into log lines, a response
// header, the audit log and its CSV export: nothing but these characters is safe in all of them.
func ValidRequestID(s string) bool {
	if s == "" || len(s) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// requestID is the request id the actor's records carry. The web layer checks the client's id,
// but the domain does not trust its caller with what it stores for ever (the audit log is
// append-only): an id of another shape is replaced by a digest of it, the same for every record of
// the request, so that they still go together.
func (a Actor) requestID() string {
	if a.RequestID == "" || ValidRequestID(a.RequestID) {
		return a.RequestID
	}
	h := sha256.Sum256([]byte(a.RequestID))
	return "x-" + hex.EncodeToString(h[:16])
}
