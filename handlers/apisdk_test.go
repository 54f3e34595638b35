package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// The partner API tested through the official Huawei Cloud Go SDK, used as an integrator would:
// WithEndpoints pointed at the test server, global AK/SK credentials with the partner's domain id.

// sdkClient makes an access key for a demo member and an SDK client signing with it.
func sdkClient(t testing.TB, app *testApp, username string) (*bss.BssClient, *models.NewAccessKey) {
	t.Helper()
	u := mustUser(t, app, username)
	key, err := models.CreateAccessKey(context.Background(), app.DB, testSealer(t), models.ActorOf(u, "test"), app.now())
	if err != nil {
		t.Fatal(err)
	}
	var p models.Partner
	app.DB.First(&p, *u.PartnerID)
	return newSDK(t, app, key.Key.AccessKeyID, key.SecretKey, p.DomainID), key
}

func newSDK(t testing.TB, app *testApp, ak, sk, domain string) *bss.BssClient {
	t.Helper()
	b := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk)
	if domain != "" {
		b = b.WithDomainId(domain)
	}
	cred, err := b.SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := bss.BssClientBuilder().WithEndpoints([]string{app.Srv.URL}).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return bss.NewBssClient(hc)
}

func mustUser(t testing.TB, app *testApp, username string) *models.User {
	t.Helper()
	var u models.User
	if err := app.DB.Where("username = ?", username).First(&u).Error; err != nil {
		t.Fatal(err)
	}
	return &u
}

func ptr[T any](v T) *T { return &v }

// nextSecond is an X-Sdk-Date header for an SDK call (AddHeaders), which signs with it: a second
// after now, so that a call that repeats one just made is a new request, not the replay of one
// signed in the same second.
func nextSecond() map[string]string {
	return map[string]string{"X-Sdk-Date": time.Now().Add(time.Second).UTC().Format("20060102T150405Z")}
}

// sdkError asserts err is the SDK's ServiceResponseError with status and code, and a request id.
func sdkError(t testing.TB, err error, status int, code string) {
	t.Helper()
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) {
		t.Fatalf("want a ServiceResponseError %d %s, got %v", status, code, err)
	}
	if se.StatusCode != status || se.ErrorCode != code || se.RequestId == "" {
		t.Fatalf("got %d %s (request id %q): %s; want %d %s", se.StatusCode, se.ErrorCode, se.RequestId, se.ErrorMessage, status, code)
	}
}

func TestSDKListSubCustomers(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerID(t, app, "provider")
	count := func(where string, args ...any) int32 {
		var n int64
		app.DB.Model(&models.Customer{}).Where("partner_id = ?", provider).Where(where, args...).Count(&n)
		return int32(n)
	}
	var sample models.Customer
	app.DB.Where("partner_id = ? AND customer_type = 1 AND label <> ''", provider).Order("id").First(&sample)
	cases := []struct {
		name string
		req  model.QuerySubCustomerListReq
		want int32
	}{
		{"all", model.QuerySubCustomerListReq{}, count("1 = 1")},
		{"consignment", model.QuerySubCustomerListReq{AssociationType: ptr("2")}, count("mode = 2")},
		{"advisory", model.QuerySubCustomerListReq{AssociationType: ptr("1")}, count("mode = 1")},
		{"label", model.QuerySubCustomerListReq{Label: ptr(sample.Label)}, count("label = ?", sample.Label)},
		{"customer id", model.QuerySubCustomerListReq{CustomerId: ptr(sample.DomainID)}, 1},
		{"account name", model.QuerySubCustomerListReq{AccountName: ptr(sample.AccountName)}, 1},
		{"real name", model.QuerySubCustomerListReq{Customer: ptr(string([]rune(sample.RealName)[:6]))},
			count("real_name LIKE ?", "%"+string([]rune(sample.RealName)[:6])+"%")},
		{"associated since 2026", model.QuerySubCustomerListReq{AssociatedOnBegin: ptr("2025-12-31T16:00:00Z")},
			count("associated_on >= ?", "2025-12-31 16:00:00")},
		{"paging", model.QuerySubCustomerListReq{Offset: ptr(int32(5)), Limit: ptr(int32(3))}, count("1 = 1")},
	}
	for _, tc := range cases {
		resp, err := client.ListSubCustomers(&model.ListSubCustomersRequest{Body: &tc.req})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if *resp.Count != tc.want {
			t.Errorf("%s: count %d, want %d", tc.name, *resp.Count, tc.want)
		}
		limit := int32(10)
		if tc.req.Limit != nil {
			limit = *tc.req.Limit
		}
		if got := int32(len(*resp.CustomerInfos)); got != min(limit, max(0, tc.want-ptrOr(tc.req.Offset))) {
			t.Errorf("%s: %d rows", tc.name, got)
		}
	}
	resp, err := client.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{CustomerId: ptr(sample.DomainID)}})
	if err != nil {
		t.Fatal(err)
	}
	ci := (*resp.CustomerInfos)[0]
	if ci.AccountName != sample.AccountName || *ci.Customer != sample.RealName || *ci.Label != sample.Label ||
		*ci.AssociationType != "2" && *ci.AssociationType != "1" || *ci.VerifiedStatus == "" || ci.CustomerType == nil {
		t.Errorf("customer info %+v", ci)
	}
}

