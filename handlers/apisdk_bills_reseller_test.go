package handlers

import (
	"net/http"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// A master distributor reads a reseller's customer's records and bills with indirect_partner_id
// (the records made under that reseller); without it the customer is not its own, and another
// partner's id is not its reseller.
func TestSDKBillsIndirectPartner(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	dc, _ := sdkClient(t, app, "distributor")
	rc, _ := sdkClient(t, app, "reseller")
	reseller, provider := partnerNamed(t, app, "reseller"), partnerNamed(t, app, "provider")
	var rec models.FeeRecord
	if err := app.DB.Where("partner_id = ?", reseller.ID).First(&rec).Error; err != nil {
		t.Fatal("the demo reseller's customers have no fee records:", err)
	}
	var cust models.Customer
	app.DB.First(&cust, rec.CustomerID)
	var n int64
	app.DB.Model(&models.FeeRecord{}).Where("partner_id = ? AND customer_id = ? AND bill_cycle = ?", reseller.ID, cust.ID, rec.BillCycle).Count(&n)
	req := model.ListSubCustomerBillDetailRequest{BillCycle: rec.BillCycle, CustomerId: cust.DomainID, IndirectPartnerId: &reseller.DomainID}
	for name, client := range map[string]interface {
		ListSubCustomerBillDetail(*model.ListSubCustomerBillDetailRequest) (*model.ListSubCustomerBillDetailResponse, error)
	}{"the distributor": dc, "the reseller": rc} {
		r := req
		if name == "the reseller" {
			r.IndirectPartnerId = nil
		}
		resp, err := client.ListSubCustomerBillDetail(&r)
		if err != nil || int64(*resp.TotalCount) != n || len(*resp.FeeRecords) != int(n) {
			t.Fatalf("%s: %v %s, want %d records", name, err, mustJSON(resp), n)
		}
		got := (*resp.FeeRecords)[0]
		if *got.PartnerId != reseller.DomainID || *got.Id != idString(rec.ID) {
			t.Errorf("%s: %s", name, mustJSON(got))
		}
		wantMoney(t, name+": official", got.OfficialAmount, rec.Official)
		wantMoney(t, name+": cash", got.CashAmount, rec.Cash)
	}
	_, err := dc.ListSubCustomerBillDetail(&model.ListSubCustomerBillDetailRequest{BillCycle: rec.BillCycle, CustomerId: cust.DomainID})
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
	_, err = dc.ListSubCustomerBillDetail(&model.ListSubCustomerBillDetailRequest{BillCycle: rec.BillCycle, CustomerId: cust.DomainID,
		IndirectPartnerId: &provider.DomainID})
	sdkError(t, err, http.StatusForbidden, "CBC.99000037")

	bills, err := dc.ListSubcustomerMonthlyBills(&model.ListSubcustomerMonthlyBillsRequest{Cycle: rec.BillCycle,
		ChargeMode: decimal.NewFromInt(int64(rec.ChargeMode)).String(), CustomerId: &cust.DomainID, IndirectPartnerId: &reseller.DomainID})
	if err != nil {
		t.Fatal(err)
	}
	if cust.Mode == models.Consignment && (*bills.Count == 0 || *(*bills.BillSums)[0].CustomerId != cust.DomainID) ||
		cust.Mode != models.Consignment && *bills.Count != 0 {
		t.Errorf("the reseller's customer's bills: %s", mustJSON(bills))
	}
	_, err = dc.ListSubcustomerMonthlyBills(&model.ListSubcustomerMonthlyBillsRequest{Cycle: rec.BillCycle, ChargeMode: "1", CustomerId: &cust.DomainID})
	sdkError(t, err, http.StatusBadRequest, "CBC.99000035")
}
