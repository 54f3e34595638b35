package models

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// sessionDB is an empty database with partner members alice and bob (signInPassword).
func sessionDB(t *testing.T) (*gorm.DB, *User, *User) {
	t.Helper()
	db := testDB(t)
	alice := fastUser(t, db, User{Username: "alice", DisplayName: "alice", Kind: PartnerUser}, signInPassword)
	bob := fastUser(t, db, User{Username: "bob", DisplayName: "bob", Kind: PartnerUser}, signInPassword)
	return db, alice, bob
}

func mustStart(t *testing.T, db *gorm.DB, u *User, at time.Time) string {
	t.Helper()
	token, err := StartSession(bg, db, NewSession{UserID: u.ID, Address: "192.0.2.1", UserAgent: "test agent"}, at)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// live tells whether token signs in its user at at.
func live(t *testing.T, db *gorm.DB, token string, at time.Time) bool {
	t.Helper()
	_, _, err := LoadSession(bg, db, token, at)
	if err != nil && !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func TestSessionStartLoadSignOut(t *testing.T) {
	t.Parallel()
	db, alice, _ := sessionDB(t)
	token := mustStart(t, db, alice, testNow)
	if raw, err := base64.RawURLEncoding.DecodeString(token); err != nil || len(raw) < 32 {
		t.Fatalf("token %q: %d bytes, %v; want 256 random bits", token, len(raw), err)
	}
	u, id, err := LoadSession(bg, db, token, testNow.Add(time.Minute))
	if err != nil || u.ID != alice.ID || id == 0 {
		t.Fatalf("load: %+v %d %v", u, id, err)
	}
	// the table keeps the token's SHA-256 only: reading it hands out no cookie
	var s Session
	db.First(&s, id)
	sum := sha256.Sum256([]byte(token))
	if s.TokenHash != hex.EncodeToString(sum[:]) || strings.Contains(s.TokenHash, token) {
		t.Fatalf("stored %q for token %q", s.TokenHash, token)
	}
	if count(t, db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", token) != 0 {
		t.Fatal("the token itself is stored")
	}
	other := "x" + token[1:]
	if token[0] == 'x' { // else one run in 64 would change nothing
		other = "y" + token[1:]
	}
	if live(t, db, other, testNow) {
		t.Fatal("another token opens the session")
	}
	a := ActorOf(alice, "req-out")
	if err := SignOut(bg, db, a, token); err != nil {
		t.Fatal(err)
	}
	if live(t, db, token, testNow.Add(time.Minute)) {
		t.Fatal("the token still works after sign-out")
	}
	wantAudit(t, db, "user.sign_out", 1)
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	db, alice, _ := sessionDB(t)
	for _, tc := range []struct {
		name   string
		visits []time.Duration // requests after the start, each within the idle time of the last
		at     time.Duration
		live   bool
	}{
		{"fresh", nil, time.Minute, true},
		{"idle just under 2 h", nil, SessionIdle - time.Second, true},
		{"idle 2 h", nil, SessionIdle, false},
		{"used, then idle under 2 h", []time.Duration{90 * time.Minute}, 90*time.Minute + SessionIdle - time.Second, true},
		{"used, then idle 2 h", []time.Duration{90 * time.Minute}, 90*time.Minute + SessionIdle, false},
		{"used every hour, 11:59 in", hourly(11), 12*time.Hour - time.Minute, true},
		{"used every hour, 12 h in", hourly(11), SessionLifetime, false},
	} {
		token := mustStart(t, db, alice, testNow)
		for _, v := range tc.visits {
			if !live(t, db, token, testNow.Add(v)) {
				t.Fatalf("%s: dead at visit +%v", tc.name, v)
			}
		}
		if got := live(t, db, token, testNow.Add(tc.at)); got != tc.live {
			t.Errorf("%s: live at +%v is %v, want %v", tc.name, tc.at, got, tc.live)
		}
	}
}

func hourly(n int) []time.Duration {
	var out []time.Duration
	for i := 1; i <= n; i++ {
		out = append(out, time.Duration(i)*time.Hour)
	}
	return out
}

func TestSessionLastSeenOncePerMinute(t *testing.T) {
	t.Parallel()
	db, alice, _ := sessionDB(t)
	token := mustStart(t, db, alice, testNow)
	seen := func() time.Time {
		var s Session
		db.Where("user_id = ?", alice.ID).First(&s)
		return s.LastSeenAt.UTC()
	}
	live(t, db, token, testNow.Add(59*time.Second))
	if !seen().Equal(testNow) {
		t.Fatalf("written within the minute: %v", seen())
	}
	live(t, db, token, testNow.Add(61*time.Second))
	if !seen().Equal(testNow.Add(61 * time.Second)) {
		t.Fatalf("not written after a minute: %v", seen())
	}
}

func TestStartSessionRotatesAndSweeps(t *testing.T) {
	t.Parallel()
	db, alice, bob := sessionDB(t)
	stale := mustStart(t, db, bob, testNow.Add(-SessionIdle))
	before := mustStart(t, db, alice, testNow)
	later := testNow.Add(time.Minute)
	after, err := StartSession(bg, db, NewSession{UserID: alice.ID, Replaces: before}, later)
	if err != nil {
		t.Fatal(err)
	}
	if after == before || !live(t, db, after, later) {
		t.Fatalf("sign-in kept the token or its session is dead")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sessions"); n != 1 {
		t.Fatalf("%d sessions: the replaced one and the expired one (%q) must go", n, stale)
	}
}

func TestSessionOfDisabledUser(t *testing.T) {
	t.Parallel()
	db, alice, _ := sessionDB(t)
	token := mustStart(t, db, alice, testNow)
	db.Model(alice).Update("disabled", true)
	if live(t, db, token, testNow) {
		t.Fatal("a disabled user's session still signs in")
	}
}

func TestRemoveMemberEndsSessions(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	sales, admin := mustUser(t, db, "provider-sales"), mustUser(t, db, "provider")
	one, two := mustStart(t, db, sales, testNow), mustStart(t, db, sales, testNow)
	kept := mustStart(t, db, admin, testNow)
	if err := RemoveMember(bg, db, actor(t, db, "provider"), sales.ID); err != nil {
		t.Fatal(err)
	}
	if live(t, db, one, testNow) || live(t, db, two, testNow) {
		t.Fatal("a removed member's session still signs in")
	}
	if !live(t, db, kept, testNow) {
		t.Fatal("the admin's own session ended")
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	db, alice, bob := sessionDB(t)
	current := mustStart(t, db, alice, testNow)
	other := mustStart(t, db, alice, testNow)
	bobs := mustStart(t, db, bob, testNow)
	a := ActorOf(alice, "req-pw")
	a.Address = "192.0.2.9"
	change := func(cur, next string) (string, error) {
		return ChangePassword(bg, db, a, PasswordChange{Current: cur, New: next, Session: NewSession{Replaces: current}}, testNow)
	}
	for _, tc := range []struct {
		name, current, next string
		want                error
	}{
		{"new too short", signInPassword, "short", ErrWeakPassword},
		{"new too long", signInPassword, strings.Repeat("x", 73), ErrWeakPassword},
		{"current wrong", "not it at all", "a new password", ErrWrongPassword},
		{"current too long", strings.Repeat("y", 200), "a new password", ErrWrongPassword},
	} {
		_, err := change(tc.current, tc.next)
		wantErr(t, tc.name, err, tc.want)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sign_in_failures WHERE username = 'alice'"); n != 2 {
		t.Fatalf("a wrong current password counts as a failed sign-in: %d failures", n)
	}
	if !live(t, db, current, testNow) || !live(t, db, other, testNow) {
		t.Fatal("a refused change ended sessions")
	}
	token, err := change(signInPassword, "a new password")
	if err != nil {
		t.Fatal(err)
	}
	if live(t, db, current, testNow) || live(t, db, other, testNow) {
		t.Fatal("the old sessions survive the change")
	}
	if !live(t, db, token, testNow) || !live(t, db, bobs, testNow) {
		t.Fatal("the renewed session or another user's session is dead")
	}
	u := mustUser(t, db, "alice")
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte("a new password")) != nil {
		t.Fatal("the new password does not sign in")
	}
	wantAudit(t, db, "user.password_change", 1)
	if _, err := ChangePassword(bg, db, Actor{}, PasswordChange{Current: "x", New: "a new password"}, testNow); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a visitor changes a password: %v", err)
	}
}

func TestChangePasswordThrottled(t *testing.T) {
	t.Parallel()
	db, alice, _ := sessionDB(t)
	a := ActorOf(alice, "req")
	a.Address = "192.0.2.7"
	for i := 0; i < MaxPairFailures; i++ {
		_, err := ChangePassword(bg, db, a, PasswordChange{Current: "guess", New: "a new password"}, testNow)
		wantErr(t, "guess", err, ErrWrongPassword)
	}
	_, err := ChangePassword(bg, db, a, PasswordChange{Current: signInPassword, New: "a new password"}, testNow)
	var te *ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("the right password after %d guesses: %v, want throttled", MaxPairFailures, err)
	}
}

