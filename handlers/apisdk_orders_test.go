package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

	"partnerhub/models"
)

// The order operations (reference section 4.7) through the SDK: a partner's key lists and reads
// the orders it placed; the customer's own key also pays, cancels, and reads what an order may be
// paid with. The demo customer (`customer`) has authorized the provider's sales member.

// customerSDK makes an access key for a demo customer user and an SDK client signing with it.
func customerSDK(t testing.TB, app *testApp, username string) (*bss.BssClient, models.Customer) {
	t.Helper()
	u := mustUser(t, app, username)
	key, err := models.CreateAccessKey(context.Background(), app.DB, testSealer(t), models.ActorOf(u, "test"), app.now())
	if err != nil {
		t.Fatal(err)
	}
	var c models.Customer
	if err := app.DB.First(&c, *u.CustomerID).Error; err != nil {
		t.Fatal(err)
	}
	return newSDK(t, app, key.Key.AccessKeyID, key.SecretKey, c.DomainID), c
}

func diskProduct(size int64, months int) models.InquiryProduct {
	return models.InquiryProduct{ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", Spec: "GPSSD",
		Region: "cn-north-4", Size: size, PeriodType: models.PeriodMonth, PeriodNum: months, Quantity: 1}
}

func ecsProduct() models.InquiryProduct {
	return models.InquiryProduct{ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Spec: "s6.large.2.linux",
		Region: "cn-north-4", PeriodType: models.PeriodMonth, PeriodNum: 1, Quantity: 1}
}

