package models

import (
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Read queries of the partner API's fund operations (handlers/api). They answer what the BSS
// operations ask and the console's functions do not: a customer or reseller named by its account
// id, a master distributor reading one of its resellers' balance and statement, several operation
// kinds at once, and a reseller as the counterparty of adjust records. They only read.

// FundCustomerByDomainID resolves the customer_id of an allocation or reclaim: one of the acting
// partner's own customers or, with resellerID (a master distributor acting for one of its
// resellers), one of that reseller's customers. Any other account id is ErrNotFound; a reseller
// that is not the actor's is ErrNotYourReseller. Mode and frozen state are left to Allocate and
// Reclaim.
func FundCustomerByDomainID(ctx context.Context, db *gorm.DB, a Actor, domainID string, resellerID uint64) (*Customer, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	owner := a.PartnerID
	if resellerID != 0 {
		if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
			return nil, ErrNotYourReseller
		}
		owner = resellerID
	}
	var c Customer
	if err := db.WithContext(ctx).Where("domain_id = ? AND partner_id = ?", domainID, owner).First(&c).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// FundCustomerByAccountName is FundCustomerByDomainID for a customer named by its account name, as
// the console shows customers (a person types a name, not a 32-character id).
func FundCustomerByAccountName(ctx context.Context, db *gorm.DB, a Actor, name string, resellerID uint64) (*Customer, error) {
	name, err := ParseAccountName(name)
	if err != nil {
		return nil, ErrNotFound
	}
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	owner := a.PartnerID
	if resellerID != 0 {
		if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
			return nil, ErrNotYourReseller
		}
		owner = resellerID
	}
	var c Customer
	if err := db.WithContext(ctx).Where("account_name = ? AND partner_id = ?", name, owner).First(&c).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// PartnerCash is the balance of the acting partner's cash account or, with resellerID, of one of
// the acting master distributor's resellers.
func PartnerCash(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64) (Money, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return Money{}, ErrForbidden
	}
	owner := a.PartnerID
	if resellerID != 0 {
		if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
			return Money{}, ErrNotYourReseller
		}
		owner = resellerID
	}
	b, err := balancesOf(ctx, db, owner)
	if err != nil {
		return Money{}, err
	}
	return b.Cash, nil
}

// AdjustQuery selects adjust records (调账记录) as ListPartnerAdjustRecords asks for them.
type AdjustQuery struct {
	Kinds []TransferKind // any of these; empty for every adjust kind
	// Counterparty is the account id of a customer, or (master distributor, own records) of one of
	// its resellers: only the records with it. An id that is neither selects nothing.
	Counterparty  string
	CustomerID    uint64 // only the records with this customer
	From, To      time.Time
	TransID       string
	ResellerID    uint64 // master distributor: a reseller's records
	Offset, Limit int
}

