package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// What an actor may do with a ticket. Another tenant's ticket is ErrNotFound, never "forbidden":
// ticket ids are not to be probed across tenants.
type ticketAccess int

const (
	accessNone    ticketAccess = iota
	accessRead                 // a master distributor on its resellers' tickets, a viewer member
	accessSubmit               // the submitter's side: the customer, or the partner that owns it
	accessSupport              // the after-sales team (operator)
)

// ticketAccessOf is the actor's access to the ticket.
func ticketAccessOf(a Actor, t *Ticket) ticketAccess {
	switch a.Kind {
	case OperatorUser:
		return accessSupport
	case CustomerUser:
		if a.CustomerID != 0 && t.CustomerID == a.CustomerID {
			return accessSubmit
		}
	case PartnerUser:
		if a.PartnerID == 0 {
			return accessNone
		}
		if t.PartnerID == a.PartnerID {
			if a.Roles.Has(RoleAdmin, RoleSales) {
				return accessSubmit
			}
			return accessRead
		}
		if t.TopPartnerID == a.PartnerID {
			return accessRead
		}
	}
	return accessNone
}

// loadTicket reads a ticket the actor may at least read.
func loadTicket(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Ticket, ticketAccess, error) {
	var t Ticket
	if err := db.WithContext(ctx).First(&t, id).Error; err != nil {
		return nil, accessNone, notFound(err)
	}
	acc := ticketAccessOf(a, &t)
	if acc == accessNone {
		return nil, accessNone, ErrNotFound
	}
	return &t, acc, nil
}

// ticketScope restricts a query of tickets to those the actor may see: a customer its own, a
// partner its own and its customers', a master distributor also its resellers' (every ticket whose
// top partner it is), the operator all. It also names the scope of the tabs' counts.
func ticketScope(ctx context.Context, db *gorm.DB, a Actor) (*gorm.DB, countScope, error) {
	q := db.WithContext(ctx).Model(&Ticket{})
	switch a.Kind {
	case OperatorUser:
		return q, countScope{"a", 0}, nil
	case CustomerUser:
		if a.CustomerID != 0 {
			return q.Where("tickets.customer_id = ?", a.CustomerID), countScope{"c", a.CustomerID}, nil
		}
	case PartnerUser:
		if a.PartnerID == 0 {
			break
		}
		p, err := GetPartner(ctx, db, a.PartnerID)
		if err != nil {
			return nil, countScope{}, err
		}
		if p.Kind == MasterDistributor {
			return q.Where("tickets.top_partner_id = ?", p.ID), countScope{"t", p.ID}, nil
		}
		return q.Where("tickets.partner_id = ?", p.ID), countScope{"p", p.ID}, nil
	}
	return nil, countScope{}, ErrForbidden
}

// countScope is one row key of TicketCount without the status.
type countScope struct {
	kind string
	id   uint64
}

// scopesOf are the count scopes a ticket is counted in.
func scopesOf(t *Ticket) []countScope {
	out := []countScope{{"a", 0}}
	if t.PartnerID != 0 {
		out = append(out, countScope{"p", t.PartnerID})
	}
	if t.TopPartnerID != 0 {
		out = append(out, countScope{"t", t.TopPartnerID})
	}
	if t.CustomerID != 0 {
		out = append(out, countScope{"c", t.CustomerID})
	}
	return out
}

// countTicket moves a ticket's count from one status to another ("" for none) in every scope.
func countTicket(tx *gorm.DB, t *Ticket, from, to string) error {
	if from == to {
		return nil
	}
	for _, sc := range scopesOf(t) {
		if from != "" {
			if err := tx.Exec("UPDATE ticket_counts SET n = n - 1 WHERE scope = ? AND scope_id = ? AND status = ?",
				sc.kind, sc.id, from).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec(`INSERT INTO ticket_counts (scope, scope_id, status, n) VALUES (?, ?, ?, 1)
			ON CONFLICT (scope, scope_id, status) DO UPDATE SET n = ticket_counts.n + 1`, sc.kind, sc.id, to).Error; err != nil {
			return err
		}
	}
	return nil
}

func splitComma(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
