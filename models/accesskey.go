package models

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// MaxActiveAccessKeys is how many enabled access keys a member may hold, as in the cloud.
const MaxActiveAccessKeys = 2

// Access key statuses.
const (
	AccessKeyActive   = "active"
	AccessKeyDisabled = "disabled"
)

// AccessKey is an AK/SK pair for the partner API. It acts as the user who created it: a partner's
// member, with that member's roles, or a customer's own user (a customer key, PartnerID 0), for the
// operations the cloud serves only to the customer's own AK/SK (paying, cancelling). The secret is
// stored sealed (AES-GCM), shown once at creation.
type AccessKey struct {
	ID          uint64 `gorm:"primaryKey"`
	AccessKeyID string `gorm:"size:32;not null;uniqueIndex"` // the AK
	UserID      uint64 `gorm:"not null;index"`
	PartnerID   uint64 `gorm:"not null;index"` // 0: a customer's key (its user's customer)
	Secret      []byte `gorm:"not null" json:"-"`
	Status      string `gorm:"size:16;not null"`
	// CreateToken is the one-time token of the form that created the key (scoped to its member):
	// a re-submitted form finds it and creates nothing.
	CreateToken *string   `gorm:"size:160;uniqueIndex" json:"-"`
	CreatedAt   time.Time `gorm:"not null"`
	LastUsedAt  *time.Time
}

// NewAccessKey is a created key with its secret, which is never readable again.
type NewAccessKey struct {
	Key       AccessKey
	SecretKey string
}

const (
	akAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	skAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// randomString draws n characters uniformly from alphabet (rejecting the bytes that would bias the
// modulo toward the first letters).
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// mayManageKeys: a partner's admin manages the partner's access keys, a customer its own.
func (a Actor) mayManageKeys() bool {
	return a.isPartner(RoleAdmin) || a.Kind == CustomerUser && a.CustomerID != 0
}

// keysOf is the access keys the actor manages: its partner's, or its customer's users' (a customer
// key has no partner; it belongs to its user's customer).
func keysOf(tx *gorm.DB, a Actor) *gorm.DB {
	if a.Kind == CustomerUser {
		return tx.Where("partner_id = 0 AND user_id IN (SELECT id FROM users WHERE kind = ? AND customer_id = ?)", CustomerUser, a.CustomerID)
	}
	return tx.Where("partner_id = ?", a.PartnerID)
}

// CreateAccessKey makes an AK/SK pair for the acting admin, or the acting customer user (a customer
// key); a member or user may hold MaxActiveAccessKeys enabled keys.
func CreateAccessKey(ctx context.Context, db *gorm.DB, s *Sealer, a Actor, now time.Time) (*NewAccessKey, error) {
	return CreateAccessKeyOnce(ctx, db, s, a, "", now)
}

// CreateAccessKeyOnce is CreateAccessKey for a form carrying a one-time token: the same token again
// (a refresh, a double-click) creates no second key and answers ErrKeyAlreadyCreated, since the
// first key's secret cannot be shown again.
func CreateAccessKeyOnce(ctx context.Context, db *gorm.DB, s *Sealer, a Actor, token string, now time.Time) (*NewAccessKey, error) {
	if !a.mayManageKeys() {
		return nil, ErrForbidden
	}
	if len(token) > 128 {
		return nil, ErrInvalidInput
	}
	out := &NewAccessKey{SecretKey: randomString(skAlphabet, 40)}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// the member's row first (checkKeyQuota locks it too): the same form submitted twice, to
		// two servers, then looks for its token one after the other
		if err := store.LockRows(tx, "users", "id = ?", a.UserID); err != nil {
			return err
		}
		if token != "" {
			scoped := fmt.Sprintf("u%d/%s", a.UserID, token)
			var n int64
			if err := tx.Model(&AccessKey{}).Where("create_token = ?", scoped).Count(&n).Error; err != nil || n > 0 {
				return firstErr(err, ErrKeyAlreadyCreated)
			}
			out.Key.CreateToken = &scoped
		}
		if err := checkKeyQuota(tx, a.UserID, 0); err != nil {
			return err
		}
		ak := randomString(akAlphabet, 20)
		out.Key = AccessKey{AccessKeyID: ak, UserID: a.UserID, PartnerID: a.PartnerID, Status: AccessKeyActive,
			CreatedAt: now.UTC(), Secret: s.Seal([]byte(out.SecretKey), []byte(ak)), CreateToken: out.Key.CreateToken}
		if err := tx.Create(&out.Key).Error; err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "access_key.create", "access_key", out.Key.ID, nil, out.Key)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func checkKeyQuota(tx *gorm.DB, userID, except uint64) error {
	if err := store.LockRows(tx, "users", "id = ?", userID); err != nil { // see countSend
		return err
	}
	var n int64
	err := tx.Model(&AccessKey{}).Where("user_id = ? AND status = ? AND id <> ?", userID, AccessKeyActive, except).Count(&n).Error
	if err != nil {
		return err
	}
	if n >= MaxActiveAccessKeys {
		return ErrTooManyKeys
	}
	return nil
}

// ListAccessKeys lists the access keys of the acting admin's partner, or of the acting customer,
// newest first.
func ListAccessKeys(ctx context.Context, db *gorm.DB, a Actor) ([]AccessKey, error) {
	if !a.mayManageKeys() {
		return nil, ErrForbidden
	}
	var out []AccessKey
	err := keysOf(db.WithContext(ctx), a).Order("id DESC").Limit(200).Find(&out).Error
	return out, err
}

// SetAccessKeyStatus disables or enables one of the partner's (the customer's) keys; enabling respects the limit
// of enabled keys of the key's member.
func SetAccessKeyStatus(ctx context.Context, db *gorm.DB, a Actor, id uint64, status string) error {
	if !a.mayManageKeys() {
		return ErrForbidden
	}
	if status != AccessKeyActive && status != AccessKeyDisabled {
		return ErrInvalidInput
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		k, err := ownKey(tx, a, id)
		if err != nil || k.Status == status {
			return err
		}
		if status == AccessKeyActive {
			if err := checkKeyQuota(tx, k.UserID, k.ID); err != nil {
				return err
			}
		}
		before := *k
		if err := tx.Model(k).Update("status", status).Error; err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "access_key."+status, "access_key", k.ID, before, k)
	})
}

