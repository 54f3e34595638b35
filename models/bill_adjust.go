package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// The operator's adjustments of a customer's bill (issue 15, part 3): a compensation (补偿, bill
// type 9) gives money back to the customer's balance (cloud revenue → customer), at most what the
// customer's bill of the cycle adjusted still is; a deduction (扣费, bill type 16) charges the
// customer as a usage charge is charged: from its balance, and what the balance cannot pay is debt
// added to its arrears (addArrears, the usage charge's own). Each is a fee record of the cycle it
// adjusts — the running one, or a closed one of the last AdjustCycles, dated that cycle's last
// second so its bill dates and daily sums stay in the cycle — (a compensation's negative in every part), its monthly and daily sums added to, a
// BillAdjustment keeping the reason, the operator and the form's idempotency key — a deduction
// paid wholly by debt moves no money, so the key cannot live on a transfer — and an audit record.

// Bill types of the operator's adjustments.
const (
	BillCompensation int8 = 9  // 补偿
	BillDeduction    int8 = 16 // 扣费
)

// The ledger's transfers of adjustments.
const (
	KindCompensation TransferKind = "compensation" // cloud revenue → customer
	KindDeduction    TransferKind = "deduction"    // customer → cloud revenue
)

// MemoCompensation and MemoDeduction are the memo codes of the adjustments' transfers.
const (
	MemoCompensation = "bill compensation"
	MemoDeduction    = "bill deduction"
)

// Errors of an adjustment.
var (
	ErrAdjustKind = newError("CBC.0100", "err.adjust_kind", "choose compensation or deduction")
	ErrOverBill   = newError("CBC.0100", "err.adjust_over_bill", "the compensation is more than the customer's bill of the cycle")
	// A settled bill was invoiced at its amount: an adjustment would make the bill and its invoice
	// disagree without anyone seeing it. The partner undoes the settlement (saying why, audited),
	// the operator adjusts, and the partner settles the new amount.
	ErrAdjustSettled  = newError("CBC.0100", "err.adjust_settled", "the customer's bill of the cycle is settled: its partner must undo the settlement before it is adjusted")
	ErrAdjustCycleOld = newError("CBC.0100", "err.adjust_cycle_old", "an adjustment goes to the running cycle or one of the 11 before it")
)

// AdjustCycles is how many cycles an adjustment reaches: the running one and the 11 before it (the
// cycles the bills page charts).
const AdjustCycles = 12

// SettledBillError refuses an adjustment of a settled bill: its cycle.
type SettledBillError struct{ Cycle string }

func (e *SettledBillError) Error() string {
	return "models: the bill of " + e.Cycle + " is settled: undo its settlement before adjusting it"
}

// Unwrap is ErrAdjustSettled.
func (e *SettledBillError) Unwrap() error { return ErrAdjustSettled }

// OverBillError refuses a compensation larger than the customer's bill of the cycle: that bill.
type OverBillError struct {
	Cycle string
	Bill  Money
}

func (e *OverBillError) Error() string {
	return fmt.Sprintf("models: compensation over the bill of %s: %s", e.Cycle, e.Bill.StringFixed(2))
}

// Unwrap is ErrOverBill.
func (e *OverBillError) Unwrap() error { return ErrOverBill }

// BillAdjustment is one operator adjustment: the fee record it wrote, the transfer that moved its
// cash (none when a deduction was all debt), why, and who. IdempotencyKey is the operator's scope
// and the form's key: a retried form adjusts once.
type BillAdjustment struct {
	ID             uint64    `gorm:"primaryKey"`
	CustomerID     uint64    `gorm:"not null;index:ix_adjust_customer,priority:1"`
	PartnerID      uint64    `gorm:"not null;default:0"`
	BillType       int8      `gorm:"not null"`
	BillCycle      string    `gorm:"size:7;not null"`
	ServiceType    string    `gorm:"size:64;not null;default:''"`
	Amount         int64     `gorm:"not null"` // fen, positive
	Cash           int64     `gorm:"not null;default:0"`
	Debt           int64     `gorm:"not null;default:0"`
	FeeRecordID    uint64    `gorm:"not null"`
	TransferID     *uint64   `gorm:"index:ix_adjust_transfer"`
	Reason         string    `gorm:"size:200;not null"`
	ActorUserID    uint64    `gorm:"not null"`
	IdempotencyKey *string   `gorm:"size:160;uniqueIndex"`
	RequestHash    string    `gorm:"size:64;not null;default:''"`
	CreatedAt      time.Time `gorm:"not null;index:ix_adjust_created;index:ix_adjust_customer,priority:2"`
}

