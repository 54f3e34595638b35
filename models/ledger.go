package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"partnerhub/store"
)

// The ledger. Every movement of money is a Transfer: an immutable row that debits one account and
// credits another by a positive amount of fen. Balances are cached on the accounts and changed in
// the same transaction as the transfer; a correction is a new transfer, never an edit.
//
// Invariants (checked by Check, tested under concurrency):
//   - the balances of all accounts sum to zero: money enters only from "world" (which goes
//     negative by what came in) and never leaves the system;
//   - no account but world is ever below zero;
//   - every cached balance equals its credits minus its debits;
//   - a retried request with the same idempotency key moves money once.

// AccountKind is what an account belongs to.
type AccountKind string

const (
	WorldAccount    AccountKind = "world"    // outside the cloud: deposits and top-ups come from here
	RevenueAccount  AccountKind = "revenue"  // the cloud's revenue
	PartnerAccount  AccountKind = "partner"  // a partner's cash account (a reseller's is funded by its master)
	CustomerAccount AccountKind = "customer" // a customer's consumption account
)

// Account is a ledger account. Balance is in fen and cached: the sum of its transfers.
type Account struct {
	ID         uint64      `gorm:"primaryKey"`
	Kind       AccountKind `gorm:"size:16;not null;uniqueIndex:ux_account_owner,priority:1"`
	PartnerID  *uint64     `gorm:"uniqueIndex:ux_account_owner,priority:2"`
	CustomerID *uint64     `gorm:"uniqueIndex:ux_account_owner,priority:3"`
	Balance    int64       `gorm:"not null;default:0"`
	// EntrySeq is the number of entries the account has, the ordinal of its last one; LastEntryAt
	// is that entry's time (nil before the first). Both move in the UPDATE that moves the balance.
	EntrySeq    int64 `gorm:"not null;default:0"`
	LastEntryAt *time.Time
}

// TransferKind says why money moved; the names after the comments are the cloud's.
type TransferKind string

const (
	KindDeposit         TransferKind = "deposit"          // operator deposit into a partner account (RECHARGE)
	KindDepositReversal TransferKind = "deposit_reversal" // correction of a mistaken deposit
	KindAllocate        TransferKind = "allocate"         // partner → customer (SOURCE_OPERATION_BEADJUST)
	KindReclaim         TransferKind = "reclaim"          // customer → partner (SOURCE_OPERATION_BERETRIEVE)
	KindUnbind          TransferKind = "unbind"           // customer → partner on unbinding (SOURCE_OPERATION_BEUNBIND)
	KindResellerFund    TransferKind = "reseller_fund"    // master distributor → reseller
	KindResellerReclaim TransferKind = "reseller_reclaim" // reseller → master distributor
)

// Transfer is one movement of money. Rows are only ever inserted.
type Transfer struct {
	ID             uint64       `gorm:"primaryKey"`
	TransID        string       `gorm:"size:32;not null;uniqueIndex"` // the API's transfer_id / trans_id
	FromAccountID  uint64       `gorm:"not null;index:ix_transfer_from,priority:1"`
	ToAccountID    uint64       `gorm:"not null;index:ix_transfer_to,priority:1"`
	Amount         int64        `gorm:"not null;check:chk_transfer_amount,amount > 0"` // fen
	Kind           TransferKind `gorm:"size:24;not null;index:ix_transfer_partner_kind,priority:2"`
	PartnerID      *uint64      `gorm:"index:ix_transfer_partner,priority:1;index:ix_transfer_partner_kind,priority:1;index:ix_transfer_customer,priority:2"` // the partner whose records show it
	CustomerID     *uint64      `gorm:"index:ix_transfer_customer,priority:1"`
	ActorUserID    uint64       `gorm:"not null"`
	Memo           string       `gorm:"size:256;not null;default:''"`
	IdempotencyKey *string      `gorm:"size:160;uniqueIndex"`        // the acting partner's scope + the caller's key (≤128)
	RequestHash    string       `gorm:"size:64;not null;default:''"` // what the keyed request asked for
	RequestID      string       `gorm:"size:64;not null;default:''"`
	ReversalOf     *uint64
	CreatedAt      time.Time `gorm:"not null;index:ix_transfer_partner,priority:2;index:ix_transfer_partner_kind,priority:3;index:ix_transfer_customer,priority:3;index:ix_transfer_from,priority:2;index:ix_transfer_to,priority:2"`
	// WrittenOff (not stored) is what an allocation paid of the customer's arrears, in fen (Allocate).
	WrittenOff int64 `gorm:"-"`
}

