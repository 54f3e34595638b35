package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// FieldErrors is every refused field of one input, so that a form shows them all at once.
// errors.Is and errors.As see each.
type FieldErrors []*FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Message()
	}
	return "models: " + strings.Join(parts, "; ")
}

// Unwrap is the field errors, for errors.Is and errors.As.
func (fe FieldErrors) Unwrap() []error {
	out := make([]error, len(fe))
	for i, e := range fe {
		out[i] = e
	}
	return out
}

// add records err (a *FieldError, or a sentinel for field) and returns the cleaned value.
func (fe *FieldErrors) add(field string, err error) {
	if err == nil {
		return
	}
	if f, ok := err.(*FieldError); ok {
		*fe = append(*fe, f)
		return
	}
	if e, ok := err.(*Error); ok {
		*fe = append(*fe, &FieldError{Field: field, Err: e})
	}
}

func (fe FieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// TicketInput is a new ticket as the console's form or the API's CreateCases sends it.
type TicketInput struct {
	CustomerID    uint64 // a partner's ticket on behalf of one of its customers; 0: its own
	CustomerName  string // or that customer by account name (the console's form)
	Category      string
	ProblemType   string
	Region        string
	Severity      int
	Title         string
	Description   string
	ContactMobile string
	ContactEmail  string
	CCs           []string
	Files         []Upload
	AttachmentIDs []uint64 // uploaded before, by the same user (the API's UploadJsonAccessories)
}

var (
	ticketTitleRule = TextRule{Field: "title", Max: MaxTicketTitle}
	ticketDescRule  = TextRule{Field: "description", Max: MaxTicketDescription, Multiline: true}
	ticketMsgRule   = TextRule{Field: "content", Max: MaxTicketMessage, Multiline: true}
	ratingRule      = TextRule{Field: "comment", Max: MaxRatingComment, Multiline: true}
)

// ticketOwner is whose ticket a new one is: the partner world it belongs to and the support
// level that bounds its severity.
type ticketOwner struct {
	partnerID, topID, customerID uint64
	level                        string
}

// ticketOwnerOf finds the owner of the actor's new ticket: a customer's own; a partner's own, or one on
// behalf of a customer associated with it (another's customer is not found).
func ticketOwnerOf(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, account string) (*ticketOwner, error) {
	account = normalizeUsername(account)
	switch {
	case a.Kind == CustomerUser && a.CustomerID != 0:
		var c Customer
		if err := db.WithContext(ctx).First(&c, a.CustomerID).Error; err != nil {
			return nil, notFound(err)
		}
		return customerOwner(&c), nil
	case a.isPartner(RoleAdmin, RoleSales) && (customerID != 0 || account != ""):
		var c Customer
		q := db.WithContext(ctx).Where("partner_id = ?", a.PartnerID)
		if customerID != 0 {
			q = q.Where("id = ?", customerID)
		} else {
			q = q.Where("account_name = ?", account)
		}
		if err := q.First(&c).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, &FieldError{Field: "customer", Err: ErrNotFound}
		} else if err != nil {
			return nil, err
		}
		return customerOwner(&c), nil
	case a.isPartner(RoleAdmin, RoleSales):
		p, err := GetPartner(ctx, db, a.PartnerID)
		if err != nil {
			return nil, err
		}
		o := &ticketOwner{partnerID: p.ID, topID: p.ID, level: "V3"}
		if p.DistributorID != nil {
			o.topID = *p.DistributorID
		}
		return o, nil
	}
	return nil, ErrForbidden
}

func customerOwner(c *Customer) *ticketOwner {
	o := &ticketOwner{customerID: c.ID, level: c.Level}
	if c.PartnerID != nil {
		o.partnerID = *c.PartnerID
		o.topID = o.partnerID
	}
	if c.TopPartnerID != nil {
		o.topID = *c.TopPartnerID
	}
	return o
}

