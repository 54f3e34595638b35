package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Arrears (欠费): what a customer's balance could not pay of its rated usage. It waits a grace
// period (RateOptions.Grace, from when the customer fell into arrears); then SweepArrears freezes
// the customer's on-demand resources (status 4: they produce no more usage). Money that reaches
// the customer later — an allocation, a top-up — pays the arrears first, in the transaction that
// brought it: a write-off transfer (customer → cloud revenue) and the fee records' write-off
// column, oldest debt first; arrears paid in full unfreeze the resources. A customer in arrears
// cannot be unbound (*ArrearsError says how much).

// ErrInArrears refuses an unbinding, or a switch to advisory, of a customer with unpaid usage.
var ErrInArrears = newError("CBC.99003020", "err.in_arrears", "the customer has arrears to pay first")

// ErrOnDemandInArrears refuses an on-demand order for a customer in arrears.
var ErrOnDemandInArrears = newError("CBC.99003020", "err.on_demand_in_arrears",
	"the customer has arrears to pay first: it cannot order on-demand resources until then")

// ArrearsError refuses an unbinding or a switch to advisory: the customer's arrears.
type ArrearsError struct{ Amount Money }

func (e *ArrearsError) Error() string {
	return "models: customer in arrears: " + e.Amount.StringFixed(2)
}

// Unwrap is ErrInArrears.
func (e *ArrearsError) Unwrap() error { return ErrInArrears }

// refuseArrears refuses what a customer in arrears may not do.
func refuseArrears(tx *gorm.DB, customerID uint64) error {
	var ar Arrears
	err := tx.Where("customer_id = ? AND amount > 0", customerID).Take(&ar).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return &ArrearsError{Amount: Fen(ar.Amount)}
}

// settleArrears pays a customer's arrears from its balance, after money reached it (tx is the
// transaction that brought it), and returns what it paid (fen). No arrears: nothing.
func settleArrears(tx *gorm.DB, a Actor, customerID uint64, now time.Time) (int64, error) {
	if err := store.LockRows(tx, "arrears", "customer_id = ?", customerID); err != nil {
		return 0, err
	}
	var ar Arrears
	err := tx.Where("customer_id = ? AND amount > 0", customerID).Take(&ar).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	ca, err := account(tx, CustomerAccount, 0, customerID)
	if err != nil {
		return 0, err
	}
	return writeOff(tx, a, &ar, ca, ca.Balance, now)
}

// writeOff pays up to available fen of the arrears from the customer's account: one transfer, the
// fee records' write-off (oldest first), the arrears lowered, and when nothing is left the grace
// period ended and the resources unfrozen. It returns what it paid.
func writeOff(tx *gorm.DB, a Actor, ar *Arrears, ca *Account, available int64, now time.Time) (int64, error) {
	pay := min(available, ar.Amount)
	if pay <= 0 {
		return 0, nil
	}
	rev, err := account(tx, RevenueAccount, 0, 0)
	if err != nil {
		return 0, err
	}
	_, err = postTransfer(tx, a, transferSpec{From: ca, To: rev, Amount: Fen(pay), Kind: KindWriteoff, CustomerID: ar.CustomerID,
		Memo: MemoWriteoff}, now)
	if err != nil {
		return 0, err
	}
	if err := writeOffRecords(tx, ar.CustomerID, pay); err != nil {
		return 0, err
	}
	before := arrearsAudit(ar)
	updates := map[string]any{"amount": gorm.Expr("amount - ?", pay), "updated_at": now.UTC()}
	paid := pay == ar.Amount
	if paid {
		updates["since"], updates["due_at"], updates["frozen_at"] = nil, nil, nil
	}
	res := tx.Model(&Arrears{}).Where("customer_id = ? AND amount >= ?", ar.CustomerID, pay).Updates(updates)
	if res.Error != nil {
		return 0, res.Error
	}
	if res.RowsAffected != 1 {
		return 0, errUsageRaced
	}
	ar.Amount -= pay
	if paid {
		ar.Since, ar.DueAt, ar.FrozenAt = nil, nil, nil
	}
	partner, err := customerPartner(tx, ar.CustomerID)
	if err != nil {
		return 0, err
	}
	if err := audit(tx, a, partner, "arrears.writeoff", "customer", ar.CustomerID, before, arrearsAudit(ar)); err != nil {
		return 0, err
	}
	if paid {
		return pay, unfreezeResources(tx, a, ar.CustomerID, partner)
	}
	return pay, nil
}

