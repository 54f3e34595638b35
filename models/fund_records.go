package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// AdjustFilter selects a partner's adjust records (调账记录): allocations, reclaims and unbinding
// reclaims with its customers, and (master distributor) fundings of its resellers.
type AdjustFilter struct {
	CustomerID    uint64
	Kind          TransferKind // "" for all
	From, To      time.Time
	TransID       string
	ResellerID    uint64 // master distributor: a reseller's records
	Offset, Limit int
}

// AdjustRecord is one record with the names it shows.
type AdjustRecord struct {
	Transfer
	CustomerName string // the customer's account name, or the reseller's for reseller fundings
	CustomerDID  string // the customer's (or reseller's) account id
}

// AdjustRecords is one page of adjust records.
type AdjustRecords struct {
	Rows  []AdjustRecord
	Total int64
}

var adjustKinds = []TransferKind{KindAllocate, KindReclaim, KindUnbind, KindResellerFund, KindResellerReclaim}

// ListAdjustRecords lists the acting partner's adjust records, newest first (the console's filter;
// ListAdjustRecordsFor does the work).
func ListAdjustRecords(ctx context.Context, db *gorm.DB, a Actor, f AdjustFilter) (*AdjustRecords, error) {
	q := AdjustQuery{CustomerID: f.CustomerID, TransID: f.TransID, From: f.From, To: f.To, ResellerID: f.ResellerID,
		Offset: f.Offset, Limit: f.Limit}
	if f.Kind != "" {
		q.Kinds = []TransferKind{f.Kind}
	}
	return ListAdjustRecordsFor(ctx, db, a, q)
}

// name attaches the counterparty's account name and id to each record: the customer or reseller
// the money went to (allocations, fundings) or came from (reclaims).
func (out *AdjustRecords) name(ctx context.Context, db *gorm.DB, rows []Transfer) error {
	ids := make([]uint64, 0, len(rows))
	for _, t := range rows {
		ids = append(ids, counterpartyAccount(t))
	}
	owners, err := accountOwners(ctx, db, ids)
	if err != nil {
		return err
	}
	for _, t := range rows {
		o := owners[counterpartyAccount(t)]
		out.Rows = append(out.Rows, AdjustRecord{Transfer: t, CustomerDID: o[0], CustomerName: o[1]})
	}
	return nil
}

func counterpartyAccount(t Transfer) uint64 {
	if t.Kind == KindAllocate || t.Kind == KindResellerFund {
		return t.ToAccountID
	}
	return t.FromAccountID
}

// StatementFilter selects an account statement (收支明细).
type StatementFilter struct {
	Kind          TransferKind
	From, To      time.Time
	Offset, Limit int
}

// StatementLine is one change of an account, with its balance after.
type StatementLine struct {
	Entry
	Kind    TransferKind
	TransID string
	Memo    string
}

// Statement is one page of an account's changes.
type Statement struct {
	Rows  []StatementLine
	Total int64
}

// PartnerStatement lists the changes of the acting partner's cash account, newest first.
func PartnerStatement(ctx context.Context, db *gorm.DB, a Actor, f StatementFilter) (*Statement, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	var ac Account
	err := db.WithContext(ctx).Where("kind = ? AND partner_id = ?", PartnerAccount, a.PartnerID).First(&ac).Error
	if err != nil {
		return &Statement{}, ignoreNotFound(err)
	}
	return statement(ctx, db, ac.ID, f)
}

// CustomerStatement lists the changes of the acting customer's consumption account.
func CustomerStatement(ctx context.Context, db *gorm.DB, a Actor, f StatementFilter) (*Statement, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	var ac Account
	err := db.WithContext(ctx).Where("kind = ? AND partner_id IS NULL AND customer_id = ?", CustomerAccount, a.CustomerID).First(&ac).Error
	if err != nil {
		return &Statement{}, ignoreNotFound(err)
	}
	return statement(ctx, db, ac.ID, f)
}

func statement(ctx context.Context, db *gorm.DB, accountID uint64, f StatementFilter) (*Statement, error) {
	var kinds []TransferKind
	if f.Kind != "" {
		kinds = []TransferKind{f.Kind}
	}
	q := statementQuery(ctx, db, accountID, kinds, f.From, f.To)
	out := &Statement{}
	var err error
	if out.Total, err = statementTotal(ctx, db, accountID, kinds, f.From, f.To); err != nil {
		return nil, err
	}
	err = withTransfers(q).Select("entries.*, transfers.kind AS kind, transfers.trans_id AS trans_id, transfers.memo AS memo").
		Order(entryOrder(kinds)).Limit(max(f.Limit, 1)).Offset(f.Offset).Scan(&out.Rows).Error
	return out, err
}

