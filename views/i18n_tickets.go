package views

// ticketCatalog is the work orders' texts: the console's ticket pages and the notifications
// sent to a ticket's contact and CCs.
var ticketCatalog = map[string][2]string{
	"ticket.notice.subject":      {"工单 %s：%s", "Ticket %s: %s"},
	"ticket.notice.text":         {"您的工单 %s「%s」：%s。当前状态：%s。查看工单：%s", "Your ticket %s \"%s\": %s. Status now: %s. See the ticket: %s"},
	"ticket.notice.create":       {"已提交，等待受理", "submitted, waiting to be accepted"},
	"ticket.notice.accept":       {"已受理", "accepted"},
	"ticket.notice.request_info": {"售后工程师需要您补充信息", "the after-sales engineer needs more information"},
	"ticket.notice.message":      {"售后工程师已回复", "the after-sales engineer replied"},
	"ticket.notice.resolve":      {"已处理完成，请在 7 天内确认", "resolved; please confirm within 7 days"},

	"ticket.status.pending":    {"待受理", "Pending acceptance"},
	"ticket.status.processing": {"处理中", "Processing"},
	"ticket.status.resolved":   {"待确认", "Pending confirmation"},
	"ticket.status.closed":     {"已关闭", "Closed"},
	"ticket.status.cancelled":  {"已撤销", "Cancelled"},
}