func ptrOr(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

func TestSDKMasterDistributor(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "distributor")
	var reseller models.Partner
	app.DB.Where("account_name = ?", "reseller").First(&reseller)
	var own int64
	app.DB.Model(&models.Customer{}).Where("partner_id = ?", reseller.ID).Count(&own)

	resp, err := client.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{IndirectPartnerId: ptr(reseller.DomainID)}})
	if err != nil {
		t.Fatal(err)
	}
	if int64(*resp.Count) != own {
		t.Errorf("reseller's customers: %d, want %d", *resp.Count, own)
	}
	partners, err := client.ListIndirectPartners(&model.ListIndirectPartnersRequest{Body: &model.QueryIndirectPartnersReq{}})
	if err != nil {
		t.Fatal(err)
	}
	if *partners.Count != 3 || len(*partners.IndirectPartners) != 3 {
		t.Errorf("resellers: %d", *partners.Count)
	}
	one, err := client.ListIndirectPartners(&model.ListIndirectPartnersRequest{Body: &model.QueryIndirectPartnersReq{AccountName: ptr("reseller-s")}})
	if err != nil || *one.Count != 1 || *(*one.IndirectPartners)[0].AccountName != "reseller-sh" {
		t.Errorf("by account name: %v %+v", err, one)
	}
	// another partner's id is refused, and so is indirect_partner_id from a partner that is not a master
	var provider models.Partner
	app.DB.Where("account_name = ?", "provider").First(&provider)
	_, err = client.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{IndirectPartnerId: ptr(provider.DomainID)}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	pc, _ := sdkClient(t, app, "provider")
	_, err = pc.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{IndirectPartnerId: ptr(reseller.DomainID)}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	_, err = pc.ListIndirectPartners(&model.ListIndirectPartnersRequest{Body: &model.QueryIndirectPartnersReq{}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
}

func TestSDKCreateSubCustomer(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	resp, err := client.CreateSubCustomer(&model.CreateSubCustomerRequest{Body: &model.CreateCustomerV2Req{
		XaccountId: "crm-0001", XaccountType: "partnerhub_crm", DomainName: ptr("acme_cloud_01"), CooperationType: ptr("1")}})
	if err != nil {
		t.Fatal(err)
	}
	if *resp.DomainName != "acme_cloud_01" || len(*resp.DomainId) != 32 {
		t.Fatalf("created %+v", resp)
	}
	list, err := client.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{CustomerId: resp.DomainId}})
	if err != nil || *list.Count != 1 || *(*list.CustomerInfos)[0].AssociationType != "1" || *(*list.CustomerInfos)[0].XaccountId != "crm-0001" {
		t.Fatalf("the new customer is not listed as advisory: %v %+v", err, list)
	}
	check, err := client.CheckUserIdentity(&model.CheckUserIdentityRequest{Body: &model.CheckSubcustomerUserReq{SearchType: "name", SearchValue: "acme_cloud_01"}})
	if err != nil || *check.CheckResult != "used_by_user" {
		t.Fatalf("check-identity of a used name: %v %+v", err, check)
	}
	check, err = client.CheckUserIdentity(&model.CheckUserIdentityRequest{Body: &model.CheckSubcustomerUserReq{SearchType: "email", SearchValue: "nobody@nowhere.example"}})
	if err != nil || *check.CheckResult != "available" {
		t.Fatalf("check-identity of a free email: %v %+v", err, check)
	}
	// the same name or the same external account again is refused and creates nothing
	for _, body := range []model.CreateCustomerV2Req{
		{XaccountId: "crm-0002", XaccountType: "partnerhub_crm", DomainName: ptr("acme_cloud_01")},
		{XaccountId: "crm-0001", XaccountType: "partnerhub_crm", DomainName: ptr("acme_cloud_02")},
		{XaccountId: "crm-0003", XaccountType: "partnerhub_crm", DomainName: ptr("a b")},
	} {
		_, err := client.CreateSubCustomer(&model.CreateSubCustomerRequest{Body: &body})
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	if report, _ := models.Check(context.Background(), app.DB); len(report) > 0 {
		t.Errorf("invariants: %v", report)
	}
	// a key acts with its member's roles as they are now: an admin turned viewer may list, not create
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleViewer))
	_, err = client.CreateSubCustomer(&model.CreateSubCustomerRequest{Body: &model.CreateCustomerV2Req{XaccountId: "x", XaccountType: "y"}})
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	if _, err := client.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{}}); err != nil {
		t.Errorf("a viewer's key cannot list: %v", err)
	}
	// a master distributor without the expansion permission creates only for its resellers
	dist, _ := sdkClient(t, app, "distributor")
	_, err = dist.CreateSubCustomer(&model.CreateSubCustomerRequest{Body: &model.CreateCustomerV2Req{XaccountId: "d1", XaccountType: "crm"}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	var reseller models.Partner
	app.DB.Where("account_name = ?", "reseller").First(&reseller)
	if _, err := dist.CreateSubCustomer(&model.CreateSubCustomerRequest{Body: &model.CreateCustomerV2Req{XaccountId: "d2", XaccountType: "crm",
		IndirectPartnerId: ptr(reseller.DomainID)}}); err != nil {
		t.Fatalf("create for a reseller: %v", err)
	}
}

func TestSDKAuthentication(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, key := sdkClient(t, app, "provider")
	list := func(c *bss.BssClient) error {
		_, err := c.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{}})
		return err
	}
	var provider, other models.Partner
	app.DB.Where("account_name = ?", "provider").First(&provider)
	app.DB.Where("account_name = ?", "reseller").First(&other)
	if err := list(newSDK(t, app, key.Key.AccessKeyID, key.SecretKey, "")); err != nil {
		t.Fatalf("without a domain id: %v", err)
	}
	sdkError(t, list(newSDK(t, app, key.Key.AccessKeyID, "wrong-secret-wrong-secret-wrong-secret00", provider.DomainID)), http.StatusUnauthorized, "CBC.0154")
	sdkError(t, list(newSDK(t, app, "NOSUCHKEY00000000000", key.SecretKey, provider.DomainID)), http.StatusUnauthorized, "CBC.0154")
	sdkError(t, list(newSDK(t, app, key.Key.AccessKeyID, key.SecretKey, other.DomainID)), http.StatusForbidden, "CBC.0151")
	admin := models.ActorOf(mustUser(t, app, "provider"), "test")
	if err := models.SetAccessKeyStatus(context.Background(), app.DB, admin, key.Key.ID, models.AccessKeyDisabled); err != nil {
		t.Fatal(err)
	}
	sdkError(t, list(newSDK(t, app, key.Key.AccessKeyID, key.SecretKey, provider.DomainID)), http.StatusUnauthorized, "CBC.0154")
}

