package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"partnerhub/models"
)

// A large world's orders, generated along its ledger history (seedLedger) so that a paid order's
// payment is one of the ledger's transfers, made when the customer's balance covered it (its partner allocating first if need be), and
// `partnerhub check` holds. Of the orders: about 25% yearly/monthly and paid (a customer short of
// the money lets its order be cancelled instead), 15% on demand, a few pending review or payment
// (only recent ones: older ones were cancelled by the payment sweep, as in the console), the rest
// cancelled. Completed orders created their resources as the order step does — an ECS with its
// system disk, each paid period a term — and each resource is in the status its expiry gives
// today: in use, expired (in its grace period), frozen, or closed; one in ten of those in use
// renews itself. Each ordering customer authorized its partner before its first order. A paid
// order is billed (a fee record, its monthly sum) as the payment would bill it. The
// generated orders and resources have no audit records, like the generated transfers.

// seedProduct is a product the generated orders buy, priced once by the inquiry at the seed's now.
type seedProduct struct {
	p    models.InquiryProduct
	line models.QuoteLine
	mode models.ChargeMode
	fen  int64 // the official price of one, rounded (0 on demand)
}

// orderSim is the orders' part of the ledger simulation: the ids it hands out, the products, the
// customers that authorized their partner, and the partners' masters.
type orderSim struct {
	now                                       time.Time
	period, onDemand                          []seedProduct
	authorized                                map[uint64]uint64 // customer id → its authorization
	sums                                      map[monthlyKey]*models.MonthlySum
	topOf                                     map[uint64]uint64 // partner id → its master distributor, or itself
	order, line, resource, term, authorizedID uint64            // the last ids written
}

var (
	authorizationCols = []string{"id", "partner_id", "customer_id", "association_id", "status", "requested_by", "requested_at", "decided_at"}
	orderCols         = []string{"id", "partner_id", "top_partner_id", "customer_id", "authorization_id", "type", "charge_mode", "status",
		"version", "priced_at", "official", "cash", "payment_transfer_id", "created_by", "pending_payment_end_time", "paid_at",
		"completed_at", "cancelled_at", "created_at", "service_type"}
	lineCols = []string{"id", "order_id", "line_no", "service_type", "resource_type", "spec", "region", "zone", "size",
		"period_type", "period_num", "quantity", "unit_price", "price_version", "official", "mode", "created_at"}
	resourceCols = []string{"id", "public_id", "order_id", "line_id", "parent_id", "partner_id", "customer_id", "service_type",
		"resource_type", "spec", "region", "zone", "size", "charge_mode", "status", "expire_policy", "effective_at", "expire_at",
		"created_at", "auto_renew_period", "closed_at"}
	termCols = []string{"id", "resource_id", "order_id", "line_id", "start_at", "end_at", "cash", "created_at"}
	feeCols  = []string{"customer_id", "partner_id", "top_partner_id", "bill_cycle", "trade_time", "order_id", "line_id", "bill_type",
		"service_type", "resource_type", "resource_id", "region", "charge_mode", "period_type", "official", "cash", "created_at"}
)

// monthlyKey is a monthly sum's key.
type monthlyKey struct {
	customerID     uint64
	cycle, service string
}

func newOrderSim(tx *gorm.DB, now time.Time) (*orderSim, error) {
	o := &orderSim{now: now, authorized: map[uint64]uint64{}, topOf: map[uint64]uint64{}, sums: map[monthlyKey]*models.MonthlySum{}}
	var partners []models.Partner
	if err := tx.Find(&partners).Error; err != nil {
		return nil, err
	}
	for i := range partners {
		o.topOf[partners[i].ID] = partners[i].TopPartnerID()
	}
	for _, q := range []struct {
		table string
		last  *uint64
	}{{"orders", &o.order}, {"order_lines", &o.line}, {"resources", &o.resource}, {"resource_terms", &o.term}, {"order_authorizations", &o.authorizedID}} {
		if err := tx.Table(q.table).Select("COALESCE(MAX(id), 0)").Scan(q.last).Error; err != nil {
			return nil, err
		}
	}
	return o, o.price(tx)
}

