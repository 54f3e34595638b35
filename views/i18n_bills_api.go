package views

// billAPICatalog holds the messages of the partner API's bill queries (models/api_bill_queries.go).
var billAPICatalog = map[string][2]string{
	"err.bill_dates": {"账单日期须为账期所在月份中 YYYY-MM-DD 格式的日期，开始和结束日期须同时提供，且开始日期不晚于结束日期",
		"The bill dates must be days written YYYY-MM-DD of the bill cycle's month, both or neither, the first not after the second"},
}