// writeOffRecords writes pay fen off the customer's fee records in debt, oldest first (one range
// of ix_fee_debt): those paid in full in one statement, the last one in part.
func writeOffRecords(tx *gorm.DB, customerID uint64, pay int64) error {
	rows, err := tx.Model(&FeeRecord{}).Select("id, debt - writeoff").Where("customer_id = ? AND debt > writeoff", customerID).
		Order("id").Rows()
	if err != nil {
		return err
	}
	var full []uint64
	var partID uint64
	var part int64
	for rows.Next() && pay > 0 {
		var id uint64
		var open int64
		if err := rows.Scan(&id, &open); err != nil {
			rows.Close()
			return err
		}
		if open <= pay {
			full, pay = append(full, id), pay-open
		} else {
			partID, part, pay = id, pay, 0
		}
	}
	rows.Close()
	if pay > 0 {
		return errors.New("models: arrears exceed the debt of the fee records")
	}
	for start := 0; start < len(full); start += 900 {
		chunk := full[start:min(start+900, len(full))]
		if err := tx.Model(&FeeRecord{}).Where("id IN ?", chunk).Update("writeoff", gorm.Expr("debt")).Error; err != nil {
			return err
		}
	}
	if partID != 0 {
		return tx.Model(&FeeRecord{}).Where("id = ?", partID).Update("writeoff", gorm.Expr("writeoff + ?", part)).Error
	}
	return nil
}

// customerPartner is the customer's partner now (0: none), whose audit log shows its arrears.
func customerPartner(tx *gorm.DB, customerID uint64) (uint64, error) {
	var c Customer
	if err := tx.Select("id, partner_id").Take(&c, customerID).Error; err != nil {
		return 0, err
	}
	return deref(c.PartnerID), nil
}

func arrearsAudit(ar *Arrears) map[string]any {
	out := map[string]any{"amount": Fen(ar.Amount).StringFixed(2)}
	if ar.DueAt != nil {
		out["due_at"] = ar.DueAt.UTC().Format(time.RFC3339)
	}
	if ar.FrozenAt != nil {
		out["frozen_at"] = ar.FrozenAt.UTC().Format(time.RFC3339)
	}
	return out
}

// onDemandIn is the condition of a customer's on-demand resources in a status.
const onDemandIn = "customer_id IN ? AND charge_mode = ? AND status = ?"

// unfreezeResources puts a customer's frozen on-demand resources back in use: they were frozen
// for its arrears (a yearly/monthly resource's freezing is its expiry's, and on-demand ones have
// none).
func unfreezeResources(tx *gorm.DB, a Actor, customerID, partnerID uint64) error {
	return moveOnDemand(tx, a, []uint64{customerID}, ResourceFrozen, ResourceInUse, "resource.unfreeze", map[uint64]uint64{customerID: partnerID})
}

// moveOnDemand moves the customers' on-demand resources in status from to status to, auditing
// each main resource.
func moveOnDemand(tx *gorm.DB, a Actor, customers []uint64, from, to int8, action string, partners map[uint64]uint64) error {
	var rs []Resource
	if err := tx.Select(sweptColumns+", parent_id").Where(onDemandIn, customers, ChargeOnDemand, from).Find(&rs).Error; err != nil {
		return err
	}
	if len(rs) == 0 {
		return nil
	}
	if err := tx.Model(&Resource{}).Where(onDemandIn, customers, ChargeOnDemand, from).Update("status", to).Error; err != nil {
		return err
	}
	var records []AuditRecord
	for i := range rs {
		if rs[i].ParentID != nil {
			continue // follows its main resource
		}
		before := resourceAudit(&rs[i])
		rs[i].Status = to
		records = append(records, auditRecord(a, partners[rs[i].CustomerID], action, "resource", rs[i].ID, before, resourceAudit(&rs[i])))
	}
	return insertAuditRecords(tx, records)
}

