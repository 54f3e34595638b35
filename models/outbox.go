package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The outbox: an invitation's message is queued in the transaction that creates or resends the
// invitation, so that there is never an invitation whose message was lost nor a message whose
// invitation was rolled back. A deliverer outside models sends what is due and records the outcome.

// Channels a message goes out on.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Outbound message statuses.
const (
	MessagePending  = "pending"
	MessageSent     = "sent"
	MessageFailed   = "failed"
	MessageObsolete = "obsolete" // its invitation was resent, revoked, accepted or expired before it went out
)

// What a message is for: the object type of its invitation.
const (
	MessageMemberInvitation   = "member_invitation"
	MessageResellerInvitation = "reseller_invitation"
)

// MaxDeliveryAttempts is how many times a message is tried before it is given up as failed.
const MaxDeliveryAttempts = 5

// DeliveryLease is how long a claimed message is kept from other deliverers while it is being
// sent; a deliverer that dies mid-send leaves it due again after that.
const DeliveryLease = 2 * time.Minute

// deliveryBackoff is the wait after the n-th failed attempt (n from 1).
var deliveryBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}

// OutboundMessage is one message to send to an invitee. It keeps a hash of the link's token, never
// the token: the text is composed at delivery from the invitation as it is then, and a token that
// changed since (a resend) makes the message obsolete.
type OutboundMessage struct {
	ID            uint64    `gorm:"primaryKey"`
	Channel       string    `gorm:"size:8;not null"`
	Recipient     string    `gorm:"size:128;not null"`
	PartnerID     uint64    `gorm:"not null"`
	Kind          string    `gorm:"size:32;not null;index:ix_outbox_subject,priority:1"`
	SubjectID     uint64    `gorm:"not null;index:ix_outbox_subject,priority:2"` // the invitation's id
	TokenHash     string    `gorm:"size:64;not null" json:"-"`
	Status        string    `gorm:"size:16;not null;index:ix_outbox_due,priority:1"`
	Attempts      int       `gorm:"not null;default:0"`
	LastError     string    `gorm:"size:200;not null;default:''"`
	NextAttemptAt time.Time `gorm:"not null;index:ix_outbox_due,priority:2"` // also the lease of a claimed message
	LastAttemptAt *time.Time
	CreatedAt     time.Time
	SentAt        *time.Time
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// queueMessage queues the message of an invitation (first sent or resent), making any earlier
// one still waiting obsolete. An empty channel queues nothing: the invitee is not reached by us.
func queueMessage(tx *gorm.DB, kind string, subjectID, partnerID uint64, channel, recipient, token string, now time.Time) error {
	if err := obsoleteMessages(tx, kind, subjectID); err != nil {
		return err
	}
	if channel == "" || recipient == "" {
		return nil
	}
	return tx.Create(&OutboundMessage{Channel: channel, Recipient: recipient, PartnerID: partnerID, Kind: kind,
		SubjectID: subjectID, TokenHash: tokenHash(token), Status: MessagePending, NextAttemptAt: now, CreatedAt: now}).Error
}

// obsoleteMessages withdraws an invitation's messages not yet sent.
func obsoleteMessages(tx *gorm.DB, kind string, subjectID uint64) error {
	return tx.Model(&OutboundMessage{}).Where("kind = ? AND subject_id = ? AND status = ?", kind, subjectID, MessagePending).
		Update("status", MessageObsolete).Error
}

// memberChannel is how a member invitation reaches its invitee: an invitation by account name is
// seen by the account when signed in, so nothing is sent.
func memberChannel(by string) string {
	switch by {
	case InviteByMobile:
		return ChannelSMS
	case InviteByEmail:
		return ChannelEmail
	}
	return ""
}

func queueMemberInvitation(tx *gorm.DB, inv *MemberInvitation, now time.Time) error {
	return queueMessage(tx, MessageMemberInvitation, inv.ID, inv.PartnerID, memberChannel(inv.By), inv.Target, inv.Token, now)
}

func queueResellerInvitation(tx *gorm.DB, inv *ResellerInvitation, now time.Time) error {
	channel := ""
	if inv.Email != "" {
		channel = ChannelEmail
	}
	return queueMessage(tx, MessageResellerInvitation, inv.ID, inv.DistributorID, channel, inv.Email, inv.Token, now)
}

// DueMessages lists the ids of the messages due on the channels a deliverer can send, oldest due
// first.
func DueMessages(ctx context.Context, db *gorm.DB, channels []string, now time.Time, limit int) ([]uint64, error) {
	var ids []uint64
	if len(channels) == 0 {
		return nil, nil
	}
	err := db.WithContext(ctx).Model(&OutboundMessage{}).
		Where("status = ? AND next_attempt_at <= ? AND channel IN ?", MessagePending, now.UTC(), channels).
		Order("next_attempt_at, id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}

// InvitationMessage is what a message says, read from its invitation when it is delivered.
type InvitationMessage struct {
	Message     OutboundMessage
	PartnerName string // the inviting partner
	InviterName string // the member who created the invitation
	CompanyName string // a reseller invitation's invitee, if named
	Token       string
	ExpiresAt   time.Time
	Ticket      *TicketNotice // a ticket's notification instead of an invitation (ticket_notice.go)
}

// ClaimMessage takes a due message for one delivery attempt. Only one deliverer gets it: the claim
// moves its next attempt past the lease in an UPDATE conditional on its being due, and whoever
// changed no row lost the race (nil, nil). A message whose invitation is no longer pending, or was
// resent since it was queued, becomes obsolete instead (also nil, nil).
func ClaimMessage(ctx context.Context, db *gorm.DB, id uint64, now time.Time) (*InvitationMessage, error) {
	now = now.UTC()
	var out *InvitationMessage
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&OutboundMessage{}).Where("id = ? AND status = ? AND next_attempt_at <= ?", id, MessagePending, now).
			Update("next_attempt_at", now.Add(DeliveryLease))
		if res.Error != nil || res.RowsAffected != 1 {
			return res.Error
		}
		var m OutboundMessage
		if err := tx.First(&m, id).Error; err != nil {
			return err
		}
		im, err := messageContent(tx, &m, now)
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) { // what it was for is gone: obsolete
			return err
		}
		if im == nil {
			return tx.Model(&m).Update("status", MessageObsolete).Error
		}
		out = im
		return nil
	})
	return out, err
}