// The fund operations (reference section 4.4) through the SDK. The SDK sends every amount as a JSON
// string ("100.5") and decodes the answers strictly: a balance must be a number, a record's amount
// a string.

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func partnerNamed(t testing.TB, app *testApp, account string) models.Partner {
	t.Helper()
	var p models.Partner
	if err := app.DB.Where("account_name = ?", account).First(&p).Error; err != nil {
		t.Fatal(err)
	}
	return p
}

// fundableOf is the n-th consignment customer of a partner that is not frozen.
func fundableOf(t testing.TB, app *testApp, partnerID uint64, n int) models.Customer {
	t.Helper()
	var c models.Customer
	err := app.DB.Where("partner_id = ? AND mode = ? AND frozen = 0", partnerID, models.Consignment).Order("id").Offset(n).First(&c).Error
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func custBalance(t testing.TB, app *testApp, c models.Customer) decimal.Decimal {
	t.Helper()
	b, err := models.CustomerBalance(context.Background(), app.DB, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b.Decimal
}

func cashOf(t testing.TB, app *testApp, partnerID uint64) decimal.Decimal {
	t.Helper()
	var fen int64
	app.DB.Model(&models.Account{}).Where("kind = ? AND partner_id = ?", models.PartnerAccount, partnerID).
		Select("COALESCE(SUM(balance), 0)").Scan(&fen)
	return models.Fen(fen).Decimal
}

func transferCount(app *testApp) int64 {
	var n int64
	app.DB.Model(&models.Transfer{}).Count(&n)
	return n
}

func checkLedger(t testing.TB, app *testApp) {
	t.Helper()
	if report, err := models.Check(context.Background(), app.DB); err != nil || len(report) > 0 {
		t.Errorf("invariants: %v %v", err, report)
	}
}

func wantDecimal(t testing.TB, what string, got, want decimal.Decimal) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: %s, want %s", what, got.String(), want.String())
	}
}

