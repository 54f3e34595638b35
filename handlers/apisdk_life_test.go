package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

	"partnerhub/models"
)

// The life of a yearly/monthly resource through the SDK (reference 4.8): the renewal price,
// renewing (paid at once, with a retry), auto-renewal, unsubscribing the renewed period and then
// the resource (the README's worked example), and the refunds, with the customer's own key.

// paidDisk has the provider order the README's disk (30 GB GPSSD for 5 months, 75.00) for the
// demo customer, the customer pay it with its coupon of 50.00 and 25.00 of its balance, and the
// order step create it.
func paidDisk(t testing.TB, app *testApp, cc *bss.BssClient, demo models.Customer) (*models.Order, models.Resource) {
	t.Helper()
	var coupon models.Coupon
	if err := app.DB.Where("customer_id = ? AND status = ? AND balance = 5000", demo.ID, models.CouponUsable).Order("id").
		First(&coupon).Error; err != nil {
		t.Fatal("the demo customer has no usable coupon of 50.00:", err)
	}
	o := placeOrder(t, app, demo.ID, diskProduct(30, 5))
	if err := pay(cc, o.OrderID(), payment{coupons: voucher(coupon)}); err != nil {
		t.Fatal(err)
	}
	if _, err := models.ProcessPaidOrders(context.Background(), app.DB, app.now(), 10); err != nil {
		t.Fatal(err)
	}
	var r models.Resource
	if err := app.DB.Where("order_id = ?", o.ID).First(&r).Error; err != nil {
		t.Fatal(err)
	}
	if paid := orderState(t, app, o.ID); paid.Cash != 2500 {
		t.Fatalf("the disk's cash: %d fen", paid.Cash)
	}
	return o, r
}

func renew(client *bss.BssClient, req model.RenewalResourcesReq, key string) (*model.RenewalResourcesResponse, error) {
	inv := client.RenewalResourcesInvoker(&model.RenewalResourcesRequest{Body: &req})
	if key != "" {
		inv.AddHeaders(map[string]string{"X-Idempotency-Key": key})
	}
	return inv.Invoke()
}

func unsubscribe(client *bss.BssClient, req model.UnsubscribeResourcesReq, key string) (*model.CancelResourcesSubscriptionResponse, error) {
	inv := client.CancelResourcesSubscriptionInvoker(&model.CancelResourcesSubscriptionRequest{Body: &req})
	if key != "" {
		inv.AddHeaders(map[string]string{"X-Idempotency-Key": key})
	}
	return inv.Invoke()
}

func resourceNow(t testing.TB, app *testApp, id uint64) models.Resource {
	t.Helper()
	var r models.Resource
	if err := app.DB.First(&r, id).Error; err != nil {
		t.Fatal(err)
	}
	return r
}

func countOf(app *testApp, v any, where string, args ...any) int64 {
	var n int64
	app.DB.Model(v).Where(where, args...).Count(&n)
	return n
}

