package handlers

import (
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// The catalog, price inquiry and address lookups through the official SDK.

func TestSDKProductInformation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleViewer))
	en := ptr("en_US")

	st, err := client.ListServiceTypes(&model.ListServiceTypesRequest{XLanguage: en, ServiceTypeName: ptr("volume")})
	if err != nil || *st.TotalCount != 1 || *(*st.ServiceTypes)[0].ServiceTypeCode != "hws.service.type.ebs" || *(*st.ServiceTypes)[0].ServiceTypeName != "Elastic Volume Service" {
		t.Fatalf("ListServiceTypes: %v %v", st, err)
	}
	st, err = client.ListServiceTypes(&model.ListServiceTypesRequest{Limit: ptr(int32(2)), Offset: ptr(int32(4))})
	if err != nil || *st.TotalCount != 5 || len(*st.ServiceTypes) != 1 || *(*st.ServiceTypes)[0].ServiceTypeName != "云商店" {
		t.Fatalf("ListServiceTypes page: %v %v", st, err)
	}
	rt, err := client.ListResourceTypes(&model.ListResourceTypesRequest{XLanguage: en})
	if err != nil || *rt.TotalCount != 6 || *(*rt.ResourceTypes)[1].ResourceTypeCode != "hws.resource.type.volume" || *(*rt.ResourceTypes)[1].ResourceTypeName != "Disk" {
		t.Fatalf("ListResourceTypes: %v %v", rt, err)
	}
	sr, err := client.ListServiceResources(&model.ListServiceResourcesRequest{ServiceTypeCode: "hws.service.type.vpc"})
	if err != nil || *sr.TotalCount != 2 || *(*sr.Infos)[1].BasicInfo.Name != "弹性公网IP" {
		t.Fatalf("ListServiceResources: %v %v", sr, err)
	}
	_, err = client.ListServiceResources(&model.ListServiceResourcesRequest{ServiceTypeCode: "hws.service.type.nope"})
	sdkError(t, err, 400, "CBC.99006006")
	ut, err := client.ListUsageTypes(&model.ListUsageTypesRequest{ResourceTypeCode: ptr("hws.resource.type.bandwidth"), XLanguage: en})
	if err != nil || *ut.TotalCount != 2 || *(*ut.UsageTypes)[1].Code != "upflow" || *(*ut.UsageTypes)[1].ServiceTypeCode != "hws.service.type.vpc" {
		t.Fatalf("ListUsageTypes: %v %v", ut, err)
	}
	ut, err = client.ListUsageTypes(&model.ListUsageTypesRequest{ResourceTypeCode: ptr("hws.resource.type.obs"), XLanguage: en})
	if err != nil || *ut.TotalCount != 3 {
		t.Fatalf("ListUsageTypes of OBS: %v %v", ut, err)
	}
	obs := map[string]string{}
	for _, u := range *ut.UsageTypes {
		obs[*u.Code] = *u.Name
	}
	if obs["upflow"] != "Outbound traffic" || obs["storage"] != "Storage" || obs["requests"] != "Requests" {
		t.Errorf("OBS usage types: %v", obs)
	}
	mu, err := client.ListMeasureUnits(&model.ListMeasureUnitsRequest{XLanguage: en})
	if err != nil {
		t.Fatal(err)
	}
	units := map[int32]string{}
	for _, u := range *mu.MeasureUnits {
		units[*u.MeasureId] = *u.MeasureName
	}
	if units[17] != "GB" || units[15] != "Mbps" || units[14] != "Count" || units[4] != "Hour" || units[21] != "GB-hour" ||
		units[22] != "Request" || units[23] != "10,000 requests" {
		t.Errorf("ListMeasureUnits: %v", units)
	}
	cv, err := client.ListConversions(&model.ListConversionsRequest{MeasureType: ptr(int32(3))})
	if err != nil || len(*cv.Conversions) != 2 || *(*cv.Conversions)[0].MeasureId != 10 || *(*cv.Conversions)[0].ConversionRatio != 1024 {
		t.Fatalf("ListConversions: %v %v", cv, err)
	}
	_, err = client.ListServiceTypes(&model.ListServiceTypesRequest{Limit: ptr(int32(101))})
	sdkError(t, err, 400, "CBC.0100")
}

