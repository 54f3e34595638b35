package models

import (
	"time"

	"gorm.io/gorm"
)

// Association statuses.
const (
	AssociationActive int8 = 1
	AssociationEnded  int8 = 2
)

// Association is the record of a customer's association with a partner. A customer has at most one
// active association at a time: the partial unique index refuses a second one even if two
// acceptances race.
type Association struct {
	ID           uint64 `gorm:"primaryKey"`
	CustomerID   uint64 `gorm:"not null;index;uniqueIndex:ux_assoc_active,where:status = 1"`
	PartnerID    uint64 `gorm:"not null;index"` // the direct partner: a reseller for a reseller's customer
	TopPartnerID uint64 `gorm:"not null"`       // the tier-1 partner that sees the customer
	Mode         Mode   `gorm:"not null"`
	Status       int8   `gorm:"not null"`
	AssociatedOn time.Time
	EndedOn      *time.Time
	InvitationID *uint64
}

// topPartnerOf is the tier-1 partner that sees p's customers: its master distributor for a reseller.
func topPartnerOf(p *Partner) uint64 {
	if p.Kind == Reseller && p.DistributorID != nil {
		return *p.DistributorID
	}
	return p.ID
}

// associate makes c a customer of p in mode, within tx. The caller has checked that c is not
// associated; the unique index catches a concurrent acceptance.
func associate(tx *gorm.DB, c *Customer, p *Partner, mode Mode, invitationID *uint64, now time.Time) (*Association, error) {
	as := &Association{CustomerID: c.ID, PartnerID: p.ID, TopPartnerID: topPartnerOf(p), Mode: mode,
		Status: AssociationActive, AssociatedOn: now, InvitationID: invitationID}
	if err := tx.Create(as).Error; err != nil {
		return nil, err
	}
	// a new partner starts with no label and no account manager of its own on the customer
	err := tx.Model(c).Updates(map[string]any{
		"association_id": as.ID, "partner_id": as.PartnerID, "top_partner_id": as.TopPartnerID,
		"mode": mode, "associated_on": now, "label": "", "account_manager_id": nil,
	}).Error
	if err != nil {
		return nil, err
	}
	return as, bumpCustomerCount(tx, p.ID, mode, c.VerifiedStatus, "", 1)
}
