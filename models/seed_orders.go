package models

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// orders gives the demo world authorizations and orders through the same use cases as the
// console: the provider's sales member is authorized by the demo customer (the walk-through of
// issue 14 starts there) and by a second consignment customer, and waits for a third; the second
// customer's orders are in every status — pending payment, pending review, rejected, cancelled,
// and paid with a coupon and its balance, then completed by the background step, with its
// resources — and an on-demand order is complete at once. The operator reviews orders above
// 20,000 yuan. The demo customer holds no pending order, so that it can still be unbound.
// Deterministic: everything follows from the seed's now.
func (w *demoWorld) orders() error {
	if !w.db.Migrator().HasTable(&Order{}) {
		return nil // a database of version 1 (the adoption test's) has no orders
	}
	ctx := context.Background()
	sales, err := w.actor("provider-sales")
	if err != nil {
		return err
	}
	op, err := w.actor("operator")
	if err != nil {
		return err
	}
	if err := SetOrderSettings(ctx, w.db, op, Fen(2000000), nil, w.now); err != nil {
		return err
	}
	var demo Customer
	if err := w.db.Where("account_name = ?", "demo-customer").First(&demo).Error; err != nil {
		return err
	}
	var others []Customer // the provider's first consignment customers with a coupon to spend
	err = w.db.Where(`partner_id = ? AND mode = ? AND frozen = 0 AND id <> ? AND EXISTS (SELECT 1 FROM coupons k
		WHERE k.customer_id = customers.id AND k.status IN ?)`, w.provider.ID, Consignment, demo.ID, liveStatuses).
		Order("id").Limit(2).Find(&others).Error
	if err != nil || len(others) < 2 {
		return firstErr(err, ErrNotFound)
	}
	if err := w.authorize(sales, demo.ID, true); err != nil {
		return err
	}
	if err := w.authorize(sales, others[0].ID, true); err != nil {
		return err
	}
	if err := w.authorize(sales, others[1].ID, false); err != nil {
		return err
	}
	return w.demoOrders(sales, op, others[0].ID)
}

// authorize has the partner ask the customer for authorization and, if grant, the customer grant it.
func (w *demoWorld) authorize(sales Actor, customerID uint64, grant bool) error {
	ctx := context.Background()
	z, err := RequestAuthorization(ctx, w.db, sales, customerID, nil, w.now.Add(-10*24*time.Hour))
	if err != nil || !grant {
		return err
	}
	_, err = DecideAuthorization(ctx, w.db, Actor{Kind: CustomerUser, CustomerID: customerID, RequestID: "seed"}, z.ID, true, w.now.Add(-9*24*time.Hour))
	return err
}

// demoProduct is a yearly/monthly product of the demo orders.
func demoProduct(rtype, spec string, size int64, periodType, periodNum, quantity int) InquiryProduct {
	st := "hws.service.type.ebs"
	if rtype == "hws.resource.type.vm" {
		st = "hws.service.type.ec2"
	}
	return InquiryProduct{ServiceType: st, ResourceType: rtype, Spec: spec, Region: "cn-north-4", Size: size,
		PeriodType: periodType, PeriodNum: periodNum, Quantity: quantity}
}

func (w *demoWorld) demoOrders(sales, op Actor, customerID uint64) error {
	ctx := context.Background()
	day := 24 * time.Hour
	at := func(days int) time.Time { return w.now.Add(time.Duration(days) * day) }
	order := func(days int, mode ChargeMode, ps ...InquiryProduct) (*Order, error) {
		return CreateOrder(ctx, w.db, sales, OrderInput{CustomerID: customerID, Mode: mode, Products: ps}, at(days))
	}
	disk := demoProduct("hws.resource.type.volume", "GPSSD", 30, PeriodMonth, 5, 1)
	ecs := demoProduct("hws.resource.type.vm", "s6.large.2.linux", 0, PeriodMonth, 1, 1)
	big := demoProduct("hws.resource.type.vm", "s6.xlarge.2.linux", 0, PeriodYear, 3, 3)
	cust := Actor{Kind: CustomerUser, CustomerID: customerID, RequestID: "seed"}

	if _, err := order(-1, ChargePeriod, disk); err != nil { // pending payment
		return err
	}
	if _, err := order(-2, ChargePeriod, big); err != nil { // pending review
		return err
	}
	rejected, err := order(-6, ChargePeriod, big)
	if err != nil {
		return err
	}
	if _, err := ReviewOrder(ctx, w.db, op, rejected.ID, false, at(-5)); err != nil {
		return err
	}
	cancelled, err := order(-4, ChargePeriod, disk)
	if err != nil {
		return err
	}
	if _, err := CancelOrder(ctx, w.db, cust, cancelled.ID, at(-4)); err != nil {
		return err
	}
	paid, err := order(-3, ChargePeriod, ecs, disk)
	if err != nil {
		return err
	}
	var coupon Coupon
	if err := w.db.Where("customer_id = ? AND status IN ?", customerID, liveStatuses).Order("id").First(&coupon).Error; err != nil {
		return err
	}
	_, err = PayOrder(ctx, w.db, cust, PayInput{OrderID: paid.ID, Official: paid.OfficialMoney(), CouponIDs: []uint64{coupon.ID}}, at(-3))
	if err != nil {
		return err
	}
	if _, err := ProcessPaidOrders(ctx, w.db, at(-3), 100); err != nil {
		return err
	}
	onDemand := ecs
	onDemand.PeriodType, onDemand.PeriodNum, onDemand.UsageFactor, onDemand.UsageValue, onDemand.UsageMeasureID = 0, 0, "Duration", decimal.NewFromInt(1), 4
	_, err = order(-2, ChargeOnDemand, onDemand)
	return err
}
