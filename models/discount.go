package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// DiscountType is a discount's kind, in the reference's codes (discount_type).
type DiscountType int16

// The discount types a customer's price may get. Only one applies to an inquiry: the best.
const (
	// Discount605 is a business-contract discount (商务合同折扣) the operator sets for a customer.
	Discount605 DiscountType = 605
	// Discount606 is a distributor contract discount (渠道合同折扣) a master distributor sets for
	// its resellers' customers.
	Discount606 DiscountType = 606
	// Discount607 is a partner-set discount rate (伙伴授予折扣) a partner sets for its own customer,
	// within the ceiling the operator sets for the partner.
	Discount607 DiscountType = 607
)

// DiscountTypes lists the types in the order offers are shown and ties are broken.
var DiscountTypes = []DiscountType{Discount605, Discount606, Discount607}

// Names of the types, as discount_name says them.
func (t DiscountType) Name(lang string) string {
	switch t {
	case Discount605:
		return localName(lang, "商务合同折扣", "Business contract discount")
	case Discount606:
		return localName(lang, "渠道合同折扣", "Distributor contract discount")
	case Discount607:
		return localName(lang, "伙伴授予折扣", "Partner-set discount rate")
	}
	return ""
}

// Discount takes Off percent off a customer's official price of one service type ("" all), on
// the days from ValidFrom to ValidTo (business dates, Asia/Shanghai, both included). A customer
// has at most one discount of a type per service type: setting it again replaces it.
type Discount struct {
	ID          uint64       `gorm:"primaryKey"`
	CustomerID  uint64       `gorm:"not null;uniqueIndex:ux_discount,priority:1"`
	Type        DiscountType `gorm:"not null;uniqueIndex:ux_discount,priority:2"`
	ServiceType string       `gorm:"size:64;not null;default:'';uniqueIndex:ux_discount,priority:3"`
	PartnerID   *uint64      `gorm:"index"` // who set it (nil: the operator, for 605)
	Off         Percent      `gorm:"not null"`
	ValidFrom   string       `gorm:"size:10;not null"` // 2026-12-01
	ValidTo     string       `gorm:"size:10;not null"`
	UpdatedBy   uint64       `gorm:"not null"`
	UpdatedAt   time.Time    `gorm:"not null"`
}

// DiscountCeiling is the largest 607 discount a partner may give its customers, set by the
// operator. A partner without one may give none.
type DiscountCeiling struct {
	PartnerID uint64    `gorm:"primaryKey;autoIncrement:false"`
	MaxOff    Percent   `gorm:"not null"`
	UpdatedBy uint64    `gorm:"not null"`
	UpdatedAt time.Time `gorm:"not null"`
}

// appliesOn tells whether the discount is valid on the business date of t.
func (d *Discount) appliesOn(t time.Time) bool {
	day := t.In(BusinessZone).Format(time.DateOnly)
	return d.ValidFrom <= day && day <= d.ValidTo
}

// SetDiscountInput sets a discount. Off is a percent as typed ("12.5"); the dates are
// 2006-01-02; ServiceType "" is every service.
type SetDiscountInput struct {
	CustomerID  uint64
	Type        DiscountType
	ServiceType string
	Off         string
	ValidFrom   string
	ValidTo     string
}