func TestSDKListResourceSpecs(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	req := model.ResourceSpecsQueryReq{CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
		RegionCode: "cn-north-1", ChargeMode: "1", Limit: ptr(int32(3))}
	var specs []string
	for range 5 {
		resp, err := client.ListResourceSpecs(&model.ListResourceSpecsRequest{XLanguage: ptr("en_US"), Body: &req})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range *resp.CloudServiceBasics {
			specs = append(specs, *b.ResourceSpec)
			if *b.ChargeMode != "1" || *b.RegionCode != "cn-north-1" || *b.CloudServiceTypeName != "Elastic Volume Service" {
				t.Errorf("basic %+v", b)
			}
		}
		if resp.PageInfo.NextMarker == nil {
			break
		}
		req.Marker = resp.PageInfo.NextMarker
	}
	if len(specs) != 4 || specs[2] != "GPSSD" {
		t.Errorf("specs %v", specs)
	}
	filter := model.ResourceSpecsQueryReq{CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
		RegionCode: "cn-south-1", ChargeMode: "3", Filters: &[]model.ResourceSpecsFilter{{Key: model.GetResourceSpecsFilterKeyEnum().RESOURCE_SPEC, Value: "SSD"}}}
	resp, err := client.ListResourceSpecs(&model.ListResourceSpecsRequest{Body: &filter})
	if err != nil || len(*resp.CloudServiceBasics) != 1 || *(*resp.CloudServiceBasics)[0].ResourceSpecName != "超高IO" {
		t.Fatalf("filtered: %v %v", resp, err)
	}
	for _, bad := range []struct {
		req  model.ResourceSpecsQueryReq
		code string
	}{
		{model.ResourceSpecsQueryReq{CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.vm", RegionCode: "cn-north-1", ChargeMode: "1"}, "CBC.99006006"},
		{model.ResourceSpecsQueryReq{CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", RegionCode: "mars-1", ChargeMode: "1"}, "CBC.99006006"},
		{model.ResourceSpecsQueryReq{CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", RegionCode: "cn-north-1", ChargeMode: "2"}, "CBC.0100"},
		{model.ResourceSpecsQueryReq{CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume", RegionCode: "cn-north-1", ChargeMode: "1", Marker: ptr("x")}, "CBC.0100"},
	} {
		_, err := client.ListResourceSpecs(&model.ListResourceSpecsRequest{Body: &bad.req})
		sdkError(t, err, 400, bad.code)
	}
}

// sdkWorkedExample is the reference's worked example as the SDK sends it.
func sdkWorkedExample(id string) model.PeriodProductInfo {
	return model.PeriodProductInfo{Id: id, CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
		ResourceSpec: "GPSSD", Region: "cn-north-1", AvailableZone: ptr("cn-north-1b"), ResourceSize: ptr(int32(30)),
		SizeMeasureId: ptr(int32(17)), PeriodType: 2, PeriodNum: 5, SubscriptionNum: 1}
}

func TestSDKListRateOnPeriodDetail(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	var p models.Partner
	app.DB.First(&p, partnerID(t, app, "provider"))
	resp, err := client.ListRateOnPeriodDetail(&model.ListRateOnPeriodDetailRequest{Body: &model.RateOnPeriodReq{
		ProjectId: p.DomainID, ProductInfos: []model.PeriodProductInfo{sdkWorkedExample("disk-1")}}})
	if err != nil {
		t.Fatal(err)
	}
	off := resp.OfficialWebsiteRatingResult
	if off.OfficialWebsiteAmount.String() != "75" || *(*off.ProductRatingResults)[0].Id != "disk-1" || len(*resp.OptionalDiscountRatingResults) != 0 {
		t.Fatalf("worked example: %v", resp)
	}

	// the provider's first customer has a 605 on disks (12 %) and a 607 on everything (10 %)
	var c models.Customer
	app.DB.Where("partner_id = ?", p.ID).Order("id").First(&c)
	vm := model.PeriodProductInfo{Id: "vm-1", CloudServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
		ResourceSpec: "s6.large.2.linux", Region: "cn-north-1", PeriodType: 3, PeriodNum: 1, SubscriptionNum: 2}
	resp, err = client.ListRateOnPeriodDetail(&model.ListRateOnPeriodDetailRequest{Body: &model.RateOnPeriodReq{
		ProjectId: c.DomainID, ProductInfos: []model.PeriodProductInfo{sdkWorkedExample("disk-1"), vm}}})
	if err != nil {
		t.Fatal(err)
	}
	// official: 75 + 2 × 1425 = 2925; 605: 66 + 2850 = 2916; 607: 67.50 + 2565 = 2632.50, the best
	if resp.OfficialWebsiteRatingResult.OfficialWebsiteAmount.String() != "2925" || len(*resp.OptionalDiscountRatingResults) != 2 {
		t.Fatalf("discounted: %v", resp)
	}
	want := []struct {
		typ            int32
		amount, disc   string
		best           int32
		disk, diskDisc string
	}{{605, "2916", "9", 0, "66", "9"}, {607, "2632.5", "292.5", 1, "67.5", "7.5"}}
	for i, w := range want {
		o := (*resp.OptionalDiscountRatingResults)[i]
		lines := *o.ProductRatingResults
		if *o.DiscountType != w.typ || o.Amount.String() != w.amount || o.DiscountAmount.String() != w.disc || *o.BestOffer != w.best ||
			*lines[0].Id != "disk-1" || lines[0].Amount.String() != w.disk || lines[0].DiscountAmount.String() != w.diskDisc ||
			*o.DiscountName == "" || *o.DiscountId == "" {
			t.Errorf("offer %d: %v", i, o)
		}
	}
}

func TestSDKListRateOnPeriodDetailErrors(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	var p models.Partner
	app.DB.First(&p, partnerID(t, app, "provider"))
	var other models.Customer
	app.DB.Where("partner_id <> ?", p.ID).Order("id").First(&other)
	with := func(f func(*model.PeriodProductInfo)) []model.PeriodProductInfo {
		pi := sdkWorkedExample("a")
		f(&pi)
		return []model.PeriodProductInfo{pi}
	}
	many := make([]model.PeriodProductInfo, 101)
	for i := range many {
		many[i] = sdkWorkedExample(string(rune('A'+i%50)) + string(rune('A'+i/50)))
	}
	cases := []struct {
		name    string
		project string
		infos   []model.PeriodProductInfo
		code    string
	}{
		{"unknown service", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.CloudServiceType = "x" }), "CBC.99006006"},
		{"unknown spec", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.ResourceSpec = "NVME" }), "CBC.99006006"},
		{"zone of another region", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.AvailableZone = ptr("cn-east-3a") }), "CBC.0100"},
		{"no size", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.ResourceSize = nil }), "CBC.0100"},
		{"size too large", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.ResourceSize = ptr(int32(40000)) }), "CBC.0100"},
		{"period type day", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.PeriodType = 0 }), "CBC.0100"},
		{"12 months", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.PeriodNum = 12 }), "CBC.0100"},
		{"101 units", p.DomainID, with(func(pi *model.PeriodProductInfo) { pi.SubscriptionNum = 101 }), "CBC.0100"},
		{"marketplace", p.DomainID, []model.PeriodProductInfo{{Id: "m", CloudServiceType: "hws.service.type.marketplace",
			ResourceType: "hws.resource.type.marketplace.saas", ResourceSpec: "mkp.waf.standard", Region: "cn-north-1", PeriodType: 2, PeriodNum: 1, SubscriptionNum: 1}}, "CBC.0100"},
		{"duplicate ids", p.DomainID, append(with(func(*model.PeriodProductInfo) {}), sdkWorkedExample("a")), "CBC.0100"},
		{"101 products", p.DomainID, many, "CBC.0100"},
		{"another partner's customer", other.DomainID, with(func(*model.PeriodProductInfo) {}), "CBC.99006073"},
	}
	for _, c := range cases {
		_, err := client.ListRateOnPeriodDetail(&model.ListRateOnPeriodDetailRequest{Body: &model.RateOnPeriodReq{ProjectId: c.project, ProductInfos: c.infos}})
		t.Run(c.name, func(t *testing.T) { sdkError(t, err, 400, c.code) })
	}
	// a viewer reads the catalog but does not ask prices
	app.DB.Model(&models.User{}).Where("username = ?", "provider").Update("roles", models.Roles(models.RoleViewer))
	_, err := client.ListRateOnPeriodDetail(&model.ListRateOnPeriodDetailRequest{Body: &model.RateOnPeriodReq{ProjectId: p.DomainID, ProductInfos: with(func(*model.PeriodProductInfo) {})}})
	sdkError(t, err, 403, "CBC.0155")
}

