package views

// opsCatalog holds the operator's forms (the directory import, the review queues) and the join
// pages' field errors.
var opsCatalog = map[string][2]string{
	// the directory's columns, named for the rejected-rows table
	"dir.col.name":               {"企业名称", "Enterprise name"},
	"dir.col.credit_code":        {"统一社会信用代码", "Unified social credit code"},
	"dir.col.legal_rep":          {"法定代表人", "Legal representative"},
	"dir.col.registered_capital": {"注册资本", "Registered capital"},
	"dir.col.established_on":     {"成立日期", "Established on"},
	"dir.col.industry":           {"行业", "Industry"},
	"dir.col.region":             {"地区", "Region"},
	"dir.col.address":            {"地址", "Address"},
	"dir.col.status":             {"经营状态", "Status"},

	// the deposit form's partner picker
	"ops.find_partner":      {"查找伙伴", "Find the partner"},
	"ops.find_partner_ph":   {"伙伴名称、账号名、编号或账号 ID", "Name, account name, number or account ID"},
	"ops.find_partner_help": {"输入名称中的任意一段（至少一个汉字或两个字母/数字），在结果中选择伙伴。", "Type any part of the name (one Chinese character or two letters or digits at least), then choose the partner among those found."},
	"ops.no_partner_found":  {"没有找到与“%s”匹配的伙伴。", "No partner matches “%s”."},
	"ops.more_partners":     {"仅显示前 %d 个匹配的伙伴，请输入更完整的名称。", "Only the first %d partners found are shown: type more of the name."},
	"ops.change_partner":    {"更换伙伴", "Change partner"},

	// the import card
	"dir.template":      {"下载模板（CSV）", "Download the template (CSV)"},
	"dir.required":      {"必填", "required"},
	"dir.template_help": {"UTF-8 编码，含列名和一行示例，可直接用表格软件打开填写。", "UTF-8, with the column names and one example row, ready to fill in a spreadsheet."},
	"dir.status_help":   {"经营状态填 存续、注销 或 吊销（也可填 active、cancelled、revoked 或 In business、Cancelled、Revoked），留空为存续。", "Status: 存续, 注销 or 吊销 (or active, cancelled, revoked; or In business, Cancelled, Revoked); empty is in business."},
	"dir.every_error":   {"每行列出其全部错误，修正后再上传这些行。", "Each row lists every one of its errors: correct them all, then upload those rows again."},

	// a row's errors
	"err.dir_name_required": {"请填写企业名称。", "Enter the enterprise name."},
	"err.dir_too_long":      {"内容过长。", "The value is too long."},
	"dir.too_long":          {"内容过长：此列最多 %d 个字符。", "Too long: this column holds at most %d characters."},
	"err.bad_capital":       {"注册资本须为不小于 0 的金额（元），最多两位小数，如 1000000.00；不知道可留空。", "The registered capital must be an amount in yuan of 0 or more with at most 2 decimal places, such as 1000000.00, or left empty."},
	"err.in_directory":      {"该统一社会信用代码已在企业名录中，此行未导入。", "This credit code is already in the enterprise directory; the row was not imported."},

	// the outcome of an import
	"dir.summary_all":   {"文件中的 %d 行已全部导入。", "Every row of the file was imported (%d)."},
	"dir.summary_some":  {"其余 %d 行已导入企业名录；下列 %d 行未导入，修正后只需重新上传这些行。", "The other rows (%d) were imported into the directory; the rows listed below (%d) were not: correct them and upload just those rows again."},
	"dir.summary_none":  {"没有导入任何行：下列 %d 行均未导入。", "Nothing was imported: not one of the rows listed below (%d)."},
	"dir.summary_empty": {"文件中只有列名，没有数据行，未导入任何数据。", "The file holds only the column names and no rows: nothing was imported."},

	// a file refused whole
	"dir.bad.empty":    {"文件是空的：第 1 行须为列名。", "The file is empty: line 1 must name the columns."},
	"dir.bad.header":   {"第 %d 行的列名与模板不一致，须为：%s。", "Line %d does not name the template's columns, which are: %s."},
	"dir.bad.fields":   {"第 %d 行有 %d 列，应为 %d 列（含逗号的值须用英文双引号括起）。", "Line %d has %d fields, not %d (a value holding a comma must be in double quotes)."},
	"dir.bad.quote":    {"第 %d 行的引号不成对：含逗号或引号的值须用英文双引号括起，值中的双引号写两次。", "Line %d has an unmatched quote: a value holding a comma or a quote must be in double quotes, with each quote inside it doubled."},
	"dir.bad.encoding": {"第 %d 行不是 UTF-8 编码（可能是 GBK）：请在表格软件中另存为“CSV UTF-8”后再上传。", "Line %d is not UTF-8 (GBK, perhaps): save the file as “CSV UTF-8” and upload it again."},
	"dir.bad.too_many": {"第 %d 行超出了一个文件的上限（%d 行数据），请分批导入。", "Line %d is past the limit of one file (%d rows): import the directory in parts."},
	"dir.bad.nothing":  {"整个文件未导入，企业名录没有任何变化。", "Nothing in the file was imported; the directory is unchanged."},

	// the review queues
	"ops.reason_missing": {"“%s”未驳回：请填写原因。", "%s was not rejected: give a reason."},

	// the join pages
	"err.contact_required": {"请填写联系方式，以便生态经理与您联系。", "Enter a contact, so that your ecosystem manager can reach you."},
	"err.contact_too_long": {"联系方式最多 128 个字符。", "The contact holds at most 128 characters."},
	"err.company_required": {"请填写公司名称", "Enter the company name"},
	"err.company_too_long": {"公司名称过长。", "The company name is too long."},
}