func TestSDKAllocateAndReclaim(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerNamed(t, app, "provider")
	c := fundableOf(t, app, provider.ID, 0)
	cash0, bal0 := cashOf(t, app, provider.ID), custBalance(t, app, c)

	alloc, err := client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
		CustomerId: c.DomainID, Amount: dec("100.5")}})
	if err != nil || alloc.TransferId == nil || len(*alloc.TransferId) != 32 {
		t.Fatalf("allocate: %v %+v", err, alloc)
	}
	wantDecimal(t, "customer after allocating", custBalance(t, app, c), bal0.Add(decimal.RequireFromString("100.5")))
	wantDecimal(t, "cash after allocating", cashOf(t, app, provider.ID), cash0.Sub(decimal.RequireFromString("100.5")))
	back, err := client.ReclaimToPartnerAccount(&model.ReclaimToPartnerAccountRequest{Body: &model.ReclaimToPartnerAccountBalancesReq{
		CustomerId: c.DomainID, Amount: dec("40.25")}})
	if err != nil || back.TransId == nil || len(*back.TransId) != 32 || *back.TransId == *alloc.TransferId {
		t.Fatalf("reclaim: %v %+v", err, back)
	}
	wantDecimal(t, "customer after reclaiming", custBalance(t, app, c), bal0.Add(decimal.RequireFromString("60.25")))
	cash := cashOf(t, app, provider.ID)
	wantDecimal(t, "cash after reclaiming", cash, cash0.Sub(decimal.RequireFromString("60.25")))

	bal, err := client.ListPartnerBalances(&model.ListPartnerBalancesRequest{})
	if err != nil || len(*bal.AccountBalances) != 1 {
		t.Fatalf("balances: %v %+v", err, bal)
	}
	ab := (*bal.AccountBalances)[0]
	if ab.AccountType != 1 || ab.Currency != "CNY" || ab.MeasureId != 1 || ab.AccountId != provider.DomainID ||
		ab.Amount != cash.InexactFloat64() || ab.DesignatedAmount == nil || *ab.DesignatedAmount != 0 {
		t.Errorf("balance %+v, cash %s", ab, cash)
	}
	cb, err := client.ListCustomersBalancesDetail(&model.ListCustomersBalancesDetailRequest{Body: &model.QueryCustomersBalancesReq{
		CustomerInfos: []model.CustomerInfoV2{{CustomerId: c.DomainID}}}})
	if err != nil || len(*cb.CustomerBalances) != 1 {
		t.Fatalf("customer balances: %v %+v", err, cb)
	}
	wantDecimal(t, "customer balance", *(*cb.CustomerBalances)[0].Amount, custBalance(t, app, c))

	for _, tc := range []struct {
		trans, op, amount string
	}{{*alloc.TransferId, "SOURCE_OPERATION_BEADJUST", "100.50"}, {*back.TransId, "SOURCE_OPERATION_BERETRIEVE", "40.25"}} {
		recs, err := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{TransId: ptr(tc.trans)})
		if err != nil || *recs.TotalCount != 1 {
			t.Fatalf("record %s: %v %+v", tc.trans, err, recs)
		}
		r := (*recs.Records)[0]
		if *r.OperationType != tc.op || *r.Amount != tc.amount || *r.CustomerId != c.DomainID || *r.CustomerName != c.AccountName ||
			*r.Currency != "CNY" || *r.MeasureId != 1 || *r.TransId != tc.trans || *r.OperationTime != testNow.Format("2006-01-02T15:04:05Z") {
			t.Errorf("record %+v", r)
		}
	}

	// each refusal is its BSS code and moves nothing
	n := transferCount(app)
	reseller := partnerNamed(t, app, "reseller")
	var advisory models.Customer
	app.DB.Where("partner_id = ? AND mode = ?", provider.ID, models.Advisory).Order("id").First(&advisory)
	frozen := fundableOf(t, app, provider.ID, 3)
	app.DB.Model(&frozen).Update("frozen", 1)
	others := fundableOf(t, app, reseller.ID, 0)
	allocate := func(customer, amount string) error {
		_, err := client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
			CustomerId: customer, Amount: dec(amount)}})
		return err
	}
	reclaim := func(customer, amount string) error {
		_, err := client.ReclaimToPartnerAccount(&model.ReclaimToPartnerAccountRequest{Body: &model.ReclaimToPartnerAccountBalancesReq{
			CustomerId: customer, Amount: dec(amount)}})
		return err
	}
	sdkError(t, allocate(c.DomainID, cash.Add(decimal.New(1, -2)).String()), http.StatusBadRequest, "CBC.99005003")
	sdkError(t, reclaim(c.DomainID, custBalance(t, app, c).Add(decimal.New(1, -2)).String()), http.StatusBadRequest, "CBC.99005003")
	sdkError(t, allocate(others.DomainID, "1"), http.StatusBadRequest, "CBC.99000035")
	sdkError(t, reclaim(others.DomainID, "1"), http.StatusBadRequest, "CBC.99000035")
	sdkError(t, allocate("0123456789abcdef0123456789abcdef", "1"), http.StatusBadRequest, "CBC.99000035")
	sdkError(t, allocate(advisory.DomainID, "1"), http.StatusBadRequest, "CBC.99000014")
	sdkError(t, reclaim(advisory.DomainID, "1"), http.StatusBadRequest, "CBC.99000014")
	sdkError(t, allocate(frozen.DomainID, "1"), http.StatusBadRequest, "CBC.0100")
	for _, amount := range []string{"0", "-1", "1.001", "0.001"} {
		sdkError(t, allocate(c.DomainID, amount), http.StatusBadRequest, "CBC.0100")
	}
	sdkError(t, allocate("", "1"), http.StatusBadRequest, "CBC.0100")
	_, err = client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{CustomerId: c.DomainID}})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100") // no amount: the SDK sends null
	// indirect_partner_id is a master distributor's; the reseller operations are too
	_, err = client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
		CustomerId: others.DomainID, Amount: dec("1"), IndirectPartnerId: ptr(reseller.DomainID)}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	_, err = client.UpdateIndirectPartnerAccount(&model.UpdateIndirectPartnerAccountRequest{Body: &model.AdjustToIndirectPartnerReq{
		IndirectPartnerId: reseller.DomainID, Amount: dec("1")}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	_, err = client.ReclaimIndirectPartnerAccount(&model.ReclaimIndirectPartnerAccountRequest{Body: &model.ReclaimIndirectPartnerAccountReq{
		IndirectPartnerId: reseller.DomainID, Amount: dec("1")}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	if got := transferCount(app); got != n {
		t.Errorf("refused calls made %d transfers", got-n)
	}

	// roles: money moves for admin and finance; balances and records are read by viewers too, not by sales
	setRoles := func(r models.Roles) {
		app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", r)
	}
	reads := func() []error {
		_, e1 := client.ListPartnerBalances(&model.ListPartnerBalancesRequest{})
		_, e2 := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{})
		_, e3 := client.ListPartnerAccountChangeRecords(&model.ListPartnerAccountChangeRecordsRequest{BalanceType: "BALANCE_TYPE_DEBIT"})
		_, e4 := client.ListCustomersBalancesDetail(&model.ListCustomersBalancesDetailRequest{Body: &model.QueryCustomersBalancesReq{
			CustomerInfos: []model.CustomerInfoV2{{CustomerId: c.DomainID}}}})
		return []error{e1, e2, e3, e4}
	}
	setRoles(models.Roles(models.RoleFinance))
	if err := allocate(c.DomainID, "1"); err != nil {
		t.Errorf("finance allocates: %v", err)
	}
	if err := reclaim(c.DomainID, "1"); err != nil {
		t.Errorf("finance reclaims: %v", err)
	}
	setRoles(models.Roles(models.RoleViewer))
	sdkError(t, allocate(c.DomainID, "1"), http.StatusForbidden, "CBC.0155")
	sdkError(t, reclaim(c.DomainID, "1"), http.StatusForbidden, "CBC.0155")
	for i, err := range reads() {
		if err != nil {
			t.Errorf("viewer read %d: %v", i, err)
		}
	}
	setRoles(models.Roles(models.RoleSales))
	sdkError(t, allocate(c.DomainID, "1"), http.StatusForbidden, "CBC.0155")
	for _, err := range reads() {
		sdkError(t, err, http.StatusForbidden, "CBC.0155")
	}
	checkLedger(t, app)
}

func TestSDKResellerFunds(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "distributor")
	dist, reseller, other := partnerNamed(t, app, "distributor"), partnerNamed(t, app, "reseller"), partnerNamed(t, app, "reseller-sh")
	dcash0, rcash0 := cashOf(t, app, dist.ID), cashOf(t, app, reseller.ID)

	fund, err := client.UpdateIndirectPartnerAccount(&model.UpdateIndirectPartnerAccountRequest{Body: &model.AdjustToIndirectPartnerReq{
		IndirectPartnerId: reseller.DomainID, Amount: dec("1000")}})
	if err != nil || fund.TransferId == nil || len(*fund.TransferId) != 32 {
		t.Fatalf("fund a reseller: %v %+v", err, fund)
	}
	back, err := client.ReclaimIndirectPartnerAccount(&model.ReclaimIndirectPartnerAccountRequest{Body: &model.ReclaimIndirectPartnerAccountReq{
		IndirectPartnerId: reseller.DomainID, Amount: dec("250.5")}})
	if err != nil || back.TransId == nil || len(*back.TransId) != 32 {
		t.Fatalf("reclaim from a reseller: %v %+v", err, back)
	}
	rcash := rcash0.Add(decimal.RequireFromString("749.5"))
	wantDecimal(t, "reseller", cashOf(t, app, reseller.ID), rcash)
	wantDecimal(t, "master distributor", cashOf(t, app, dist.ID), dcash0.Sub(decimal.RequireFromString("749.5")))
	bal, err := client.ListPartnerBalances(&model.ListPartnerBalancesRequest{IndirectPartnerId: ptr(reseller.DomainID)})
	if err != nil || (*bal.AccountBalances)[0].Amount != rcash.InexactFloat64() || (*bal.AccountBalances)[0].AccountId != reseller.DomainID {
		t.Fatalf("reseller's balance: %v %+v", err, bal)
	}
	own, err := client.ListPartnerBalances(&model.ListPartnerBalancesRequest{})
	if err != nil || (*own.AccountBalances)[0].Amount != cashOf(t, app, dist.ID).InexactFloat64() {
		t.Fatalf("own balance: %v %+v", err, own)
	}

	n := transferCount(app)
	_, err = client.ReclaimIndirectPartnerAccount(&model.ReclaimIndirectPartnerAccountRequest{Body: &model.ReclaimIndirectPartnerAccountReq{
		IndirectPartnerId: reseller.DomainID, Amount: dec(rcash.Add(decimal.New(1, -2)).String())}})
	sdkError(t, err, http.StatusBadRequest, "CBC.99005003")
	_, err = client.UpdateIndirectPartnerAccount(&model.UpdateIndirectPartnerAccountRequest{Body: &model.AdjustToIndirectPartnerReq{
		IndirectPartnerId: dist.DomainID, Amount: dec("1")}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	provider := partnerNamed(t, app, "provider")
	_, err = client.UpdateIndirectPartnerAccount(&model.UpdateIndirectPartnerAccountRequest{Body: &model.AdjustToIndirectPartnerReq{
		IndirectPartnerId: provider.DomainID, Amount: dec("1")}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	_, err = client.UpdateIndirectPartnerAccount(&model.UpdateIndirectPartnerAccountRequest{Body: &model.AdjustToIndirectPartnerReq{
		IndirectPartnerId: reseller.DomainID, Amount: dec(cashOf(t, app, dist.ID).Add(decimal.New(1, -2)).String())}})
	sdkError(t, err, http.StatusBadRequest, "CBC.99005003")
	_, err = client.ListPartnerBalances(&model.ListPartnerBalancesRequest{IndirectPartnerId: ptr(provider.DomainID)})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")

	// the master distributor allocates to a reseller's customer from the reseller's account, naming the reseller
	rc := fundableOf(t, app, reseller.ID, 0)
	adjust := func(indirect *string) (*model.UpdateCustomerAccountAmountResponse, error) {
		return client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
			CustomerId: rc.DomainID, Amount: dec("99.99"), IndirectPartnerId: indirect}})
	}
	_, err = adjust(nil)
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
	_, err = adjust(ptr(other.DomainID))
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
	if got := transferCount(app); got != n {
		t.Errorf("refused calls made %d transfers", got-n)
	}
	rb0 := custBalance(t, app, rc)
	alloc, err := adjust(ptr(reseller.DomainID))
	if err != nil {
		t.Fatal(err)
	}
	wantDecimal(t, "reseller after allocating to its customer", cashOf(t, app, reseller.ID), rcash.Sub(decimal.RequireFromString("99.99")))
	wantDecimal(t, "reseller's customer", custBalance(t, app, rc), rb0.Add(decimal.RequireFromString("99.99")))
	rb, err := client.ReclaimToPartnerAccount(&model.ReclaimToPartnerAccountRequest{Body: &model.ReclaimToPartnerAccountBalancesReq{
		CustomerId: rc.DomainID, Amount: dec("0.99"), IndirectPartnerId: ptr(reseller.DomainID)}})
	if err != nil {
		t.Fatal(err)
	}
	rcash = rcash.Sub(decimal.RequireFromString("99"))
	wantDecimal(t, "reseller after reclaiming from its customer", cashOf(t, app, reseller.ID), rcash)

	// adjust records: the master distributor's with the reseller as customer_id; the reseller's own
	recs, err := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{CustomerId: ptr(reseller.DomainID)})
	if err != nil {
		t.Fatal(err)
	}
	var withReseller int64
	app.DB.Model(&models.Transfer{}).Where("partner_id = ? AND kind IN ? AND (to_account_id IN (?) OR from_account_id IN (?))", dist.ID,
		[]models.TransferKind{models.KindResellerFund, models.KindResellerReclaim},
		app.DB.Model(&models.Account{}).Select("id").Where("kind = ? AND partner_id = ?", models.PartnerAccount, reseller.ID),
		app.DB.Model(&models.Account{}).Select("id").Where("kind = ? AND partner_id = ?", models.PartnerAccount, reseller.ID)).Count(&withReseller)
	if int64(*recs.TotalCount) != withReseller || withReseller != 3 { // the demo's funding and this test's two
		t.Errorf("records with the reseller: %d, want %d", *recs.TotalCount, withReseller)
	}
	first := (*recs.Records)[0]
	if *first.TransId != *back.TransId || *first.OperationType != "SOURCE_OPERATION_BERETRIEVE" || *first.Amount != "250.50" ||
		*first.CustomerId != reseller.DomainID || *first.CustomerName != reseller.AccountName {
		t.Errorf("newest record with the reseller %+v", first)
	}
	mine, err := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{IndirectPartnerId: ptr(reseller.DomainID),
		TransId: alloc.TransferId})
	if err != nil || *mine.TotalCount != 1 || *(*mine.Records)[0].CustomerId != rc.DomainID {
		t.Fatalf("the reseller's records: %v %+v", err, mine)
	}
	// the reseller's statement: newest first, with the balance after each change
	st, err := client.ListPartnerAccountChangeRecords(&model.ListPartnerAccountChangeRecordsRequest{BalanceType: "BALANCE_TYPE_DEBIT",
		IndirectPartnerId: ptr(reseller.DomainID), Limit: ptr(int32(4))})
	if err != nil || len(*st.Records) != 4 {
		t.Fatalf("the reseller's statement: %v %+v", err, st)
	}
	lines := *st.Records
	want := []struct{ trade, typ, amount, detail string }{
		{*rb.TransId, "1", "0.99", "SOURCE_OPERATION_BERETRIEVE"},
		{*alloc.TransferId, "2", "99.99", "SOURCE_OPERATION_BEADJUST"},
		{*back.TransId, "2", "250.50", "SOURCE_OPERATION_BERETRIEVE"},
		{*fund.TransferId, "1", "1000.00", "SOURCE_OPERATION_BEADJUST"},
	}
	after := rcash
	for i, w := range want {
		l := lines[i]
		if *l.TradeId != w.trade || *l.Type != w.typ || *l.ChangeAmount != w.amount || *l.TradeDetailType != w.detail ||
			*l.BalanceAfterChange != after.StringFixed(2) {
			t.Errorf("line %d: %+v, want %+v after %s", i, l, w, after.StringFixed(2))
		}
		change := decimal.RequireFromString(w.amount)
		if w.typ == "1" {
			after = after.Sub(change)
		} else {
			after = after.Add(change)
		}
	}
	if *lines[0].CustomerId != rc.DomainID || *lines[3].CustomerId != dist.DomainID || *lines[3].AccountName != dist.AccountName {
		t.Errorf("counterparties %v %v", *lines[0].CustomerId, *lines[3].CustomerId)
	}
	cb, err := client.ListCustomersBalancesDetail(&model.ListCustomersBalancesDetailRequest{Body: &model.QueryCustomersBalancesReq{
		CustomerInfos: []model.CustomerInfoV2{{CustomerId: rc.DomainID}}, IndirectPartnerId: ptr(reseller.DomainID)}})
	if err != nil || len(*cb.CustomerBalances) != 1 {
		t.Fatalf("the reseller's customer's balance: %v %+v", err, cb)
	}
	wantDecimal(t, "the reseller's customer's balance", *(*cb.CustomerBalances)[0].Amount, custBalance(t, app, rc))
	checkLedger(t, app)
}