// Two changes made with the same current password: one wins, the other finds the password
// changed. Run with -race.
func TestChangePasswordConcurrent(t *testing.T) {
	t.Parallel()
	db, alice, _ := sessionDB(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := "new password " + string(rune('a'+i))
			_, errs[i] = ChangePassword(context.Background(), db, ActorOf(alice, "race"), PasswordChange{Current: signInPassword, New: next}, testNow)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrWrongPassword):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d changes won with the same current password", won)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", alice.ID); n != 1 {
		t.Fatalf("%d sessions after the changes, want the winner's", n)
	}
}

func TestEndSession(t *testing.T) {
	t.Parallel()
	db, alice, bob := sessionDB(t)
	current, other, bobs := mustStart(t, db, alice, testNow), mustStart(t, db, alice, testNow), mustStart(t, db, bob, testNow)
	id := func(token string) uint64 {
		_, id, err := LoadSession(bg, db, token, testNow)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a := ActorOf(alice, "req")
	cur, otherID, bobID := id(current), id(other), id(bobs)
	list, err := ListSessions(bg, db, a, testNow)
	if err != nil || len(list) != 2 {
		t.Fatalf("alice's sessions: %d, %v", len(list), err)
	}
	wantErr(t, "bob's session", EndSession(bg, db, a, bobID, cur), ErrNotFound)
	wantErr(t, "the current session", EndSession(bg, db, a, cur, cur), ErrNotFound)
	wantErr(t, "no such session", EndSession(bg, db, a, bobID+100, cur), ErrNotFound)
	if !live(t, db, bobs, testNow) || !live(t, db, current, testNow) {
		t.Fatal("a refused end ended a session")
	}
	wantErr(t, "the other session", EndSession(bg, db, a, otherID, cur), nil)
	if live(t, db, other, testNow) {
		t.Fatal("the ended session still signs in")
	}
	wantErr(t, "again", EndSession(bg, db, a, otherID, cur), ErrNotFound)
	wantAudit(t, db, "user.session_end", 1)
}

func TestCleanUserAgent(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("浏", 300)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
		{"  padded\t", "padded"},
		{"line\r\nbreak\x00nul\x1b[31m", "linebreaknul[31m"},
		{"bad \xff\xfe bytes", "bad  bytes"},
		{"rtl \u202etxt.exe", "rtl txt.exe"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"sep\u2028line", "sepline"},
		{long, strings.Repeat("浏", maxUserAgent)},
	} {
		if got := cleanUserAgent(tc.in); got != tc.want {
			t.Errorf("cleanUserAgent(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzCleanUserAgent(f *testing.F) {
	for _, s := range []string{"", "Mozilla/5.0", "\xff\x00\u202e", strings.Repeat("a", 300), " \u00a0x\u00a0 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := cleanUserAgent(in)
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) > maxUserAgent {
			t.Fatalf("%q: %q is invalid or too long", in, out)
		}
		for _, r := range out {
			if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
				t.Fatalf("%q: %q keeps %U", in, out, r)
			}
		}
		if again := cleanUserAgent(out); again != out {
			t.Fatalf("not stable: %q then %q", out, again)
		}
	})
}
