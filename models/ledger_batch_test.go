package models

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestPostTransfersToMatchesPostTransfer: a batch of transfers into one account writes the rows
// that posting them one by one writes — balances, ordinals, times, entries, counts — and a
// debit of an account that moved since it was read refuses the whole batch.
func TestPostTransfersToMatchesPostTransfer(t *testing.T) {
	t.Parallel()
	one, batch := demoCopy(t), demoCopy(t)
	later := testNow.Add(time.Hour)
	post := func(db *gorm.DB, together bool) {
		t.Helper()
		var cs []*Customer
		for i := range 4 {
			cs = append(cs, usageCustomer(t, db, i, int64(100*(i+1))))
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			to, err := account(tx, PartnerAccount, deref(cs[0].PartnerID), 0)
			if err != nil {
				return err
			}
			var specs []transferSpec
			for i, c := range cs {
				from, err := account(tx, CustomerAccount, 0, c.ID)
				if err != nil {
					return err
				}
				specs = append(specs, transferSpec{From: from, To: to, Amount: Fen(int64(10 * (i + 1))), Kind: KindReclaim,
					PartnerID: deref(c.PartnerID), CustomerID: c.ID})
			}
			if together {
				_, err = postTransfersTo(tx, ratingActor, to, specs, later)
				return err
			}
			for _, s := range specs {
				if _, err := postTransfer(tx, ratingActor, s, later); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		mustCheck(t, db)
	}
	post(one, false)
	post(batch, true)
	const rows = `SELECT a.kind || ':' || COALESCE(a.customer_id, 0) || ' ' || e.amount || ' ' || e.balance_after || ' ' || e.seq || ' ' || e.kind_seq
		|| ' ' || e.created_at || ' ' || COALESCE(t.partner_id, 0) || ' ' || COALESCE(t.customer_id, 0) || ' ' || a.balance || ' ' || a.entry_seq
		FROM entries e JOIN accounts a ON a.id = e.account_id JOIN transfers t ON t.id = e.transfer_id WHERE e.created_at >= ? ORDER BY e.id`
	var want, got []string
	one.Raw(rows, later).Scan(&want)
	batch.Raw(rows, later).Scan(&got)
	if len(want) != 8 || fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("entries one by one:\n%v\nin a batch:\n%v", want, got)
	}

	c := usageCustomer(t, batch, 0, 100)
	err := batch.Transaction(func(tx *gorm.DB) error {
		rev, _ := account(tx, RevenueAccount, 0, 0)
		from, _ := account(tx, CustomerAccount, 0, c.ID)
		stale := *from
		stale.EntrySeq--
		_, err := postTransfersTo(tx, ratingActor, rev, []transferSpec{{From: &stale, Amount: Fen(5), Kind: KindUsage, CustomerID: c.ID}}, later)
		return err
	})
	if err != errAccountsMoved {
		t.Errorf("a stale account: %v, want errAccountsMoved", err)
	}
}
