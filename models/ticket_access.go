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
// top partner it is), the operator all.
func ticketScope(ctx context.Context, db *gorm.DB, a Actor) (*gorm.DB, error) {
	q := db.WithContext(ctx).Model(&Ticket{})
	switch a.Kind {
	case OperatorUser:
		return q, nil
	case CustomerUser:
		if a.CustomerID != 0 {
			return q.Where("tickets.customer_id = ?", a.CustomerID), nil
		}
	case PartnerUser:
		if a.PartnerID == 0 {
			break
		}
		p, err := GetPartner(ctx, db, a.PartnerID)
		if err != nil {
			return nil, err
		}
		if p.Kind == MasterDistributor {
			return q.Where("tickets.top_partner_id = ?", p.ID), nil
		}
		return q.Where("tickets.partner_id = ?", p.ID), nil
	}
	return nil, ErrForbidden
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
