package views

// layoutCatalog is the text of the phone menu, the funds page's customer picker and the lists'
// paging and filter notices.
var layoutCatalog = map[string][2]string{
	"nav.menu": {"菜单", "Menu"},

	"funds.pick_title":       {"查找要拨款的客户", "Find a customer to fund"},
	"funds.pick_label":       {"代售客户的账号名 / 实名认证名称", "Consignment customer's account or verified name"},
	"funds.pick_placeholder": {"输入客户名称", "Type a customer's name"},
	"funds.pick_none":        {"没有匹配的代售客户。", "No consignment customer matches."},
	"funds.pick_more":        {"共 %d 个匹配，仅显示前 10 个，请输入更完整的名称。", "%d match; only the first 10 are shown: type more of the name."},
}

// listCatalog: paging, and the names of the lists' filters in the notice of ignored ones.
var listCatalog = map[string][2]string{
	"common.first":         {"首页", "First"},
	"common.last":          {"末页", "Last"},
	"common.page_pre":      {"第", "Page"},
	"common.page_of":       {"页 / 共 %d 页", "of %d"},
	"common.go":            {"跳转", "Go"},
	"err.from_after_to":    {"开始日期晚于结束日期。", "The start date is after the end date."},
	"common.from_after_to": {"开始日期晚于结束日期，日期范围已忽略。", "The start date is after the end date; the date range is ignored."},

	"filter.q":        {"搜索内容", "search text"},
	"filter.mode":     {"交易模式", "transaction mode"},
	"filter.verified": {"实名认证状态", "real-name status"},
	"filter.reseller": {"云经销商", "reseller"},
	"filter.from":     {"开始日期", "start date"},
	"filter.to":       {"结束日期", "end date"},
	"filter.label":    {"客户标签", "label"},
	"filter.manager":  {"客户经理", "account manager"},
	"filter.sort":     {"排序", "sort order"},
	"filter.limit":    {"每页条数", "rows per page"},
	"filter.page":     {"页码", "page number"},
	"filter.customer": {"客户", "customer"},
	"filter.quota":    {"额度", "quota"},
	"filter.status":   {"状态", "status"},
	"filter.kind":     {"类型", "type"},
	"filter.op":       {"操作类型", "operation"},
	"filter.result":   {"结果", "result"},
	"filter.trans_id": {"交易 ID", "transaction ID"},
	"filter.parent":   {"总经销商额度", "master distributor's quota"},
	"filter.partner":  {"伙伴", "partner"},
}
