package views

// deliveryCatalog is the invitations' delivery: the texts sent to invitees (delivery/, both
// languages in every message) and the delivery state on the invitation lists.
var deliveryCatalog = map[string][2]string{
	"delivery.member.subject": {"邀请您加入 %s", "Invitation to join %s"},
	"delivery.member.text": {
		"%[1]s 邀请您以成员身份加入 PartnerHub 伙伴中心的 %[2]s。请打开链接接受邀请：%[3]s（%[4]s前有效）",
		"%[1]s invites you to join %[2]s on the PartnerHub Partner Center as a member. Open this link to accept: %[3]s (valid until %[4]s)",
	},
	"delivery.reseller.subject": {"邀请您成为 %s 的云经销商", "Invitation to become a cloud reseller of %s"},
	"delivery.reseller.text": {
		"%[2]s 的 %[1]s 邀请%[5]s成为 %[2]s 在 PartnerHub 伙伴中心的云经销商。请打开链接完成注册：%[3]s（%[4]s前有效）",
		"%[1]s of %[2]s invites %[5]s to become a cloud reseller of %[2]s on the PartnerHub Partner Center. Open this link to sign up: %[3]s (valid until %[4]s)",
	},
	"delivery.reseller.you": {"您", "you"},
	"delivery.expiry":       {"北京时间 %s ", "%s UTC+8"},
	"delivery.ignore":       {"如果您不认识邀请人，请忽略本邮件。", "If you do not know who invites you, ignore this message."},

	"delivery.column":         {"发送状态", "Delivery"},
	"delivery.pending":        {"待发送", "Queued"},
	"delivery.sent":           {"已发送", "Sent"},
	"delivery.failed":         {"发送失败", "Failed"},
	"delivery.obsolete":       {"未发送", "Not sent"},
	"delivery.retry_at":       {"第 %d 次失败，%s 重试", "Attempt %d failed; retry at %s"},
	"delivery.not_configured": {"未配置%s发送，请复制链接", "%s delivery not configured: copy the link"},
	"delivery.by_account":     {"不发送：账号登录后可见", "Not sent: the account sees it signed in"},
	"delivery.no_email":       {"未填邮箱，请复制链接", "No email given: copy the link"},
	"delivery.channel.email":  {"邮件", "Email"},
	"delivery.channel.sms":    {"短信", "SMS"},
}
