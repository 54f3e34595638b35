package views

// sessionCatalog is the signed-in user's own sessions and password.
var sessionCatalog = map[string][2]string{
	"sessions.title":           {"登录会话", "Signed-in sessions"},
	"sessions.explain":         {"您的账号当前在以下浏览器中保持登录。会话在登录 12 小时后或 2 小时无操作后结束。如有不认识的会话，请结束它并修改密码。", "These browsers are signed in to your account. A session ends 12 hours after sign-in or after 2 hours without use. End any session you do not recognise, and change your password."},
	"sessions.browser":         {"浏览器", "Browser"},
	"sessions.address":         {"IP 地址", "IP address"},
	"sessions.started":         {"登录时间", "Signed in"},
	"sessions.last_seen":       {"最近使用", "Last used"},
	"sessions.unknown_browser": {"未知浏览器", "Unknown browser"},
	"sessions.this":            {"当前会话", "This session"},
	"sessions.end":             {"结束会话", "End session"},
	"sessions.end_confirm":     {"结束此会话？该浏览器需要重新登录。", "End this session? That browser will have to sign in again."},
	"sessions.ended":           {"已结束该会话。", "The session has ended."},

	"password.title":     {"修改密码", "Change password"},
	"password.explain":   {"修改后，您的其他登录会话全部结束，当前会话保持登录。", "Once changed, all your other sessions end; this one stays signed in."},
	"password.current":   {"当前密码", "Current password"},
	"password.new":       {"新密码（8–72 个字符）", "New password (8 to 72 characters)"},
	"password.again":     {"再次输入新密码", "New password again"},
	"password.submit":    {"修改密码", "Change password"},
	"password.required":  {"请输入当前密码和新密码。", "Enter your current password and the new one."},
	"password.mismatch":  {"两次输入的新密码不一致。", "The two new passwords differ."},
	"password.changed":   {"密码已修改，其他登录会话已全部结束。", "Your password has been changed and all your other sessions have ended."},
	"err.wrong_password": {"当前密码不正确。", "The current password is wrong."},
}
