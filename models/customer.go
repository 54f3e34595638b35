package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Mode is an association's transaction mode; the numbers are the API's association_type.
type Mode int8

const (
	NoMode      Mode = 0
	Advisory    Mode = 1 // 顾问销售: the customer pays from its own top-ups
	Consignment Mode = 2 // 代售: the partner funds the customer's account
)

// Real-name verification status, as the API's verified_status.
const (
	NotVerified    int8 = -1
	UnderReview    int8 = 0
	Rejected       int8 = 1
	Verified       int8 = 2
	CustomerNone   int8 = -1 // customer_type: not yet known
	CustomerPerson int8 = 0
	CustomerCorp   int8 = 1
)

// VerifiedStatuses lists the verification statuses in display order.
var VerifiedStatuses = []int8{NotVerified, UnderReview, Rejected, Verified}

// Customer is a customer account, with the fields of the BSS customer list. The fields after
// AssociationID copy the customer's current (active) association so that the customer list, the
// busiest page, is one indexed query on one table; they change only with the association, in the
// same transaction, and `partnerhub check` verifies they agree.
//
// Indexes: each scope (partner_id for a partner's own customers, top_partner_id for a master
// distributor's whole tree) has (scope, associated_on), (scope, account_name), (scope, label, …) and
// (scope, account_manager_id, …). Mode and real-name filters need none: their totals come from
// CustomerCount, and every value is common enough that walking the date index finds a page at once.
type Customer struct {
	ID             uint64 `gorm:"primaryKey"`
	DomainID       string `gorm:"size:32;not null;uniqueIndex"` // the API's customer_id
	AccountName    string `gorm:"size:64;not null;uniqueIndex;index:ix_cust_p_name,priority:2;index:ix_cust_t_name,priority:2"`
	RealName       string `gorm:"size:256;not null;default:''"` // the API's customer: the verified name
	VerifiedStatus int8   `gorm:"not null"`
	CustomerType   int8   `gorm:"not null"`
	Phone          string `gorm:"size:32;not null;default:'';index"`
	Email          string `gorm:"size:128;not null;default:'';index"`
	CountryCode    string `gorm:"size:8;not null;default:'0086'"`
	Level          string `gorm:"size:4;not null;default:'V0'"`
	Frozen         int8   `gorm:"not null;default:0"`
	XAccountID     string `gorm:"size:64;not null;default:''"`
	XAccountType   string `gorm:"size:64;not null;default:''"`
	EnterpriseID   *uint64
	CreatedAt      time.Time

	AssociationID    *uint64
	PartnerID        *uint64    `gorm:"index:ix_cust_p_on,priority:1;index:ix_cust_p_name,priority:1;index:ix_cust_p_label,priority:1;index:ix_cust_p_mgr,priority:1"`
	TopPartnerID     *uint64    `gorm:"index:ix_cust_t_on,priority:1;index:ix_cust_t_name,priority:1;index:ix_cust_t_label,priority:1;index:ix_cust_t_mgr,priority:1"`
	Mode             Mode       `gorm:"not null;default:0"`
	AssociatedOn     *time.Time `gorm:"index:ix_cust_p_on,priority:2;index:ix_cust_t_on,priority:2;index:ix_cust_p_label,priority:3;index:ix_cust_t_label,priority:3;index:ix_cust_p_mgr,priority:3;index:ix_cust_t_mgr,priority:3"`
	Label            string     `gorm:"size:64;not null;default:'';index:ix_cust_p_label,priority:2;index:ix_cust_t_label,priority:2"`
	AccountManagerID *uint64    `gorm:"index:ix_cust_p_mgr,priority:2;index:ix_cust_t_mgr,priority:2"`
}

// CustomerCount counts the customers associated with one partner by mode, verification status and
// label.
// A master distributor with hundreds of thousands of customers cannot COUNT(*) them per page view in
// milliseconds; these counters answer the total for the list's mode/verified/reseller filters. They
// change in the same transaction as the association, and `partnerhub check` recounts them.
type CustomerCount struct {
	PartnerID      uint64 `gorm:"primaryKey;autoIncrement:false"`
	Mode           Mode   `gorm:"primaryKey;autoIncrement:false"`
	VerifiedStatus int8   `gorm:"primaryKey;autoIncrement:false"`
	Label          string `gorm:"primaryKey;size:64"`
	N              int64  `gorm:"not null"`
}

// customerScope restricts customers to those the acting partner may see: a master distributor sees
// its own and its resellers' customers, any other partner only its own.
func customerScope(ctx context.Context, db *gorm.DB, a Actor) (*gorm.DB, *Partner, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, nil, ErrForbidden
	}
	p, err := GetPartner(ctx, db, a.PartnerID)
	if err != nil {
		return nil, nil, err
	}
	q := db.WithContext(ctx).Model(&Customer{})
	if p.Kind == MasterDistributor {
		return q.Where("customers.top_partner_id = ?", p.ID), p, nil
	}
	return q.Where("customers.partner_id = ?", p.ID), p, nil
}

