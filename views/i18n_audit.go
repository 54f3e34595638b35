package views

import (
	"sort"
	"strings"
)

// auditCatalog names the audit log's actions ("act." and the action's code), their groups
// ("actgroup." and the code's part before the dot) and the types of object they act on ("objtype."
// and the type's code). A test keeps every action and object type the models write in it.
var auditCatalog = map[string][2]string{
	"objtype.access_key":              {"访问密钥", "Access key"},
	"objtype.application":             {"入驻申请", "Application"},
	"objtype.bill":                    {"客户月度账单", "Customer's monthly bill"},
	"act.bill.settle":                 {"结算账单", "Settle a bill"},
	"act.bill.unsettle":               {"撤销账单结算", "Undo a bill's settlement"},
	"actgroup.bill":                   {"账单", "Bills"},
	"objtype.coupon":                  {"代金券", "Coupon"},
	"objtype.coupon_batch":            {"代金券发放批次", "Coupon issue batch"},
	"objtype.coupon_quota":            {"代金券额度", "Coupon quota"},
	"objtype.customer":                {"客户", "Customer"},
	"objtype.distribution_invitation": {"分销计划邀请", "Distribution invitation"},
	"objtype.enterprise":              {"企业名录", "Enterprise directory"},
	"objtype.invitation":              {"客户拓展邀请", "Expansion invitation"},
	"objtype.member_invitation":       {"成员邀请", "Member invitation"},
	"objtype.order":                   {"订单", "Order"},
	"objtype.order_settings":          {"订单审核设置", "Order review settings"},
	"objtype.partner":                 {"伙伴", "Partner"},
	"objtype.price_version":           {"价格版本", "Price version"},
	"objtype.region":                  {"区域", "Region"},
	"objtype.resource":                {"资源", "Resource"},
	"objtype.reseller_invitation":     {"云经销商邀请", "Reseller invitation"},
	"objtype.ticket":                  {"工单", "Ticket"},
	"objtype.ticket_attachment":       {"工单附件", "Ticket attachment"},
	"objtype.topup":                   {"充值", "Top-up"},
	"objtype.transfer":                {"资金划转", "Fund transfer"},
	"objtype.zone":                    {"可用区", "Availability zone"},
	"objtype.service_type":            {"云服务类型", "Service type"},
	"objtype.resource_type":           {"资源类型", "Resource type"},
	"objtype.resource_spec":           {"资源规格", "Resource spec"},
	"objtype.user":                    {"用户", "User"},

	"actgroup.user":                {"登录", "Sign-in"},
	"actgroup.member":              {"成员", "Members"},
	"actgroup.application":         {"入驻申请", "Applications"},
	"actgroup.program":             {"计划与路径", "Programs and paths"},
	"actgroup.permission":          {"权限", "Permissions"},
	"actgroup.reseller":            {"云经销商", "Resellers"},
	"actgroup.customer":            {"客户", "Customers"},
	"actgroup.association":         {"客户关联", "Associations"},
	"actgroup.invitation":          {"客户拓展邀请", "Expansion invitations"},
	"actgroup.directory":           {"企业名录", "Enterprise directory"},
	"actgroup.access_key":          {"访问密钥", "Access keys"},
	"actgroup.transfer":            {"资金", "Funds"},
	"actgroup.quota":               {"代金券额度", "Coupon quotas"},
	"actgroup.coupon":              {"代金券", "Coupons"},
	"actgroup.ticket":              {"工单", "Tickets"},
	"actgroup.catalog":             {"产品目录", "Catalog"},
	"actgroup.price":               {"价格表", "Price list"},
	"actgroup.discount":            {"折扣", "Discounts"},
	"actgroup.order":               {"订单", "Orders"},
	"actgroup.order_authorization": {"代客下单授权", "Ordering authorizations"},
	"actgroup.topup":               {"客户充值", "Customer top-ups"},
	"actgroup.resource":            {"资源", "Resources"},

	"act.order_authorization.request": {"申请代客下单授权", "Request authorization to order"},
	"act.order_authorization.grant":   {"授权代客下单", "Grant authorization to order"},
	"act.order_authorization.decline": {"拒绝代客下单授权", "Decline authorization to order"},
	"act.order_authorization.revoke":  {"撤销代客下单授权", "Revoke authorization to order"},
	"act.order.create":                {"代客下单", "Order on behalf"},
	"act.order.settings":              {"修改订单审核设置", "Change the order review settings"},
	"act.order.approve":               {"审核通过订单", "Approve an order"},
	"act.order.reject":                {"驳回订单", "Reject an order"},
	"act.order.pay":                   {"支付订单", "Pay an order"},
	"act.order.cancel":                {"取消订单", "Cancel an order"},
	"act.order.expire":                {"订单超时取消", "Order cancelled past its deadline"},
	"act.order.complete":              {"订单完成（资源已创建）", "Order completed (resources created)"},
	"act.transfer.order_payment":      {"订单支付", "Order payment"},
	"act.transfer.topup":              {"客户充值到账", "Top-up credited"},
	"act.topup.create":                {"发起充值", "Start a top-up"},
	"act.topup.paid":                  {"充值支付成功", "Top-up paid"},
	"act.topup.close":                 {"充值关闭", "Top-up closed"},
	"act.transfer.refund":             {"退订退款", "Refund of an unsubscribe"},
	"act.transfer.usage":              {"按需用量扣费", "On-demand usage charge"},
	"act.transfer.usage_writeoff":     {"欠费核销", "Arrears written off"},
	"act.transfer.compensation":       {"账单补偿（退回客户余额）", "Bill compensation (to the customer's balance)"},
	"act.transfer.deduction":          {"账单扣费（从客户余额）", "Bill deduction (from the customer's balance)"},
	"act.bill.compensate":             {"账单补偿", "Compensate a customer's bill"},
	"act.bill.deduct":                 {"账单扣费", "Deduct from a customer's bill"},
	"actgroup.usage":                  {"按需用量", "On-demand usage"},
	"act.usage.rate":                  {"按需用量计费", "Rate on-demand usage"},
	"act.usage.import":                {"导入按需用量", "Import on-demand usage"},
	"objtype.usage":                   {"按需用量", "On-demand usage"},
	"actgroup.arrears":                {"欠费", "Arrears"},
	"act.arrears.writeoff":            {"欠费核销（新到账资金）", "Arrears written off (money arrived)"},
	"act.arrears.freeze":              {"欠费宽限期满，冻结按需资源", "Arrears grace period over: on-demand resources frozen"},
	"act.resource.unfreeze":           {"资源解冻（欠费已结清）", "Resource unfrozen (arrears paid)"},
	"act.order.renew":                 {"续订", "Renewal order"},
	"act.order.unsubscribe":           {"退订", "Unsubscribe order"},

	"act.resource.renew":                {"资源续订生效", "Resource renewed (expiry moved)"},
	"act.resource.auto_renew":           {"开通自动续订", "Turn on auto-renewal"},
	"act.resource.auto_renew_cancel":    {"取消自动续订", "Turn off auto-renewal"},
	"act.resource.expire":               {"资源到期（进入宽限期）", "Resource expired (grace period)"},
	"act.resource.freeze":               {"资源冻结（宽限期满）", "Resource frozen (grace period over)"},
	"act.resource.close":                {"资源删除（保留期满）", "Resource deleted (retention over)"},
	"act.resource.unsubscribe":          {"退订资源", "Unsubscribe a resource"},
	"act.resource.unsubscribe_renewals": {"退订续订周期", "Unsubscribe renewed periods"},

	"act.catalog.region":        {"维护区域", "Maintain a region"},
	"act.catalog.service":       {"维护云服务类型", "Maintain a service type"},
	"act.catalog.resource_type": {"维护资源类型", "Maintain a resource type"},
	"act.catalog.spec":          {"维护资源规格", "Maintain a resource spec"},
	"act.catalog.zone":          {"维护可用区", "Maintain an availability zone"},
	"act.price.set":             {"修改价格", "Change a price"},
	"act.price.import":          {"导入价格表", "Import the price list"},
	"act.discount.set":          {"设置折扣", "Set a discount"},
	"act.discount.remove":       {"取消折扣", "Remove a discount"},
	"act.discount.ceiling":      {"设置伙伴折扣上限", "Set a partner's discount ceiling"},

	"act.user.sign_in":        {"登录", "Sign-in"},
	"act.user.sign_in_failed": {"登录失败", "Failed sign-in"},
	"act.user.sign_out":       {"退出登录", "Sign-out"},

	"act.user.session_end":     {"结束其他登录会话", "End another session"},
	"act.user.password_change": {"修改密码", "Change password"},

	"act.member.invite":        {"邀请成员", "Invite member"},
	"act.member.invite_resend": {"重新发送成员邀请", "Resend member invitation"},
	"act.member.invite_revoke": {"撤销成员邀请", "Revoke member invitation"},
	"act.member.join":          {"成员加入", "Member joins"},
	"act.member.roles":         {"修改成员角色", "Change member roles"},
	"act.member.remove":        {"移除成员", "Remove member"},
	"act.member.admin":         {"成为伙伴管理员", "Becomes partner admin"},

	"act.application.create":  {"提交入驻申请", "Apply to join"},
	"act.application.approve": {"通过入驻申请", "Approve application"},
	"act.application.reject":  {"驳回入驻申请", "Reject application"},

	"act.program.enrol":                 {"加入解决方案提供商计划", "Enrol in solution provider program"},
	"act.program.path":                  {"调整发展路径", "Change development paths"},
	"act.program.distribution_invite":   {"邀请加入分销计划", "Invite to distribution program"},
	"act.program.distribution_accepted": {"接受分销计划邀请", "Accept distribution invitation"},
	"act.program.distribution_revoked":  {"撤销分销计划邀请", "Revoke distribution invitation"},
	"act.program.distribution_join":     {"成为总经销商", "Becomes master distributor"},
	"act.permission.expand":             {"客户拓展权限", "Customer-expansion permission"},

	"act.reseller.invite":        {"邀请云经销商", "Invite reseller"},
	"act.reseller.invite_resend": {"重新发送云经销商邀请", "Resend reseller invitation"},
	"act.reseller.invite_revoke": {"撤销云经销商邀请", "Revoke reseller invitation"},
	"act.reseller.join":          {"云经销商加入", "Reseller joins"},

	"act.customer.create":         {"创建客户", "Create customer"},
	"act.customer.label":          {"设置客户标签", "Set customer label"},
	"act.customer.assign_manager": {"分配客户经理", "Assign account manager"},
	"act.customer.verification":   {"实名认证审核", "Review real-name verification"},
	"act.association.create":      {"关联客户", "Associate customer"},
	"act.association.end":         {"解除关联", "End association"},
	"act.association.switch_mode": {"切换交易模式", "Switch transaction mode"},
	"act.invitation.create":       {"创建拓展邀请", "Create expansion invitation"},
	"act.invitation.resend":       {"重新发送拓展邀请", "Resend expansion invitation"},
	"act.directory.import":        {"导入企业名录", "Import enterprise directory"},

	"act.access_key.create":   {"创建访问密钥", "Create access key"},
	"act.access_key.active":   {"启用访问密钥", "Enable access key"},
	"act.access_key.disabled": {"停用访问密钥", "Disable access key"},
	"act.access_key.delete":   {"删除访问密钥", "Delete access key"},

	"act.transfer.deposit":          {"充值", "Deposit"},
	"act.transfer.deposit_reversal": {"冲正充值", "Reverse deposit"},
	"act.transfer.allocate":         {"拨款", "Allocate"},
	"act.transfer.reclaim":          {"回收", "Reclaim"},
	"act.transfer.unbind":           {"解绑回收", "Reclaim on unbinding"},
	"act.transfer.reseller_fund":    {"拨款给云经销商", "Fund reseller"},
	"act.transfer.reseller_reclaim": {"从云经销商回收", "Reclaim from reseller"},

	"act.quota.grant":      {"授予代金券额度", "Grant quota"},
	"act.quota.freeze":     {"冻结额度", "Freeze quota"},
	"act.quota.unfreeze":   {"解冻额度", "Unfreeze quota"},
	"act.quota.invalidate": {"作废额度", "Invalidate quota"},
	"act.quota.give":       {"下拨额度给云经销商", "Give quota to reseller"},
	"act.quota.reclaim":    {"回收云经销商额度", "Take back reseller quota"},

	"act.coupon.issue":             {"发放代金券", "Issue coupons"},
	"act.coupon.reclaim":           {"回收代金券", "Reclaim coupon"},
	"act.coupon.reclaim_on_unbind": {"解绑时回收代金券", "Reclaim coupons on unbinding"},
	"act.coupon.reclaim_on_switch": {"切换模式时回收代金券", "Reclaim coupons on mode switch"},
	"act.coupon.activate":          {"代金券生效", "Coupons take effect"},
	"act.coupon.expire":            {"代金券过期", "Coupons expire"},

	"act.ticket.create":       {"提交工单", "Open ticket"},
	"act.ticket.accept":       {"受理工单", "Accept ticket"},
	"act.ticket.cancel":       {"撤销工单", "Cancel ticket"},
	"act.ticket.message":      {"工单留言", "Ticket message"},
	"act.ticket.request_info": {"要求补充信息", "Ask for information"},
	"act.ticket.resolve":      {"工单处理完成", "Resolve ticket"},
	"act.ticket.confirm":      {"确认工单已解决", "Confirm resolution"},
	"act.ticket.reopen":       {"重新打开工单", "Reopen ticket"},
	"act.ticket.close":        {"关闭工单", "Close ticket"},
	"act.ticket.urge":         {"催单", "Urge ticket"},
	"act.ticket.rate":         {"评价工单", "Rate ticket"},
	"act.ticket.upload":       {"上传工单附件", "Upload ticket attachment"},
}

