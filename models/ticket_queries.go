package models

import (
	"context"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"
)

// TicketFilter selects a page of the tickets the actor may see.
type TicketFilter struct {
	Status string // one of TicketStatuses, or "" for all
	Search string // a ticket number, or words of the title
	Queue  bool   // the operator's queue: by severity (highest first), then age (oldest first)
	Page   int    // from 1
	// Offset and Limit page the list instead of Page when Limit is set (the API's paging)
	Offset, Limit int
}

// TicketPageSize is a list page's length; MaxTicketPage bounds the offset paging.
const (
	TicketPageSize = 20
	MaxTicketPage  = 500
)

// TicketList is a page of tickets and the counts of the status tabs.
type TicketList struct {
	Tickets []Ticket
	Counts  map[string]int64
	Total   int64 // the tickets the filter selects, on every page
	More    bool
}

var ticketSearchRule = TextRule{Field: "q", Max: 100}

// ListTickets lists the tickets the actor may see, newest first (or as the queue), with the count
// of each status for the tabs.
func ListTickets(ctx context.Context, db *gorm.DB, a Actor, f TicketFilter) (*TicketList, error) {
	q, scope, err := ticketScope(ctx, db, a)
	if err != nil {
		return nil, err
	}
	search, err := ticketSearchRule.Clean(f.Search)
	if err != nil {
		return nil, err
	}
	out := &TicketList{Counts: map[string]int64{}}
	if err := countTickets(ctx, db, scope, out.Counts); err != nil {
		return nil, err
	}
	if search != "" {
		q = searchTickets(q, search)
	}
	if f.Status != "" {
		q = q.Where("tickets.status = ?", f.Status)
	}
	if out.Total, err = filteredTotal(q, out.Counts, f.Status, search); err != nil {
		return nil, err
	}
	if f.Queue {
		q = q.Order("tickets.severity DESC, tickets.created_at, tickets.id")
	} else {
		q = q.Order("tickets.id DESC")
	}
	page := min(max(f.Page, 1), MaxTicketPage)
	offset, limit := (page-1)*TicketPageSize, TicketPageSize
	if f.Limit > 0 {
		offset, limit = min(max(f.Offset, 0), MaxTicketPage*TicketPageSize), min(f.Limit, 100)
	}
	err = q.Offset(offset).Limit(limit + 1).Find(&out.Tickets).Error
	if len(out.Tickets) > limit {
		out.Tickets, out.More = out.Tickets[:limit], true
	}
	return out, err
}

// filteredTotal is the count of the tickets a filter selects: from the tabs' counts, or counted
// when a search narrows them.
func filteredTotal(q *gorm.DB, counts map[string]int64, status, search string) (int64, error) {
	if search != "" {
		var n int64
		err := q.Session(&gorm.Session{}).Count(&n).Error
		return n, err
	}
	if status != "" {
		return counts[status], nil
	}
	var n int64
	for _, c := range counts {
		n += c
	}
	return n, nil
}

// TicketIDByNumber is the id of the ticket with the number (the API's incident_id), or
// ErrNotFound; whether the actor may see it is the use case's to say.
func TicketIDByNumber(ctx context.Context, db *gorm.DB, number string) (uint64, error) {
	var ids []uint64
	if err := db.WithContext(ctx).Model(&Ticket{}).Where("number = ?", number).Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, ErrNotFound
	}
	return ids[0], nil
}

// TicketAccounts is the account id (domain id) each ticket is for: its customer's, or for a
// partner's own ticket the partner's.
func TicketAccounts(ctx context.Context, db *gorm.DB, ts []Ticket) (map[uint64]string, error) {
	var custIDs, partnerIDs []uint64
	for _, t := range ts {
		if t.CustomerID != 0 {
			custIDs = append(custIDs, t.CustomerID)
		} else {
			partnerIDs = append(partnerIDs, t.PartnerID)
		}
	}
	var cs []Customer
	var ps []Partner
	if err := firstErr(db.WithContext(ctx).Select("id, domain_id").Where("id IN ?", custIDs).Find(&cs).Error,
		db.WithContext(ctx).Select("id, domain_id").Where("id IN ?", partnerIDs).Find(&ps).Error); err != nil {
		return nil, err
	}
	cust, part := map[uint64]string{}, map[uint64]string{}
	for _, c := range cs {
		cust[c.ID] = c.DomainID
	}
	for _, p := range ps {
		part[p.ID] = p.DomainID
	}
	out := map[uint64]string{}
	for _, t := range ts {
		if t.CustomerID != 0 {
			out[t.ID] = cust[t.CustomerID]
		} else {
			out[t.ID] = part[t.PartnerID]
		}
	}
	return out, nil
}

