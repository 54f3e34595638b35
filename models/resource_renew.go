package models

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Renewing a resource (RenewalResources, ListRenewRateOnPeriod): a renewal order (type 2) for a
// main resource, priced at today's prices, paid like any order or at once from the balance, and
// applied by the order step (extendResources), which moves the expiry of the resource and its
// attached ones.

// renewalProduct is the inquiry of renewing a main resource for a period.
func renewalProduct(r *Resource, periodType, n int) InquiryProduct {
	return InquiryProduct{ID: "1", ServiceType: r.ServiceType, ResourceType: r.ResourceType, Spec: r.Spec, Region: r.Region,
		Zone: r.Zone, Size: r.Size, PeriodType: periodType, PeriodNum: n, Quantity: 1}
}

// renewalPrice prices renewing the resource at today's prices, with its customer's discounts. The
// domain reads the prices on the customer's behalf, as a payment does (a customer may not inquire).
func renewalPrice(ctx context.Context, db *gorm.DB, r *Resource, periodType, n int, now time.Time) (*Quote, error) {
	return Inquire(ctx, db, Actor{Kind: OperatorUser}, Inquiry{At: now, CustomerID: r.CustomerID, Mode: ChargePeriod,
		Products: []InquiryProduct{renewalProduct(r, periodType, n)}})
}

// RenewalQuote (ListRenewRateOnPeriod) is the price of renewing one of the actor's main resources
// for a period: official, and each discount the customer has. It refuses what RenewResources
// refuses, with the same error (lifeResource): a closed, attached or on-demand resource, or one
// with an order open, has no renewal to price.
func RenewalQuote(ctx context.Context, db *gorm.DB, a Actor, resourceID string, periodType, n int, now time.Time) (*Quote, error) {
	_, q, err := renewalQuoteOf(ctx, db, a, resourceID, periodType, n, now)
	return q, err
}

func renewalQuoteOf(ctx context.Context, db *gorm.DB, a Actor, resourceID string, periodType, n int, now time.Time) (*Resource, *Quote, error) {
	if err := CheckPeriod(periodType, n); err != nil {
		return nil, nil, err
	}
	if err := mayActOnResources(a); err != nil {
		return nil, nil, err
	}
	r, err := lifeResource(db.WithContext(ctx), a, resourceID)
	if err != nil {
		return nil, nil, err
	}
	q, err := renewalPrice(ctx, db, r, periodType, n, now)
	return r, q, err
}

// RenewalPreview is what renewing a main resource for a period would come to, before anything is
// made: its quote (official, each offer, the best), what paying it at once takes from the
// customer's balance (Cash: the best offer, as RenewResources' AutoPay pays it), the balance and
// what it lacks of that (Missing, zero when it suffices), and the coupons a renewal left pending
// payment may be paid with (usable now and in scope of the resource's service type).
type RenewalPreview struct {
	Resource *Resource
	Quote    *Quote
	Cash     Money
	Balance  Money
	Missing  Money
	Coupons  []Coupon
}

// PreviewRenewal answers what RenewResources would price and take for one main resource, by its
// rules (RenewalQuote's refusals) and arithmetic (bestDue), without writing.
func PreviewRenewal(ctx context.Context, db *gorm.DB, a Actor, resourceID string, periodType, n int, now time.Time) (*RenewalPreview, error) {
	r, q, err := renewalQuoteOf(ctx, db, a, resourceID, periodType, n, now)
	if err != nil {
		return nil, err
	}
	d, err := bestDue(q, r.ServiceType)
	if err != nil {
		return nil, err
	}
	p := &RenewalPreview{Resource: r, Quote: q, Cash: Fen(d.cash()), Missing: Fen(0)}
	if p.Balance, err = CustomerBalance(ctx, db, r.CustomerID); err != nil {
		return nil, err
	}
	if short := d.cash() - p.Balance.Shift(2).IntPart(); short > 0 {
		p.Missing = Fen(short)
	}
	p.Coupons, err = payableCoupons(db.WithContext(ctx), r.CustomerID, "", []string{r.ServiceType}, now)
	return p, err
}

// RenewInput is a renewal of up to 10 main resources (RenewalResources) for one period each.
type RenewInput struct {
	ResourceIDs []string
	PeriodType  int
	PeriodNum   int
	AutoPay     bool // pay at once from the customer's balance (is_auto_pay)
	// IdempotencyKey (the API's X-Idempotency-Key, "" for none): a retry under it gets the same
	// orders back and renews nothing again (resource_keyed.go).
	IdempotencyKey string
}

