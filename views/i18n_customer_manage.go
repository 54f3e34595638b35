package views

// customerManageCatalog: a customer's label and account manager, and the create-customer form.
var customerManageCatalog = map[string][2]string{
	"cmanage.label_hint":   {"输入或选择标签，留空即清除", "Type or pick a label; empty clears it"},
	"cmanage.save_label":   {"保存标签", "Save label"},
	"cmanage.assign":       {"分配客户经理", "Assign manager"},
	"cmanage.none":         {"未分配", "Not assigned"},
	"cmanage.label_set":    {"已将客户 %s 的标签设为“%s”。", "The label of %s is now “%s”."},
	"cmanage.label_clear":  {"已清除客户 %s 的标签。", "The label of %s was cleared."},
	"cmanage.manager_set":  {"客户 %s 的客户经理已改为 %s。", "%s is now managed by %s."},
	"cmanage.manager_none": {"客户 %s 已不再分配客户经理。", "%s no longer has an account manager."},
	"cmanage.by_reseller":  {"该客户属于云经销商 %s，标签和客户经理由其设置。", "This customer belongs to the cloud reseller %s, who sets its label and account manager."},

	"cbatch.title":      {"批量设置选中的客户", "Change the customers ticked"},
	"cbatch.label_hint": {"留空即清除标签", "Empty clears the label"},
	"cbatch.pick":       {"选择", "Pick"},
	"cbatch.labelled":   {"已为 %d 位客户设置标签“%s”。", "Label “%[2]s” set on %[1]d customers."},
	"cbatch.cleared":    {"已清除 %d 位客户的标签。", "Label cleared on %d customers."},
	"cbatch.assigned":   {"已为 %d 位客户分配客户经理 %s。", "%d customers now managed by %s."},
	"cbatch.unassigned": {"已取消 %d 位客户的客户经理。", "%d customers no longer have an account manager."},
	"cbatch.refused":    {"%d 位客户未更改：%s", "%d customers not changed: %s"},
	"cbatch.unknown":    {"（不存在的客户）", "(no such customer)"},

	"cnew.button":        {"创建客户", "Create customer"},
	"cnew.title":         {"创建客户", "Create a customer"},
	"cnew.for":           {"客户归属", "Customer of"},
	"cnew.for_self":      {"本伙伴", "Ourselves"},
	"cnew.for_hint":      {"为云经销商创建的客户由该经销商管理。", "A customer created for a cloud reseller is managed by that reseller."},
	"cnew.account_hint":  {"5–32 位字母、数字、_ 或 -，即客户的登录名；留空则自动生成。", "5–32 letters, digits, _ or -: the customer's sign-in name. Left empty, one is generated."},
	"cnew.mobile":        {"手机号（可选）", "Mobile (optional)"},
	"cnew.password":      {"初始密码（可选）", "Initial password (optional)"},
	"cnew.password_hint": {"8–72 个字符；出错后需重新输入。留空则客户暂不能登录。", "8–72 characters; type it again after an error. Left empty, the customer cannot sign in yet."},
	"cnew.own_only":      {"仅适用于本伙伴的客户。", "For our own customers only."},
	"cnew.manager_self":  {"%s（创建人）", "%s (the creator)"},
	"cnew.submit":        {"创建", "Create"},
	"cnew.cancel":        {"取消", "Cancel"},
	"cnew.created":       {"已创建客户 %s。", "Customer %s created."},

	"afield.label":              {"标签", "Label"},
	"afield.account_manager_id": {"客户经理", "Account manager"},

	"err.resellers_customer": {"该客户属于云经销商，标签和客户经理由经销商设置。", "This customer belongs to a cloud reseller, who sets its label and account manager."},
	"err.not_a_manager":      {"客户经理须为本伙伴在职的管理员或销售成员。", "The account manager must be an active admin or sales member of the partner."},
	"err.domain_name":        {"账号名须为 5–32 位字母、数字、_ 或 -。", "The account name must be 5–32 letters, digits, _ or -."},
	"err.account_name_taken": {"该账号名已被使用。", "This account name is already in use."},
	"err.xaccount_taken":     {"该外部账号已创建过客户。", "This external account already has a customer."},
}
