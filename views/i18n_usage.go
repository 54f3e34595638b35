package views

// usageCatalog: rated usage and arrears (issue 15).
var usageCatalog = map[string][2]string{
	"tkind.usage":              {"按需用量扣费", "On-demand usage"},
	"tkind.usage_writeoff":     {"欠费核销", "Arrears write-off"},
	"memo.usage":               {"按需用量扣费", "On-demand usage charge"},
	"memo.usage_writeoff":      {"欠费核销", "Arrears written off"},
	"err.in_arrears":           {"客户有欠费未结清，不能解除关联或切换为顾问销售", "The customer has unpaid arrears: it cannot be unbound or switched to advisory"},
	"err.on_demand_in_arrears": {"客户有欠费未结清，结清前不能新购按需资源", "The customer has unpaid arrears: it cannot order on-demand resources until they are paid"},
	"err.in_arrears_amount": {"客户欠费 %s 未结清，请先拨款或充值结清后再解除关联或切换为顾问销售",
		"The customer owes %s in arrears; allocate or top up to pay them before unbinding it or switching it to advisory"},
	"err.usage_hour":              {"小时须为整点的开始时间，格式 YYYY-MM-DD HH:00（北京时间），且不能在未来", "The hour must be the start of an hour written YYYY-MM-DD HH:00 (Asia/Shanghai), not in the future"},
	"err.usage_resource":          {"没有此 ID 的按需资源", "No on-demand resource has this id"},
	"err.usage_refused":           {"用量文件有被拒绝的行，未导入任何记录", "The usage file has refused lines: nothing was imported"},
	"confirm.writeoff":            {"其中先核销欠费", "Of which pays the arrears first"},
	"arrears.title":               {"欠费", "Arrears"},
	"arrears.amount":              {"欠费金额", "Arrears"},
	"arrears.since":               {"开始欠费", "In arrears since"},
	"arrears.due":                 {"宽限期截止", "Grace period ends"},
	"arrears.frozen":              {"按需资源已冻结", "On-demand resources frozen"},
	"arrears.frozen_at":           {"冻结于 %s", "Frozen at %s"},
	"arrears.help":                {"按需用量超出余额的部分记为欠费；宽限期满后冻结按需资源。拨款或充值到账后先核销欠费，结清后自动解冻。", "On-demand usage the balance could not pay is arrears; when the grace period ends the on-demand resources are frozen. Money allocated or topped up pays the arrears first and, once they are paid, unfreezes them."},
	"arrears.portal_help_partner": {"您的按需用量超出余额。伙伴拨款到账后先结清欠费；宽限期截止前未结清，按需资源将被冻结。", "Your on-demand usage exceeded your balance. Your partner's next allocation pays the arrears first; if they are not paid before the grace period ends, your on-demand resources will be frozen."},
	"arrears.portal_help":         {"您的按需用量超出余额。请在宽限期截止前充值，否则按需资源将被冻结；充值到账后先结清欠费。", "Your on-demand usage exceeded your balance. Top up before the grace period ends or your on-demand resources will be frozen; a top-up pays the arrears first."},
}