func TestSDKAdjustRecordFilters(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerNamed(t, app, "provider")
	count := func(where string, args ...any) int32 {
		var n int64
		app.DB.Model(&models.Transfer{}).Where("partner_id = ? AND kind IN ?", provider.ID,
			[]models.TransferKind{models.KindAllocate, models.KindReclaim, models.KindUnbind}).Where(where, args...).Count(&n)
		return int32(n)
	}
	// an unbinding reclaims the customer's balance (SOURCE_OPERATION_BEUNBIND)
	unbound := fundableOf(t, app, provider.ID, 1)
	if custBalance(t, app, unbound).IsZero() {
		t.Fatal("the demo customer has no balance")
	}
	admin := models.ActorOf(mustUser(t, app, "provider"), "test")
	if err := models.Unbind(context.Background(), app.DB, admin, unbound.ID, testNow); err != nil {
		t.Fatal(err)
	}
	// three allocations two days later
	app.advance(48 * time.Hour)
	c := fundableOf(t, app, provider.ID, 0)
	var later []string
	for i := range 3 {
		resp, err := client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
			CustomerId: c.DomainID, Amount: dec(fmt.Sprintf("%d.5", i+1))}})
		if err != nil {
			t.Fatal(err)
		}
		later = append(later, *resp.TransferId)
	}
	reseller := partnerNamed(t, app, "reseller")
	others := fundableOf(t, app, reseller.ID, 0)
	const layout = "2006-01-02T15:04:05Z"
	cases := []struct {
		name string
		req  model.ListPartnerAdjustRecordsRequest
		want int32
	}{
		{"all", model.ListPartnerAdjustRecordsRequest{}, count("1 = 1")},
		{"allocations", model.ListPartnerAdjustRecordsRequest{OperationType: ptr("SOURCE_OPERATION_BEADJUST")}, count("kind = ?", models.KindAllocate)},
		{"reclaims", model.ListPartnerAdjustRecordsRequest{OperationType: ptr("SOURCE_OPERATION_BERETRIEVE")}, count("kind = ?", models.KindReclaim)},
		{"unbinding", model.ListPartnerAdjustRecordsRequest{OperationType: ptr("SOURCE_OPERATION_BEUNBIND")}, 1},
		{"an unbound customer", model.ListPartnerAdjustRecordsRequest{CustomerId: ptr(unbound.DomainID)}, count("customer_id = ?", unbound.ID)},
		{"a customer", model.ListPartnerAdjustRecordsRequest{CustomerId: ptr(c.DomainID)}, count("customer_id = ?", c.ID)},
		{"another partner's customer", model.ListPartnerAdjustRecordsRequest{CustomerId: ptr(others.DomainID)}, 0},
		{"since yesterday", model.ListPartnerAdjustRecordsRequest{OperationTimeBegin: ptr(testNow.Add(24 * time.Hour).Format(layout))}, 3},
		{"until the start", model.ListPartnerAdjustRecordsRequest{OperationTimeEnd: ptr(testNow.Format(layout))}, count("1 = 1") - 3},
		{"a transaction", model.ListPartnerAdjustRecordsRequest{TransId: ptr(later[1])}, 1},
		{"paging", model.ListPartnerAdjustRecordsRequest{Offset: ptr(int32(2)), Limit: ptr(int32(3))}, count("1 = 1")},
	}
	for _, tc := range cases {
		resp, err := client.ListPartnerAdjustRecords(&tc.req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		limit := int32(10)
		if tc.req.Limit != nil {
			limit = *tc.req.Limit
		}
		if *resp.TotalCount != tc.want || int32(len(*resp.Records)) != min(limit, max(0, tc.want-ptrOr(tc.req.Offset))) {
			t.Errorf("%s: total %d, %d rows; want %d", tc.name, *resp.TotalCount, len(*resp.Records), tc.want)
		}
	}
	all, _ := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{})
	page, _ := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{Offset: ptr(int32(2)), Limit: ptr(int32(3))})
	for i, r := range *page.Records {
		if *r.TransId != *(*all.Records)[i+2].TransId {
			t.Errorf("page row %d is not row %d of the list", i, i+2)
		}
	}
	if recs := *all.Records; *recs[0].TransId != later[2] || *recs[2].TransId != later[0] || *recs[0].Amount != "3.50" {
		t.Errorf("not newest first: %v %v", *recs[0].TransId, *recs[0].Amount)
	}
	unbind, _ := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{OperationType: ptr("SOURCE_OPERATION_BEUNBIND")})
	if r := (*unbind.Records)[0]; *r.CustomerId != unbound.DomainID || *r.OperationType != "SOURCE_OPERATION_BEUNBIND" {
		t.Errorf("unbinding record %+v", r)
	}
	for _, req := range []model.ListPartnerAdjustRecordsRequest{
		{OperationType: ptr("SOURCE_OPERATION_REFUND")},
		{OperationTimeBegin: ptr("2026-11-23")},
		{Limit: ptr(int32(0))}, {Limit: ptr(int32(101))}, {Offset: ptr(int32(-1))},
		{CustomerId: ptr(strings.Repeat("a", 65))},
	} {
		_, err := client.ListPartnerAdjustRecords(&req)
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	_, err := client.ListPartnerAdjustRecords(&model.ListPartnerAdjustRecordsRequest{IndirectPartnerId: ptr(reseller.DomainID)})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	checkLedger(t, app)
}

