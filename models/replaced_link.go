package models

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// ErrInvitationReplaced answers an invitation link that a resend replaced: its invitee is told to
// use the newer link rather than that the page does not exist.
var ErrInvitationReplaced = newError("CBC.0100", "err.invitation_replaced", "a newer link replaced this invitation link")

// ReplacedLink remembers, by its token's hash (never the token), an invitation link that a resend
// replaced.
type ReplacedLink struct {
	TokenHash    string    `gorm:"primaryKey;size:64"`
	Kind         string    `gorm:"size:32;not null"` // MessageMemberInvitation or MessageResellerInvitation
	InvitationID uint64    `gorm:"not null"`
	ReplacedAt   time.Time `gorm:"not null"`
}

// replaceLink records that the invitation's link with token is replaced by a new one.
func replaceLink(tx *gorm.DB, kind string, invitationID uint64, token string, now time.Time) error {
	return tx.Create(&ReplacedLink{TokenHash: tokenHash(token), Kind: kind, InvitationID: invitationID, ReplacedAt: now.UTC()}).Error
}

// replacedOr turns the not-found of a link's lookup into ErrInvitationReplaced when a resend
// replaced that link; any other outcome is err.
func replacedOr(tx *gorm.DB, kind, token string, err error) error {
	if !errors.Is(err, ErrNotFound) || token == "" {
		return err
	}
	var n int64
	if e := tx.Model(&ReplacedLink{}).Where("token_hash = ? AND kind = ?", tokenHash(token), kind).Count(&n).Error; e != nil {
		return e
	}
	if n > 0 {
		return ErrInvitationReplaced
	}
	return err
}
