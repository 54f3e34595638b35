package models

import (
	"time"
)

// Work orders (工单): service tickets a customer or a partner opens with the cloud's after-sales
// team (the operator). A ticket belongs to one partner's world — the customer's partner at the
// time it was opened, or the partner itself — and to that partner's master distributor, so that
// the visibility rules are two indexed equalities, not a walk of the network.

// Ticket statuses.
const (
	TicketPending    = "pending"    // 待受理: waiting for the after-sales team to accept it
	TicketProcessing = "processing" // 处理中
	TicketResolved   = "resolved"   // 待确认: resolved, waiting for the submitter's confirmation
	TicketClosed     = "closed"     // 已关闭
	TicketCancelled  = "cancelled"  // 已撤销: withdrawn before acceptance
)

// TicketStatuses lists the statuses in the order of their tabs.
var TicketStatuses = []string{TicketPending, TicketProcessing, TicketResolved, TicketClosed, TicketCancelled}

// Limits of a ticket's texts and of its use cases.
const (
	MaxTicketTitle       = 100
	MaxTicketDescription = 5000
	MaxTicketMessage     = 5000
	MaxTicketCCs         = 5
	MaxRatingComment     = 500
	// UrgeInterval is the least time between two urges of one ticket: an urge pages a person.
	UrgeInterval = time.Hour
	// ConfirmWindow is how long after its resolution the submitter may confirm or reopen a
	// ticket; after it the resolution stands.
	ConfirmWindow = 7 * 24 * time.Hour
)

// Ticket is one work order. Status changes are conditional updates on the status read (see
// ticket_actions.go), so two concurrent actions never both apply.
type Ticket struct {
	ID        uint64 `gorm:"primaryKey"`
	Number    string `gorm:"size:24;not null;uniqueIndex"`                                // the API's incident_id
	PartnerID uint64 `gorm:"not null;default:0;index;index:ix_ticket_partner,priority:1"` // 0: a customer of no partner
	// TopPartnerID is the partner's master distributor, or the partner itself, for the
	// distributor's read-only view of its resellers' tickets.
	TopPartnerID    uint64     `gorm:"not null;default:0;index;index:ix_ticket_top,priority:1"`
	CustomerID      uint64     `gorm:"not null;default:0;index;index:ix_ticket_customer,priority:1"` // 0: the partner's own ticket
	SubmitterID     uint64     `gorm:"not null"`                                                     // the user who opened it
	Category        string     `gorm:"size:32;not null"`
	ProblemType     string     `gorm:"size:32;not null"`
	Region          string     `gorm:"size:32;not null;default:''"`
	Severity        int        `gorm:"not null;index:ix_ticket_queue,priority:2,sort:desc;index:ix_ticket_severity,priority:1,sort:desc"`
	Title           string     `gorm:"size:400;not null"`
	Description     string     `gorm:"type:text;not null"`
	ContactMobile   string     `gorm:"size:32;not null;default:''"`
	ContactEmail    string     `gorm:"size:128;not null;default:''"`
	CCEmails        string     `gorm:"size:700;not null;default:''"` // comma-separated, at most MaxTicketCCs
	Status          string     `gorm:"size:16;not null;index:ix_ticket_partner,priority:2;index:ix_ticket_top,priority:2;index:ix_ticket_customer,priority:2;index:ix_ticket_queue,priority:1"`
	UrgeCount       int        `gorm:"not null;default:0"`
	LastUrgedAt     *time.Time `gorm:""`
	CreatedAt       time.Time  `gorm:"not null;index:ix_ticket_queue,priority:3;index:ix_ticket_severity,priority:2"`
	UpdatedAt       time.Time  `gorm:"not null"`
	AcceptedAt      *time.Time `gorm:""`
	ResolvedAt      *time.Time `gorm:""`
	ClosedAt        *time.Time `gorm:""`
	OperatorID      uint64     `gorm:"not null;default:0"` // who accepted it
	AwaitingInfo    bool       `gorm:"not null;default:false"`
	MessageCount    int        `gorm:"not null;default:0"`
	AttachmentCount int        `gorm:"not null;default:0"`
}

// CCList is the ticket's CC addresses.
func (t *Ticket) CCList() []string {
	if t.CCEmails == "" {
		return nil
	}
	return splitComma(t.CCEmails)
}

// Message sides: who wrote a message.
const (
	SideSubmitter = "submitter" // the customer or the partner that opened the ticket
	SideSupport   = "support"   // the after-sales team
	SideSystem    = "system"    // a note of an action (urged, reopened)
)

// Message kinds.
const (
	MsgReply       = "reply"
	MsgInfoRequest = "info_request" // the after-sales team asks the submitter for information
	MsgNote        = "note"         // an action's note
)

