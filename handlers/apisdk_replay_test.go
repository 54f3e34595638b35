package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/invoker/retry"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"
)

// Replay protection and idempotency keys through the official SDK, unmodified: its retries
// (WithRetry) re-sign each attempt, and an attempt within the same second as the one before is the
// same signed request again. With X-Idempotency-Key (which the SDK signs, like every header it
// sends) every attempt gets the first answer and money moves once.

// sdkDate is an X-Sdk-Date header the SDK signs with instead of its clock.
func sdkDate(at time.Time) map[string]string {
	return map[string]string{"X-Sdk-Date": at.UTC().Format("20060102T150405Z")}
}

func withKey(key string, h map[string]string) map[string]string {
	out := map[string]string{"X-Idempotency-Key": key}
	for k, v := range h {
		out[k] = v
	}
	return out
}

func TestSDKRetriesMoveMoneyOnce(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	c := fundableOf(t, app, partnerNamed(t, app, "provider").ID, 0)
	allocate := func(key string, headers map[string]string) (ids []string, err error) {
		inv := client.UpdateCustomerAccountAmountInvoker(&model.UpdateCustomerAccountAmountRequest{Body: &model.AdjustAccountReq{
			CustomerId: c.DomainID, Amount: dec("10.01")}})
		if key != "" {
			headers = withKey(key, headers)
		}
		inv.AddHeaders(headers)
		answered := func(resp any, err error) {
			if r, ok := resp.(*model.UpdateCustomerAccountAmountResponse); ok && err == nil && r.TransferId != nil {
				ids = append(ids, *r.TransferId)
			}
		}
		// a retry checker that retries whatever the answer: three attempts (the checker sees the
		// first two, Invoke returns the last)
		inv.WithRetry(2, func(resp any, err error) bool { answered(resp, err); return true }, retry.None{})
		resp, err := inv.Invoke()
		answered(resp, err)
		return ids, err
	}
	for i, tc := range []struct {
		name    string
		headers map[string]string
	}{
		{"dated by the SDK's clock", nil},
		{"every attempt the same request", sdkDate(time.Now())}, // as if all three fell in one second
	} {
		bal, n := custBalance(t, app, c), transferCount(app)
		ids, err := allocate(fmt.Sprint("retry-", i), tc.headers)
		if err != nil || len(ids) != 3 || ids[0] != ids[1] || ids[1] != ids[2] {
			t.Fatalf("%s: %v %v", tc.name, err, ids)
		}
		if transferCount(app) != n+1 || !custBalance(t, app, c).Equal(bal.Add(decimal.RequireFromString("10.01"))) {
			t.Errorf("%s: three attempts made %d transfers", tc.name, transferCount(app)-n)
		}
	}
	// without a key, attempts that are the same request are refused as replays, and move nothing
	n := transferCount(app)
	ids, err := allocate("", sdkDate(time.Now().Add(time.Second)))
	sdkError(t, err, http.StatusUnauthorized, "CBC.0154")
	if len(ids) != 1 || transferCount(app) != n+1 {
		t.Errorf("unkeyed copies: %v, %d transfers", ids, transferCount(app)-n)
	}
	checkLedger(t, app)
}