// AmountMoney is the adjustment's amount.
func (b *BillAdjustment) AmountMoney() Money { return Fen(b.Amount) }

// AdjustInput is an operator's adjustment.
type AdjustInput struct {
	CustomerID     uint64
	Kind           int8   // BillCompensation or BillDeduction
	Cycle          string // the bill cycle adjusted, YYYY-MM ("": the running one)
	Amount         Money  // yuan, > 0, at most 2 decimals
	ServiceType    string // a service type of the catalog, or "" (none)
	Reason         string
	IdempotencyKey string        // the form's key ("": none)
	Grace          time.Duration // a deduction's arrears grace (0: DefaultArrearsGrace)
}

func (in AdjustInput) hash(fen int64) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%d|%d|%d|%s|%s|%s", in.Kind, fen, in.CustomerID, in.ServiceType, in.Reason, in.Cycle)))
	return hex.EncodeToString(h[:])
}

// AdjustBill makes an operator's adjustment of a customer's bill of a cycle: the running one
// (now's) or a closed one of the last AdjustCycles, unless the bill is settled (SettledBillError).
// Operators only; an unknown customer is not found. A retry with the same key answers the first
// adjustment and moves nothing; the same key for another adjustment is ErrIdempotencyConflict.
func AdjustBill(ctx context.Context, db *gorm.DB, a Actor, in AdjustInput, now time.Time) (*BillAdjustment, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	if in.Kind != BillCompensation && in.Kind != BillDeduction {
		return nil, &FieldError{Field: "kind", Err: ErrAdjustKind}
	}
	fen, err := amountFen(in.Amount)
	if err != nil {
		return nil, &FieldError{Field: "amount", Err: ErrInvalidAmount}
	}
	if in.Reason, err = reasonText.Clean(in.Reason); err != nil {
		return nil, err
	}
	if in.Reason == "" {
		return nil, &FieldError{Field: "reason", Err: ErrReasonRequired}
	}
	if in.Cycle, err = AdjustCycle(in.Cycle, now); err != nil {
		return nil, err
	}
	if in.ServiceType != "" {
		cat, err := LoadCatalog(ctx, db)
		if err != nil {
			return nil, err
		}
		if cat.ServiceType(in.ServiceType) == nil {
			return nil, &FieldError{Field: "service_type", Err: ErrInvalidInput}
		}
	}
	if len(in.IdempotencyKey) > 128 {
		return nil, ErrInvalidInput
	}
	if in.Grace <= 0 {
		in.Grace = DefaultArrearsGrace
	}
	key, hash := "", in.hash(fen)
	if in.IdempotencyKey != "" {
		key = idemScope(a) + in.IdempotencyKey
		if b, err := sameAdjustment(ctx, db, key, hash); err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return b, err
		}
	}
	var out *BillAdjustment
	err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		var err error
		out, err = adjust(tx, a, in, fen, key, hash, now.UTC())
		return err
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) && key != "" {
		return sameAdjustment(ctx, db, key, hash) // a concurrent retry won
	}
	return out, err
}

// AdjustCycle checks the cycle an adjustment asks for ("": now's), answering it: a bill cycle
// YYYY-MM, not after now's, nor more than AdjustCycles-1 before it.
func AdjustCycle(s string, now time.Time) (string, error) {
	if s == "" {
		return BillCycleOf(now), nil
	}
	cy, err := CheckCycle(s, now)
	if err != nil {
		return "", err
	}
	if cy.Cycle < Cycles(now, AdjustCycles)[AdjustCycles-1] {
		return "", &FieldError{Field: "bill_cycle", Err: ErrAdjustCycleOld}
	}
	return cy.Cycle, nil
}

// adjustTime is when an adjustment of cycle made at now is dated: now in the running cycle, the
// closed cycle's last second otherwise.
func adjustTime(cycle string, now time.Time) time.Time {
	_, start, _ := ParseBillCycle(cycle)
	if end := start.AddDate(0, 1, 0).UTC(); end.Before(now) {
		return end.Add(-time.Second)
	}
	return now
}

// settledBill refuses, under the bill's lock (settlement takes the same), a cycle in which the
// customer's bill is settled.
func settledBill(tx *gorm.DB, customerID uint64, cycle string) error {
	if err := store.LockRows(tx, "cycle_bills", "customer_id = ? AND bill_cycle = ?", customerID, cycle); err != nil {
		return err
	}
	var n int64
	err := tx.Model(&CycleBill{}).Where("customer_id = ? AND bill_cycle = ? AND settled_at IS NOT NULL", customerID, cycle).Count(&n).Error
	if err == nil && n > 0 {
		return &SettledBillError{Cycle: cycle}
	}
	return err
}

