package models

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// errAccountsMoved is a batch of transfers that found an account other than it was read in the
// transaction: the batch is refused whole (rating reads its queue again).
var errAccountsMoved = errors.New("models: accounts moved while a batch of transfers was made")

// postTransfersTo posts many transfers into one account — usage rating's: each customer of a
// batch pays cloud revenue — in a few multi-row statements instead of about six statements each,
// which made a batch of ten thousand customers take seconds. It writes the rows postTransfer
// writes: each debit conditional (on the balance and ordinal the debited account was read with in
// tx, so the debited accounts must be distinct and read in tx), the time rule, each entry's
// ordinals and balance after, the entry counts and an audit record per transfer; Check sees no
// difference. On PostgreSQL the debited accounts must be read FOR UPDATE (store.LockRows).
func postTransfersTo(tx *gorm.DB, a Actor, to *Account, specs []transferSpec, now time.Time) ([]Transfer, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	if err := store.LockRows(tx, "accounts", "id = ?", to.ID); err != nil {
		return nil, err
	}
	if err := tx.Where("id = ?", to.ID).First(to).Error; err != nil { // as it is now: it moves along
		return nil, err
	}
	ts, entries, err := plannedTransfers(a, to, specs, now.UTC())
	if err != nil {
		return nil, err
	}
	if err := moveBalances(tx, to, specs, entries); err != nil {
		return nil, err
	}
	if err := insertTransfers(tx, ts); err != nil {
		return nil, err
	}
	if err := countEntriesOf(tx, specs[0].Kind, entries); err != nil {
		return nil, err
	}
	audits := make([]AuditRecord, len(ts))
	for i := range ts {
		from, credit := &entries[2*i], &entries[2*i+1]
		from.TransferID, credit.TransferID = ts[i].ID, ts[i].ID
		audits[i] = auditRecord(a, specs[i].PartnerID, "transfer."+string(ts[i].Kind), "transfer", ts[i].ID, nil,
			transferAudit(&ts[i], from.BalanceAfter, credit.BalanceAfter))
	}
	if err := insertEntries(tx, entries); err != nil {
		return nil, err
	}
	return ts, insertAuditRecords(tx, audits)
}

// plannedTransfers computes the transfers and their entries in order (debit, credit, debit, …):
// amounts, balances after, ordinals within each account and the time rule's times. dest is the
// credited account as read in the transaction; it is moved along.
func plannedTransfers(a Actor, dest *Account, specs []transferSpec, now time.Time) ([]Transfer, []Entry, error) {
	ts := make([]Transfer, len(specs))
	entries := make([]Entry, 0, 2*len(specs))
	debited := make(map[uint64]bool, len(specs))
	for i, s := range specs {
		fen, err := amountFen(s.Amount)
		if err != nil {
			return nil, nil, err
		}
		from := s.From
		if debited[from.ID] {
			return nil, nil, fmt.Errorf("models: account %d debited twice in one batch of transfers", from.ID)
		}
		debited[from.ID] = true
		if from.ID == dest.ID {
			return nil, nil, ErrInvalidInput
		}
		if from.Balance < fen && from.Kind != WorldAccount {
			return nil, nil, ErrInsufficientBalance
		}
		at := latest(now, from.LastEntryAt, dest.LastEntryAt)
		dest.Balance, dest.EntrySeq, dest.LastEntryAt = dest.Balance+fen, dest.EntrySeq+1, &at
		ts[i] = Transfer{TransID: timeLedID(), FromAccountID: from.ID, ToAccountID: dest.ID, Amount: fen, Kind: s.Kind,
			ActorUserID: a.UserID, Memo: s.Memo, RequestID: a.requestID(), CreatedAt: at}
		if s.PartnerID != 0 {
			ts[i].PartnerID = &s.PartnerID
		}
		if s.CustomerID != 0 {
			ts[i].CustomerID = &s.CustomerID
		}
		entries = append(entries,
			Entry{AccountID: from.ID, Kind: s.Kind, Amount: -fen, BalanceAfter: from.Balance - fen, CreatedAt: at, Seq: from.EntrySeq + 1},
			Entry{AccountID: dest.ID, Kind: s.Kind, Amount: fen, BalanceAfter: dest.Balance, CreatedAt: at, Seq: dest.EntrySeq})
	}
	return ts, entries, nil
}

// latest is the time rule's time: the latest of now and the accounts' last entries.
func latest(now time.Time, last ...*time.Time) time.Time {
	for _, t := range last {
		if t != nil && t.After(now) {
			now = t.UTC()
		}
	}
	return now
}

