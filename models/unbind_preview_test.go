package models

import (
	"context"
	"testing"
)

// The mode switch's preview says what the switch takes back: the balance (leaving consignment)
// and the partner's coupons, exactly what SwitchMode then reclaims; its refusals are the
// switch's.
func TestPreviewSwitchMode(t *testing.T) {
	t.Parallel()
	db, ctx := demoCopy(t), context.Background()
	a := actor(t, db, "provider")
	demo := demoCustomerID(t, db)
	var c Customer
	if err := db.First(&c, demo).Error; err != nil || c.Mode != Consignment {
		t.Fatalf("the demo customer %+v: %v", c, err)
	}
	pv, err := PreviewSwitchMode(ctx, db, a, demo, Advisory, testNow)
	if err != nil || len(pv.Coupons) == 0 || !pv.Balance.IsPositive() {
		t.Fatalf("preview %+v: %v", pv, err)
	}
	if same, err := PreviewSwitchMode(ctx, db, a, demo, Consignment, testNow); err != nil || len(same.Coupons) != 0 || !same.Balance.IsZero() {
		t.Errorf("switching to the mode it has takes something: %+v %v", same, err)
	}
	_, err = PreviewSwitchMode(ctx, db, actor(t, db, "provider-sales"), demo, Advisory, testNow)
	wantErr(t, "a sales member", err, ErrForbidden)
	_, err = PreviewSwitchMode(ctx, db, actor(t, db, "reseller"), demo, Advisory, testNow)
	wantErr(t, "another partner", err, ErrNotFound)
	if err := SwitchMode(ctx, db, a, demo, Advisory, testNow); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COALESCE(SUM(amount), 0) FROM coupon_records WHERE operation_type = ? AND customer_id = ?", OpSwitchMode, demo); !Fen(n).Equal(pv.CouponsBalance.Decimal) {
		t.Errorf("the switch reclaimed %d fen of coupons, the preview said %s", n, pv.CouponsBalance.StringFixed(2))
	}
	if n := count(t, db, "SELECT COUNT(DISTINCT coupon_id) FROM coupon_records WHERE operation_type = ? AND customer_id = ?", OpSwitchMode, demo); n != int64(len(pv.Coupons)) {
		t.Errorf("the switch reclaimed %d coupons, the preview said %d", n, len(pv.Coupons))
	}
	if bal, _ := CustomerBalance(ctx, db, demo); !bal.IsZero() {
		t.Errorf("after the switch the balance is %s", bal.StringFixed(2))
	}
}
