package models

import (
	"context"
	"errors"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// ErrWrongPassword refuses a password change whose current password is wrong.
var ErrWrongPassword = newError("CBC.0154", "err.wrong_password", "the current password is wrong")

// PasswordChange is a signed-in user's new password, with the current one as proof, and the
// browser session it is made from, which goes on under a new token.
type PasswordChange struct {
	Current, New string
	Session      NewSession // UserID is the actor's; no Replaces: every session of the user ends
}

// ChangePassword sets the acting user's password and returns the browser's new session token.
// Every session of the user ends with the change, in its transaction (one opened with the old
// password, perhaps by whoever learnt it, included); the browser that made it goes on in a new
// one. A wrong current password counts as a failed sign-in of the account: the form must not be a
// way around sign-in throttling for whoever holds a session.
func ChangePassword(ctx context.Context, db *gorm.DB, a Actor, in PasswordChange, now time.Time) (string, error) {
	now = now.UTC()
	if a.UserID == 0 {
		return "", ErrForbidden
	}
	if len(in.New) < 8 || len(in.New) > MaxPasswordLen { // as HashPassword, before any bcrypt
		return "", ErrWeakPassword
	}
	u, err := GetUser(ctx, db, a.UserID)
	if err != nil {
		return "", err
	}
	if err := checkCurrentPassword(ctx, db, a, u, in.Current, now); err != nil {
		return "", err
	}
	hash, err := HashPassword(in.New)
	if err != nil {
		return "", err
	}
	token := newSessionToken()
	in.Session.UserID = u.ID
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// conditional on the hash just checked: of two changes made with the same current
		// password, the second finds it gone and is refused
		res := tx.Model(&User{}).Where("id = ? AND password_hash = ? AND disabled = ?", u.ID, u.PasswordHash, false).
			Update("password_hash", hash)
		if res.Error != nil || res.RowsAffected == 0 {
			return firstErr(res.Error, ErrWrongPassword)
		}
		if err := endSessions(tx, u.ID); err != nil {
			return err
		}
		if err := createSession(tx, in.Session, token, now); err != nil {
			return err
		}
		return audit(tx, a, partnerOf(u), "user.password_change", "user", u.ID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// checkCurrentPassword counts the attempt like a sign-in's, before the check (a throttled account
// or address is refused), and writes a wrong password to the audit log as a failed sign-in.
func checkCurrentPassword(ctx context.Context, db *gorm.DB, a Actor, u *User, password string, now time.Time) error {
	if err := reserveSignIn(ctx, db, u.Username, a.Address, now); err != nil {
		return err
	}
	if len(password) <= MaxPasswordLen && bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil {
		return forgetFailures(ctx, db, u.Username, now)
	}
	if err := recordFailure(ctx, db, u, a, "password_change"); !errors.Is(err, ErrBadCredentials) {
		return err
	}
	return ErrWrongPassword
}
