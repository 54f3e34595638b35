package models

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// AllPaths lists the development paths in display order.
var AllPaths = []string{PathService, PathConsult, PathLearning}

// PartnerPath is a partner's enrolment on a development path; Partner.Paths lists the same codes
// for the queries that only need to know which.
type PartnerPath struct {
	PartnerID  uint64 `gorm:"primaryKey;autoIncrement:false"`
	Path       string `gorm:"primaryKey;size:16"`
	EnrolledAt time.Time
}

// Distribution-program invitation statuses.
const (
	DistributionPending  = "pending"
	DistributionAccepted = "accepted"
	DistributionRevoked  = "revoked"
)

// DistributionInvitation is the operator's invitation of a partner into the distribution program,
// sent after offline contact; the partner accepts it in its console.
type DistributionInvitation struct {
	ID          uint64 `gorm:"primaryKey"`
	PartnerID   uint64 `gorm:"not null;index"`
	Status      string `gorm:"size:16;not null"`
	Note        string `gorm:"size:500;not null;default:''"`
	CreatedByID uint64 `gorm:"not null"`
	CreatedAt   time.Time
	DecidedAt   *time.Time
}

func operatorPartner(tx *gorm.DB, a Actor, partnerID uint64) (*Partner, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var p Partner
	if err := tx.First(&p, partnerID).Error; err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// EnrolSolutionProvider puts a network member into the solution provider program.
func EnrolSolutionProvider(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64, now time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := operatorPartner(tx, a, partnerID)
		if err != nil {
			return err
		}
		if p.Kind != NetworkMember {
			return ErrInProgram
		}
		return setProgram(tx, a, p, SolutionProvider, "program.enrol", now)
	})
}

func setProgram(tx *gorm.DB, a Actor, p *Partner, kind PartnerKind, action string, now time.Time) error {
	before := map[string]any{"kind": p.Kind}
	now = now.UTC()
	if err := tx.Model(p).Updates(map[string]any{"kind": kind, "program_since": now}).Error; err != nil {
		return err
	}
	return audit(tx, a, p.ID, action, "partner", p.ID, before, map[string]any{"kind": kind, "program_since": now})
}

// SetPath enrols the partner on a development path or takes it off it.
func SetPath(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64, path string, on bool, now time.Time) error {
	if !slices.Contains(AllPaths, path) {
		return ErrInvalidInput
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := operatorPartner(tx, a, partnerID)
		if err != nil {
			return err
		}
		paths := p.PathList()
		if slices.Contains(paths, path) == on {
			return nil // already so: nothing changes, nothing to record
		}
		if on {
			err = tx.Create(&PartnerPath{PartnerID: p.ID, Path: path, EnrolledAt: now.UTC()}).Error
			paths = append(paths, path)
		} else {
			err = tx.Where("partner_id = ? AND path = ?", p.ID, path).Delete(&PartnerPath{}).Error
			paths = slices.DeleteFunc(paths, func(s string) bool { return s == path })
		}
		if err != nil {
			return err
		}
		ordered := slices.DeleteFunc(slices.Clone(AllPaths), func(s string) bool { return !slices.Contains(paths, s) })
		before := map[string]any{"paths": p.Paths} // Update below sets p.Paths too
		if err := tx.Model(p).Update("paths", strings.Join(ordered, ",")).Error; err != nil {
			return err
		}
		return audit(tx, a, p.ID, "program.path", "partner", p.ID, before, map[string]any{"paths": p.Paths})
	})
}

// InviteToDistribution invites a partner in no program into the distribution program.
func InviteToDistribution(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64, note string, now time.Time) (*DistributionInvitation, error) {
	var inv *DistributionInvitation
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := operatorPartner(tx, a, partnerID)
		if err != nil {
			return err
		}
		if note, err = noteText.Clean(note); err != nil {
			return err
		}
		if p.Kind != NetworkMember {
			return ErrInProgram
		}
		var n int64
		if err := tx.Model(&DistributionInvitation{}).Where("partner_id = ? AND status = ?", p.ID, DistributionPending).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrAlreadyInvited
		}
		inv = &DistributionInvitation{PartnerID: p.ID, Status: DistributionPending, Note: note, CreatedByID: a.UserID, CreatedAt: now.UTC()}
		if err := tx.Create(inv).Error; err != nil {
			return err
		}
		return audit(tx, a, p.ID, "program.distribution_invite", "distribution_invitation", inv.ID, nil, inv)
	})
	return inv, err
}

// RevokeDistributionInvitation withdraws a pending invitation.
func RevokeDistributionInvitation(ctx context.Context, db *gorm.DB, a Actor, id uint64, now time.Time) error {
	if a.Kind != OperatorUser {
		return ErrForbidden
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var inv DistributionInvitation
		if err := tx.First(&inv, id).Error; err != nil {
			return notFound(err)
		}
		return decideDistribution(tx, a, &inv, DistributionRevoked, now)
	})
}