// DeleteAccessKey removes one of the partner's keys; requests signed with it fail from then on.
func DeleteAccessKey(ctx context.Context, db *gorm.DB, a Actor, id uint64) error {
	if !a.mayManageKeys() {
		return ErrForbidden
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		k, err := ownKey(tx, a, id)
		if err != nil {
			return err
		}
		if err := tx.Delete(k).Error; err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "access_key.delete", "access_key", k.ID, k, nil)
	})
}

// ownKey is one of the keys the actor manages; anyone else's is ErrNotFound.
func ownKey(tx *gorm.DB, a Actor, id uint64) (*AccessKey, error) {
	var k AccessKey
	if err := keysOf(tx, a).Where("id = ?", id).First(&k).Error; err != nil {
		return nil, notFound(err)
	}
	return &k, nil
}

// APICaller is who signed an API request: the key, its secret, and the member it acts as (with
// its partner) or, for a customer key, the customer user and its customer.
//
// Of a partner's key, the member and partner hold only what partnerKeyQuery reads — ids, kinds,
// roles, the disabled flag, the partner's account id — so add a column there before reading
// another field.
type APICaller struct {
	Key      AccessKey
	Secret   []byte
	User     User
	Partner  Partner   // zero for a customer key
	Customer *Customer // a customer key's customer; nil for a partner's key
}

// IsCustomer tells a customer's key from a partner's.
func (c *APICaller) IsCustomer() bool { return c.Customer != nil }

// DomainID is the account id of the key's owner: its partner's, or its customer's.
func (c *APICaller) DomainID() string {
	if c.Customer != nil {
		return c.Customer.DomainID
	}
	return c.Partner.DomainID
}

// Actor is the member the key acts as.
func (c *APICaller) Actor(requestID string) Actor { return ActorOf(&c.User, requestID) }

