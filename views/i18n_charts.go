package views

// chartCatalog: the charts (chart.templ) and the home page's consumption of the month.
var chartCatalog = map[string][2]string{
	"chart.empty":              {"本期暂无消费", "No consumption in this period"},
	"chart.desc":               {"合计 %s，最多的是%s（%s）", "Total %s; the most is %s (%s)"},
	"chart.table":              {"查看数据表", "Show the figures as a table"},
	"chart.other":              {"其他", "Other"},
	"home.consumption":         {"本月消费", "This month's consumption"},
	"home.consumption_note":    {"%s 账期，按天与服务类型统计客户消费（应付金额，退订退款为负），数据截至今天。", "Cycle %s: your customers' consumption by day and service type (amount due; refunds are negative), up to today."},
	"home.consumption_by":      {"本月各服务类型消费", "This month by service type"},
	"funds.history":            {"近 %d 天余额走势（每日日终余额）", "Balance over the last %d days (at the end of each day)"},
	"funds.history_desc":       {"%s 日终余额 %s，现在 %s", "%s closed at %s; now %s"},
	"bills.history_chart":      {"近 %d 个账期的账单（已付与欠费）", "The bills of the last %d cycles (paid and unpaid)"},
	"portal.bills":             {"我的账单", "My bills"},
	"bills.history_empty":      {"近 %d 个账期均无消费", "No consumption in the last %d cycles"},
	"funds.history_none":       {"近 %d 天每日日终余额均为 ¥0.00。", "The balance was ¥0.00 at the end of each of the last %d days."},
	"funds.history_no_account": {"该客户账户尚无资金往来，暂无余额走势。", "No money has moved in this customer's account yet: there is no balance history to chart."},
	"funds.view_bill":          {"查看账单", "View bills"},
	"bills.customer_detail":    {"客户详情", "Customer details"},
	"home.consumption_day":     {"%d日", "%d"},
}
