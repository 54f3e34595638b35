package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// SubCustomerInput creates a customer account for a partner (the API's CreateSubCustomer).
type SubCustomerInput struct {
	XAccountID, XAccountType string // the partner's own id for the account; unique per type
	DomainName               string // account name, 5–32 of letters, digits, _ and -; generated when empty
	MobilePhone              string // a mainland mobile number (the account's country code is 0086), kept as its 11 digits
	Password                 string // the customer user's password; none means it cannot sign in until reset
	Mode                     Mode
	ResellerID               uint64 // a master distributor creating for one of its resellers
}

// CreateSubCustomer creates a customer account already associated with the acting partner (or,
// for a master distributor, with the reseller it names) in the given mode, and the customer's own
// user. A master distributor creating for itself needs the customer-expansion permission.
func CreateSubCustomer(ctx context.Context, db *gorm.DB, a Actor, in SubCustomerInput, now time.Time) (*Customer, error) {
	if !a.isPartner(RoleAdmin, RoleSales) {
		return nil, ErrForbidden
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var c *Customer
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := subCustomerPartner(ctx, tx, a, in.ResellerID)
		if err != nil {
			return err
		}
		if c, err = createCustomer(tx, in, now.UTC()); err != nil {
			return err
		}
		if _, err := associate(tx, c, p, in.Mode, nil, now.UTC()); err != nil {
			return err
		}
		return audit(tx, a, p.ID, "customer.create", "customer", c.ID, nil, c)
	})
	return c, err
}

func (in *SubCustomerInput) check() error {
	in.DomainName = strings.TrimSpace(in.DomainName)
	if in.DomainName == "" {
		in.DomainName = "hw" + strings.ToLower(randomString(akAlphabet, 10))
	}
	if err := in.cleanTexts(); err != nil {
		return err
	}
	if !validDomainName(in.DomainName) || in.XAccountID == "" || in.XAccountType == "" {
		return ErrInvalidInput
	}
	if in.Mode != Advisory && in.Mode != Consignment {
		return ErrInvalidInput
	}
	if in.Password != "" && (len(in.Password) < 8 || len(in.Password) > MaxPasswordLen) {
		return ErrInvalidInput
	}
	return nil
}

// cleanTexts cleans the partner's references and the mobile number, naming the field it refuses.
func (in *SubCustomerInput) cleanTexts() error {
	var err error
	if in.XAccountID, err = xaccountIDText.Clean(in.XAccountID); err != nil {
		return err
	}
	if in.XAccountType, err = xaccountTypeText.Clean(in.XAccountType); err != nil {
		return err
	}
	if in.MobilePhone, err = mainlandMobile(in.MobilePhone); err != nil {
		return &FieldError{Field: "mobile_phone", Err: ErrInvalidMobile}
	}
	return nil
}

// mainlandMobile is a mainland mobile number as the customers' phones are kept (13812345678, the
// country code 0086 apart), or "" for none.
func mainlandMobile(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	e164, err := ParseMobile(s)
	if err != nil || !strings.HasPrefix(e164, "+86") {
		return "", ErrInvalidMobile
	}
	return e164[3:], nil
}

// validDomainName is the cloud's rule for an account name: 5–32 letters, digits, _ or -.
func validDomainName(s string) bool {
	if len(s) < 5 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func subCustomerPartner(ctx context.Context, tx *gorm.DB, a Actor, resellerID uint64) (*Partner, error) {
	p, err := GetPartner(ctx, tx, a.PartnerID)
	if err != nil {
		return nil, err
	}
	if resellerID != 0 {
		if p.Kind != MasterDistributor {
			return nil, ErrNotYourReseller
		}
		return resellerOf(ctx, tx, a, resellerID)
	}
	if !p.MayExpand() {
		return nil, ErrNoExpandPermission
	}
	return p, nil
}

func createCustomer(tx *gorm.DB, in SubCustomerInput, now time.Time) (*Customer, error) {
	var n int64
	if err := tx.Model(&Customer{}).Where("x_account_type = ? AND x_account_id = ?", in.XAccountType, in.XAccountID).Count(&n).Error; err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrXAccountTaken
	}
	c := &Customer{DomainID: randomHex(16), AccountName: in.DomainName, VerifiedStatus: NotVerified, CustomerType: CustomerNone,
		Phone: in.MobilePhone, CountryCode: "0086", Level: "V0", XAccountID: in.XAccountID, XAccountType: in.XAccountType, CreatedAt: now}
	if err := tx.Create(c).Error; err != nil {
		return nil, duplicateAs(err, ErrAccountNameTaken)
	}
	if err := store.IndexNames(tx, store.CustomerSearchTable, c.ID, c.AccountName); err != nil {
		return nil, err
	}
	return c, createCustomerUser(tx, c, in.Password)
}

// createCustomerUser makes the customer's own sign-in, named as its account.
func createCustomerUser(tx *gorm.DB, c *Customer, password string) error {
	if password == "" {
		password = randomString(skAlphabet, 32) // unknown to anyone: set by a reset later
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u := &User{Username: strings.ToLower(c.AccountName), PasswordHash: hash, DisplayName: c.AccountName, Kind: CustomerUser,
		CustomerID: &c.ID, Mobile: c.Phone}
	return duplicateAs(tx.Create(u).Error, ErrAccountNameTaken)
}

func duplicateAs(err, as error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return as
	}
	return err
}

// Identity kinds CheckUserIdentity looks up.
const (
	IdentityEmail  = "email"
	IdentityMobile = "mobile"
	IdentityName   = "name"
)

// IdentityInUse tells whether an email, mobile number or account name is already used by an
// account (customer or user), before a partner creates a customer with it.
func IdentityInUse(ctx context.Context, db *gorm.DB, a Actor, kind, value string) (bool, error) {
	if a.Kind != PartnerUser {
		return false, ErrForbidden
	}
	value = strings.TrimSpace(value)
	if value == "" || len(value) > 128 {
		return false, ErrInvalidInput
	}
	// exact comparisons on indexed columns: emails and sign-in names are kept in lower case
	var cust, user *gorm.DB
	tx := db.WithContext(ctx)
	switch kind {
	case IdentityEmail:
		v := strings.ToLower(value)
		cust, user = tx.Model(&Customer{}).Where("email = ?", v), tx.Model(&User{}).Where("email = ?", v)
	case IdentityMobile:
		cust, user = tx.Model(&Customer{}).Where("phone = ?", value), tx.Model(&User{}).Where("mobile = ?", value)
	case IdentityName:
		cust = tx.Model(&Customer{}).Where("account_name IN ?", []string{value, strings.ToLower(value)})
		user = tx.Model(&User{}).Where("username = ?", strings.ToLower(value))
	default:
		return false, ErrInvalidInput
	}
	for _, q := range []*gorm.DB{cust, user} {
		var n int64
		if err := q.Limit(1).Count(&n).Error; err != nil || n > 0 {
			return n > 0, err
		}
	}
	return false, nil
}
