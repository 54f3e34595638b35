package models

import (
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"
)

// addMessage inserts a message with its files (already written) and the attachments uploaded
// before by its author, and counts them on the ticket.
func addMessage(tx *gorm.DB, t *Ticket, m *TicketMessage, atts []*TicketAttachment, uploadedIDs []uint64) error {
	if err := tx.Create(m).Error; err != nil {
		return err
	}
	for _, att := range atts {
		att.TicketID, att.MessageID, att.CreatedAt = t.ID, m.ID, m.CreatedAt
		if err := tx.Create(att).Error; err != nil {
			return err
		}
	}
	n, err := claimUploads(tx, t.ID, m, uploadedIDs)
	if err != nil {
		return err
	}
	return tx.Model(&Ticket{}).Where("id = ?", t.ID).Updates(map[string]any{
		"message_count": gorm.Expr("message_count + 1"), "attachment_count": gorm.Expr("attachment_count + ?", len(atts)+n)}).Error
}

// claimUploads attaches files the author uploaded before and attached to nothing yet; another
// user's upload, or one already attached, is not found.
func claimUploads(tx *gorm.DB, ticketID uint64, m *TicketMessage, ids []uint64) (int, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return 0, nil
	}
	res := tx.Model(&TicketAttachment{}).Where("id IN ? AND uploader_id = ? AND ticket_id = 0", ids, m.AuthorID).
		Updates(map[string]any{"ticket_id": ticketID, "message_id": m.ID})
	if res.Error != nil {
		return 0, res.Error
	}
	if int(res.RowsAffected) != len(ids) {
		return 0, &FieldError{Field: "accessory_ids", Err: ErrNotFound}
	}
	return len(ids), nil
}

// replyStep is a step that adds a message (the after-sales team's answer, question or resolution).
func replyStep(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, id uint64, body string, files []Upload, uploaded []uint64, s ticketStep, kind string) (*Ticket, error) {
	body, err := ticketMsgRule.Clean(body)
	if err == nil && body == "" {
		err = &FieldError{Field: "content", Err: ErrMessageRequired}
	}
	if err != nil {
		return nil, err
	}
	if len(files)+len(uploaded) > MaxAttachments {
		return nil, &FieldError{Field: "file", Err: ErrTooManyFiles}
	}
	atts, err := fs.saveAll(files, a.UserID)
	if err != nil {
		return nil, err
	}
	side := SideSubmitter
	if a.Kind == OperatorUser {
		side = SideSupport
	}
	s.also = func(tx *gorm.DB, t *Ticket, now time.Time) error {
		m := &TicketMessage{TicketID: t.ID, AuthorID: a.UserID, Side: side, Kind: kind, Body: body, CreatedAt: now}
		return addMessage(tx, t, m, atts, uploaded)
	}
	t, err := applyStep(ctx, db, a, id, s)
	if err != nil {
		fs.remove(atts)
	}
	return t, err
}

// AddTicketMessage adds a message, with up to MaxAttachments files, to an open ticket: the
// submitter's side (which answers a request for information) or the after-sales team's reply.
func AddTicketMessage(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, id uint64, body string, files []Upload) (*Ticket, error) {
	return AddTicketMessageWith(ctx, db, fs, a, id, body, files, nil)
}

// AddTicketMessageWith is AddTicketMessage that also attaches files the author uploaded before
// (the API's accessory_ids).
func AddTicketMessageWith(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, id uint64, body string, files []Upload, uploaded []uint64) (*Ticket, error) {
	s := ticketStep{action: "message", need: accessSubmit, from: []string{TicketPending, TicketProcessing, TicketResolved},
		set: map[string]any{"awaiting_info": false}}
	if a.Kind == OperatorUser {
		s.need, s.set = accessSupport, nil
	}
	return replyStep(ctx, db, fs, a, id, body, files, uploaded, s, MsgReply)
}

// UrgeTicket: the submitter asks for haste (催单), at most once per UrgeInterval. The interval
// is checked in the UPDATE itself, so two urges at the same moment cannot both pass.
func UrgeTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, error) {
	t, acc, err := loadTicket(ctx, db, a, id)
	if err != nil {
		return nil, err
	}
	if acc != accessSubmit {
		return nil, ErrTicketReadOnly
	}
	now := time.Now().UTC()
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Ticket{}).
			Where("id = ? AND status IN ? AND (last_urged_at IS NULL OR last_urged_at <= ?)",
				id, []string{TicketPending, TicketProcessing}, now.Add(-UrgeInterval)).
			Updates(map[string]any{"urge_count": gorm.Expr("urge_count + 1"), "last_urged_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if err := tx.First(t, id).Error; err != nil {
			return err
		}
		if res.RowsAffected != 1 {
			if t.Status != TicketPending && t.Status != TicketProcessing {
				return ErrTicketState
			}
			return ErrUrgedRecently
		}
		return recordTicketAction(tx, a, t, "urge", t.Status, t.Status, now, nil)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// RatingInput is the submitter's rating: 1 to 5 on each dimension, and a comment.
type RatingInput struct {
	Speed, Quality, Attitude int
	Comment                  string
}

// RateTicket: the submitter rates a resolved or closed ticket, once; the ticket's primary key
// on the rating refuses a second one even when two arrive at once.
func RateTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64, in RatingInput) (*TicketRating, error) {
	var fe FieldErrors
	for _, v := range []struct {
		f string
		v int
	}{{"speed", in.Speed}, {"quality", in.Quality}, {"attitude", in.Attitude}} {
		fe.add(v.f, required(v.v < 1 || v.v > 5, ErrRatingValue))
	}
	comment, err := ratingRule.Clean(in.Comment)
	fe.add("comment", err)
	if err := fe.err(); err != nil {
		return nil, err
	}
	r := &TicketRating{TicketID: id, UserID: a.UserID, Speed: in.Speed, Quality: in.Quality, Attitude: in.Attitude, Comment: comment}
	_, err = applyStep(ctx, db, a, id, ticketStep{action: "rate", need: accessSubmit, from: []string{TicketResolved, TicketClosed},
		also: func(tx *gorm.DB, t *Ticket, now time.Time) error {
			var n int64
			if err := tx.Model(&TicketRating{}).Where("ticket_id = ?", t.ID).Count(&n).Error; err != nil || n > 0 {
				return firstErr(err, ErrAlreadyRated)
			}
			r.CreatedAt = now
			return tx.Create(r).Error
		}})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, ErrAlreadyRated
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}