// searchTickets: a ticket number finds that ticket; other text, tickets whose title holds it.
func searchTickets(q *gorm.DB, s string) *gorm.DB {
	if strings.HasPrefix(strings.ToUpper(s), "TK") {
		return q.Where("tickets.number = ?", strings.ToUpper(s))
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
	return q.Where(`tickets.title LIKE ? ESCAPE '\'`, like)
}

// countTickets reads the tabs' counts of a scope.
func countTickets(ctx context.Context, db *gorm.DB, sc countScope, into map[string]int64) error {
	var rows []TicketCount
	if err := db.WithContext(ctx).Where("scope = ? AND scope_id = ?", sc.kind, sc.id).Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		into[r.Status] = r.N
	}
	return nil
}

// TicketDetail is a ticket with its conversation (oldest first), files, history and rating, and
// what the actor may do with it.
type TicketDetail struct {
	Ticket      Ticket
	Messages    []TicketMessage
	Attachments map[uint64][]TicketAttachment // by message id
	Events      []TicketEvent
	Rating      *TicketRating
	Names       map[uint64]string // user ids of authors and actors → display names
	CanSubmit   bool              // the submitter's actions
	CanSupport  bool              // the after-sales team's actions
}

// GetTicket reads a ticket the actor may see; another tenant's is ErrNotFound.
func GetTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*TicketDetail, error) {
	t, acc, err := loadTicket(ctx, db, a, id)
	if err != nil {
		return nil, err
	}
	d := &TicketDetail{Ticket: *t, Attachments: map[uint64][]TicketAttachment{},
		CanSubmit: acc == accessSubmit, CanSupport: acc == accessSupport}
	q := db.WithContext(ctx)
	var atts []TicketAttachment
	if err := firstErr(
		q.Where("ticket_id = ?", id).Order("created_at, id").Find(&d.Messages).Error,
		q.Where("ticket_id = ?", id).Order("created_at, id").Find(&atts).Error,
		q.Where("ticket_id = ?", id).Order("at, id").Find(&d.Events).Error,
	); err != nil {
		return nil, err
	}
	for _, x := range atts {
		d.Attachments[x.MessageID] = append(d.Attachments[x.MessageID], x)
	}
	var r TicketRating
	if err := q.Where("ticket_id = ?", id).Limit(1).Find(&r).Error; err != nil {
		return nil, err
	}
	if r.TicketID != 0 {
		d.Rating = &r
	}
	d.Names, err = ticketNames(ctx, db, d)
	return d, err
}

// ticketNames names the users of a ticket's conversation and history.
func ticketNames(ctx context.Context, db *gorm.DB, d *TicketDetail) (map[uint64]string, error) {
	ids := []uint64{d.Ticket.SubmitterID}
	for _, m := range d.Messages {
		ids = append(ids, m.AuthorID)
	}
	for _, e := range d.Events {
		ids = append(ids, e.UserID)
	}
	var users []User
	if err := db.WithContext(ctx).Select("id, username, display_name").Where("id IN ?", ids).Find(&users).Error; err != nil {
		return nil, err
	}
	out := map[uint64]string{}
	for _, u := range users {
		out[u.ID] = u.DisplayName
		if u.DisplayName == "" {
			out[u.ID] = u.Username
		}
	}
	return out, nil
}

// OpenAttachment opens a file of a ticket the actor may see, or one the actor uploaded and has
// not attached yet; any other is ErrNotFound. The caller closes the file.
func OpenAttachment(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, id uint64) (*TicketAttachment, *os.File, error) {
	var att TicketAttachment
	if err := db.WithContext(ctx).First(&att, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if att.TicketID == 0 && att.UploaderID != a.UserID {
		return nil, nil, ErrNotFound
	}
	if att.TicketID != 0 {
		if _, _, err := loadTicket(ctx, db, a, att.TicketID); err != nil {
			return nil, nil, err
		}
	}
	f, err := fs.open(&att)
	if err != nil {
		return nil, nil, err
	}
	return &att, f, nil
}

// UploadAttachment stores a file not yet attached to a ticket (the API's upload before its
// CreateCases or CreateMessages names it by id).
func UploadAttachment(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, u Upload) (*TicketAttachment, error) {
	if a.Kind != CustomerUser && !a.isPartner(RoleAdmin, RoleSales) && a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	att, err := fs.save(u, a.UserID)
	if err != nil {
		return nil, err
	}
	att.CreatedAt = time.Now().UTC()
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(att).Error; err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "ticket.upload", "ticket_attachment", att.ID, nil, att)
	})
	if err != nil {
		fs.remove([]*TicketAttachment{att})
		return nil, err
	}
	return att, nil
}