func TestSDKAccountChangeRecords(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerNamed(t, app, "provider")
	var acct models.Account
	app.DB.Where("kind = ? AND partner_id = ?", models.PartnerAccount, provider.ID).First(&acct)
	entries := func(where string, args ...any) int32 {
		var n int64
		app.DB.Table("entries").Joins("JOIN transfers ON transfers.id = entries.transfer_id").
			Where("entries.account_id = ?", acct.ID).Where(where, args...).Count(&n)
		return int32(n)
	}
	app.advance(48 * time.Hour) // 2026-11-25 in UTC+8
	c := fundableOf(t, app, provider.ID, 0)
	alloc, err := client.UpdateCustomerAccountAmount(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
		CustomerId: c.DomainID, Amount: dec("300")}})
	if err != nil {
		t.Fatal(err)
	}
	back, err := client.ReclaimToPartnerAccount(&model.ReclaimToPartnerAccountRequest{Body: &model.ReclaimToPartnerAccountBalancesReq{
		CustomerId: c.DomainID, Amount: dec("0.3")}})
	if err != nil {
		t.Fatal(err)
	}
	debit := "BALANCE_TYPE_DEBIT"
	list := func(req model.ListPartnerAccountChangeRecordsRequest) *model.ListPartnerAccountChangeRecordsResponse {
		t.Helper()
		resp, err := client.ListPartnerAccountChangeRecords(&req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := list(model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit})
	if *resp.Currency != "CNY" || *resp.TotalCount != entries("1 = 1") || len(*resp.Records) != 10 {
		t.Fatalf("statement: %d of %d", *resp.TotalCount, entries("1 = 1"))
	}
	r0, r1 := (*resp.Records)[0], (*resp.Records)[1]
	cash := cashOf(t, app, provider.ID)
	if *r0.TradeId != *back.TransId || *r0.Type != "1" || *r0.ChangeAmount != "0.30" || *r0.BalanceAfterChange != cash.StringFixed(2) ||
		*r0.TradeDetailType != "SOURCE_OPERATION_BERETRIEVE" || *r0.CustomerId != c.DomainID || *r0.AccountName != c.AccountName ||
		*r0.TradeTime != testNow.Add(48*time.Hour).Format("2006-01-02T15:04:05Z") || *r0.AccountChangeId == "" {
		t.Errorf("newest line %+v (cash %s)", r0, cash)
	}
	if *r1.TradeId != *alloc.TransferId || *r1.Type != "2" || *r1.ChangeAmount != "300.00" ||
		*r1.BalanceAfterChange != cash.Sub(decimal.RequireFromString("0.3")).StringFixed(2) {
		t.Errorf("allocation line %+v", r1)
	}
	cases := []struct {
		name string
		req  model.ListPartnerAccountChangeRecordsRequest
		want int32
	}{
		{"recharges", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeType: ptr("RECHARGE")}, entries("transfers.kind = ?", models.KindDeposit)},
		{"allocations", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeType: ptr("BEADJUST")}, entries("transfers.kind = ?", models.KindAllocate)},
		{"reclaims", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeType: ptr("BERETRIEVE")}, entries("transfers.kind = ?", models.KindReclaim)},
		{"consumption", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeType: ptr("DEDEUCT")}, 0},
		{"from the 25th", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeTimeBegin: ptr("2026-11-25")}, 2},
		{"until the 24th", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeTimeEnd: ptr("2026-11-24")}, entries("1 = 1") - 2},
		{"one day", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeTimeBegin: ptr("2026-11-23"), TradeTimeEnd: ptr("2026-11-23")}, entries("1 = 1") - 2},
		{"long ago", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeTimeBegin: ptr("2020-01-01"), TradeTimeEnd: ptr("2020-12-31")}, 0},
		{"paging", model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, Offset: ptr(int32(3)), Limit: ptr(int32(4))}, entries("1 = 1")},
		{"credit", model.ListPartnerAccountChangeRecordsRequest{BalanceType: "BALANCE_TYPE_CREDIT"}, 0},
	}
	for _, tc := range cases {
		resp := list(tc.req)
		limit := int32(10)
		if tc.req.Limit != nil {
			limit = *tc.req.Limit
		}
		if *resp.TotalCount != tc.want || int32(len(*resp.Records)) != min(limit, max(0, tc.want-ptrOr(tc.req.Offset))) {
			t.Errorf("%s: total %d, %d rows; want %d", tc.name, *resp.TotalCount, len(*resp.Records), tc.want)
		}
	}
	rech := list(model.ListPartnerAccountChangeRecordsRequest{BalanceType: debit, TradeType: ptr("RECHARGE")})
	if r := (*rech.Records)[0]; *r.TradeDetailType != "SOURCE_OPERAIION_RECHARGE" || *r.Type != "1" || *r.ChangeAmount != "500000.00" {
		t.Errorf("deposit line %+v", r)
	}
	for _, req := range []model.ListPartnerAccountChangeRecordsRequest{
		{}, {BalanceType: "BALANCE_TYPE_BONUS"}, {BalanceType: debit, TradeType: ptr("SPEND")},
		{BalanceType: debit, TradeTimeBegin: ptr("2026/11/25")}, {BalanceType: debit, TradeTimeEnd: ptr("2026-11-25T00:00:00Z")},
		{BalanceType: debit, TradeTimeBegin: ptr("2026-11-26"), TradeTimeEnd: ptr("2026-11-25")},
		{BalanceType: debit, Limit: ptr(int32(0))},
	} {
		_, err := client.ListPartnerAccountChangeRecords(&req)
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	checkLedger(t, app)
}

