package models

import (
	"testing"
	"time"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{"ID": "id", "DistributorID": "distributor_id", "CreatedByID": "created_by_id",
		"TransID": "trans_id", "ExpiresAt": "expires_at", "HTTPServer": "http_server", "Seq2Kind": "seq2_kind", "name": "name", "": ""} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestJSONText: a model is kept with snake_case keys in its fields' order, a map as it is, and
// what is not an object untouched.
func TestJSONText(t *testing.T) {
	type inv struct {
		ID            uint64
		DistributorID uint64
		Token         string `json:"-"`
		ExpiresAt     time.Time
		Note          string `json:"note_text"`
	}
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   any
		want string
	}{
		{inv{ID: 7, DistributorID: 2, Token: "secret", ExpiresAt: at, Note: "x"}, `{"id":7,"distributor_id":2,"expires_at":"2026-12-01T08:00:00Z","note_text":"x"}`},
		{&inv{ID: 1}, `{"id":1,"distributor_id":0,"expires_at":"0001-01-01T00:00:00Z","note_text":""}`},
		{map[string]any{"DomainID": "kept"}, `{"DomainID":"kept"}`},
		{[]int{1, 2}, `[1,2]`},
		{nil, ``},
	} {
		if got := jsonText(tc.in); got != tc.want {
			t.Errorf("jsonText(%#v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