// WrittenOffMoney is the part of an allocation that paid the customer's arrears.
func (t *Transfer) WrittenOffMoney() Money { return Fen(t.WrittenOff) }

// Entry is one side of a transfer on one account, with the account's balance after it: the
// account statement (收支明细) reads an account's entries newest first from one index, however
// many transfers the ledger holds. It repeats its transfer's kind, so that a statement of one
// kind (the deposits among millions of allocations) is an index range too.
//
// Seq is the entry's ordinal within its account (1, 2, 3 …) and KindSeq its ordinal among the
// account's entries of its kind, so that the number of entries in a time range is the difference
// of two ordinals, each found by one index lookup, instead of a count of the range (a year of the
// provider's statement is 1.5 million entries). That holds because of the ledger's time rule:
// within an account, an entry's time is never before the previous entry's (postTransfer), so the
// order of (created_at, seq) is the order of seq, and the indexes carry the ordinal after the time
// (the lookup of the last entry before a time is the first key of a descending index range, and
// Check verifies the ordinals in one pass over each index without reading the table).
type Entry struct {
	ID           uint64       `gorm:"primaryKey"`
	AccountID    uint64       `gorm:"not null;index:ix_entry_account_seq,priority:1;index:ix_entry_account_kind_seq,priority:1"`
	TransferID   uint64       `gorm:"not null;index"`
	Kind         TransferKind `gorm:"size:24;not null;default:'';index:ix_entry_account_kind_seq,priority:2"`
	Amount       int64        `gorm:"not null"` // fen: negative for the debited account
	BalanceAfter int64        `gorm:"not null"`
	CreatedAt    time.Time    `gorm:"not null;index:ix_entry_account_seq,priority:2;index:ix_entry_account_kind_seq,priority:3"`
	Seq          int64        `gorm:"not null;default:0;index:ix_entry_account_seq,priority:3"` // 0: not yet numbered (see backfillOrdinals)
	KindSeq      int64        `gorm:"not null;default:0;index:ix_entry_account_kind_seq,priority:4"`
}

// EntryCount is how many entries of a kind an account has: the totals of statements and adjust
// records, which would otherwise count millions of index entries. Kept in the same transaction as
// the entries; Check recounts them.
type EntryCount struct {
	AccountID uint64       `gorm:"primaryKey;autoIncrement:false"`
	Kind      TransferKind `gorm:"primaryKey;size:24"`
	N         int64        `gorm:"not null"`
}

// AmountMoney is the transfer's amount as Money.
func (t *Transfer) AmountMoney() Money { return Fen(t.Amount) }

// transferSpec is a transfer to make.
type transferSpec struct {
	From, To   *Account
	Amount     Money
	Kind       TransferKind
	PartnerID  uint64
	CustomerID uint64
	Memo       string
	Idem       string // idempotency key, "" for none
	Hash       string // the keyed request's hash
	ReversalOf *uint64
}