func TestSDKListOnDemandResourceRatings(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	var c models.Customer
	app.DB.Where("partner_id = ?", partnerID(t, app, "provider")).Order("id").First(&c)
	one := decimal.NewFromInt(1)
	disk := model.DemandProductInfo{Id: "disk", CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
		ResourceSpec: "GPSSD", Region: "cn-north-1", ResourceSize: ptr(int32(30)), SizeMeasureId: ptr(int32(17)),
		UsageFactor: "Duration", UsageValue: &one, UsageMeasureId: 5, SubscriptionNum: 1} // a day
	resp, err := client.ListOnDemandResourceRatings(&model.ListOnDemandResourceRatingsRequest{Body: &model.RateOnDemandReq{
		ProjectId: c.DomainID, InquiryPrecision: ptr(int32(1)), ProductInfos: []model.DemandProductInfo{disk}}})
	if err != nil {
		t.Fatal(err)
	}
	// 0.00069444 × 30 GB × 24 h = 0.4999968; the 605 (12 % on disks) is the best: 0.439997184
	pr := (*resp.ProductRatingResults)[0]
	if resp.OfficialWebsiteAmount.String() != "0.4999968" || resp.Amount.String() != "0.439997184" ||
		*pr.Id != "disk" || len(*pr.DiscountRatingResults) != 2 || pr.Amount.String() != "0.439997184" {
		t.Fatalf("on demand: %v", resp)
	}
	resp, err = client.ListOnDemandResourceRatings(&model.ListOnDemandResourceRatingsRequest{Body: &model.RateOnDemandReq{
		ProjectId: c.DomainID, ProductInfos: []model.DemandProductInfo{disk}}})
	if err != nil || resp.OfficialWebsiteAmount.String() != "0.499997" {
		t.Fatalf("6 places: %v %v", resp, err)
	}
	bad := disk
	bad.UsageFactor = "upflow"
	_, err = client.ListOnDemandResourceRatings(&model.ListOnDemandResourceRatingsRequest{Body: &model.RateOnDemandReq{
		ProjectId: c.DomainID, ProductInfos: []model.DemandProductInfo{bad}}})
	sdkError(t, err, 400, "CBC.0100")
	_, err = client.ListOnDemandResourceRatings(&model.ListOnDemandResourceRatingsRequest{Body: &model.RateOnDemandReq{
		ProjectId: c.DomainID, InquiryPrecision: ptr(int32(2)), ProductInfos: []model.DemandProductInfo{disk}}})
	sdkError(t, err, 400, "CBC.0100")
}

func TestSDKAreas(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	client, _ := sdkClient(t, app, "provider")
	pr, err := client.ListProvinces(&model.ListProvincesRequest{Limit: ptr(int32(100))})
	if err != nil || *pr.Count != 31 || (*pr.Provinces)[0].Name != "北京市" {
		t.Fatalf("ListProvinces: %v %v", pr, err)
	}
	ci, err := client.ListCities(&model.ListCitiesRequest{ProvinceCode: "440000", XLanguage: ptr("en_US")})
	if err != nil || *ci.Count != 4 || (*ci.Cities)[1].Name != "Shenzhen" {
		t.Fatalf("ListCities: %v %v", ci, err)
	}
	co, err := client.ListCounties(&model.ListCountiesRequest{CityCode: "110100", Offset: ptr(int32(10)), Limit: ptr(int32(10))})
	if err != nil || *co.Count != 16 || len(*co.Counties) != 6 {
		t.Fatalf("ListCounties: %v %v", co, err)
	}
	none, err := client.ListCities(&model.ListCitiesRequest{ProvinceCode: "999999"})
	if err != nil || *none.Count != 0 {
		t.Fatalf("unknown province: %v %v", none, err)
	}
}
