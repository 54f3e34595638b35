package models

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// InquiryCustomer is whose discounts an API inquiry's project_id asks for: the partner's own
// account (its domain id) is an inquiry at the official price (0); a customer the actor may see
// (its customer_id) is an inquiry for that customer; anything else is ErrProjectNotFound, the
// same for another partner's customer as for no customer at all.
func InquiryCustomer(ctx context.Context, db *gorm.DB, a Actor, projectID string) (uint64, error) {
	refuse := &FieldError{Field: "project_id", Err: ErrProjectNotFound}
	if projectID == "" || a.Kind != PartnerUser {
		return 0, refuse
	}
	// a customer's project first: the inquiry the API is asked most
	var c Customer
	err := db.WithContext(ctx).Select("id").Where("domain_id = ? AND (partner_id = ? OR top_partner_id = ?)", projectID, a.PartnerID, a.PartnerID).
		Take(&c).Error
	if err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
		return c.ID, err
	}
	var p Partner
	if err := db.WithContext(ctx).Select("id, domain_id").Take(&p, a.PartnerID).Error; err != nil || p.DomainID != projectID {
		return 0, refuse
	}
	return 0, nil
}
