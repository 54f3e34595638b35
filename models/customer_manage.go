package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"partnerhub/store"
)

// A customer's label (客户标签) and account manager (客户经理), which the customer list filters by.
//
// Who may set them (SPEC section 1 has no sales lead: the partner admin runs the team):
//   - the account manager is the partner's admin's to assign, and only to an active member of the
//     partner who holds the admin or sales role;
//   - the label is the admin's to set on any of the partner's customers, and a sales member's on
//     the customers it manages.
//
// A reseller's customer is the reseller's to label and manage: its master distributor sees it
// (SPEC section 2) but its members are not the reseller's and its labels are not the reseller's.

var labelText = TextRule{Field: "label", Max: 64, Name: true}

// Refusals of a label or an account manager.
var (
	ErrResellersCustomer = newError("CBC.0151", "err.resellers_customer", "a cloud reseller's customer is labelled and managed by the reseller")
	ErrNotAManager       = newError("CBC.0100", "err.not_a_manager", "the account manager must be an active admin or sales member of the customer's partner")
)

// managerRoles are the roles a member needs to be a customer's account manager.
const managerRoles = Roles(RoleAdmin | RoleSales)

// MayAssignManagers tells whether the actor may assign account managers at all; the pages offer
// the choice by it.
func (a Actor) MayAssignManagers() bool { return a.isPartner(RoleAdmin) }

// MayLabel tells whether the actor may set the label of c, one of its partner's customers.
func (a Actor) MayLabel(c *Customer) bool {
	if c.PartnerID == nil || *c.PartnerID != a.PartnerID {
		return false
	}
	return a.isPartner(RoleAdmin) || a.isPartner(RoleSales) && c.AccountManagerID != nil && *c.AccountManagerID == a.UserID
}

// SetCustomerLabel sets (or, with "", clears) the label of one of the acting partner's customers.
func SetCustomerLabel(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, label string, now time.Time) (*Customer, error) {
	if !a.isPartner(RoleAdmin, RoleSales) {
		return nil, ErrForbidden
	}
	label, err := labelText.Clean(label)
	if err != nil {
		return nil, err
	}
	var c *Customer
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err = labelOne(tx, a, customerID, label)
		return err
	})
	return c, err
}

// labelOne labels one customer, within tx, and audits the change.
func labelOne(tx *gorm.DB, a Actor, customerID uint64, label string) (*Customer, error) {
	c, err := managedCustomer(tx, a, customerID)
	if err != nil {
		return nil, err
	}
	if !a.MayLabel(c) {
		return nil, ErrForbidden
	}
	if c.Label == label {
		return c, nil
	}
	before := map[string]any{"label": c.Label}
	if err := setLabel(tx, c, label); err != nil {
		return nil, err
	}
	return c, audit(tx, a, *c.PartnerID, "customer.label", "customer", c.ID, before, map[string]any{"label": label})
}

// AssignAccountManager makes a member of the acting partner the account manager of one of its
// customers (managerID 0: none).
func AssignAccountManager(ctx context.Context, db *gorm.DB, a Actor, customerID, managerID uint64, now time.Time) (*Customer, error) {
	if !a.MayAssignManagers() {
		return nil, ErrForbidden
	}
	var c *Customer
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// the customer first: another partner's is not found, whoever the member
		cust, err := managedCustomer(tx, a, customerID)
		if err != nil {
			return err
		}
		if err := eligibleManager(tx, a.PartnerID, managerID); err != nil {
			return err
		}
		c, err = assignTo(tx, a, cust, managerID)
		return err
	})
	return c, err
}

// assignOne gives one customer an (eligible) account manager, within tx, and audits the change.
func assignOne(tx *gorm.DB, a Actor, customerID, managerID uint64) (*Customer, error) {
	c, err := managedCustomer(tx, a, customerID)
	if err != nil {
		return nil, err
	}
	return assignTo(tx, a, c, managerID)
}