// SetDiscount sets (or replaces) a customer's discount of a type for a service type, audited.
// Who may: 605 the operator; 606 a master distributor (sales or admin) for a customer of one of
// its resellers; 607 a partner (sales or admin) for its own customer, at most its ceiling. A
// customer the actor may not discount is ErrNotFound.
func SetDiscount(ctx context.Context, db *gorm.DB, a Actor, in SetDiscountInput) (*Discount, error) {
	off, err := ParsePercent(in.Off)
	if err != nil {
		return nil, &FieldError{Field: "discount_rate", Err: ErrInvalidRate}
	}
	from, to, err := discountDates(in.ValidFrom, in.ValidTo)
	if err != nil {
		return nil, err
	}
	if err := checkDiscountService(ctx, db, in.ServiceType); err != nil {
		return nil, err
	}
	var d Discount
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		partnerID, err := mayDiscount(tx, a, in.CustomerID, in.Type)
		if err != nil {
			return err
		}
		if err := withinCeiling(tx, in.Type, partnerID, off); err != nil {
			return err
		}
		before, err := findDiscount(tx, in.CustomerID, in.Type, in.ServiceType)
		if err != nil {
			return err
		}
		d = Discount{CustomerID: in.CustomerID, Type: in.Type, ServiceType: in.ServiceType, Off: off, ValidFrom: from,
			ValidTo: to, UpdatedBy: a.UserID, UpdatedAt: time.Now().UTC()}
		if partnerID != 0 {
			d.PartnerID = &partnerID
		}
		if before != nil {
			d.ID = before.ID
		}
		if err := tx.Save(&d).Error; err != nil {
			return err
		}
		var was any // a typed nil would be recorded as "null"
		if before != nil {
			was = before
		}
		return audit(tx, a, partnerID, "discount.set", "customer", in.CustomerID, was, &d)
	})
	return &d, err
}

// RemoveDiscount ends a discount now, under the same rules as setting it, audited.
func RemoveDiscount(ctx context.Context, db *gorm.DB, a Actor, id uint64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var d Discount
		if err := tx.Take(&d, id).Error; err != nil {
			return notFound(err)
		}
		partnerID, err := mayDiscount(tx, a, d.CustomerID, d.Type)
		if err != nil {
			return err
		}
		if err := tx.Delete(&Discount{}, id).Error; err != nil {
			return err
		}
		return audit(tx, a, partnerID, "discount.remove", "customer", d.CustomerID, &d, nil)
	})
}

// mayDiscount checks that the actor may set a discount of type t for the customer, and returns
// the partner that sets it (0: the operator).
func mayDiscount(tx *gorm.DB, a Actor, customerID uint64, t DiscountType) (uint64, error) {
	var c Customer
	if err := tx.Take(&c, customerID).Error; err != nil {
		return 0, notFound(err)
	}
	switch {
	case a.Kind == OperatorUser && t == Discount605:
		return 0, nil
	case a.Kind == OperatorUser || t == Discount605 || (t != Discount606 && t != Discount607):
		return 0, &FieldError{Field: "discount_type", Err: ErrDiscountType}
	case !a.isPartner(RoleAdmin, RoleSales):
		return 0, ErrForbidden
	}
	switch PartnerDiscountType(a, &c) {
	case 0:
		return 0, ErrNotFound
	case t:
		return a.PartnerID, nil
	}
	return 0, &FieldError{Field: "discount_type", Err: ErrDiscountType}
}

// PartnerDiscountType is the discount a partner's member may set for the customer: 607 for the
// partner's own customer, 606 for a customer of one of its resellers; 0 for none (another role,
// another partner's customer).
func PartnerDiscountType(a Actor, c *Customer) DiscountType {
	switch {
	case !a.isPartner(RoleAdmin, RoleSales):
		return 0
	case c.PartnerID != nil && *c.PartnerID == a.PartnerID:
		return Discount607
	case c.TopPartnerID != nil && *c.TopPartnerID == a.PartnerID:
		return Discount606
	}
	return 0
}

