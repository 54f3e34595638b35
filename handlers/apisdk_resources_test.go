package handlers

import (
	"net/http"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

	"partnerhub/models"
)

// The resource lists (reference 4.8) through the SDK, on the demo world's paid order (an ECS with
// its system disk, and a disk) and its on-demand ECS.
func TestSDKResourceLists(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	var disk models.Resource
	// the second customer's: the demo customer's own are its monthly orders' (seed/seed_bills.go)
	if err := app.DB.Where("charge_mode = ? AND resource_type = ? AND spec = ? AND customer_id <> (SELECT id FROM customers WHERE account_name = 'demo-customer')",
		models.ChargePeriod, "hws.resource.type.volume", "GPSSD").First(&disk).Error; err != nil {
		t.Fatal("the demo world has no GPSSD disk:", err)
	}
	var cust models.Customer
	app.DB.First(&cust, disk.CustomerID)
	var order models.Order
	app.DB.First(&order, disk.OrderID)
	list := func(req model.QueryResourcesReq) *model.ListPayPerUseCustomerResourcesResponse {
		t.Helper()
		req.CustomerId = &cust.DomainID
		resp, err := client.ListPayPerUseCustomerResources(&model.ListPayPerUseCustomerResourcesRequest{Body: &req})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	all := list(model.QueryResourcesReq{OrderId: ptr(order.OrderID())}) // the customer has other resources, in every status
	if *all.TotalCount != 3 || len(*all.Data) != 3 {
		t.Fatalf("the paid order's resources, main and attached: %s", mustJSON(all))
	}
	attached := 0
	for _, r := range *all.Data {
		if *r.IsMainResource == 0 {
			attached++
			if *r.ParentResourceId == "" || *r.ResourceSpecCode != "SAS" || !r.SpecSize.Equal(dec("40").Copy()) {
				t.Errorf("the system disk: %s", mustJSON(r))
			}
		}
		if *r.ResourceId == disk.PublicID && (*r.ServiceTypeName != "云硬盘" || *r.SpecSizeMeasureId != 17 || *r.Status != 2 ||
			*r.ExpireTime != disk.ExpireAt.UTC().Format(sdkTime) || *r.RegionCode != disk.Region) {
			t.Errorf("the disk: %s", mustJSON(r))
		}
	}
	if attached != 1 {
		t.Errorf("%d attached resources, want the system disk", attached)
	}
	if got := list(model.QueryResourcesReq{OnlyMainResource: ptr(int32(1)), OrderId: ptr(order.OrderID())}); *got.TotalCount != 2 {
		t.Errorf("main resources of the order: %d", *got.TotalCount)
	}
	var closedOrFrozen int64
	app.DB.Model(&models.Resource{}).Where("customer_id = ? AND status IN ?", cust.ID, []int8{models.ResourceClosed, models.ResourceFrozen}).Count(&closedOrFrozen)
	if got := list(model.QueryResourcesReq{StatusList: &[]int32{3, 4}}); int64(*got.TotalCount) != closedOrFrozen || closedOrFrozen == 0 {
		t.Errorf("closed or frozen: %d, want %d", *got.TotalCount, closedOrFrozen)
	}
	if got := list(model.QueryResourcesReq{ResourceIds: &[]string{disk.PublicID}, ServiceTypeCode: ptr("hws.service.type.ebs")}); *got.TotalCount != 1 {
		t.Errorf("by id: %d", *got.TotalCount)
	}
	bad := []model.QueryResourcesReq{{StatusList: &[]int32{1}}, {OnlyMainResource: ptr(int32(2))}, {OrderId: ptr("x")},
		{ExpireTimeBegin: ptr("yesterday")}, {Limit: ptr(int32(101))}}
	for _, req := range bad {
		req.CustomerId = &cust.DomainID
		_, err := client.ListPayPerUseCustomerResources(&model.ListPayPerUseCustomerResourcesRequest{Body: &req})
		sdkError(t, err, http.StatusBadRequest, "CBC.0100")
	}
	other, _ := sdkClient(t, app, "distributor")
	var err error
	_, err = other.ListPayPerUseCustomerResources(&model.ListPayPerUseCustomerResourcesRequest{Body: &model.QueryResourcesReq{CustomerId: &cust.DomainID}})
	if err == nil {
		t.Error("another partner listed the customer's resources")
	}

	// a customer's own key lists its own resources (the demo customer's monthly orders'), never another's
	own, demo := customerSDK(t, app, "customer")
	var mine int64
	app.DB.Model(&models.Resource{}).Where("customer_id = ?", demo.ID).Count(&mine)
	resp, err := own.ListPayPerUseCustomerResources(&model.ListPayPerUseCustomerResourcesRequest{Body: &model.QueryResourcesReq{}})
	if err != nil || int64(*resp.TotalCount) != mine || mine == 0 {
		t.Fatalf("the customer's own list: %v %+v", err, resp)
	}
	if resp, err := own.ListPayPerUseCustomerResources(&model.ListPayPerUseCustomerResourcesRequest{Body: &model.QueryResourcesReq{CustomerId: &demo.DomainID}}); err != nil || int64(*resp.TotalCount) != mine {
		t.Fatalf("the customer naming itself: %v", err)
	}
	_, err = own.ListPayPerUseCustomerResources(&model.ListPayPerUseCustomerResourcesRequest{Body: &model.QueryResourcesReq{CustomerId: &cust.DomainID}})
	if err == nil {
		t.Error("a customer's key listed another customer's resources")
	}

	onDemand := func(req model.QueryCustomerOnDemandResourcesReq) *model.ListCustomerOnDemandResourcesResponse {
		t.Helper()
		req.CustomerId = cust.DomainID
		resp, err := client.ListCustomerOnDemandResources(&model.ListCustomerOnDemandResourcesRequest{Body: &req})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	od := onDemand(model.QueryCustomerOnDemandResourcesReq{}) // the ECS, its system disk and the OBS bucket
	if *od.TotalCount != 3 || *(*od.Resources)[0].Status != 1 || *(*od.Resources)[0].CustomerId != cust.DomainID {
		t.Fatalf("on-demand resources: %s", mustJSON(od))
	}
	if got := onDemand(model.QueryCustomerOnDemandResourcesReq{Status: ptr(int32(6))}); *got.TotalCount != 0 {
		t.Errorf("closed on-demand: %d", *got.TotalCount)
	}
	if got := onDemand(model.QueryCustomerOnDemandResourcesReq{ServiceTypeCode: ptr("hws.service.type.ec2")}); *got.TotalCount != 1 {
		t.Errorf("on-demand ECS: %d", *got.TotalCount)
	}
	if got := onDemand(model.QueryCustomerOnDemandResourcesReq{ServiceTypeCode: ptr("hws.service.type.obs")}); *got.TotalCount != 1 {
		t.Errorf("on-demand OBS: %d", *got.TotalCount)
	}
	_, err = client.ListCustomerOnDemandResources(&model.ListCustomerOnDemandResourcesRequest{Body: &model.QueryCustomerOnDemandResourcesReq{
		CustomerId: cust.DomainID, Status: ptr(int32(7))}})
	sdkError(t, err, http.StatusBadRequest, "CBC.0100")
}