// postTransfer moves money within tx. The debit is a conditional UPDATE — the balance must cover
// the amount, except for the world account — so two concurrent transfers can never both spend the
// same fen: on SQLite writers are serialised; a PostgreSQL store has to keep it by the UPDATE's row
// lock (store/doc.go). Both UPDATEs return the balance they leave (RETURNING), which the entries
// carry, and the entry's ordinal and time.
//
// The time rule: a transfer's time, and its two entries', is the latest of now and the times of
// the two accounts' last entries. now is the use case's clock, read when the request came in,
// before its batch of the committer ran (store/commit.go): a transfer can reach the ledger after one
// that read a later clock, and without the rule its entries would sort before entries posted
// earlier and the ordinals (see Entry) would count wrong. A transfer is then recorded at most the
// skew between concurrent requests late, never out of order within an account.
func postTransfer(tx *gorm.DB, a Actor, s transferSpec, now time.Time) (*Transfer, error) {
	fen, err := amountFen(s.Amount)
	if err != nil {
		return nil, err
	}
	if s.From.ID == s.To.ID {
		return nil, ErrInvalidInput
	}
	from, err := moveBalance(tx.Where("balance >= ? OR kind = ?", fen, WorldAccount), s.From.ID, -fen, now.UTC())
	if err != nil {
		return nil, err
	}
	to, err := moveBalance(tx, s.To.ID, fen, from.At) // to.At is the later of from.At and the credited account's last
	if err != nil {
		return nil, err
	}
	if to.At.After(from.At) { // rare: the credited account had a later entry, the debit moves up to it
		if err := tx.Model(&Account{}).Where("id = ?", s.From.ID).Update("last_entry_at", to.At).Error; err != nil {
			return nil, err
		}
	}
	t := &Transfer{TransID: timeLedID(), FromAccountID: s.From.ID, ToAccountID: s.To.ID, Amount: fen, Kind: s.Kind,
		ActorUserID: a.UserID, Memo: s.Memo, RequestID: a.requestID(), ReversalOf: s.ReversalOf, CreatedAt: to.At}
	if s.PartnerID != 0 {
		t.PartnerID = &s.PartnerID
	}
	if s.CustomerID != 0 {
		t.CustomerID = &s.CustomerID
	}
	if s.Idem != "" {
		t.IdempotencyKey, t.RequestHash = &s.Idem, s.Hash
	}
	if err := tx.Create(t).Error; err != nil {
		return nil, err
	}
	kindSeq, err := countEntries(tx, t)
	if err != nil {
		return nil, err
	}
	entries := []Entry{
		{AccountID: t.FromAccountID, TransferID: t.ID, Kind: t.Kind, Amount: -fen, BalanceAfter: from.Balance, CreatedAt: t.CreatedAt,
			Seq: from.Seq, KindSeq: kindSeq[t.FromAccountID]},
		{AccountID: t.ToAccountID, TransferID: t.ID, Kind: t.Kind, Amount: fen, BalanceAfter: to.Balance, CreatedAt: t.CreatedAt,
			Seq: to.Seq, KindSeq: kindSeq[t.ToAccountID]},
	}
	if err := tx.Create(&entries).Error; err != nil {
		return nil, err
	}
	return t, audit(tx, a, s.PartnerID, "transfer."+string(s.Kind), "transfer", t.ID, nil, transferAudit(t, from.Balance, to.Balance))
}

// transferAudit is what the audit log keeps of a transfer: the amount in yuan, the accounts and
// their balances after it (the idempotency key and the request's hash stay in the ledger).
func transferAudit(t *Transfer, fromAfter, toAfter int64) map[string]any {
	out := map[string]any{"trans_id": t.TransID, "kind": t.Kind, "amount": Fen(t.Amount).StringFixed(2),
		"from_account": t.FromAccountID, "from_balance": Fen(fromAfter).StringFixed(2),
		"to_account": t.ToAccountID, "to_balance": Fen(toAfter).StringFixed(2)}
	if t.CustomerID != nil {
		out["customer_id"] = *t.CustomerID
	}
	if t.Memo != "" {
		out["memo"] = t.Memo
	}
	if t.ReversalOf != nil {
		out["reversal_of"] = *t.ReversalOf
	}
	return out
}

// countEntries adds t's two entries to their accounts' counts, in one upsert, and returns each
// account's count after it: the entry's ordinal among the account's entries of its kind. The rows
// come back in no particular order, hence the map.
func countEntries(tx *gorm.DB, t *Transfer) (map[uint64]int64, error) {
	var rows []EntryCount
	err := tx.Raw(`INSERT INTO entry_counts (account_id, kind, n) VALUES (?, ?, 1), (?, ?, 1)
		ON CONFLICT (account_id, kind) DO UPDATE SET n = entry_counts.n + 1 RETURNING account_id, kind, n`,
		t.FromAccountID, t.Kind, t.ToAccountID, t.Kind).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]int64, 2)
	for _, r := range rows {
		out[r.AccountID] = r.N
	}
	if len(out) != 2 {
		return nil, fmt.Errorf("models: entry counts of transfer %d: %d rows", t.ID, len(rows))
	}
	return out, nil
}

// accountMove is what moving an account's balance left: the balance, the new entry's ordinal
// and its time.
type accountMove struct {
	Balance int64
	Seq     int64
	At      time.Time
}

// moveBalance adds delta to account id's balance under q's conditions, counts one more entry and
// moves the time of its last entry to the later of that and now (the time rule of postTransfer),
// in one UPDATE … RETURNING. No row updated (q's condition refused it) is ErrInsufficientBalance.
// CASE, not SQLite's two-argument MAX, which another database spells otherwise (store/doc.go).
func moveBalance(q *gorm.DB, id uint64, delta int64, now time.Time) (accountMove, error) {
	var ac Account
	res := q.Model(&ac).Clauses(clause.Returning{Columns: []clause.Column{{Name: "balance"}, {Name: "entry_seq"}, {Name: "last_entry_at"}}}).
		Where("id = ?", id).Updates(map[string]any{
		"balance":       gorm.Expr("balance + ?", delta),
		"entry_seq":     gorm.Expr("entry_seq + 1"),
		"last_entry_at": gorm.Expr("CASE WHEN last_entry_at IS NULL OR last_entry_at < ? THEN ? ELSE last_entry_at END", now, now),
	})
	if res.Error != nil {
		return accountMove{}, res.Error
	}
	if res.RowsAffected != 1 {
		return accountMove{}, ErrInsufficientBalance
	}
	if ac.LastEntryAt == nil {
		return accountMove{}, fmt.Errorf("models: account %d: no time returned", id)
	}
	return accountMove{Balance: ac.Balance, Seq: ac.EntrySeq, At: ac.LastEntryAt.UTC()}, nil
}