// SweepArrears freezes the on-demand resources of up to limit customers whose grace period has
// ended with their arrears unpaid, and says how many customers it froze. Each chunk is read again
// under its lock: arrears paid meanwhile are left alone.
func SweepArrears(ctx context.Context, db *gorm.DB, now time.Time, limit int) (int, error) {
	var ids []uint64
	err := db.WithContext(ctx).Model(&Arrears{}).Where("frozen_at IS NULL AND due_at <= ?", now.UTC()).Order("due_at").Limit(limit).
		Pluck("customer_id", &ids).Error
	frozen := 0
	for len(ids) > 0 && err == nil {
		chunk := ids[:min(sweepChunk, len(ids))]
		ids = ids[len(chunk):]
		var n int
		err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			var err error
			n, err = freezeChunk(tx, chunk, now.UTC())
			return err
		})
		frozen += n
	}
	return frozen, err
}

func freezeChunk(tx *gorm.DB, ids []uint64, now time.Time) (int, error) {
	if err := store.LockRows(tx, "arrears", "customer_id IN ?", ids); err != nil {
		return 0, err
	}
	var due []Arrears
	if err := tx.Where("customer_id IN ? AND amount > 0 AND frozen_at IS NULL AND due_at <= ?", ids, now).Find(&due).Error; err != nil {
		return 0, err
	}
	if len(due) == 0 {
		return 0, nil
	}
	customers := make([]uint64, len(due))
	for i := range due {
		customers[i] = due[i].CustomerID
	}
	if err := tx.Model(&Arrears{}).Where("customer_id IN ?", customers).Update("frozen_at", now).Error; err != nil {
		return 0, err
	}
	var cs []Customer
	if err := tx.Select("id, partner_id").Where("id IN ?", customers).Find(&cs).Error; err != nil {
		return 0, err
	}
	partners := make(map[uint64]uint64, len(cs))
	for _, c := range cs {
		partners[c.ID] = deref(c.PartnerID)
	}
	records := make([]AuditRecord, len(due))
	for i := range due {
		before := arrearsAudit(&due[i])
		due[i].FrozenAt = &now
		records[i] = auditRecord(sweepActor, partners[due[i].CustomerID], "arrears.freeze", "customer", due[i].CustomerID, before, arrearsAudit(&due[i]))
	}
	if err := insertAuditRecords(tx, records); err != nil {
		return 0, err
	}
	return len(due), moveOnDemand(tx, sweepActor, customers, ResourceInUse, ResourceFrozen, "resource.freeze", partners)
}

// CustomerArrears is a customer's arrears as the actor may see them: its partner's members (or
// master distributor's) and the customer itself; another partner's customer is not found. No
// arrears: nil.
func CustomerArrears(ctx context.Context, db *gorm.DB, a Actor, customerID uint64) (*Arrears, error) {
	db = db.WithContext(ctx)
	switch {
	case a.Kind == CustomerUser && a.CustomerID == customerID:
	case a.Kind == PartnerUser:
		var n int64
		if err := db.Model(&Customer{}).Where("id = ? AND (partner_id = ? OR top_partner_id = ?)", customerID, a.PartnerID, a.PartnerID).
			Count(&n).Error; err != nil || n == 0 {
			return nil, firstErr(err, ErrNotFound)
		}
	default:
		return nil, ErrNotFound
	}
	var ar Arrears
	err := db.Where("customer_id = ? AND amount > 0", customerID).Take(&ar).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &ar, err
}