// placeOrder has the provider's sales member order the products for the customer.
func placeOrder(t testing.TB, app *testApp, customerID uint64, ps ...models.InquiryProduct) *models.Order {
	t.Helper()
	o, err := models.CreateOrder(context.Background(), app.DB, models.ActorOf(mustUser(t, app, "provider-sales"), "test"),
		models.OrderInput{CustomerID: customerID, Mode: models.ChargePeriod, Products: ps}, app.now())
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// usableCoupons are the customer's usable coupons with a balance, oldest first.
func usableCoupons(t testing.TB, app *testApp, customerID uint64) []models.Coupon {
	t.Helper()
	var cs []models.Coupon
	app.DB.Where("customer_id = ? AND status = ? AND balance > 0", customerID, models.CouponUsable).Order("id").Find(&cs)
	if len(cs) < 2 {
		t.Fatalf("the demo customer has %d usable coupons", len(cs))
	}
	return cs
}

func orderState(t testing.TB, app *testApp, id uint64) models.Order {
	t.Helper()
	var o models.Order
	if err := app.DB.First(&o, id).Error; err != nil {
		t.Fatal(err)
	}
	return o
}

type payment struct {
	coupons   []model.CouponSimpleInfoOrderPayV3
	discounts []model.DiscountSimpleInfoV3
	key       string
}

// pay calls PayOrders for the order, with an idempotency key when given (which also makes two
// payments signed in the same second two requests).
func pay(client *bss.BssClient, orderID string, p payment) error {
	body := &model.PayCustomerOrderV3Req{OrderId: orderID, UseCoupon: "NO", UseDiscount: "NO"}
	if len(p.coupons) > 0 {
		body.UseCoupon, body.CouponInfos = "YES", &p.coupons
	}
	if len(p.discounts) > 0 {
		body.UseDiscount, body.DiscountInfos = "YES", &p.discounts
	}
	inv := client.PayOrdersInvoker(&model.PayOrdersRequest{Body: body})
	if p.key != "" {
		inv.AddHeaders(map[string]string{"X-Idempotency-Key": p.key})
	}
	_, err := inv.Invoke()
	return err
}

func voucher(c models.Coupon) []model.CouponSimpleInfoOrderPayV3 {
	return []model.CouponSimpleInfoOrderPayV3{{Id: c.PublicID, Type: 301}}
}

func cancelOrder(client *bss.BssClient, orderID string) error {
	_, err := client.CancelCustomerOrder(&model.CancelCustomerOrderRequest{Body: &model.CancelCustomerOrderReq{OrderId: orderID}})
	return err
}

func paymentTransfers(app *testApp, o *models.Order) int64 {
	var n int64
	app.DB.Model(&models.Transfer{}).Where("kind = ? AND memo = ?", models.KindOrderPayment, "order "+o.OrderID()).Count(&n)
	return n
}

func TestSDKOrders(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cc, demo := customerSDK(t, app, "customer")
	pc, _ := sdkClient(t, app, "provider")
	o := placeOrder(t, app, demo.ID, ecsProduct(), diskProduct(30, 5)) // 142.50 + 75.00
	if o.Official != 21750 {
		t.Fatalf("official %d fen", o.Official)
	}
	id := o.OrderID()

	// the customer lists its own orders, the partner the orders it placed
	var own, pending int64
	app.DB.Model(&models.Order{}).Where("customer_id = ?", demo.ID).Count(&own)
	app.DB.Model(&models.Order{}).Where("partner_id = ? AND status = ?", *demo.PartnerID, models.OrderPendingPayment).Count(&pending)
	list, err := cc.ListCustomerOrders(&model.ListCustomerOrdersRequest{})
	if err != nil || int64(*list.TotalCount) != own {
		t.Fatalf("the customer's orders: %v, %+v (want %d)", err, list, own)
	}
	one := (*list.OrderInfos)[0] // newest first
	if *one.OrderId != id || *one.CustomerId != demo.DomainID || *one.ServiceTypeCode != "hws.service.type.ec2" || *one.ServiceTypeName == "" ||
		*one.SourceType != 2 || *one.Status != 6 || *one.OrderType != 1 || *one.OfficialAmount != 217.5 || *one.AmountAfterDiscount != 217.5 ||
		*one.MeasureId != 1 || *one.Currency != "CNY" || *one.CreateTime != testNow.Format(sdkTime) || one.PaymentTime != nil {
		t.Errorf("the new order %+v", one)
	}
	for name, c := range map[string]struct {
		req  model.ListCustomerOrdersRequest
		want int64
	}{
		"by customer":        {model.ListCustomerOrdersRequest{CustomerId: ptr(demo.DomainID)}, own},
		"pending payment":    {model.ListCustomerOrdersRequest{Status: ptr(int32(6))}, pending},
		"by order id":        {model.ListCustomerOrdersRequest{OrderId: ptr(strings.ToLower(id))}, 1},
		"by service type":    {model.ListCustomerOrdersRequest{OrderId: ptr(id), ServiceTypeCode: ptr("HWS.SERVICE.TYPE.EC2")}, 1},
		"another service":    {model.ListCustomerOrdersRequest{OrderId: ptr(id), ServiceTypeCode: ptr("hws.service.type.ebs")}, 0},
		"renewals":           {model.ListCustomerOrdersRequest{OrderId: ptr(id), OrderType: ptr("2")}, 0},
		"created today":      {model.ListCustomerOrdersRequest{OrderId: ptr(id), CreateTimeBegin: ptr(testNow.Format(sdkTime)), CreateTimeEnd: ptr(testNow.Format(sdkTime))}, 1},
		"paid since":         {model.ListCustomerOrdersRequest{OrderId: ptr(id), PaymentTimeBegin: ptr(testNow.Add(-time.Hour).Format(sdkTime))}, 0},
		"an unknown account": {model.ListCustomerOrdersRequest{CustomerId: ptr(strings.Repeat("0", 32))}, 0},
		"sub_customer":       {model.ListCustomerOrdersRequest{Method: ptr(model.GetListCustomerOrdersRequestMethodEnum().SUB_CUSTOMER)}, 0},
	} {
		got, err := pc.ListCustomerOrders(&c.req)
		if err != nil || int64(*got.TotalCount) != c.want || int64(len(*got.OrderInfos)) != min(c.want, 10) {
			t.Errorf("%s: %v %+v, want %d", name, err, got, c.want)
		}
	}

	// its details, and what it may be paid with
	d, err := cc.ShowCustomerOrderDetails(&model.ShowCustomerOrderDetailsRequest{OrderId: id})
	if err != nil || *d.TotalCount != 2 || len(*d.OrderLineItems) != 2 {
		t.Fatalf("details: %v %+v", err, d)
	}
	info, l0, l1 := d.OrderInfo, (*d.OrderLineItems)[0], (*d.OrderLineItems)[1]
	if *info.UserName != "demo-customer" || *info.PendingPaymentEndTime != testNow.Add(models.PaymentWindow).Format(sdkTime) ||
		*info.OfficialAmount != 217.5 || *info.Status != 6 {
		t.Errorf("order info %+v", info)
	}
	if *l0.OrderLineItemId != id+"-000001" || *l0.OfficialAmount != 142.5 || *l0.PeriodType != 2 || *l0.PeriodNum != 1 ||
		*l0.SubscriptionNum != 1 || *l0.ProductId == "" || *l0.CategoryCode != "hws.resource.type.vm" || *l0.OrderId != id {
		t.Errorf("line 1 %+v", l0)
	}
	if *l1.OfficialAmount != 75 || *l1.AmountAfterDiscount != 75 || *l1.PeriodNum != 5 || !strings.Contains(*l1.ProductSpecDesc, "30") {
		t.Errorf("line 2 %+v", l1)
	}
	page, err := pc.ShowCustomerOrderDetails(&model.ShowCustomerOrderDetailsRequest{OrderId: id, Offset: ptr(int32(1)), Limit: ptr(int32(1))})
	if err != nil || *page.TotalCount != 2 || len(*page.OrderLineItems) != 1 || *(*page.OrderLineItems)[0].OrderLineItemId != id+"-000002" {
		t.Errorf("the partner's page of lines: %v %+v", err, page)
	}
	coupons := usableCoupons(t, app, demo.ID)
	var big models.Coupon
	for _, c := range coupons {
		if c.FaceValue == 20000 {
			big = c
		}
	}
	oc, err := cc.ListOrderCouponsByOrderId(&model.ListOrderCouponsByOrderIdRequest{OrderId: id})
	if err != nil || *oc.Count < 1 || len(*oc.CouponMaxUseQuantity) == 0 {
		t.Fatalf("coupons: %v %+v", err, oc)
	}
	found := false
	for _, c := range *oc.UserCoupons {
		if *c.CouponId == big.PublicID {
			found = *c.FaceValue == 200 && *c.Balance == 200 && *c.CouponType == 1 && *c.Status == 2
		}
	}
	if !found {
		t.Errorf("the 200 yuan coupon %s is not offered: %+v", big.PublicID, *oc.UserCoupons)
	}

	// paid with the coupon and 17.50 of the balance, once however often it is retried
	bal := custBalance(t, app, demo)
	if err := pay(cc, id, payment{coupons: voucher(big), key: "pay-1"}); err != nil {
		t.Fatal(err)
	}
	if err := pay(cc, id, payment{coupons: voucher(big), key: "pay-1"}); err != nil {
		t.Fatalf("a retry with the same key: %v", err)
	}
	wantDecimal(t, "balance after paying", custBalance(t, app, demo), bal.Sub(models.Fen(1750).Decimal))
	if paid := orderState(t, app, o.ID); paid.Status != models.OrderProcessing || paid.Coupons != 20000 || paid.Cash != 1750 || paymentTransfers(app, o) != 1 {
		t.Errorf("paid %+v, %d transfers", paid, paymentTransfers(app, o))
	}
	if _, err := models.ProcessPaidOrders(context.Background(), app.DB, app.now(), 10); err != nil {
		t.Fatal(err)
	}
	d, err = pc.ShowCustomerOrderDetails(&model.ShowCustomerOrderDetailsRequest{OrderId: id})
	if err != nil {
		t.Fatal(err)
	}
	ai := d.OrderInfo.AmountInfo
	if *d.OrderInfo.Status != 5 || *d.OrderInfo.PaymentTime != testNow.Format(sdkTime) || *ai.CouponAmount != 200 ||
		*ai.FlexipurchaseCouponAmount != 0 || len(*ai.Discounts) != 0 || *d.OrderInfo.AmountAfterDiscount != 217.5 {
		t.Errorf("completed %+v %+v", d.OrderInfo, ai)
	}
	if l := (*d.OrderLineItems)[1]; *l.EffectiveTime != testNow.Format(sdkTime) || *l.ExpireTime != testNow.AddDate(0, 5, 0).Format(sdkTime) {
		t.Errorf("the disk's times %v %v", *l.EffectiveTime, *l.ExpireTime)
	}
	sdkError(t, cancelOrder(cc, id), http.StatusBadRequest, "CBC.99005010")

	// another order is cancelled, and its coupons offer nothing then
	o2 := placeOrder(t, app, demo.ID, diskProduct(10, 1))
	if err := cancelOrder(cc, o2.OrderID()); err != nil {
		t.Fatal(err)
	}
	if st := orderState(t, app, o2.ID).Status; st != models.OrderCancelled {
		t.Errorf("cancelled: status %d", st)
	}
	oc, err = cc.ListOrderCouponsByOrderId(&model.ListOrderCouponsByOrderIdRequest{OrderId: o2.OrderID()})
	if err != nil || *oc.Count != 0 || len(*oc.UserCoupons) != 0 {
		t.Errorf("coupons of a cancelled order: %v %+v", err, oc)
	}
	checkLedger(t, app)
}

func TestSDKOrderDiscount(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cc, demo := customerSDK(t, app, "customer")
	day := app.now().In(models.BusinessZone)
	dc, err := models.SetDiscount(context.Background(), app.DB, models.ActorOf(mustUser(t, app, "provider-sales"), "test"),
		models.SetDiscountInput{CustomerID: demo.ID, Type: models.Discount607, Off: "10",
			ValidFrom: day.AddDate(0, 0, -1).Format(time.DateOnly), ValidTo: day.AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	o := placeOrder(t, app, demo.ID, diskProduct(30, 5)) // 75.00
	ds, err := cc.ListOrderDiscounts(&model.ListOrderDiscountsRequest{OrderId: o.OrderID()})
	if err != nil || len(*ds.Discounts) != 1 {
		t.Fatalf("discounts: %v %+v", err, ds)
	}
	got := (*ds.Discounts)[0]
	if got.DiscountId != fmt.Sprint(dc.ID) || got.DiscountType != 3 || got.DiscountValue != "0.9000" || len(got.Orders) != 1 ||
		got.Orders[0].OrderId != o.OrderID() || len(got.Orders[0].OrderLineItems) != 1 {
		t.Fatalf("discount %+v", got)
	}
	if li := got.Orders[0].OrderLineItems[0]; li.OrderLineItemIds[0] != o.OrderID()+"-000001" || li.DiscountMode != 0 ||
		li.DiscountAmount.String() != "7.5" || li.DiscountRatio.String() != "0.9" {
		t.Errorf("line %+v (%s, %s)", li, li.DiscountAmount, li.DiscountRatio)
	}
	// the partner-granted type only: 2 is refused and changes nothing
	err = pay(cc, o.OrderID(), payment{discounts: []model.DiscountSimpleInfoV3{{Id: got.DiscountId, Type: 2}}})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	bal := custBalance(t, app, demo)
	if err := pay(cc, o.OrderID(), payment{discounts: []model.DiscountSimpleInfoV3{{Id: got.DiscountId, Type: 3}}}); err != nil {
		t.Fatal(err)
	}
	wantDecimal(t, "balance after paying 67.50", custBalance(t, app, demo), bal.Sub(models.Fen(6750).Decimal))
	d, err := cc.ShowCustomerOrderDetails(&model.ShowCustomerOrderDetailsRequest{OrderId: o.OrderID()})
	if err != nil {
		t.Fatal(err)
	}
	if dd := *d.OrderInfo.AmountInfo.Discounts; *d.OrderInfo.AmountAfterDiscount != 67.5 || len(dd) != 1 || *dd[0].DiscountType != "607" || *dd[0].DiscountAmount != 7.5 {
		t.Errorf("paid with 10%% off: %+v %+v", d.OrderInfo, dd)
	}
	if l := (*d.OrderLineItems)[0]; *l.AmountAfterDiscount != 67.5 || *l.OfficialAmount != 75 {
		t.Errorf("line %+v", l)
	}
	checkLedger(t, app)
}

// TestSDKOrderRefusals: each refusal is the reference's answer and changes nothing.
func TestSDKOrderRefusals(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cc, demo := customerSDK(t, app, "customer")
	other, _ := customerSDK(t, app, "prospect")
	pc, _ := sdkClient(t, app, "provider")
	rc, _ := sdkClient(t, app, "reseller")
	o := placeOrder(t, app, demo.ID, diskProduct(30, 5))
	id := o.OrderID()
	coupons := usableCoupons(t, app, demo.ID)
	scoped, expired := coupons[0], coupons[1]
	app.DB.Model(&models.Coupon{}).Where("id = ?", scoped.ID).Update("service_types", "hws.service.type.ec2")
	app.DB.Model(&models.Coupon{}).Where("id = ?", expired.ID).Update("expire_at", testNow.Add(-time.Minute))
	cancelled := placeOrder(t, app, demo.ID, diskProduct(10, 1))
	if err := cancelOrder(cc, cancelled.OrderID()); err != nil {
		t.Fatal(err)
	}
	four := []model.CouponSimpleInfoOrderPayV3{{Id: "a", Type: 301}, {Id: "b", Type: 301}, {Id: "c", Type: 301}, {Id: "d", Type: 301}}
	two := []model.DiscountSimpleInfoV3{{Id: "1", Type: 3}, {Id: "2", Type: 3}}
	unchanged := func(name string) {
		t.Helper()
		if st := orderState(t, app, o.ID); st.Status != models.OrderPendingPayment || paymentTransfers(app, o) != 0 {
			t.Fatalf("%s: the order changed: %+v", name, st)
		}
		var used int64
		app.DB.Model(&models.OrderCoupon{}).Where("coupon_id IN ?", []uint64{scoped.ID, expired.ID}).Count(&used)
		if used != 0 {
			t.Fatalf("%s: a coupon was used", name)
		}
	}
	for _, c := range []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"four coupons", pay(cc, id, payment{coupons: four}), 400, "CBC.99006031"},
		{"two discounts", pay(cc, id, payment{discounts: two}), 400, "CBC.99006032"},
		{"a coupon out of scope", pay(cc, id, payment{coupons: voucher(scoped)}), 400, "CBC.99006034"},
		{"an expired coupon", pay(cc, id, payment{coupons: voucher(expired)}), 400, "CBC.3112"},
		{"an unknown coupon", pay(cc, id, payment{coupons: []model.CouponSimpleInfoOrderPayV3{{Id: "nope", Type: 301}}}), 400, "CBC.3112"},
		{"a voucher as a cash coupon", pay(cc, id, payment{coupons: []model.CouponSimpleInfoOrderPayV3{{Id: scoped.PublicID, Type: 302}}}), 400, "CBC.0100"},
		{"an unknown discount", pay(cc, id, payment{discounts: []model.DiscountSimpleInfoV3{{Id: "999999", Type: 3}}}), 400, "CBC.99006035"},
		{"YES without coupons", func() error {
			_, err := cc.PayOrders(&model.PayOrdersRequest{Body: &model.PayCustomerOrderV3Req{OrderId: id, UseCoupon: "YES", UseDiscount: "NO"}})
			return err
		}(), 400, "CBC.0100"},
		{"a cancelled order", pay(cc, cancelled.OrderID(), payment{}), 400, "CBC.3106"},
		{"an unknown order", pay(cc, "CS26112300000000", payment{}), 400, "CBC.0101"},
		{"another customer's order", pay(other, id, payment{}), 400, "CBC.0101"},
		{"another customer cancelling", cancelOrder(other, id), 400, "CBC.0101"},
		{"another partner's order", func() error {
			_, err := rc.ShowCustomerOrderDetails(&model.ShowCustomerOrderDetailsRequest{OrderId: id})
			return err
		}(), 400, "CBC.0101"},
		{"another customer's coupons", func() error {
			_, err := other.ListOrderCouponsByOrderId(&model.ListOrderCouponsByOrderIdRequest{OrderId: id})
			return err
		}(), 400, "CBC.0101"},
		{"a partner's key paying", pay(pc, id, payment{}), 403, "CBC.0151"},
		{"a partner's key cancelling", cancelOrder(pc, id), 403, "CBC.0151"},
		{"a partner's key on discounts", func() error {
			_, err := pc.ListOrderDiscounts(&model.ListOrderDiscountsRequest{OrderId: id})
			return err
		}(), 403, "CBC.0151"},
		{"a customer's key on a partner's operation", func() error {
			_, err := cc.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{}})
			return err
		}(), 403, "CBC.0151"},
		{"a year and a day", func() error {
			_, err := pc.ListCustomerOrders(&model.ListCustomerOrdersRequest{CreateTimeBegin: ptr("2025-01-01T00:00:00Z"), CreateTimeEnd: ptr("2026-01-03T00:00:00Z")})
			return err
		}(), 400, "CBC.0100"},
		{"a status of no order", func() error {
			_, err := pc.ListCustomerOrders(&model.ListCustomerOrdersRequest{Status: ptr(int32(7))})
			return err
		}(), 400, "CBC.0100"},
	} {
		sdkError(t, c.err, c.status, c.code)
		unchanged(c.name)
	}
	if got, err := rc.ListCustomerOrders(&model.ListCustomerOrdersRequest{OrderId: ptr(id)}); err != nil || *got.TotalCount != 0 {
		t.Errorf("another partner lists the order: %v %+v", err, got)
	}
	// not enough balance: the amount missing
	bal := custBalance(t, app, demo)
	if _, err := models.Reclaim(context.Background(), app.DB, models.ActorOf(mustUser(t, app, "provider"), "test"), demo.ID,
		models.FundsInput{Amount: models.Money{Decimal: bal.Sub(models.Fen(1000).Decimal)}}, app.now()); err != nil {
		t.Fatal(err)
	}
	err := pay(cc, id, payment{key: "short"})
	sdkError(t, err, 400, "CBC.99005003")
	if !strings.Contains(err.Error(), "65.00 missing") {
		t.Errorf("the missing amount: %v", err)
	}
	unchanged("not enough balance")
	// after the deadline
	app.advance(models.PaymentWindow)
	sdkError(t, pay(cc, id, payment{key: "late"}), 400, "CBC.99006097")
	unchanged("after the deadline")
	checkLedger(t, app)
}