// price quotes the products the orders buy at the seed's now (the price list's last version).
func (o *orderSim) price(tx *gorm.DB) error {
	vm, disk := "hws.resource.type.vm", "hws.resource.type.volume"
	for _, p := range []models.InquiryProduct{
		demoProduct(vm, "s6.large.2.linux", 0, models.PeriodMonth, 1, 1),
		demoProduct(vm, "s6.xlarge.2.linux", 0, models.PeriodYear, 1, 1),
		demoProduct(disk, "GPSSD", 100, models.PeriodMonth, 1, 1),
		demoProduct(disk, "GPSSD", 30, models.PeriodMonth, 5, 1),
		demoProduct(disk, "SAS", 200, models.PeriodYear, 1, 1),
	} {
		sp, err := quoteProduct(tx, models.ChargePeriod, p)
		if err != nil {
			return err
		}
		o.period = append(o.period, sp)
	}
	for _, p := range []models.InquiryProduct{demoProduct(vm, "s6.large.2.linux", 0, 0, 0, 1), demoProduct(disk, "GPSSD", 100, 0, 0, 1)} {
		p.UsageFactor, p.UsageValue, p.UsageMeasureID = "Duration", decimal.NewFromInt(1), 4
		sp, err := quoteProduct(tx, models.ChargeOnDemand, p)
		if err != nil {
			return err
		}
		o.onDemand = append(o.onDemand, sp)
	}
	return nil
}

func quoteProduct(tx *gorm.DB, mode models.ChargeMode, p models.InquiryProduct) (seedProduct, error) {
	p.ID = "1"
	q, err := models.Inquire(context.Background(), tx, models.Actor{Kind: models.OperatorUser, RequestID: "seed"},
		models.Inquiry{Mode: mode, Products: []models.InquiryProduct{p}})
	if err != nil {
		return seedProduct{}, fmt.Errorf("seed: pricing %s %s: %w", p.ResourceType, p.Spec, err)
	}
	return seedProduct{p: p, line: q.Lines[0], mode: mode, fen: q.Official.Shift(2).IntPart()}, nil
}

// order is the order event at at: one order of a customer, with its payment, its resources.
func (s *ledgerSim) order(at time.Time, b *ledgerRows) {
	o, c := s.orders, s.customer()
	switch r := s.rng.IntN(100); {
	case r < 25:
		p := o.period[s.rng.IntN(len(o.period))]
		acct := s.account(0, c.ID)
		if s.balance[acct] < p.fen {
			s.emit(s.allocate(c, at), b) // the partner allocates first; if that is still short, the order is cancelled
		}
		if s.balance[acct] < p.fen {
			o.add(s, b, c, p, models.OrderCancelled, at, nil)
			return
		}
		o.add(s, b, c, p, models.OrderCompleted, at, func(created time.Time) uint64 {
			t := s.move(models.KindOrderPayment, s.account(0, c.ID), s.revenue, p.fen, 0, c.ID, s.actorOf[c.PartnerID], at)
			t.PartnerID, t.IdempotencyKey, t.RequestHash = nil, nil, "" // a customer's spending, as payCash posts it
			t.Memo = "order " + (&models.Order{ID: o.order, CreatedAt: created}).OrderID()
			return s.emit(t, b).ID
		})
	case r < 40:
		o.add(s, b, c, o.onDemand[s.rng.IntN(len(o.onDemand))], models.OrderCompleted, at, nil)
	case r < 42 && o.now.Sub(at) < 30*24*time.Hour:
		o.add(s, b, c, o.period[s.rng.IntN(len(o.period))], models.OrderPendingReview, at, nil)
	case r < 46 && o.now.Sub(at) < models.PaymentWindow:
		o.add(s, b, c, o.period[s.rng.IntN(len(o.period))], models.OrderPendingPayment, at, nil)
	default:
		o.add(s, b, c, o.period[s.rng.IntN(len(o.period))], models.OrderCancelled, at, nil)
	}
}

