package models

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Unbind ends a customer's association, by its partner's admin (the customer detail page) or by
// the customer itself (the portal). A consignment customer's remaining balance goes back to the
// partner that funded it, as a transfer of kind unbind (SOURCE_OPERATION_BEUNBIND), in the same
// transaction as the end of the association, and so do the unused coupons the partner issued to it
// (operation type 3).
func Unbind(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, now time.Time) error {
	return store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		c, err := boundCustomer(tx, a, customerID)
		if err != nil {
			return err
		}
		if err := refusePendingOrders(tx, c.ID); err != nil {
			return err
		}
		if err := refuseArrears(tx, c.ID); err != nil {
			return err
		}
		if c.Mode == Consignment {
			if err := returnBalance(tx, a, c, KindUnbind, now); err != nil {
				return err
			}
		}
		if err := reclaimCustomerCoupons(tx, a, c, OpUnbind, now); err != nil {
			return err
		}
		return endAssociation(tx, a, c, now)
	})
}

// SwitchMode changes an association between consignment and advisory. Leaving consignment
// reclaims the customer's balance to the partner first: an advisory customer pays its own way;
// a customer in arrears may not leave it (*ArrearsError).
// Either way the partner's unused coupons go back to their quotas (operation type 8): they were
// issued under the other mode's terms.
func SwitchMode(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, mode Mode, now time.Time) error {
	if mode != Advisory && mode != Consignment {
		return ErrInvalidInput
	}
	return store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		c, err := boundCustomer(tx, a, customerID)
		if err != nil {
			return err
		}
		if c.Mode == mode {
			return nil
		}
		if mode == Consignment {
			if err := refuseOwnBalance(tx, a, c.ID, now); err != nil {
				return err
			}
		}
		if c.Mode == Consignment {
			// its arrears are its partner's to settle: an advisory customer would leave them unpaid
			if err := refuseArrears(tx, c.ID); err != nil {
				return err
			}
			if err := returnBalance(tx, a, c, KindReclaim, now); err != nil {
				return err
			}
		}
		if err := reclaimCustomerCoupons(tx, a, c, OpSwitchMode, now); err != nil {
			return err
		}
		before := *c
		if err := tx.Model(&Association{}).Where("id = ?", *c.AssociationID).Update("mode", mode).Error; err != nil {
			return err
		}
		if err := tx.Model(c).Update("mode", mode).Error; err != nil {
			return err
		}
		if err := moveCount(tx, &before, -1); err != nil {
			return err
		}
		c.Mode = mode
		if err := moveCount(tx, c, 1); err != nil {
			return err
		}
		return audit(tx, a, *c.PartnerID, "association.switch_mode", "customer", c.ID, before, c)
	})
}

// ModeSwitchPreview is what switching a customer's mode would take back, read before anything
// moves: the balance its partner allocated (leaving consignment; zero otherwise) and the coupons
// its partner issued to it (either way), with their balance in all.
type ModeSwitchPreview struct {
	Customer       *Customer
	Balance        Money
	Coupons        []Coupon
	CouponsBalance Money
}

// PreviewSwitchMode answers what SwitchMode would take back, for the actor SwitchMode allows
// (boundCustomer); switching to the mode the customer has takes nothing.
func PreviewSwitchMode(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, mode Mode, now time.Time) (*ModeSwitchPreview, error) {
	if mode != Advisory && mode != Consignment {
		return nil, ErrInvalidInput
	}
	tx := db.WithContext(ctx)
	c, err := boundCustomer(tx, a, customerID)
	if err != nil {
		return nil, err
	}
	p := &ModeSwitchPreview{Customer: c, Balance: Fen(0), CouponsBalance: Fen(0)}
	if c.Mode == mode {
		return p, nil
	}
	if c.Mode == Consignment {
		if err := refuseArrears(tx, c.ID); err != nil { // refused before the confirmation, as SwitchMode would
			return nil, err
		}
		if p.Balance, err = CustomerBalance(ctx, db, c.ID); err != nil {
			return nil, err
		}
	}
	if p.Coupons, err = reclaimableCoupons(tx, c, now); err != nil {
		return nil, err
	}
	var fen int64
	for _, x := range p.Coupons {
		fen += x.Balance
	}
	p.CouponsBalance = Fen(fen)
	return p, nil
}