// ListAdjustRecordsFor lists the acting partner's (or one of its resellers') adjust records,
// newest first.
func ListAdjustRecordsFor(ctx context.Context, db *gorm.DB, a Actor, f AdjustQuery) (*AdjustRecords, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	owner := a.PartnerID
	if f.ResellerID != 0 {
		if _, err := resellerOf(ctx, db, a, f.ResellerID); err != nil {
			return nil, ErrNotYourReseller
		}
		owner = f.ResellerID
	}
	kinds := adjustKinds
	if len(f.Kinds) > 0 {
		kinds = f.Kinds
	}
	q := db.WithContext(ctx).Model(&Transfer{}).Where("partner_id = ?", owner)
	var customer uint64
	if f.Counterparty != "" {
		var ok bool
		var err error
		if q, customer, ok, err = counterpartyScope(ctx, db, q, owner, f.Counterparty); err != nil || !ok {
			return &AdjustRecords{}, err
		}
	}
	if f.CustomerID != 0 {
		q, customer = q.Where("customer_id = ?", f.CustomerID), f.CustomerID
	}
	// a customer's transfers are all of the customer kinds: asking for all of them needs no kind
	// condition, and the customer's records are then counted from the index alone
	if customer == 0 || !coversCustomerKinds(kinds) {
		q = q.Where("kind IN ?", kinds)
	}
	if f.TransID != "" {
		q = q.Where("trans_id = ?", f.TransID)
	}
	if !f.From.IsZero() {
		q = q.Where("created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("created_at < ?", f.To.UTC())
	}
	out := &AdjustRecords{}
	var err error
	// The partner's own records, in a time range or not, are counted from its account's entries
	// (adjustTotal). A customer's records, a reseller's fundings and a transaction id are small
	// ranges of their own indexes (a customer has at most thousands of transfers), counted as is.
	if f.Counterparty == "" && f.CustomerID == 0 && f.TransID == "" {
		out.Total, err = adjustTotal(ctx, db, owner, kinds, f.From, f.To)
	} else {
		err = q.Session(&gorm.Session{}).Count(&out.Total).Error
	}
	if err != nil {
		return nil, err
	}
	var rows []Transfer
	if err := q.Order("created_at DESC, id DESC").Limit(max(f.Limit, 1)).Offset(f.Offset).Find(&rows).Error; err != nil {
		return nil, err
	}
	return out, out.name(ctx, db, rows)
}

// customerKinds are the kinds of the transfers with a customer.
var customerKinds = []TransferKind{KindAllocate, KindReclaim, KindUnbind}

func coversCustomerKinds(kinds []TransferKind) bool {
	for _, k := range customerKinds {
		if !slices.Contains(kinds, k) {
			return false
		}
	}
	return true
}

// adjustTotal counts owner's adjust records of kinds within [from, to) (zero: no bound) from its
// cash account's entries, not by counting millions of transfers: every allocation, reclaim and
// unbind of a partner's customer moves money in or out of that partner's account, and so does
// every funding between a master distributor and one of its resellers, which is a record of the
// master's, not of the reseller's. The entry has its transfer's time (postTransfer), so the
// records of a time range are the account's entries of that range: entry counts without a range,
// differences of ordinals with one (statementTotal); no transfer needs an ordinal of its own.
func adjustTotal(ctx context.Context, db *gorm.DB, owner uint64, kinds []TransferKind, from, to time.Time) (int64, error) {
	var p Partner
	if err := db.WithContext(ctx).Select("id", "kind").First(&p, owner).Error; err != nil {
		return 0, err
	}
	counted := make([]TransferKind, 0, len(kinds))
	for _, k := range kinds {
		if p.Kind == MasterDistributor || (k != KindResellerFund && k != KindResellerReclaim) {
			counted = append(counted, k)
		}
	}
	var ac Account
	err := db.WithContext(ctx).Where("kind = ? AND partner_id = ?", PartnerAccount, owner).First(&ac).Error
	if err != nil || len(counted) == 0 {
		return 0, ignoreNotFound(err)
	}
	return statementTotal(ctx, db, ac.ID, counted, from, to)
}

// counterpartyScope restricts q to the transfers with the customer or reseller whose account id
// is domainID (and the customer's id, when it is one); ok is false when there is none, so nothing can match. The customer is looked up
// by its account id alone (an unbound customer keeps its records); the transfers stay within
// owner's records, so another partner's customer finds nothing.
func counterpartyScope(ctx context.Context, db *gorm.DB, q *gorm.DB, owner uint64, domainID string) (*gorm.DB, uint64, bool, error) {
	var c Customer
	err := db.WithContext(ctx).Select("id").Where("domain_id = ?", domainID).First(&c).Error
	if err == nil {
		return q.Where("customer_id = ?", c.ID), c.ID, true, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, 0, false, err
	}
	var r Partner
	err = db.WithContext(ctx).Select("id").Where("domain_id = ? AND distributor_id = ?", domainID, owner).First(&r).Error
	if err != nil {
		return nil, 0, false, ignoreNotFound(err)
	}
	var ac Account
	err = db.WithContext(ctx).Where("kind = ? AND partner_id = ?", PartnerAccount, r.ID).First(&ac).Error
	if err != nil {
		return nil, 0, false, ignoreNotFound(err)
	}
	return q.Where("kind IN ? AND (to_account_id = ? OR from_account_id = ?)",
		[]TransferKind{KindResellerFund, KindResellerReclaim}, ac.ID, ac.ID), 0, true, nil
}

// StatementQuery selects a partner's account statement (收支明细) as
// ListPartnerAccountChangeRecords asks for it.
type StatementQuery struct {
	ResellerID    uint64         // master distributor: a reseller's statement
	Kinds         []TransferKind // any of these; empty for all
	From, To      time.Time
	Offset, Limit int
}

// StatementEntry is one change of the account with the other side of its transfer: the customer,
// reseller or master distributor the money went to or came from (empty for deposits).
type StatementEntry struct {
	StatementLine
	CounterpartyDID  string
	CounterpartyName string
}

// StatementPage is one page of a statement.
type StatementPage struct {
	Rows  []StatementEntry
	Total int64
}

// PartnerStatementFor lists the changes of the acting partner's cash account (or of one of its
// resellers'), newest first.
func PartnerStatementFor(ctx context.Context, db *gorm.DB, a Actor, f StatementQuery) (*StatementPage, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	owner := a.PartnerID
	if f.ResellerID != 0 {
		if _, err := resellerOf(ctx, db, a, f.ResellerID); err != nil {
			return nil, ErrNotYourReseller
		}
		owner = f.ResellerID
	}
	var ac Account
	err := db.WithContext(ctx).Where("kind = ? AND partner_id = ?", PartnerAccount, owner).First(&ac).Error
	if err != nil {
		return &StatementPage{}, ignoreNotFound(err)
	}
	q := statementQuery(ctx, db, ac.ID, f.Kinds, f.From, f.To)
	out := &StatementPage{}
	if out.Total, err = statementTotal(ctx, db, ac.ID, f.Kinds, f.From, f.To); err != nil {
		return nil, err
	}
	type row struct {
		StatementLine
		OtherAccountID uint64
	}
	var rows []row
	err = withTransfers(q).Select("entries.*, transfers.kind AS kind, transfers.trans_id AS trans_id, transfers.memo AS memo, " +
		"CASE WHEN entries.amount < 0 THEN transfers.to_account_id ELSE transfers.from_account_id END AS other_account_id").
		Order(entryOrder(f.Kinds)).Limit(max(f.Limit, 1)).Offset(f.Offset).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.OtherAccountID)
	}
	owners, err := accountOwners(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		o := owners[r.OtherAccountID]
		out.Rows = append(out.Rows, StatementEntry{StatementLine: r.StatementLine, CounterpartyDID: o[0], CounterpartyName: o[1]})
	}
	return out, nil
}

