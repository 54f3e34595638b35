package views

// resourceCatalog holds the texts of the resources' pages, in the console and the portal.
var resourceCatalog = map[string][2]string{
	"nav.resources":          {"资源管理", "Resources"},
	"resource.list":          {"包年/包月资源", "Resources"},
	"resource.id":            {"资源ID", "Resource ID"},
	"resource.product":       {"产品规格", "Product"},
	"resource.customer":      {"客户", "Customer"},
	"resource.service":       {"云服务类型", "Service"},
	"resource.region":        {"区域", "Region"},
	"resource.status":        {"状态", "Status"},
	"resource.effective":     {"生效时间", "Effective"},
	"resource.expire":        {"到期时间", "Expires"},
	"resource.expiring":      {"到期时间范围", "Expiring"},
	"resource.within_days":   {"%s 天内到期", "Within %s days"},
	"resource.of_customer":   {"客户 %s 的资源。", "Resources of %s."},
	"resource.view_customer": {"查看该客户的资源", "View the customer's resources"},
	"resource.all_customers": {"查看全部客户", "All customers"},
	"resource.facts":         {"资源信息", "Resource"},
	"resource.times":         {"有效期", "Term"},
	"resource.order":         {"订单", "Order"},
	"resource.attached":      {"附属资源", "Attached resources"},
	"resource.no_attached":   {"无附属资源。", "No attached resources."},
	"resource.status.2":      {"使用中", "In use"},
	"resource.status.3":      {"已关闭", "Closed"},
	"resource.status.4":      {"已冻结", "Frozen"},
	"resource.status.5":      {"已过期", "Expired"},
}
