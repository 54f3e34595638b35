package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Unsubscribing (退订, CancelResourcesSubscription, order type 4) and its refund.
//
// The refund rule (README, "Unsubscribing and refunds"): what is refunded is the cash actually
// paid for the part not used, never what coupons or a discount paid. Each paid period (term) of
// the resource gives back Cash × unused days ÷ the term's days, rounded down to the fen, where the
// unused days are the whole days from the later of now and the term's start to its end (a part
// of a day already begun counts as used). A renewed period not yet begun gives back all its cash.

// Unsubscribe types (unsubscribe_type).
const (
	UnsubscribeResource = 1 // the resource and its renewed periods: it closes now
	UnsubscribeRenewals = 2 // the renewed periods not yet begun only: it keeps its current one
)

// unsubscribeReason is the customer's reason, as stored.
var unsubscribeReason = TextRule{Field: "unsubscribe_reason", Max: 512}

// Refund is what an unsubscribe order gave back: Amount (fen) to the customer's consumption
// account by the transfer TransferID (none when nothing was due), from the terms it cut.
type Refund struct {
	ID              uint64 `gorm:"primaryKey"`
	OrderID         uint64 `gorm:"not null;uniqueIndex"` // the unsubscribe order
	ResourceID      uint64 `gorm:"not null;index"`
	CustomerID      uint64 `gorm:"not null;index"`
	PartnerID       uint64 `gorm:"not null"`
	Amount          int64  `gorm:"not null"`
	TransferID      *uint64
	UnsubscribeType int8      `gorm:"not null"`
	ReasonType      int8      `gorm:"not null;default:0"`
	Reason          string    `gorm:"size:512;not null;default:''"`
	CreatedAt       time.Time `gorm:"not null"`
}

// AmountMoney is the refund as Money.
func (r *Refund) AmountMoney() Money { return Fen(r.Amount) }

// UnsubscribeInput unsubscribes up to 10 main resources, with the customer's reason.
type UnsubscribeInput struct {
	ResourceIDs []string
	Type        int8 // UnsubscribeResource or UnsubscribeRenewals
	ReasonType  int8 // 0 none, 1 hard to use, 2 missing features, 3 too complex, 4 unhappy with the service, 5 other
	Reason      string
	// IdempotencyKey (the API's X-Idempotency-Key, "" for none): a retry under it gets the same
	// orders back and refunds nothing again (resource_keyed.go).
	IdempotencyKey string
}

// Unsubscribe (CancelResourcesSubscription) unsubscribes main resources, each on its own: an
// unsubscribe order (type 4, completed at once) per resource and its refund, paid from the
// cloud's revenue to the customer's consumption account (kind refund). Type 1 closes the resource
// and its attached ones now; type 2 takes back only its renewed periods not yet begun. Refused
// per resource: an attached one, a closed one (unsubscribing twice), an on-demand one, one with an
// order open, type 2 without such a period; another's is not found.
func Unsubscribe(ctx context.Context, db *gorm.DB, a Actor, in UnsubscribeInput, now time.Time) (*LifeResult, error) {
	if in.Type != UnsubscribeResource && in.Type != UnsubscribeRenewals {
		return nil, &FieldError{Field: "unsubscribe_type", Err: ErrUnsubscribeType}
	}
	if in.ReasonType < 0 || in.ReasonType > 5 {
		return nil, &FieldError{Field: "unsubscribe_reason_type", Err: ErrUnsubscribeReason}
	}
	reason, err := unsubscribeReason.Clean(in.Reason)
	if err != nil {
		return nil, err
	}
	in.Reason = reason
	if err := mayActOnResources(a); err != nil {
		return nil, err
	}
	if err := checkKey(in.IdempotencyKey); err != nil {
		return nil, err
	}
	k := keyedLife{a: a, key: in.IdempotencyKey, ids: in.ResourceIDs,
		hash: requestHash("unsubscribe", in.ResourceIDs, in.Type, in.ReasonType, in.Reason)}
	return perResource(in.ResourceIDs, func(id string) (*Order, error) {
		var o *Order
		err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
			var err error
			if o, err = k.answered(tx, id); o != nil || err != nil {
				return err
			}
			if o, err = unsubscribeOne(tx, a, id, in, now); err != nil {
				return err
			}
			return k.record(tx, id, o)
		})
		return o, err
	})
}

func unsubscribeOne(tx *gorm.DB, a Actor, id string, in UnsubscribeInput, now time.Time) (*Order, error) {
	d, err := refundDue(tx, a, id, in.Type, now)
	if err != nil {
		return nil, err
	}
	r, terms, amount := d.Resource, d.Terms, d.Amount
	o, lines, err := insertUnsubscribe(tx, a, r, d.authID, terms, amount, now)
	if err != nil {
		return nil, err
	}
	f, err := recordRefund(tx, a, o, r, in, amount, now)
	if err != nil {
		return nil, err
	}
	if err := postFeeRecords(tx, o, lines, map[uint64]string{r.ID: r.PublicID}, BillRefund, nil, now); err != nil {
		return nil, err
	}
	if err := cutTerms(tx, terms, f.ID, now); err != nil {
		return nil, err
	}
	if in.Type == UnsubscribeRenewals {
		return o, moveExpiry(tx, a, r, terms[0].StartAt, now, "resource.unsubscribe_renewals")
	}
	return o, closeResource(tx, a, r, now, "resource.unsubscribe")
}