func TestSDKResourceLife(t *testing.T) {
	t.Parallel()
	app, ctx := newTestApp(t), context.Background()
	cc, demo := customerSDK(t, app, "customer")
	pc, _ := sdkClient(t, app, "provider")
	o, disk := paidDisk(t, app, cc, demo)
	day := app.now().In(models.BusinessZone) // the partner's 10% off from now on (the disk was paid without it)
	if _, err := models.SetDiscount(ctx, app.DB, models.ActorOf(mustUser(t, app, "provider-sales"), "test"),
		models.SetDiscountInput{CustomerID: demo.ID, Type: models.Discount607, Off: "10",
			ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}

	// the renewal price of a month: 30 GB × 0.50 = 15.00, 10% off 13.50, as the domain quotes it
	rate, err := cc.ListRenewRateOnPeriod(&model.ListRenewRateOnPeriodRequest{Body: &model.ListRenewRateOnPeriodReq{
		ResourceIds: []string{disk.PublicID}, PeriodType: 2, PeriodNum: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if *rate.Currency != "CNY" || *rate.OfficialWebsiteRatingResult.OfficialWebsiteAmount != "15.00" ||
		len(*rate.RenewInquiryResults) != 1 || *(*rate.RenewInquiryResults)[0].Amount != "15.00" || len(*rate.FailResourceInfos) != 0 {
		t.Fatalf("the renewal price: %s", mustJSON(rate))
	}
	q, err := models.RenewalQuote(ctx, app.DB, models.ActorOf(mustUser(t, app, "customer"), "test"), disk.PublicID, models.PeriodMonth, 1, app.now())
	if err != nil || len(*rate.OptionalDiscountRatingResults) != len(q.Offers) {
		t.Fatalf("the renewal's discounts: %s, the domain's %+v %v", mustJSON(rate), q, err)
	}
	if len(q.Offers) != 1 || *(*rate.OptionalDiscountRatingResults)[0].Amount != "13.50" || *(*rate.OptionalDiscountRatingResults)[0].DiscountAmount != "1.50" ||
		*(*rate.OptionalDiscountRatingResults)[0].DiscountType != 607 || *(*rate.OptionalDiscountRatingResults)[0].BestOffer != 1 {
		t.Fatalf("the renewal's discount: %s", mustJSON(rate))
	}
	bestAmount := "15.00"
	for i, d := range *rate.OptionalDiscountRatingResults {
		if *d.DiscountAmount != q.Offers[i].Discount.StringFixed(2) || *d.Amount != q.Offers[i].Amount.StringFixed(2) ||
			(*d.BestOffer == 1) != (i == q.Best) || *d.DiscountType != int32(q.Offers[i].Type) {
			t.Errorf("discount %d: %s, the domain's %+v", i, mustJSON(d), q.Offers[i])
		}
		if *d.BestOffer == 1 {
			bestAmount = *d.Amount
		}
	}

	// renewing a month, paid at once from the balance at the best offer; the retry with its key renews nothing more
	before := custBalance(t, app, demo)
	req := model.RenewalResourcesReq{ResourceIds: []string{disk.PublicID}, PeriodType: 2, PeriodNum: 1, IsAutoPay: ptr(int32(1))}
	first, err := renew(cc, req, "renew-1")
	if err != nil || len(*first.OrderIds) != 1 || len(*first.FailResourceInfos) != 0 {
		t.Fatalf("renewal: %v %s", err, mustJSON(first))
	}
	renewal := orderState(t, app, models.ParseOrderID((*first.OrderIds)[0]))
	if renewal.Type != models.OrderRenew || renewal.Status != models.OrderProcessing || renewal.Official != 1500 ||
		models.Fen(renewal.Cash).StringFixed(2) != bestAmount || renewal.Cash != 1350 {
		t.Fatalf("the renewal order %+v, want cash %s", renewal, bestAmount)
	}
	wantDecimal(t, "the balance after the renewal", custBalance(t, app, demo), before.Sub(models.Fen(renewal.Cash).Decimal))
	again, err := renew(cc, req, "renew-1")
	if err != nil || mustJSON(again.OrderIds) != mustJSON(first.OrderIds) ||
		countOf(app, &models.Order{}, "type = ? AND customer_id = ?", models.OrderRenew, demo.ID) != 1 {
		t.Fatalf("the retry: %v %s", err, mustJSON(again))
	}
	wantDecimal(t, "the balance after the retry", custBalance(t, app, demo), before.Sub(models.Fen(renewal.Cash).Decimal))
	if _, err := models.ProcessPaidOrders(ctx, app.DB, app.now(), 10); err != nil {
		t.Fatal(err)
	}
	if got := resourceNow(t, app, disk.ID); !got.ExpireAt.Equal(disk.ExpireAt.AddDate(0, 1, 0)) {
		t.Fatalf("the expiry after the renewal: %v, was %v", got.ExpireAt, disk.ExpireAt)
	}

	// auto-renewal: set, kept when left out, cancelled
	path := &model.AutoRenewalResourcesRequest{ResourceId: disk.PublicID, Body: &model.AutoRenewalResourcesReq{
		AutoRenewTimes: ptr(int32(5)), PeriodType: ptr(model.GetAutoRenewalResourcesReqPeriodTypeEnum().YEAR)}}
	if _, err := cc.AutoRenewalResources(path); err != nil {
		t.Fatal(err)
	}
	if _, err := cc.AutoRenewalResources(&model.AutoRenewalResourcesRequest{ResourceId: disk.PublicID, Body: &model.AutoRenewalResourcesReq{}}); err != nil {
		t.Fatal(err)
	}
	if got := resourceNow(t, app, disk.ID); got.ExpirePolicy != models.ExpireAutoRenew || got.AutoRenewPeriod != models.PeriodYear || got.AutoRenewTimes != 5 {
		t.Fatalf("auto-renewal: %+v", got)
	}
	if _, err := cc.CancelAutoRenewalResources(&model.CancelAutoRenewalResourcesRequest{ResourceId: disk.PublicID}); err != nil {
		t.Fatal(err)
	}
	if got := resourceNow(t, app, disk.ID); got.ExpirePolicy != models.ExpireGrace || got.AutoRenewTimes != 0 {
		t.Fatalf("auto-renewal cancelled: %+v", got)
	}

	// unsubscribing the renewed month, not begun: all its cash back, and the expiry it added
	before = custBalance(t, app, demo)
	res, err := unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{disk.PublicID}, UnsubscribeType: 2,
		UnsubscribeReasonType: ptr(int32(5)), UnsubscribeReason: ptr("too long")}, "")
	if err != nil || len(*res.OrderIds) != 1 {
		t.Fatalf("unsubscribing the renewal: %v %s", err, mustJSON(res))
	}
	wantDecimal(t, "the renewal's refund", custBalance(t, app, demo), before.Add(models.Fen(renewal.Cash).Decimal))
	refund, err := cc.ShowRefundOrderDetails(&model.ShowRefundOrderDetailsRequest{OrderId: (*res.OrderIds)[0]})
	if err != nil || *refund.TotalCount != 1 {
		t.Fatalf("the renewal's refund: %v %s", err, mustJSON(refund))
	}
	if ri := (*refund.RefundInfos)[0]; !ri.Amount.Equal(models.Fen(-renewal.Cash).Decimal) || *ri.BaseOrderId != renewal.OrderID() ||
		ri.MeasureId != "1" || ri.CustomerId != demo.DomainID || ri.ServiceTypeCode != "hws.service.type.ebs" || ri.RegionCode != disk.Region {
		t.Errorf("the renewal's refund record: %s", mustJSON(ri))
	}
	if got := resourceNow(t, app, disk.ID); !got.ExpireAt.Equal(*disk.ExpireAt) || got.Status != models.ResourceInUse {
		t.Fatalf("after unsubscribing the renewal: %+v", got)
	}

	// the README's worked example: 40 days and 3 hours later, 110 of 151 days unused: 25.00 × 110 ÷ 151 → 18.21
	app.advance(40*24*time.Hour + 3*time.Hour)
	before = custBalance(t, app, demo)
	ureq := model.UnsubscribeResourcesReq{ResourceIds: []string{disk.PublicID}, UnsubscribeType: 1}
	res, err = unsubscribe(cc, ureq, "unsub-1")
	if err != nil || len(*res.OrderIds) != 1 || len(*res.FailResourceInfos) != 0 {
		t.Fatalf("unsubscribing: %v %s", err, mustJSON(res))
	}
	wantDecimal(t, "the refund", custBalance(t, app, demo), before.Add(*dec("18.21")))
	if again, err := unsubscribe(cc, ureq, "unsub-1"); err != nil || mustJSON(again.OrderIds) != mustJSON(res.OrderIds) {
		t.Fatalf("the unsubscribe's retry: %v %s", err, mustJSON(again))
	}
	wantDecimal(t, "the balance after the retry", custBalance(t, app, demo), before.Add(*dec("18.21")))
	if got := resourceNow(t, app, disk.ID); got.Status != models.ResourceClosed {
		t.Errorf("the disk after unsubscribing: %+v", got)
	}
	unsub := (*res.OrderIds)[0]
	for name, call := range map[string]func() (*model.ShowRefundOrderDetailsResponse, error){
		"the customer": func() (*model.ShowRefundOrderDetailsResponse, error) {
			return cc.ShowRefundOrderDetails(&model.ShowRefundOrderDetailsRequest{OrderId: unsub})
		},
		"its partner": func() (*model.ShowRefundOrderDetailsResponse, error) {
			return pc.ShowRefundOrderDetails(&model.ShowRefundOrderDetailsRequest{OrderId: unsub, CustomerId: &demo.DomainID})
		},
	} {
		refund, err := call()
		if err != nil || *refund.TotalCount != 1 {
			t.Fatalf("%s: the refund: %v %s", name, err, mustJSON(refund))
		}
		if ri := (*refund.RefundInfos)[0]; !ri.Amount.Equal(*dec("-18.21")) || *ri.BaseOrderId != o.OrderID() || ri.Id == "" {
			t.Errorf("%s: the refund record: %s", name, mustJSON(ri))
		}
	}
	_, err = pc.ShowRefundOrderDetails(&model.ShowRefundOrderDetailsRequest{OrderId: unsub})
	sdkError(t, err, 400, "CBC.0100") // a partner names the customer
	rc, _ := sdkClient(t, app, "reseller")
	_, err = rc.ShowRefundOrderDetails(&model.ShowRefundOrderDetailsRequest{OrderId: unsub, CustomerId: &demo.DomainID})
	if err == nil {
		t.Error("another partner read the refund")
	}
	_, err = cc.ShowRefundOrderDetails(&model.ShowRefundOrderDetailsRequest{OrderId: o.OrderID()})
	sdkError(t, err, 400, "CBC.0101") // not an unsubscribe order
	checkLedger(t, app)
}

// lifeSnapshot is what a refused call must not change: the customer's orders, refunds and
// balance, and its resources' rows.
func lifeSnapshot(t testing.TB, app *testApp, c models.Customer) string {
	t.Helper()
	var rs []models.Resource
	app.DB.Where("customer_id = ?", c.ID).Order("id").Find(&rs)
	return fmt.Sprint(countOf(app, &models.Order{}, "customer_id = ?", c.ID), countOf(app, &models.Refund{}, "customer_id = ?", c.ID),
		custBalance(t, app, c).String(), mustJSON(rs))
}

func TestSDKResourceLifeRefusals(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cc, demo := customerSDK(t, app, "customer")
	pc, _ := sdkClient(t, app, "provider")
	_, disk := paidDisk(t, app, cc, demo)
	ecs := placeOrder(t, app, demo.ID, ecsProduct())
	if err := pay(cc, ecs.OrderID(), payment{}); err != nil {
		t.Fatal(err)
	}
	models.ProcessPaidOrders(context.Background(), app.DB, app.now(), 10)
	var attached models.Resource
	if err := app.DB.Where("order_id = ? AND parent_id IS NOT NULL", ecs.ID).First(&attached).Error; err != nil {
		t.Fatal("the ECS has no system disk:", err)
	}
	others := otherPartnersResource(t, app, disk)
	if _, err := unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{disk.PublicID}, UnsubscribeType: 1}, ""); err != nil {
		t.Fatal(err)
	}
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = fmt.Sprint("r-", i)
	}
	month := func(ids ...string) model.RenewalResourcesReq {
		return model.RenewalResourcesReq{ResourceIds: ids, PeriodType: 2, PeriodNum: 1}
	}
	snap := lifeSnapshot(t, app, demo)
	for i, c := range []struct {
		name   string
		call   func(key string) error
		status int
		code   string
	}{
		{"unsubscribing twice", func(k string) error {
			_, err := unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{disk.PublicID}, UnsubscribeType: 1}, k)
			return err
		}, 400, "CBC.99003013"},
		{"an attached resource alone", func(k string) error {
			_, err := unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{attached.PublicID}, UnsubscribeType: 1}, k)
			return err
		}, 400, "CBC.30010036"},
		{"renewing a closed resource", func(k string) error { _, err := renew(cc, month(disk.PublicID), k); return err }, 400, "CBC.99003013"},
		{"period_num out of range", func(k string) error {
			_, err := renew(cc, model.RenewalResourcesReq{ResourceIds: []string{disk.PublicID}, PeriodType: 2, PeriodNum: 12}, k)
			return err
		}, 400, "CBC.0100"},
		{"more than 10 ids", func(k string) error { _, err := renew(cc, month(eleven...), k); return err }, 400, "CBC.0100"},
		{"more than 10 ids to unsubscribe", func(k string) error {
			_, err := unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: eleven, UnsubscribeType: 1}, k)
			return err
		}, 400, "CBC.0100"},
		{"another partner's resource", func(k string) error { _, err := renew(cc, month(others.PublicID), k); return err }, 400, "CBC.99003012"},
		{"another partner's resource unsubscribed", func(k string) error {
			_, err := unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{others.PublicID}, UnsubscribeType: 1}, k)
			return err
		}, 400, "CBC.99003012"},
		{"another partner's auto-renewal", func(string) error {
			_, err := cc.AutoRenewalResources(&model.AutoRenewalResourcesRequest{ResourceId: others.PublicID, Body: &model.AutoRenewalResourcesReq{}})
			return err
		}, 400, "CBC.99003012"},
		{"a closed resource's renewal price", func(string) error {
			_, err := cc.ListRenewRateOnPeriod(&model.ListRenewRateOnPeriodRequest{Body: &model.ListRenewRateOnPeriodReq{
				ResourceIds: []string{disk.PublicID}, PeriodType: 2, PeriodNum: 1}})
			return err
		}, 400, "CBC.99003013"},
		{"another partner's renewal price", func(string) error {
			_, err := cc.ListRenewRateOnPeriod(&model.ListRenewRateOnPeriodRequest{Body: &model.ListRenewRateOnPeriodReq{
				ResourceIds: []string{others.PublicID}, PeriodType: 2, PeriodNum: 1}})
			return err
		}, 400, "CBC.99003012"},
		{"auto_renew_times out of range", func(string) error {
			_, err := cc.AutoRenewalResources(&model.AutoRenewalResourcesRequest{ResourceId: disk.PublicID,
				Body: &model.AutoRenewalResourcesReq{AutoRenewTimes: ptr(int32(100))}})
			return err
		}, 400, "CBC.0100"},
		{"a partner's key renewing", func(k string) error { _, err := renew(pc, month(disk.PublicID), k); return err }, 403, "CBC.0151"},
		{"a partner's key unsubscribing", func(k string) error {
			_, err := unsubscribe(pc, model.UnsubscribeResourcesReq{ResourceIds: []string{attached.PublicID}, UnsubscribeType: 1}, k)
			return err
		}, 403, "CBC.0151"},
	} {
		sdkError(t, c.call(fmt.Sprint("refused-", i)), c.status, c.code)
		if got := lifeSnapshot(t, app, demo); got != snap {
			t.Fatalf("%s changed something", c.name)
		}
	}
	// a batch's price answers each resource too: the closed one is refused, as its renewal is
	rate, err := cc.ListRenewRateOnPeriod(&model.ListRenewRateOnPeriodRequest{Body: &model.ListRenewRateOnPeriodReq{
		ResourceIds: []string{disk.PublicID, resourceOf(t, app, ecs.ID)}, PeriodType: 2, PeriodNum: 1}})
	if err != nil || len(*rate.RenewInquiryResults) != 1 || len(*rate.FailResourceInfos) != 1 ||
		*(*rate.FailResourceInfos)[0].ErrorCode != "CBC.99003013" || *(*rate.FailResourceInfos)[0].ResourceId != disk.PublicID {
		t.Fatalf("a batch's price: %v %s", err, mustJSON(rate))
	}
	// a batch answers each resource: the one it could renew, and the one refused with its code
	res, err := renew(cc, month(disk.PublicID, resourceOf(t, app, ecs.ID)), "batch")
	if err != nil || len(*res.OrderIds) != 1 || len(*res.FailResourceInfos) != 1 ||
		*(*res.FailResourceInfos)[0].ErrorCode != "CBC.99003013" || *(*res.FailResourceInfos)[0].ResourceId != disk.PublicID {
		t.Fatalf("a batch: %v %s", err, mustJSON(res))
	}
	checkLedger(t, app)
}

