package seed

import (
	"context"
	"time"

	"partnerhub/models"
)

// demoBills gives the demo customer three closed cycles of bills and the running one: each month
// the provider's sales member orders a month of an ECS and a disk for it, paid from its balance
// and completed, through the same use cases as the console, at that month's time. The resources of
// past months have expired since; the resource sweep of serve moves them on. The orders are placed
// after the customer's authorization, which the seed grants two days before the first.
func (w *demoWorld) demoBills(sales models.Actor, customerID uint64) error {
	ctx := context.Background()
	cust := models.Actor{Kind: models.CustomerUser, CustomerID: customerID, RequestID: "seed"}
	ecs := demoProduct("hws.resource.type.vm", "s6.large.2.linux", 0, models.PeriodMonth, 1, 1)
	disk := demoProduct("hws.resource.type.volume", "GPSSD", 40, models.PeriodMonth, 1, 1)
	for _, at := range demoBillTimes(w.now) {
		o, err := models.CreateOrder(ctx, w.db, sales, models.OrderInput{CustomerID: customerID, Mode: models.ChargePeriod,
			Products: []models.InquiryProduct{ecs, disk}}, at)
		if err != nil {
			return err
		}
		if _, err := models.PayOrder(ctx, w.db, cust, models.PayInput{OrderID: o.ID, Official: o.OfficialMoney()}, at.Add(time.Hour)); err != nil {
			return err
		}
		if _, err := models.ProcessPaidOrders(ctx, w.db, at.Add(time.Hour), 100); err != nil {
			return err
		}
	}
	return nil
}

// demoBillTimes are the times of the demo customer's monthly orders: the 10th of each of the three
// months before now's (10:00, Asia/Shanghai) and, in the running month, a day before now (or its
// first hour, early in the month).
func demoBillTimes(now time.Time) []time.Time {
	t := now.In(models.BusinessZone)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, models.BusinessZone)
	var out []time.Time
	for i := 3; i >= 1; i-- {
		out = append(out, first.AddDate(0, -i, 9).Add(10*time.Hour).UTC())
	}
	running := now.Add(-24 * time.Hour)
	if running.Before(first) {
		running = first.Add(time.Hour)
	}
	return append(out, running.UTC())
}

// demoAdjustments puts the operator's two adjustments on the demo customer's bill of the previous
// cycle, so its bills show both kinds: a compensation (bill type 9) for an outage and a deduction
// (16) of hours the meter missed, both with their reasons, as /ops/bills/adjust makes them.
func (w *demoWorld) demoAdjustments(op models.Actor, customerID uint64) error {
	ctx, cycle := context.Background(), models.Cycles(w.now, 2)[1]
	for _, in := range []models.AdjustInput{
		{Kind: models.BillCompensation, Amount: models.Fen(2000), ServiceType: "hws.service.type.ebs", Reason: "云硬盘故障补偿 Compensation for a disk outage"},
		{Kind: models.BillDeduction, Amount: models.Fen(880), ServiceType: "hws.service.type.ec2", Reason: "补收漏计的云主机时长 Server hours the meter missed"},
	} {
		in.CustomerID, in.Cycle = customerID, cycle
		if _, err := models.AdjustBill(ctx, w.db, op, in, w.now); err != nil {
			return err
		}
	}
	return nil
}
