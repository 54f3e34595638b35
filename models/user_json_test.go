package models

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUserJSONHasNoPasswordHash: a user serialised — as an audit record's before or after, an
// API answer, a log attribute — never carries its password hash.
func TestUserJSONHasNoPasswordHash(t *testing.T) {
	t.Parallel()
	u := User{ID: 7, Username: "someone", PasswordHash: "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ"}
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{string(b), jsonText(u), jsonText(&u)} {
		if strings.Contains(s, "$2a$") || strings.Contains(strings.ToLower(s), "password") || !strings.Contains(s, "someone") {
			t.Errorf("a user serialised: %s", s)
		}
	}
	// nor does any record the demo world's use cases wrote
	db := demoCopy(t)
	if n := count(t, db, `SELECT COUNT(*) FROM audit_records WHERE before LIKE '%$2a$%' OR after LIKE '%$2a$%'
		OR lower(before) LIKE '%password%' OR lower(after) LIKE '%password%'`); n != 0 {
		t.Errorf("%d audit records carry a password hash", n)
	}
}
