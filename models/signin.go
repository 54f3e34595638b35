package models

import (
	"context"
	"errors"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// SignInFailure is one attempt counted towards sign-in throttling (signin_throttle.go): inserted
// before its password is checked, kept when the check fails, deleted with the account's others
// when one succeeds.
type SignInFailure struct {
	ID       uint64    `gorm:"primaryKey"`
	Username string    `gorm:"size:64;not null;index:ix_signin_user,priority:1"`
	Address  string    `gorm:"size:64;not null;index:ix_signin_addr,priority:1"`
	At       time.Time `gorm:"not null;index:ix_signin_user,priority:2;index:ix_signin_addr,priority:2"`
}

// SignIn checks a user name and password at now; from is the visitor (its request id and address).
// A success and a failure alike are written to the audit log; a throttled attempt is refused
// before any check and leaves no record. The attempt is counted before its password is checked,
// so that parallel guesses cannot all be checked (signin_throttle.go).
func SignIn(ctx context.Context, db *gorm.DB, username, password string, from Actor, now time.Time) (*User, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	username = normalizeUsername(username)
	if len(username) > 64 {
		username = username[:64]
	}
	if err := reserveSignIn(ctx, db, username, from.Address, now); err != nil {
		return nil, err
	}
	var u User
	err := db.WithContext(ctx).Where("username = ?", username).First(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	hash := dummyHash()
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	// the hash is compared for an unknown account too, so that timing does not tell accounts apart
	wrong := bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil
	switch {
	case err != nil:
		return nil, recordFailure(ctx, db, nil, from, "unknown_account")
	case wrong:
		return nil, recordFailure(ctx, db, &u, from, "password")
	case u.Disabled:
		return nil, recordFailure(ctx, db, &u, from, "disabled")
	}
	if err := forgetFailures(ctx, db, username, now); err != nil {
		return nil, err
	}
	return &u, RecordSignIn(ctx, db, &u, from, now)
}

// recordFailure writes a failed sign-in to the audit log (its reservation already counts it
// towards throttling): in the account's partner's log when the account exists (u), in the
// operator's otherwise. The name typed for an unknown account is not recorded: it is sometimes a
// password typed in the wrong field.
func recordFailure(ctx context.Context, db *gorm.DB, u *User, from Actor, reason string) error {
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
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
		if token != "" {
			if err := tx.Where("token_hash = ?", tokenHash(token)).Delete(&Session{}).Error; err != nil {
				return err
			}
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
