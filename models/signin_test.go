package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

const signInPassword = "correct horse battery"

// signInDB is an empty database with cheap-to-check users alice, bob, carol, u1…u6 and a disabled
// dave, all with signInPassword.
func signInDB(t *testing.T) *gorm.DB {
	t.Helper()
	db := testDB(t)
	for _, name := range []string{"alice", "bob", "carol", "dave", "u1", "u2", "u3", "u4", "u5", "u6"} {
		u := fastUser(t, db, User{Username: name, DisplayName: name, Kind: PartnerUser}, signInPassword)
		if name == "dave" {
			db.Model(u).Update("disabled", true)
		}
	}
	return db
}

type signInStep struct {
	user, password, address string
	at                      time.Duration // after t0
	want                    error         // nil: signed in
	until                   time.Duration // for ErrThrottled: Until after t0
}

func runSignIn(t *testing.T, db *gorm.DB, t0 time.Time, steps []signInStep) {
	t.Helper()
	for i, s := range steps {
		now := t0.Add(s.at)
		u, err := SignIn(context.Background(), db, s.user, s.password, Actor{Address: s.address}, now)
		what := fmt.Sprintf("step %d (%s from %s at +%v)", i, s.user, s.address, s.at)
		wantErr(t, what, err, s.want)
		switch {
		case s.want == nil:
			if u == nil || u.Username != strings.ToLower(strings.TrimSpace(s.user)) {
				t.Fatalf("%s: signed in as %+v", what, u)
			}
		case errors.Is(s.want, ErrThrottled):
			var te *ThrottledError
			if !errors.As(err, &te) {
				t.Fatalf("%s: %T is not a *ThrottledError", what, err)
			}
			if want := t0.Add(s.until); !te.Until.Equal(want) {
				t.Fatalf("%s: Until %v, want %v (+%v)", what, te.Until, want, s.until)
			}
			if u != nil {
				t.Fatalf("%s: a user with the error", what)
			}
		default:
			if u != nil {
				t.Fatalf("%s: a user with the error", what)
			}
		}
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	db := signInDB(t)
	t0 := testNow
	pw := signInPassword
	runSignIn(t, db, t0, []signInStep{
		{user: "alice", password: pw, address: "10.0.0.1"},
		{user: "  ALICE ", password: pw, address: "10.0.0.1"}, // user names are case-insensitive and trimmed
		{user: "alice", password: "wrong password", address: "10.0.0.1", want: ErrBadCredentials},
		{user: "alice", password: strings.ToUpper(pw), address: "10.0.0.1", want: ErrBadCredentials},
		{user: "alice", password: "", address: "10.0.0.1", want: ErrBadCredentials},
		{user: "dave", password: pw, address: "10.0.0.2", want: ErrBadCredentials}, // disabled
		// an unknown user (whose name is also longer than any user name) costs a full bcrypt check
		{user: strings.Repeat("nobody", 20), password: pw, address: "10.0.0.3", want: ErrBadCredentials},
	})
	if n := count(t, db, "SELECT COUNT(*) FROM sign_in_failures"); n != 5 {
		t.Errorf("%d failures recorded, want 5", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sign_in_failures WHERE length(username) > 64"); n != 0 {
		t.Errorf("an overlong user name was stored")
	}
}

// A success forgets the account's failures, so four more failures do not lock it; failures older
// than the window do not count and are cleaned away.
func TestSignInSuccessClearsAccount(t *testing.T) {
	t.Parallel()
	db := signInDB(t)
	t0 := testNow
	pw, bad := signInPassword, "guess"
	var steps []signInStep
	for i := 0; i < 4; i++ {
		steps = append(steps, signInStep{user: "carol", password: bad, address: fmt.Sprintf("a%d", i), at: time.Duration(i) * time.Minute, want: ErrBadCredentials})
	}
	steps = append(steps, signInStep{user: "carol", password: pw, address: "b", at: 4 * time.Minute})
	for i := 0; i < 4; i++ {
		steps = append(steps, signInStep{user: "carol", password: bad, address: fmt.Sprintf("c%d", i), at: time.Duration(5+i) * time.Minute, want: ErrBadCredentials})
	}
	steps = append(steps,
		signInStep{user: "carol", password: pw, address: "d", at: 9 * time.Minute},
		// failures spread wider than the window never lock
		signInStep{user: "alice", password: bad, address: "e", at: 0, want: ErrBadCredentials},
		signInStep{user: "alice", password: bad, address: "e", at: 4 * time.Minute, want: ErrBadCredentials},
		signInStep{user: "alice", password: bad, address: "e", at: 8 * time.Minute, want: ErrBadCredentials},
		signInStep{user: "alice", password: bad, address: "e", at: 12 * time.Minute, want: ErrBadCredentials},
		signInStep{user: "alice", password: bad, address: "e", at: 16 * time.Minute, want: ErrBadCredentials},
		signInStep{user: "alice", password: bad, address: "e", at: 20 * time.Minute, want: ErrBadCredentials},
		signInStep{user: "alice", password: pw, address: "e", at: 24 * time.Minute},
	)
	runSignIn(t, db, t0, steps)
	if n := count(t, db, "SELECT COUNT(*) FROM sign_in_failures WHERE username IN ('carol', 'alice')"); n != 0 {
		t.Errorf("%d failures remain", n)
	}
}

func TestThrottledError(t *testing.T) {
	var err error = &ThrottledError{Until: testNow}
	if !errors.Is(err, ErrThrottled) || errors.Is(err, ErrBadCredentials) || err.Error() != ErrThrottled.Error() {
		t.Errorf("ThrottledError: %v", err)
	}
	if !errors.Is(fmt.Errorf("sign-in: %w", err), ErrThrottled) {
		t.Error("a wrapped ThrottledError is not ErrThrottled")
	}
	if CodeOf(ErrThrottled) != "CBC.0250" || CodeOf(errors.New("x")) != "CBC.0999" {
		t.Error("codes")
	}
}

// TestSignInAudit: every sign-in, failed or not, and every sign-out is in the audit log with its
// request id and address; a failure for an unknown account does not keep the name typed.
func TestSignInAudit(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	from := Actor{RequestID: "req-1", Address: "203.0.113.9"}
	provider := actor(t, db, "provider")
	steps := []struct {
		user, password string
		want           error
		action, reason string
		partner        uint64
	}{
		{"provider", "wrong", ErrBadCredentials, "user.sign_in_failed", "password", provider.PartnerID},
		{"nobody-here", DemoPassword, ErrBadCredentials, "user.sign_in_failed", "unknown_account", 0},
		{"provider", DemoPassword, nil, "user.sign_in", "", provider.PartnerID},
	}
	for i, s := range steps {
		from.RequestID = fmt.Sprintf("req-%d", i)
		_, err := SignIn(context.Background(), db, s.user, s.password, from, testNow)
		wantErr(t, s.user, err, s.want)
		var r AuditRecord
		if err := db.Where("request_id = ?", from.RequestID).First(&r).Error; err != nil {
			t.Fatalf("step %d: no record: %v", i, err)
		}
		var partner uint64
		if r.PartnerID != nil {
			partner = *r.PartnerID
		}
		if r.Action != s.action || r.Address != from.Address || partner != s.partner || !strings.Contains(r.After, s.reason) {
			t.Errorf("step %d: record %+v", i, r)
		}
		if s.user == "nobody-here" && (r.UserID != 0 || strings.Contains(r.After+r.Before, s.user)) {
			t.Errorf("an unknown account's record keeps the name: %+v", r)
		}
	}
	from.RequestID = "req-out"
	provider.RequestID, provider.Address = from.RequestID, from.Address
	if err := SignOut(context.Background(), db, provider, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'user.sign_out' AND request_id = 'req-out' AND user_id = ?", provider.UserID); n != 1 {
		t.Errorf("sign-out records: %d", n)
	}
}
