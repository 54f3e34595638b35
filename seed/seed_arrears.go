package seed

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// DemoArrearsUser is the demo sign-in of the customer that falls into arrears: a consignment
// customer of the provider (one of its verified ones, without coupons, past the first twenty the
// seed funds) with a sign-in of its own, an on-demand ECS running since a day and a half before
// now, and a balance of 5.00 yuan. The seed rates nothing: the server's usage rating (serve rates
// the last day's hours at start, then each hour) prices its hours from the balance until it runs
// out, and the rest becomes arrears with the grace period (7 days) — within the first hours of
// `make run`. The customer's portal shows the usage, the arrears and the grace period; the
// provider's allocation pays the arrears first and unfreezes what the grace period froze.
const DemoArrearsUser = "customer-arrears"

// demoArrearsBalance is what the arrears customer holds before its usage is rated (fen).
const demoArrearsBalance = 500

func (w *demoWorld) demoArrears(sales models.Actor) error {
	ctx := context.Background()
	var c models.Customer
	err := w.db.Where(`partner_id = ? AND mode = ? AND frozen = 0 AND verified_status = ? AND account_name NOT LIKE 'demo-%'
		AND NOT EXISTS (SELECT 1 FROM coupons k WHERE k.customer_id = customers.id)
		AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.customer_id = customers.id)
		AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id)`,
		w.provider.ID, models.Consignment, models.Verified).Order("id DESC").First(&c).Error
	if err != nil {
		return err
	}
	usr, err := w.user(DemoArrearsUser, c.RealName, models.CustomerUser, nil, 0)
	if err != nil {
		return err
	}
	if err := w.db.Model(usr).Update("customer_id", c.ID).Error; err != nil {
		return err
	}
	provider, err := w.actor("provider")
	if err != nil {
		return err
	}
	if _, err := models.Allocate(ctx, w.db, provider, c.ID, models.FundsInput{Amount: models.Fen(demoArrearsBalance), Memo: "demo"}, w.now.Add(-48*time.Hour)); err != nil {
		return err
	}
	if err := w.authorizeAt(sales, c.ID, true, w.now.Add(-4*24*time.Hour)); err != nil {
		return err
	}
	ecs := demoProduct("hws.resource.type.vm", "s6.large.2.linux", 0, models.PeriodMonth, 1, 1)
	ecs.PeriodType, ecs.PeriodNum, ecs.UsageFactor, ecs.UsageValue, ecs.UsageMeasureID = 0, 0, "Duration", decimal.NewFromInt(1), 4
	_, err = models.CreateOrder(ctx, w.db, sales, models.OrderInput{CustomerID: c.ID, Mode: models.ChargeOnDemand,
		Products: []models.InquiryProduct{ecs}}, w.now.Add(-36*time.Hour))
	return err
}