// add writes an order of one product in status, placed ten minutes before at; pay, for a paid
// order, posts its payment at at and returns the transfer.
func (o *orderSim) add(s *ledgerSim, b *ledgerRows, c seedFundable, p seedProduct, status int8, at time.Time, pay func(created time.Time) uint64) {
	created, actor := at.Add(-10*time.Minute).UTC(), s.actorOf[c.PartnerID]
	auth := o.authorize(b, c, actor, created)
	o.order++
	var cash int64
	var transfer any
	var ends, paid, completed, cancelled any
	switch status {
	case models.OrderPendingPayment:
		ends = created.Add(models.PaymentWindow)
	case models.OrderCancelled:
		cancelled = created.Add(models.PaymentWindow)
		if o.now.Sub(created) < models.PaymentWindow {
			cancelled = at.UTC() // cancelled by hand
		}
	case models.OrderCompleted:
		completed = at.Add(time.Minute).UTC()
		if pay != nil {
			cash, transfer, paid = p.fen, pay(created), at.UTC()
		}
	}
	b.orders = append(b.orders, o.order, c.PartnerID, o.topOf[c.PartnerID], c.ID, auth, models.OrderNew, p.mode, status,
		1, created, p.fen, cash, transfer, actor, ends, paid, completed, cancelled, created, p.p.ServiceType)
	o.line++
	b.lines = append(b.lines, o.line, o.order, 1, p.p.ServiceType, p.p.ResourceType, p.p.Spec, p.p.Region, p.p.Zone, p.p.Size,
		p.p.PeriodType, p.p.PeriodNum, p.p.Quantity, p.line.UnitPrice, p.line.VersionID, p.fen, p.line.Mode, created)
	if status != models.OrderCompleted {
		return
	}
	order := &models.Order{ID: o.order, PartnerID: c.PartnerID, CustomerID: c.ID, ChargeMode: p.mode}
	line := &models.OrderLine{ID: o.line, LineNo: 1, ServiceType: p.p.ServiceType, ResourceType: p.p.ResourceType, Spec: p.p.Spec,
		Region: p.p.Region, Zone: p.p.Zone, Size: p.p.Size, PeriodType: p.p.PeriodType, PeriodNum: p.p.PeriodNum, Quantity: 1}
	r, disk := models.LineResource(order, line, 1, at.Add(time.Minute).UTC())
	if pay != nil {
		o.bill(b, c, p, r.PublicID, at.UTC())
	}
	o.resources(s, b, r, disk, cash)
}

// bill is the paid order's fee record (a new purchase, all in cash) and its part of the
// customer's monthly sum, as postFeeRecords writes them when an order is paid.
func (o *orderSim) bill(b *ledgerRows, c seedFundable, p seedProduct, resourceID string, at time.Time) {
	cycle := models.BillCycleOf(at)
	b.fees = append(b.fees, c.ID, c.PartnerID, o.topOf[c.PartnerID], cycle, at, o.order, o.line, models.BillNew, p.p.ServiceType,
		p.p.ResourceType, resourceID, p.p.Region, p.mode, models.BillPeriod(p.p.PeriodType), p.fen, p.fen, at)
	k := monthlyKey{c.ID, cycle, p.p.ServiceType}
	m := o.sums[k]
	if m == nil {
		m = &models.MonthlySum{CustomerID: c.ID, BillCycle: cycle, ServiceType: p.p.ServiceType, ChargeMode: p.mode, BillType: models.BillNew}
		o.sums[k] = m
	}
	m.Amount, m.Cash, m.Count, m.UpdatedAt = m.Amount+p.fen, m.Cash+p.fen, m.Count+1, at
}