// otherPartnersResource is a copy of the resource held by a customer of another partner (the
// reseller), in use.
func otherPartnersResource(t testing.TB, app *testApp, like models.Resource) models.Resource {
	t.Helper()
	rid := partnerID(t, app, "reseller")
	var c models.Customer
	if err := app.DB.Where("partner_id = ?", rid).First(&c).Error; err != nil {
		t.Fatal("the reseller has no customer:", err)
	}
	r := like
	r.ID, r.PublicID, r.PartnerID, r.CustomerID, r.Status = 0, like.PublicID+"-x", rid, c.ID, models.ResourceInUse
	if err := app.DB.Create(&r).Error; err != nil {
		t.Fatal(err)
	}
	return r
}

// resourceOf is the public id of an order's main resource.
func resourceOf(t testing.TB, app *testApp, orderID uint64) string {
	t.Helper()
	var r models.Resource
	if err := app.DB.Where("order_id = ? AND parent_id IS NULL", orderID).First(&r).Error; err != nil {
		t.Fatal(err)
	}
	return r.PublicID
}

// TestSDKUnsubscribeRace (run with -race): two unsubscribes of one resource at once refund once;
// the other is told the resource is closed.
func TestSDKUnsubscribeRace(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cc, demo := customerSDK(t, app, "customer")
	_, disk := paidDisk(t, app, cc, demo)
	before := custBalance(t, app, demo)
	var errs [2]error
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() { // different keys: two requests, not a retry
			defer wg.Done()
			_, errs[i] = unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{disk.PublicID}, UnsubscribeType: 1}, fmt.Sprint("race-", i))
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two unsubscribes at once: %v", errs)
	}
	if err := errors.Join(errs[0], errs[1]); !strings.Contains(err.Error(), "CBC.99003013") {
		t.Errorf("the loser: %v", err)
	}
	if n := countOf(app, &models.Refund{}, "resource_id = ?", disk.ID); n != 1 {
		t.Errorf("%d refunds", n)
	}
	wantDecimal(t, "the refund (unsubscribed when bought: all 151 days unused)", custBalance(t, app, demo), before.Add(*dec("25.00")))

	// the same unsubscribe sent twice at once (a retry with its key): both answered with its order, one refund
	o := placeOrder(t, app, demo.ID, diskProduct(30, 5))
	if err := pay(cc, o.OrderID(), payment{}); err != nil { // all 75.00 from the balance
		t.Fatal(err)
	}
	models.ProcessPaidOrders(context.Background(), app.DB, app.now(), 10)
	disk = models.Resource{}
	if err := app.DB.Where("order_id = ?", o.ID).First(&disk).Error; err != nil {
		t.Fatal(err)
	}
	before = custBalance(t, app, demo)
	var answers [2]*model.CancelResourcesSubscriptionResponse
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], errs[i] = unsubscribe(cc, model.UnsubscribeResourcesReq{ResourceIds: []string{disk.PublicID}, UnsubscribeType: 1}, "same")
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || mustJSON(answers[0].OrderIds) != mustJSON(answers[1].OrderIds) {
		t.Fatalf("a retry beside the first attempt: %v %s %s", errs, mustJSON(answers[0]), mustJSON(answers[1]))
	}
	if n := countOf(app, &models.Refund{}, "resource_id = ?", disk.ID); n != 1 {
		t.Errorf("%d refunds of the retried unsubscribe", n)
	}
	wantDecimal(t, "the retried refund", custBalance(t, app, demo), before.Add(*dec("75.00")))
	checkLedger(t, app)
}