// boundCustomer loads an associated customer the actor may unbind: the partner's admin (its own
// customer, or a master distributor's reseller's), or the customer user itself.
func boundCustomer(tx *gorm.DB, a Actor, customerID uint64) (*Customer, error) {
	var c Customer
	q := tx.Where("id = ? AND association_id IS NOT NULL", customerID)
	switch {
	case a.Kind == CustomerUser && a.CustomerID == customerID:
	case a.isPartner(RoleAdmin):
		q = q.Where("partner_id = ? OR top_partner_id = ?", a.PartnerID, a.PartnerID)
	default:
		return nil, ErrForbidden
	}
	if err := q.First(&c).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// The memos of the transfers the console makes by itself are fixed codes, not text: pages show
// them in the reader's language (views.MemoText). They are the words such rows always carried,
// so rows written before, and the API that hands memos on, read the same.
const (
	MemoUnbind     = "association unbind"  // the balance returned on unbinding
	MemoModeSwitch = "association reclaim" // the balance returned on a switch to advisory mode
)

// ReversalMemo is the memo code of the reversal of deposit id.
func ReversalMemo(id uint64) string { return "deposit reversal " + strconv.FormatUint(id, 10) }

// returnBalance moves all of a customer's balance back to its partner.
func returnBalance(tx *gorm.DB, a Actor, c *Customer, kind TransferKind, now time.Time) error {
	pa, ca, err := accounts(tx, ownerOf(PartnerAccount, *c.PartnerID, 0), ownerOf(CustomerAccount, 0, c.ID))
	if err != nil || ca.Balance == 0 {
		return err
	}
	_, err = postTransfer(tx, a, transferSpec{From: ca, To: pa, Amount: Fen(ca.Balance), Kind: kind,
		PartnerID: *c.PartnerID, CustomerID: c.ID, Memo: systemMemo(kind)}, now)
	return err
}

// refuseOwnBalance refuses a customer entering consignment while it holds money of its own, or
// may still receive some: outside consignment its balance is its own (top-ups), and a consignment
// partner may reclaim a balance or take it back on unbinding. A top-up still in its window may be
// paid at any moment (ErrTopupWaiting); one past it is closed here, so that a late notice of the
// gateway is refused (ErrTopupState) instead of crediting a consignment customer. The top-ups come
// before the balance: closing one a notice is paying meanwhile waits for that payment and finds it
// paid (ErrOwnBalance), so the check holds even outside the money line (PostgreSQL, two servers).
func refuseOwnBalance(tx *gorm.DB, a Actor, customerID uint64, now time.Time) error {
	var waiting []Topup
	if err := tx.Where("customer_id = ? AND status = ?", customerID, TopupPending).Order("id").Find(&waiting).Error; err != nil {
		return err
	}
	for i := range waiting {
		if waiting[i].StatusAt(now) == TopupPending {
			return ErrTopupWaiting
		}
	}
	for i := range waiting {
		t := &waiting[i]
		err := settleTopup(tx, a, t, topupAudit(t), map[string]any{"status": TopupFailed, "closed_at": now.UTC()})
		if errors.Is(err, ErrTopupState) {
			return ErrOwnBalance // paid meanwhile
		}
		if err != nil {
			return err
		}
	}
	balance, err := CustomerBalance(tx.Statement.Context, tx, customerID)
	if err == nil && balance.IsPositive() {
		return ErrOwnBalance
	}
	return err
}

func systemMemo(kind TransferKind) string {
	if kind == KindUnbind {
		return MemoUnbind
	}
	return MemoModeSwitch
}

func endAssociation(tx *gorm.DB, a Actor, c *Customer, now time.Time) error {
	before := *c
	now = now.UTC()
	err := tx.Model(&Association{}).Where("id = ?", *c.AssociationID).
		Updates(map[string]any{"status": AssociationEnded, "ended_on": now}).Error
	if err != nil {
		return err
	}
	err = tx.Model(c).Updates(map[string]any{"association_id": nil, "partner_id": nil, "top_partner_id": nil,
		"mode": NoMode, "associated_on": nil, "label": "", "account_manager_id": nil}).Error
	if err != nil {
		return err
	}
	if err := moveCount(tx, &before, -1); err != nil {
		return err
	}
	return audit(tx, a, *before.PartnerID, "association.end", "customer", c.ID, before, nil)
}

// moveCount moves c in or out of its partner's counters.
func moveCount(tx *gorm.DB, c *Customer, delta int64) error {
	return bumpCustomerCount(tx, *c.PartnerID, c.Mode, c.VerifiedStatus, c.Label, delta)
}
