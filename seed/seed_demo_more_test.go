package seed

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"partnerhub/models"
)

// TestDemoTopupsTenantsAndKey: the demo world has an advisory customer's paid top-ups (each its
// one transfer), a resource of the reseller's customer the provider cannot see, and, once the
// server has sealed it, the demo customer's access key; `partnerhub check` holds.
func TestDemoTopupsTenantsAndKey(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	if err := Demo(ctx, db, testNow); err != nil {
		t.Fatal(err)
	}
	var paid []models.Topup
	err := db.Joins("JOIN customers c ON c.id = topups.customer_id").
		Where("topups.status = ? AND c.mode = ? AND topups.transfer_id IS NOT NULL", models.TopupPaid, models.Advisory).Find(&paid).Error
	if err != nil || len(paid) != 2 || paid[0].CustomerID != paid[1].CustomerID {
		t.Fatalf("an advisory customer's paid top-ups: %+v %v", paid, err)
	}
	if b, err := models.CustomerBalance(ctx, db, paid[0].CustomerID); err != nil || !b.Equal(models.Fen(620000).Decimal) {
		t.Errorf("the advisory customer's balance %v %v, want 6200.00", b, err)
	}
	var r models.Resource
	err = db.Joins("JOIN partners p ON p.id = resources.partner_id").Where("p.account_name = ? AND resources.parent_id IS NULL", "reseller").
		First(&r).Error
	if err != nil {
		t.Fatal("no resource of the reseller's customer:", err)
	}
	as := func(username string) models.Actor {
		var u models.User
		if err := db.Where("username = ?", username).First(&u).Error; err != nil {
			t.Fatal(err)
		}
		return models.ActorOf(&u, "test")
	}
	if _, err := models.GetResource(ctx, db, as("reseller"), r.ID); err != nil {
		t.Errorf("the reseller's own customer's resource: %v", err)
	}
	for _, other := range []string{"provider", "customer"} {
		if _, err := models.GetResource(ctx, db, as(other), r.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("%s sees the reseller's customer's resource: %v", other, err)
		}
	}
	sealer, err := models.NewSealer(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	if err := DemoAccessKey(ctx, db, sealer, testNow); err != nil {
		t.Fatal(err)
	}
	keys, err := models.ListAccessKeys(ctx, db, as("customer"))
	if err != nil || len(keys) != 1 || keys[0].PartnerID != 0 {
		t.Fatalf("the demo customer's keys %+v %v", keys, err)
	}
	if c, err := models.LookupAccessKey(ctx, db, sealer, keys[0].AccessKeyID); err != nil || c.Customer == nil || c.Customer.AccountName != "demo-customer" {
		t.Errorf("the demo customer's key does not act for it: %+v %v", c, err)
	}
	if report, err := models.Check(ctx, db); err != nil || len(report) > 0 {
		t.Errorf("check: %v %v", report, err)
	}
}
