package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Settlement: the partner settles a consignment customer's bill of a closed cycle with it and
// invoices it (伙伴可基于此账单与客户结算和开票), recording the invoice's number and date; an undo
// says why. Both are audited. Only the partner the bill was made under settles it (a master
// distributor reads its resellers' bills), and only a finance member or an admin.

// Refusals of a settlement.
var (
	ErrBillNotSettleable = newError("CBC.0150", "err.bill_not_settleable", "only a finance member or an admin of the customer's own partner settles its bills")
	ErrBillRunning       = newError("CBC.0100", "err.bill_running", "the running cycle cannot be settled before it ends")
	ErrBillNoBill        = newError("CBC.0100", "err.bill_no_bill", "the customer has no consignment bill in this cycle")
	ErrBillSettled       = newError("CBC.0100", "err.bill_settled", "the bill is settled already")
	ErrBillNotSettled    = newError("CBC.0100", "err.bill_not_settled", "the bill is not settled")
	ErrInvoiceNo         = newError("CBC.0100", "err.invoice_no", "the invoice number is 1 to 32 letters, digits or hyphens")
	ErrInvoiceDate       = newError("CBC.0100", "err.invoice_date", "the invoice date is a day written YYYY-MM-DD, from the cycle's first day to today")
	ErrUndoReason        = newError("CBC.0100", "err.undo_reason", "say why the settlement is undone")
)

// undoReasonText is the rule of an undone settlement's reason, kept in the audit log.
var undoReasonText = TextRule{Field: "reason", Max: 200}

// SettleInput marks a customer's bill of a cycle settled.
type SettleInput struct {
	CustomerID  uint64
	Cycle       string
	InvoiceNo   string
	InvoiceDate string // YYYY-MM-DD
}

// ParseInvoiceNo checks an invoice number: 1–32 ASCII letters, digits or hyphens (a Chinese
// invoice's 8 or 20 digits, or a partner's own numbering), trimmed.
func ParseInvoiceNo(s string) (string, error) {
	s = trimASCII(s)
	if len(s) == 0 || len(s) > 32 {
		return "", &FieldError{Field: "invoice_no", Err: ErrInvoiceNo}
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			return "", &FieldError{Field: "invoice_no", Err: ErrInvoiceNo}
		}
	}
	return s, nil
}

// ParseInvoiceDate checks an invoice date of a cycle's bill: a day written YYYY-MM-DD, not before
// the cycle's first day and not after today (Asia/Shanghai).
func ParseInvoiceDate(s string, cycleStart, now time.Time) (string, error) {
	s = trimASCII(s)
	d, err := time.ParseInLocation("2006-01-02", s, BusinessZone)
	if err != nil || d.Format("2006-01-02") != s || d.Before(cycleStart) || d.After(now) {
		return "", &FieldError{Field: "invoice_date", Err: ErrInvoiceDate}
	}
	return s, nil
}

