package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Authorization to order on a customer's behalf (代客下单授权). A partner's sales member or admin
// requests it for one of its consignment customers; the customer grants or declines it in the
// portal and may revoke it at any time; it may end on a date. It belongs to the association it was
// asked under: once the customer is unbound (or re-bound), it is no longer live.

// Authorization statuses.
const (
	AuthPending  int8 = 1
	AuthGranted  int8 = 2
	AuthDeclined int8 = 3
	AuthRevoked  int8 = 4
)

// OrderAuthorization is one request for authorization and what became of it.
type OrderAuthorization struct {
	ID            uint64     `gorm:"primaryKey"`
	PartnerID     uint64     `gorm:"not null;index:ix_oauth_pc,priority:1"`
	CustomerID    uint64     `gorm:"not null;index:ix_oauth_pc,priority:2;index:ix_oauth_customer"`
	AssociationID uint64     `gorm:"not null"`
	Status        int8       `gorm:"not null"`
	EndAt         *time.Time // nil: until revoked
	RequestedBy   uint64     `gorm:"not null"`
	RequestedAt   time.Time  `gorm:"not null"`
	DecidedAt     *time.Time
	RevokedAt     *time.Time
}

// LiveAt tells whether the authorization lets its partner order at now.
func (z *OrderAuthorization) LiveAt(now time.Time) bool {
	return z.Status == AuthGranted && (z.EndAt == nil || now.Before(*z.EndAt))
}

// mayOrderOnBehalf: a partner's sales member or admin asks for authorization and orders.
func (a Actor) mayOrderOnBehalf() bool { return a.isPartner(RoleAdmin, RoleSales) }

// MayActOnOrders tells whether the actor may pay or cancel orders and renew or unsubscribe
// resources at all (the customer, or its partner's admin or sales member); each use case still
// decides for the object at hand. The pages offer the actions by it.
func (a Actor) MayActOnOrders() bool {
	return a.Kind == CustomerUser && a.CustomerID != 0 || a.mayOrderOnBehalf()
}

// orderableCustomer loads a customer the actor's partner may order for: its own or (master
// distributor) its resellers'; another partner's customer is not found. It refuses an advisory
// customer, a frozen one and a master distributor's own account.
func orderableCustomer(tx *gorm.DB, a Actor, customerID uint64) (*Customer, error) {
	var c Customer
	err := tx.Where("id = ? AND association_id IS NOT NULL AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID).
		First(&c).Error
	if err != nil {
		return nil, notFound(err)
	}
	switch {
	case c.Mode != Consignment:
		return nil, ErrAdvisoryCustomer
	case c.Frozen != 0:
		return nil, ErrCustomerFrozen
	}
	if err := CustomerMayBuy(tx, c.ID); err != nil {
		return nil, err
	}
	return &c, nil
}

// RequestAuthorization asks a consignment customer for authorization to order on its behalf,
// until endAt (nil: until revoked). One request may be pending or granted at a time.
func RequestAuthorization(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, endAt *time.Time, now time.Time) (*OrderAuthorization, error) {
	if !a.mayOrderOnBehalf() {
		return nil, ErrForbidden
	}
	if endAt != nil && !endAt.After(now) {
		return nil, ErrAuthorizationEnd
	}
	var z *OrderAuthorization
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := store.LockRows(tx, "customers", "id = ?", customerID); err != nil {
			return err
		}
		c, err := orderableCustomer(tx, a, customerID)
		if err != nil {
			return err
		}
		if cur, err := currentAuthorization(tx, a.PartnerID, c, now); err != nil {
			return err
		} else if cur != nil {
			return ErrAuthorizationExists
		}
		z = &OrderAuthorization{PartnerID: a.PartnerID, CustomerID: c.ID, AssociationID: *c.AssociationID, Status: AuthPending,
			RequestedBy: a.UserID, RequestedAt: now.UTC()}
		if endAt != nil {
			e := endAt.UTC()
			z.EndAt = &e
		}
		if err := tx.Create(z).Error; err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "order_authorization.request", "customer", c.ID, nil, z)
	})
	return z, err
}

// currentAuthorization is the partner's pending or live authorization of the customer's current
// association, if any.
func currentAuthorization(tx *gorm.DB, partnerID uint64, c *Customer, now time.Time) (*OrderAuthorization, error) {
	var zs []OrderAuthorization
	err := tx.Where("partner_id = ? AND customer_id = ? AND association_id = ? AND status IN ?", partnerID, c.ID, *c.AssociationID,
		[]int8{AuthPending, AuthGranted}).Order("id DESC").Find(&zs).Error
	if err != nil {
		return nil, err
	}
	for i := range zs {
		if zs[i].Status == AuthPending || zs[i].LiveAt(now) {
			return &zs[i], nil
		}
	}
	return nil, nil
}

