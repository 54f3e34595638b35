package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"

	"partnerhub/handlers/api"
	"partnerhub/models"
)

// The coupon operations (reference sections 4.2 and 4.3) through the SDK, and raw signed requests
// for what the SDK cannot send: malformed face values, wrong JSON types, X-Idempotency-Key.

const sdkTime = "2006-01-02T15:04:05Z"

// grantQuota has the operator grant a partner a voucher quota of yuan, effective from a day before
// testNow for 30 days, with the given changes.
func grantQuota(t testing.TB, app *testApp, partner string, yuan int64, change func(*models.GrantInput)) *models.CouponQuota {
	t.Helper()
	in := models.GrantInput{PartnerID: partnerNamed(t, app, partner).ID, Type: models.VoucherQuota, Amount: models.Fen(yuan * 100),
		EffectiveAt: testNow.Add(-24 * time.Hour), ExpireAt: testNow.Add(30 * 24 * time.Hour)}
	if change != nil {
		change(&in)
	}
	q, err := models.GrantQuota(context.Background(), app.DB, models.ActorOf(mustUser(t, app, "operator"), "test"), in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// issuable is n unfrozen customers of a partner that hold no coupon yet (the demo world's hold some).
func issuable(t testing.TB, app *testApp, partnerID uint64, n int) []models.Customer {
	t.Helper()
	var cs []models.Customer
	err := app.DB.Where("partner_id = ? AND frozen = 0 AND id NOT IN (SELECT customer_id FROM coupons)", partnerID).
		Order("id").Limit(n).Find(&cs).Error
	if err != nil || len(cs) < n {
		t.Fatalf("%d customers: %v", len(cs), err)
	}
	return cs
}

func domainIDs(cs []models.Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.DomainID
	}
	return out
}

func quotaLeft(t testing.TB, app *testApp, id uint64) decimal.Decimal {
	t.Helper()
	var q models.CouponQuota
	if err := app.DB.First(&q, id).Error; err != nil {
		t.Fatal(err)
	}
	return q.BalanceMoney().Decimal
}

func couponCount(app *testApp) int64 {
	var n int64
	app.DB.Model(&models.Coupon{}).Count(&n)
	return n
}

func issue(client *bss.BssClient, req model.CreatePartnerCouponsReq) (*model.CreatePartnerCouponsResponse, error) {
	return client.CreatePartnerCoupons(&model.CreatePartnerCouponsRequest{Body: &req})
}

// rawCaller signs requests with an access key, for what the SDK cannot send.
type rawCaller struct {
	app            *testApp
	ak, sk, domain string
}

func newRawCaller(t testing.TB, app *testApp, username string) *rawCaller {
	t.Helper()
	_, key := sdkClient(t, app, username)
	var p models.Partner
	app.DB.First(&p, *mustUser(t, app, username).PartnerID)
	return &rawCaller{app: app, ak: key.Key.AccessKeyID, sk: key.SecretKey, domain: p.DomainID}
}

// do sends a signed request with extra header pairs and decodes the JSON answer (nil when empty).
func (r *rawCaller) do(t testing.TB, method, pathAndQuery, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, r.app.Srv.URL+pathAndQuery, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	api.SignRequest(req, []byte(body), r.ak, r.sk, r.domain, time.Now())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: not JSON (%d): %s", method, pathAndQuery, res.StatusCode, b)
		}
	}
	return res.StatusCode, out
}

func wantRawError(t testing.TB, what string, status int, body map[string]any, wantStatus int, code string) {
	t.Helper()
	if status != wantStatus || body["error_code"] != code || body["error_msg"] == "" {
		t.Errorf("%s: %d %v, want %d %s", what, status, body, wantStatus, code)
	}
}

const (
	pathIssueCoupons = "/v2/promotions/benefits/partner-coupons"
	pathQuotaQuery   = "/v2/partners/coupon-quotas/query"
	pathGiveQuota    = "/v2/partners/coupon-quotas/indirect-partner-adjust"
	pathCouponRecs   = "/v2/promotions/benefits/partner-coupons/records/query"
)