// amountFen checks an amount that moves: positive, at most 2 decimals, within int64 fen.
func amountFen(m Money) (int64, error) {
	if !m.IsPositive() || !m.Equal(m.Round(2)) || m.Shift(2).GreaterThan(Fen(1<<53).Decimal) {
		return 0, ErrInvalidAmount
	}
	return m.Shift(2).IntPart(), nil
}

// account returns the account of kind for an owner, creating it on first use.
func account(tx *gorm.DB, kind AccountKind, partnerID, customerID uint64) (*Account, error) {
	a := Account{Kind: kind}
	q := tx.Where("kind = ?", kind)
	if partnerID != 0 {
		a.PartnerID = &partnerID
		q = q.Where("partner_id = ?", partnerID)
	} else {
		q = q.Where("partner_id IS NULL")
	}
	if customerID != 0 {
		a.CustomerID = &customerID
		q = q.Where("customer_id = ?", customerID)
	} else {
		q = q.Where("customer_id IS NULL")
	}
	err := q.First(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = tx.Create(&a).Error
	}
	return &a, err
}

// keyedRequest is a money request that may carry an idempotency key: the key, and what was
// asked (kind, amount, target), whose hash a retry must match.
type keyedRequest struct {
	Key    string
	Kind   TransferKind
	Amount Money
	Target uint64 // the customer, reseller or partner the money goes to or comes from
}

func (r keyedRequest) hash() string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%s|%d", r.Kind, r.Amount.StringFixed(2), r.Target)))
	return hex.EncodeToString(h[:])
}

// idempotent runs move unless this actor's partner already made a transfer with the key: then it
// returns that transfer, so a retried request moves money once and gets the first answer. A key
// reused for another kind, amount or target is refused. Keys belong to the acting partner (or
// operator), so two partners choosing the same key never meet; the unique index stops two
// concurrent first attempts, in different batches or in the same one (the second one's savepoint
// is rolled back). move runs in a batch of the committer (store.MoneyWork): it gets only the
// transaction, whose context ignores the request's cancellation.
func idempotent(ctx context.Context, db *gorm.DB, a Actor, r keyedRequest, move func(tx *gorm.DB, key, hash string) (*Transfer, error)) (*Transfer, error) {
	if len(r.Key) > 128 {
		return nil, ErrInvalidInput
	}
	key, hash := r.Key, r.hash()
	if key != "" {
		key = idemScope(a) + key
		if t, err := sameRequest(ctx, db, key, hash); err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return t, err
		}
	}
	var t *Transfer
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		var err error
		t, err = move(tx, key, hash)
		return err
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) && key != "" {
		return sameRequest(ctx, db, key, hash) // a concurrent retry won (and has committed): answer as it did
	}
	return t, err
}

func idemScope(a Actor) string {
	if a.PartnerID != 0 {
		return fmt.Sprintf("p%d/", a.PartnerID)
	}
	return fmt.Sprintf("u%d/", a.UserID)
}

// sameRequest finds the transfer made under key, refusing it if it was asked for something else.
func sameRequest(ctx context.Context, db *gorm.DB, key, hash string) (*Transfer, error) {
	var t Transfer
	if err := db.WithContext(ctx).Where("idempotency_key = ?", key).First(&t).Error; err != nil {
		return nil, err
	}
	if t.RequestHash != hash {
		return nil, ErrIdempotencyConflict
	}
	return &t, nil
}

// timeLedID is a public id of a row made often (a transfer's trans_id, a coupon's id): 32 hex
// digits, the first 12 the current Unix millisecond and the rest random. Led by the time, a new id
// lands at the end of its unique index instead of on a random one of its pages: with ten million
// transfers, a random page was seldom cached and reading it took half of an order's payment
// (2.3 ms of 4.7).
func timeLedID() string {
	return fmt.Sprintf("%012x", time.Now().UnixMilli()&(1<<48-1)) + randomHex(10)
}
