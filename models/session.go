package models

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"
)

// Sessions. A signed-in browser is bound to its user by a row here, and its cookie carries a random
// token naming the row. The row keeps only the token's SHA-256: a copy of the table (a backup, a
// read-only leak) opens no session. Because the binding lives on the server it can be ended:
// signing out deletes the row, and removing a member or changing a password deletes every row of
// that user in the same transaction, so a cookie copied before any of these opens nothing after.
//
// A session lasts SessionLifetime from its start and ends earlier after SessionIdle without a
// request. Its last request is written at most once every sessionTouchEvery, so that pages do not
// each pay a write.
const (
	SessionLifetime   = 12 * time.Hour
	SessionIdle       = 2 * time.Hour
	sessionTouchEvery = time.Minute

	// MaxSessions bounds the sessions a user's list shows; older live ones still work.
	MaxSessions = 50

	maxUserAgent = 256 // characters of the User-Agent a session keeps
	maxAddress   = 64
)

// Session is one signed-in browser of a user.
type Session struct {
	ID         uint64    `gorm:"primaryKey"`
	TokenHash  string    `gorm:"size:64;not null;uniqueIndex"`
	UserID     uint64    `gorm:"not null;index:ix_session_user,priority:1"`
	CreatedAt  time.Time `gorm:"not null;index"`
	LastSeenAt time.Time `gorm:"not null;index;index:ix_session_user,priority:2"` // the sweep; a user's list, newest first
	Address    string    `gorm:"size:64;not null;default:''"`
	UserAgent  string    `gorm:"size:256;not null;default:''"`
}

// NewSession is a session to start: whose, and the browser it is for.
type NewSession struct {
	UserID    uint64
	Address   string
	UserAgent string // as the browser sent it; cleaned before it is kept
	Replaces  string // the browser's token before this one, if any: it ends with the new start
}

