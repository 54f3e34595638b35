package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Application statuses.
const (
	ApplicationPending  = "pending"
	ApplicationApproved = "approved"
	ApplicationRejected = "rejected"
)

// PartnerApplication is a customer account's application to join the partner network (加入合作伙伴网络).
type PartnerApplication struct {
	ID          uint64 `gorm:"primaryKey"`
	CustomerID  uint64 `gorm:"not null;index"`
	UserID      uint64 `gorm:"not null"`
	CompanyName string `gorm:"size:256;not null"` // the verified enterprise name at the time of applying
	Contact     string `gorm:"size:128;not null;default:''"`
	Intro       string `gorm:"size:1000;not null;default:''"`
	Status      string `gorm:"size:16;not null;index"`
	Note        string `gorm:"size:500;not null;default:''"` // the operator's note on approval
	Reason      string `gorm:"size:500;not null;default:''"` // why it was rejected; the applicant sees it
	CreatedAt   time.Time
	DecidedAt   *time.Time
	DecidedByID *uint64
	PartnerID   *uint64 // the partner made on approval
}

// ApplicationInput is what an applicant writes.
type ApplicationInput struct {
	Contact string // a mobile number or email for the ecosystem manager
	Intro   string
}

// MaxContactLen bounds an applicant's contact, in characters.
const MaxContactLen = 128

// Errors of an application and its decision.
var (
	ErrContactRequired = newError("CBC.0100", "err.contact_required", "a contact is required")
	ErrContactTooLong  = newError("CBC.0100", "err.contact_too_long", "the contact is longer than 128 characters")
)

// ReasonRequiredError is ErrReasonRequired for one item of a queue, named (the applicant's company,
// the customer's account), so that the page can say which one still needs its reason.
type ReasonRequiredError struct{ Name string }

func (e *ReasonRequiredError) Error() string { return ErrReasonRequired.Error() + ": " + e.Name }
func (e *ReasonRequiredError) Unwrap() error { return ErrReasonRequired }

// check cleans the input and refuses it without a contact: the ecosystem manager has no other way
// to reach the applicant.
func (in *ApplicationInput) check() error {
	var err error
	if in.Contact, err = contactText.Clean(in.Contact); err != nil {
		return err
	}
	if in.Contact == "" {
		return ErrContactRequired
	}
	in.Intro, err = introText.Clean(in.Intro)
	return err
}

// MayApply tells a customer why it may not apply to join the partner network, or nil: only an
// account verified as an enterprise may, and not while an application is under review.
func MayApply(c *Customer) error {
	switch {
	case c.CustomerType == CustomerPerson:
		return ErrNotEnterpriseVerified
	case c.VerifiedStatus != Verified || c.CustomerType != CustomerCorp:
		return ErrNotVerifiedYet
	}
	return nil
}

// ApplyToJoin files the acting customer's application to join the partner network.
func ApplyToJoin(ctx context.Context, db *gorm.DB, a Actor, in ApplicationInput, now time.Time) (*PartnerApplication, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var app *PartnerApplication
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Customer
		if err := tx.First(&c, a.CustomerID).Error; err != nil {
			return notFound(err)
		}
		if err := MayApply(&c); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&PartnerApplication{}).Where("customer_id = ? AND status = ?", c.ID, ApplicationPending).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrApplicationPending
		}
		// who may not apply is told so before being asked to correct the form
		if err := in.check(); err != nil {
			return err
		}
		app = &PartnerApplication{CustomerID: c.ID, UserID: a.UserID, CompanyName: c.RealName, Contact: in.Contact,
			Intro: in.Intro, Status: ApplicationPending, CreatedAt: now.UTC()}
		if err := tx.Create(app).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "application.create", "application", app.ID, nil, app)
	})
	return app, err
}

// LatestApplication is the acting customer's most recent application, or nil.
func LatestApplication(ctx context.Context, db *gorm.DB, a Actor) (*PartnerApplication, error) {
	if a.Kind != CustomerUser {
		return nil, ErrForbidden
	}
	var app PartnerApplication
	err := db.WithContext(ctx).Where("customer_id = ?", a.CustomerID).Order("id DESC").First(&app).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &app, err
}

