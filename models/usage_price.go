package models

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Pricing usage with the catalog's pricing function. Inquire answers a product's unit price at a
// time; a usage record's line is that unit price × its units (size × usage in the price's unit),
// rounded once, half-up, to the fen, and its discount the customer's best offer applied to that
// line by the same code Inquire applies it with (Quote.offers). So a record is priced exactly as an
// inquiry of its usage would be (TestRatingMatchesInquire), but a batch of 10,000 records asks the
// database once per distinct product and hour, not once per record.

// usageRow is an unrated usage record with its resource, as rating reads it.
type usageRow struct {
	ID           uint64
	ResourceID   uint64
	CustomerID   uint64
	Hour         time.Time
	Factor       string
	Value        UnitPrice
	MeasureID    uint64
	PublicID     string
	ServiceType  string
	ResourceType string
	Spec         string
	Region       string
	Size         int64
}

// usageProduct is what a usage record's unit price depends on.
type usageProduct struct {
	service, rtype, spec, region string
	size                         int64
	factor                       string
	measure                      uint64
	hour                         time.Time
}

func (r *usageRow) product() usageProduct {
	return usageProduct{r.ServiceType, r.ResourceType, r.Spec, r.Region, r.Size, r.Factor, r.MeasureID, r.Hour.UTC()}
}

// pricedSpec is the spec whose on-demand price rates the product's usage: the resource's own, or
// its companion of the usage factor (an OBS bucket's storage: obs.standard.storage), or nil.
func (p usageProduct) pricedSpec(cat *catalog) *ResourceSpec {
	_, _, spec, err := cat.resolve(p.service, p.rtype, p.spec)
	if err != nil {
		return nil
	}
	return cat.usageSpec(spec, p.factor)
}

// usageRate is a product's price: the unit price, and what a usage value is multiplied by to
// give the units it is per (the resource's size, the usage unit's ratio to the price's).
type usageRate struct {
	unit     UnitPrice
	size     decimal.Decimal
	num, den decimal.Decimal
	ok       bool // false: the product has no on-demand price then
}

// usagePrice is a record's line in fen: official, and the discount of the customer's best offer.
type usagePrice struct {
	official, discount int64
	ok                 bool
}

// usageRates prices every distinct product of the rows: one inquiry per hour and 100 products,
// at the official price (the discounts are the customer's, applied per record).
func usageRates(ctx context.Context, db *gorm.DB, rows []usageRow) (map[usageProduct]usageRate, error) {
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	rates := map[usageProduct]usageRate{}
	byHour := map[time.Time][]usageProduct{}
	for i := range rows {
		p := rows[i].product()
		if _, seen := rates[p]; !seen {
			rates[p] = usageRate{}
			byHour[p.hour] = append(byHour[p.hour], p)
		}
	}
	for hour, ps := range byHour {
		for len(ps) > 0 {
			chunk := ps[:min(MaxInquiryProducts, len(ps))]
			ps = ps[len(chunk):]
			if err := rateChunk(ctx, db, cat, hour, chunk, rates); err != nil {
				return nil, err
			}
		}
	}
	return rates, nil
}

// rateChunk inquires the unit prices of up to 100 products of an hour. A product the inquiry
// refuses (no price then, a usage factor its spec does not have) is left unpriced and the rest
// asked again.
func rateChunk(ctx context.Context, db *gorm.DB, cat *catalog, hour time.Time, ps []usageProduct, rates map[usageProduct]usageRate) error {
	for len(ps) > 0 {
		in := Inquiry{At: hour, Mode: ChargeOnDemand, Products: make([]InquiryProduct, len(ps))}
		for i, p := range ps {
			spec := p.spec // Inquire refuses the factor when no spec prices it
			if s := p.pricedSpec(cat); s != nil {
				spec = s.Code
			}
			in.Products[i] = InquiryProduct{ID: strconv.Itoa(i), ServiceType: p.service, ResourceType: p.rtype, Spec: spec,
				Region: p.region, Size: p.size, UsageFactor: p.factor, UsageValue: decimal.NewFromInt(1), UsageMeasureID: p.measure, Quantity: 1}
		}
		q, err := Inquire(ctx, db, Actor{Kind: OperatorUser}, in)
		var refused *ProductError
		if errors.As(err, &refused) && refused.Index < len(ps) {
			ps = append(ps[:refused.Index:refused.Index], ps[refused.Index+1:]...)
			continue
		}
		if err != nil {
			return err
		}
		for i, p := range ps {
			rates[p] = rateOf(cat, p, q.Lines[i].UnitPrice)
		}
		return nil
	}
	return nil
}

// rateOf is a priced product's rate: the multipliers of the pricing function's quantity (size ×
// usage converted to the price's unit).
func rateOf(cat *catalog, p usageProduct, unit UnitPrice) usageRate {
	spec := p.pricedSpec(cat)
	if spec == nil {
		return usageRate{}
	}
	ut := cat.usageID[spec.UsageTypeID]
	num, den, ok := cat.ratio(p.measure, ut.MeasureID)
	if !ok {
		return usageRate{}
	}
	size := int64(1)
	if spec.Linear {
		size = p.size
	}
	return usageRate{unit: unit, size: decimal.NewFromInt(size), num: decimal.NewFromInt(num), den: decimal.NewFromInt(den), ok: true}
}

// price is a record's line: the units as the pricing function computes them (size × (value ×
// num ÷ den)), the official line rounded once, and the best of the customer's discounts applied
// to it by Quote.offers.
func (r usageRate) price(value decimal.Decimal, service string, at time.Time, discounts []Discount) usagePrice {
	if !r.ok {
		return usagePrice{}
	}
	units := r.size.Mul(value.Mul(r.num).Div(r.den))
	official := r.unit.Mul(units).Round(2)
	out := usagePrice{official: official.Shift(2).IntPart(), ok: true}
	if len(discounts) == 0 {
		return out
	}
	q := &Quote{At: at, Official: official, Best: -1, Lines: []QuoteLine{{ID: "1", UnitPrice: r.unit, Units: units, Official: official}}}
	q.offers(&Inquiry{At: at, Places: 2}, discounts, []string{service})
	if q.Best >= 0 {
		out.discount = q.Offers[q.Best].Lines[0].Discount.Shift(2).IntPart()
	}
	return out
}

// priceUsage prices the rows: their rates, and each customer's discounts (read once a batch).
func priceUsage(ctx context.Context, db *gorm.DB, rows []usageRow) ([]usagePrice, error) {
	rates, err := usageRates(ctx, db, rows)
	if err != nil {
		return nil, err
	}
	var customers []uint64
	seen := map[uint64]bool{}
	for i := range rows {
		if !seen[rows[i].CustomerID] {
			seen[rows[i].CustomerID] = true
			customers = append(customers, rows[i].CustomerID)
		}
	}
	discounts := map[uint64][]Discount{}
	for start := 0; start < len(customers); start += 900 {
		var ds []Discount
		err := db.WithContext(ctx).Where("customer_id IN ?", customers[start:min(start+900, len(customers))]).
			Order("customer_id, type, service_type").Find(&ds).Error
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			discounts[d.CustomerID] = append(discounts[d.CustomerID], d)
		}
	}
	out := make([]usagePrice, len(rows))
	for i := range rows {
		r := &rows[i]
		out[i] = rates[r.product()].price(r.Value.Decimal, r.ServiceType, r.Hour.UTC(), discounts[r.CustomerID])
	}
	return out, nil
}
