package seed

import (
	"context"
	"testing"
	"time"

	"partnerhub/models"
)

// TestDemoArrears: the customer-arrears sign-in's customer runs an on-demand ECS on 5.00 yuan; the
// server's first rating (the last day's hours) runs its balance out into arrears within their grace
// period, the provider's allocation writes them off, and `partnerhub check` holds throughout.
func TestDemoArrears(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	if err := Demo(ctx, db, testNow); err != nil {
		t.Fatal(err)
	}
	var u models.User
	if err := db.Where("username = ?", DemoArrearsUser).First(&u).Error; err != nil || u.CustomerID == nil {
		t.Fatalf("the arrears sign-in: %+v %v", u, err)
	}
	cid := *u.CustomerID
	var n int64
	db.Model(&models.Resource{}).Where("customer_id = ? AND charge_mode = ? AND status = ?", cid, models.ChargeOnDemand, models.ResourceInUse).Count(&n)
	if n == 0 {
		t.Fatal("the arrears customer has no on-demand resource in use")
	}
	if b, err := models.CustomerBalance(ctx, db, cid); err != nil || !b.Equal(models.Fen(demoArrearsBalance).Decimal) {
		t.Fatalf("balance %v %v", b, err)
	}
	// what serve does at start: the last day's hours recorded, then rated
	for h := 24; h >= 1; h-- {
		if _, err := models.GenerateUsage(ctx, db, testNow.Truncate(time.Hour).Add(-time.Duration(h)*time.Hour), testNow); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := models.RateUsage(ctx, db, models.RateOptions{}, testNow); err != nil {
		t.Fatal(err)
	}
	var ar models.Arrears
	if err := db.Where("customer_id = ?", cid).Take(&ar).Error; err != nil || ar.Amount <= 0 || ar.DueAt == nil || !ar.DueAt.After(testNow) || ar.FrozenAt != nil {
		t.Fatalf("after a day of usage: arrears %+v %v, want some, within the grace period", ar, err)
	}
	if b, _ := models.CustomerBalance(ctx, db, cid); !b.IsZero() {
		t.Errorf("balance %v left beside arrears", b)
	}
	if report, err := models.Check(ctx, db); err != nil || len(report) > 0 {
		t.Errorf("check in arrears: %v %v", report, err)
	}
	var p models.User
	if err := db.Where("username = ?", "provider").First(&p).Error; err != nil {
		t.Fatal(err)
	}
	tr, err := models.Allocate(ctx, db, models.ActorOf(&p, "test"), cid, models.FundsInput{Amount: models.Fen(ar.Amount + 10000)}, testNow)
	if err != nil || tr.WrittenOff != ar.Amount {
		t.Fatalf("the allocation wrote off %+v (%v), want %d", tr, err, ar.Amount)
	}
	var after models.Arrears
	if db.Where("customer_id = ?", cid).Take(&after); after.Amount != 0 || after.DueAt != nil {
		t.Errorf("after the allocation: %+v", after)
	}
	if report, err := models.Check(ctx, db); err != nil || len(report) > 0 {
		t.Errorf("check after the write-off: %v %v", report, err)
	}
}