// LookupAccessKey finds an enabled key by its AK with the member and partner it acts for, or the
// customer user and customer of a customer key. A missing, disabled or deleted key, or a disabled
// member or user, is ErrNotFound. A partner's key is one query (every API call makes it): the key
// joined to its member and partner; a customer key, which joins no partner, takes a second.
func LookupAccessKey(ctx context.Context, db *gorm.DB, s *Sealer, ak string) (*APICaller, error) {
	if ak == "" || len(ak) > 32 {
		return nil, ErrNotFound
	}
	c, err := lookupPartnerKey(ctx, db, ak)
	if err != nil {
		return nil, err
	}
	if c == nil {
		if c, err = lookupCustomerKey(ctx, db, ak); err != nil {
			return nil, err
		}
	}
	// a key acts for its member only while the member is enabled and still belongs to the key's
	// partner; a customer key for its user while the user is enabled
	if c.User.Disabled || c.Customer == nil && (c.User.Kind != PartnerUser || c.User.PartnerID == nil || *c.User.PartnerID != c.Key.PartnerID) {
		return nil, ErrNotFound
	}
	secret, err := s.Open(c.Key.Secret, []byte(c.Key.AccessKeyID))
	if err != nil {
		return nil, errors.New("models: an access key secret does not open: wrong encryption key?")
	}
	c.Secret = secret
	return c, nil
}

// partnerKeyQuery reads what a partner's key acts with: the key, and of its member and partner what
// the API's checks and answers use (APICaller). Every column of the three rows, scanned by GORM,
// took most of an API call's lookup: 160 µs against 58 µs for these, scanned by hand (demo world).
const partnerKeyQuery = `SELECT k.id, k.access_key_id, k.user_id, k.partner_id, k.secret, k.status, k.last_used_at,
	u.id, u.kind, u.partner_id, u.customer_id, u.roles, u.disabled,
	p.id, p.domain_id, p.kind
	FROM access_keys k JOIN users u ON u.id = k.user_id JOIN partners p ON p.id = k.partner_id
	WHERE k.access_key_id = ? AND k.status = ? LIMIT 1`

// lookupPartnerKey finds an enabled partner's key with its member and partner, or nil.
func lookupPartnerKey(ctx context.Context, db *gorm.DB, ak string) (*APICaller, error) {
	rows, err := db.WithContext(ctx).Raw(partnerKeyQuery, ak, AccessKeyActive).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	c := &APICaller{}
	k, u, p := &c.Key, &c.User, &c.Partner
	err = rows.Scan(&k.ID, &k.AccessKeyID, &k.UserID, &k.PartnerID, &k.Secret, &k.Status, &k.LastUsedAt,
		&u.ID, &u.Kind, &u.PartnerID, &u.CustomerID, &u.Roles, &u.Disabled,
		&p.ID, &p.DomainID, &p.Kind)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// lookupCustomerKey finds an enabled customer key (no partner) with its user and the user's customer.
func lookupCustomerKey(ctx context.Context, db *gorm.DB, ak string) (*APICaller, error) {
	var k AccessKey
	err := db.WithContext(ctx).Where("access_key_id = ? AND status = ? AND partner_id = 0", ak, AccessKeyActive).First(&k).Error
	if err != nil {
		return nil, notFound(err)
	}
	c := &APICaller{Key: k, Customer: &Customer{}}
	if err := db.WithContext(ctx).First(&c.User, k.UserID).Error; err != nil {
		return nil, notFound(err)
	}
	if c.User.Kind != CustomerUser || c.User.CustomerID == nil {
		return nil, ErrNotFound
	}
	if err := db.WithContext(ctx).First(c.Customer, *c.User.CustomerID).Error; err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// TouchAccessKey records that a key was used. It writes at most once a minute per key, so a busy
// integration does not turn every read into a write.
func TouchAccessKey(ctx context.Context, db *gorm.DB, k *AccessKey, now time.Time) error {
	if k.LastUsedAt != nil && now.Sub(*k.LastUsedAt) < time.Minute {
		return nil
	}
	now = now.UTC()
	k.LastUsedAt = &now
	return db.WithContext(ctx).Model(k).Update("last_used_at", now).Error
}