// TestSDKOrderRaces (run with -race): paying twice at once pays once; a payment racing a cancel,
// one wins and the other is told; one coupon on two orders at once pays one of them.
func TestSDKOrderRaces(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	cc, demo := customerSDK(t, app, "customer")
	both := func(f, g func() error) [2]error {
		var errs [2]error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); errs[0] = f() }()
		go func() { defer wg.Done(); errs[1] = g() }()
		wg.Wait()
		return errs
	}
	// the loser is told with the reference's code
	refused := func(what string, err error, codes ...string) {
		t.Helper()
		var code string
		for _, c := range codes {
			if err != nil && strings.Contains(err.Error(), c) {
				code = c
			}
		}
		if code == "" {
			t.Errorf("%s: the loser got %v, want one of %v", what, err, codes)
		}
	}
	o := placeOrder(t, app, demo.ID, diskProduct(30, 5))
	errs := both(func() error { return pay(cc, o.OrderID(), payment{key: "a"}) }, func() error { return pay(cc, o.OrderID(), payment{key: "b"}) })
	if (errs[0] == nil) == (errs[1] == nil) || paymentTransfers(app, o) != 1 {
		t.Fatalf("two payments at once: %v, %d transfers", errs, paymentTransfers(app, o))
	}
	refused("paying twice", errors.Join(errs[0], errs[1]), "CBC.3106")

	// the same payment sent twice at once (a retry with its key): both answered as paid, paid once
	o = placeOrder(t, app, demo.ID, diskProduct(20, 5))
	same := func() error { return pay(cc, o.OrderID(), payment{key: "same"}) }
	if errs := both(same, same); errs[0] != nil || errs[1] != nil || paymentTransfers(app, o) != 1 {
		t.Fatalf("a retry beside the first attempt: %v, %d transfers", errs, paymentTransfers(app, o))
	}

	for i := range 3 {
		r := placeOrder(t, app, demo.ID, diskProduct(10, 1))
		errs := both(func() error { return pay(cc, r.OrderID(), payment{key: fmt.Sprint("race-", i)}) }, func() error { return cancelOrder(cc, r.OrderID()) })
		st := orderState(t, app, r.ID).Status
		switch {
		case errs[0] == nil && errs[1] != nil && st == models.OrderProcessing && paymentTransfers(app, r) == 1:
			refused("cancel after pay", errs[1], "CBC.99005010")
		case errs[1] == nil && errs[0] != nil && st == models.OrderCancelled && paymentTransfers(app, r) == 0:
			refused("pay after cancel", errs[0], "CBC.3106")
		default:
			t.Fatalf("pay racing cancel: %v, status %d, %d transfers", errs, st, paymentTransfers(app, r))
		}
	}

	coupon := usableCoupons(t, app, demo.ID)[0]
	a, b := placeOrder(t, app, demo.ID, diskProduct(30, 5)), placeOrder(t, app, demo.ID, diskProduct(20, 5))
	errs = both(func() error { return pay(cc, a.OrderID(), payment{coupons: voucher(coupon)}) },
		func() error { return pay(cc, b.OrderID(), payment{coupons: voucher(coupon)}) })
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("one coupon on two orders: %v", errs)
	}
	refused("the coupon's second order", errors.Join(errs[0], errs[1]), "CBC.3112")
	var uses int64
	app.DB.Model(&models.OrderCoupon{}).Where("coupon_id = ?", coupon.ID).Count(&uses)
	if uses != 1 {
		t.Errorf("the coupon paid %d orders", uses)
	}
	checkLedger(t, app)
}
