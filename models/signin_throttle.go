package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Sign-in throttling: three limits over the last SignInWindow, each counting the attempts being
// checked as well as those that failed.
//
//   - An account from one address (the pair): MaxPairFailures, then the pair waits until the oldest
//     of them leaves the window. A user's typos lock only that user at that address, not everyone
//     behind the same address (an office behind one NAT).
//   - An account from any address: after AccountFreeFailures, each further attempt must wait
//     AccountDelay after the latest one, the delay doubling with each attempt beyond, up to
//     SignInWindow. Guesses from many addresses are slowed to fewer than ten a window, while nobody
//     can lock the real user out for longer than the current delay by guessing at the account.
//   - An address across accounts: MaxAddressFailures, then the address waits until the oldest of
//     them leaves the window. High enough for an office of colleagues who mistype.
//
// Why the attempt is counted before its password is checked: bcrypt takes tens of milliseconds,
// and counting failures before the check but writing them after let parallel guesses all be
// checked. So each attempt first reserves its place (reserveSignIn): a SignInFailure row inserted by
// a transaction that counts the window's rows for the three keys and refuses when any limit is
// reached. The check runs outside that transaction; a failure keeps the row, a success deletes the
// account's rows (forgetFailures). An attempt cut short (a cancelled request, a crash) stays
// counted as a failure: the safe side.
//
// Why rows and not a counter per key: the window slides (a counter's fixed window lets a double
// burst through at its edge), the account's delay needs the latest attempt's time, and the row
// is what a success deletes. Counting then inserting is a check-then-write, so every attempt
// first locks its account's and its address's SignInKey rows by upserting them, account first
// (one order, no deadlock): on SQLite writing transactions run one at a time anyway. A database
// whose transactions run together must make the upsert lock its row, so that attempts at one
// account, or from one address, count one after the other (store/doc.go). The pair is covered by
// its account's lock.
const (
	SignInWindow        = 15 * time.Minute
	MaxPairFailures     = 5
	AccountFreeFailures = 5
	AccountDelay        = 30 * time.Second
	MaxAddressFailures  = 50
)

// accountScan bounds the account's attempts read: past it the delay is at its cap anyway.
const accountScan = 64

// SignInKey is the row an attempt locks for its account or for its address while it counts.
type SignInKey struct {
	Name string    `gorm:"primaryKey;size:80"`              // "user:" + the name typed, or "addr:" + the address
	At   time.Time `gorm:"not null;index:ix_signin_key_at"` // the latest attempt: keys idle for a window are deleted
}

// ThrottledError refuses a sign-in until Until.
type ThrottledError struct{ Until time.Time }

func (e *ThrottledError) Error() string { return ErrThrottled.Error() }

// Is makes errors.Is(err, ErrThrottled) true.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// reserveSignIn counts an attempt at username from address at now towards the three limits, or
// refuses it with a *ThrottledError and counts nothing: refused attempts do not extend a lock.
func reserveSignIn(ctx context.Context, db *gorm.DB, username, address string, now time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, key := range []string{"user:" + username, "addr:" + address} {
			err := tx.Exec("INSERT INTO sign_in_keys (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at", key, now).Error
			if err != nil {
				return err
			}
		}
		until, err := throttledUntil(tx, username, address, now)
		if err != nil {
			return err
		}
		if !until.IsZero() {
			return &ThrottledError{Until: until}
		}
		return tx.Create(&SignInFailure{Username: username, Address: address, At: now}).Error
	})
}

// throttledUntil returns when the attempt may be made, or zero if it may be now.
func throttledUntil(tx *gorm.DB, username, address string, now time.Time) (time.Time, error) {
	since := now.Add(-SignInWindow)
	pair, err := recentAttempts(tx, MaxPairFailures, "username = ? AND address = ? AND at > ?", username, address, since)
	if err != nil {
		return time.Time{}, err
	}
	account, err := recentAttempts(tx, accountScan, "username = ? AND at > ?", username, since)
	if err != nil {
		return time.Time{}, err
	}
	addr, err := recentAttempts(tx, MaxAddressFailures, "address = ? AND at > ?", address, since)
	if err != nil {
		return time.Time{}, err
	}
	var until time.Time
	for _, t := range []time.Time{windowFull(pair, MaxPairFailures), accountDelayed(account), windowFull(addr, MaxAddressFailures)} {
		if t.After(now) && t.After(until) {
			until = t
		}
	}
	return until, nil
}

// recentAttempts returns the times of at most limit attempts matching where, the latest first.
func recentAttempts(tx *gorm.DB, limit int, where string, args ...any) ([]time.Time, error) {
	var times []time.Time
	err := tx.Model(&SignInFailure{}).Where(where, args...).Order("at DESC").Limit(limit).Pluck("at", &times).Error
	return times, err
}

// windowFull: with limit attempts in the window (latest first), the oldest of them leaving it
// reopens the door.
func windowFull(times []time.Time, limit int) time.Time {
	if len(times) < limit {
		return time.Time{}
	}
	return times[limit-1].Add(SignInWindow)
}

// accountDelayed: past AccountFreeFailures attempts in the window (latest first), the next waits
// AccountDelay after the latest, doubled for each attempt beyond, at most SignInWindow.
func accountDelayed(times []time.Time) time.Time {
	beyond := len(times) - AccountFreeFailures
	if beyond < 0 {
		return time.Time{}
	}
	delay := SignInWindow
	if beyond < 16 { // no overflow; the cap is reached long before
		delay = min(AccountDelay<<beyond, SignInWindow)
	}
	return times[0].Add(delay)
}

// forgetFailures confirms a successful sign-in: the account's attempts (its own reservation, its
// failures from every address, and any being checked beside it) no longer count, nor do any
// attempts or keys older than the window. The attempts of the address at other accounts still count: one good password must not
// reset an address that is guessing at other accounts.
func forgetFailures(ctx context.Context, db *gorm.DB, username string, now time.Time) error {
	since := now.Add(-SignInWindow)
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("username = ? OR at <= ?", username, since).Delete(&SignInFailure{}).Error; err != nil {
			return err
		}
		return tx.Where("at <= ?", since).Delete(&SignInKey{}).Error
	})
}
