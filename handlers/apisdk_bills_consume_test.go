package handlers

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

	"partnerhub/handlers/api"
	"partnerhub/models"
)

// ListConsumeSubCustomers through the SDK: the provider's consignment customers billed in a cycle,
// largest bill first, as the bills page lists them; paging, refused cycles, roles; a master
// distributor's one reseller with indirect_partner_id (which the SDK's model lacks: sent signed by
// hand, as an integrator's own client would).
func TestSDKListConsumeSubCustomers(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	provider := partnerNamed(t, app, "provider")
	var want []string
	app.DB.Raw(`SELECT c.domain_id FROM cycle_bills b JOIN customers c ON c.id = b.customer_id
		WHERE b.partner_id = ? AND b.bill_cycle = '2026-11' AND b.mode = ? ORDER BY b.amount DESC, b.customer_id DESC`, provider.ID, models.Consignment).Scan(&want)
	if len(want) < 2 {
		t.Fatalf("the demo world bills %d consignment customers of the provider in 2026-11", len(want))
	}
	resp, err := client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: "2026-11", Limit: ptr(int32(100))}})
	if err != nil || int(*resp.TotalCount) != len(want) || len(*resp.SubCustomers) != len(want) {
		t.Fatalf("the cycle's customers: %v %s", err, mustJSON(resp))
	}
	for i, c := range *resp.SubCustomers {
		if *c.CustomerId != want[i] {
			t.Errorf("customer %d: %s, want %s", i, *c.CustomerId, want[i])
		}
	}
	page, err := client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: "2026-11", Offset: ptr(int32(1)), Limit: ptr(int32(1))}})
	if err != nil || len(*page.SubCustomers) != 1 || *(*page.SubCustomers)[0].CustomerId != want[1] || int(*page.TotalCount) != len(want) {
		t.Errorf("the second page of one: %v %s", err, mustJSON(page))
	}
	// the demo customer has a bill in each of the three closed cycles
	demo := uint64(dbValue[int64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`))
	var demoDID string
	app.DB.Model(&models.Customer{}).Where("id = ?", demo).Pluck("domain_id", &demoDID)
	for _, cycle := range []string{"2026-08", "2026-09", "2026-10"} {
		r, err := client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: cycle, Limit: ptr(int32(100))}})
		found := false
		for _, c := range *r.SubCustomers {
			found = found || *c.CustomerId == demoDID
		}
		if err != nil || !found {
			t.Errorf("%s: the demo customer is not listed: %v", cycle, err)
		}
	}
	for _, bad := range []string{"2026-13", "2026-12", "", "2026/11"} {
		_, err := client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: bad}})
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	_, err = client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: "2026-11", Limit: ptr(int32(101))}})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	// bills are finance's: a key of a member who is only in sales is refused
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleSales))
	_, err = client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: "2026-11"}})
	sdkError(t, err, http.StatusForbidden, "CBC.0155")
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleFinance))
	if _, err = client.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: "2026-11"}}); err != nil {
		t.Errorf("finance: %v", err)
	}

	// a master distributor: its resellers' customers, or one reseller's
	reseller := partnerNamed(t, app, "reseller")
	dist, key := sdkClient(t, app, "distributor")
	all, err := dist.ListConsumeSubCustomers(&model.ListConsumeSubCustomersRequest{Body: &model.ListConsumeSubCustomersReq{BillCycle: "2026-11"}})
	ofReseller := dbValue[int64](t, app, "SELECT COUNT(*) FROM cycle_bills WHERE partner_id = ? AND bill_cycle = '2026-11' AND mode = 2", reseller.ID)
	if err != nil || int64(*all.TotalCount) < ofReseller || ofReseller == 0 {
		t.Fatalf("the distributor's: %v %s, the reseller has %d", err, mustJSON(all), ofReseller)
	}
	distributor := partnerNamed(t, app, "distributor")
	call := func(body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		api.SignRequest(req, []byte(body), key.Key.AccessKeyID, key.SecretKey, distributor.DomainID, time.Now())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body := call(`{"bill_cycle":"2026-11","indirect_partner_id":"` + reseller.DomainID + `"}`)
	var one struct {
		SubCustomers []struct {
			CustomerID string `json:"customer_id"`
		} `json:"sub_customers"`
		TotalCount int32 `json:"total_count"`
	}
	if err := json.Unmarshal([]byte(body), &one); status != http.StatusOK || err != nil || int64(one.TotalCount) != ofReseller || !strings.Contains(body, `"total_count":`) {
		t.Errorf("one reseller's: %d %s", status, body)
	}
	if status, body := call(`{"bill_cycle":"2026-11","indirect_partner_id":"` + provider.DomainID + `"}`); status != http.StatusForbidden || !strings.Contains(body, "CBC.99000037") {
		t.Errorf("another partner as reseller: %d %s", status, body)
	}
}