// TicketMessage is one message of a ticket's conversation.
type TicketMessage struct {
	ID        uint64    `gorm:"primaryKey"`
	TicketID  uint64    `gorm:"not null;index:ix_tmsg_ticket,priority:1"`
	AuthorID  uint64    `gorm:"not null"`
	Side      string    `gorm:"size:16;not null"`
	Kind      string    `gorm:"size:16;not null"`
	Body      string    `gorm:"type:text;not null"`
	CreatedAt time.Time `gorm:"not null;index:ix_tmsg_ticket,priority:2"`
}

// TicketEvent is one entry of a ticket's history: a status change or another action (urge,
// message, rating), who and when. The API's operate logs are these.
type TicketEvent struct {
	ID         uint64    `gorm:"primaryKey"`
	TicketID   uint64    `gorm:"not null;index:ix_tevent_ticket,priority:1"`
	UserID     uint64    `gorm:"not null"`
	Action     string    `gorm:"size:24;not null"`
	FromStatus string    `gorm:"size:16;not null;default:''"`
	ToStatus   string    `gorm:"size:16;not null;default:''"`
	At         time.Time `gorm:"not null;index:ix_tevent_ticket,priority:2"`
}

// TicketAttachment is a file attached to a message (or to a ticket before its first message,
// through the API's upload), kept under the data folder by a random name.
type TicketAttachment struct {
	ID          uint64    `gorm:"primaryKey"`
	TicketID    uint64    `gorm:"not null;default:0;index:ix_tatt_ticket,priority:1"` // 0 until attached
	MessageID   uint64    `gorm:"not null;default:0"`
	UploaderID  uint64    `gorm:"not null;index:ix_tatt_uploader"`
	FileName    string    `gorm:"size:400;not null"`
	ContentType string    `gorm:"size:64;not null"`
	Size        int64     `gorm:"not null"`
	SHA256      string    `gorm:"column:sha256;size:64;not null"`
	StoredName  string    `gorm:"size:64;not null;uniqueIndex" json:"-"`
	CreatedAt   time.Time `gorm:"not null;index:ix_tatt_ticket,priority:2"`
}

// TicketRating is the submitter's rating of the service, once per ticket.
type TicketRating struct {
	TicketID  uint64    `gorm:"primaryKey;autoIncrement:false"`
	UserID    uint64    `gorm:"not null"`
	Speed     int       `gorm:"not null"` // response speed, 1–5
	Quality   int       `gorm:"not null"` // the solution, 1–5
	Attitude  int       `gorm:"not null"` // the service attitude, 1–5
	Comment   string    `gorm:"size:2000;not null;default:''"`
	CreatedAt time.Time `gorm:"not null"`
}

// TicketCount counts the tickets of one scope in one status, for the status tabs: a busy
// partner's millions of tickets cannot be counted per page view. Scopes: "p" a partner's own
// world (partner_id), "t" a master distributor's (top_partner_id), "c" a customer's, "a" all (the
// operator's). The counts change in the transaction that changes a ticket's status.
type TicketCount struct {
	Scope   string `gorm:"primaryKey;size:1"`
	ScopeID uint64 `gorm:"primaryKey;autoIncrement:false"`
	Status  string `gorm:"primaryKey;size:16"`
	N       int64  `gorm:"not null"`
}

// Errors of tickets.
var (
	ErrTicketTitleRequired = newError("CBC.0100", "err.ticket_title_required", "the title is required")
	ErrTicketDescRequired  = newError("CBC.0100", "err.ticket_desc_required", "the description is required")
	ErrTicketOption        = newError("CBC.0100", "err.ticket_option", "not one of the choices")
	ErrTicketSeverity      = newError("CBC.0100", "err.ticket_severity", "this severity is not in the customer's support level")
	ErrTicketContact       = newError("CBC.0100", "err.ticket_contact", "a mobile number or an email address is required")
	ErrTooManyCCs          = newError("CBC.0100", "err.too_many_ccs", "at most 5 CC addresses")
	ErrTicketState         = newError("CBC.0100", "err.ticket_state", "the ticket's status does not allow this")
	ErrUrgedRecently       = newError("CBC.0100", "err.urged_recently", "the ticket was urged less than an hour ago")
	ErrConfirmWindow       = newError("CBC.0100", "err.confirm_window", "the 7 days to confirm or reopen the resolution have passed")
	ErrAlreadyRated        = newError("CBC.0100", "err.already_rated", "the ticket is already rated")
	ErrRatingValue         = newError("CBC.0100", "err.rating_value", "each rating is from 1 to 5")
	ErrTicketReadOnly      = newError("CBC.0151", "err.ticket_read_only", "this ticket may be read, not changed")
	ErrMessageRequired     = newError("CBC.0100", "err.message_required", "the message is required")
)
