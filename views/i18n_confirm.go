package views

// confirmCatalog is the text of the confirmation steps: money moves and destructive actions are
// shown for confirmation before they happen, without JavaScript.
var confirmCatalog = map[string][2]string{
	"confirm.allocate_title":   {"确认拨款", "Confirm the allocation"},
	"confirm.reclaim_title":    {"确认回收", "Confirm the reclaim"},
	"confirm.customer":         {"客户", "Customer"},
	"confirm.amount":           {"金额", "Amount"},
	"confirm.customer_balance": {"客户余额", "Customer's balance"},
	"confirm.funder_cash":      {"%s 的现金余额", "Cash of %s"},
	"confirm.before_after":     {"%s → %s", "%s → %s"},
	"confirm.allocate_do":      {"确认拨款 %s", "Allocate %s"},
	"confirm.reclaim_do":       {"确认回收 %s", "Reclaim %s"},
	"confirm.cancel":           {"取消", "Cancel"},
	"confirm.check":            {"请核对以下信息，确认后资金将立即划转。", "Check the details: the money moves as soon as you confirm."},
	"confirm.unbind_title":     {"确认解除关联", "Confirm unbinding"},
	"confirm.unbind_lead":      {"解除关联后，代售客户的剩余余额将回收到您的账户，您将不能再为其拨款或代客下单。", "Unbinding reclaims a consignment customer's remaining balance to your account; you can no longer fund it or order for it."},
	"confirm.unbind_reclaims":  {"将回收的余额", "Balance reclaimed"},
	"confirm.delete_key_title": {"确认删除访问密钥", "Confirm deleting the access key"},
	"confirm.delete_key_lead":  {"删除后不可恢复，使用该访问密钥签名的 API 请求将被拒绝。", "This cannot be undone: requests signed with this access key will be refused."},
	"confirm.revoke_title":     {"确认撤销邀请", "Confirm revoking the invitation"},
	"confirm.email":            {"联系邮箱", "Contact email"},
}

// grantCatalog is the text of the operator's quota grant's refusals.
var grantCatalog = map[string][2]string{
	"err.min_face_above_max":    {"最小面额不能大于最大面额。", "The minimum face value cannot be above the maximum."},
	"err.max_face_above_amount": {"最大面额不能大于额度金额。", "The maximum face value cannot be above the quota's amount."},
	"err.quota_holder":          {"只有解决方案提供商和总经销商可以持有额度。", "Only solution providers and master distributors may hold a quota."},
}

// quotaLabelCatalog names a quota in the lists to choose one from.
var quotaLabelCatalog = map[string][2]string{
	"quota.face_range": {"面额 %s–%s", "face %s–%s"},
	"quota.face_max":   {"面额至多 %s", "face up to %s"},
	"quota.face_min":   {"面额至少 %s", "face from %s"},
	"quota.balance_of": {"余额 %s", "balance %s"},
	"quota.until":      {"至 %s", "until %s"},
}

// giveCatalog is the text of a refused quota give.
var giveCatalog = map[string][2]string{
	"rquota.insufficient": {"额度余额不足：可用余额 %s，不够向所选的 %d 个云经销商各发放该金额。", "The quota's balance is insufficient: %s available, not enough to give this amount to each of the %d resellers chosen."},
}

// namesCatalog is the text of filters that take a name instead of an id.
var namesCatalog = map[string][2]string{
	"funds.customer_filter":      {"客户", "Customer"},
	"funds.customer_filter_hint": {"账号名或客户 ID", "Account name or customer ID"},
}
