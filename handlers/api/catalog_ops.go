package api

import "partnerhub/models"

var (
	// catalogRoles read the catalog: every member.
	catalogRoles = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleFinance, models.RoleViewer}
	// inquiryRoles ask prices: those who sell and bill (SPEC 4, Orders > Price inquiry).
	inquiryRoles = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleFinance}
)

// catalogOperations are the product information, price inquiry and address lookups.
var catalogOperations = []Operation{
	{Name: "ListServiceTypes", Method: "GET", Path: "/v2/products/service-types",
		Summary:   "List the cloud service types (service_type_name: a part of the name), names in X-Language.",
		SummaryZH: "查询云服务类型列表（service_type_name 按名称模糊查询），名称随 X-Language。",
		Roles:     catalogRoles, Request: listServiceTypesReq{}, Response: listServiceTypesResp{}, run: (*server).listServiceTypes},
	{Name: "ListResourceTypes", Method: "GET", Path: "/v2/products/resource-types",
		Summary:   "List the resource types of every service, names in X-Language.",
		SummaryZH: "查询资源类型列表，名称随 X-Language。",
		Roles:     catalogRoles, Request: listResourceTypesReq{}, Response: listResourceTypesResp{}, run: (*server).listResourceTypes},
	{Name: "ListServiceResources", Method: "GET", Path: "/v2/products/service-resources",
		Summary:   "List the resource types of one service type.",
		SummaryZH: "查询某云服务类型下的资源类型。",
		Roles:     catalogRoles, Request: listServiceResourcesReq{}, Response: listServiceResourcesResp{}, run: (*server).listServiceResources},
	{Name: "ListUsageTypes", Method: "GET", Path: "/v2/products/usage-types",
		Summary:   "List the usage types on-demand resources are rated by (Duration, upflow…), optionally of one resource type.",
		SummaryZH: "查询按需资源的使用量类型（Duration、upflow 等），可按资源类型筛选。",
		Roles:     catalogRoles, Request: listUsageTypesReq{}, Response: listUsageTypesResp{}, run: (*server).listUsageTypes},
	{Name: "ListMeasureUnits", Method: "GET", Path: "/v2/bases/measurements",
		Summary:   "List the units of measure with their ids (17 GB of capacity, 15 Mbps, 14 count, 4 hour…).",
		SummaryZH: "查询度量单位及其 ID（17 容量 GB、15 Mbps、14 个、4 小时等）。",
		Roles:     catalogRoles, Request: struct{}{}, Response: listMeasureUnitsResp{}, run: (*server).listMeasureUnits},
	{Name: "ListConversions", Method: "GET", Path: "/v2/bases/conversions",
		Summary:   "List the conversions between units (1 measure_id = conversion_ratio ref_measure_id), optionally of one measure type.",
		SummaryZH: "查询度量单位换算关系（1 个 measure_id = conversion_ratio 个 ref_measure_id），可按度量类型筛选。",
		Roles:     catalogRoles, Request: listConversionsReq{}, Response: listConversionsResp{}, run: (*server).listConversions},
	{Name: "ListResourceSpecs", Method: "POST", Path: "/v2/products/resource-specs-query",
		Summary:   "List the specs a region sells of a resource type in a charge mode (\"1\" yearly/monthly, \"3\" on demand), a page after marker.",
		SummaryZH: "查询某区域按计费模式（\"1\" 包年/包月，\"3\" 按需）销售的资源规格，按 marker 分页。",
		Roles:     catalogRoles, Query: true, Request: listResourceSpecsReq{}, Response: listResourceSpecsResp{}, run: (*server).listResourceSpecs},
	{Name: "ListRateOnPeriodDetail", Method: "POST", Path: "/v2/bills/ratings/period-resources/subscribe-rate",
		Summary: "Price up to 100 yearly/monthly products: the official price and one entry per applicable discount (605, 606, 607), " +
			"best_offer 1 on the best. project_id: a customer's customer_id for its discounts, or the partner's own domain id.",
		SummaryZH: "包年/包月询价（最多 100 个产品）：官网价，以及每个适用折扣（605、606、607）各一条，best_offer 为 1 的是最优惠的。" +
			"project_id：客户的 customer_id（按其折扣询价）或伙伴自己的账号 ID。",
		Roles: inquiryRoles, Query: true, Request: rateOnPeriodReq{}, Response: rateOnPeriodResp{}, run: (*server).listRateOnPeriodDetail},
	{Name: "ListOnDemandResourceRatings", Method: "POST", Path: "/v2/bills/ratings/on-demand-resources",
		Summary: "Price up to 100 on-demand products for a usage (inquiry_precision 0: 6 decimal places, 1: 10); the amount is the " +
			"best discount's, each product lists its discounts.",
		SummaryZH: "按需询价（最多 100 个产品，inquiry_precision 0 为 6 位小数，1 为 10 位）；金额为最优折扣后的价格，每个产品列出其折扣。",
		Roles:     inquiryRoles, Query: true, Request: rateOnDemandReq{}, Response: rateOnDemandResp{}, run: (*server).listOnDemandResourceRatings},
	{Name: "ListProvinces", Method: "GET", Path: "/v2/systems/configs/provinces",
		Summary:   "List the mainland's provinces (GB/T 2260 codes), for a customer's address.",
		SummaryZH: "查询省份列表（GB/T 2260 编码），用于客户地址。",
		Roles:     catalogRoles, Request: listProvincesReq{}, Response: listProvincesResp{}, run: (*server).listProvinces},
	{Name: "ListCities", Method: "GET", Path: "/v2/systems/configs/cities",
		Summary:   "List the cities of a province.",
		SummaryZH: "查询某省份的城市列表。",
		Roles:     catalogRoles, Request: listCitiesReq{}, Response: listCitiesResp{}, run: (*server).listCities},
	{Name: "ListCounties", Method: "GET", Path: "/v2/systems/configs/counties",
		Summary:   "List the counties (districts) of a city.",
		SummaryZH: "查询某城市的区县列表。",
		Roles:     catalogRoles, Request: listCountiesReq{}, Response: listCountiesResp{}, run: (*server).listCounties},
}
