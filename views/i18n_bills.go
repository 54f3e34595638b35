package views

// billCatalog: the bills (issue 15).
var billCatalog = map[string][2]string{
	"err.bill_cycle": {"账期须为 YYYY-MM 格式的月份，如 2026-11", "The bill cycle must be a month written YYYY-MM, like 2026-11"},
}
