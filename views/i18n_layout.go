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