// liveAuthorization is the authorization that lets the partner order for c now, or ErrNoAuthorization.
func liveAuthorization(tx *gorm.DB, partnerID uint64, c *Customer, now time.Time) (*OrderAuthorization, error) {
	z, err := currentAuthorization(tx, partnerID, c, now)
	if err != nil {
		return nil, err
	}
	if z == nil || !z.LiveAt(now) {
		return nil, ErrNoAuthorization
	}
	return z, nil
}

// LiveAuthorization is the acting partner's live authorization of the customer, or
// ErrNoAuthorization (the order pages say why and offer the request).
func LiveAuthorization(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, now time.Time) (*OrderAuthorization, error) {
	if !a.mayOrderOnBehalf() {
		return nil, ErrForbidden
	}
	c, err := orderableCustomer(db.WithContext(ctx), a, customerID)
	if err != nil {
		return nil, err
	}
	return liveAuthorization(db.WithContext(ctx), a.PartnerID, c, now)
}

// DecideAuthorization is the customer granting (grant) or declining a pending request.
func DecideAuthorization(ctx context.Context, db *gorm.DB, a Actor, authID uint64, grant bool, now time.Time) (*OrderAuthorization, error) {
	to := AuthDeclined
	if grant {
		to = AuthGranted
	}
	return moveAuthorization(ctx, db, a, authID, AuthPending, to, now)
}

// RevokeAuthorization is the customer withdrawing a granted authorization. Orders already made
// stay; no new one can be made.
func RevokeAuthorization(ctx context.Context, db *gorm.DB, a Actor, authID uint64, now time.Time) (*OrderAuthorization, error) {
	return moveAuthorization(ctx, db, a, authID, AuthGranted, AuthRevoked, now)
}

func moveAuthorization(ctx context.Context, db *gorm.DB, a Actor, authID uint64, from, to int8, now time.Time) (*OrderAuthorization, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var z OrderAuthorization
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := store.LockRows(tx, "order_authorizations", "id = ?", authID); err != nil {
			return err
		}
		if err := tx.Where("id = ? AND customer_id = ?", authID, a.CustomerID).First(&z).Error; err != nil {
			return notFound(err)
		}
		if z.Status != from || from == AuthPending && z.EndAt != nil && !now.Before(*z.EndAt) {
			return ErrAuthorizationState
		}
		before := z
		t := now.UTC()
		updates := map[string]any{"status": to}
		if to == AuthRevoked {
			z.RevokedAt, updates["revoked_at"] = &t, t
		} else {
			z.DecidedAt, updates["decided_at"] = &t, t
		}
		z.Status = to
		if err := tx.Model(&OrderAuthorization{}).Where("id = ? AND status = ?", z.ID, from).Updates(updates).Error; err != nil {
			return err
		}
		return audit(tx, a, z.PartnerID, "order_authorization."+authAction[to], "customer", z.CustomerID, before, z)
	})
	if err != nil {
		return nil, err
	}
	return &z, nil
}

var authAction = map[int8]string{AuthGranted: "grant", AuthDeclined: "decline", AuthRevoked: "revoke"}

// AuthorizationRow is an authorization as the lists show it, with its partner's name.
type AuthorizationRow struct {
	OrderAuthorization
	PartnerName string
}

// CustomerAuthorizations lists a customer's authorizations, newest first: the portal's list
// (the customer's own) or the customer detail page's (the acting partner's).
func CustomerAuthorizations(ctx context.Context, db *gorm.DB, a Actor, customerID uint64) ([]AuthorizationRow, error) {
	q := db.WithContext(ctx).Table("order_authorizations z").Select("z.*, p.name AS partner_name").
		Joins("JOIN partners p ON p.id = z.partner_id").Where("z.customer_id = ?", customerID)
	switch {
	case a.Kind == CustomerUser && a.CustomerID == customerID:
	case a.Kind == PartnerUser && a.PartnerID != 0:
		if err := maySeeCustomer(db.WithContext(ctx), a, customerID); err != nil {
			return nil, err
		}
		q = q.Where("z.partner_id = ?", a.PartnerID)
	default:
		return nil, ErrNotFound
	}
	var zs []AuthorizationRow
	return zs, q.Order("z.id DESC").Limit(100).Scan(&zs).Error
}
