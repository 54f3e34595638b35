package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// InvitationTTL is how long an association invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation statuses as stored; "expired" is derived from ExpiresAt for a pending invitation.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationExpired  = "expired"
	// InvitationSuperseded is never stored: it is how a pending invitation reads to a customer
	// already associated with a partner (it accepted another invitation, or joined otherwise).
	// The invitation cannot be accepted while the association lasts; ending it makes the
	// invitation pending again, if it has not expired.
	InvitationSuperseded = "superseded"
)

// Invitation invites an enterprise to associate with a partner in a mode (客户拓展 record).
type Invitation struct {
	ID           uint64    `gorm:"primaryKey"`
	PartnerID    uint64    `gorm:"not null;index:ix_inv_partner,priority:1"`
	EnterpriseID uint64    `gorm:"not null;index"`
	Mode         Mode      `gorm:"not null"`
	Token        string    `gorm:"size:64;not null;uniqueIndex" json:"-"`
	Status       string    `gorm:"size:16;not null;index:ix_inv_partner,priority:2"`
	CreatedByID  uint64    `gorm:"not null"`
	CreatedAt    time.Time `gorm:"not null;index:ix_inv_partner,priority:3"`
	ExpiresAt    time.Time `gorm:"not null"`
	ResentCount  int       `gorm:"not null;default:0"`
	AcceptedAt   *time.Time
	CustomerID   *uint64
	Enterprise   Enterprise `gorm:"foreignKey:EnterpriseID" json:"-"`
	Partner      Partner    `gorm:"foreignKey:PartnerID" json:"-"`
}

// StateFor is State as the customer c reads it: superseded while c is associated.
func (i *Invitation) StateFor(c *Customer, now time.Time) string {
	if st := i.State(now); st != InvitationPending || c.AssociationID == nil {
		return st
	}
	return InvitationSuperseded
}

// State is pending, accepted or expired, as of now.
func (i *Invitation) State(now time.Time) string {
	if i.Status == InvitationPending && !now.Before(i.ExpiresAt) {
		return InvitationExpired
	}
	return i.Status
}

// InviteInput is what a partner sends to invite an enterprise.
type InviteInput struct {
	EnterpriseID uint64
	Mode         Mode
}

// Invite creates an invitation link for an enterprise, valid InvitationTTL. A master distributor
// needs the customer-expansion permission; an enterprise already invited and still pending gets its
// existing invitation back instead of a second one.
func Invite(ctx context.Context, db *gorm.DB, a Actor, in InviteInput, now time.Time) (*Invitation, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	if !a.isPartner(RoleAdmin, RoleSales) {
		return nil, ErrForbidden
	}
	if in.Mode != Advisory && in.Mode != Consignment {
		return nil, ErrInvalidInput
	}
	var inv *Invitation
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := GetPartner(ctx, tx, a.PartnerID)
		if err != nil {
			return err
		}
		if !p.MayExpand() {
			return ErrNoExpandPermission
		}
		e, err := GetEnterprise(ctx, tx, in.EnterpriseID)
		if err != nil {
			return err
		}
		if e.Status != EnterpriseActive {
			return ErrEnterpriseInactive
		}
		var existing Invitation
		err = tx.Where("partner_id = ? AND enterprise_id = ? AND status = ? AND expires_at > ?",
			p.ID, e.ID, InvitationPending, now).First(&existing).Error
		if err == nil {
			inv = &existing
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		inv = &Invitation{PartnerID: p.ID, EnterpriseID: e.ID, Mode: in.Mode, Token: randomHex(24),
			Status: InvitationPending, CreatedByID: a.UserID, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
		if err := tx.Create(inv).Error; err != nil {
			return err
		}
		return audit(tx, a, p.ID, "invitation.create", "invitation", inv.ID, nil, inv)
	})
	return inv, err
}

// InvitationFilter selects expansion records.
type InvitationFilter struct {
	Status      string // "", pending, accepted, expired
	Page, Limit int
}

// InvitationList is one page of expansion records.
type InvitationList struct {
	Rows  []Invitation
	Total int64
}

// ListInvitations lists the acting partner's expansion records, newest first.
func ListInvitations(ctx context.Context, db *gorm.DB, a Actor, f InvitationFilter, now time.Time) (*InvitationList, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&Invitation{}).Where("partner_id = ?", a.PartnerID)
	switch f.Status {
	case InvitationPending:
		q = q.Where("status = ? AND expires_at > ?", InvitationPending, now)
	case InvitationExpired:
		q = q.Where("status = ? AND expires_at <= ?", InvitationPending, now)
	case InvitationAccepted:
		q = q.Where("status = ?", InvitationAccepted)
	}
	out := &InvitationList{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	l, off := pageBounds(f.Page, f.Limit)
	err := q.Preload("Enterprise").Order("created_at DESC, id DESC").Limit(l).Offset(off).Find(&out.Rows).Error
	return out, err
}

// ResendInvitation renews a pending or expired invitation: a new link, valid InvitationTTL from now.
// The old link stops working.
func ResendInvitation(ctx context.Context, db *gorm.DB, a Actor, id uint64, now time.Time) (*Invitation, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	if !a.isPartner(RoleAdmin, RoleSales) {
		return nil, ErrForbidden
	}
	var inv Invitation
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND partner_id = ?", id, a.PartnerID).First(&inv).Error; err != nil {
			return notFound(err)
		}
		if inv.Status != InvitationPending {
			return ErrInvitationUsed
		}
		before := inv
		inv.Token, inv.ExpiresAt, inv.ResentCount = randomHex(24), now.Add(InvitationTTL), inv.ResentCount+1
		if err := tx.Model(&inv).Updates(map[string]any{"token": inv.Token, "expires_at": inv.ExpiresAt,
			"resent_count": inv.ResentCount}).Error; err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "invitation.resend", "invitation", inv.ID, before, inv)
	})
	return &inv, err
}
