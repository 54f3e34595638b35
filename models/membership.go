package models

import (
	"context"

	"gorm.io/gorm"
)

// ListMembers lists the acting partner's members with their roles and last sign-in. Every member
// may see who is in the team; only admins change it.
func ListMembers(ctx context.Context, db *gorm.DB, a Actor) ([]User, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	var out []User
	err := db.WithContext(ctx).Where("partner_id = ? AND kind = ?", a.PartnerID, PartnerUser).Order("id").Limit(1000).Find(&out).Error
	return out, err
}

func partnerMember(tx *gorm.DB, a Actor, userID uint64) (*User, error) {
	if !a.isPartner(RoleAdmin) {
		return nil, ErrForbidden
	}
	var u User
	if err := tx.Where("id = ? AND partner_id = ? AND kind = ?", userID, a.PartnerID, PartnerUser).First(&u).Error; err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// otherAdmins counts the partner's admins other than userID.
func otherAdmins(tx *gorm.DB, partnerID, userID uint64) (int64, error) {
	var n int64
	err := tx.Model(&User{}).Where("partner_id = ? AND kind = ? AND id <> ? AND disabled = ? AND roles & ? <> 0",
		partnerID, PartnerUser, userID, false, RoleAdmin).Count(&n).Error
	return n, err
}

// SetMemberRoles changes a member's roles. The partner always keeps an admin.
func SetMemberRoles(ctx context.Context, db *gorm.DB, a Actor, userID uint64, roles Roles) error {
	if !validRoles(roles) {
		return ErrNoRoles
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := partnerMember(tx, a, userID)
		if err != nil {
			return err
		}
		if u.Roles == roles {
			return nil
		}
		if u.Roles.Has(RoleAdmin) && !roles.Has(RoleAdmin) {
			if n, err := otherAdmins(tx, a.PartnerID, u.ID); err != nil || n == 0 {
				return firstErr(err, ErrLastAdmin)
			}
		}
		before := memberAudit(u)
		if err := tx.Model(u).Update("roles", roles).Error; err != nil {
			return err
		}
		u.Roles = roles
		return audit(tx, a, a.PartnerID, "member.roles", "user", u.ID, before, memberAudit(u))
	})
}

// RemoveMember takes a member out of the partner: the sign-in stays (its history in the audit log
// names it) but belongs to no partner and holds no role, so it reaches nothing, its access keys
// and its open sessions included. The last admin cannot be removed.
func RemoveMember(ctx context.Context, db *gorm.DB, a Actor, userID uint64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := partnerMember(tx, a, userID)
		if err != nil {
			return err
		}
		if u.Roles.Has(RoleAdmin) {
			if n, err := otherAdmins(tx, a.PartnerID, u.ID); err != nil || n == 0 {
				return firstErr(err, ErrLastAdmin)
			}
		}
		before := memberAudit(u)
		if err := tx.Model(u).Updates(map[string]any{"partner_id": nil, "roles": 0}).Error; err != nil {
			return err
		}
		if err := tx.Model(&AccessKey{}).Where("user_id = ?", u.ID).Update("status", AccessKeyDisabled).Error; err != nil {
			return err
		}
		if err := endSessions(tx, u.ID); err != nil { // signed in as a member, it is one no more
			return err
		}
		return audit(tx, a, a.PartnerID, "member.remove", "user", u.ID, before, map[string]any{"username": u.Username, "partner_id": nil})
	})
}
