package models

import (
	"context"
	"testing"

	"partnerhub/store"
)

// TestRebuildSearchIndexes: the indexes filled anew from the names find what they found before.
func TestRebuildSearchIndexes(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	var ent, cust, part string
	db.Raw("SELECT name FROM enterprises ORDER BY id LIMIT 1").Scan(&ent)
	db.Raw("SELECT account_name FROM customers ORDER BY id DESC LIMIT 1").Scan(&cust)
	db.Raw("SELECT name FROM partners ORDER BY id LIMIT 1").Scan(&part)
	queries := map[string][]string{
		store.EnterpriseSearchTable: {string([]rune(ent)[:2]), string([]rune(ent)[1:4])},
		store.CustomerSearchTable:   {string([]rune(cust)[:3])},
		store.PartnerSearchTable:    {string([]rune(part)[:2])},
	}
	counts := func() map[string]int64 {
		out := map[string]int64{}
		for index, qs := range queries {
			for _, q := range qs {
				n, err := store.CountMatches(db, index, q, 100000)
				if err != nil {
					t.Fatal(err)
				}
				out[index+" "+q] = n
			}
		}
		return out
	}
	before := counts()
	if err := RebuildSearchIndexes(ctx, db); err != nil {
		t.Fatal(err)
	}
	after := counts()
	for k, n := range before {
		if n == 0 || after[k] < n {
			t.Errorf("%s: %d found before the rebuild, %d after", k, n, after[k])
		}
	}
}
