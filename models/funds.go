package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// FundsInput is an amount to move, with an optional memo and idempotency key.
type FundsInput struct {
	Amount         Money
	Memo           string
	IdempotencyKey string
}

// check refuses an input no transfer takes, and cleans its memo.
func (in *FundsInput) check() error {
	if _, err := amountFen(in.Amount); err != nil {
		return err
	}
	if len(in.IdempotencyKey) > 128 {
		return ErrInvalidInput
	}
	var err error
	in.Memo, err = memoText.Clean(in.Memo)
	return err
}

// mayMoveFunds: a partner's admin or finance member moves its money.
func (a Actor) mayMoveFunds() bool { return a.isPartner(RoleAdmin, RoleFinance) }

// Deposit credits a partner's cash account from outside (an operator recording, say, a bank
// transfer; the memo carries its reference).
func Deposit(ctx context.Context, db *gorm.DB, a Actor, partnerID uint64, in FundsInput, now time.Time) (*Transfer, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	req := keyedRequest{Key: in.IdempotencyKey, Kind: KindDeposit, Amount: in.Amount, Target: partnerID}
	return idempotent(ctx, db, a, req, func(tx *gorm.DB, key, hash string) (*Transfer, error) {
		if _, err := GetPartner(tx.Statement.Context, tx, partnerID); err != nil {
			return nil, err
		}
		world, to, err := accounts(tx, ownerOf(WorldAccount, 0, 0), ownerOf(PartnerAccount, partnerID, 0))
		if err != nil {
			return nil, err
		}
		return postTransfer(tx, a, transferSpec{From: world, To: to, Amount: in.Amount, Kind: KindDeposit,
			PartnerID: partnerID, Memo: in.Memo, Idem: key, Hash: hash}, now)
	})
}

// ReverseDeposit corrects a mistaken deposit with a transfer back to world, for the same amount;
// the partner's balance must still hold it. A deposit is reversed at most once.
func ReverseDeposit(ctx context.Context, db *gorm.DB, a Actor, transferID uint64, memo string, now time.Time) (*Transfer, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	memo, err := memoText.Clean(memo)
	if err != nil {
		return nil, err
	}
	var out *Transfer
	err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		var dep Transfer
		if err := tx.Where("id = ? AND kind = ?", transferID, KindDeposit).First(&dep).Error; err != nil {
			return notFound(err)
		}
		var n int64
		if err := tx.Model(&Transfer{}).Where("reversal_of = ?", dep.ID).Count(&n).Error; err != nil || n > 0 {
			return firstErr(err, ErrAlreadyReversed)
		}
		from, to := &Account{ID: dep.ToAccountID}, &Account{ID: dep.FromAccountID}
		var err error
		out, err = postTransfer(tx, a, transferSpec{From: from, To: to, Amount: Fen(dep.Amount), Kind: KindDepositReversal,
			PartnerID: *dep.PartnerID, Memo: memo, ReversalOf: &dep.ID}, now)
		return err
	})
	return out, err
}

// Allocate (拨款) moves money from a partner's cash account into a consignment customer's
// consumption account. A reseller's customer is funded from the reseller's account, whether the
// reseller or its master distributor acts. The money pays the customer's arrears first: the
// transfer's WrittenOff is what of it did (fen; 0 on a keyed retry's answer, which wrote off nothing).
func Allocate(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, in FundsInput, now time.Time) (*Transfer, error) {
	return moveCustomerFunds(ctx, db, a, customerID, in, KindAllocate, now)
}

// Reclaim (回收) moves a consignment customer's unspent balance back to its partner.
func Reclaim(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, in FundsInput, now time.Time) (*Transfer, error) {
	return moveCustomerFunds(ctx, db, a, customerID, in, KindReclaim, now)
}