// ActionName is an audit action's name in lang, or its code when it has none.
func ActionName(lang, action string) string {
	if HasKey("act." + action) {
		return T(lang, "act."+action)
	}
	return action
}

// ActionGroup is a group of actions for the audit log's filter: its prefix ("member.") and the
// actions in it.
type ActionGroup struct {
	Prefix  string
	Actions []string
}

// ActionGroups lists the named actions by group, in the catalog's order of groups.
var ActionGroups = func() []ActionGroup {
	by := map[string][]string{}
	for k := range auditCatalog {
		if code, ok := strings.CutPrefix(k, "act."); ok {
			group, _, _ := strings.Cut(code, ".")
			by[group] = append(by[group], code)
		}
	}
	var out []ActionGroup
	for _, g := range []string{"user", "member", "application", "program", "permission", "reseller", "customer",
		"association", "invitation", "directory", "access_key", "transfer", "quota", "coupon", "ticket", "catalog", "price", "discount", "order", "order_authorization", "topup", "resource", "usage", "arrears", "bill"} {
		sort.Strings(by[g])
		out = append(out, ActionGroup{Prefix: g + ".", Actions: by[g]})
	}
	return out
}()

// ObjectTypes lists the named object types by code, for the audit log's filter.
var ObjectTypes = func() []string {
	var out []string
	for k := range auditCatalog {
		if code, ok := strings.CutPrefix(k, "objtype."); ok {
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}()

// KnownObjectType tells whether s is an object type of the catalog.
func KnownObjectType(s string) bool { return HasKey("objtype." + s) }

// KnownAction tells whether s is an action of the catalog or the prefix of one of its groups.
func KnownAction(s string) bool {
	return HasKey("act."+s) || strings.HasSuffix(s, ".") && HasKey("actgroup."+strings.TrimSuffix(s, "."))
}