func decideDistribution(tx *gorm.DB, a Actor, inv *DistributionInvitation, status string, now time.Time) error {
	res := tx.Model(inv).Where("status = ?", DistributionPending).Updates(map[string]any{"status": status, "decided_at": now.UTC()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrNotPending
	}
	return audit(tx, a, inv.PartnerID, "program.distribution_"+status, "distribution_invitation", inv.ID,
		map[string]string{"status": DistributionPending}, map[string]string{"status": status})
}

// PendingDistributionInvitation is the acting partner's invitation into the distribution program
// awaiting its answer, or nil.
func PendingDistributionInvitation(ctx context.Context, db *gorm.DB, a Actor) (*DistributionInvitation, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	var inv DistributionInvitation
	err := db.WithContext(ctx).Where("partner_id = ? AND status = ?", a.PartnerID, DistributionPending).First(&inv).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &inv, err
}

// AcceptDistribution makes the acting admin's partner a master distributor. From then on the
// account it joined from has no customer identity: nothing may be bought with it.
func AcceptDistribution(ctx context.Context, db *gorm.DB, a Actor, id uint64, now time.Time) error {
	if !a.isPartner(RoleAdmin) {
		return ErrForbidden
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var inv DistributionInvitation
		if err := tx.Where("id = ? AND partner_id = ?", id, a.PartnerID).First(&inv).Error; err != nil {
			return notFound(err)
		}
		var p Partner
		if err := tx.First(&p, a.PartnerID).Error; err != nil {
			return err
		}
		if p.Kind != NetworkMember {
			return ErrInProgram
		}
		if err := decideDistribution(tx, a, &inv, DistributionAccepted, now); err != nil {
			return err
		}
		return setProgram(tx, a, &p, MasterDistributor, "program.distribution_join", now)
	})
}

// SetExpandPermission grants or revokes a master distributor's customer-expansion permission.
func SetExpandPermission(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64, grant bool, now time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := operatorPartner(tx, a, partnerID)
		if err != nil {
			return err
		}
		if p.Kind != MasterDistributor {
			return ErrNotMasterDistributor
		}
		if p.CanExpand == grant {
			return nil
		}
		upd := map[string]any{"can_expand": grant}
		if grant {
			upd["expand_granted_at"] = now.UTC()
		}
		if err := tx.Model(p).Updates(upd).Error; err != nil {
			return err
		}
		return audit(tx, a, p.ID, "permission.expand", "partner", p.ID, map[string]bool{"can_expand": !grant}, map[string]bool{"can_expand": grant})
	})
}

// CustomerMayBuy refuses a purchase for a customer account that belongs to a master distributor: in the
// distribution program the account lost its customer identity.
func CustomerMayBuy(tx *gorm.DB, customerID uint64) error { // every purchase path asks this
	var n int64
	if err := tx.Model(&Partner{}).Where("customer_id = ? AND kind = ?", customerID, MasterDistributor).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return ErrNoCustomerIdentity
	}
	return nil
}

// PartnerProfile is a partner as its profile page shows it.
type PartnerProfile struct {
	Partner      Partner
	Paths        []PartnerPath
	Distribution *DistributionInvitation // pending invitation into the distribution program
	Distributor  *Partner                // a reseller's master distributor
	Admins       []User
	Members      int64
}

// GetPartnerProfile loads a partner's profile: the operator any partner's, a member its own.
func GetPartnerProfile(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64) (*PartnerProfile, error) {
	if a.Kind != OperatorUser && (a.Kind != PartnerUser || a.PartnerID != partnerID) {
		return nil, ErrNotFound
	}
	out := &PartnerProfile{}
	q := db.WithContext(ctx)
	if err := q.First(&out.Partner, partnerID).Error; err != nil {
		return nil, notFound(err)
	}
	if err := q.Where("partner_id = ?", partnerID).Order("enrolled_at").Find(&out.Paths).Error; err != nil {
		return nil, err
	}
	var inv DistributionInvitation
	if err := q.Where("partner_id = ? AND status = ?", partnerID, DistributionPending).Limit(1).Find(&inv).Error; err != nil {
		return nil, err
	} else if inv.ID != 0 {
		out.Distribution = &inv
	}
	if d := out.Partner.DistributorID; d != nil {
		out.Distributor, _ = GetPartner(ctx, db, *d)
	}
	if err := q.Where("partner_id = ? AND kind = ? AND roles & ? <> 0", partnerID, PartnerUser, RoleAdmin).Order("id").Limit(20).Find(&out.Admins).Error; err != nil {
		return nil, err
	}
	err := q.Model(&User{}).Where("partner_id = ? AND kind = ?", partnerID, PartnerUser).Count(&out.Members).Error
	return out, err
}

// PartnerFilter selects partners in the operator's list.
type PartnerFilter struct {
	Q           string // account name or name, substring
	Kind        PartnerKind
	Page, Limit int
}

// PartnerList is one page of partners.
type PartnerList struct {
	Rows  []Partner
	Total int64
}

// ListPartners lists every partner for the operator, newest first.
func ListPartners(ctx context.Context, db *gorm.DB, a Actor, f PartnerFilter) (*PartnerList, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&Partner{})
	if f.Q != "" {
		q = store.LikeScope(q, "partners", f.Q, "account_name", "name")
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	out := &PartnerList{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	l, off := pageBounds(f.Page, f.Limit)
	err := q.Order("id DESC").Limit(l).Offset(off).Find(&out.Rows).Error
	return out, err
}
