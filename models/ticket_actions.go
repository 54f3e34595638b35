package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// MessageTicket is an outbox message telling a ticket's submitter and CCs of an action; its
// subject is the ticket event.
const MessageTicket = "ticket"

// TicketActions are the actions of a ticket's history, audited as "ticket." and the action.
var TicketActions = []string{"create", "accept", "cancel", "message", "request_info", "resolve", "confirm", "reopen", "close", "urge", "rate"}

// ticketStep is one status change: who may make it, from which statuses, to which, and what else
// it writes in the same transaction.
type ticketStep struct {
	action string
	need   ticketAccess
	from   []string
	to     string // "" keeps the status
	set    map[string]any
	check  func(t *Ticket, now time.Time) error
	also   func(tx *gorm.DB, t *Ticket, now time.Time) error
}

// applyStep runs a step on the ticket. The status is changed by an UPDATE conditional on the
// status read, so of two concurrent actions only one applies; the loser gets ErrTicketState.
func applyStep(ctx context.Context, db *gorm.DB, a Actor, id uint64, s ticketStep) (*Ticket, error) {
	t, acc, err := loadTicket(ctx, db, a, id)
	if err != nil {
		return nil, err
	}
	if acc != s.need {
		if acc == accessSupport || s.need == accessSupport || acc == accessRead {
			return nil, ErrTicketReadOnly
		}
		return nil, ErrForbidden
	}
	if !slices.Contains(s.from, t.Status) {
		return nil, ErrTicketState
	}
	now := time.Now().UTC()
	if s.check != nil {
		if err := s.check(t, now); err != nil {
			return nil, err
		}
	}
	from, to := t.Status, s.to
	if to == "" {
		to = from
	}
	set := map[string]any{"status": to, "updated_at": now}
	for k, v := range s.set {
		set[k] = v
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Ticket{}).Where("id = ? AND status = ?", t.ID, from).Updates(set)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrTicketState
		}
		if err := firstErr(tx.First(t, t.ID).Error, countTicket(tx, t, from, to)); err != nil {
			return err
		}
		if s.also != nil {
			if err := s.also(tx, t, now); err != nil {
				return err
			}
		}
		return recordTicketAction(tx, a, t, s.action, from, to, now, nil)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// recordTicketAction writes the action's history entry and audit record and, for an action of the
// after-sales team or the creation, queues an email to the submitter's contact and the CCs.
func recordTicketAction(tx *gorm.DB, a Actor, t *Ticket, action, from, to string, now time.Time, detail any) error {
	ev := TicketEvent{TicketID: t.ID, UserID: a.UserID, Action: action, At: now}
	if from != to {
		ev.FromStatus, ev.ToStatus = from, to
	}
	if err := tx.Create(&ev).Error; err != nil {
		return err
	}
	after := map[string]any{"number": t.Number, "status": to}
	if detail != nil {
		after["detail"] = detail
	}
	if err := audit(tx, a, t.PartnerID, "ticket."+action, "ticket", t.ID, map[string]any{"status": from}, after); err != nil {
		return err
	}
	if a.Kind != OperatorUser && action != "create" {
		return nil
	}
	return notifyTicket(tx, t, ev.ID, now)
}

// notifyTicket queues one email per address: the contact's and each CC's.
func notifyTicket(tx *gorm.DB, t *Ticket, eventID uint64, now time.Time) error {
	to := t.CCList()
	if t.ContactEmail != "" {
		to = append([]string{t.ContactEmail}, to...)
	}
	for _, addr := range to {
		m := OutboundMessage{Channel: ChannelEmail, Recipient: addr, PartnerID: t.PartnerID, Kind: MessageTicket,
			SubjectID: eventID, Status: MessagePending, NextAttemptAt: now, CreatedAt: now}
		if err := tx.Create(&m).Error; err != nil {
			return err
		}
	}
	return nil
}

// AcceptTicket: the after-sales team takes a pending ticket.
func AcceptTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, error) {
	now := time.Now().UTC()
	return applyStep(ctx, db, a, id, ticketStep{action: "accept", need: accessSupport, from: []string{TicketPending},
		to: TicketProcessing, set: map[string]any{"accepted_at": now, "operator_id": a.UserID}})
}

// CancelTicket: the submitter withdraws a ticket nobody accepted yet.
func CancelTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, error) {
	return applyStep(ctx, db, a, id, ticketStep{action: "cancel", need: accessSubmit, from: []string{TicketPending},
		to: TicketCancelled, set: map[string]any{"closed_at": time.Now().UTC()}})
}

// ResolveTicket: the after-sales team answers the ticket as solved; the submitter then has
// ConfirmWindow to confirm or reopen it.
func ResolveTicket(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, id uint64, body string) (*Ticket, error) {
	return replyStep(ctx, db, fs, a, id, body, nil, nil, ticketStep{action: "resolve", need: accessSupport,
		from: []string{TicketProcessing}, to: TicketResolved,
		set: map[string]any{"resolved_at": time.Now().UTC(), "awaiting_info": false}}, MsgReply)
}

// RequestTicketInfo: the after-sales team asks the submitter for information; the ticket stays in
// processing, marked as waiting for the submitter.
func RequestTicketInfo(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, id uint64, body string) (*Ticket, error) {
	return replyStep(ctx, db, fs, a, id, body, nil, nil, ticketStep{action: "request_info", need: accessSupport,
		from: []string{TicketProcessing}, set: map[string]any{"awaiting_info": true}}, MsgInfoRequest)
}

// ConfirmTicket: the submitter confirms the resolution, within ConfirmWindow; the ticket closes.
func ConfirmTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, error) {
	return applyStep(ctx, db, a, id, ticketStep{action: "confirm", need: accessSubmit, from: []string{TicketResolved},
		to: TicketClosed, set: map[string]any{"closed_at": time.Now().UTC()}, check: withinConfirmWindow})
}

// ReopenTicket: the submitter finds the resolution wrong, within ConfirmWindow of it (also after
// confirming); the ticket goes back to processing.
func ReopenTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, error) {
	return applyStep(ctx, db, a, id, ticketStep{action: "reopen", need: accessSubmit, from: []string{TicketResolved, TicketClosed},
		to: TicketProcessing, set: map[string]any{"closed_at": nil, "resolved_at": nil}, check: withinConfirmWindow})
}

// CloseTicket: the submitter closes a ticket being processed or resolved (a pending one is
// cancelled instead).
func CloseTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, error) {
	return applyStep(ctx, db, a, id, ticketStep{action: "close", need: accessSubmit, from: []string{TicketProcessing, TicketResolved},
		to: TicketClosed, set: map[string]any{"closed_at": time.Now().UTC()}})
}

// withinConfirmWindow refuses a confirmation or reopening of a ticket resolved more than
// ConfirmWindow ago, or closed without a resolution.
func withinConfirmWindow(t *Ticket, now time.Time) error {
	if t.ResolvedAt == nil || now.Sub(*t.ResolvedAt) > ConfirmWindow {
		return ErrConfirmWindow
	}
	return nil
}