// cleanTicket checks every field of the input and returns the ticket to insert, or FieldErrors
// naming each refused field.
func cleanTicket(in TicketInput, o *ticketOwner) (*Ticket, error) {
	var fe FieldErrors
	t := &Ticket{PartnerID: o.partnerID, TopPartnerID: o.topID, CustomerID: o.customerID, Severity: in.Severity,
		Category: in.Category, ProblemType: in.ProblemType, Region: in.Region, Status: TicketPending}
	var err error
	t.Title, err = ticketTitleRule.Clean(in.Title)
	fe.add("title", firstErr(err, required(t.Title == "" && err == nil, ErrTicketTitleRequired)))
	t.Description, err = ticketDescRule.Clean(in.Description)
	fe.add("description", firstErr(err, required(t.Description == "" && err == nil, ErrTicketDescRequired)))
	fe.add("category", required(findOption(TicketCategories, in.Category) == nil, ErrTicketOption))
	fe.add("problem_type", required(findOption(TicketProblemTypes, in.ProblemType) == nil, ErrTicketOption))
	fe.add("region", required(in.Region != "" && findOption(TicketRegions, in.Region) == nil, ErrTicketOption))
	fe.add("severity", required(in.Severity < SeverityMinor || in.Severity > MaxSeverityFor(o.level), ErrTicketSeverity))
	fe.add("contact", cleanContact(t, in))
	ccs, err := cleanCCs(in.CCs)
	fe.add("cc", err)
	t.CCEmails = strings.Join(ccs, ",")
	if len(in.Files)+len(in.AttachmentIDs) > MaxAttachments {
		fe.add("file", ErrTooManyFiles)
	} else {
		fe.add("file", CheckUploads(in.Files))
	}
	return t, fe.err()
}

// required is err when refused is true.
func required(refused bool, err *Error) error {
	if refused {
		return err
	}
	return nil
}

// cleanContact sets the ticket's contact: a mobile number, an email address, or both; one at least.
func cleanContact(t *Ticket, in TicketInput) error {
	if strings.TrimSpace(in.ContactMobile) == "" && strings.TrimSpace(in.ContactEmail) == "" {
		return ErrTicketContact
	}
	var err error
	if s := strings.TrimSpace(in.ContactMobile); s != "" {
		if t.ContactMobile, err = ParseMobile(s); err != nil {
			return err
		}
	}
	if s := strings.TrimSpace(in.ContactEmail); s != "" {
		t.ContactEmail, err = ParseEmail(s)
	}
	return err
}

// cleanCCs parses the CC addresses, dropping blanks and repeats; at most MaxTicketCCs.
func cleanCCs(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if strings.TrimSpace(s) == "" {
			continue
		}
		e, err := ParseEmail(s)
		if err != nil {
			return nil, err
		}
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	if len(out) > MaxTicketCCs {
		return nil, ErrTooManyCCs
	}
	return out, nil
}

// CreateTicket opens a ticket: the description is its first message, the files are attached to
// it, the history starts, the submitter and the CCs are notified, the creation is audited. The
// files are written before the transaction and removed if it fails: nothing is stored half.
func CreateTicket(ctx context.Context, db *gorm.DB, fs FileStore, a Actor, in TicketInput) (*Ticket, error) {
	o, err := ticketOwnerOf(ctx, db, a, in.CustomerID, in.CustomerName)
	if err != nil {
		return nil, err
	}
	t, err := cleanTicket(in, o)
	if err != nil {
		return nil, err
	}
	atts, err := fs.saveAll(in.Files, a.UserID)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	t.SubmitterID, t.CreatedAt, t.UpdatedAt = a.UserID, now, now
	t.Number = "tmp-" + randomHex(8)
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		t.Number = ticketNumber(t.ID, now)
		if err := firstErr(tx.Model(t).Update("number", t.Number).Error, countTicket(tx, t, "", TicketPending)); err != nil {
			return err
		}
		m := &TicketMessage{TicketID: t.ID, AuthorID: a.UserID, Side: SideSubmitter, Kind: MsgReply, Body: t.Description, CreatedAt: now}
		if err := addMessage(tx, t, m, atts, in.AttachmentIDs); err != nil {
			return err
		}
		return recordTicketAction(tx, a, t, "create", "", TicketPending, now, nil)
	})
	if err != nil {
		fs.remove(atts)
		return nil, err
	}
	return t, nil
}

// ticketNumber is the number the ticket is known by: its day in the business time zone and its id.
func ticketNumber(id uint64, at time.Time) string {
	return "TK" + at.In(BusinessZone).Format("20060102") + fmt.Sprintf("%08d", id)
}

// ParseTicketNumber is the id within a ticket number (or a bare id).
func ParseTicketNumber(s string) (uint64, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "TK") && len(s) == 18 {
		s = s[10:]
	}
	id, err := strconv.ParseUint(s, 10, 64)
	return id, err == nil && id > 0
}
