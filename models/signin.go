package models

import (
	"context"
	"errors"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// Sign-in throttling: after MaxSignInFailures failures within SignInWindow for one account or one
// address, every sign-in for it is refused until the oldest failure leaves the window.
const (
	MaxSignInFailures = 5
	SignInWindow      = 15 * time.Minute
)

// SignInFailure records one failed sign-in.
type SignInFailure struct {
	ID       uint64    `gorm:"primaryKey"`
	Username string    `gorm:"size:64;not null;index:ix_signin_user,priority:1"`
	Address  string    `gorm:"size:64;not null;index:ix_signin_addr,priority:1"`
	At       time.Time `gorm:"not null;index:ix_signin_user,priority:2;index:ix_signin_addr,priority:2"`
}

// ThrottledError refuses a sign-in until Until.
type ThrottledError struct{ Until time.Time }

func (e *ThrottledError) Error() string { return ErrThrottled.Error() }

// Is makes errors.Is(err, ErrThrottled) true.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// SignIn checks a user name and password at now; from is the visitor (its request id and address).
// A success and a failure alike are written to the audit log; a throttled attempt is refused
// before any check and leaves no record.
func SignIn(ctx context.Context, db *gorm.DB, username, password string, from Actor, now time.Time) (*User, error) {
	address := from.Address
	now = now.UTC() // times are stored and compared as text: all in one zone
	username = normalizeUsername(username)
	if len(username) > 64 {
		username = username[:64]
	}
	if until, err := throttledUntil(ctx, db, username, address, now); err != nil {
		return nil, err
	} else if !until.IsZero() {
		return nil, &ThrottledError{Until: until}
	}
	var u User
	err := db.WithContext(ctx).Where("username = ?", username).First(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	hash := dummyHash
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	// the hash is compared for an unknown account too, so that timing does not tell accounts apart
	wrong := bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil
	switch {
	case err != nil:
		return nil, recordFailure(ctx, db, nil, username, from, "unknown_account", now)
	case wrong:
		return nil, recordFailure(ctx, db, &u, username, from, "password", now)
	case u.Disabled:
		return nil, recordFailure(ctx, db, &u, username, from, "disabled", now)
	}
	// A success forgets the account's failures, not the address's: one good password must not
	// reset an address that is guessing at other accounts.
	db.WithContext(ctx).Where("username = ? OR at < ?", username, now.Add(-SignInWindow)).Delete(&SignInFailure{})
	return &u, RecordSignIn(ctx, db, &u, from, now)
}

// recordFailure counts a failed sign-in towards throttling and writes it to the audit log: in the
// account's partner's log when the account exists (u), in the operator's otherwise. The name typed
// for an unknown account is not recorded: it is sometimes a password typed in the wrong field.
func recordFailure(ctx context.Context, db *gorm.DB, u *User, username string, from Actor, reason string, now time.Time) error {
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&SignInFailure{Username: username, Address: from.Address, At: now}).Error; err != nil {
			return err
		}
		var userID, partnerID uint64
		if u != nil {
			userID, partnerID = u.ID, partnerOf(u)
		}
		a := from
		a.UserID = userID
		return audit(tx, a, partnerID, "user.sign_in_failed", "user", userID, nil, map[string]string{"reason": reason})
	})
	return firstErr(err, ErrBadCredentials)
}

// RecordSignIn notes the member's last sign-in and writes it to the audit log: SignIn's success,
// and the sign-in that follows accepting a member invitation.
func RecordSignIn(ctx context.Context, db *gorm.DB, u *User, from Actor, now time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u.LastSignInAt = &now
		if err := tx.Model(u).Update("last_sign_in_at", now).Error; err != nil {
			return err
		}
		a := ActorOf(u, from.RequestID)
		a.Address = from.Address
		return audit(tx, a, partnerOf(u), "user.sign_in", "user", u.ID, nil, map[string]string{"address": from.Address})
	})
}

// SignOut ends the browser's session (its token) and writes the end to the audit log.
func SignOut(ctx context.Context, db *gorm.DB, a Actor, token string) error {
	if token == "" && a.UserID == 0 {
		return nil
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("token_hash = ?", tokenHash(token)).Delete(&Session{}).Error; err != nil {
			return err
		}
		if a.UserID == 0 {
			return nil
		}
		return audit(tx, a, a.PartnerID, "user.sign_out", "user", a.UserID, nil, nil)
	})
}

func partnerOf(u *User) uint64 {
	if u.PartnerID == nil {
		return 0
	}
	return *u.PartnerID
}

// throttledUntil returns when the account or address may try again, or zero if it may now.
func throttledUntil(ctx context.Context, db *gorm.DB, username, address string, now time.Time) (time.Time, error) {
	var until time.Time
	for _, q := range []struct{ col, val string }{{"username", username}, {"address", address}} {
		var times []time.Time
		err := db.WithContext(ctx).Model(&SignInFailure{}).Where(q.col+" = ? AND at > ?", q.val, now.Add(-SignInWindow)).
			Order("at DESC").Limit(MaxSignInFailures).Pluck("at", &times).Error
		if err != nil {
			return time.Time{}, err
		}
		if len(times) >= MaxSignInFailures {
			// the fifth most recent failure is the one whose leaving reopens the door
			if t := times[MaxSignInFailures-1].Add(SignInWindow); t.After(until) {
				until = t
			}
		}
	}
	return until, nil
}