// statementQuery selects an account's entries of any of kinds (all when empty) within [from, to);
// withTransfers joins them to their transfers, for the page. The kind is the entry's own copy, so
// that one kind is an index range (account, kind, time) however rare it is among the account's
// entries.
func statementQuery(ctx context.Context, db *gorm.DB, accountID uint64, kinds []TransferKind, from, to time.Time) *gorm.DB {
	q := db.WithContext(ctx).Table("entries").Where("entries.account_id = ?", accountID)
	if len(kinds) > 0 {
		q = q.Where("entries.kind IN ?", kinds)
	}
	if !from.IsZero() {
		q = q.Where("entries.created_at >= ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("entries.created_at < ?", to.UTC())
	}
	return q
}

func withTransfers(q *gorm.DB) *gorm.DB {
	return q.Joins("JOIN transfers ON transfers.id = entries.transfer_id")
}

func ignoreNotFound(err error) error {
	if err == gorm.ErrRecordNotFound {
		return nil
	}
	return err
}

// entryOrder is the order of a statement's page, newest first: by time, then by ordinal (the
// order of the entries of one time), which is the order of the index the page is read from — by
// kind, the kind's ordinal, in the same order as the account's.
func entryOrder(kinds []TransferKind) string {
	if len(kinds) == 1 {
		return "entries.created_at DESC, entries.kind_seq DESC"
	}
	return "entries.created_at DESC, entries.seq DESC"
}

// statementTotal counts an account's entries of any of kinds (all when empty) within [from, to):
// from the account's entry counts when there is no time range (an account may have millions of
// entries), else as the difference of two ordinals, whatever the size of the range: the number
// of entries before a time is the ordinal of the last entry before it (Entry).
func statementTotal(ctx context.Context, db *gorm.DB, accountID uint64, kinds []TransferKind, from, to time.Time) (int64, error) {
	if from.IsZero() && to.IsZero() {
		return entryCount(ctx, db, accountID, kinds)
	}
	if len(kinds) == 0 {
		return rangeCount(ctx, db, accountID, "", from, to)
	}
	kinds = slices.Compact(slices.Sorted(slices.Values(kinds)))
	var total int64
	for _, k := range kinds {
		n, err := rangeCount(ctx, db, accountID, k, from, to)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// rangeCount is the number of an account's entries (of kind, unless "") within [from, to); a zero
// bound is no bound.
func rangeCount(ctx context.Context, db *gorm.DB, accountID uint64, kind TransferKind, from, to time.Time) (int64, error) {
	var upTo int64
	var err error
	if to.IsZero() {
		var kinds []TransferKind
		if kind != "" {
			kinds = []TransferKind{kind}
		}
		upTo, err = entryCount(ctx, db, accountID, kinds)
	} else {
		upTo, err = entriesBefore(ctx, db, accountID, kind, to)
	}
	if err != nil || from.IsZero() {
		return upTo, err
	}
	before, err := entriesBefore(ctx, db, accountID, kind, from)
	return max(upTo-before, 0), err
}

// entriesBefore is the number of an account's entries (of kind, unless "") before at: the ordinal
// of the last of them, the first key of a descending range of its index, or 0 when there is none.
func entriesBefore(ctx context.Context, db *gorm.DB, accountID uint64, kind TransferKind, at time.Time) (int64, error) {
	q := db.WithContext(ctx).Table("entries").Where("account_id = ?", accountID)
	col := "seq"
	if kind != "" {
		q, col = q.Where("kind = ?", kind), "kind_seq"
	}
	var n []int64
	err := q.Where("created_at < ?", at.UTC()).Order("created_at DESC, "+col+" DESC").Limit(1).Pluck(col, &n).Error
	if err != nil || len(n) == 0 {
		return 0, err
	}
	return n[0], nil
}

// entryCount is how many entries of any of kinds (all when empty) an account has.
func entryCount(ctx context.Context, db *gorm.DB, accountID uint64, kinds []TransferKind) (int64, error) {
	q := db.WithContext(ctx).Model(&EntryCount{}).Where("account_id = ?", accountID)
	if len(kinds) > 0 {
		q = q.Where("kind IN ?", kinds)
	}
	var n int64
	err := q.Select("COALESCE(SUM(n), 0)").Scan(&n).Error
	return n, err
}
