package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ResellerInvitationTTL is how long a reseller invitation link stays valid.
const ResellerInvitationTTL = 7 * 24 * time.Hour

// ResellerInvitation is a master distributor's invitation to a company to become its cloud
// reseller (云经销商): the link creates the reseller partner and its admin.
type ResellerInvitation struct {
	ID            uint64 `gorm:"primaryKey"`
	DistributorID uint64 `gorm:"not null;index"`
	CompanyName   string `gorm:"size:256;not null;default:''"` // a hint the invitee may correct
	Email         string `gorm:"size:128;not null;default:''"`
	Token         string `gorm:"size:64;not null;uniqueIndex" json:"-"`
	Status        string `gorm:"size:16;not null"` // MemberInvite* statuses
	CreatedByID   uint64 `gorm:"not null"`
	CreatedAt     time.Time
	ExpiresAt     time.Time
	AcceptedAt    *time.Time
	ResellerID    *uint64
	Distributor   Partner `gorm:"-" json:"-"` // loaded by ResellerInvitationByToken
}

// State is pending, accepted, revoked or expired, as of now.
func (i *ResellerInvitation) State(now time.Time) string {
	if i.Status == MemberInvitePending && !now.Before(i.ExpiresAt) {
		return MemberInviteExpired
	}
	return i.Status
}

func (a Actor) masterDistributor(tx *gorm.DB) (*Partner, error) {
	if !a.isPartner(RoleAdmin) {
		return nil, ErrForbidden
	}
	var p Partner
	if err := tx.First(&p, a.PartnerID).Error; err != nil {
		return nil, notFound(err)
	}
	if p.Kind != MasterDistributor {
		return nil, ErrForbidden
	}
	return &p, nil
}

// InviteReseller creates a reseller invitation link.
func InviteReseller(ctx context.Context, db *gorm.DB, a Actor, companyName, email string, now time.Time) (*ResellerInvitation, error) {
	now = now.UTC()
	companyName, err := companyText.Clean(companyName)
	if err != nil {
		return nil, err
	}
	if email != "" {
		if email, err = ParseEmail(email); err != nil {
			return nil, err
		}
	}
	var inv *ResellerInvitation
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := a.masterDistributor(tx)
		if err != nil {
			return err
		}
		inv = &ResellerInvitation{DistributorID: p.ID, CompanyName: companyName, Email: email,
			Token: randomHex(24), Status: MemberInvitePending, CreatedByID: a.UserID, CreatedAt: now, ExpiresAt: now.Add(ResellerInvitationTTL)}
		if err := tx.Create(inv).Error; err != nil {
			return err
		}
		if err := queueResellerInvitation(tx, inv, now); err != nil {
			return err
		}
		return audit(tx, a, p.ID, "reseller.invite", "reseller_invitation", inv.ID, nil, inv)
	})
	return inv, err
}

// ListResellerInvitations lists the acting master distributor's reseller invitations.
func ListResellerInvitations(ctx context.Context, db *gorm.DB, a Actor) ([]ResellerInvitation, error) {
	if _, err := a.masterDistributor(db.WithContext(ctx)); err != nil {
		return nil, err
	}
	var out []ResellerInvitation
	err := db.WithContext(ctx).Where("distributor_id = ?", a.PartnerID).Order("id DESC").Limit(50).Find(&out).Error
	return out, err
}

// distributorInvitation loads one of the acting master distributor's invitations; another
// partner's is not found.
func distributorInvitation(tx *gorm.DB, a Actor, id uint64) (*ResellerInvitation, error) {
	p, err := a.masterDistributor(tx)
	if err != nil {
		return nil, err
	}
	var inv ResellerInvitation
	if err := tx.Where("id = ? AND distributor_id = ?", id, p.ID).First(&inv).Error; err != nil {
		return nil, notFound(err)
	}
	return &inv, nil
}

// ResendResellerInvitation gives a pending (or expired) invitation a new link valid for another
// 7 days; the old link stops working. Unlike a member invitation's it counts toward no daily
// limit: a reseller link is handed over by the distributor, not sent by us.
func ResendResellerInvitation(ctx context.Context, db *gorm.DB, a Actor, id uint64, now time.Time) (*ResellerInvitation, error) {
	now = now.UTC()
	var inv *ResellerInvitation
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if inv, err = distributorInvitation(tx, a, id); err != nil {
			return err
		}
		if err := pendingInvite(inv.Status); err != nil {
			return err
		}
		before := *inv
		if err := replaceLink(tx, MessageResellerInvitation, inv.ID, inv.Token, now); err != nil {
			return err
		}
		inv.Token, inv.ExpiresAt = randomHex(24), now.Add(ResellerInvitationTTL)
		if err := tx.Model(inv).Updates(map[string]any{"token": inv.Token, "expires_at": inv.ExpiresAt}).Error; err != nil {
			return err
		}
		if err := queueResellerInvitation(tx, inv, now); err != nil {
			return err
		}
		return audit(tx, a, inv.DistributorID, "reseller.invite_resend", "reseller_invitation", inv.ID, before, inv)
	})
	return inv, err
}

// RevokeResellerInvitation withdraws a pending invitation: its link stops working.
func RevokeResellerInvitation(ctx context.Context, db *gorm.DB, a Actor, id uint64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := distributorInvitation(tx, a, id)
		if err != nil {
			return err
		}
		if err := pendingInvite(inv.Status); err != nil {
			return err
		}
		before := map[string]string{"company_name": inv.CompanyName, "status": inv.Status}
		if err := tx.Model(inv).Update("status", MemberInviteRevoked).Error; err != nil {
			return err
		}
		if err := obsoleteMessages(tx, MessageResellerInvitation, inv.ID); err != nil {
			return err
		}
		return audit(tx, a, inv.DistributorID, "reseller.invite_revoke", "reseller_invitation", inv.ID, before,
			map[string]string{"company_name": inv.CompanyName, "status": MemberInviteRevoked})
	})
}

