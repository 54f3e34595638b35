package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// VerificationList is one page of customers whose real-name verification awaits review.
type VerificationList struct {
	Rows  []Customer
	Total int64
}

// ListVerificationQueue lists the customers under real-name review, oldest first.
func ListVerificationQueue(ctx context.Context, db *gorm.DB, a Actor, page, limit int) (*VerificationList, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&Customer{}).Where("verified_status = ?", UnderReview)
	out := &VerificationList{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	l, off := pageBounds(page, limit)
	err := q.Order("id").Limit(l).Offset(off).Find(&out.Rows).Error
	return out, err
}

// ReviewVerification approves (verified) or rejects (with a reason) a customer's real-name
// verification under review. The partner's counters by verification status move with it.
func ReviewVerification(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, approve bool, reason string, now time.Time) (*Customer, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	reason, err := reasonText.Clean(reason)
	if err != nil {
		return nil, err
	}
	status := Rejected
	if approve {
		status = Verified
	}
	var c Customer
	return &c, db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&c, customerID).Error; err != nil {
			return notFound(err)
		}
		if c.VerifiedStatus != UnderReview {
			return ErrNotPending
		}
		if !approve && reason == "" {
			return &ReasonRequiredError{Name: c.AccountName}
		}
		res := tx.Model(&c).Where("verified_status = ?", UnderReview).Update("verified_status", status)
		if res.Error != nil || res.RowsAffected != 1 {
			return firstErr(res.Error, ErrNotPending)
		}
		if c.PartnerID != nil {
			if err := bumpCustomerCount(tx, *c.PartnerID, c.Mode, UnderReview, c.Label, -1); err != nil {
				return err
			}
			if err := bumpCustomerCount(tx, *c.PartnerID, c.Mode, status, c.Label, 1); err != nil {
				return err
			}
		}
		var partnerID uint64
		if c.PartnerID != nil {
			partnerID = *c.PartnerID
		}
		return audit(tx, a, partnerID, "customer.verification", "customer", c.ID,
			map[string]int8{"verified_status": UnderReview}, map[string]any{"verified_status": status, "reason": reason})
	})
}
