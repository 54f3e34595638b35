package views

// confirmCatalog is the text of the confirmation steps: money moves and destructive actions are
// shown for confirmation before they happen, without JavaScript.
var confirmCatalog = map[string][2]string{
	"confirm.allocate_title":         {"确认拨款", "Confirm the allocation"},
	"confirm.reclaim_title":          {"确认回收", "Confirm the reclaim"},
	"confirm.customer":               {"客户", "Customer"},
	"confirm.amount":                 {"金额", "Amount"},
	"confirm.customer_balance":       {"客户余额", "Customer's balance"},
	"confirm.funder_cash":            {"%s 的现金余额", "Cash of %s"},
	"confirm.before_after":           {"%s → %s", "%s → %s"},
	"confirm.allocate_do":            {"确认拨款 %s", "Allocate %s"},
	"confirm.reclaim_do":             {"确认回收 %s", "Reclaim %s"},
	"confirm.cancel":                 {"取消", "Cancel"},
	"confirm.check":                  {"请核对以下信息，确认后资金将立即划转。", "Check the details: the money moves as soon as you confirm."},
	"confirm.unbind_title":           {"确认解除关联", "Confirm unbinding"},
	"confirm.unbind_lead":            {"解除关联后，代售客户的剩余余额将回收到您的账户，您将不能再为其拨款或代客下单。", "Unbinding reclaims a consignment customer's remaining balance to your account; you can no longer fund it or order for it."},
	"confirm.switch_coupons":         {"将回收的代金券", "Coupons taken back"},
	"confirm.coupons_reclaimed":      {"%d 张，余额共 %s", "%d, %s in all"},
	"confirm.unbind_reclaims":        {"将回收的余额", "Balance reclaimed"},
	"confirm.delete_key_title":       {"确认删除访问密钥", "Confirm deleting the access key"},
	"confirm.delete_key_lead":        {"删除后不可恢复，使用该访问密钥签名的 API 请求将被拒绝。", "This cannot be undone: requests signed with this access key will be refused."},
	"confirm.revoke_title":           {"确认撤销邀请", "Confirm revoking the invitation"},
	"confirm.end_title":              {"确认解除与伙伴的关联", "Confirm ending the association"},
	"confirm.end_lead":               {"解除后，伙伴拨付的余额将被回收，请及时自行充值以免服务因欠费中断。", "The partner's allocated balance will be reclaimed; top up yourself so your services do not stop for arrears."},
	"confirm.email":                  {"联系邮箱", "Contact email"},
	"confirm.coupon_reclaim_title":   {"确认回收代金券", "Confirm reclaiming the coupon"},
	"confirm.coupon_reclaim_lead":    {"回收后，代金券的剩余面额返还到额度，客户不能再使用该代金券。", "What the coupon has left goes back to its quota; the customer can no longer use the coupon."},
	"confirm.quota_reclaim_title":    {"确认回收额度", "Confirm taking the quota back"},
	"confirm.quota_reclaim_lead":     {"回收后，该云经销商额度的剩余金额返还到您的额度，它不能再用其发放代金券。", "What the reseller's quota has left goes back to your quota; the reseller can no longer issue coupons from it."},
	"confirm.reseller":               {"云经销商", "Reseller"},
	"confirm.partner":                {"伙伴", "Partner"},
	"confirm.reverse_title":          {"确认冲正充值", "Confirm reversing the deposit"},
	"confirm.reverse_lead":           {"冲正后，该金额将从伙伴的现金账户扣回；一笔充值只能冲正一次。", "The amount is taken back from the partner's cash account; a deposit is reversed once only."},
	"confirm.remove_member_title":    {"确认移除成员", "Confirm removing the member"},
	"confirm.remove_member_lead":     {"移除后，该成员不能再登录本伙伴的控制台，其访问密钥将被停用。", "The member can no longer sign in to this partner's console, and its access keys are disabled."},
	"confirm.member":                 {"成员", "Member"},
	"confirm.disable_key_title":      {"确认停用访问密钥", "Confirm disabling the access key"},
	"confirm.revoke_auth_title":      {"确认撤销代客下单授权", "Confirm revoking the authorization"},
	"confirm.quota_freeze_title":     {"确认冻结额度", "Confirm freezing the quota"},
	"confirm.quota_invalidate_title": {"确认使额度失效", "Confirm invalidating the quota"},
	"confirm.quota":                  {"额度", "Quota"},
	"confirm.remove_discount_title":  {"确认删除折扣", "Confirm removing the discount"},
	"confirm.revoke_expand_title":    {"确认收回客户拓展权限", "Confirm revoking the expansion permission"},
	"confirm.cancel_ticket_title":    {"确认撤销工单", "Confirm cancelling the ticket"},
	"confirm.ticket":                 {"工单号", "Ticket"},
	"confirm.ticket_title":           {"标题", "Title"},
	"confirm.end_session_title":      {"确认结束会话", "Confirm ending the session"},
	"confirm.switch_title":           {"确认切换交易模式", "Confirm switching the mode"},
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

// auditFieldCatalog names the fields of the audit log's before and after ("afield." and the key).
var auditFieldCatalog = map[string][2]string{
	"afield.mode":            {"交易模式", "Mode"},
	"afield.verified_status": {"实名认证", "Real-name status"},
	"afield.balance_fen":     {"余额", "Balance"},
	"afield.amount":          {"金额", "Amount"},
	"afield.amount_fen":      {"金额", "Amount"},
	"afield.value_fen":       {"额度金额", "Quota amount"},
	"afield.used_fen":        {"已用", "Used"},
	"afield.face_value":      {"面额", "Face value"},
	"afield.face_value_fen":  {"面额", "Face value"},
	"afield.min_face_fen":    {"最小面额", "Minimum face value"},
	"afield.max_face_fen":    {"最大面额", "Maximum face value"},
	"afield.from_balance":    {"转出方余额", "Payer's balance"},
	"afield.to_balance":      {"转入方余额", "Payee's balance"},
	"afield.kind":            {"类型", "Kind"},
	"afield.status":          {"状态", "Status"},
	"afield.user_id":         {"用户", "User"},
	"afield.customer_id":     {"客户", "Customer"},
	"afield.partner_id":      {"伙伴", "Partner"},
	"afield.reseller_id":     {"云经销商", "Reseller"},
	"afield.distributor_id":  {"总经销商", "Master distributor"},
	"afield.created_by_id":   {"创建人", "Created by"},
	"afield.decided_by_id":   {"审核人", "Decided by"},
	"afield.requested_by":    {"申请人", "Requested by"},
	"afield.memo":            {"备注", "Memo"},
	"afield.remark":          {"备注", "Remark"},
	"afield.reason":          {"原因", "Reason"},
	"afield.note":            {"说明", "Note"},
	"afield.roles":           {"角色", "Roles"},
	"afield.target":          {"被邀请人", "Invitee"},
	"afield.company_name":    {"公司名称", "Company"},
	"afield.email":           {"邮箱", "Email"},
	"afield.trans_id":        {"交易流水号", "Transaction ID"},
	"afield.effective_at":    {"生效时间", "Effective"},
	"afield.expire_at":       {"失效时间", "Expires"},
	"afield.expires_at":      {"失效时间", "Expires"},
	"afield.service_types":   {"适用服务", "Services"},
	"afield.created_at":      {"创建时间", "Created"},
	"afield.updated_at":      {"更新时间", "Updated"},
	"afield.accepted_at":     {"接受时间", "Accepted"},
	"afield.revoked_at":      {"撤销时间", "Revoked"},
	"afield.account_name":    {"账号名", "Account name"},
	"afield.display_name":    {"姓名", "Name"},
	"afield.name":            {"名称", "Name"},
	"afield.frozen":          {"冻结", "Frozen"},
	"afield.by":              {"邀请方式", "Invited by"},
	"afield.username":        {"登录名", "Sign-in name"},
	"afield.address":         {"来源地址", "Address"},
}