// moveBalances writes the planned balances: each debited account's, conditional on what it was
// read with, and the credited account's once.
func moveBalances(tx *gorm.DB, dest *Account, specs []transferSpec, entries []Entry) error {
	for i, s := range specs {
		e := entries[2*i]
		res := tx.Exec("UPDATE accounts SET balance = ?, entry_seq = ?, last_entry_at = ? WHERE id = ? AND balance = ? AND entry_seq = ?",
			e.BalanceAfter, e.Seq, e.CreatedAt, s.From.ID, s.From.Balance, s.From.EntrySeq)
		if err := oneRow(res); err != nil {
			return err
		}
		s.From.Balance, s.From.EntrySeq, s.From.LastEntryAt = e.BalanceAfter, e.Seq, &e.CreatedAt
	}
	res := tx.Model(&Account{}).Where("id = ? AND entry_seq = ?", dest.ID, dest.EntrySeq-int64(len(specs))).
		Updates(map[string]any{"balance": dest.Balance, "entry_seq": dest.EntrySeq, "last_entry_at": dest.LastEntryAt})
	return oneRow(res)
}

func oneRow(res *gorm.DB) error {
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return errAccountsMoved
	}
	return nil
}

// transferCols are what insertTransfers writes (the rest keep their defaults: no idempotency key,
// no reversal).
var transferCols = []string{"trans_id", "from_account_id", "to_account_id", "amount", "kind", "partner_id", "customer_id",
	"actor_user_id", "memo", "request_id", "created_at"}

// insertTransfers inserts ts, 500 a statement, and sets their ids, which come back with their
// trans_ids (a multi-row RETURNING promises no order).
func insertTransfers(tx *gorm.DB, ts []Transfer) error {
	byTransID := make(map[string]*Transfer, len(ts))
	for part := range slices.Chunk(ts, 500) {
		args := make([]any, 0, len(part)*len(transferCols))
		for i := range part {
			t := &part[i]
			byTransID[t.TransID] = t
			args = append(args, t.TransID, t.FromAccountID, t.ToAccountID, t.Amount, t.Kind, t.PartnerID, t.CustomerID,
				t.ActorUserID, t.Memo, t.RequestID, t.CreatedAt)
		}
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(transferCols)), ", ") + ")"
		q := "INSERT INTO transfers (" + strings.Join(transferCols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+", ", len(part)), ", ") + " RETURNING id, trans_id"
		rows, err := tx.Raw(q, args...).Rows()
		if err != nil {
			return err
		}
		for rows.Next() {
			var id uint64
			var transID string
			if err := rows.Scan(&id, &transID); err != nil {
				rows.Close()
				return err
			}
			byTransID[transID].ID = id
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	for i := range ts {
		if ts[i].ID == 0 {
			return fmt.Errorf("models: transfer %s: no id returned", ts[i].TransID)
		}
	}
	return nil
}

// countEntriesOf adds the entries (all of kind) to their accounts' counts and gives each entry its
// ordinal among its account's entries of the kind.
func countEntriesOf(tx *gorm.DB, kind TransferKind, entries []Entry) error {
	ids := make([]uint64, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, e.AccountID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	n := make(map[uint64]int64, len(ids))
	for part := range slices.Chunk(ids, 900) {
		var counts []EntryCount
		if err := tx.Where("kind = ? AND account_id IN ?", kind, part).Find(&counts).Error; err != nil {
			return err
		}
		for _, c := range counts {
			n[c.AccountID] = c.N
		}
	}
	added := make(map[uint64]int64, len(ids))
	for i := range entries {
		e := &entries[i]
		added[e.AccountID]++
		e.KindSeq = n[e.AccountID] + added[e.AccountID]
	}
	rows := make([][]any, 0, len(ids))
	for _, id := range ids {
		rows = append(rows, []any{id, kind, added[id]})
	}
	return addToSums(tx, "entry_counts", []string{"account_id", "kind"}, []string{"n"}, nil, rows)
}

var entryCols = []string{"account_id", "transfer_id", "kind", "amount", "balance_after", "created_at", "seq", "kind_seq"}

func insertEntries(tx *gorm.DB, entries []Entry) error {
	return store.BulkInsert(tx, "entries", entryCols, len(entries), func(i int) []any {
		e := &entries[i]
		return []any{e.AccountID, e.TransferID, e.Kind, e.Amount, e.BalanceAfter, e.CreatedAt, e.Seq, e.KindSeq}
	})
}
