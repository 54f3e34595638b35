package models

import (
	"context"

	"gorm.io/gorm"
)

// FormerCustomer is a customer whose association with the acting partner has ended, as the
// partner may still read it: who it was, when the association began and ended, and (through
// ListAdjustRecords, whose transfers keep their partner) the money it moved for it. Nothing can
// be done to it any more.
type FormerCustomer struct {
	Customer    Customer
	Association Association // the latest ended association with the acting partner (or, for a master distributor, one of its resellers)
	Partner     Partner     // the association's direct partner
}

// GetFormerCustomer loads a customer the acting partner (or one of a master distributor's
// resellers) was associated with and is no more. A customer it is associated with now, or never
// was, is not found here.
func GetFormerCustomer(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*FormerCustomer, error) {
	_, p, err := customerScope(ctx, db, a)
	if err != nil {
		return nil, err
	}
	var f FormerCustomer
	q := db.WithContext(ctx).Where("customer_id = ? AND status = ?", id, AssociationEnded)
	if p.Kind == MasterDistributor {
		q = q.Where("top_partner_id = ?", p.ID)
	} else {
		q = q.Where("partner_id = ?", p.ID)
	}
	if err := q.Order("id DESC").First(&f.Association).Error; err != nil {
		return nil, notFound(err)
	}
	if err := db.WithContext(ctx).First(&f.Customer, id).Error; err != nil {
		return nil, notFound(err)
	}
	if f.Customer.PartnerID != nil && (*f.Customer.PartnerID == p.ID || f.Customer.TopPartnerID != nil && *f.Customer.TopPartnerID == p.ID) {
		return nil, ErrNotFound // associated again: its page is the live one
	}
	if err := db.WithContext(ctx).First(&f.Partner, f.Association.PartnerID).Error; err != nil {
		return nil, err
	}
	return &f, nil
}