// RefundDue is what unsubscribing a resource gives back at a time: the terms it cuts, each with
// its refund (Refunded), and their sum in fen.
type RefundDue struct {
	Resource *Resource
	Type     int8
	Terms    []ResourceTerm
	Amount   int64
	authID   uint64
}

// AmountMoney is the refund as Money.
func (d *RefundDue) AmountMoney() Money { return Fen(d.Amount) }

// PreviewUnsubscribe is what Unsubscribe would refund for one main resource now, read-only: the
// same rules and the same figures (refundDue), for the page that asks before it is done. It
// refuses what Unsubscribe refuses.
func PreviewUnsubscribe(ctx context.Context, db *gorm.DB, a Actor, resourceID string, typ int8, now time.Time) (*RefundDue, error) {
	if typ != UnsubscribeResource && typ != UnsubscribeRenewals {
		return nil, &FieldError{Field: "unsubscribe_type", Err: ErrUnsubscribeType}
	}
	if err := mayActOnResources(a); err != nil {
		return nil, err
	}
	return refundDue(db.WithContext(ctx), a, resourceID, typ, now)
}

// refundDue loads the resource for an unsubscribe of type typ, checks who acts for its customer,
// and computes each term's refund at now: the one computation of the refund.
func refundDue(tx *gorm.DB, a Actor, id string, typ int8, now time.Time) (*RefundDue, error) {
	r, err := lifeResource(tx, a, id)
	if err != nil {
		return nil, err
	}
	authID, err := onBehalf(tx, a, r.CustomerID, now)
	if err != nil {
		return nil, err
	}
	terms, err := termsToCut(tx, r.ID, typ, now)
	if err != nil {
		return nil, err
	}
	d := &RefundDue{Resource: r, Type: typ, Terms: terms, authID: authID}
	for i := range terms {
		terms[i].Refunded = termRefund(&terms[i], now)
		d.Amount += terms[i].Refunded
	}
	return d, nil
}

// termsToCut are the resource's terms an unsubscribe takes back, earliest first: type 1 every
// term not yet ended, type 2 the renewed terms not yet begun (ErrNoRenewedPeriods if none).
func termsToCut(tx *gorm.DB, resourceID uint64, typ int8, now time.Time) ([]ResourceTerm, error) {
	var all []ResourceTerm
	if err := tx.Where("resource_id = ? AND cut_at IS NULL", resourceID).Order("start_at, id").Find(&all).Error; err != nil {
		return nil, err
	}
	var out []ResourceTerm
	for _, t := range all {
		if typ == UnsubscribeResource && t.EndAt.After(now) || typ == UnsubscribeRenewals && t.StartAt.After(now) {
			out = append(out, t)
		}
	}
	if typ == UnsubscribeRenewals && len(out) == 0 {
		return nil, ErrNoRenewedPeriods
	}
	return out, nil
}

// termRefund is the cash of the term's unused whole days: Cash × unused ÷ days, rounded down.
func termRefund(t *ResourceTerm, now time.Time) int64 {
	const day = 24 * time.Hour
	from := t.StartAt
	if now.After(from) {
		from = now
	}
	days, unused := int64(t.EndAt.Sub(t.StartAt)/day), int64(t.EndAt.Sub(from)/day)
	if days <= 0 || unused <= 0 || t.Cash <= 0 {
		return 0
	}
	return cashShares(t.Cash, []int64{unused, days - unused})[0]
}

// insertUnsubscribe writes the unsubscribe order, completed, its amounts the refund, with a line
// per term it cuts naming the resource: the product, period and unit price the term was bought
// at (its order line's), and that term's refund as the line's amount, so the lines add up to the
// order and say what each period gave back (ShowRefundOrderDetails' parts, by order). With no
// term to cut, one line of the resource's own product refunds nothing.
func insertUnsubscribe(tx *gorm.DB, a Actor, r *Resource, authID uint64, terms []ResourceTerm, amount int64, now time.Time) (*Order, []OrderLine, error) {
	now = now.UTC()
	top, err := resourceTopPartner(tx, r)
	if err != nil {
		return nil, nil, err
	}
	o := &Order{PartnerID: r.PartnerID, TopPartnerID: top, CustomerID: r.CustomerID, AuthorizationID: authID, Type: OrderUnsubscribe,
		ChargeMode: ChargePeriod, Status: OrderCompleted, Version: 1, PricedAt: now, Official: amount, Cash: amount, CreatedBy: a.UserID,
		CompletedAt: &now, CreatedAt: now, ServiceType: r.ServiceType}
	if err := tx.Create(o).Error; err != nil {
		return nil, nil, err
	}
	cut := terms
	if len(cut) == 0 {
		cut = []ResourceTerm{{LineID: r.LineID}}
	}
	lines := make([]OrderLine, len(cut))
	for i, t := range cut {
		var bought OrderLine
		if err := tx.First(&bought, t.LineID).Error; err != nil {
			return nil, nil, err
		}
		l := OrderLine{OrderID: o.ID, LineNo: i + 1, ServiceType: r.ServiceType, ResourceType: r.ResourceType, Spec: r.Spec,
			Region: r.Region, Zone: r.Zone, Size: r.Size, PeriodType: bought.PeriodType, PeriodNum: bought.PeriodNum, Quantity: 1,
			UnitPrice: bought.UnitPrice, PriceVersion: bought.PriceVersion, Official: t.Refunded, Mode: bought.Mode, CreatedAt: now,
			ResourceID: &r.ID}
		if err := tx.Create(&l).Error; err != nil {
			return nil, nil, err
		}
		lines[i] = l
	}
	return o, lines, audit(tx, a, o.PartnerID, "order.unsubscribe", "order", o.ID, nil, orderAudit(o))
}