// sameAdjustment finds the adjustment made under key, refusing it if it was asked for another.
func sameAdjustment(ctx context.Context, db *gorm.DB, key, hash string) (*BillAdjustment, error) {
	var b BillAdjustment
	if err := db.WithContext(ctx).Where("idempotency_key = ?", key).First(&b).Error; err != nil {
		return nil, err
	}
	if b.RequestHash != hash {
		return nil, ErrIdempotencyConflict
	}
	return &b, nil
}

// adjust moves the adjustment's money and writes its fee record, sums, row and audit in tx.
func adjust(tx *gorm.DB, a Actor, in AdjustInput, fen int64, key, hash string, now time.Time) (*BillAdjustment, error) {
	var c Customer
	if err := tx.Select("id, partner_id, top_partner_id, mode").Take(&c, in.CustomerID).Error; err != nil {
		return nil, notFound(err)
	}
	cycle, at := in.Cycle, adjustTime(in.Cycle, now)
	if err := settledBill(tx, c.ID, cycle); err != nil {
		return nil, err
	}
	party, err := adjustParty(tx, &c, cycle, at)
	if err != nil {
		return nil, err
	}
	ca, err := account(tx, CustomerAccount, 0, c.ID)
	if err != nil {
		return nil, err
	}
	rev, err := account(tx, RevenueAccount, 0, 0)
	if err != nil {
		return nil, err
	}
	b := &BillAdjustment{CustomerID: c.ID, PartnerID: party.partnerID, BillType: in.Kind, BillCycle: cycle,
		ServiceType: in.ServiceType, Amount: fen, Reason: in.Reason, ActorUserID: a.UserID, RequestHash: hash, CreatedAt: now}
	if key != "" {
		b.IdempotencyKey = &key
	}
	f := FeeRecord{CustomerID: c.ID, PartnerID: party.partnerID, TopPartnerID: party.topID, BillCycle: cycle,
		TradeTime: at, BillType: in.Kind, ServiceType: in.ServiceType, ChargeMode: ChargeOnDemand, CreatedAt: now}
	var t *Transfer
	if in.Kind == BillCompensation {
		bill, err := cycleBill(tx, c.ID, cycle)
		if err != nil {
			return nil, err
		}
		if fen > bill {
			return nil, &OverBillError{Cycle: cycle, Bill: Fen(max(bill, 0))}
		}
		// no partner on the transfer, as on an order's payment: a partner's transfer records take a
		// customer's partner transfers to be allocations, reclaims and unbindings
		if t, err = postTransfer(tx, a, transferSpec{From: rev, To: ca, Amount: Fen(fen), Kind: KindCompensation,
			CustomerID: c.ID, Memo: MemoCompensation}, now); err != nil {
			return nil, err
		}
		b.Cash, f.Official, f.Cash = fen, -fen, -fen
	} else {
		b.Cash = min(fen, ca.Balance)
		b.Debt = fen - b.Cash
		if b.Cash > 0 {
			if t, err = postTransfer(tx, a, transferSpec{From: ca, To: rev, Amount: Fen(b.Cash), Kind: KindDeduction,
				CustomerID: c.ID, Memo: MemoDeduction}, now); err != nil {
				return nil, err
			}
		}
		if b.Debt > 0 {
			if err := store.LockRows(tx, "arrears", "customer_id = ?", c.ID); err != nil {
				return nil, err
			}
			if err := addArrears(tx, c.ID, b.Debt, in.Grace, now); err != nil {
				return nil, err
			}
		}
		f.Official, f.Cash, f.Debt = fen, b.Cash, b.Debt
	}
	if err := tx.Create(&f).Error; err != nil {
		return nil, err
	}
	if err := addMonthlySumsIn(tx, []FeeRecord{f}, map[uint64]Mode{c.ID: party.mode}, now); err != nil {
		return nil, err
	}
	b.FeeRecordID = f.ID
	if t != nil {
		b.TransferID = &t.ID
	}
	if err := tx.Create(b).Error; err != nil {
		return nil, err
	}
	action := "bill.compensate"
	if in.Kind == BillDeduction {
		action = "bill.deduct"
	}
	after := map[string]any{"amount": Fen(fen).StringFixed(2), "cycle": cycle, "reason": in.Reason,
		"cash": Fen(b.Cash).StringFixed(2), "debt": Fen(b.Debt).StringFixed(2)}
	if in.ServiceType != "" {
		after["service_type"] = in.ServiceType
	}
	if err := audit(tx, a, b.PartnerID, action, "customer", c.ID, nil, after); err != nil {
		return nil, err
	}
	if in.Kind == BillCompensation { // money reached the customer: its arrears are paid first
		if _, err := settleArrears(tx, a, c.ID, now); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// billParty is whom a customer's bill is charged under: its partner, its master distributor (or
// the partner itself) and its association mode.
type billParty struct {
	partnerID, topID uint64
	mode             Mode
}

// adjustParty is whom an adjustment of the customer's bill of cycle, dated at, is charged under:
// the partner of the customer's association at that date — a closed cycle's last second, so a
// customer that has moved partner since is adjusted on its old partner's bill, which that partner
// settles and invoices, not on its new one's — in the mode of its bill of the cycle under that
// partner (an association's mode may have been switched since). A customer with no association
// at that date (the bulk-loaded worlds keep none) is adjusted on its latest bill of the cycle, and
// one without a bill either under its partner now.
func adjustParty(tx *gorm.DB, c *Customer, cycle string, at time.Time) (billParty, error) {
	var bills []CycleBill
	if err := tx.Select("partner_id, top_partner_id, mode").Where("customer_id = ? AND bill_cycle = ?", c.ID, cycle).
		Order("id DESC").Find(&bills).Error; err != nil {
		return billParty{}, err
	}
	var as []Association
	// times compared here, not in SQL: they are stored as text, in whatever zone they were written
	if err := tx.Select("partner_id, top_partner_id, mode, associated_on, ended_on").Where("customer_id = ?", c.ID).
		Order("id DESC").Find(&as).Error; err != nil {
		return billParty{}, err
	}
	for _, a := range as {
		if a.AssociatedOn.After(at) || a.EndedOn != nil && !a.EndedOn.After(at) {
			continue
		}
		// its mode then: the association's own if the partner's bills of the cycle have it (the
		// mode at the association's end or now), else that of the partner's latest bill
		p, latest := billParty{a.PartnerID, a.TopPartnerID, a.Mode}, -1
		for i, b := range bills {
			if b.PartnerID != p.partnerID || b.TopPartnerID != p.topID {
				continue
			}
			if b.Mode == a.Mode {
				return p, nil
			}
			if latest < 0 {
				latest = i
			}
		}
		if latest >= 0 {
			p.mode = bills[latest].Mode
		}
		return p, nil
	}
	if len(bills) > 0 {
		return billParty{bills[0].PartnerID, bills[0].TopPartnerID, bills[0].Mode}, nil
	}
	return billParty{deref(c.PartnerID), deref(c.TopPartnerID), c.Mode}, nil
}

// cycleBill is what a customer's bill of a cycle still is, fen: its monthly sums' amounts,
// refunds and compensations already taken off.
func cycleBill(tx *gorm.DB, customerID uint64, cycle string) (int64, error) {
	var bill int64
	err := tx.Model(&MonthlySum{}).Select("COALESCE(SUM(amount), 0)").Where("customer_id = ? AND bill_cycle = ?", customerID, cycle).
		Scan(&bill).Error
	return bill, err
}

// AdjustmentRow is an adjustment as the operator's list shows it: names, not ids.
type AdjustmentRow struct {
	BillAdjustment
	CustomerName    string // the customer's account name
	PartnerName     string
	OperatorName    string
	ServiceTypeName string // filled by the view from the catalog
}

// ListAdjustments lists the latest adjustments, newest first (operators only), up to limit.
func ListAdjustments(ctx context.Context, db *gorm.DB, a Actor, limit int) ([]AdjustmentRow, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var rows []AdjustmentRow
	err := db.WithContext(ctx).Table("bill_adjustments b").
		Select("b.*, c.account_name AS customer_name, COALESCE(p.name, '') AS partner_name, COALESCE(NULLIF(u.display_name, ''), u.username, '') AS operator_name").
		Joins("JOIN customers c ON c.id = b.customer_id").Joins("LEFT JOIN partners p ON p.id = b.partner_id").
		Joins("LEFT JOIN users u ON u.id = b.actor_user_id").Order("b.created_at DESC, b.id DESC").Limit(limit).Scan(&rows).Error
	return rows, err
}

// CustomerByAccountName is the id of the customer of an account name (the operator's form looks
// a customer up by it); none is ErrNotFound.
func CustomerByAccountName(ctx context.Context, db *gorm.DB, a Actor, name string) (uint64, error) {
	if a.Kind != OperatorUser {
		return 0, ErrNotFound
	}
	var c Customer
	if err := db.WithContext(ctx).Select("id").Where("account_name = ?", name).Take(&c).Error; err != nil {
		return 0, notFound(err)
	}
	return c.ID, nil
}
