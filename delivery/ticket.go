package delivery

import (
	"fmt"

	"partnerhub/models"
	"partnerhub/views"
)

// composeTicket writes a ticket's notification in both languages, Chinese first: which ticket,
// what happened, the after-sales team's latest answer and the link to the ticket.
func composeTicket(im *models.InvitationMessage, link string) Message {
	n := im.Ticket
	path := fmt.Sprintf("/support/tickets/%d", n.TicketID)
	if n.ForPortal {
		path = fmt.Sprintf("/customer/tickets/%d", n.TicketID)
	}
	var subject, text [2]string
	for i, lang := range views.Langs {
		what := views.T(lang, "ticket.notice."+n.Action)
		subject[i] = views.T(lang, "ticket.notice.subject", n.Number, what)
		text[i] = views.T(lang, "ticket.notice.text", n.Number, n.Title, what, views.T(lang, "ticket.status."+n.Status), link+path)
		if n.LastAnswer != "" {
			text[i] += "\n\n" + n.LastAnswer
		}
	}
	return Message{To: im.Message.Recipient, Subject: subject[0] + " / " + subject[1],
		Text: text[0] + "\n\n----\n\n" + text[1] + "\n"}
}
