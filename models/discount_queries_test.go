package models

import (
	"context"
	"errors"
	"testing"
)

// The operator's read models of discounts are the operator's only; a name search finds any
// partner's customer.
func TestDiscountQueries(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	op, partner := actor(t, db, "operator"), actor(t, db, "provider")
	c := firstCustomers(t, db, "reseller")[0]
	found, err := FindCustomers(ctx, db, op, c.AccountName)
	if err != nil || len(found) == 0 || found[0].AccountName == "" {
		t.Fatalf("FindCustomers: %v, %d found", err, len(found))
	}
	var fe *FieldError
	if _, err := FindCustomers(ctx, db, op, "x"); !errors.As(err, &fe) || fe.Field != "cq" {
		t.Errorf("a one-letter search: %v", err)
	}
	if _, err := FindCustomers(ctx, db, partner, c.AccountName); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner searches all customers: %v", err)
	}
	if _, err := CustomerOf(ctx, db, partner, c.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner reads any customer: %v", err)
	}
	if _, err := CustomerOf(ctx, db, op, 1<<40); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such customer: %v", err)
	}
	p := partnerByAccount(t, db, "provider")
	ceilings, err := DiscountCeilings(ctx, db, op, []uint64{p.ID, partnerByAccount(t, db, "distributor").ID})
	if err != nil || ceilings[p.ID].String() != "20" || len(ceilings) != 1 {
		t.Errorf("ceilings %v, %v", ceilings, err)
	}
	if _, err := DiscountCeilings(ctx, db, partner, []uint64{p.ID}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner reads ceilings: %v", err)
	}
	cat, err := LoadCatalog(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	specs := cat.AllSpecs()
	for i := 1; i < len(specs); i++ {
		if specs[i].ResourceTypeID < specs[i-1].ResourceTypeID {
			t.Fatalf("specs not grouped by resource type at %d", i)
		}
	}
	if cat.ResourceTypeOf(specs[0]) == nil {
		t.Error("a spec without its resource type")
	}
}