func moveCustomerFunds(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, in FundsInput, kind TransferKind, now time.Time) (*Transfer, error) {
	if !a.mayMoveFunds() {
		return nil, ErrForbidden
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	req := keyedRequest{Key: in.IdempotencyKey, Kind: kind, Amount: in.Amount, Target: customerID}
	ahead := readAhead(ctx, db, a, customerID)
	return idempotent(ctx, db, a, req, func(tx *gorm.DB, key, hash string) (*Transfer, error) {
		c, pa, ca, err := ahead.confirm(tx, a)
		if err != nil {
			return nil, err
		}
		if c == nil { // nothing read ahead, or the customer changed since: read it all here
			if c, err = fundableCustomer(tx, a, customerID); err != nil {
				return nil, err
			}
			if pa, ca, err = accounts(tx, ownerOf(PartnerAccount, *c.PartnerID, 0), ownerOf(CustomerAccount, 0, c.ID)); err != nil {
				return nil, err
			}
		}
		s := transferSpec{From: pa, To: ca, Amount: in.Amount, Kind: kind, PartnerID: *c.PartnerID, CustomerID: c.ID,
			Memo: in.Memo, Idem: key, Hash: hash}
		if kind == KindReclaim {
			s.From, s.To = ca, pa
		}
		t, err := postTransfer(tx, a, s, now)
		if err != nil || kind != KindAllocate {
			return t, err
		}
		t.WrittenOff, err = settleArrears(tx, a, c.ID, now) // money arriving pays the customer's arrears first
		return t, err
	})
}

// aheadOfFunding is what an allocation or a reclaim reads before it joins the money committer's
// single line (store/commit.go): the customer and both accounts, a third of a transfer's
// statements, read concurrently with other requests instead of one after another in the line.
type aheadOfFunding struct {
	customer                  *Customer
	partnerAcct, customerAcct *Account
}

// readAhead reads the customer and its accounts outside any transaction, or returns nil when the
// customer cannot be funded as read or an account does not exist yet: the use case then reads
// everything in its transaction, with the answer it always had.
func readAhead(ctx context.Context, db *gorm.DB, a Actor, customerID uint64) *aheadOfFunding {
	c, err := fundableCustomer(db.WithContext(ctx), a, customerID)
	if err != nil {
		return nil
	}
	var accts []Account
	err = db.WithContext(ctx).Where("(kind = ? AND partner_id = ? AND customer_id IS NULL) OR (kind = ? AND partner_id IS NULL AND customer_id = ?)",
		PartnerAccount, *c.PartnerID, CustomerAccount, c.ID).Find(&accts).Error
	if err != nil || len(accts) != 2 {
		return nil
	}
	out := &aheadOfFunding{customer: c, partnerAcct: &accts[0], customerAcct: &accts[1]}
	if accts[0].Kind != PartnerAccount {
		out.partnerAcct, out.customerAcct = &accts[1], &accts[0]
	}
	return out
}

// confirm checks, in the transaction, that the customer read ahead can still be funded by the
// actor from the same partner's account (accounts are never deleted, so theirs still stand). It
// returns no customer when nothing was read ahead or the customer changed since.
func (r *aheadOfFunding) confirm(tx *gorm.DB, a Actor) (*Customer, *Account, *Account, error) {
	if r == nil {
		return nil, nil, nil, nil
	}
	var n int64
	err := tx.Raw("SELECT COUNT(*) FROM customers WHERE id = ? AND partner_id = ? AND (partner_id = ? OR top_partner_id = ?) AND mode = ? AND frozen = 0",
		r.customer.ID, *r.customer.PartnerID, a.PartnerID, a.PartnerID, Consignment).Scan(&n).Error
	if err != nil || n != 1 {
		return nil, nil, nil, err
	}
	return r.customer, r.partnerAcct, r.customerAcct, nil
}

// fundableCustomer loads a customer the actor may fund: its own, or (master distributor) its
// resellers'; consignment and not frozen. Anyone else's customer is not found.
func fundableCustomer(tx *gorm.DB, a Actor, customerID uint64) (*Customer, error) {
	var c Customer
	err := tx.Where("id = ? AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID).First(&c).Error
	if err != nil {
		return nil, notFound(err)
	}
	if c.Mode != Consignment {
		return nil, ErrNotConsignment
	}
	if c.Frozen != 0 {
		return nil, ErrCustomerFrozen
	}
	return &c, nil
}

// FundReseller (向云经销商拨款) moves money from a master distributor to one of its resellers.
func FundReseller(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64, in FundsInput, now time.Time) (*Transfer, error) {
	return moveResellerFunds(ctx, db, a, resellerID, in, KindResellerFund, now)
}

// ReclaimFromReseller (回收云经销商余额) moves a reseller's balance back to its master distributor.
func ReclaimFromReseller(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64, in FundsInput, now time.Time) (*Transfer, error) {
	return moveResellerFunds(ctx, db, a, resellerID, in, KindResellerReclaim, now)
}

func moveResellerFunds(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64, in FundsInput, kind TransferKind, now time.Time) (*Transfer, error) {
	if !a.mayMoveFunds() {
		return nil, ErrForbidden
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	req := keyedRequest{Key: in.IdempotencyKey, Kind: kind, Amount: in.Amount, Target: resellerID}
	return idempotent(ctx, db, a, req, func(tx *gorm.DB, key, hash string) (*Transfer, error) {
		r, err := resellerOf(tx.Statement.Context, tx, a, resellerID)
		if err != nil {
			return nil, ErrNotYourReseller
		}
		ma, ra, err := accounts(tx, ownerOf(PartnerAccount, a.PartnerID, 0), ownerOf(PartnerAccount, r.ID, 0))
		if err != nil {
			return nil, err
		}
		s := transferSpec{From: ma, To: ra, Amount: in.Amount, Kind: kind, PartnerID: a.PartnerID, Memo: in.Memo, Idem: key, Hash: hash}
		if kind == KindResellerReclaim {
			s.From, s.To = ra, ma
		}
		return postTransfer(tx, a, s, now)
	})
}

type owner struct {
	kind                  AccountKind
	partnerID, customerID uint64
}

func ownerOf(kind AccountKind, partnerID, customerID uint64) owner {
	return owner{kind, partnerID, customerID}
}

// accounts loads (creating on first use) the accounts of two owners.
func accounts(tx *gorm.DB, from, to owner) (*Account, *Account, error) {
	f, err := account(tx, from.kind, from.partnerID, from.customerID)
	if err != nil {
		return nil, nil, err
	}
	t, err := account(tx, to.kind, to.partnerID, to.customerID)
	return f, t, err
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Balances are a partner's money at a glance.
type Balances struct {
	Cash      Money // its own account: what it can allocate
	Resellers Money // held by its resellers (master distributors)
}

// PartnerBalances reads the acting partner's balances.
func PartnerBalances(ctx context.Context, db *gorm.DB, a Actor) (*Balances, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	return balancesOf(ctx, db, a.PartnerID)
}

func balancesOf(ctx context.Context, db *gorm.DB, partnerID uint64) (*Balances, error) {
	tx := db.WithContext(ctx)
	var cash, resellers int64
	err := tx.Model(&Account{}).Where("kind = ? AND partner_id = ?", PartnerAccount, partnerID).
		Select("COALESCE(SUM(balance), 0)").Scan(&cash).Error
	if err == nil {
		err = tx.Model(&Account{}).Where("kind = ? AND partner_id IN (SELECT id FROM partners WHERE distributor_id = ?)", PartnerAccount, partnerID).
			Select("COALESCE(SUM(balance), 0)").Scan(&resellers).Error
	}
	return &Balances{Cash: Fen(cash), Resellers: Fen(resellers)}, err
}

// CustomerBalance is a customer's consumption balance.
func CustomerBalance(ctx context.Context, db *gorm.DB, customerID uint64) (Money, error) {
	var b int64
	err := db.WithContext(ctx).Model(&Account{}).Where("kind = ? AND partner_id IS NULL AND customer_id = ?", CustomerAccount, customerID).
		Select("COALESCE(SUM(balance), 0)").Scan(&b).Error
	return Fen(b), err
}
