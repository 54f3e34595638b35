package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// ErrDomainName refuses an account name the cloud would not take.
var ErrDomainName = newError("CBC.0100", "err.domain_name", "the account name must be 5 to 32 letters, digits, _ or -")

// SubCustomerInput creates a customer account for a partner (the API's CreateSubCustomer).
type SubCustomerInput struct {
	XAccountID, XAccountType string // the partner's own id for the account, unique per type; both or neither (the console gives none)
	DomainName               string // account name, 5–32 of letters, digits, _ and -; generated when empty
	MobilePhone              string // a mainland mobile number (the account's country code is 0086), kept as its 11 digits
	Password                 string // the customer user's password; none means it cannot sign in until reset
	Mode                     Mode
	ResellerID               uint64 // a master distributor creating for one of its resellers
	Label                    string // the customer's label (the partner's own customer only)
	ManagerID                uint64 // its account manager: the admin's choice (see customer_manage.go)
}

// CreateSubCustomer creates a customer account already associated with the acting partner (or,
// for a master distributor, with the reseller it names) in the given mode, and the customer's own
// user. A master distributor creating for itself needs the customer-expansion permission.
//
// The new customer may get its label and account manager at once, by the rules of
// SetCustomerLabel and AssignAccountManager: a sales member who creates a customer becomes its
// account manager (so that it may label it) and may name no one else.
func CreateSubCustomer(ctx context.Context, db *gorm.DB, a Actor, in SubCustomerInput, now time.Time) (*Customer, error) {
	if !a.isPartner(RoleAdmin, RoleSales) {
		return nil, ErrForbidden
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	if err := in.checkManager(a); err != nil {
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
		if err := tx.First(c, c.ID).Error; err != nil { // as associated
			return err
		}
		if err := setManaged(tx, c, in); err != nil {
			return err
		}
		return audit(tx, a, p.ID, "customer.create", "customer", c.ID, nil, c)
	})
	return c, err
}

// checkManager applies the account manager's rule to a new customer: the admin names any one (or
// none), a sales member is the manager itself. A reseller's customer gets neither a label nor a
// manager from its master distributor.
func (in *SubCustomerInput) checkManager(a Actor) error {
	if in.ResellerID != 0 && (in.Label != "" || in.ManagerID != 0) {
		return ErrResellersCustomer
	}
	switch {
	case a.MayAssignManagers() || in.ResellerID != 0:
	case in.ManagerID == 0 || in.ManagerID == a.UserID:
		in.ManagerID = a.UserID
	default:
		return ErrForbidden
	}
	return nil
}

// setManaged gives a new customer its label and account manager.
func setManaged(tx *gorm.DB, c *Customer, in SubCustomerInput) error {
	if in.ManagerID != 0 {
		if err := eligibleManager(tx, *c.PartnerID, in.ManagerID); err != nil {
			return err
		}
		if err := setManager(tx, c, in.ManagerID); err != nil {
			return err
		}
	}
	if in.Label == "" {
		return nil
	}
	return setLabel(tx, c, in.Label)
}

// check applies every rule that needs no database. Its error is FieldErrors, one per refused
// field, so that a form says everything wrong at once.
func (in *SubCustomerInput) check() error {
	in.DomainName = strings.TrimSpace(in.DomainName)
	if in.DomainName == "" {
		in.DomainName = "hw" + strings.ToLower(randomString(akAlphabet, 10))
	}
	var errs FieldErrors
	add := func(field string, e error) {
		if e != nil {
			errs = append(errs, asFieldError(field, e))
		}
	}
	in.cleanTexts(add)
	if !validDomainName(in.DomainName) {
		add("domain_name", ErrDomainName)
	}
	switch { // both or neither
	case in.XAccountID == "" && in.XAccountType != "":
		add("xaccount_id", ErrInvalidInput)
	case in.XAccountID != "" && in.XAccountType == "":
		add("xaccount_type", ErrInvalidInput)
	}
	if in.Mode != Advisory && in.Mode != Consignment {
		add("cooperation_type", ErrInvalidInput)
	}
	if in.Password != "" && (len(in.Password) < 8 || len(in.Password) > MaxPasswordLen) {
		add("password", ErrWeakPassword)
	}
	return errs.orNil()
}

// cleanTexts cleans the partner's references, the mobile number and the label, naming the field
// it refuses.
func (in *SubCustomerInput) cleanTexts(add func(string, error)) {
	var err error
	in.XAccountID, err = xaccountIDText.Clean(in.XAccountID)
	add("xaccount_id", err)
	in.XAccountType, err = xaccountTypeText.Clean(in.XAccountType)
	add("xaccount_type", err)
	if in.MobilePhone, err = mainlandMobile(in.MobilePhone); err != nil {
		add("mobile_phone", ErrInvalidMobile)
	}
	in.Label, err = labelText.Clean(in.Label)
	add("label", err)
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
	if in.XAccountID != "" {
		if err := tx.Model(&Customer{}).Where("x_account_type = ? AND x_account_id = ?", in.XAccountType, in.XAccountID).Count(&n).Error; err != nil {
			return nil, err
		}
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