func TestSDKCouponQuotas(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	ebs, ecs := "hws.service.type.ebs", "hws.service.type.ec2"
	total := func(req model.QueryCouponQuotasReqExt) int32 { // the demo world's quotas
		t.Helper()
		resp, err := client.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &req})
		if err != nil {
			t.Fatal(err)
		}
		return *resp.TotalCount
	}
	demoVouchers, demoCash := total(model.QueryCouponQuotasReqExt{}), total(model.QueryCouponQuotasReqExt{QuotaType: ptr(int32(1))})
	limited := grantQuota(t, app, "provider", 1000, func(in *models.GrantInput) {
		in.ServiceTypes, in.MinFace, in.MaxFace = []string{ecs, ebs}, models.Fen(1000), models.Fen(50000)
	})
	plain := grantQuota(t, app, "provider", 500, nil)
	cash := grantQuota(t, app, "provider", 200, func(in *models.GrantInput) { in.Type = models.CashCouponQuota })
	grantQuota(t, app, "distributor", 300, nil)
	list := func(req model.QueryCouponQuotasReqExt) *model.ListQuotaCouponsResponse {
		t.Helper()
		resp, err := client.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &req})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	all := list(model.QueryCouponQuotasReqExt{})
	if *all.TotalCount != demoVouchers+2 || *(*all.Quotas)[0].QuotaId != plain.PublicID {
		t.Fatalf("voucher quotas (the default type), newest first: %+v", all)
	}
	q := (*all.Quotas)[1]
	if *q.QuotaId != limited.PublicID || *q.QuotaType != 0 || *q.QuotaStatus != 0 || !q.QuotaValue.Equal(decimal.NewFromInt(1000)) ||
		!q.Balance.Equal(decimal.NewFromInt(1000)) || *q.MeasureId != 1 || *q.Currency != "CNY" ||
		*q.EffectiveTime != testNow.Add(-24*time.Hour).Format(sdkTime) || *q.ExpireTime != testNow.Add(30*24*time.Hour).Format(sdkTime) ||
		*q.CreateTime != testNow.Format(sdkTime) {
		t.Errorf("quota %+v", q)
	}
	limits := *q.LimitInfos
	if len(limits) != 2 || *limits[0].LimitKey != "cloudServiceType" || len(*limits[0].LimitValues) != 2 ||
		*(*limits[0].LimitValues)[0].Value1 != ebs || *(*limits[0].LimitValues)[1].Value1 != ecs ||
		*limits[1].LimitKey != "faceValue" || *(*limits[1].LimitValues)[0].Value1 != "10.00" || *(*limits[1].LimitValues)[0].Value2 != "500.00" {
		t.Errorf("limit infos %s", mustJSON(limits))
	}
	if got := list(model.QueryCouponQuotasReqExt{QuotaType: ptr(int32(1))}); *got.TotalCount != demoCash+1 || *(*got.Quotas)[0].QuotaId != cash.PublicID ||
		*(*got.Quotas)[0].QuotaType != 1 || len(*(*got.Quotas)[0].LimitInfos) != 0 {
		t.Errorf("cash quotas %+v", got)
	}
	if got := list(model.QueryCouponQuotasReqExt{QuotaIds: &[]string{limited.PublicID, cash.PublicID}}); *got.TotalCount != 1 {
		t.Errorf("by id: %d", *got.TotalCount)
	}
	op := models.ActorOf(mustUser(t, app, "operator"), "test")
	if _, err := models.SetQuotaStatus(context.Background(), app.DB, op, plain.ID, models.QuotaFreeze, testNow); err != nil {
		t.Fatal(err)
	}
	if got := list(model.QueryCouponQuotasReqExt{QuotaStatusList: &[]int32{5}}); *got.TotalCount != 1 || *(*got.Quotas)[0].QuotaStatus != 5 {
		t.Errorf("frozen: %+v", got)
	}
	if got := list(model.QueryCouponQuotasReqExt{QuotaStatusList: &[]int32{0, 3}}); *got.TotalCount != demoVouchers+1 {
		t.Errorf("normal or invalid: %d", *got.TotalCount)
	}
	if got := list(model.QueryCouponQuotasReqExt{CreateTimeBegin: ptr(testNow.Add(time.Hour).Format(sdkTime))}); *got.TotalCount != 0 {
		t.Errorf("created later: %d", *got.TotalCount)
	}
	if got := list(model.QueryCouponQuotasReqExt{ExpireTimeEnd: ptr(testNow.Add(30 * 24 * time.Hour).Format(sdkTime)),
		EffectiveTimeBegin: ptr(testNow.Add(-24 * time.Hour).Format(sdkTime))}); *got.TotalCount != 2 {
		t.Errorf("validity within: %d", *got.TotalCount)
	}
	if got := list(model.QueryCouponQuotasReqExt{Offset: ptr(int32(1)), Limit: ptr(int32(1))}); *got.TotalCount != demoVouchers+2 || len(*got.Quotas) != 1 {
		t.Errorf("paging: %+v", got)
	}
	for _, req := range []model.QueryCouponQuotasReqExt{
		{QuotaStatusList: &[]int32{7}}, {QuotaType: ptr(int32(2))}, {Limit: ptr(int32(101))},
		{CreateTimeBegin: ptr("2026-11-23")}, {QuotaIds: &[]string{strings.Repeat("q", 65)}},
	} {
		_, err := client.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &req})
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	reseller := partnerNamed(t, app, "reseller")
	_, err := client.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &model.QueryCouponQuotasReqExt{IndirectPartnerId: ptr(reseller.DomainID)}})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	raw := newRawCaller(t, app, "provider")
	for name, body := range map[string]string{
		"offset as a string":    `{"offset":"1"}`,
		"quota_ids as a string": `{"quota_ids":"` + limited.PublicID + `"}`,
		"status as strings":     `{"quota_status_list":["0"]}`,
		"quota type as a float": `{"quota_type":0.5}`,
	} {
		status, resp := raw.do(t, "POST", pathQuotaQuery, body)
		wantRawError(t, name, status, resp, http.StatusBadRequest, "CBC.0100")
	}
	// a viewer reads quotas, a sales member does not
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleViewer))
	if _, err := client.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &model.QueryCouponQuotasReqExt{}}); err != nil {
		t.Errorf("viewer: %v", err)
	}
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleSales))
	_, err = client.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &model.QueryCouponQuotasReqExt{}})
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	checkLedger(t, app)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSDKCouponIssue(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider, reseller := partnerNamed(t, app, "provider"), partnerNamed(t, app, "reseller")
	q := grantQuota(t, app, "provider", 1000, nil)
	// this test's coupons are created an hour after the demo world's, so that a creation time tells them apart
	app.advance(time.Hour)
	t0 := app.now().Format(sdkTime)
	demo, err := client.ListIssuedPartnerCoupons(&model.ListIssuedPartnerCouponsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cs := issuable(t, app, provider.ID, 4)
	frozen := cs[3]
	app.DB.Model(&frozen).Update("frozen", 1)
	others := issuable(t, app, reseller.ID, 1)[0]
	unknown := "0123456789abcdef0123456789abcdef"

	// partial success: three issued, three refused alone, in the order asked
	resp, err := issue(client, model.CreatePartnerCouponsReq{QuotaId: q.PublicID, FaceValue: dec("100.5"), Memo: ptr("welcome"),
		CustomerIds: []string{cs[0].DomainID, others.DomainID, cs[1].DomainID, unknown, frozen.DomainID, cs[2].DomainID}})
	if err != nil {
		t.Fatal(err)
	}
	infos, details := *resp.CouponInfos, *resp.ErrorDetails
	if len(infos) != 3 || infos[0].Id != cs[0].DomainID || infos[1].Id != cs[1].DomainID || infos[2].Id != cs[2].DomainID || len(infos[0].CouponId) != 32 {
		t.Fatalf("coupon infos %+v", infos)
	}
	if len(details) != 3 || *details[0].Id != others.DomainID || *details[0].ErrorCode != "CBC.99000035" || *details[1].Id != unknown ||
		*details[1].ErrorCode != "CBC.99000035" || *details[2].Id != frozen.DomainID || *details[2].ErrorCode != "CBC.0100" || *details[2].ErrorMsg == "" {
		t.Fatalf("error details %s", mustJSON(details))
	}
	wantDecimal(t, "quota after issuing three", quotaLeft(t, app, q.ID), decimal.RequireFromString("698.5"))

	// the balance covers two more of 300, not three: the third customer is refused alone
	more := issuable(t, app, provider.ID, 8)[4:7]
	resp, err = issue(client, model.CreatePartnerCouponsReq{QuotaId: q.PublicID, FaceValue: dec("300"), CustomerIds: domainIDs(more)})
	if err != nil || len(*resp.CouponInfos) != 2 || len(*resp.ErrorDetails) != 1 || *(*resp.ErrorDetails)[0].ErrorCode != "CBC.99000013" ||
		*(*resp.ErrorDetails)[0].Id != more[2].DomainID {
		t.Fatalf("beyond the balance: %v %s", err, mustJSON(resp))
	}
	wantDecimal(t, "quota after issuing two more", quotaLeft(t, app, q.ID), decimal.RequireFromString("98.5"))

	// issued coupons, with every filter
	listed := func(req model.ListIssuedPartnerCouponsRequest) *model.ListIssuedPartnerCouponsResponse {
		t.Helper()
		resp, err := client.ListIssuedPartnerCoupons(&req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if got := listed(model.ListIssuedPartnerCouponsRequest{}); *got.TotalCount != *demo.TotalCount+5 {
		t.Errorf("issued with the demo world's: %d, demo %d", *got.TotalCount, *demo.TotalCount)
	}
	all := listed(model.ListIssuedPartnerCouponsRequest{CreateTimeBegin: ptr(t0)})
	if *all.TotalCount != 5 || len(*all.UserCoupons) != 5 {
		t.Fatalf("issued: %+v", all)
	}
	first := (*all.UserCoupons)[4] // oldest last
	if *first.CouponId != infos[0].CouponId || *first.CustomerId != cs[0].DomainID || *first.Status != 2 || *first.CouponType != 1 ||
		!first.FaceValue.Equal(decimal.RequireFromString("100.5")) || !first.Balance.Equal(decimal.RequireFromString("100.5")) ||
		*first.EffectiveTime != q.EffectiveAt.Format(sdkTime) || *first.ExpireTime != q.ExpireAt.Format(sdkTime) ||
		*first.CreateTime != t0 || *first.MeasureId != 1 || *first.IsFrozen != "0" {
		t.Errorf("coupon %s", mustJSON(first))
	}
	later := testNow.Add(time.Hour).Format(sdkTime)
	cases := []struct {
		name string
		req  model.ListIssuedPartnerCouponsRequest
		want int32
	}{
		{"a coupon", model.ListIssuedPartnerCouponsRequest{CouponId: ptr(infos[1].CouponId)}, 1},
		{"a customer", model.ListIssuedPartnerCouponsRequest{CustomerId: ptr(cs[2].DomainID)}, 1},
		{"an unknown customer", model.ListIssuedPartnerCouponsRequest{CustomerId: ptr(unknown)}, 0},
		{"another partner's customer", model.ListIssuedPartnerCouponsRequest{CustomerId: ptr(others.DomainID)}, 0},
		{"an order", model.ListIssuedPartnerCouponsRequest{OrderId: ptr("order-1")}, 0},
		{"usable", model.ListIssuedPartnerCouponsRequest{Status: ptr(int32(2))}, 5},
		{"reclaimed", model.ListIssuedPartnerCouponsRequest{Status: ptr(int32(5))}, 0},
		{"vouchers", model.ListIssuedPartnerCouponsRequest{CouponType: ptr(int32(1))}, 5},
		{"cash coupons", model.ListIssuedPartnerCouponsRequest{CouponType: ptr(int32(4))}, 0},
		{"created since the demo's", model.ListIssuedPartnerCouponsRequest{CreateTimeBegin: ptr(testNow.Format(sdkTime))}, *demo.TotalCount + 5},
		{"created until before", model.ListIssuedPartnerCouponsRequest{CreateTimeEnd: ptr(app.now().Add(-time.Second).Format(sdkTime))}, 0},
		{"effective window", model.ListIssuedPartnerCouponsRequest{EffectiveTimeBegin: ptr(q.EffectiveAt.Format(sdkTime)),
			EffectiveTimeEnd: ptr(q.EffectiveAt.Format(sdkTime))}, 5},
		{"expiring later", model.ListIssuedPartnerCouponsRequest{ExpireTimeBegin: ptr(later)}, 5},
		{"expired by now", model.ListIssuedPartnerCouponsRequest{ExpireTimeEnd: ptr(later)}, 0},
		{"paging", model.ListIssuedPartnerCouponsRequest{Offset: ptr(int32(3)), Limit: ptr(int32(3))}, 5},
	}
	for _, tc := range cases {
		if tc.req.CreateTimeBegin == nil { // this test's coupons only
			tc.req.CreateTimeBegin = ptr(t0)
		}
		got := listed(tc.req)
		limit := int32(10)
		if tc.req.Limit != nil {
			limit = *tc.req.Limit
		}
		if *got.TotalCount != tc.want || int32(len(*got.UserCoupons)) != min(limit, max(0, tc.want-ptrOr(tc.req.Offset))) {
			t.Errorf("%s: total %d, %d rows; want %d", tc.name, *got.TotalCount, len(*got.UserCoupons), tc.want)
		}
	}
	for _, req := range []model.ListIssuedPartnerCouponsRequest{
		{Status: ptr(int32(6))}, {Status: ptr(int32(0))}, {CouponType: ptr(int32(5))}, {CreateTimeBegin: ptr("yesterday")},
		{Limit: ptr(int32(0))}, {CustomerId: ptr(strings.Repeat("c", 65))},
	} {
		_, err := client.ListIssuedPartnerCoupons(&req)
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	_, err = client.ListIssuedPartnerCoupons(&model.ListIssuedPartnerCouponsRequest{IndirectPartnerId: ptr(reseller.DomainID)})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	checkLedger(t, app)
}

// TestSDKCouponIssueRefusals: every whole-call refusal is its BSS code, and nothing is issued.
func TestSDKCouponIssueRefusals(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerNamed(t, app, "provider")
	ebs, ecs, obs := "hws.service.type.ebs", "hws.service.type.ec2", "hws.service.type.obs"
	q := grantQuota(t, app, "provider", 1000, func(in *models.GrantInput) {
		in.ServiceTypes, in.MinFace, in.MaxFace = []string{ecs, ebs}, models.Fen(500), models.Fen(20000)
	})
	early := grantQuota(t, app, "provider", 100, func(in *models.GrantInput) { in.EffectiveAt = testNow.Add(24 * time.Hour) })
	frozenQ := grantQuota(t, app, "provider", 100, nil)
	op := models.ActorOf(mustUser(t, app, "operator"), "test")
	if _, err := models.SetQuotaStatus(context.Background(), app.DB, op, frozenQ.ID, models.QuotaFreeze, testNow); err != nil {
		t.Fatal(err)
	}
	theirs := grantQuota(t, app, "distributor", 100, nil)
	cs := issuable(t, app, provider.ID, 2)
	ids := domainIDs(cs)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("%032x", i)
	}
	n, left := couponCount(app), quotaLeft(t, app, q.ID)
	at := func(d time.Duration) *string { return ptr(testNow.Add(d).Format(sdkTime)) }
	for _, tc := range []struct {
		name   string
		req    model.CreatePartnerCouponsReq
		status int
		code   string
	}{
		{"no such quota", model.CreatePartnerCouponsReq{QuotaId: "nope", CustomerIds: ids, FaceValue: dec("10")}, 400, "CBC.99000012"},
		{"another partner's quota", model.CreatePartnerCouponsReq{QuotaId: theirs.PublicID, CustomerIds: ids, FaceValue: dec("10")}, 400, "CBC.99000012"},
		{"a frozen quota", model.CreatePartnerCouponsReq{QuotaId: frozenQ.PublicID, CustomerIds: ids, FaceValue: dec("10")}, 400, "CBC.99000012"},
		{"a quota not yet effective", model.CreatePartnerCouponsReq{QuotaId: early.PublicID, CustomerIds: ids, FaceValue: dec("10")}, 400, "CBC.99000017"},
		{"below the minimum", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("4.99")}, 400, "CBC.99000018"},
		{"above the maximum", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("200.01")}, 400, "CBC.99000019"},
		{"101 customers", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: many, FaceValue: dec("10")}, 400, "CBC.99000020"},
		{"a service beyond the quota's", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			CloudServiceTypes: &[]string{ebs, obs}}, 400, "CBC.99000023"},
		{"an unknown service", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			CloudServiceTypes: &[]string{"hws.service.type.nope"}}, 400, "CBC.0100"},
		{"no customers", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: []string{}, FaceValue: dec("10")}, 400, "CBC.0100"},
		{"a customer twice", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: []string{ids[0], ids[1], ids[0]}, FaceValue: dec("10")}, 400, "CBC.0100"},
		{"face value 0", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("0")}, 400, "CBC.0100"},
		{"face value -5", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("-5")}, 400, "CBC.0100"},
		{"face value 0.001", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("0.001")}, 400, "CBC.0100"},
		{"no face value", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids}, 400, "CBC.0100"},
		{"no quota", model.CreatePartnerCouponsReq{CustomerIds: ids, FaceValue: dec("10")}, 400, "CBC.0100"},
		{"expiry before the effective time", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			ValidTime: at(48 * time.Hour), ExpireTime: at(24 * time.Hour)}, 400, "CBC.0100"},
		{"expiry beyond the quota's", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			ExpireTime: at(31 * 24 * time.Hour)}, 400, "CBC.0100"},
		{"effective before the quota", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			ValidTime: at(-48 * time.Hour)}, 400, "CBC.0100"},
		{"a malformed time", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			ExpireTime: ptr("2026-12-01")}, 400, "CBC.0100"},
		{"product limits", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			ProductIds: &[]string{"p1"}}, 400, "CBC.0100"},
		{"a memo too long", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			Memo: ptr(strings.Repeat("备", 257))}, 400, "CBC.0100"},
		{"indirect_partner_id from a provider", model.CreatePartnerCouponsReq{QuotaId: q.PublicID, CustomerIds: ids, FaceValue: dec("10"),
			IndirectPartnerId: ptr(partnerNamed(t, app, "reseller").DomainID)}, 403, "CBC.99000037"},
	} {
		_, err := issue(client, tc.req)
		sdkError(t, err, tc.status, tc.code)
	}
	// what the SDK cannot send: malformed face values and wrong JSON types
	raw := newRawCaller(t, app, "provider")
	body := func(fields string) string {
		return `{"quota_id":"` + q.PublicID + `","customer_ids":["` + ids[0] + `"],` + fields + `}`
	}
	for name, b := range map[string]string{
		"face value abc":           body(`"face_value":"abc"`),
		"face value 1e3":           body(`"face_value":1e3`),
		"face value true":          body(`"face_value":true`),
		"face value 0 as a number": body(`"face_value":0`),
		"face value -5 number":     body(`"face_value":-5`),
		"a number for quota_id":    `{"quota_id":12,"customer_ids":["` + ids[0] + `"],"face_value":"10"}`,
		"a string for the list":    `{"quota_id":"` + q.PublicID + `","customer_ids":"` + ids[0] + `","face_value":"10"}`,
		"numbers in the list":      `{"quota_id":"` + q.PublicID + `","customer_ids":[1],"face_value":"10"}`,
		"a number for memo":        body(`"face_value":"10","memo":5`),
		"a number for valid_time":  body(`"face_value":"10","valid_time":1764000000`),
		"a string for the scope":   body(`"face_value":"10","cloud_service_types":"hws.service.type.ebs"`),
		"malformed JSON":           body(`"face_value":"10"`) + "}",
	} {
		status, resp := raw.do(t, "POST", pathIssueCoupons, b)
		wantRawError(t, name, status, resp, http.StatusBadRequest, "CBC.0100")
	}
	if couponCount(app) != n || !quotaLeft(t, app, q.ID).Equal(left) {
		t.Errorf("refused issues issued %d coupons, quota %s", couponCount(app)-n, quotaLeft(t, app, q.ID))
	}
	// a number face value is accepted, as a string is; a scope within the quota's and a validity inside it
	status, resp := raw.do(t, "POST", pathIssueCoupons, body(`"face_value":12.5,"cloud_service_types":["`+ebs+`"],"valid_time":"`+
		testNow.Format(sdkTime)+`","expire_time":"`+testNow.Add(72*time.Hour).Format(sdkTime)+`"`))
	if status != http.StatusOK || len(resp["coupon_infos"].([]any)) != 1 {
		t.Fatalf("a number face value: %d %v", status, resp)
	}
	var c models.Coupon
	app.DB.Where("public_id = ?", resp["coupon_infos"].([]any)[0].(map[string]any)["coupon_id"]).First(&c)
	if c.FaceValue != 1250 || c.ServiceTypes != ebs || !c.EffectiveAt.Equal(testNow) || !c.ExpireAt.Equal(testNow.Add(72*time.Hour)) {
		t.Errorf("issued coupon %+v", c)
	}
	list, err := client.ListIssuedPartnerCoupons(&model.ListIssuedPartnerCouponsRequest{CouponId: ptr(c.PublicID)})
	if err != nil || len(*(*list.UserCoupons)[0].UseLimits) != 1 || *(*(*list.UserCoupons)[0].UseLimits)[0].Value1 != ebs {
		t.Errorf("use limits: %v %s", err, mustJSON(list))
	}
	checkLedger(t, app)
}

