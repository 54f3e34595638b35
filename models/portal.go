package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// CustomerHome is what a customer user sees on its portal's first page.
type CustomerHome struct {
	Customer    Customer
	Partner     *Partner     // the current partner, if associated
	Association *Association // the current association
	Invitations []Invitation // pending invitations addressed to the customer's enterprise
}

// GetCustomerHome loads the portal's first page for a customer user.
func GetCustomerHome(ctx context.Context, db *gorm.DB, a Actor, now time.Time) (*CustomerHome, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	c, err := CustomerForUser(ctx, db, a)
	if err != nil {
		return nil, err
	}
	h := &CustomerHome{Customer: *c}
	if c.AssociationID != nil {
		h.Association = &Association{}
		if err := db.WithContext(ctx).First(h.Association, *c.AssociationID).Error; err != nil {
			return nil, err
		}
		if h.Partner, err = GetPartner(ctx, db, h.Association.PartnerID); err != nil {
			return nil, err
		}
	}
	if c.EnterpriseID != nil {
		err = db.WithContext(ctx).Preload("Partner").Preload("Enterprise").
			Where("enterprise_id = ? AND status = ? AND expires_at > ?", *c.EnterpriseID, InvitationPending, now).
			Order("created_at DESC").Limit(50).Find(&h.Invitations).Error
	}
	return h, err
}

// InvitationByToken loads the invitation behind a link, with its partner and enterprise.
func InvitationByToken(ctx context.Context, db *gorm.DB, token string) (*Invitation, error) {
	if len(token) == 0 || len(token) > 64 {
		return nil, ErrNotFound
	}
	var inv Invitation
	err := db.WithContext(ctx).Preload("Partner").Preload("Enterprise").Where("token = ?", token).First(&inv).Error
	return &inv, notFound(err)
}

// AcceptInvitation associates the acting customer with the inviting partner in the invited mode.
// A customer associated with any partner is refused: it must end that association first. A
// customer verified as another enterprise cannot take an invitation addressed to this one. Into
// consignment, one with money of its own, or a top-up that may still bring some, is refused
// (refuseOwnBalance): it runs in the money line, which credits top-ups, so that no credit lands
// between that check and the association.
func AcceptInvitation(ctx context.Context, db *gorm.DB, a Actor, token string, now time.Time) (*Association, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var as *Association
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		inv, err := InvitationByToken(tx.Statement.Context, tx, token)
		if err != nil {
			return err
		}
		switch inv.State(now) {
		case InvitationExpired:
			return ErrInvitationExpired
		case InvitationAccepted:
			return ErrInvitationUsed
		}
		var c Customer
		if err := tx.First(&c, a.CustomerID).Error; err != nil {
			return notFound(err)
		}
		if err := mayAssociate(&c, inv); err != nil {
			return err
		}
		if err := CustomerMayBuy(tx, c.ID); err != nil {
			return err
		}
		if inv.Mode == Consignment {
			if err := refuseOwnBalance(tx, a, c.ID, now); err != nil {
				return err
			}
		}
		as, err = associate(tx, &c, &inv.Partner, inv.Mode, &inv.ID, now)
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return ErrAssociatedElsewhere // a concurrent acceptance won the race
		}
		if err != nil {
			return err
		}
		if c.EnterpriseID == nil && c.CustomerType != CustomerPerson {
			// the enterprise the link was sent to is the account's until real-name verification says otherwise
			if err := tx.Model(&c).Update("enterprise_id", inv.EnterpriseID).Error; err != nil {
				return err
			}
		}
		res := tx.Model(inv).Where("status = ?", InvitationPending).
			Updates(map[string]any{"status": InvitationAccepted, "accepted_at": now, "customer_id": c.ID})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrInvitationUsed
		}
		return audit(tx, a, inv.PartnerID, "association.create", "customer", c.ID, nil, as)
	})
	return as, err
}

// CheckAcceptable tells the acting customer, before it tries, why it could not accept inv: the
// same rules AcceptInvitation applies, or nil.
func CheckAcceptable(ctx context.Context, db *gorm.DB, a Actor, inv *Invitation) error {
	c, err := CustomerForUser(ctx, db, a)
	if err != nil {
		return err
	}
	return mayAssociate(c, inv)
}

func mayAssociate(c *Customer, inv *Invitation) error {
	if c.AssociationID != nil {
		if c.PartnerID != nil && *c.PartnerID == inv.PartnerID {
			return ErrAlreadyAssociated
		}
		return ErrAssociatedElsewhere
	}
	if c.EnterpriseID != nil && *c.EnterpriseID != inv.EnterpriseID {
		return ErrInvitationMismatch
	}
	return nil
}
