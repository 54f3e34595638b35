package models

import (
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"
)

// The customer list's batch actions: one label, or one account manager, for the customers ticked.
// Each customer is decided by the rules of the single change (SetCustomerLabel,
// AssignAccountManager); those it refuses are reported by name and reason, the others changed, as
// an issue of coupons reports each customer.

// MaxCustomersPerBatch is the most customers one batch changes: a page of the list at most.
const MaxCustomersPerBatch = MaxLimit

// BatchOutcome is what a batch did: the customers changed (or already so) and those refused.
type BatchOutcome struct {
	Done    []Customer
	Refused []BatchRefusal
}

// BatchRefusal is one customer a batch did not change; Name is "" for one the actor may not see.
type BatchRefusal struct {
	CustomerID uint64
	Name       string
	Err        error
}

// SetCustomersLabel puts one label (or, with "", none) on each of the customers.
func SetCustomersLabel(ctx context.Context, db *gorm.DB, a Actor, ids []uint64, label string, now time.Time) (*BatchOutcome, error) {
	if !a.isPartner(RoleAdmin, RoleSales) {
		return nil, ErrForbidden
	}
	label, err := labelText.Clean(label)
	if err != nil {
		return nil, err
	}
	return eachCustomer(ctx, db, ids, func(tx *gorm.DB, id uint64) (*Customer, error) { return labelOne(tx, a, id, label) })
}

// AssignAccountManagers makes one member (0: nobody) the account manager of each of the customers.
func AssignAccountManagers(ctx context.Context, db *gorm.DB, a Actor, ids []uint64, managerID uint64, now time.Time) (*BatchOutcome, error) {
	if !a.MayAssignManagers() {
		return nil, ErrForbidden
	}
	if err := eligibleManager(db.WithContext(ctx), a.PartnerID, managerID); err != nil {
		return nil, err
	}
	return eachCustomer(ctx, db, ids, func(tx *gorm.DB, id uint64) (*Customer, error) { return assignOne(tx, a, id, managerID) })
}

// eachCustomer runs one change per distinct customer in one transaction, collecting the refusals
// of the rules; any other error undoes the whole batch.
func eachCustomer(ctx context.Context, db *gorm.DB, ids []uint64, change func(*gorm.DB, uint64) (*Customer, error)) (*BatchOutcome, error) {
	// each once, in id order: two batches lock their common customers in the same order
	ids = slices.DeleteFunc(uniq(ids), func(id uint64) bool { return id == 0 })
	if len(ids) == 0 {
		return nil, &FieldError{Field: "customer_ids", Err: ErrNoCustomers}
	}
	if len(ids) > MaxCustomersPerBatch {
		return nil, &FieldError{Field: "customer_ids", Err: ErrTooManyCustomers}
	}
	out := &BatchOutcome{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, id := range ids {
			c, err := change(tx, id)
			var me *Error
			switch {
			case err == nil:
				out.Done = append(out.Done, *c)
			case errors.As(err, &me):
				out.Refused = append(out.Refused, BatchRefusal{CustomerID: id, Err: err})
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nameRefused(ctx, db, out)
}

// nameRefused names the refused customers the actor may see (a sales member's colleague's
// customer, a reseller's); one it may not see stays unnamed.
func nameRefused(ctx context.Context, db *gorm.DB, out *BatchOutcome) error {
	var ids []uint64
	for _, r := range out.Refused {
		if !errors.Is(r.Err, ErrNotFound) {
			ids = append(ids, r.CustomerID)
		}
	}
	names, err := namesOf(ctx, db, &Customer{}, "account_name", ids)
	for i, r := range out.Refused {
		out.Refused[i].Name = names[r.CustomerID]
	}
	return err
}
