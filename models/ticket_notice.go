package models

import "gorm.io/gorm"

// TicketNotice is what a ticket's notification says, read from the ticket when it is delivered.
type TicketNotice struct {
	TicketID   uint64
	Number     string
	Title      string
	Action     string // the event's action: create, accept, request_info, message, resolve
	Status     string // the ticket's status now
	ForPortal  bool   // a customer's ticket: the link is the customer portal's
	LastAnswer string // the after-sales team's latest message, if the action added one
}

// ticketNotice fills the message of a ticket event. Unlike an invitation's, a ticket's notice is
// never obsolete: each tells of one action that happened.
func ticketNotice(tx *gorm.DB, im *InvitationMessage) (*InvitationMessage, error) {
	var ev TicketEvent
	var t Ticket
	if err := tx.First(&ev, im.Message.SubjectID).Error; err != nil {
		return nil, err
	}
	if err := tx.First(&t, ev.TicketID).Error; err != nil {
		return nil, err
	}
	n := &TicketNotice{TicketID: t.ID, Number: t.Number, Title: t.Title, Action: ev.Action, Status: t.Status, ForPortal: t.CustomerID != 0}
	if ev.Action != "create" && ev.Action != "accept" {
		var m TicketMessage
		err := tx.Where("ticket_id = ? AND created_at <= ? AND side = ?", t.ID, ev.At, SideSupport).Order("created_at DESC, id DESC").Limit(1).Find(&m).Error
		if err != nil {
			return nil, err
		}
		n.LastAnswer = m.Body
	}
	im.Ticket = n
	return im, nil
}
