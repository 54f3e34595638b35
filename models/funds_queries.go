package models

import (
	"context"

	"gorm.io/gorm"
)

// Read queries of the console's fund pages (Customer business > Funds, the customer detail, the
// operator's deposits). They only read; every movement of money stays in funds.go.

// ResellerBalance is one reseller of a master distributor with what it holds.
type ResellerBalance struct {
	Partner Partner
	Balance Money
}

// ResellerBalances lists the acting master distributor's resellers with their cash balances, by
// name (any other partner has none).
func ResellerBalances(ctx context.Context, db *gorm.DB, a Actor) ([]ResellerBalance, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	resellers, err := ListResellers(ctx, db, a)
	if err != nil || len(resellers) == 0 {
		return nil, err
	}
	ids := make([]uint64, len(resellers))
	for i, r := range resellers {
		ids[i] = r.ID
	}
	var rows []struct {
		PartnerID uint64
		Balance   int64
	}
	err = db.WithContext(ctx).Model(&Account{}).Select("partner_id, balance").
		Where("kind = ? AND customer_id IS NULL AND partner_id IN ?", PartnerAccount, ids).Scan(&rows).Error
	byPartner := map[uint64]int64{}
	for _, r := range rows {
		byPartner[r.PartnerID] = r.Balance
	}
	out := make([]ResellerBalance, len(resellers))
	for i, r := range resellers {
		out[i] = ResellerBalance{Partner: r, Balance: Fen(byPartner[r.ID])}
	}
	return out, err
}

// DepositRecord is an operator deposit with its partner and whether it was reversed.
type DepositRecord struct {
	Transfer
	PartnerName    string
	PartnerAccount string
	Reversed       bool
}

// DepositList is one page of deposits.
type DepositList struct {
	Rows  []DepositRecord
	Total int64
}

// ListDeposits lists operator deposits, newest first. Deposits are the transfers out of the world
// account, so the page reads the (from_account_id, created_at) index however large the ledger is.
func ListDeposits(ctx context.Context, db *gorm.DB, a Actor, offset, limit int) (*DepositList, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	out := &DepositList{}
	var world Account
	err := db.WithContext(ctx).Where("kind = ? AND partner_id IS NULL AND customer_id IS NULL", WorldAccount).First(&world).Error
	if err != nil {
		return out, ignoreNotFound(err)
	}
	q := db.WithContext(ctx).Model(&Transfer{}).Where("from_account_id = ? AND kind = ?", world.ID, KindDeposit)
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	var rows []Transfer
	if err := q.Order("created_at DESC, id DESC").Limit(max(limit, 1)).Offset(offset).Find(&rows).Error; err != nil {
		return nil, err
	}
	return out, out.describe(ctx, db, world.ID, rows)
}

// describe attaches each deposit's partner and reversal.
func (out *DepositList) describe(ctx context.Context, db *gorm.DB, worldID uint64, rows []Transfer) error {
	if len(rows) == 0 {
		return nil
	}
	ids, partnerIDs := make([]uint64, len(rows)), make([]uint64, 0, len(rows))
	for i, t := range rows {
		ids[i] = t.ID
		if t.PartnerID != nil {
			partnerIDs = append(partnerIDs, *t.PartnerID)
		}
	}
	var reversed []uint64 // reversals go back to world: the (to_account_id, …) index finds them
	err := db.WithContext(ctx).Model(&Transfer{}).Where("to_account_id = ? AND kind = ? AND reversal_of IN ?",
		worldID, KindDepositReversal, ids).Pluck("reversal_of", &reversed).Error
	if err != nil {
		return err
	}
	isReversed := map[uint64]bool{}
	for _, id := range reversed {
		isReversed[id] = true
	}
	var partners []Partner
	if err := db.WithContext(ctx).Select("id", "name", "account_name").Where("id IN ?", partnerIDs).Find(&partners).Error; err != nil {
		return err
	}
	byID := map[uint64]Partner{}
	for _, p := range partners {
		byID[p.ID] = p
	}
	for _, t := range rows {
		r := DepositRecord{Transfer: t, Reversed: isReversed[t.ID]}
		if t.PartnerID != nil {
			r.PartnerName, r.PartnerAccount = byID[*t.PartnerID].Name, byID[*t.PartnerID].AccountName
		}
		out.Rows = append(out.Rows, r)
	}
	return nil
}

// DepositTargets lists the partners an operator may deposit into, by name.
func DepositTargets(ctx context.Context, db *gorm.DB, a Actor) ([]Partner, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	var out []Partner
	err := db.WithContext(ctx).Order("name").Limit(1000).Find(&out).Error
	return out, err
}
