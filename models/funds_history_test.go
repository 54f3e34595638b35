package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A customer's balance history is, each day, the balance after the day's last entry (or the one
// before it), today's its balance now; another partner's customer is not found.
func TestBalanceHistory(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	var c Customer
	if err := db.Where(`partner_id = ? AND id IN (SELECT customer_id FROM accounts WHERE kind = 'customer' AND id IN
		(SELECT account_id FROM entries GROUP BY account_id HAVING COUNT(*) > 2))`, a.PartnerID).Order("id").First(&c).Error; err != nil {
		t.Fatalf("a customer with entries: %v", err)
	}
	if _, err := Allocate(ctx, db, a, c.ID, FundsInput{Amount: Fen(1234)}, testNow); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	days, err := BalanceHistory(ctx, db, a, c.ID, 60, now)
	if err != nil || len(days) != 60 {
		t.Fatalf("%d days, %v", len(days), err)
	}
	var entries []Entry
	db.Where("account_id = (SELECT id FROM accounts WHERE kind = 'customer' AND customer_id = ?)", c.ID).Order("created_at, seq").Find(&entries)
	for i, d := range days {
		end, _ := time.ParseInLocation(time.DateOnly, d.Day, BusinessZone)
		end = end.AddDate(0, 0, 1)
		if i == len(days)-1 {
			end = now.Add(24 * time.Hour) // today's is the balance now
		}
		var want int64
		for _, e := range entries {
			if e.CreatedAt.Before(end) {
				want = e.BalanceAfter
			}
		}
		if d.Balance.Cmp(Fen(want).Decimal) != 0 {
			t.Errorf("%s: %s, entries say %s", d.Day, d.Balance, Fen(want))
		}
	}
	if bal, _ := CustomerBalance(ctx, db, c.ID); days[59].Balance.Cmp(bal.Decimal) != 0 || days[59].Day != now.In(BusinessZone).Format(time.DateOnly) {
		t.Errorf("today %s %s, balance %s", days[59].Day, days[59].Balance, bal)
	}
	if _, err := BalanceHistory(ctx, db, actor(t, db, "reseller"), c.ID, 30, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner's customer: %v", err)
	}
}