// TestSDKCouponIssueRetry: an issue retried with the same X-Idempotency-Key issues once and answers
// the first result; the key reused for another issue is refused.
func TestSDKCouponIssueRetry(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	provider := partnerNamed(t, app, "provider")
	q := grantQuota(t, app, "provider", 1000, nil)
	cs := issuable(t, app, provider.ID, 2)
	raw := newRawCaller(t, app, "provider")
	body := `{"quota_id":"` + q.PublicID + `","customer_ids":["` + cs[0].DomainID + `","` + cs[1].DomainID + `","nobody"],"face_value":"25"}`
	s1, first := raw.do(t, "POST", pathIssueCoupons, body, "X-Idempotency-Key", "issue-1")
	n := couponCount(app)
	s2, again := raw.do(t, "POST", pathIssueCoupons, body, "X-Idempotency-Key", "issue-1")
	if s1 != http.StatusOK || s2 != http.StatusOK || mustJSON(first) != mustJSON(again) || len(first["coupon_infos"].([]any)) != 2 ||
		len(first["error_details"].([]any)) != 1 {
		t.Fatalf("a retry: %d %v then %d %v", s1, first, s2, again)
	}
	if couponCount(app) != n || !quotaLeft(t, app, q.ID).Equal(decimal.NewFromInt(950)) {
		t.Fatalf("a retried issue issued again: quota %s", quotaLeft(t, app, q.ID))
	}
	status, resp := raw.do(t, "POST", pathIssueCoupons, strings.Replace(body, `"25"`, `"26"`, 1), "X-Idempotency-Key", "issue-1")
	wantRawError(t, "the key for another face value", status, resp, http.StatusBadRequest, "CBC.0100")
	status, resp = raw.do(t, "POST", pathIssueCoupons, body, "X-Idempotency-Key", "a b")
	wantRawError(t, "a malformed key", status, resp, http.StatusBadRequest, "CBC.0100")
	// without a key the same body issues again
	if status, resp = raw.do(t, "POST", pathIssueCoupons, body); status != http.StatusOK || couponCount(app) != n+2 {
		t.Errorf("without a key: %d %v", status, resp)
	}
	checkLedger(t, app)
}