// CustomerDetail is a customer as its partner sees it.
type CustomerDetail struct {
	Customer     Customer
	Partner      Partner // the direct partner (a reseller for a reseller's customer)
	Manager      *User   // the account manager, if any
	Enterprise   *Enterprise
	Associations []Association // history, newest first
}

// GetCustomer loads one of the acting partner's customers; another partner's customer is not found.
func GetCustomer(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*CustomerDetail, error) {
	q, _, err := customerScope(ctx, db, a)
	if err != nil {
		return nil, err
	}
	var d CustomerDetail
	if err := q.Where("customers.id = ?", id).First(&d.Customer).Error; err != nil {
		return nil, notFound(err)
	}
	c := &d.Customer
	if err := db.WithContext(ctx).First(&d.Partner, *c.PartnerID).Error; err != nil {
		return nil, err
	}
	if c.AccountManagerID != nil {
		d.Manager, _ = GetUser(ctx, db, *c.AccountManagerID)
	}
	if c.EnterpriseID != nil {
		d.Enterprise, _ = GetEnterprise(ctx, db, *c.EnterpriseID)
	}
	err = db.WithContext(ctx).Where("customer_id = ?", c.ID).Order("id DESC").Limit(50).Find(&d.Associations).Error
	return &d, err
}

// CustomerForUser loads the customer account of a customer user.
func CustomerForUser(ctx context.Context, db *gorm.DB, a Actor) (*Customer, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var c Customer
	if err := db.WithContext(ctx).First(&c, a.CustomerID).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// ListAccountManagers lists the members of the acting partner who may manage customers.
func ListAccountManagers(ctx context.Context, db *gorm.DB, a Actor) ([]User, error) {
	return cachedList(ctx, db, func(c *directoryCache) map[uint64][]User { return c.managers }, a.PartnerID, func() ([]User, error) {
		var out []User
		err := db.WithContext(ctx).Omit("password_hash").Where("partner_id = ? AND kind = ?", a.PartnerID, PartnerUser).
			Order("display_name").Limit(500).Find(&out).Error
		return out, err
	})
}

// ListLabels lists the labels the acting partner (and, for a master distributor, its resellers) use.
func ListLabels(ctx context.Context, db *gorm.DB, a Actor) ([]string, error) {
	return cachedList(ctx, db, func(c *directoryCache) map[uint64][]string { return c.labels }, a.PartnerID, func() ([]string, error) {
		var out []string
		err := db.WithContext(ctx).Model(&Label{}).
			Where("partner_id = ? OR partner_id IN (SELECT id FROM partners WHERE distributor_id = ?)", a.PartnerID, a.PartnerID).
			Distinct("name").Order("name").Limit(200).Pluck("name", &out).Error
		return out, err
	})
}

// Label is a customer label a partner defines (客户标签) and puts on its customers.
type Label struct {
	ID        uint64 `gorm:"primaryKey"`
	PartnerID uint64 `gorm:"not null;uniqueIndex:ux_label,priority:1"`
	Name      string `gorm:"size:64;not null;uniqueIndex:ux_label,priority:2"`
}

// NamesOf maps user ids to their display names, for lists that show members.
func NamesOf(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]string, error) {
	return cachedNames(ctx, db, func(c *directoryCache) map[uint64]string { return c.userNames }, ids, func(ids []uint64) (map[uint64]string, error) {
		return namesOf(ctx, db, &User{}, "display_name", ids)
	})
}

// UsernamesOf maps user ids to sign-in names, for the API's account_managers.
func UsernamesOf(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]string, error) {
	return cachedNames(ctx, db, func(c *directoryCache) map[uint64]string { return c.usernames }, ids, func(ids []uint64) (map[uint64]string, error) {
		return namesOf(ctx, db, &User{}, "username", ids)
	})
}

// PartnerNamesOf maps partner ids to names.
func PartnerNamesOf(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]string, error) {
	return cachedNames(ctx, db, func(c *directoryCache) map[uint64]string { return c.partnerNames }, ids, func(ids []uint64) (map[uint64]string, error) {
		return namesOf(ctx, db, &Partner{}, "name", ids)
	})
}

func namesOf(ctx context.Context, db *gorm.DB, model any, column string, ids []uint64) (map[uint64]string, error) {
	out := map[uint64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   uint64
		Name string
	}
	err := db.WithContext(ctx).Model(model).Select("id, "+column+" AS name").Where("id IN ?", ids).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, err
}

// RecountCustomers rebuilds the CustomerCount counters from the customers table.
func RecountCustomers(tx *gorm.DB) error {
	if err := tx.Exec("DELETE FROM customer_counts").Error; err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO customer_counts (partner_id, mode, verified_status, label, n)
		SELECT partner_id, mode, verified_status, label, COUNT(*) FROM customers WHERE partner_id IS NOT NULL
		GROUP BY partner_id, mode, verified_status, label`).Error
}
