package models

import (
	"context"
	"gorm.io/gorm"
)

// FundsPreview is what an allocation or a reclaim would do, shown to the person before money
// moves: the customer, the amount, and both balances before and after.
type FundsPreview struct {
	Customer                      Customer
	Funder                        string // the partner whose cash funds the customer
	Kind                          TransferKind
	Amount                        Money
	CustomerBefore, CustomerAfter Money
	FunderBefore, FunderAfter     Money
	// Writeoff is what of an allocation pays the customer's arrears first (settleArrears), so
	// CustomerAfter is the balance left after it; zero without arrears.
	Writeoff Money
}

// PreviewAllocate checks an allocation as Allocate would, without moving anything.
func PreviewAllocate(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, in FundsInput) (*FundsPreview, error) {
	return previewCustomerFunds(ctx, db, a, customerID, in, KindAllocate)
}

// PreviewReclaim checks a reclaim as Reclaim would, without moving anything.
func PreviewReclaim(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, in FundsInput) (*FundsPreview, error) {
	return previewCustomerFunds(ctx, db, a, customerID, in, KindReclaim)
}

// previewCustomerFunds applies the rules of moveCustomerFunds (who may act, the amount, a
// fundable customer, enough balance on the paying side) to balances read now. The confirmation
// is advice: the transfer itself checks everything again under the money transaction, so a
// balance that changes between the two is still refused then.
func previewCustomerFunds(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, in FundsInput, kind TransferKind) (*FundsPreview, error) {
	if !a.mayMoveFunds() {
		return nil, ErrForbidden
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	tx := db.WithContext(ctx)
	c, err := fundableCustomer(tx, a, customerID)
	if err != nil {
		return nil, err
	}
	var funder Partner
	if err := tx.Select("id", "name").First(&funder, *c.PartnerID).Error; err != nil {
		return nil, err
	}
	cash, err := balancesOf(ctx, db, funder.ID)
	if err != nil {
		return nil, err
	}
	bal, err := CustomerBalance(ctx, db, c.ID)
	if err != nil {
		return nil, err
	}
	p := &FundsPreview{Customer: *c, Funder: funder.Name, Kind: kind, Amount: in.Amount,
		CustomerBefore: bal, CustomerAfter: plus(bal, in.Amount), FunderBefore: cash.Cash, FunderAfter: minus(cash.Cash, in.Amount)}
	if kind == KindReclaim {
		p.CustomerAfter, p.FunderAfter = minus(bal, in.Amount), plus(cash.Cash, in.Amount)
	}
	if kind == KindAllocate {
		var arrears int64
		if err := tx.Model(&Arrears{}).Select("COALESCE(MAX(amount), 0)").Where("customer_id = ? AND amount > 0", c.ID).Scan(&arrears).Error; err != nil {
			return nil, err
		}
		if pay := min(arrears, p.CustomerAfter.Shift(2).IntPart()); pay > 0 {
			p.Writeoff, p.CustomerAfter = Fen(pay), minus(p.CustomerAfter, Fen(pay))
		}
	}
	if p.CustomerAfter.IsNegative() || p.FunderAfter.IsNegative() {
		return nil, ErrInsufficientBalance
	}
	return p, nil
}

func plus(a, b Money) Money  { return Money{a.Add(b.Decimal)} }
func minus(a, b Money) Money { return Money{a.Sub(b.Decimal)} }