// RenewResources renews main resources (RenewalResources): a renewal order (type 2) per resource,
// priced at today's prices, for the resource and its attached ones. Without AutoPay the order
// waits for payment like any other (PayOrder, with coupons and a discount); with it, the order is
// paid at once from the customer's balance, with the customer's best discount, in the same
// transaction: not enough balance refuses it with what is missing and nothing is made. A paid
// renewal moves the expiry when ProcessPaidOrders applies it. Refused per resource: an attached
// one, a closed one, an on-demand one, one with an order open; another's is not found.
func RenewResources(ctx context.Context, db *gorm.DB, a Actor, in RenewInput, now time.Time) (*LifeResult, error) {
	if err := CheckPeriod(in.PeriodType, in.PeriodNum); err != nil {
		return nil, err
	}
	if err := mayActOnResources(a); err != nil {
		return nil, err
	}
	if err := checkKey(in.IdempotencyKey); err != nil {
		return nil, err
	}
	k := keyedLife{a: a, key: in.IdempotencyKey, ids: in.ResourceIDs,
		hash: requestHash("renew_resources", in.ResourceIDs, in.PeriodType, in.PeriodNum, in.AutoPay)}
	return perResource(in.ResourceIDs, func(id string) (*Order, error) {
		return renewOne(ctx, db, a, id, in, k, now)
	})
}

func renewOne(ctx context.Context, db *gorm.DB, a Actor, id string, in RenewInput, k keyedLife, now time.Time) (*Order, error) {
	if o, err := k.answered(db.WithContext(ctx), id); o != nil || err != nil {
		return o, err
	}
	r, err := lifeResource(db.WithContext(ctx), a, id)
	if err != nil {
		return nil, err
	}
	q, err := renewalPrice(ctx, db, r, in.PeriodType, in.PeriodNum, now) // a price inquiry: read before the money line
	if err != nil {
		return nil, err
	}
	var o *Order
	err = store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		if o, err = k.answered(tx, id); o != nil || err != nil { // a concurrent first attempt made it
			return err
		}
		r, err := lifeResource(tx, a, id) // again, in the money line: it may have changed
		if err != nil {
			return err
		}
		authID, err := onBehalf(tx, a, r.CustomerID, now)
		if err != nil {
			return err
		}
		var l *OrderLine
		if o, l, err = insertRenewal(tx, a, r, authID, q, in.PeriodType, in.PeriodNum, now); err != nil {
			return err
		}
		if in.AutoPay {
			if o, err = payNow(tx, a, o, l, q, BillRenew, now); err != nil {
				return err
			}
		}
		return k.record(tx, id, o)
	})
	return o, err
}

// insertRenewal writes a renewal order pending payment, with its one line naming the resource.
func insertRenewal(tx *gorm.DB, a Actor, r *Resource, authID uint64, q *Quote, periodType, n int, now time.Time) (*Order, *OrderLine, error) {
	now = now.UTC()
	official, err := amountFenOrZero(q.Official)
	if err != nil {
		return nil, nil, err
	}
	top, err := resourceTopPartner(tx, r)
	if err != nil {
		return nil, nil, err
	}
	end := now.Add(PaymentWindow)
	o := &Order{PartnerID: r.PartnerID, TopPartnerID: top, CustomerID: r.CustomerID, AuthorizationID: authID, Type: OrderRenew,
		ChargeMode: ChargePeriod, Status: OrderPendingPayment, Version: 1, PricedAt: q.At.UTC(), Official: official, CreatedBy: a.UserID,
		PendingPaymentEndTime: &end, CreatedAt: now, ServiceType: r.ServiceType}
	if err := tx.Create(o).Error; err != nil {
		return nil, nil, err
	}
	ql := q.Lines[0]
	l := OrderLine{OrderID: o.ID, LineNo: 1, ServiceType: r.ServiceType, ResourceType: r.ResourceType, Spec: r.Spec, Region: r.Region,
		Zone: r.Zone, Size: r.Size, PeriodType: periodType, PeriodNum: n, Quantity: 1, UnitPrice: ql.UnitPrice, PriceVersion: ql.VersionID,
		Official: official, Mode: ql.Mode, CreatedAt: now, ResourceID: &r.ID}
	if err := tx.Create(&l).Error; err != nil {
		return nil, nil, err
	}
	return o, &l, audit(tx, a, o.PartnerID, "order.renew", "order", o.ID, nil, orderAudit(o))
}

