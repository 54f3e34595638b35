package handlers

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

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
