package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// offers applies each discount type in effect at the inquiry's time to the lines it covers (the
// discount of the line's service type, else the type's discount for every service), and marks
// the best: the largest discount, the first type on a tie. Discounts do not add up: the customer
// gets one offer.
func (q *Quote) offers(in *Inquiry, discounts []Discount, services []string) {
	for _, t := range DiscountTypes {
		o := Offer{Type: t, Name: t.Name(in.Lang), Amount: decimal.Zero, Discount: decimal.Zero}
		for i, line := range q.Lines {
			ol := OfferLine{ID: line.ID, Amount: line.Official, Discount: decimal.Zero}
			if d := discountFor(discounts, t, services[i], in.At); d != nil {
				exact := line.UnitPrice.Mul(line.Units)
				ol.Off = d.Off
				ol.Amount = exact.Sub(exact.Mul(d.Off.Fraction())).Round(in.Places)
				ol.Discount = line.Official.Sub(ol.Amount)
				o.DiscountIDs = appendOnce(o.DiscountIDs, d.ID)
			}
			o.Lines = append(o.Lines, ol)
			o.Amount, o.Discount = o.Amount.Add(ol.Amount), o.Discount.Add(ol.Discount)
		}
		if len(o.DiscountIDs) == 0 {
			continue
		}
		q.Offers = append(q.Offers, o)
		if q.Best < 0 || o.Discount.GreaterThan(q.Offers[q.Best].Discount) {
			q.Best = len(q.Offers) - 1
		}
	}
	if q.Best >= 0 {
		q.Offers[q.Best].Best = true
	}
}

// discountFor is the customer's discount of type t for a service type at t: the one of that
// service type, else the one of every service; nil if none is valid then.
func discountFor(ds []Discount, t DiscountType, service string, at time.Time) *Discount {
	var all *Discount
	for i := range ds {
		d := &ds[i]
		if d.Type != t || !d.appliesOn(at) {
			continue
		}
		if d.ServiceType == service {
			return d
		}
		if d.ServiceType == "" {
			all = d
		}
	}
	return all
}

func appendOnce(ids []uint64, id uint64) []uint64 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
