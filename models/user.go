package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// UserKind says which console a user signs in to.
type UserKind string

const (
	OperatorUser UserKind = "operator" // staff of the cloud (运营人员)
	PartnerUser  UserKind = "partner"  // a member of a partner
	CustomerUser UserKind = "customer" // a customer's own account
)

// Role is a partner member's role; a member may hold several.
type Role uint8

const (
	RoleAdmin   Role = 1 << iota // 伙伴管理员: everything
	RoleSales                    // customers, expansion, orders
	RoleFinance                  // funds, coupons, bills
	RoleViewer                   // read only
)

// AllRoles lists the roles in display order.
var AllRoles = []Role{RoleAdmin, RoleSales, RoleFinance, RoleViewer}

// Roles is a set of roles, stored as a bit mask.
type Roles uint8

// Has tells whether the set holds any of the given roles.
func (r Roles) Has(any ...Role) bool {
	for _, x := range any {
		if uint8(r)&uint8(x) != 0 {
			return true
		}
	}
	return false
}

// Name is the role's code.
func (r Role) Name() string {
	switch r {
	case RoleAdmin:
		return "admin"
	case RoleSales:
		return "sales"
	case RoleFinance:
		return "finance"
	}
	return "viewer"
}

// User is anyone who signs in. A partner member belongs to one partner with a set of roles (its
// membership); a customer user is the account of one customer.
type User struct {
	ID           uint64   `gorm:"primaryKey"`
	Username     string   `gorm:"size:64;not null;uniqueIndex"`
	PasswordHash string   `gorm:"size:100;not null" json:"-"` // never serialised: not in an audit record, an API answer or a log
	DisplayName  string   `gorm:"size:128;not null;default:''"`
	Kind         UserKind `gorm:"size:16;not null"`
	PartnerID    *uint64  `gorm:"index"`
	CustomerID   *uint64  `gorm:"index"`
	Roles        Roles    `gorm:"not null;default:0"`
	Email        string   `gorm:"size:128"`
	Mobile       string   `gorm:"size:32"`
	Disabled     bool     `gorm:"not null;default:false"`
	CreatedAt    time.Time
	LastSignInAt *time.Time
}

// Actor is who performs a use case. Every domain function takes it and refuses what it may not do;
// it is the tenant boundary.
type Actor struct {
	UserID     uint64
	Kind       UserKind
	PartnerID  uint64 // partner members
	CustomerID uint64 // customer users
	Roles      Roles
	RequestID  string
	Address    string // the client's address, recorded in the audit log
}

// ActorOf makes the actor for a signed-in user.
func ActorOf(u *User, requestID string) Actor {
	a := Actor{UserID: u.ID, Kind: u.Kind, Roles: u.Roles, RequestID: requestID}
	if u.PartnerID != nil {
		a.PartnerID = *u.PartnerID
	}
	if u.CustomerID != nil {
		a.CustomerID = *u.CustomerID
	}
	return a
}

func (a Actor) isPartner(roles ...Role) bool {
	return a.Kind == PartnerUser && a.PartnerID != 0 && a.Roles.Has(roles...)
}

// MaxPasswordLen is bcrypt's input limit in bytes.
const MaxPasswordLen = 72

// PasswordCost is bcrypt's cost for the passwords hashed from now on. Test binaries lower it to
// bcrypt.MinCost in their TestMain, before anything is hashed: at the default a check takes a
// second under the race detector, and the tests sign in hundreds of times. Nothing else changes it.
var PasswordCost = bcrypt.DefaultCost

// HashPassword hashes a password with bcrypt.
func HashPassword(pw string) (string, error) {
	if len(pw) < 8 || len(pw) > MaxPasswordLen {
		return "", ErrInvalidInput
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), PasswordCost)
	return string(h), err
}

// dummyHash keeps a sign-in for an unknown user as slow as one for a known user: it is made at
// first use, at the cost the known users' hashes have.
var dummyHash = sync.OnceValue(func() []byte {
	h, err := bcrypt.GenerateFromPassword([]byte("partnerhub-no-such-user"), PasswordCost)
	if err != nil {
		panic(err) // only a cost out of bcrypt's range fails
	}
	return h
})

// GetUser loads a user by id.
func GetUser(ctx context.Context, db *gorm.DB, id uint64) (*User, error) {
	var u User
	if err := db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// CreateOperator makes an operator account (the first one of a non-demo install).
func CreateOperator(ctx context.Context, db *gorm.DB, username, password string) (*User, error) {
	username = normalizeUsername(username)
	if !validUsername(username) {
		return nil, ErrInvalidInput
	}
	h, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &User{Username: username, PasswordHash: h, DisplayName: username, Kind: OperatorUser}
	if err := db.WithContext(ctx).Create(u).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, ErrDuplicate
		}
		return nil, err
	}
	return u, nil
}

func normalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.' || r == '@') {
			return false
		}
	}
	return true
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}
