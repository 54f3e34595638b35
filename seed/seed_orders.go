package seed

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// orders gives the demo world authorizations and orders through the same use cases as the
// console: the provider's sales member is authorized by the demo customer (the walk-through of
// issue 14 starts there) and by a second consignment customer, and waits for a third; the second
// customer's orders are in every status — pending payment, pending review, rejected, cancelled,
// and paid with a coupon and its balance, then completed by the background step, with its
// resources — and an on-demand order is complete at once. The operator reviews orders above
// 20,000 yuan. The second customer's resources live their life too (seed_resources.go). The demo
// customer holds no pending order, so that it can still be unbound. A customer of the reseller
// has a disk of its own (otherTenant), another tenant's resource.
// Deterministic: everything follows from the seed's now.
func (w *demoWorld) orders() error {
	if !w.db.Migrator().HasTable(&models.Order{}) {
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
	if err := models.SetOrderSettings(ctx, w.db, op, models.Fen(2000000), nil, w.now); err != nil {
		return err
	}
	var demo models.Customer
	if err := w.db.Where("account_name = ?", "demo-customer").First(&demo).Error; err != nil {
		return err
	}
	var others []models.Customer // the provider's first consignment customers with a coupon to spend
	err = w.db.Where(`partner_id = ? AND mode = ? AND frozen = 0 AND id <> ? AND EXISTS (SELECT 1 FROM coupons k
		WHERE k.customer_id = customers.id AND k.status IN ?)`, w.provider.ID, models.Consignment, demo.ID, []int8{models.CouponNotActivated, models.CouponUsable}).
		Order("id").Limit(2).Find(&others).Error
	if err != nil || len(others) < 2 {
		return firstErr(err, models.ErrNotFound)
	}
	// the demo customer authorized the provider before its first monthly order (seed_bills.go)
	if err := w.authorizeAt(sales, demo.ID, true, demoBillTimes(w.now)[0].Add(-48*time.Hour)); err != nil {
		return err
	}
	if err := w.demoBills(sales, demo.ID); err != nil {
		return err
	}
	if err := w.demoAdjustments(op, demo.ID); err != nil {
		return err
	}
	if err := w.authorize(sales, others[0].ID, true); err != nil {
		return err
	}
	if err := w.authorize(sales, others[1].ID, false); err != nil {
		return err
	}
	if err := w.demoOrders(sales, op, others[0].ID); err != nil {
		return err
	}
	if err := w.demoResources(sales, others[0].ID); err != nil {
		return err
	}
	return w.otherTenant()
}

// authorize has the partner ask the customer for authorization and, if grant, the customer grant it.
func (w *demoWorld) authorize(sales models.Actor, customerID uint64, grant bool) error {
	return w.authorizeAt(sales, customerID, grant, w.now.Add(-10*24*time.Hour))
}

// authorizeAt is authorize asked at a time (and granted a day later).
func (w *demoWorld) authorizeAt(sales models.Actor, customerID uint64, grant bool, at time.Time) error {
	ctx := context.Background()
	z, err := models.RequestAuthorization(ctx, w.db, sales, customerID, nil, at)
	if err != nil || !grant {
		return err
	}
	_, err = models.DecideAuthorization(ctx, w.db, models.Actor{Kind: models.CustomerUser, CustomerID: customerID, RequestID: "seed"}, z.ID, true, at.Add(24*time.Hour))
	return err
}

// demoProduct is a yearly/monthly product of the demo orders.
func demoProduct(rtype, spec string, size int64, periodType, periodNum, quantity int) models.InquiryProduct {
	st := "hws.service.type.ebs"
	if rtype == "hws.resource.type.vm" {
		st = "hws.service.type.ec2"
	}
	return models.InquiryProduct{ServiceType: st, ResourceType: rtype, Spec: spec, Region: "cn-north-4", Size: size,
		PeriodType: periodType, PeriodNum: periodNum, Quantity: quantity}
}

func (w *demoWorld) demoOrders(sales, op models.Actor, customerID uint64) error {
	ctx := context.Background()
	day := 24 * time.Hour
	at := func(days int) time.Time { return w.now.Add(time.Duration(days) * day) }
	order := func(days int, mode models.ChargeMode, ps ...models.InquiryProduct) (*models.Order, error) {
		return models.CreateOrder(ctx, w.db, sales, models.OrderInput{CustomerID: customerID, Mode: mode, Products: ps}, at(days))
	}
	disk := demoProduct("hws.resource.type.volume", "GPSSD", 30, models.PeriodMonth, 5, 1)
	ecs := demoProduct("hws.resource.type.vm", "s6.large.2.linux", 0, models.PeriodMonth, 1, 1)
	big := demoProduct("hws.resource.type.vm", "s6.xlarge.2.linux", 0, models.PeriodYear, 3, 3)
	cust := models.Actor{Kind: models.CustomerUser, CustomerID: customerID, RequestID: "seed"}

	if _, err := order(-1, models.ChargePeriod, disk); err != nil { // pending payment
		return err
	}
	if _, err := order(-2, models.ChargePeriod, big); err != nil { // pending review
		return err
	}
	rejected, err := order(-6, models.ChargePeriod, big)
	if err != nil {
		return err
	}
	if _, err := models.ReviewOrder(ctx, w.db, op, rejected.ID, false, at(-5)); err != nil {
		return err
	}
	cancelled, err := order(-4, models.ChargePeriod, disk)
	if err != nil {
		return err
	}
	if _, err := models.CancelOrder(ctx, w.db, cust, cancelled.ID, at(-4)); err != nil {
		return err
	}
	paid, err := order(-3, models.ChargePeriod, ecs, disk)
	if err != nil {
		return err
	}
	var coupon models.Coupon
	if err := w.db.Where("customer_id = ? AND status IN ?", customerID, []int8{models.CouponNotActivated, models.CouponUsable}).Order("id").First(&coupon).Error; err != nil {
		return err
	}
	_, err = models.PayOrder(ctx, w.db, cust, models.PayInput{OrderID: paid.ID, Official: paid.OfficialMoney(), CouponIDs: []uint64{coupon.ID}}, at(-3))
	if err != nil {
		return err
	}
	if _, err := models.ProcessPaidOrders(ctx, w.db, at(-3), 100); err != nil {
		return err
	}
	onDemand := ecs
	onDemand.PeriodType, onDemand.PeriodNum, onDemand.UsageFactor, onDemand.UsageValue, onDemand.UsageMeasureID = 0, 0, "Duration", decimal.NewFromInt(1), 4
	// and an OBS bucket, rated by the hour for its outbound traffic, storage and requests
	bucket := models.InquiryProduct{ServiceType: "hws.service.type.obs", ResourceType: "hws.resource.type.obs", Spec: "obs.standard",
		Region: "cn-north-4", UsageFactor: "upflow", UsageValue: decimal.NewFromInt(1), UsageMeasureID: 10, Quantity: 1}
	_, err = order(-2, models.ChargeOnDemand, onDemand, bucket)
	return err
}