// ResellerInvitationByToken loads the invitation behind a link, with its master distributor.
func ResellerInvitationByToken(ctx context.Context, db *gorm.DB, token string) (*ResellerInvitation, error) {
	if len(token) == 0 || len(token) > 64 {
		return nil, ErrNotFound
	}
	var inv ResellerInvitation
	if err := db.WithContext(ctx).Where("token = ?", token).First(&inv).Error; err != nil {
		return nil, replacedOr(db.WithContext(ctx), MessageResellerInvitation, token, notFound(err))
	}
	return &inv, db.WithContext(ctx).First(&inv.Distributor, inv.DistributorID).Error
}

// CheckResellerInvitation tells who opened a link why it could not accept it, or nil: the link is
// for a new company, so a signed-in user must sign out first.
func CheckResellerInvitation(a Actor, inv *ResellerInvitation, now time.Time) error {
	if err := usableInvite(inv.State(now.UTC())); err != nil {
		return err
	}
	if a.UserID != 0 {
		return ErrInvitationOtherUser
	}
	return nil
}

// Errors of the company a reseller invitee names.
var (
	ErrCompanyRequired = newError("CBC.0100", "err.company_required", "the company name is required")
	ErrCompanyTooLong  = newError("CBC.0100", "err.company_too_long", "the company name is too long")
)

// NewReseller is what the invitee fills in: its company and its admin's sign-in.
type NewReseller struct {
	CompanyName string
	Mobile      string
	Admin       NewSignIn
}

// check refuses what the invitee filled in, every field's refusal at once (FieldErrors).
func (in *NewReseller) check() error {
	var errs FieldErrors
	var err error
	if in.CompanyName, err = companyText.Clean(in.CompanyName); err != nil {
		errs = append(errs, asFieldError("company", err))
	} else if in.CompanyName == "" {
		errs = append(errs, &FieldError{Field: "company", Err: ErrCompanyRequired})
	}
	if in.Mobile != "" {
		if in.Mobile, err = ParseMobile(in.Mobile); err != nil {
			errs = append(errs, asFieldError("mobile", err))
		}
	}
	return append(errs, in.Admin.fieldErrors()...).orNil()
}

// AcceptResellerInvitation creates the cloud reseller under the inviting master distributor, with
// the invitee as its admin.
func AcceptResellerInvitation(ctx context.Context, db *gorm.DB, a Actor, token string, in NewReseller, now time.Time) (*Partner, error) {
	now = now.UTC()
	if err := in.check(); err != nil {
		return nil, err
	}
	var p *Partner
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := ResellerInvitationByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := CheckResellerInvitation(a, inv, now); err != nil {
			return err
		}
		name, _ := ParseAccountName(in.Admin.Username)
		p = &Partner{DomainID: randomHex(16), AccountName: name, Name: in.CompanyName, Kind: Reseller,
			DistributorID: &inv.DistributorID, Email: inv.Email, Mobile: in.Mobile, JoinedAt: now, ProgramSince: &now}
		if err := tx.Create(p).Error; err != nil {
			return duplicateAs(err, ErrUsernameTaken)
		}
		if err := indexPartner(tx, p); err != nil {
			return err
		}
		pi := MemberInvitation{PartnerID: p.ID, By: InviteByEmail, Target: inv.Email}
		u, err := createMember(tx, &pi, in.Admin, now)
		if err != nil {
			return err
		}
		if err := tx.Model(u).Update("roles", Roles(RoleAdmin|RoleSales)).Error; err != nil {
			return err
		}
		res := tx.Model(inv).Where("status = ?", MemberInvitePending).Updates(map[string]any{"status": MemberInviteAccepted, "accepted_at": now, "reseller_id": p.ID})
		if res.Error != nil || res.RowsAffected != 1 {
			return firstErr(res.Error, ErrInvitationUsed)
		}
		a.UserID = u.ID
		if err := audit(tx, a, inv.DistributorID, "reseller.join", "partner", p.ID, nil, p); err != nil {
			return err
		}
		return audit(tx, a, p.ID, "reseller.join", "partner", p.ID, nil, p)
	})
	return p, err
}

// ResellerDetail is one of a master distributor's resellers as its detail page shows it.
type ResellerDetail struct {
	Reseller  Partner
	Admins    []User
	Balance   Money
	Customers []Customer // the most recent ones
	Total     int64      // all its customers
}

// GetResellerDetail loads one of the acting master distributor's resellers; any other id is not
// found.
func GetResellerDetail(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*ResellerDetail, error) {
	if a.Kind != PartnerUser {
		return nil, ErrForbidden
	}
	r, err := resellerOf(ctx, db, a, id)
	if err != nil {
		return nil, err
	}
	out := &ResellerDetail{Reseller: *r}
	q := db.WithContext(ctx)
	if err := q.Where("partner_id = ? AND roles & ? <> 0", r.ID, RoleAdmin).Limit(20).Find(&out.Admins).Error; err != nil {
		return nil, err
	}
	b, err := balancesOf(ctx, db, r.ID)
	if err != nil {
		return nil, err
	}
	out.Balance = b.Cash
	if err := q.Model(&Customer{}).Where("partner_id = ?", r.ID).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	err = q.Where("partner_id = ?", r.ID).Order("associated_on DESC, id DESC").Limit(10).Find(&out.Customers).Error
	return out, err
}