// newSessionToken is 256 random bits, as the cookie carries them.
func newSessionToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// StartSession signs a browser in: a new session under a new token, which it returns. Sign-in
// always makes a new token (a token known before sign-in, planted or copied, is worth nothing
// after it), and the browser's previous session ends. Expired sessions of anyone are deleted on the
// way: sign-ins are what create rows, so they are where the table is kept small.
func StartSession(ctx context.Context, db *gorm.DB, in NewSession, now time.Time) (string, error) {
	token := newSessionToken()
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := deleteExpiredSessions(tx, now); err != nil {
			return err
		}
		if in.Replaces != "" {
			if err := tx.Where("token_hash = ?", tokenHash(in.Replaces)).Delete(&Session{}).Error; err != nil {
				return err
			}
		}
		return createSession(tx, in, token, now)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

func createSession(tx *gorm.DB, in NewSession, token string, now time.Time) error {
	now = now.UTC() // times are stored and compared as text: all in one zone
	address := in.Address
	if len(address) > maxAddress {
		address = address[:maxAddress]
	}
	s := Session{TokenHash: tokenHash(token), UserID: in.UserID, CreatedAt: now, LastSeenAt: now,
		Address: address, UserAgent: cleanUserAgent(in.UserAgent)}
	return tx.Create(&s).Error
}

func deleteExpiredSessions(tx *gorm.DB, now time.Time) error {
	now = now.UTC()
	return tx.Where("created_at <= ? OR last_seen_at <= ?", now.Add(-SessionLifetime), now.Add(-SessionIdle)).
		Delete(&Session{}).Error
}

// endSessions ends every session of a user, in the caller's transaction.
func endSessions(tx *gorm.DB, userID uint64) error {
	return tx.Where("user_id = ?", userID).Delete(&Session{}).Error
}

// sessionUser is a live session's user, read with the session in one statement.
type sessionUser struct {
	User
	SessionID     uint64
	SessionSeenAt time.Time
}

// LoadSession finds the user a token signs in and the session's id. A token that names no live
// session — signed out, ended, idle or past its lifetime, of a disabled user — is ErrNotFound.
// The session's last request is noted when the one noted is a minute old or more.
func LoadSession(ctx context.Context, db *gorm.DB, token string, now time.Time) (*User, uint64, error) {
	now = now.UTC()
	// every request asks: the columns are read by name, without GORM's mapping by reflection
	var row sessionUser
	u := &row.User
	var kind string
	var roles int64
	var email, mobile sql.NullString // nullable columns
	err := db.WithContext(ctx).Table("users").
		Select("users.id, users.username, users.password_hash, users.display_name, users.kind, users.partner_id, users.customer_id, "+
			"users.roles, users.email, users.mobile, users.disabled, users.created_at, users.last_sign_in_at, "+
			"sessions.id AS session_id, sessions.last_seen_at AS session_seen_at").
		Joins("JOIN sessions ON sessions.user_id = users.id").
		Where("sessions.token_hash = ? AND sessions.created_at > ? AND sessions.last_seen_at > ? AND users.disabled = ?",
			tokenHash(token), now.Add(-SessionLifetime), now.Add(-SessionIdle), false).
		Limit(1).Row().Scan(&u.ID, &u.Username, &u.PasswordHash, &u.DisplayName, &kind, &u.PartnerID, &u.CustomerID,
		&roles, &email, &mobile, &u.Disabled, &u.CreatedAt, &u.LastSignInAt, &row.SessionID, &row.SessionSeenAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, err
	}
	u.Kind, u.Roles, u.Email, u.Mobile = UserKind(kind), Roles(roles), email.String, mobile.String
	if now.Sub(row.SessionSeenAt) >= sessionTouchEvery {
		// conditional: of the requests that find the same old time, one writes
		err := db.WithContext(ctx).Model(&Session{}).
			Where("id = ? AND last_seen_at < ?", row.SessionID, now.Add(-sessionTouchEvery)).
			Update("last_seen_at", now).Error
		if err != nil {
			return nil, 0, err
		}
	}
	return &row.User, row.SessionID, nil
}

// ListSessions is the acting user's live sessions, the most recently used first.
func ListSessions(ctx context.Context, db *gorm.DB, a Actor, now time.Time) ([]Session, error) {
	if a.UserID == 0 {
		return nil, ErrForbidden
	}
	now = now.UTC()
	var out []Session
	err := db.WithContext(ctx).Where("user_id = ? AND created_at > ? AND last_seen_at > ?",
		a.UserID, now.Add(-SessionLifetime), now.Add(-SessionIdle)).
		Order("last_seen_at DESC, id DESC").Limit(MaxSessions).Find(&out).Error
	return out, err
}

// EndSession ends one of the acting user's other sessions (current is the one it acts from: it
// signs out instead). Someone else's session, like one that does not exist, is ErrNotFound.
func EndSession(ctx context.Context, db *gorm.DB, a Actor, id, current uint64) error {
	if a.UserID == 0 {
		return ErrForbidden
	}
	if id == current {
		return ErrNotFound
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var s Session
		if err := tx.Where("id = ? AND user_id = ?", id, a.UserID).Take(&s).Error; err != nil {
			return notFound(err)
		}
		res := tx.Where("id = ? AND user_id = ?", id, a.UserID).Delete(&Session{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 { // ended meanwhile by another request
			return ErrNotFound
		}
		return audit(tx, a, a.PartnerID, "user.session_end", "user", a.UserID, nil,
			map[string]any{"session_id": s.ID, "started": s.CreatedAt, "address": s.Address})
	})
}

// cleanUserAgent is a User-Agent header as a session keeps and shows it: valid UTF-8 without
// control or format characters (a right-to-left override would let it dress up as another
// browser), at most maxUserAgent characters. Anyone chooses the header.
func cleanUserAgent(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co, unicode.Cs) {
			continue // invalid bytes decode as the replacement character
		}
		if n == maxUserAgent {
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