// ApplicationList is one page of applications.
type ApplicationList struct {
	Rows  []PartnerApplication
	Total int64
}

// ListApplications lists applications for the operator, oldest pending first.
func ListApplications(ctx context.Context, db *gorm.DB, a Actor, status string, page, limit int) (*ApplicationList, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&PartnerApplication{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	out := &ApplicationList{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	l, off := pageBounds(page, limit)
	err := q.Order("CASE status WHEN 'pending' THEN 0 ELSE 1 END, id").Limit(l).Offset(off).Find(&out.Rows).Error
	return out, err
}

// pendingApplication loads an application the operator may still decide.
func pendingApplication(tx *gorm.DB, a Actor, id uint64) (*PartnerApplication, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var app PartnerApplication
	if err := tx.First(&app, id).Error; err != nil {
		return nil, notFound(err)
	}
	if app.Status != ApplicationPending {
		return nil, ErrNotPending
	}
	return &app, nil
}

// ApproveApplication admits the applicant to the partner network: a new partner (in no program
// yet) whose admin is the applying account. The account keeps its customer record, which the
// partner refers to.
func ApproveApplication(ctx context.Context, db *gorm.DB, a Actor, id uint64, note string, now time.Time) (*Partner, error) {
	now = now.UTC()
	var p *Partner
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		app, err := pendingApplication(tx, a, id)
		if err != nil {
			return err
		}
		if note, err = noteText.Clean(note); err != nil {
			return err
		}
		var c Customer
		if err := tx.First(&c, app.CustomerID).Error; err != nil {
			return err
		}
		var u User
		if err := tx.First(&u, app.UserID).Error; err != nil {
			return err
		}
		if u.Kind != CustomerUser {
			return ErrAlreadyPartner
		}
		p = &Partner{DomainID: c.DomainID, AccountName: c.AccountName, Name: c.RealName, Kind: NetworkMember,
			Email: c.Email, Mobile: c.Phone, JoinedAt: now, CustomerID: &c.ID}
		if err := tx.Create(p).Error; err != nil {
			return duplicateAs(err, ErrAlreadyPartner)
		}
		if err := indexPartner(tx, p); err != nil {
			return err
		}
		before := u
		if err := tx.Model(&u).Updates(map[string]any{"kind": PartnerUser, "partner_id": p.ID, "roles": Roles(RoleAdmin)}).Error; err != nil {
			return err
		}
		if err := tx.Model(app).Updates(map[string]any{"status": ApplicationApproved, "note": note, "decided_at": now,
			"decided_by_id": a.UserID, "partner_id": p.ID}).Error; err != nil {
			return err
		}
		if err := audit(tx, a, p.ID, "application.approve", "application", app.ID, nil, map[string]any{"note": note, "partner_id": p.ID}); err != nil {
			return err
		}
		return audit(tx, a, p.ID, "member.admin", "user", u.ID, memberAudit(&before), map[string]any{"partner_id": p.ID, "roles": roleNames(Roles(RoleAdmin))})
	})
	return p, err
}

// RejectApplication refuses an application with a reason the applicant sees. One already decided
// is refused as such before its reason is asked for.
func RejectApplication(ctx context.Context, db *gorm.DB, a Actor, id uint64, reason string, now time.Time) (*PartnerApplication, error) {
	var app *PartnerApplication
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if app, err = pendingApplication(tx, a, id); err != nil {
			return err
		}
		if reason, err = reasonText.Clean(reason); err != nil {
			return err
		}
		if reason == "" {
			return &ReasonRequiredError{Name: app.CompanyName}
		}
		if err := tx.Model(app).Updates(map[string]any{"status": ApplicationRejected, "reason": reason,
			"decided_at": now.UTC(), "decided_by_id": a.UserID}).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "application.reject", "application", app.ID, nil, map[string]string{"reason": reason})
	})
	return app, err
}
