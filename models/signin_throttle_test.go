package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestSignInParallelGuesses: many wrong passwords sent at once get no more password checks than
// the limit allows (each check writes one failure to the audit log; the others are throttled),
// and the right password then is throttled too. Counted after the check, they were all checked.
// The guesses go to two servers on one database, half to each: the throttle is the database's.
func TestSignInParallelGuesses(t *testing.T) {
	t.Parallel()
	same := func(s string) func(int) string { return func(int) string { return s } }
	each := func(f string) func(int) string { return func(i int) string { return fmt.Sprintf(f, i) } }
	for _, tc := range []struct {
		name          string
		user, address func(int) string
		checks        int
		then          signInStep // right after, at testNow
	}{
		{"one account from one address", same("alice"), same("10.0.0.1"), MaxPairFailures,
			signInStep{user: "alice", password: signInPassword, address: "10.0.0.1", want: ErrThrottled, until: SignInWindow}},
		{"one account from many addresses", same("bob"), each("192.0.2.%d"), AccountFreeFailures,
			signInStep{user: "bob", password: signInPassword, address: "198.51.100.1", want: ErrThrottled, until: AccountDelay}},
		{"many accounts from one address", each("x%d"), same("203.0.113.9"), MaxAddressFailures,
			signInStep{user: "carol", password: signInPassword, address: "203.0.113.9", want: ErrThrottled, until: SignInWindow}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := signInDB(t)
			guessedUsers(t, db, 60)
			errs := guessAtOnce([]*gorm.DB{db, secondServer(t, db)}, 60, tc.user, tc.address, "guess")
			var checked, throttled int
			for i, err := range errs {
				switch {
				case errors.Is(err, ErrBadCredentials):
					checked++
				case errors.Is(err, ErrThrottled):
					throttled++
				default:
					t.Fatalf("attempt %d: %v", i, err)
				}
			}
			audited := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'user.sign_in_failed'")
			if checked != tc.checks || throttled != len(errs)-tc.checks || audited != int64(tc.checks) {
				t.Errorf("%d checked (%d in the audit log), %d throttled; want %d checked", checked, audited, throttled, tc.checks)
			}
			runSignIn(t, db, testNow, []signInStep{tc.then})
		})
	}
}

// guessedUsers adds users x0…x(n-1) with signInPassword, leaving x0 and x1 unknown accounts (whose
// checks against the slow dummy hash cost the test more).
func guessedUsers(t *testing.T, db *gorm.DB, n int) {
	t.Helper()
	for i := 2; i < n; i++ {
		name := fmt.Sprintf("x%d", i)
		fastUser(t, db, User{Username: name, DisplayName: name, Kind: PartnerUser}, signInPassword)
	}
}

