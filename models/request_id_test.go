package models

import (
	"context"
	"strings"
	"testing"
)

func TestValidRequestID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"0f3c2a9b8e7d6c5b4a39281706f5e4d3", true},
		{"req-1.2_3", true},
		{strings.Repeat("a", 64), true},
		{"", false},
		{strings.Repeat("a", 65), false},
		{strings.Repeat("a", 900000), false},
		{`=HYPERLINK("http://evil.example","x")`, false},
		{"+1", false}, // not one of the characters
		{"a b", false},
		{"a\tb", false},
		{"a\r\nSet-Cookie: x=1", false},
		{"ａｂｃ", false}, // full-width letters
		{"é", false},
		{"a/b", false},
		{"a\x00", false},
	} {
		if got := ValidRequestID(tc.id); got != tc.want {
			t.Errorf("ValidRequestID(%.40q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

// FuzzValidRequestID: what is accepted is short and of the safe characters, and whatever the
// caller hands in, what a record keeps is valid.
func FuzzValidRequestID(f *testing.F) {
	for _, s := range []string{"", "abc", "=1+1", "-2", "@SUM(A1)", "\t", strings.Repeat("z", 65), "a.b_c-d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidRequestID(s) {
			if len(s) > MaxRequestIDLen || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
				t.Fatalf("%q accepted", s)
			}
		}
		if kept := (Actor{RequestID: s}).requestID(); kept != "" && !ValidRequestID(kept) {
			t.Fatalf("%q kept as %q", s, kept)
		}
	})
}

// TestRecordsKeepValidRequestIDs: a caller that passes the client's id through unchecked cannot
// make the audit log, the ledger or the quota records keep it.
func TestRecordsKeepValidRequestIDs(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	for _, bad := range []string{strings.Repeat("9", 900000), `=HYPERLINK("http://evil.example","x")`} {
		op := actor(t, db, "operator")
		op.RequestID = bad
		p := partnerByAccount(t, db, "provider")
		dep, err := Deposit(ctx, db, op, p.ID, FundsInput{Amount: Fen(100)}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		in := GrantInput{PartnerID: p.ID, Amount: Fen(100), EffectiveAt: testNow, ExpireAt: testNow.AddDate(0, 1, 0)}
		q, err := GrantQuota(ctx, db, op, in, testNow)
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, sql := range []string{
			"SELECT request_id FROM transfers WHERE id = ?",
			"SELECT request_id FROM audit_records WHERE object_type = 'transfer' AND object_id = ?",
		} {
			var s string
			db.Raw(sql, dep.ID).Row().Scan(&s)
			kept = append(kept, s)
		}
		var s string
		db.Raw("SELECT request_id FROM quota_records WHERE quota_id = ?", q.ID).Row().Scan(&s)
		kept = append(kept, s)
		for i, s := range kept {
			if !ValidRequestID(s) || s != kept[0] {
				t.Errorf("%.20q: record %d keeps %q (the first keeps %q)", bad, i, s, kept[0])
			}
		}
	}
	ok := actor(t, db, "operator")
	ok.RequestID = "client-id.42"
	if ok.requestID() != "client-id.42" {
		t.Error("a valid request id is not kept as it is")
	}
}
