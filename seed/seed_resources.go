package seed

import (
	"context"
	"time"

	"partnerhub/models"
)

// demoResources gives the orders' customer resources in every status of their life, through the
// same use cases as the console and the background steps: disks bought one month long 35, 40, 50
// and 70 days ago, the first renewing itself (the sweep renews it from the balance today), the
// others expired (in their grace period), frozen and closed by the sweep; a disk bought 20 days
// ago and unsubscribed yesterday, with its refund; the ECS of the completed order renewing itself
// monthly, and its 5-month disk renewed by hand for a month. Deterministic: all follows from now.
func (w *demoWorld) demoResources(sales models.Actor, customerID uint64) error {
	ctx := context.Background()
	cust := models.Actor{Kind: models.CustomerUser, CustomerID: customerID, RequestID: "seed"}
	at := func(days int) time.Time { return w.now.Add(time.Duration(days) * 24 * time.Hour) }
	disk := func(size int64, months int) models.InquiryProduct {
		return demoProduct("hws.resource.type.volume", "GPSSD", size, models.PeriodMonth, months, 1)
	}
	var err error
	bought := map[int]*models.Resource{}
	for _, days := range []int{-35, -40, -50, -70} {
		if bought[days], err = w.buy(sales, cust, customerID, at(days), disk(10, 1)); err != nil {
			return err
		}
	}
	if _, err := models.SetAutoRenew(ctx, w.db, cust, bought[-35].PublicID, models.PeriodMonth, 0, at(-34)); err != nil {
		return err
	}
	if _, err := models.SweepResources(ctx, w.db, w.now, 1000); err != nil {
		return err
	}
	gone, err := w.buy(sales, cust, customerID, at(-20), disk(30, 5))
	if err != nil {
		return err
	}
	_, err = models.Unsubscribe(ctx, w.db, cust, models.UnsubscribeInput{ResourceIDs: []string{gone.PublicID}, Type: models.UnsubscribeResource,
		ReasonType: 1, Reason: "容量规划调整，改用更大的磁盘"}, at(-1))
	if err != nil {
		return err
	}
	return w.renewCompleted(sales, customerID)
}

// buy orders the product on the customer's behalf at t, pays it from the balance and has the
// order step create its resource.
func (w *demoWorld) buy(sales, cust models.Actor, customerID uint64, t time.Time, p models.InquiryProduct) (*models.Resource, error) {
	ctx := context.Background()
	o, err := models.CreateOrder(ctx, w.db, sales, models.OrderInput{CustomerID: customerID, Mode: models.ChargePeriod, Products: []models.InquiryProduct{p}}, t)
	if err != nil {
		return nil, err
	}
	if _, err := models.PayOrder(ctx, w.db, cust, models.PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, t); err != nil {
		return nil, err
	}
	if _, err := models.ProcessPaidOrders(ctx, w.db, t, 100); err != nil {
		return nil, err
	}
	rs, err := models.OrderResources(ctx, w.db, cust, o.ID)
	if err != nil || len(rs) == 0 {
		return nil, firstErr(err, models.ErrNotFound)
	}
	return &rs[0], nil
}

// renewCompleted: the completed order's ECS renews itself monthly, and its disk is renewed by
// the partner for a month, paid from the balance at once and applied by the order step.
func (w *demoWorld) renewCompleted(sales models.Actor, customerID uint64) error {
	ctx := context.Background()
	var rs []models.Resource
	err := w.db.Where("customer_id = ? AND parent_id IS NULL AND status = ? AND order_id = (SELECT MIN(order_id) FROM resources WHERE customer_id = ?)",
		customerID, models.ResourceInUse, customerID).Order("id").Find(&rs).Error
	if err != nil || len(rs) < 2 {
		return firstErr(err, models.ErrNotFound)
	}
	if _, err := models.SetAutoRenew(ctx, w.db, sales, rs[0].PublicID, models.PeriodMonth, 0, w.now.Add(-2*24*time.Hour)); err != nil {
		return err
	}
	in := models.RenewInput{ResourceIDs: []string{rs[1].PublicID}, PeriodType: models.PeriodMonth, PeriodNum: 1, AutoPay: true}
	if _, err := models.RenewResources(ctx, w.db, sales, in, w.now.Add(-time.Hour)); err != nil {
		return err
	}
	_, err = models.ProcessPaidOrders(ctx, w.db, w.now.Add(-time.Hour), 100)
	return err
}

// otherTenant gives a consignment customer of the reseller (a tier-2 partner of the distributor)
// a disk of its own, ordered by the reseller with the customer's authorization and paid from the
// balance the reseller allocated it, so that tenant isolation shows in the demo: the reseller
// and its master distributor see it, the provider and the demo customer never do.
func (w *demoWorld) otherTenant() error {
	reseller, err := w.actor("reseller")
	if err != nil {
		return err
	}
	var c models.Customer
	err = w.db.Where(`partner_id = ? AND mode = ? AND frozen = 0 AND EXISTS (SELECT 1 FROM accounts a
		WHERE a.kind = ? AND a.customer_id = customers.id AND a.balance >= ?)`, w.resellers[0].ID, models.Consignment, models.CustomerAccount, 100000).
		Order("id DESC").First(&c).Error // the last: the first is the tests' (an authorization of its own)
	if err != nil {
		return err
	}
	if err := w.authorize(reseller, c.ID, true); err != nil {
		return err
	}
	cust := models.Actor{Kind: models.CustomerUser, CustomerID: c.ID, RequestID: "seed"}
	disk := demoProduct("hws.resource.type.volume", "GPSSD", 100, models.PeriodMonth, 3, 1)
	_, err = w.buy(reseller, cust, c.ID, w.now.Add(-8*24*time.Hour), disk) // the day after the grant
	return err
}
