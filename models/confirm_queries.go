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
