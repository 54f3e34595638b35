package models

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// TestLookupAccessKey: the one query finds an enabled key with its member and partner, all their
// columns read, and refuses a key that is disabled or whose member is disabled or has moved.
func TestLookupAccessKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sealer, err := NewSealer(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(db *gorm.DB, k *NewAccessKey) error
	}{
		{"enabled", nil},
		{"key disabled", func(db *gorm.DB, k *NewAccessKey) error {
			return db.Model(&AccessKey{}).Where("id = ?", k.Key.ID).Update("status", AccessKeyDisabled).Error
		}},
		{"member disabled", func(db *gorm.DB, k *NewAccessKey) error {
			return db.Model(&User{}).Where("id = ?", k.Key.UserID).Update("disabled", true).Error
		}},
		{"member moved to another partner", func(db *gorm.DB, k *NewAccessKey) error {
			return db.Model(&User{}).Where("id = ?", k.Key.UserID).Update("partner_id", partnerByAccount(t, db, "reseller-sh").ID).Error
		}},
	} {
		db := demoCopy(t)
		a := actor(t, db, "provider")
		k, err := CreateAccessKey(ctx, db, sealer, a, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if tc.change != nil {
			if err := tc.change(db, k); err != nil {
				t.Fatal(err)
			}
		}
		c, err := LookupAccessKey(ctx, db, sealer, k.Key.AccessKeyID)
		if tc.change != nil {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: %v, want not found", tc.name, err)
			}
			continue
		}
		p := partnerByAccount(t, db, "provider")
		var u User
		db.First(&u, a.UserID)
		switch {
		case err != nil:
			t.Fatalf("%s: %v", tc.name, err)
		case c.Key.ID != k.Key.ID || c.Key.PartnerID != p.ID || c.Key.Status != AccessKeyActive || c.Key.UserID != u.ID:
			t.Errorf("the key read: %+v", c.Key)
		case c.User.ID != u.ID || c.User.Roles != u.Roles || c.User.Kind != PartnerUser || *c.User.PartnerID != p.ID || c.User.CustomerID != nil:
			t.Errorf("the member read: %+v", c.User)
		case c.Partner.ID != p.ID || c.Partner.DomainID != p.DomainID || c.Partner.Kind != p.Kind:
			t.Errorf("the partner read: %+v", c.Partner)
		case c.Actor("r") != ActorOf(&u, "r"):
			t.Errorf("acts as %+v, the member is %+v", c.Actor("r"), ActorOf(&u, "r"))
		case string(c.Secret) != k.SecretKey:
			t.Error("the secret does not open to the key's")
		}
	}
	db := demoCopy(t)
	for _, ak := range []string{"", "NOSUCHKEY", strings.Repeat("A", 33)} {
		if _, err := LookupAccessKey(ctx, db, sealer, ak); !errors.Is(err, ErrNotFound) {
			t.Errorf("AK %q: %v, want not found", ak, err)
		}
	}
}

// TestCustomerAccessKeys: a customer user holds keys of its own (at most two enabled), which the
// partner's admin neither sees nor touches, and which LookupAccessKey finds with the customer; a
// disabled user's or a disabled key is not found, and another customer's key is not its to manage.
func TestCustomerAccessKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := demoCopy(t)
	sealer, err := NewSealer(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	cust, other, admin := actor(t, db, "customer"), actor(t, db, "prospect"), actor(t, db, "provider")
	k1, err := CreateAccessKey(ctx, db, sealer, cust, testNow)
	if err != nil || k1.Key.PartnerID != 0 {
		t.Fatalf("a customer's key: %v %+v", err, k1)
	}
	k2, _ := CreateAccessKey(ctx, db, sealer, cust, testNow)
	_, err = CreateAccessKey(ctx, db, sealer, cust, testNow)
	wantErr(t, "a third enabled key", err, ErrTooManyKeys)
	if _, err := CreateAccessKey(ctx, db, sealer, admin, testNow); err != nil {
		t.Fatalf("the partner's admin, beside the customer's keys: %v", err)
	}
	keys, err := ListAccessKeys(ctx, db, cust)
	if err != nil || len(keys) != 2 || keys[0].ID != k2.Key.ID || keys[1].ID != k1.Key.ID {
		t.Fatalf("the customer's keys: %v %+v", err, keys)
	}
	if mine, _ := ListAccessKeys(ctx, db, other); len(mine) != 0 {
		t.Errorf("another customer sees %d keys", len(mine))
	}
	partners, _ := ListAccessKeys(ctx, db, admin)
	for _, k := range partners {
		if k.PartnerID == 0 {
			t.Errorf("the partner's admin sees the customer's key %d", k.ID)
		}
	}
	wantErr(t, "the partner disabling it", SetAccessKeyStatus(ctx, db, admin, k1.Key.ID, AccessKeyDisabled), ErrNotFound)
	wantErr(t, "another customer deleting it", DeleteAccessKey(ctx, db, other, k1.Key.ID), ErrNotFound)

	c, err := LookupAccessKey(ctx, db, sealer, k1.Key.AccessKeyID)
	if err != nil || !c.IsCustomer() || c.Customer.ID != cust.CustomerID || c.DomainID() != c.Customer.DomainID ||
		c.User.ID != cust.UserID || string(c.Secret) != k1.SecretKey {
		t.Fatalf("lookup of a customer's key: %v %+v", err, c)
	}
	wantErr(t, "disabling", SetAccessKeyStatus(ctx, db, cust, k1.Key.ID, AccessKeyDisabled), nil)
	_, err = LookupAccessKey(ctx, db, sealer, k1.Key.AccessKeyID)
	wantErr(t, "a disabled key", err, ErrNotFound)
	wantErr(t, "deleting", DeleteAccessKey(ctx, db, cust, k1.Key.ID), nil)
	db.Model(&User{}).Where("id = ?", cust.UserID).Update("disabled", true)
	_, err = LookupAccessKey(ctx, db, sealer, k2.Key.AccessKeyID)
	wantErr(t, "a disabled user's key", err, ErrNotFound)
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action LIKE 'access_key.%' AND user_id = ?", cust.UserID); n != 4 {
		t.Errorf("%d audit records of the customer's keys, want 4", n)
	}
}