// accountOwners maps customer and partner account ids to their owner's account id and name.
func accountOwners(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64][2]string, error) {
	out := map[uint64][2]string{}
	var accts []Account
	if err := db.WithContext(ctx).Where("id IN ?", ids).Find(&accts).Error; err != nil {
		return nil, err
	}
	var custIDs, partnerIDs []uint64
	for _, ac := range accts {
		switch {
		case ac.Kind == CustomerAccount && ac.CustomerID != nil:
			custIDs = append(custIDs, *ac.CustomerID)
		case ac.Kind == PartnerAccount && ac.PartnerID != nil:
			partnerIDs = append(partnerIDs, *ac.PartnerID)
		}
	}
	var custs []Customer
	if err := db.WithContext(ctx).Select("id", "account_name", "domain_id").Where("id IN ?", custIDs).Find(&custs).Error; err != nil {
		return nil, err
	}
	var partners []Partner
	if err := db.WithContext(ctx).Select("id", "account_name", "domain_id").Where("id IN ?", partnerIDs).Find(&partners).Error; err != nil {
		return nil, err
	}
	byCust, byPartner := map[uint64]Customer{}, map[uint64]Partner{}
	for _, c := range custs {
		byCust[c.ID] = c
	}
	for _, p := range partners {
		byPartner[p.ID] = p
	}
	for _, ac := range accts {
		switch {
		case ac.Kind == CustomerAccount && ac.CustomerID != nil:
			c := byCust[*ac.CustomerID]
			out[ac.ID] = [2]string{c.DomainID, c.AccountName}
		case ac.Kind == PartnerAccount && ac.PartnerID != nil:
			p := byPartner[*ac.PartnerID]
			out[ac.ID] = [2]string{p.DomainID, p.AccountName}
		}
	}
	return out, nil
}

// ConsignmentBalance is a consignment customer's balance.
type ConsignmentBalance struct {
	DomainID string
	Balance  Money
}

// ConsignmentBalances reads the balances of those of domainIDs that are the acting partner's (or,
// with resellerID, one of its resellers') consignment customers; any other id is left out.
func ConsignmentBalances(ctx context.Context, db *gorm.DB, a Actor, domainIDs []string, resellerID uint64) ([]ConsignmentBalance, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	owner := a.PartnerID
	if resellerID != 0 {
		if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
			return nil, ErrNotYourReseller
		}
		owner = resellerID
	}
	var out []ConsignmentBalance
	err := db.WithContext(ctx).Table("customers").
		Joins("LEFT JOIN accounts ON accounts.kind = ? AND accounts.partner_id IS NULL AND accounts.customer_id = customers.id", CustomerAccount).
		Where("customers.domain_id IN ? AND customers.partner_id = ? AND customers.mode = ?", domainIDs, owner, Consignment).
		Select("customers.domain_id AS domain_id, COALESCE(accounts.balance, 0) AS balance").Scan(&out).Error
	return out, err
}