// assignTo gives c, a customer managedCustomer loaded, an (eligible) account manager.
func assignTo(tx *gorm.DB, a Actor, c *Customer, managerID uint64) (*Customer, error) {
	if managerID == 0 && c.AccountManagerID == nil || c.AccountManagerID != nil && *c.AccountManagerID == managerID {
		return c, nil
	}
	before := map[string]any{"account_manager_id": c.AccountManagerID}
	if err := setManager(tx, c, managerID); err != nil {
		return nil, err
	}
	return c, audit(tx, a, *c.PartnerID, "customer.assign_manager", "customer", c.ID, before, map[string]any{"account_manager_id": c.AccountManagerID})
}

// AccountManagerChoices lists the members the acting partner's admin may make account managers.
func AccountManagerChoices(ctx context.Context, db *gorm.DB, a Actor) ([]User, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	return cachedList(ctx, db, func(c *directoryCache) map[uint64][]User { return c.choices }, a.PartnerID, func() ([]User, error) {
		var out []User
		err := db.WithContext(ctx).Omit("password_hash").Where("partner_id = ? AND kind = ? AND NOT disabled AND roles & ? <> 0", a.PartnerID, PartnerUser, managerRoles).
			Order("display_name").Limit(500).Find(&out).Error
		return out, err
	})
}

// managedCustomer locks and loads a customer of the acting partner's whole scope: another
// partner's is not found, a reseller's (seen by its master distributor) is refused.
func managedCustomer(tx *gorm.DB, a Actor, customerID uint64) (*Customer, error) {
	if err := store.LockRows(tx, "customers", "id = ?", customerID); err != nil {
		return nil, err
	}
	var c Customer
	err := tx.Where("id = ? AND association_id IS NOT NULL AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID).
		First(&c).Error
	if err != nil {
		return nil, notFound(err)
	}
	if a.ManagedByReseller(&c) {
		return nil, ErrResellersCustomer
	}
	return &c, nil
}

// setLabel puts a clean label on c, moving it between its partner's counters (they count by
// label) and adding the label to the partner's labels, which the list's filter offers.
func setLabel(tx *gorm.DB, c *Customer, label string) error {
	if err := tx.Model(&Customer{}).Where("id = ?", c.ID).Update("label", label).Error; err != nil {
		return err
	}
	if err := moveCount(tx, c, -1); err != nil {
		return err
	}
	c.Label = label
	if err := moveCount(tx, c, 1); err != nil {
		return err
	}
	if label == "" {
		return nil
	}
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&Label{PartnerID: *c.PartnerID, Name: label}).Error
}

// eligibleManager refuses a managerID (0: nobody, always eligible) that is not an active admin or
// sales member of the partner. Anyone who is not a member of the partner (another partner's, a
// customer user, no one) is not found, as another partner's objects are; a member without the
// role, or disabled, is refused in words.
func eligibleManager(tx *gorm.DB, partnerID, managerID uint64) error {
	if managerID == 0 {
		return nil
	}
	var u User
	err := tx.Select("id, roles, disabled").Where("id = ? AND partner_id = ? AND kind = ?", managerID, partnerID, PartnerUser).Take(&u).Error
	switch {
	case err != nil:
		return notFound(err)
	case u.Disabled || u.Roles&managerRoles == 0:
		return &FieldError{Field: "account_manager", Err: ErrNotAManager}
	}
	return nil
}

// ManagedByReseller tells whether c, a customer the actor's partner sees, is one of its
// resellers' (a master distributor sees them): the reseller labels and manages it, and its master
// distributor is offered neither (managedCustomer refuses them with ErrResellersCustomer).
func (a Actor) ManagedByReseller(c *Customer) bool {
	return c.PartnerID == nil || *c.PartnerID != a.PartnerID
}

// setManager makes managerID (0: nobody) c's account manager; the caller checked it is eligible.
func setManager(tx *gorm.DB, c *Customer, managerID uint64) error {
	var id *uint64
	if managerID != 0 {
		id = &managerID
	}
	c.AccountManagerID = id
	return tx.Model(&Customer{}).Where("id = ?", c.ID).Update("account_manager_id", id).Error
}
