package views

// resourceLifeCatalog holds the refusals of the resources' life: renewing, auto-renewal and
// unsubscribing (models/resource_*.go).
var resourceLifeCatalog = map[string][2]string{
	"err.not_main_resource":       {"附属资源须随主资源一起续订或退订", "An attached resource is renewed and unsubscribed with its main resource"},
	"err.resource_closed":         {"资源已删除或已退订", "The resource is closed or unsubscribed"},
	"err.resource_on_demand":      {"按需资源没有可续订或退订的周期", "The resource is charged on demand: it has no period to renew or unsubscribe"},
	"err.resource_busy":           {"该资源有待审核、待支付或处理中的订单，请稍后再试", "An order of the resource is pending or in progress"},
	"err.no_renewed_periods":      {"该资源没有尚未开始的续订周期", "The resource has no renewed period that has not begun"},
	"err.life_resources":          {"每次可操作 1 到 10 个资源", "Give 1 to 10 resources"},
	"err.unsubscribe_type":        {"退订类型须为 1（资源及续订周期）或 2（仅续订周期）", "unsubscribe_type must be 1 (resource and renewals) or 2 (renewals only)"},
	"err.unsubscribe_reason_type": {"退订原因类型须为 1 到 5", "unsubscribe_reason_type must be 1 to 5"},
	"err.auto_renew_times":        {"自动续订次数须为 0（直到取消）到 99", "auto_renew_times must be 0 (until cancelled) to 99"},
}
