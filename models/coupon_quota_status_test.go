package models

import (
	"context"
	"errors"
	"testing"
)

// The confirmation of a quota's status change (QuotaToChange) and the change (SetQuotaStatus)
// apply one rule: for every status and action, the confirmation refuses exactly what the change
// refuses, and the change moves the quota to quotaStatusAfter's status.
func TestQuotaStatusRuleShared(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	op := actor(t, db, "operator")
	var q CouponQuota
	if err := db.Where("parent_id IS NULL").First(&q).Error; err != nil {
		t.Fatal("the demo has no quota:", err)
	}
	want := map[QuotaStatus]map[string]QuotaStatus{ // the statuses an action moves to; absent: refused
		QuotaNormal: {QuotaFreeze: QuotaFrozen, QuotaInvalidate: QuotaInvalid},
		QuotaFrozen: {QuotaUnfreeze: QuotaNormal, QuotaInvalidate: QuotaInvalid},
	}
	for _, from := range QuotaStatuses {
		for _, action := range []string{QuotaFreeze, QuotaUnfreeze, QuotaInvalidate} {
			if err := db.Model(&CouponQuota{}).Where("id = ?", q.ID).Update("status", from).Error; err != nil {
				t.Fatal(err)
			}
			to, allowed := want[from][action]
			_, _, confirmErr := QuotaToChange(ctx, db, op, q.ID, action)
			got, err := SetQuotaStatus(ctx, db, op, q.ID, action, testNow)
			switch {
			case allowed && (confirmErr != nil || err != nil || got.Status != to):
				t.Errorf("%s from %d: confirm %v, change %v", action, from, confirmErr, err)
			case !allowed && (!errors.Is(confirmErr, ErrQuotaState) || !errors.Is(err, ErrQuotaState)):
				t.Errorf("%s from %d: confirm %v, change %v, want both refused", action, from, confirmErr, err)
			}
		}
	}
}
