package models

import (
	"context"
	"errors"
	"testing"
)

// A partner's month of consumption is its fee records of the month by day and service type: a
// master distributor's includes its resellers' customers'; a customer or the operator has none.
func TestMonthConsumption(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	for _, who := range []string{"provider", "distributor", "reseller"} {
		a := actor(t, db, who)
		var cycles []string
		db.Model(&FeeRecord{}).Where("partner_id = ? OR top_partner_id = ?", a.PartnerID, a.PartnerID).Distinct().Pluck("bill_cycle", &cycles)
		if who != "reseller" && len(cycles) == 0 {
			t.Fatalf("%s has no fee records in the demo", who)
		}
		for _, cycle := range cycles {
			c, err := MonthConsumption(ctx, db, a, cycle)
			if err != nil {
				t.Fatal(err)
			}
			var want struct{ Sum, N int64 }
			db.Model(&FeeRecord{}).Select("COALESCE(SUM(official - discount), 0) AS sum, COUNT(*) AS n").
				Where("(partner_id = ? OR top_partner_id = ?) AND bill_cycle = ?", a.PartnerID, a.PartnerID, cycle).Scan(&want)
			var days, totals int64
			for s := range c.Services {
				var sum int64
				for _, v := range c.Daily[s] {
					sum += v
				}
				if sum != c.Totals[s] || s > 0 && c.Totals[s] > c.Totals[s-1] {
					t.Errorf("%s %s: service %s days %d, total %d (order %v)", who, cycle, c.Services[s], sum, c.Totals[s], c.Totals)
				}
				days += sum
				totals += c.Totals[s]
			}
			if c.Total != want.Sum || days != want.Sum || totals != want.Sum || c.Days < 28 || c.Days > 31 {
				t.Errorf("%s %s: total %d (days %d), fee records %d, %d days", who, cycle, c.Total, days, want.Sum, c.Days)
			}
		}
	}
	if _, err := MonthConsumption(ctx, db, actor(t, db, "operator"), "2026-11"); !errors.Is(err, ErrForbidden) {
		t.Errorf("operator: %v", err)
	}
	if _, err := MonthConsumption(ctx, db, actor(t, db, "provider"), "2026-13"); !errors.Is(err, ErrBillCycle) {
		t.Errorf("2026-13: %v", err)
	}
}