// messageContent reads the message's invitation as it is now, or nil if it should not be sent.
func messageContent(tx *gorm.DB, m *OutboundMessage, now time.Time) (*InvitationMessage, error) {
	im := &InvitationMessage{Message: *m}
	var state string
	var createdBy, partnerID uint64
	switch m.Kind {
	case MessageTicket:
		return ticketNotice(tx, im)
	case MessageMemberInvitation:
		var inv MemberInvitation
		if err := tx.First(&inv, m.SubjectID).Error; err != nil {
			return nil, err
		}
		state, createdBy, partnerID, im.Token, im.ExpiresAt = inv.State(now), inv.CreatedByID, inv.PartnerID, inv.Token, inv.ExpiresAt
	case MessageResellerInvitation:
		var inv ResellerInvitation
		if err := tx.First(&inv, m.SubjectID).Error; err != nil {
			return nil, err
		}
		state, createdBy, partnerID, im.Token, im.ExpiresAt = inv.State(now), inv.CreatedByID, inv.DistributorID, inv.Token, inv.ExpiresAt
		im.CompanyName = inv.CompanyName
	default:
		return nil, nil
	}
	if state != MemberInvitePending || tokenHash(im.Token) != m.TokenHash {
		return nil, nil
	}
	var p Partner
	var u User
	if err := firstErr(tx.First(&p, partnerID).Error, tx.First(&u, createdBy).Error); err != nil {
		return nil, err
	}
	im.PartnerName, im.InviterName = p.Name, u.DisplayName
	return im, nil
}

// RecordDelivery records the outcome of a claimed message's attempt: sent, or retried later
// (1 min, 5 min, 30 min, 2 h) until the MaxDeliveryAttempts-th failure gives it up.
func RecordDelivery(ctx context.Context, db *gorm.DB, id uint64, sendErr error, now time.Time) error {
	now = now.UTC()
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var m OutboundMessage
		if err := tx.First(&m, id).Error; err != nil {
			return notFound(err)
		}
		m.Attempts++
		set := map[string]any{"attempts": m.Attempts, "last_attempt_at": now}
		q := tx.Model(&OutboundMessage{}).Where("id = ?", id)
		switch {
		case sendErr == nil: // it went out, even if its invitation was resent meanwhile
			set["status"], set["sent_at"], set["last_error"] = MessageSent, now, ""
			q = q.Where("status <> ?", MessageSent)
		case m.Attempts >= MaxDeliveryAttempts:
			set["status"], set["last_error"] = MessageFailed, shortError(sendErr)
			q = q.Where("status = ?", MessagePending)
		default:
			set["next_attempt_at"], set["last_error"] = now.Add(deliveryBackoff[m.Attempts-1]), shortError(sendErr)
			q = q.Where("status = ?", MessagePending)
		}
		return q.Updates(set).Error
	})
}

// shortError is an error's text cut to what the column holds. Senders keep secrets (passwords,
// webhook URLs) out of their errors.
func shortError(err error) string {
	s := err.Error()
	if len(s) <= 200 {
		return s
	}
	s = s[:200]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// InvitationDeliveries is the latest message of each of the acting partner's invitations of one
// kind, by invitation id; an invitation with none is absent.
func InvitationDeliveries(ctx context.Context, db *gorm.DB, a Actor, kind string, ids []uint64) (map[uint64]OutboundMessage, error) {
	out := map[uint64]OutboundMessage{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []OutboundMessage
	err := db.WithContext(ctx).Where("kind = ? AND subject_id IN ? AND partner_id = ?", kind, ids, a.PartnerID).
		Order("id").Find(&rows).Error
	for _, m := range rows {
		out[m.SubjectID] = m // ascending ids: the latest wins
	}
	return out, err
}
