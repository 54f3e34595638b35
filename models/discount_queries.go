package models

import (
	"context"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Read models of the operator's discount pages: the customers it sets a 605 for, found by name
// among all customers, and the 607 ceilings of a page of partners.

// maxFoundCustomers bounds a name search of the operator's discount page.
const maxFoundCustomers = 20

// FindCustomers finds customers of any partner whose account or real name holds q, for the
// operator (the one who sets business-contract discounts), newest first.
func FindCustomers(ctx context.Context, db *gorm.DB, a Actor, q string) ([]Customer, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	if err := CheckSearch(q); err != nil {
		e, _ := err.(*Error)
		return nil, &FieldError{Field: "cq", Err: e}
	}
	scope, err := store.SearchScope(db.WithContext(ctx).Model(&Customer{}), "customers", store.CustomerSearchTable, q, "account_name", "real_name")
	if err != nil {
		return nil, err
	}
	var out []Customer
	err = scope.Select("customers.*").Order("customers.id DESC").Limit(maxFoundCustomers).Find(&out).Error
	return out, err
}

// DiscountCeilings are the 607 ceilings of partners (absent: none set), for the operator.
func DiscountCeilings(ctx context.Context, db *gorm.DB, a Actor, partnerIDs []uint64) (map[uint64]Percent, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var cs []DiscountCeiling
	if err := db.WithContext(ctx).Where("partner_id IN ?", append(partnerIDs, 0)).Find(&cs).Error; err != nil {
		return nil, err
	}
	out := make(map[uint64]Percent, len(cs))
	for _, c := range cs {
		out[c.PartnerID] = c.MaxOff
	}
	return out, nil
}

// CustomerOf is any customer, for the operator (the discount page's chosen customer).
func CustomerOf(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Customer, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var c Customer
	if err := db.WithContext(ctx).Take(&c, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}
