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
		case c.Key.ID != k.Key.ID || c.Key.PartnerID != p.ID || c.Key.Status != AccessKeyActive || !c.Key.CreatedAt.Equal(k.Key.CreatedAt):
			t.Errorf("the key read: %+v", c.Key)
		case c.User.ID != u.ID || c.User.Username != u.Username || c.User.Roles != u.Roles || c.User.Kind != PartnerUser:
			t.Errorf("the member read: %+v", c.User)
		case c.Partner.ID != p.ID || c.Partner.DomainID != p.DomainID || c.Partner.Kind != p.Kind || !c.Partner.JoinedAt.Equal(p.JoinedAt):
			t.Errorf("the partner read: %+v", c.Partner)
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