// withinCeiling refuses a 607 discount above the partner's ceiling (none set: no 607 at all).
func withinCeiling(tx *gorm.DB, t DiscountType, partnerID uint64, off Percent) error {
	if t != Discount607 {
		return nil
	}
	var c DiscountCeiling
	err := tx.Take(&c, partnerID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || err == nil && off.GreaterThan(c.MaxOff.Decimal) {
		return &FieldError{Field: "discount_rate", Err: ErrAboveCeiling}
	}
	return err
}

func findDiscount(tx *gorm.DB, customerID uint64, t DiscountType, service string) (*Discount, error) {
	var d Discount
	err := tx.Where("customer_id = ? AND type = ? AND service_type = ?", customerID, t, service).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &d, err
}

// discountDates checks a validity: two dates, in order, not over before today.
func discountDates(from, to string) (string, string, error) {
	f, err1 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(from), BusinessZone)
	t, err2 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(to), BusinessZone)
	if err1 != nil {
		return "", "", &FieldError{Field: "valid_from", Err: ErrDiscountValidity}
	}
	today := time.Now().In(BusinessZone).Format(time.DateOnly)
	if err2 != nil || t.Before(f) || t.Format(time.DateOnly) < today {
		return "", "", &FieldError{Field: "valid_to", Err: ErrDiscountValidity}
	}
	return f.Format(time.DateOnly), t.Format(time.DateOnly), nil
}

// checkDiscountService refuses an unknown service type and a marketplace one (sold by its
// publisher at its own price).
func checkDiscountService(ctx context.Context, db *gorm.DB, code string) error {
	if code == "" {
		return nil
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return err
	}
	if st := cat.serviceCode[code]; st == nil || st.Marketplace {
		return &FieldError{Field: "service_type", Err: ErrUnknownServiceType}
	}
	return nil
}

// SetDiscountCeiling sets the largest 607 discount a partner may give, operator only, audited.
// Discounts already set above a lowered ceiling stay until they are set again.
func SetDiscountCeiling(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64, maxOff string) (*DiscountCeiling, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	off, err := ParsePercent(maxOff)
	if err != nil {
		return nil, &FieldError{Field: "max_discount_rate", Err: ErrInvalidRate}
	}
	c := DiscountCeiling{PartnerID: partnerID, MaxOff: off, UpdatedBy: a.UserID, UpdatedAt: time.Now().UTC()}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var p Partner
		if err := tx.Take(&p, partnerID).Error; err != nil {
			return notFound(err)
		}
		var before DiscountCeiling
		had := tx.Take(&before, partnerID).Error == nil
		if err := tx.Save(&c).Error; err != nil {
			return err
		}
		var b any
		if had {
			b = &before
		}
		return audit(tx, a, partnerID, "discount.ceiling", "partner", partnerID, b, &c)
	})
	return &c, err
}

// DiscountCeilingOf is the partner's 607 ceiling (nil: none set, no 607 allowed). A partner reads
// its own; the operator any.
func DiscountCeilingOf(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64) (*DiscountCeiling, error) {
	if a.Kind != OperatorUser && a.PartnerID != partnerID {
		return nil, ErrNotFound
	}
	var c DiscountCeiling
	err := db.WithContext(ctx).Take(&c, partnerID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &c, err
}

// CustomerDiscounts lists a customer's discounts (all types, expired ones too), for anyone who
// may see the customer: the operator, its partner and its partner's master distributor.
func CustomerDiscounts(ctx context.Context, db *gorm.DB, a Actor, customerID uint64) ([]Discount, error) {
	if err := maySeeCustomer(db.WithContext(ctx), a, customerID); err != nil {
		return nil, err
	}
	var ds []Discount
	err := db.WithContext(ctx).Where("customer_id = ?", customerID).Order("type, service_type").Find(&ds).Error
	return ds, err
}

// maySeeCustomer: the operator sees every customer, a partner its own and its resellers'.
func maySeeCustomer(db *gorm.DB, a Actor, customerID uint64) error {
	var c Customer
	if err := db.Select("id, partner_id, top_partner_id").Take(&c, customerID).Error; err != nil {
		return notFound(err)
	}
	if a.Kind == OperatorUser {
		return nil
	}
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return ErrNotFound
	}
	if c.PartnerID != nil && *c.PartnerID == a.PartnerID || c.TopPartnerID != nil && *c.TopPartnerID == a.PartnerID {
		return nil
	}
	return ErrNotFound
}