func TestSDKCustomersBalances(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider, reseller := partnerNamed(t, app, "provider"), partnerNamed(t, app, "reseller")
	funded := fundableOf(t, app, provider.ID, 0)
	var unfunded, advisory models.Customer
	app.DB.Where("partner_id = ? AND mode = ? AND id NOT IN (SELECT customer_id FROM accounts WHERE customer_id IS NOT NULL)",
		provider.ID, models.Consignment).Order("id").First(&unfunded)
	app.DB.Where("partner_id = ? AND mode = ?", provider.ID, models.Advisory).Order("id").First(&advisory)
	others := fundableOf(t, app, reseller.ID, 0)
	if unfunded.ID == 0 || advisory.ID == 0 {
		t.Fatal("the demo lacks an unfunded consignment or an advisory customer")
	}
	ask := func(ids ...string) ([]model.CustomerBalancesV2, error) {
		infos := make([]model.CustomerInfoV2, 0, len(ids))
		for _, id := range ids {
			infos = append(infos, model.CustomerInfoV2{CustomerId: id})
		}
		resp, err := client.ListCustomersBalancesDetail(&model.ListCustomersBalancesDetailRequest{Body: &model.QueryCustomersBalancesReq{CustomerInfos: infos}})
		if err != nil {
			return nil, err
		}
		return *resp.CustomerBalances, nil
	}
	got, err := ask(unfunded.DomainID, advisory.DomainID, funded.DomainID, others.DomainID, "0123456789abcdef0123456789abcdef", unfunded.DomainID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].CustomerId != unfunded.DomainID || got[1].CustomerId != funded.DomainID {
		t.Fatalf("balances %+v", got)
	}
	wantDecimal(t, "unfunded", *got[0].Amount, decimal.Zero)
	wantDecimal(t, "funded", *got[1].Amount, custBalance(t, app, funded))
	if got[1].Amount.IsZero() || !got[1].DebtAmount.IsZero() || *got[1].Currency != "CNY" || *got[1].MeasureId != 1 {
		t.Errorf("funded %+v", got[1])
	}
	_, err = ask()
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprintf("%032x", i)
	}
	_, err = ask(ids...)
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	if got, err := ask(ids[:100]...); err != nil || len(got) != 0 {
		t.Errorf("100 unknown customers: %v %v", err, got)
	}
	_, err = client.ListCustomersBalancesDetail(&model.ListCustomersBalancesDetailRequest{Body: &model.QueryCustomersBalancesReq{
		CustomerInfos: []model.CustomerInfoV2{{CustomerId: others.DomainID}}, IndirectPartnerId: ptr(reseller.DomainID)}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	checkLedger(t, app)
}