// guessAtOnce makes n sign-in attempts released together, attempt i as user(i) from address(i) on
// the server i modulo their number.
func guessAtOnce(servers []*gorm.DB, n int, user, address func(int) string, password string) []error {
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			<-start
			_, errs[i] = SignIn(context.Background(), servers[i%len(servers)], user(i), password, Actor{Address: address(i)}, testNow)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// A user's typos lock that user at that address only: colleagues behind the same address sign
// in, the user may from elsewhere once the account's short delay has passed, and a success there
// frees the pair. The window slides: each failure leaving it lets one more attempt in.
func TestSignInTyposLockOnlyThePair(t *testing.T) {
	t.Parallel()
	db := signInDB(t)
	pw, bad, nat := signInPassword, "guess", "10.1.1.1"
	m := time.Minute
	runSignIn(t, db, testNow, []signInStep{
		{user: "alice", password: bad, address: nat, at: 0, want: ErrBadCredentials},
		{user: "alice", password: bad, address: nat, at: 1 * m, want: ErrBadCredentials},
		{user: "alice", password: bad, address: nat, at: 2 * m, want: ErrBadCredentials},
		{user: "alice", password: bad, address: nat, at: 3 * m, want: ErrBadCredentials},
		{user: "alice", password: bad, address: nat, at: 4 * m, want: ErrBadCredentials},
		{user: "bob", password: pw, address: nat, at: 4 * m},                             // the office is not locked
		{user: "carol", password: bad, address: nat, at: 4 * m, want: ErrBadCredentials}, // nor are its typos shared
		{user: "ALICE", password: pw, address: nat, at: 4 * m, want: ErrThrottled, until: SignInWindow},
		{user: "alice", password: pw, address: "home", at: 4*m + 10*time.Second, want: ErrThrottled, until: 4*m + AccountDelay},
		{user: "alice", password: pw, address: "home", at: 4*m + AccountDelay},
		{user: "alice", password: pw, address: nat, at: 5 * m}, // the success forgot the pair's failures

		{user: "u1", password: bad, address: nat, at: 0, want: ErrBadCredentials},
		{user: "u1", password: bad, address: nat, at: 1 * m, want: ErrBadCredentials},
		{user: "u1", password: bad, address: nat, at: 2 * m, want: ErrBadCredentials},
		{user: "u1", password: bad, address: nat, at: 3 * m, want: ErrBadCredentials},
		{user: "u1", password: bad, address: nat, at: 4 * m, want: ErrBadCredentials},
		{user: "u1", password: pw, address: nat, at: 15*m - time.Nanosecond, want: ErrThrottled, until: 15 * m},
		{user: "u1", password: bad, address: nat, at: 15 * m, want: ErrBadCredentials}, // the first left the window
		{user: "u1", password: pw, address: nat, at: 15*m + time.Second, want: ErrThrottled, until: 16 * m},
		{user: "u1", password: pw, address: nat, at: 16 * m},
	})
	if n := count(t, db, "SELECT COUNT(*) FROM sign_in_failures WHERE username IN ('alice', 'u1')"); n != 0 {
		t.Errorf("%d failures remain after the sign-ins", n)
	}
}

// Guesses at one account from many addresses wait a delay that doubles with each one past the
// first few; the real user signs in as soon as the delay has passed, which forgets the guesses.
// Refused attempts do not count.
func TestSignInAccountDelays(t *testing.T) {
	t.Parallel()
	db := signInDB(t)
	pw, bad := signInPassword, "guess"
	addr := func(i int) string { return fmt.Sprintf("192.0.2.%d", i) } // a new address each time
	var steps []signInStep
	for i := range AccountFreeFailures {
		steps = append(steps, signInStep{user: "bob", password: bad, address: addr(i), want: ErrBadCredentials})
	}
	s := time.Second
	steps = append(steps,
		signInStep{user: "bob", password: pw, address: addr(10), at: 0, want: ErrThrottled, until: 30 * s},
		signInStep{user: "bob", password: bad, address: addr(11), at: 30 * s, want: ErrBadCredentials},
		signInStep{user: "bob", password: bad, address: addr(12), at: 60 * s, want: ErrThrottled, until: 90 * s},
		signInStep{user: "bob", password: bad, address: addr(13), at: 90 * s, want: ErrBadCredentials},
		signInStep{user: "bob", password: bad, address: addr(14), at: 100 * s, want: ErrThrottled, until: 210 * s},
		signInStep{user: "carol", password: pw, address: addr(14), at: 100 * s}, // other accounts are not affected
		signInStep{user: "bob", password: pw, address: "home", at: 210 * s},
		signInStep{user: "bob", password: bad, address: addr(15), at: 210 * s, want: ErrBadCredentials},
	)
	runSignIn(t, db, testNow, steps)
}

func TestAccountDelayed(t *testing.T) {
	t.Parallel()
	latest := testNow
	for _, tc := range []struct {
		attempts int
		delay    time.Duration // 0: none
	}{
		{0, 0}, {AccountFreeFailures - 1, 0},
		{AccountFreeFailures, AccountDelay}, {AccountFreeFailures + 1, 2 * AccountDelay},
		{AccountFreeFailures + 4, 16 * AccountDelay},
		{AccountFreeFailures + 5, SignInWindow}, {accountScan, SignInWindow}, // capped
	} {
		times := make([]time.Time, tc.attempts)
		for i := range times {
			times[i] = latest.Add(-time.Duration(i) * time.Second)
		}
		want := time.Time{}
		if tc.delay > 0 {
			want = latest.Add(tc.delay)
		}
		if got := accountDelayed(times); !got.Equal(want) {
			t.Errorf("%d attempts: until %v, want %v", tc.attempts, got, want)
		}
	}
}

// An address guessing at many accounts (known or not) is throttled for all of them after
// MaxAddressFailures; a success from it does not reset it; the accounts sign in from elsewhere.
func TestSignInAddressLimit(t *testing.T) {
	t.Parallel()
	db := signInDB(t)
	guessedUsers(t, db, MaxAddressFailures+1)
	pw, attacker, s := signInPassword, "203.0.113.9", time.Second
	var steps []signInStep
	for i := range MaxAddressFailures {
		if i == MaxAddressFailures-1 {
			steps = append(steps, signInStep{user: "u6", password: pw, address: attacker, at: time.Duration(i) * 10 * s})
		}
		steps = append(steps, signInStep{user: fmt.Sprintf("x%d", i), password: "guess", address: attacker, at: time.Duration(i) * 10 * s, want: ErrBadCredentials})
	}
	steps = append(steps,
		signInStep{user: "alice", password: pw, address: attacker, at: 9 * time.Minute, want: ErrThrottled, until: SignInWindow},
		signInStep{user: "alice", password: pw, address: "198.51.100.1", at: 9 * time.Minute},
		signInStep{user: "u1", password: pw, address: attacker, at: SignInWindow}, // the first left the window
		signInStep{user: "x50", password: "guess", address: attacker, at: SignInWindow, want: ErrBadCredentials},
		signInStep{user: "u2", password: pw, address: attacker, at: SignInWindow + s, want: ErrThrottled, until: SignInWindow + 10*s},
	)
	runSignIn(t, db, testNow, steps)
	if n := count(t, db, "SELECT COUNT(*) FROM sign_in_keys WHERE at <= ?", testNow.Add(time.Second)); n != 0 {
		t.Errorf("%d keys idle for a window remain after a sign-in", n)
	}
}

// The clock's zone does not matter: failures recorded at a time in one zone count at the same
// instant in another.
func TestSignInThrottleAcrossZones(t *testing.T) {
	t.Parallel()
	db := signInDB(t)
	cst := time.FixedZone("CST", 8*3600)
	t0 := testNow
	for i := range MaxPairFailures {
		now := t0.Add(time.Duration(i) * time.Minute)
		if i%2 == 0 {
			now = now.In(cst)
		}
		if _, err := SignIn(context.Background(), db, "u3", "guess", Actor{Address: "x"}, now); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	for _, now := range []time.Time{t0.Add(10 * time.Minute), t0.Add(10 * time.Minute).In(cst)} {
		_, err := SignIn(context.Background(), db, "u3", signInPassword, Actor{Address: "x"}, now)
		var te *ThrottledError
		if !errors.As(err, &te) || !te.Until.Equal(t0.Add(SignInWindow)) {
			t.Errorf("at %v: %v", now, err)
		}
	}
}
