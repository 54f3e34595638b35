package models

import (
	"context"

	"gorm.io/gorm"
)

// The objects of destructive actions, read for their confirmation step with the rules of the
// action itself (who may act, whose object it is, its state), so a confirmation never shows what
// the action would refuse. The action checks everything again when it runs.

// AccessKeyToDelete is one of the partner's keys, for the confirmation of its deletion.
func AccessKeyToDelete(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*AccessKey, error) {
	if !a.mayManageKeys() {
		return nil, ErrForbidden
	}
	return ownKey(db.WithContext(ctx), a, id)
}

// MemberInvitationToRevoke is one of the partner's pending member invitations.
func MemberInvitationToRevoke(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*MemberInvitation, error) {
	inv, err := partnerInvitation(db.WithContext(ctx), a, id)
	if err != nil {
		return nil, err
	}
	return inv, pendingInvite(inv.Status)
}

// ResellerInvitationToRevoke is one of the master distributor's pending reseller invitations.
func ResellerInvitationToRevoke(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*ResellerInvitation, error) {
	inv, err := distributorInvitation(db.WithContext(ctx), a, id)
	if err != nil {
		return nil, err
	}
	return inv, pendingInvite(inv.Status)
}

// DepositToReverse is a deposit the operator may still reverse, with its partner's name.
func DepositToReverse(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*DepositRecord, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var world Account
	if err := db.WithContext(ctx).Where("kind = ? AND partner_id IS NULL AND customer_id IS NULL", WorldAccount).First(&world).Error; err != nil {
		return nil, notFound(err)
	}
	var t Transfer
	if err := db.WithContext(ctx).Where("id = ? AND from_account_id = ? AND kind = ?", id, world.ID, KindDeposit).First(&t).Error; err != nil {
		return nil, notFound(err)
	}
	out := &DepositList{}
	if err := out.describe(ctx, db, world.ID, []Transfer{t}); err != nil {
		return nil, err
	}
	if out.Rows[0].Reversed {
		return nil, ErrAlreadyReversed
	}
	return &out.Rows[0], nil
}

// ChildQuotaToReclaim is a quota the acting master distributor gave one of its resellers, with
// the reseller, for the confirmation of taking back what it has left.
func ChildQuotaToReclaim(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*ChildQuota, error) {
	list, err := ListChildQuotas(ctx, db, a, ChildQuotaFilter{QuotaID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list.Rows) == 0 {
		return nil, ErrNotFound
	}
	if list.Rows[0].Balance == 0 {
		return nil, ErrQuotaEmpty
	}
	return &list.Rows[0], nil
}

// MemberToRemove is one of the partner's members, for the confirmation of its removal; the
// partner's last admin is refused here as the removal refuses it.
func MemberToRemove(ctx context.Context, db *gorm.DB, a Actor, userID uint64) (*User, error) {
	u, err := partnerMember(db.WithContext(ctx), a, userID)
	if err != nil {
		return nil, err
	}
	if u.Roles.Has(RoleAdmin) {
		if n, err := otherAdmins(db.WithContext(ctx), a.PartnerID, u.ID); err != nil || n == 0 {
			return nil, firstErr(err, ErrLastAdmin)
		}
	}
	return u, nil
}

// AuthorizationToRevoke is one of the acting customer's granted authorizations, with its partner.
func AuthorizationToRevoke(ctx context.Context, db *gorm.DB, a Actor, authID uint64) (*AuthorizationRow, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var z AuthorizationRow
	err := db.WithContext(ctx).Table("order_authorizations z").Select("z.*, p.name AS partner_name").
		Joins("JOIN partners p ON p.id = z.partner_id").Where("z.id = ? AND z.customer_id = ?", authID, a.CustomerID).Take(&z).Error
	if err != nil {
		return nil, notFound(err)
	}
	if z.Status != AuthGranted {
		return nil, ErrAuthorizationState
	}
	return &z, nil
}

// QuotaToChange is a quota the operator may freeze or invalidate now (the action's state rule),
// with its partner's name, for the confirmation.
func QuotaToChange(ctx context.Context, db *gorm.DB, a Actor, quotaID uint64, action string) (*CouponQuota, string, error) {
	if a.Kind != OperatorUser {
		return nil, "", ErrForbidden
	}
	var q CouponQuota
	if err := db.WithContext(ctx).First(&q, quotaID).Error; err != nil {
		return nil, "", notFound(err)
	}
	if _, err := quotaStatusAfter(&q, action); err != nil {
		return nil, "", err
	}
	var p Partner
	if err := db.WithContext(ctx).Select("name").First(&p, q.PartnerID).Error; err != nil {
		return nil, "", notFound(err)
	}
	return &q, p.Name, nil
}

// DiscountToRemove is one of customer customerID's discounts the actor may remove (its type is
// the actor's to set), for the confirmation of the removal.
func DiscountToRemove(ctx context.Context, db *gorm.DB, a Actor, customerID, id uint64) (*Discount, error) {
	var d Discount
	if err := db.WithContext(ctx).Where("id = ? AND customer_id = ?", id, customerID).Take(&d).Error; err != nil {
		return nil, notFound(err)
	}
	if _, err := mayDiscount(db.WithContext(ctx), a, d.CustomerID, d.Type); err != nil {
		return nil, err
	}
	return &d, nil
}

// SessionToEnd is another of the acting user's sessions, for the confirmation of ending it (the
// one it acts from is not found: it signs out instead).
func SessionToEnd(ctx context.Context, db *gorm.DB, a Actor, id, current uint64) (*Session, error) {
	if a.UserID == 0 {
		return nil, ErrForbidden
	}
	if id == current {
		return nil, ErrNotFound
	}
	var s Session
	if err := db.WithContext(ctx).Where("id = ? AND user_id = ?", id, a.UserID).Take(&s).Error; err != nil {
		return nil, notFound(err)
	}
	return &s, nil
}