func trimASCII(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// SettleBill marks the acting partner's consignment bill of a customer's closed cycle settled and
// invoiced, keeping the amount it was settled at.
func SettleBill(ctx context.Context, db *gorm.DB, a Actor, in SettleInput, now time.Time) (*CycleBill, error) {
	if !a.isPartner(RoleAdmin, RoleFinance) {
		return nil, ErrBillNotSettleable
	}
	cy, err := CheckCycle(in.Cycle, now)
	if err != nil {
		return nil, err
	}
	if cy.Running {
		return nil, &FieldError{Field: "bill_cycle", Err: ErrBillRunning}
	}
	no, err := ParseInvoiceNo(in.InvoiceNo)
	if err != nil {
		return nil, err
	}
	date, err := ParseInvoiceDate(in.InvoiceDate, cy.Start, now)
	if err != nil {
		return nil, err
	}
	var b *CycleBill
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if b, err = settleableBill(tx, a, in.CustomerID, cy.Cycle); err != nil {
			return err
		}
		if b.Settled() {
			return ErrBillSettled
		}
		at, by := now.UTC(), a.UserID
		err := tx.Model(b).Updates(map[string]any{"settled_at": at, "settled_amount": b.Amount, "invoice_no": no, "invoice_date": date, "settled_by": by}).Error
		if err != nil {
			return err
		}
		if err := bumpSettled(tx, b, 1); err != nil {
			return err
		}
		b.SettledAt, b.SettledAmount, b.InvoiceNo, b.InvoiceDate, b.SettledBy = &at, b.Amount, no, date, &by
		return audit(tx, a, a.PartnerID, "bill.settle", "bill", b.ID, nil, map[string]any{"customer_id": b.CustomerID,
			"bill_cycle": b.BillCycle, "amount": Fen(b.Amount).StringFixed(2), "invoice_no": no, "invoice_date": date})
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// UnsettleBill undoes a settlement, saying why (kept in the audit log with what was undone).
func UnsettleBill(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, cycle, reason string) (*CycleBill, error) {
	if !a.isPartner(RoleAdmin, RoleFinance) {
		return nil, ErrBillNotSettleable
	}
	c, _, err := ParseBillCycle(cycle)
	if err != nil {
		return nil, &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	reason, err = undoReasonText.Clean(reason)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, &FieldError{Field: "reason", Err: ErrUndoReason}
	}
	var b *CycleBill
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if b, err = settleableBill(tx, a, customerID, c); err != nil {
			return err
		}
		if !b.Settled() {
			return ErrBillNotSettled
		}
		before := map[string]any{"customer_id": b.CustomerID, "bill_cycle": b.BillCycle, "amount": Fen(b.SettledAmount).StringFixed(2),
			"invoice_no": b.InvoiceNo, "invoice_date": b.InvoiceDate}
		err := tx.Model(b).Updates(map[string]any{"settled_at": nil, "settled_amount": 0, "invoice_no": "", "invoice_date": "", "settled_by": nil}).Error
		if err != nil {
			return err
		}
		if err := bumpSettled(tx, b, -1); err != nil {
			return err
		}
		b.SettledAt, b.SettledAmount, b.InvoiceNo, b.InvoiceDate, b.SettledBy = nil, 0, "", "", nil
		return audit(tx, a, a.PartnerID, "bill.unsettle", "bill", b.ID, before, map[string]any{"reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// settleableBill locks and loads the acting partner's consignment bill of the customer's cycle:
// another partner's customer is not found, a reseller's customer (its master distributor acting)
// is refused, a customer without a consignment bill of the cycle has nothing to settle.
func settleableBill(tx *gorm.DB, a Actor, customerID uint64, cycle string) (*CycleBill, error) {
	var c Customer
	if err := tx.Select("id, partner_id, top_partner_id").Where("id = ? AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID).
		Take(&c).Error; err != nil {
		return nil, notFound(err)
	}
	if deref(c.PartnerID) != a.PartnerID {
		return nil, ErrResellersCustomer
	}
	if err := store.LockRows(tx, "cycle_bills", "customer_id = ? AND bill_cycle = ?", customerID, cycle); err != nil {
		return nil, err
	}
	var b CycleBill
	err := tx.Where("customer_id = ? AND bill_cycle = ? AND partner_id = ? AND mode = ?", customerID, cycle, a.PartnerID, Consignment).
		Order("id").Take(&b).Error
	if err != nil {
		if err == gorm.ErrRecordNotFound {
			return nil, ErrBillNoBill
		}
		return nil, err
	}
	return &b, nil
}

// bumpSettled moves the count of settled bills of the bill's cycle total.
func bumpSettled(tx *gorm.DB, b *CycleBill, delta int) error {
	return tx.Model(&CycleTotal{}).Where("partner_id = ? AND bill_cycle = ? AND top_partner_id = ? AND mode = ?", b.PartnerID, b.BillCycle, b.TopPartnerID, b.Mode).
		Update("settled", gorm.Expr("settled + ?", delta)).Error
}