// recordRefund pays the refund (if any) from the cloud's revenue back to the customer's
// consumption account, the account that paid, and records it.
func recordRefund(tx *gorm.DB, a Actor, o *Order, r *Resource, in UnsubscribeInput, amount int64, now time.Time) (*Refund, error) {
	f := &Refund{OrderID: o.ID, ResourceID: r.ID, CustomerID: r.CustomerID, PartnerID: r.PartnerID, Amount: amount,
		UnsubscribeType: in.Type, ReasonType: in.ReasonType, Reason: in.Reason, CreatedAt: now.UTC()}
	if amount > 0 {
		rev, ca, err := accounts(tx, ownerOf(RevenueAccount, 0, 0), ownerOf(CustomerAccount, 0, o.CustomerID))
		if err != nil {
			return nil, err
		}
		// no partner on the transfer, as on the payment it gives back (payCash)
		t, err := postTransfer(tx, a, transferSpec{From: rev, To: ca, Amount: Fen(amount), Kind: KindRefund,
			CustomerID: o.CustomerID, Memo: "refund " + o.OrderID()}, now)
		if err != nil {
			return nil, err
		}
		f.TransferID = &t.ID
	}
	return f, tx.Create(f).Error
}

// cutTerms ends the terms at now and records what each gave back.
func cutTerms(tx *gorm.DB, terms []ResourceTerm, refundID uint64, now time.Time) error {
	for _, t := range terms {
		err := tx.Model(&ResourceTerm{}).Where("id = ? AND cut_at IS NULL", t.ID).
			Updates(map[string]any{"cut_at": now.UTC(), "refunded": t.Refunded, "refund_id": refundID}).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// closeResource closes a main resource and its attached ones now: a resource still running
// expires now, and it no longer renews itself.
func closeResource(tx *gorm.DB, a Actor, r *Resource, now time.Time, action string) error {
	updates := autoRenewOff()
	updates["status"], updates["closed_at"] = ResourceClosed, now.UTC()
	if r.ExpireAt != nil && r.ExpireAt.After(now) {
		updates["expire_at"] = now.UTC()
	}
	if err := updateFamily(tx, r, updates); err != nil {
		return err
	}
	before := resourceAudit(r)
	if err := tx.First(r, r.ID).Error; err != nil {
		return err
	}
	return audit(tx, a, r.PartnerID, action, "resource", r.ID, before, resourceAudit(r))
}

// RefundOfOrder (ShowRefundOrderDetails) is the refund of an unsubscribe order the actor may see.
func RefundOfOrder(ctx context.Context, db *gorm.DB, a Actor, orderID uint64) (*Refund, error) {
	o, err := orderFor(db.WithContext(ctx), a, orderID)
	if err != nil {
		return nil, err
	}
	var f Refund
	if err := db.WithContext(ctx).Where("order_id = ?", o.ID).First(&f).Error; err != nil {
		return nil, notFound(err)
	}
	return &f, nil
}

// RefundPart is what a refund gave back of the cash of one order that paid the resource (the
// API's base_order_id): Amount fen.
type RefundPart struct {
	Order  Order
	Amount int64
}

// RefundParts are the refund's parts, one per order whose terms it cut, earliest term first; a
// term paid only by coupons gives a part of 0. The refund is one the caller has read with
// RefundOfOrder.
func RefundParts(ctx context.Context, db *gorm.DB, f *Refund) ([]RefundPart, error) {
	var sums []struct {
		OrderID uint64
		Amount  int64
	}
	err := db.WithContext(ctx).Model(&ResourceTerm{}).Select("order_id, SUM(refunded) AS amount").Where("refund_id = ?", f.ID).
		Group("order_id").Order("MIN(start_at), order_id").Scan(&sums).Error
	if err != nil {
		return nil, err
	}
	out := make([]RefundPart, len(sums))
	for i, s := range sums {
		out[i].Amount = s.Amount
		if err := db.WithContext(ctx).First(&out[i].Order, s.OrderID).Error; err != nil {
			return nil, err
		}
	}
	return out, nil
}
