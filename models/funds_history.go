package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// BalanceDay is a customer's balance at the end of a day (YYYY-MM-DD in the business zone).
type BalanceDay struct {
	Day     string
	Balance Money
}

// BalanceHistory is a customer's balance at the end of each of its last days (today's: its balance
// now), as
// its partner or the operator sees it on the funds page; another partner's customer is not found.
// Each day is one backward step of ix_entry_account_seq, all in one statement, however many
// entries the account has.
func BalanceHistory(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, days int, now time.Time) ([]BalanceDay, error) {
	if days < 1 {
		return nil, ErrInvalidInput
	}
	if err := maySeeCustomer(db.WithContext(ctx), a, customerID); err != nil {
		return nil, err
	}
	var account Account
	err := db.WithContext(ctx).Select("id, balance").Where("kind = ? AND partner_id IS NULL AND customer_id = ?", CustomerAccount, customerID).
		Take(&account).Error
	if err != nil {
		return nil, notFound(err)
	}
	local := now.In(BusinessZone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, BusinessZone)
	out := make([]BalanceDay, days)
	var sb strings.Builder
	args := make([]any, 0, 3*days)
	for i := range out {
		day := today.AddDate(0, 0, i-days+1)
		out[i].Day = day.Format(time.DateOnly)
		if i == days-1 {
			out[i].Balance = Fen(account.Balance)
			break
		}
		if i > 0 {
			sb.WriteString(" UNION ALL ")
		}
		// the day written out: a parameter in a select list has no type for PostgreSQL to take
		fmt.Fprintf(&sb, `SELECT %d AS i, (SELECT balance_after FROM entries WHERE account_id = ? AND created_at < ?
			ORDER BY created_at DESC, seq DESC LIMIT 1) AS balance`, i)
		args = append(args, account.ID, day.AddDate(0, 0, 1).UTC())
	}
	if days == 1 {
		return out, nil
	}
	var rows []struct {
		I       int
		Balance *int64
	}
	if err := db.WithContext(ctx).Raw(sb.String(), args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.Balance != nil {
			out[r.I].Balance = Fen(*r.Balance)
		}
	}
	return out, nil
}