// resourceTopPartner is the master distributor (or the partner itself) the resource's orders belong to.
func resourceTopPartner(tx *gorm.DB, r *Resource) (uint64, error) {
	var c Customer
	if err := tx.Select("id, top_partner_id").First(&c, r.CustomerID).Error; err != nil {
		return 0, err
	}
	if c.TopPartnerID != nil {
		return *c.TopPartnerID, nil
	}
	var p Partner
	if err := tx.First(&p, r.PartnerID).Error; err != nil {
		return 0, err
	}
	return topPartnerOf(&p), nil
}

// payNow pays a renewal order just made from the customer's balance, through the payment's own
// steps (payInTx): the customer's best discount of the quote, no coupon; it is billed as billType
// (a renewal, or an auto-renewal). l is its one line, just written.
func payNow(tx *gorm.DB, a Actor, o *Order, l *OrderLine, q *Quote, billType int8, now time.Time) (*Order, error) {
	d, err := bestDue(q, l.ServiceType)
	if err != nil {
		return nil, err
	}
	d.lines = []OrderLine{*l}
	return payInTx(tx, a, PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, d, "", "", billType, now)
}

// bestDue is what a renewal of one line of the service type costs with the customer's best offer.
func bestDue(q *Quote, serviceType string) (*due, error) {
	var best *Offer
	if q.Best >= 0 {
		best = &q.Offers[q.Best]
	}
	return dueOf(q, best, []string{serviceType})
}

// extendResources applies a paid renewal order: each line's resource (and its attached ones)
// expires one period later than it did, from its old expiry (a renewal in the grace period pays
// for the days already past), and is in use again if that is still to come.
func extendResources(tx *gorm.DB, o *Order, lines []OrderLine, now time.Time) error {
	cash, err := lineCash(tx, o, lines)
	if err != nil {
		return err
	}
	for i := range lines {
		l := &lines[i]
		if l.ResourceID == nil {
			return errors.New("models: renewal line " + strconv.FormatUint(l.ID, 10) + " names no resource")
		}
		var r Resource
		if err := tx.First(&r, *l.ResourceID).Error; err != nil {
			return err
		}
		if r.Status == ResourceClosed || r.ExpireAt == nil {
			return ErrResourceClosed // cannot happen: a closed resource's renewals are refused
		}
		start := r.ExpireAt.UTC()
		end := addPeriod(start, l.PeriodType, l.PeriodNum)
		if err := addTerm(tx, &r, o, l, start, end, cash[i], now); err != nil {
			return err
		}
		if err := moveExpiry(tx, sweepActor, &r, end, now, "resource.renew"); err != nil {
			return err
		}
	}
	return nil
}

// moveExpiry sets the expiry of a main resource and its attached ones, in use again when the new
// expiry is still to come (no deduction of an expired one then waits), and audits it.
func moveExpiry(tx *gorm.DB, a Actor, r *Resource, end, now time.Time, action string) error {
	updates := map[string]any{"expire_at": end.UTC()}
	if end.After(now) && r.Status != ResourceClosed {
		updates["status"], updates["auto_renew_at"] = ResourceInUse, nil
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

// renewalPayable refuses paying a renewal order whose resource was closed meanwhile (the sweep
// closes a frozen resource after its retention, whatever orders wait for it). It answers the
// public ids of the resources the lines name, by id, which their bill lines show.
func renewalPayable(tx *gorm.DB, o *Order, lines []OrderLine) (map[uint64]string, error) {
	if o.Type != OrderRenew {
		return nil, nil
	}
	var ids []uint64
	for _, l := range lines {
		if l.ResourceID != nil {
			ids = append(ids, *l.ResourceID)
		}
	}
	var rs []Resource
	if err := tx.Select("id, public_id, status").Where("id IN ?", ids).Find(&rs).Error; err != nil {
		return nil, err
	}
	publicIDs := make(map[uint64]string, len(rs))
	for _, r := range rs {
		if r.Status == ResourceClosed {
			return nil, ErrResourceClosed
		}
		publicIDs[r.ID] = r.PublicID
	}
	if len(publicIDs) != len(uniq(ids)) {
		return nil, ErrResourceClosed
	}
	return publicIDs, nil
}