func TestSDKCouponReclaimAndRecords(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider, reseller := partnerNamed(t, app, "provider"), partnerNamed(t, app, "reseller")
	q := grantQuota(t, app, "provider", 1000, nil)
	demo, err := client.ListPartnerCouponsRecord(&model.ListPartnerCouponsRecordRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cs := issuable(t, app, provider.ID, 3)
	resp, err := issue(client, model.CreatePartnerCouponsReq{QuotaId: q.PublicID, FaceValue: dec("50"),
		CustomerIds: append(domainIDs(cs), "nobody")})
	if err != nil || len(*resp.CouponInfos) != 3 {
		t.Fatalf("issue: %v %+v", err, resp)
	}
	coupon := (*resp.CouponInfos)[1]
	back, err := client.ReclaimPartnerCoupons(&model.ReclaimPartnerCouponsRequest{Body: &model.ReclaimPartnerCouponsReq{CouponId: coupon.CouponId}})
	if err != nil || back.HttpStatusCode != http.StatusNoContent {
		t.Fatalf("reclaim: %v %+v", err, back)
	}
	wantDecimal(t, "quota after the reclaim", quotaLeft(t, app, q.ID), decimal.NewFromInt(900))
	got, _ := client.ListIssuedPartnerCoupons(&model.ListIssuedPartnerCouponsRequest{CouponId: ptr(coupon.CouponId)})
	if c := (*got.UserCoupons)[0]; *c.Status != 5 || !c.Balance.IsZero() || !c.FaceValue.Equal(decimal.NewFromInt(50)) {
		t.Errorf("reclaimed coupon %s", mustJSON(c))
	}
	reclaim := func(id string, indirect *string) error {
		_, err := client.ReclaimPartnerCoupons(&model.ReclaimPartnerCouponsRequest{Body: &model.ReclaimPartnerCouponsReq{CouponId: id, IndirectPartnerId: indirect}})
		return err
	}
	// reclaimed already: the same call again, dated a second later, since within the second of the
	// first the SDK signs it byte for byte the same, which is a replay (401)
	_, err = client.ReclaimPartnerCouponsInvoker(&model.ReclaimPartnerCouponsRequest{Body: &model.ReclaimPartnerCouponsReq{CouponId: coupon.CouponId}}).
		AddHeaders(nextSecond()).Invoke()
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	sdkError(t, reclaim("nope", nil), http.StatusBadRequest, "CBC.99000035")
	sdkError(t, reclaim("", nil), http.StatusBadRequest, "CBC.0100")
	sdkError(t, reclaim((*resp.CouponInfos)[0].CouponId, ptr(reseller.DomainID)), http.StatusForbidden, "CBC.99000037")
	// another partner's coupon is not found
	rq := grantQuota(t, app, "distributor", 100, nil)
	dist, _ := sdkClient(t, app, "distributor")
	give, err := dist.UpdateCouponQuotas(&model.UpdateCouponQuotasRequest{Body: &model.AdjustCouponQuotasReq{QuotaId: rq.PublicID,
		IndirectPartnerIds: []string{reseller.DomainID}, QuotaAmount: dec("50")}})
	if err != nil || len(*give.SimpleQuotaInfos) != 1 {
		t.Fatalf("give: %v %+v", err, give)
	}
	rc := issuable(t, app, reseller.ID, 1)
	theirs, err := issue(dist, model.CreatePartnerCouponsReq{QuotaId: (*give.SimpleQuotaInfos)[0].QuotaId, FaceValue: dec("5"),
		CustomerIds: domainIDs(rc), IndirectPartnerId: ptr(reseller.DomainID)})
	if err != nil || len(*theirs.CouponInfos) != 1 {
		t.Fatalf("a master distributor issuing from its reseller's quota: %v %s", err, mustJSON(theirs))
	}
	sdkError(t, reclaim((*theirs.CouponInfos)[0].CouponId, nil), http.StatusBadRequest, "CBC.99000035")

	// records: three issues, one refusal, one reclaim
	records := func(req model.ListPartnerCouponsRecordRequest) *model.ListPartnerCouponsRecordResponse {
		t.Helper()
		r, err := client.ListPartnerCouponsRecord(&req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if got := records(model.ListPartnerCouponsRecordRequest{}); *got.TotalCount != *demo.TotalCount+5 {
		t.Errorf("records with the demo world's: %d, demo %d", *got.TotalCount, *demo.TotalCount)
	}
	all := records(model.ListPartnerCouponsRecordRequest{QuotaId: ptr(q.PublicID)})
	if *all.TotalCount != 5 {
		t.Fatalf("records: %s", mustJSON(all))
	}
	newest := (*all.Records)[0]
	if *newest.OperationType != "2" || *newest.CouponId != coupon.CouponId || *newest.CustomerId != coupon.Id || *newest.QuotaId != q.PublicID ||
		*newest.QuotaType != 0 || !newest.OperationAmount.Equal(decimal.NewFromInt(50)) || *newest.Result != "0" ||
		*newest.OperationTime != testNow.Format(sdkTime) || *newest.Id == "" {
		t.Errorf("reclaim record %s", mustJSON(newest))
	}
	cases := []struct {
		name string
		req  model.ListPartnerCouponsRecordRequest
		want int32
	}{
		{"issues", model.ListPartnerCouponsRecordRequest{OperationTypes: &[]string{"1"}}, 4},
		{"reclaims", model.ListPartnerCouponsRecordRequest{OperationTypes: &[]string{"2"}}, 1},
		{"issues and reclaims", model.ListPartnerCouponsRecordRequest{OperationTypes: &[]string{"1", "2"}}, 5},
		{"unbinding and expiry", model.ListPartnerCouponsRecordRequest{OperationTypes: &[]string{"3", "4"}}, 0},
		{"failed", model.ListPartnerCouponsRecordRequest{Result: ptr("-1")}, 1},
		{"succeeded", model.ListPartnerCouponsRecordRequest{Result: ptr("0")}, 4},
		{"any other result", model.ListPartnerCouponsRecordRequest{Result: ptr("x")}, 5},
		{"a coupon", model.ListPartnerCouponsRecordRequest{CouponIds: &[]string{coupon.CouponId}}, 2},
		{"two coupons", model.ListPartnerCouponsRecordRequest{CouponIds: &[]string{coupon.CouponId, (*resp.CouponInfos)[0].CouponId}}, 3},
		{"an unknown coupon", model.ListPartnerCouponsRecordRequest{CouponIds: &[]string{"nope"}}, 0},
		{"a customer", model.ListPartnerCouponsRecordRequest{CustomerId: ptr(cs[0].DomainID)}, 1},
		{"an unknown customer", model.ListPartnerCouponsRecordRequest{CustomerId: ptr("nobody")}, 0},
		{"the quota", model.ListPartnerCouponsRecordRequest{QuotaId: ptr(q.PublicID)}, 5},
		{"another partner's quota", model.ListPartnerCouponsRecordRequest{QuotaId: ptr(rq.PublicID)}, 0},
		{"voucher quotas", model.ListPartnerCouponsRecordRequest{QuotaType: ptr(int32(0))}, 5},
		{"cash quotas", model.ListPartnerCouponsRecordRequest{QuotaType: ptr(int32(1))}, 0},
		{"since later", model.ListPartnerCouponsRecordRequest{OperationTimeBegin: ptr(testNow.Add(time.Second).Format(sdkTime))}, 0},
		{"until now", model.ListPartnerCouponsRecordRequest{OperationTimeEnd: ptr(testNow.Format(sdkTime))}, 5},
		{"paging", model.ListPartnerCouponsRecordRequest{Offset: ptr(int32(4)), Limit: ptr(int32(2))}, 5},
	}
	for _, tc := range cases {
		if tc.req.QuotaId == nil { // this test's records only
			tc.req.QuotaId = ptr(q.PublicID)
		}
		got := records(tc.req)
		limit := int32(10)
		if tc.req.Limit != nil {
			limit = *tc.req.Limit
		}
		if *got.TotalCount != tc.want || int32(len(*got.Records)) != min(limit, max(0, tc.want-ptrOr(tc.req.Offset))) {
			t.Errorf("%s: total %d, %d rows; want %d", tc.name, *got.TotalCount, len(*got.Records), tc.want)
		}
	}
	failed := records(model.ListPartnerCouponsRecordRequest{Result: ptr("-1"), QuotaId: ptr(q.PublicID)})
	if r := (*failed.Records)[0]; *r.CustomerId != "nobody" || *r.Result != "-1" || *r.Remark == "" || r.CouponId != nil {
		t.Errorf("failed record %s", mustJSON(r))
	}
	for _, req := range []model.ListPartnerCouponsRecordRequest{
		{OperationTypes: &[]string{"12"}}, {OperationTypes: &[]string{"1", "x"}}, {OperationTypes: &[]string{"01"}},
		{QuotaType: ptr(int32(2))}, {OperationTimeBegin: ptr("2026-11-23 06:00:00")}, {Limit: ptr(int32(101))},
	} {
		_, err := client.ListPartnerCouponsRecord(&req)
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	// the repeated key as sent by hand; more than 100 values is refused
	raw := newRawCaller(t, app, "provider")
	status, body := raw.do(t, "GET", pathCouponRecs+"?operation_types=1&operation_types=2&coupon_ids="+coupon.CouponId, "")
	if status != http.StatusOK || body["total_count"] != float64(2) {
		t.Errorf("repeated keys: %d %v", status, body)
	}
	status, body = raw.do(t, "GET", pathCouponRecs+"?"+strings.Repeat("coupon_ids=x&", 101), "")
	wantRawError(t, "101 coupon ids", status, body, http.StatusBadRequest, "CBC.0100")
	// the master distributor reads its reseller's records with indirect_partner_id
	rr, err := dist.ListPartnerCouponsRecord(&model.ListPartnerCouponsRecordRequest{IndirectPartnerId: ptr(reseller.DomainID),
		QuotaId: ptr((*give.SimpleQuotaInfos)[0].QuotaId)})
	if err != nil || *rr.TotalCount != 1 || *(*rr.Records)[0].CustomerId != rc[0].DomainID {
		t.Errorf("the reseller's records: %v %s", err, mustJSON(rr))
	}

	// roles: a viewer reads, does not reclaim; a sales member does neither
	setRoles := func(r models.Roles) {
		app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", r)
	}
	setRoles(models.Roles(models.RoleViewer))
	sdkError(t, reclaim((*resp.CouponInfos)[0].CouponId, nil), http.StatusForbidden, "CBC.0155")
	_, err = issue(client, model.CreatePartnerCouponsReq{QuotaId: q.PublicID, FaceValue: dec("1"), CustomerIds: domainIDs(cs[:1])})
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	if _, err := client.ListPartnerCouponsRecord(&model.ListPartnerCouponsRecordRequest{}); err != nil {
		t.Errorf("a viewer reads records: %v", err)
	}
	setRoles(models.Roles(models.RoleSales))
	_, err = client.ListPartnerCouponsRecord(&model.ListPartnerCouponsRecordRequest{})
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	_, err = client.ListIssuedPartnerCoupons(&model.ListIssuedPartnerCouponsRequest{})
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	setRoles(models.Roles(models.RoleFinance))
	if err := reclaim((*resp.CouponInfos)[0].CouponId, nil); err != nil {
		t.Errorf("finance reclaims: %v", err)
	}
	checkLedger(t, app)
}

func TestSDKCouponSubCustomerCoupons(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerNamed(t, app, "provider")
	q := grantQuota(t, app, "provider", 1000, nil)
	cs := issuable(t, app, provider.ID, 2)
	resp, err := issue(client, model.CreatePartnerCouponsReq{QuotaId: q.PublicID, FaceValue: dec("88.8"), CustomerIds: domainIDs(cs),
		CloudServiceTypes: &[]string{"hws.service.type.obs"}})
	if err != nil || len(*resp.CouponInfos) != 2 {
		t.Fatalf("issue: %v", err)
	}
	later, err := issue(client, model.CreatePartnerCouponsReq{QuotaId: q.PublicID, FaceValue: dec("1"), CustomerIds: domainIDs(cs[:1]),
		ValidTime: ptr(testNow.Add(24 * time.Hour).Format(sdkTime))})
	if err != nil || len(*later.CouponInfos) != 1 {
		t.Fatalf("issue: %v", err)
	}
	list := func(req model.ListSubCustomerCouponsRequest) *model.ListSubCustomerCouponsResponse {
		t.Helper()
		r, err := client.ListSubCustomerCoupons(&req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	var demo int64
	app.DB.Model(&models.Coupon{}).Where("partner_id = ?", provider.ID).Count(&demo)
	if got := list(model.ListSubCustomerCouponsRequest{}); int64(*got.Count) != demo {
		t.Errorf("every coupon: %d, want %d", *got.Count, demo)
	}
	// this test's coupons become usable from the quota's start, the demo world's a month earlier
	since := q.EffectiveAt.Format(sdkTime)
	all := list(model.ListSubCustomerCouponsRequest{ActiveStartTime: ptr(since)})
	if *all.Count != 3 || len(*all.UserCoupons) != 3 {
		t.Fatalf("coupons: %s", mustJSON(all))
	}
	c := (*all.UserCoupons)[2]
	if *c.CouponId != (*resp.CouponInfos)[0].CouponId || *c.CustomerId != cs[0].DomainID || *c.FaceValue != 88.8 || *c.Balance != 88.8 ||
		*c.Status != 2 || *c.CouponType != 1 || *c.SourceId != provider.DomainID || *c.Currency != "CNY" || *c.MeasureId != 1 ||
		*c.ValidTime != q.EffectiveAt.Format(sdkTime) || *c.ExpireTime != q.ExpireAt.Format(sdkTime) ||
		len(*c.UseLimits) != 1 || *(*c.UseLimits)[0].Value1 != "hws.service.type.obs" {
		t.Errorf("coupon %s", mustJSON(c))
	}
	if s := *(*all.UserCoupons)[0].Status; s != 1 {
		t.Errorf("a coupon effective tomorrow: status %d", s)
	}
	for name, tc := range map[string]struct {
		req  model.ListSubCustomerCouponsRequest
		want int32
	}{
		"not activated":    {model.ListSubCustomerCouponsRequest{Status: ptr(int32(1))}, 1},
		"usable":           {model.ListSubCustomerCouponsRequest{Status: ptr(int32(2))}, 2},
		"a coupon":         {model.ListSubCustomerCouponsRequest{CouponId: ptr((*later.CouponInfos)[0].CouponId)}, 1},
		"from the partner": {model.ListSubCustomerCouponsRequest{SourceId: ptr(provider.DomainID)}, 3},
		"from another":     {model.ListSubCustomerCouponsRequest{SourceId: ptr("someone-else")}, 0},
		"a promotion plan": {model.ListSubCustomerCouponsRequest{PromotionPlanId: ptr("plan")}, 0},
		"an order":         {model.ListSubCustomerCouponsRequest{OrderId: ptr("order")}, 0},
		"cash coupons":     {model.ListSubCustomerCouponsRequest{CouponType: ptr(int32(4))}, 0},
		"activated later":  {model.ListSubCustomerCouponsRequest{ActiveStartTime: ptr(testNow.Format(sdkTime))}, 1},
		"activated by now": {model.ListSubCustomerCouponsRequest{ActiveEndTime: ptr(testNow.Format(sdkTime))}, 2},
		"a page":           {model.ListSubCustomerCouponsRequest{Offset: ptr(int32(2)), Limit: ptr(int32(5))}, 3},
	} {
		if tc.req.ActiveStartTime == nil {
			tc.req.ActiveStartTime = ptr(since)
		}
		got := list(tc.req)
		if *got.Count != tc.want {
			t.Errorf("%s: %d, want %d", name, *got.Count, tc.want)
		}
	}
	for _, req := range []model.ListSubCustomerCouponsRequest{{Status: ptr(int32(9))}, {CouponType: ptr(int32(0))}, {ActiveStartTime: ptr("now")}} {
		_, err := client.ListSubCustomerCoupons(&req)
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	// a master distributor sees its reseller's, with the reseller as the source
	reseller := partnerNamed(t, app, "reseller")
	dist, _ := sdkClient(t, app, "distributor")
	var theirs int64
	app.DB.Model(&models.Coupon{}).Where("partner_id = ?", reseller.ID).Count(&theirs)
	got, err := dist.ListSubCustomerCoupons(&model.ListSubCustomerCouponsRequest{IndirectPartnerId: ptr(reseller.DomainID)})
	if err != nil || int64(*got.Count) != theirs || theirs == 0 || *(*got.UserCoupons)[0].SourceId != reseller.DomainID {
		t.Errorf("the reseller's coupons: %v %s", err, mustJSON(got))
	}
	_, err = client.ListSubCustomerCoupons(&model.ListSubCustomerCouponsRequest{IndirectPartnerId: ptr(reseller.DomainID)})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")
	checkLedger(t, app)
}

func TestSDKCouponResellerQuotas(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	dist, _ := sdkClient(t, app, "distributor")
	reseller, resellerSH, provider := partnerNamed(t, app, "reseller"), partnerNamed(t, app, "reseller-sh"), partnerNamed(t, app, "provider")
	parent := grantQuota(t, app, "distributor", 1000, func(in *models.GrantInput) { in.ServiceTypes = []string{"hws.service.type.ebs"} })
	other := grantQuota(t, app, "provider", 100, nil)
	give := func(quota, amount string, resellers ...string) (*model.UpdateCouponQuotasResponse, error) {
		return dist.UpdateCouponQuotas(&model.UpdateCouponQuotasRequest{Body: &model.AdjustCouponQuotasReq{QuotaId: quota,
			IndirectPartnerIds: resellers, QuotaAmount: dec(amount)}})
	}
	// partial success: two resellers given, another partner and an unknown id refused alone
	resp, err := give(parent.PublicID, "300", reseller.DomainID, provider.DomainID, resellerSH.DomainID, "nobody")
	if err != nil {
		t.Fatal(err)
	}
	infos, details := *resp.SimpleQuotaInfos, *resp.ErrorDetails
	if len(infos) != 2 || infos[0].Id != reseller.DomainID || infos[1].Id != resellerSH.DomainID || len(infos[0].QuotaId) != 32 ||
		len(details) != 2 || *details[0].Id != provider.DomainID || *details[0].ErrorCode != "CBC.99000037" || *details[1].Id != "nobody" ||
		*details[1].ErrorCode != "CBC.99000037" {
		t.Fatalf("give: %s", mustJSON(resp))
	}
	wantDecimal(t, "parent after giving", quotaLeft(t, app, parent.ID), decimal.NewFromInt(400))
	// the balance covers one more of 300, not two
	resp, err = give(parent.PublicID, "300", reseller.DomainID, resellerSH.DomainID)
	if err != nil || len(*resp.SimpleQuotaInfos) != 1 || *(*resp.ErrorDetails)[0].ErrorCode != "CBC.99000013" || *(*resp.ErrorDetails)[0].Id != resellerSH.DomainID {
		t.Fatalf("beyond the balance: %v %s", err, mustJSON(resp))
	}
	child, childSH, child2 := infos[0].QuotaId, infos[1].QuotaId, (*resp.SimpleQuotaInfos)[0].QuotaId

	// whole-call refusals give nothing
	for _, tc := range []struct {
		name, quota, amount string
		resellers           []string
		status              int
		code                string
	}{
		{"no such quota", "nope", "1", []string{reseller.DomainID}, 400, "CBC.99000012"},
		{"another partner's quota", other.PublicID, "1", []string{reseller.DomainID}, 400, "CBC.99000012"},
		{"a child quota", child, "1", []string{resellerSH.DomainID}, 400, "CBC.99000012"},
		{"zero", parent.PublicID, "0", []string{reseller.DomainID}, 400, "CBC.0100"},
		{"sub-fen", parent.PublicID, "0.001", []string{reseller.DomainID}, 400, "CBC.0100"},
		{"no resellers", parent.PublicID, "1", []string{}, 400, "CBC.0100"},
		{"a reseller twice", parent.PublicID, "1", []string{reseller.DomainID, reseller.DomainID}, 400, "CBC.0100"},
	} {
		_, err := give(tc.quota, tc.amount, tc.resellers...)
		sdkError(t, err, tc.status, tc.code)
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("r%d", i)
	}
	_, err = give(parent.PublicID, "1", many...)
	sdkError(t, err, http.StatusBadRequest, "CBC.99000020")
	raw := newRawCaller(t, app, "distributor")
	for name, body := range map[string]string{
		"amount abc":           `{"quota_id":"` + parent.PublicID + `","indirect_partner_ids":["` + reseller.DomainID + `"],"quota_amount":"abc"}`,
		"a string for the ids": `{"quota_id":"` + parent.PublicID + `","indirect_partner_ids":"` + reseller.DomainID + `","quota_amount":"1"}`,
		"a number for quota":   `{"quota_id":1,"indirect_partner_ids":["` + reseller.DomainID + `"],"quota_amount":"1"}`,
	} {
		status, resp := raw.do(t, "POST", pathGiveQuota, body)
		wantRawError(t, name, status, resp, http.StatusBadRequest, "CBC.0100")
	}
	wantDecimal(t, "parent after refusals", quotaLeft(t, app, parent.ID), decimal.NewFromInt(100))

	// the reseller sees its child quotas as its own, with the parent's limits, and issues from them
	rc, _ := sdkClient(t, app, "reseller")
	var ownQuotas int64 // the demo world gave it one too
	app.DB.Model(&models.CouponQuota{}).Where("partner_id = ? AND type = ?", reseller.ID, models.VoucherQuota).Count(&ownQuotas)
	own, err := rc.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &model.QueryCouponQuotasReqExt{}})
	if err != nil || int64(*own.TotalCount) != ownQuotas || ownQuotas < 2 || *(*own.Quotas)[0].QuotaId != child2 ||
		*(*(*own.Quotas)[0].LimitInfos)[0].LimitKey != "cloudServiceType" {
		t.Fatalf("the reseller's quotas: %v %s", err, mustJSON(own))
	}
	viaMaster, err := dist.ListQuotaCoupons(&model.ListQuotaCouponsRequest{Body: &model.QueryCouponQuotasReqExt{IndirectPartnerId: ptr(reseller.DomainID)}})
	if err != nil || int64(*viaMaster.TotalCount) != ownQuotas {
		t.Fatalf("the reseller's quotas through the master: %v %s", err, mustJSON(viaMaster))
	}
	customers := issuable(t, app, reseller.ID, 1)
	iss, err := issue(rc, model.CreatePartnerCouponsReq{QuotaId: child, FaceValue: dec("20"), CustomerIds: domainIDs(customers)})
	if err != nil || len(*iss.CouponInfos) != 1 {
		t.Fatalf("the reseller issues: %v %s", err, mustJSON(iss))
	}

	// issued quotas
	issued := func(req model.ListIssuedCouponQuotasRequest) *model.ListIssuedCouponQuotasResponse {
		t.Helper()
		r, err := dist.ListIssuedCouponQuotas(&req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	var children int64
	app.DB.Model(&models.CouponQuota{}).Where("parent_id IS NOT NULL AND partner_id IN ?", []uint64{reseller.ID, resellerSH.ID,
		partnerNamed(t, app, "reseller-gz").ID}).Count(&children)
	if got := issued(model.ListIssuedCouponQuotasRequest{}); int64(*got.TotalCount) != children {
		t.Errorf("every issued quota: %d, want %d", *got.TotalCount, children)
	}
	all := issued(model.ListIssuedCouponQuotasRequest{ParentQuotaId: ptr(parent.PublicID)})
	if *all.TotalCount != 3 {
		t.Fatalf("issued quotas: %s", mustJSON(all))
	}
	first := (*all.Quotas)[2]
	if *first.QuotaId != child || *first.ParentQuotaId != parent.PublicID || *first.IndirectPartnerId != reseller.DomainID ||
		*first.IndirectPartnerAccountName != reseller.AccountName || *first.IndirectPartnerName != reseller.Name ||
		!first.QuotaValue.Equal(decimal.NewFromInt(300)) || !first.Balance.Equal(decimal.NewFromInt(280)) || *first.QuotaStatus != 0 ||
		*first.ExpireTime != parent.ExpireAt.Format(sdkTime) || len(*first.LimitInfos) != 1 {
		t.Errorf("issued quota %s", mustJSON(first))
	}
	for name, tc := range map[string]struct {
		req  model.ListIssuedCouponQuotasRequest
		want int32
	}{
		"a reseller":        {model.ListIssuedCouponQuotasRequest{IndirectPartnerId: ptr(reseller.DomainID)}, 2},
		"a child":           {model.ListIssuedCouponQuotasRequest{QuotaId: ptr(childSH)}, 1},
		"the second child":  {model.ListIssuedCouponQuotasRequest{QuotaId: ptr(child2), IndirectPartnerId: ptr(reseller.DomainID)}, 1},
		"the parent":        {model.ListIssuedCouponQuotasRequest{ParentQuotaId: ptr(parent.PublicID)}, 3},
		"an unknown parent": {model.ListIssuedCouponQuotasRequest{ParentQuotaId: ptr("nope")}, 0},
		"another's quota":   {model.ListIssuedCouponQuotasRequest{QuotaId: ptr(other.PublicID)}, 0},
		"a page":            {model.ListIssuedCouponQuotasRequest{Offset: ptr(int32(1)), Limit: ptr(int32(1))}, 3},
	} {
		if tc.req.ParentQuotaId == nil { // this test's quotas only
			tc.req.ParentQuotaId = ptr(parent.PublicID)
		}
		if got := issued(tc.req); *got.TotalCount != tc.want {
			t.Errorf("%s: %d, want %d", name, *got.TotalCount, tc.want)
		}
	}
	_, err = dist.ListIssuedCouponQuotas(&model.ListIssuedCouponQuotasRequest{IndirectPartnerId: ptr(provider.DomainID)})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")

	// take back: one child, an unknown id and another master's quota refused alone
	back, err := dist.ReclaimCouponQuotas(&model.ReclaimCouponQuotasRequest{Body: &model.ReclaimCouponQuotasReq{
		QuotaIds: []string{child, "nope", other.PublicID}, Remark: ptr("end of the campaign")}})
	if err != nil || len(*back.SimpleQuotaInfos) != 1 || *(*back.SimpleQuotaInfos)[0].QuotaId != child ||
		!(*back.SimpleQuotaInfos)[0].QuotaBalance.IsZero() || len(*back.ErrorDetails) != 2 || *(*back.ErrorDetails)[0].Id != "nope" ||
		*(*back.ErrorDetails)[1].Id != other.PublicID || *(*back.ErrorDetails)[1].ErrorCode != "CBC.0100" {
		t.Fatalf("take back: %v %s", err, mustJSON(back))
	}
	wantDecimal(t, "parent after taking back", quotaLeft(t, app, parent.ID), decimal.NewFromInt(380))
	again, err := dist.ReclaimCouponQuotas(&model.ReclaimCouponQuotasRequest{Body: &model.ReclaimCouponQuotasReq{QuotaIds: []string{child}}})
	if err != nil || len(*again.ErrorDetails) != 1 || len(*again.SimpleQuotaInfos) != 0 {
		t.Errorf("taking back twice: %v %s", err, mustJSON(again))
	}
	if got := issued(model.ListIssuedCouponQuotasRequest{QuotaId: ptr(child)}); *(*got.Quotas)[0].QuotaStatus != 6 {
		t.Errorf("a reclaimed child: %s", mustJSON(got))
	}
	for _, ids := range [][]string{{}, {childSH, childSH}} {
		_, err := dist.ReclaimCouponQuotas(&model.ReclaimCouponQuotasRequest{Body: &model.ReclaimCouponQuotasReq{QuotaIds: ids}})
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}

	// records: three gives, one take-back
	recs := func(req model.ListCouponQuotasRecordsRequest) *model.ListCouponQuotasRecordsResponse {
		t.Helper()
		r, err := dist.ListCouponQuotasRecords(&req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if got := recs(model.ListCouponQuotasRecordsRequest{}); *got.TotalCount < 4 {
		t.Errorf("every record: %d", *got.TotalCount)
	}
	rs := recs(model.ListCouponQuotasRecordsRequest{ParentQuotaId: ptr(parent.PublicID)})
	if *rs.TotalCount != 4 {
		t.Fatalf("records: %s", mustJSON(rs))
	}
	r0 := (*rs.Records)[0]
	if *r0.OperationType != "11" || *r0.QuotaId != child || *r0.ParentQuotaId != parent.PublicID || !r0.Amount.Equal(decimal.NewFromInt(280)) ||
		*r0.IndirectPartnerId != reseller.DomainID || *r0.IndirectPartnerAccountName != reseller.AccountName || *r0.Result != "0" ||
		*r0.Remark != "end of the campaign" || *r0.Operator == "" || *r0.OperationTime != testNow.Format(sdkTime) {
		t.Errorf("take-back record %s", mustJSON(r0))
	}
	if r := (*rs.Records)[3]; *r.OperationType != "10" || !r.Amount.Equal(decimal.NewFromInt(300)) {
		t.Errorf("give record %s", mustJSON(r))
	}
	for name, tc := range map[string]struct {
		req  model.ListCouponQuotasRecordsRequest
		want int32
	}{
		"issues":           {model.ListCouponQuotasRecordsRequest{OperationType: ptr("10")}, 3},
		"reclaims":         {model.ListCouponQuotasRecordsRequest{OperationType: ptr("11")}, 1},
		"another type":     {model.ListCouponQuotasRecordsRequest{OperationType: ptr("99")}, 4}, // ignored, as the cloud does
		"a reseller":       {model.ListCouponQuotasRecordsRequest{IndirectPartnerId: ptr(resellerSH.DomainID)}, 1},
		"a child":          {model.ListCouponQuotasRecordsRequest{QuotaId: ptr(child)}, 2},
		"the parent":       {model.ListCouponQuotasRecordsRequest{ParentQuotaId: ptr(parent.PublicID)}, 4},
		"an unknown child": {model.ListCouponQuotasRecordsRequest{QuotaId: ptr("nope")}, 0},
		"since later":      {model.ListCouponQuotasRecordsRequest{OperationTimeBegin: ptr(testNow.Add(time.Second).Format(sdkTime))}, 0},
		"until now":        {model.ListCouponQuotasRecordsRequest{OperationTimeEnd: ptr(testNow.Format(sdkTime))}, 4},
		"a page":           {model.ListCouponQuotasRecordsRequest{Offset: ptr(int32(3)), Limit: ptr(int32(2))}, 4},
	} {
		if tc.req.ParentQuotaId == nil {
			tc.req.ParentQuotaId = ptr(parent.PublicID)
		}
		if got := recs(tc.req); *got.TotalCount != tc.want {
			t.Errorf("%s: %d, want %d", name, *got.TotalCount, tc.want)
		}
	}
	for _, req := range []model.ListCouponQuotasRecordsRequest{{OperationTimeEnd: ptr("today")}, {Limit: ptr(int32(0))}} {
		_, err := dist.ListCouponQuotasRecords(&req)
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}

	// master distributors only: a reseller taking back its master's quota, a provider, are refused
	_, err = rc.ReclaimCouponQuotas(&model.ReclaimCouponQuotasRequest{Body: &model.ReclaimCouponQuotasReq{QuotaIds: []string{childSH}}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	_, err = rc.ReclaimCouponQuotas(&model.ReclaimCouponQuotasRequest{Body: &model.ReclaimCouponQuotasReq{QuotaIds: []string{parent.PublicID}}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	pc, _ := sdkClient(t, app, "provider")
	_, err = pc.UpdateCouponQuotas(&model.UpdateCouponQuotasRequest{Body: &model.AdjustCouponQuotasReq{QuotaId: other.PublicID,
		IndirectPartnerIds: []string{reseller.DomainID}, QuotaAmount: dec("1")}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	_, err = pc.ListIssuedCouponQuotas(&model.ListIssuedCouponQuotasRequest{})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	_, err = pc.ListCouponQuotasRecords(&model.ListCouponQuotasRecordsRequest{})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	_, err = rc.UpdateCouponQuotas(&model.UpdateCouponQuotasRequest{Body: &model.AdjustCouponQuotasReq{QuotaId: childSH,
		IndirectPartnerIds: []string{reseller.DomainID}, QuotaAmount: dec("1")}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")
	if got := quotaLeft(t, app, parent.ID); !got.Equal(decimal.NewFromInt(380)) {
		t.Errorf("refused calls moved the parent to %s", got)
	}
	// a viewer of the master reads the quotas, does not give
	app.DB.Model(&models.User{}).Where("username = ?", "distributor").Update("roles", models.Roles(models.RoleViewer))
	_, err = give(parent.PublicID, "1", resellerSH.DomainID)
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	if _, err := dist.ListIssuedCouponQuotas(&model.ListIssuedCouponQuotasRequest{}); err != nil {
		t.Errorf("a viewer lists issued quotas: %v", err)
	}
	checkLedger(t, app)
}