// keyedThrice calls an operation three times with one idempotency key: twice with the same
// X-Sdk-Date (the second attempt is the first byte for byte, as an SDK retry within a second is)
// and once a second later (a new request). It returns the three answers as JSON.
func keyedThrice(t *testing.T, name, key string, call func(map[string]string) (any, error)) []string {
	t.Helper()
	now := time.Now()
	var out []string
	for _, at := range []time.Time{now, now, now.Add(time.Second)} {
		resp, err := call(withKey(key, sdkDate(at)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, mustJSON(resp))
	}
	if out[0] != out[1] || out[1] != out[2] {
		t.Errorf("%s: the retries answered differently:\n%s", name, out)
	}
	return out
}

// TestSDKCouponOperationsIdempotent: UpdateCouponQuotas, ReclaimCouponQuotas, CreatePartnerCoupons
// and ReclaimPartnerCoupons with X-Idempotency-Key act once and answer retries the same; the key
// used for another request is refused.
func TestSDKCouponOperationsIdempotent(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	dist, _ := sdkClient(t, app, "distributor")
	reseller := partnerNamed(t, app, "reseller")
	parent := grantQuota(t, app, "distributor", 1000, nil)

	give := func(yuan string) func(map[string]string) (any, error) {
		return func(h map[string]string) (any, error) {
			return dist.UpdateCouponQuotasInvoker(&model.UpdateCouponQuotasRequest{Body: &model.AdjustCouponQuotasReq{QuotaId: parent.PublicID,
				IndirectPartnerIds: []string{reseller.DomainID}, QuotaAmount: dec(yuan)}}).AddHeaders(h).Invoke()
		}
	}
	keyedThrice(t, "UpdateCouponQuotas", "give-1", give("100"))
	wantDecimal(t, "parent after a retried give", quotaLeft(t, app, parent.ID), decimal.NewFromInt(900))
	var child struct{ ID uint64 }
	app.DB.Table("coupon_quotas").Select("id").Where("parent_id = ?", parent.ID).Scan(&child)
	var childPublic string
	app.DB.Table("coupon_quotas").Select("public_id").Where("id = ?", child.ID).Scan(&childPublic)
	_, err := give("101")(withKey("give-1", nil))
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")

	// the reseller issues from its child quota and reclaims the coupon, with keys
	res, _ := sdkClient(t, app, "reseller")
	cs := issuable(t, app, reseller.ID, 2)
	issueWith := func(face string) func(map[string]string) (any, error) {
		return func(h map[string]string) (any, error) {
			return res.CreatePartnerCouponsInvoker(&model.CreatePartnerCouponsRequest{Body: &model.CreatePartnerCouponsReq{QuotaId: childPublic,
				CustomerIds: domainIDs(cs), FaceValue: dec(face)}}).AddHeaders(h).Invoke()
		}
	}
	n := couponCount(app)
	keyedThrice(t, "CreatePartnerCoupons", "issue-1", issueWith("10"))
	if couponCount(app) != n+2 || !quotaLeft(t, app, child.ID).Equal(decimal.NewFromInt(80)) {
		t.Errorf("a retried issue: %d coupons, child quota %s", couponCount(app)-n, quotaLeft(t, app, child.ID))
	}
	_, err = issueWith("11")(withKey("issue-1", nil))
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	var coupons []string
	app.DB.Table("coupons").Where("quota_id = ?", child.ID).Order("id").Pluck("public_id", &coupons)
	reclaimCoupon := func(id string) func(map[string]string) (any, error) {
		return func(h map[string]string) (any, error) {
			return res.ReclaimPartnerCouponsInvoker(&model.ReclaimPartnerCouponsRequest{Body: &model.ReclaimPartnerCouponsReq{CouponId: id}}).
				AddHeaders(h).Invoke()
		}
	}
	keyedThrice(t, "ReclaimPartnerCoupons", "back-1", reclaimCoupon(coupons[0]))
	wantDecimal(t, "child quota after a retried coupon reclaim", quotaLeft(t, app, child.ID), decimal.NewFromInt(90))
	_, err = reclaimCoupon(coupons[1])(withKey("back-1", nil))
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")

	// the master distributor takes the child quota back, with a key
	reclaimQuota := func(remark string) func(map[string]string) (any, error) {
		return func(h map[string]string) (any, error) {
			return dist.ReclaimCouponQuotasInvoker(&model.ReclaimCouponQuotasRequest{Body: &model.ReclaimCouponQuotasReq{QuotaIds: []string{childPublic},
				Remark: ptr(remark)}}).AddHeaders(h).Invoke()
		}
	}
	got := keyedThrice(t, "ReclaimCouponQuotas", "take-1", reclaimQuota("year end"))
	if want := `"quota_id":"` + childPublic + `"`; !strings.Contains(got[0], want) {
		t.Errorf("take-back answer %s", got[0])
	}
	wantDecimal(t, "parent after a retried take-back", quotaLeft(t, app, parent.ID), decimal.NewFromInt(990))
	_, err = reclaimQuota("another")(withKey("take-1", nil))
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	checkLedger(t, app)
}