// saveSums writes the monthly sums of the generated bills, added to those the demo world had
// for the same keys (new purchases of yearly/monthly products).
func (o *orderSim) saveSums(tx *gorm.DB) error {
	var demo []models.MonthlySum
	if err := tx.Find(&demo).Error; err != nil {
		return err
	}
	for _, d := range demo {
		m := o.sums[monthlyKey{d.CustomerID, d.BillCycle, d.ServiceType}]
		if m == nil || d.ChargeMode != m.ChargeMode || d.BillType != m.BillType {
			continue
		}
		m.Amount, m.Cash, m.Coupon, m.Debt, m.Discount, m.Count = m.Amount+d.Amount, m.Cash+d.Cash, m.Coupon+d.Coupon, m.Debt+d.Debt,
			m.Discount+d.Discount, m.Count+d.Count
		if err := tx.Delete(&models.MonthlySum{}, d.ID).Error; err != nil {
			return err
		}
	}
	keep := make([]models.MonthlySum, 0, len(o.sums))
	for _, m := range o.sums {
		keep = append(keep, *m)
	}
	return tx.CreateInBatches(keep, 500).Error
}

// authorize is the customer's authorization of its partner, granted the day before its first order.
func (o *orderSim) authorize(b *ledgerRows, c seedFundable, actor uint64, at time.Time) uint64 {
	if id, ok := o.authorized[c.ID]; ok {
		return id
	}
	o.authorizedID++
	o.authorized[c.ID] = o.authorizedID
	b.authorizations = append(b.authorizations, o.authorizedID, c.PartnerID, c.ID, c.AssociationID, models.AuthGranted, actor,
		at.Add(-24*time.Hour), at.Add(-23*time.Hour))
	return o.authorizedID
}

// resources writes what the completed order's step created (models.LineResource: the product's
// resource, an ECS with its system disk), each in the status its expiry gives today, and the first
// term paid by the order's cash.
func (o *orderSim) resources(s *ledgerSim, b *ledgerRows, r models.Resource, disk *models.Resource, cash int64) {
	o.resource++
	r.ID = o.resource
	if e := r.ExpireAt; e != nil {
		switch since := o.now.Sub(*e); {
		case since >= models.GracePeriod+models.RetentionPeriod:
			closed := e.Add(models.GracePeriod + models.RetentionPeriod)
			r.Status, r.ClosedAt = models.ResourceClosed, &closed
		case since >= models.GracePeriod:
			r.Status = models.ResourceFrozen
		case since >= 0:
			r.Status = models.ResourceExpired
		case s.rng.IntN(10) == 0:
			r.ExpirePolicy, r.AutoRenewPeriod = models.ExpireAutoRenew, int8(models.PeriodMonth)
		}
		o.term++
		b.terms = append(b.terms, o.term, r.ID, r.OrderID, r.LineID, r.EffectiveAt, *e, cash, r.CreatedAt)
	}
	resourceRow(b, &r)
	if disk == nil {
		return
	}
	o.resource++
	disk.ID, disk.ParentID = o.resource, &r.ID
	disk.Status, disk.ExpirePolicy, disk.AutoRenewPeriod, disk.ClosedAt = r.Status, r.ExpirePolicy, r.AutoRenewPeriod, r.ClosedAt
	resourceRow(b, disk)
}

// resourceRow adds r's values in resourceCols' order.
func resourceRow(b *ledgerRows, r *models.Resource) {
	b.resources = append(b.resources, r.ID, r.PublicID, r.OrderID, r.LineID, r.ParentID, r.PartnerID, r.CustomerID, r.ServiceType,
		r.ResourceType, r.Spec, r.Region, r.Zone, r.Size, r.ChargeMode, r.Status, r.ExpirePolicy, r.EffectiveAt, r.ExpireAt,
		r.CreatedAt, r.AutoRenewPeriod, r.ClosedAt)
}
