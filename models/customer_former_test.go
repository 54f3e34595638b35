package models

import (
	"context"
	"testing"
)

// A partner still reads a customer it unbound, with the date the association ended; no one else
// does, and a customer it is associated with is not "former".
func TestGetFormerCustomer(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	var c Customer
	if err := db.Where("account_name = ?", "demo-customer").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	wantErr(t, "an associated customer", errOf(GetFormerCustomer(ctx, db, a, c.ID)), ErrNotFound)
	if err := Unbind(ctx, db, a, c.ID, testNow); err != nil {
		t.Fatal(err)
	}
	f, err := GetFormerCustomer(ctx, db, a, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Customer.ID != c.ID || f.Association.EndedOn == nil || !f.Association.EndedOn.Equal(testNow.UTC()) || f.Partner.AccountName != "provider" {
		t.Errorf("former customer %+v", f.Association)
	}
	for _, tc := range []struct {
		name, user string
		want       error
	}{
		{"another partner", "reseller", ErrNotFound},
		{"a master distributor it never had", "distributor", ErrNotFound},
		{"a customer user", "customer", ErrForbidden},
	} {
		wantErr(t, tc.name, errOf(GetFormerCustomer(ctx, db, actor(t, db, tc.user), c.ID)), tc.want)
	}
	wantErr(t, "a customer that does not exist", errOf(GetFormerCustomer(ctx, db, a, 1<<40)), ErrNotFound)
}

func errOf[T any](_ T, err error) error { return err }
