package views

// billCatalog: the bills (issue 15).
var billCatalog = map[string][2]string{
	"err.bill_cycle":          {"账期须为 YYYY-MM 格式的月份，如 2026-11", "The bill cycle must be a month written YYYY-MM, like 2026-11"},
	"err.bill_cycle_future":   {"该账期尚未开始", "That bill cycle has not begun yet"},
	"err.bill_not_settleable": {"只有客户所属伙伴的财务人员或管理员可以结算其账单", "Only a finance member or an admin of the customer's own partner settles its bills"},
	"err.bill_running":        {"当前账期尚未结束，不能结算", "The running cycle cannot be settled before it ends"},
	"err.bill_no_bill":        {"该客户在此账期没有代售账单", "The customer has no consignment bill in this cycle"},
	"err.bill_settled":        {"该账单已结算", "The bill is settled already"},
	"err.bill_not_settled":    {"该账单尚未结算", "The bill is not settled"},
	"err.invoice_no":          {"发票号码为 1 到 32 位字母、数字或连字符", "The invoice number is 1 to 32 letters, digits or hyphens"},
	"err.invoice_date":        {"开票日期须为 YYYY-MM-DD 格式，不早于账期首日、不晚于今天", "The invoice date is a day written YYYY-MM-DD, from the cycle's first day to today"},
	"err.undo_reason":         {"请填写撤销结算的原因", "Say why the settlement is undone"},
}
