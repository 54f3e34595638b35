package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Price inquiry (询价): the one pricing function of PartnerHub. The console's inquiry page, the
// API's ListRateOnPeriodDetail and ListOnDemandResourceRatings, and later orders and rating all
// call Inquire, so that they can never disagree on a price.
//
// Money rules (SPEC 3): a unit price keeps 8 decimal places; a line (one product: unit price ×
// size × periods or usage × quantity) is rounded once, half-up, to Places (2, fen, unless the
// caller asks for an on-demand precision of 6 or 10); totals are sums of rounded lines. A
// discount's line is the exact official line less the discount, rounded once; its discount
// amount is the rounded official line less that, so amount + discount = official on every line.

// ChargeMode is how a product is bought, in the codes of the API's charge_mode.
type ChargeMode int8

// The charge modes.
const (
	ChargePeriod   ChargeMode = 1 // yearly/monthly (包年/包月)
	ChargeOnDemand ChargeMode = 3 // on demand (按需)
)

// Period types of a yearly/monthly inquiry (period_type).
const (
	PeriodMonth = 2
	PeriodYear  = 3
)

// Limits of an inquiry.
const (
	MaxInquiryProducts = 100
	maxSubscriptionNum = 100
)

// Inquiry asks the price of up to 100 products at a time, for a customer or (CustomerID 0) at
// the official price only.
type Inquiry struct {
	At         time.Time // the price list in effect then; zero: now
	CustomerID uint64    // whose discounts apply (0: none)
	Mode       ChargeMode
	Places     int32 // decimal places of the lines: 2 (0 means 2), or 6 or 10 on demand
	Lang       string
	Products   []InquiryProduct
}

// InquiryProduct is one product of an inquiry, in the API's terms.
type InquiryProduct struct {
	ID            string // the caller's id, echoed; unique in the inquiry
	ServiceType   string // cloud_service_type
	ResourceType  string
	Spec          string
	Region        string
	Zone          string // optional; must be the region's
	Size          int64  // resource_size: required for a linear product
	SizeMeasureID uint64 // 0: the spec's
	// yearly/monthly
	PeriodType int // 2 month, 3 year
	PeriodNum  int // 1–11 months, 1–3 years
	// on demand
	UsageFactor    string          // the spec's usage type code, e.g. Duration
	UsageValue     decimal.Decimal // in UsageMeasureID units
	UsageMeasureID uint64
	Quantity       int // subscription_num: 1–100
}

// Quote is the answer: the official price, line by line, and each applicable discount.
type Quote struct {
	At       time.Time
	Official decimal.Decimal // sum of the rounded official lines
	Lines    []QuoteLine
	Offers   []Offer // one per applicable discount type, 605, 606, 607 in that order
	Best     int     // index in Offers of the best (largest discount), -1 if none
}

// QuoteLine is one product at the official price, and the unit price it came from.
type QuoteLine struct {
	ID          string
	ProductID   string // the price key's id: what is sold (spec × region × mode)
	Mode        PriceMode
	UnitPrice   UnitPrice // per Mode's unit, per unit of size for a linear product
	VersionID   uint64    // the price list version it came from
	EffectiveAt time.Time // that version's
	MeasureID   uint64    // the unit the price is per (a usage's unit; 0 for month/year)
	Units       decimal.Decimal
	Official    decimal.Decimal // rounded
}

// Offer is one discount applied to the inquiry.
type Offer struct {
	Type        DiscountType
	DiscountIDs []uint64 // the discounts applied (one per service type at most)
	Name        string
	Amount      decimal.Decimal // official − discount
	Discount    decimal.Decimal
	Lines       []OfferLine
	Best        bool
}

// OfferLine is one product under a discount.
type OfferLine struct {
	ID       string
	Off      Percent // 0 where the discount does not apply to the product's service type
	Amount   decimal.Decimal
	Discount decimal.Decimal
}

// ProductError refuses one product of an inquiry: which one, and its field's refusal.
type ProductError struct {
	Index int
	ID    string
	Err   error // a *FieldError
}

func (e *ProductError) Error() string {
	return fmt.Sprintf("product %d (%s): %v", e.Index, e.ID, e.Err)
}

// Unwrap is the field's refusal.
func (e *ProductError) Unwrap() error { return e.Err }

// Message names the product and the field, as the API's error_msg says it.
func (e *ProductError) Message() string {
	if fe, ok := e.Err.(*FieldError); ok {
		return fmt.Sprintf("product_infos[%d].%s", e.Index, fe.Message())
	}
	return e.Error()
}

// Inquire prices an inquiry. A customer is one the actor may see (the operator any), else
// ErrNotFound; every refusal of a product names it and its field (*ProductError).
func Inquire(ctx context.Context, db *gorm.DB, a Actor, in Inquiry) (*Quote, error) {
	if err := checkInquiry(&in); err != nil {
		return nil, err
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return nil, err
	}
	db = db.WithContext(ctx)
	var discounts []Discount
	if in.CustomerID != 0 {
		if err := maySeeCustomer(db, a, in.CustomerID); err != nil {
			return nil, err
		}
		if err := db.Where("customer_id = ?", in.CustomerID).Order("type, service_type").Find(&discounts).Error; err != nil {
			return nil, err
		}
	}
	lines, services, err := cat.lines(&in)
	if err != nil {
		return nil, err
	}
	if err := pricesOf(db, lines, in.At); err != nil {
		return nil, err
	}
	q := &Quote{At: in.At, Official: decimal.Zero, Best: -1, Lines: make([]QuoteLine, len(lines))}
	for i, l := range lines {
		if l.price.KeyID == 0 {
			return nil, &ProductError{Index: i, ID: in.Products[i].ID, Err: &FieldError{Field: "resource_spec", Err: ErrNoPrice}}
		}
		q.Lines[i] = QuoteLine{ID: in.Products[i].ID, ProductID: strconv.FormatUint(l.price.KeyID, 10), Mode: l.mode,
			UnitPrice: l.price.UnitPrice, VersionID: l.price.VersionID, EffectiveAt: l.price.EffectiveAt, MeasureID: l.measure,
			Units: l.units, Official: l.price.UnitPrice.Mul(l.units).Round(in.Places)}
		q.Official = q.Official.Add(q.Lines[i].Official)
	}
	q.offers(&in, discounts, services)
	return q, nil
}

// checkInquiry checks the inquiry as a whole: its size, its ids, its precision.
func checkInquiry(in *Inquiry) error {
	if len(in.Products) == 0 || len(in.Products) > MaxInquiryProducts {
		return &FieldError{Field: "product_infos", Err: ErrTooManyProducts}
	}
	seen := make(map[string]bool, len(in.Products))
	for i, p := range in.Products {
		if p.ID == "" {
			return &ProductError{Index: i, Err: &FieldError{Field: "id", Err: ErrProductIDRequired}}
		}
		if seen[p.ID] {
			return &ProductError{Index: i, ID: p.ID, Err: &FieldError{Field: "id", Err: ErrDuplicateProductID}}
		}
		seen[p.ID] = true
	}
	switch {
	case in.Places == 0:
		in.Places = 2
	case in.Places != 2 && (in.Mode != ChargeOnDemand || in.Places != 6 && in.Places != 10):
		return &FieldError{Field: "inquiry_precision", Err: ErrInquiryPrecision}
	}
	if in.At.IsZero() {
		in.At = time.Now().UTC()
	}
	return nil
}

// line is a product checked against the catalog, and then its price.
type line struct {
	spec, region uint64
	mode         PriceMode
	units        decimal.Decimal // what the unit price is multiplied by
	measure      uint64
	price        PriceAt
}

// lines checks every product against the catalog (no query: it is in memory) and returns them
// with their service types' codes.
func (c *catalog) lines(in *Inquiry) ([]line, []string, error) {
	lines, services := make([]line, len(in.Products)), make([]string, len(in.Products))
	for i := range in.Products {
		l, st, err := c.line(in, &in.Products[i])
		if err != nil {
			return nil, nil, &ProductError{Index: i, ID: in.Products[i].ID, Err: err}
		}
		lines[i], services[i] = l, st
	}
	return lines, services, nil
}

func (c *catalog) line(in *Inquiry, p *InquiryProduct) (line, string, error) {
	st, _, spec, err := c.resolve(p.ServiceType, p.ResourceType, p.Spec)
	if err != nil {
		return line{}, "", err
	}
	if st.Marketplace {
		return line{}, "", &FieldError{Field: "cloud_service_type", Err: ErrMarketplaceProduct}
	}
	region, err := c.place(p.Region, p.Zone)
	if err != nil {
		return line{}, "", err
	}
	units, mode, measure, err := c.quantity(in.Mode, spec, p)
	if err != nil {
		return line{}, "", err
	}
	return line{spec: spec.ID, region: region.ID, mode: mode, units: units, measure: measure}, st.Code, nil
}

// pricesInDB finds the price in effect at at of every line in one statement, in the database (a
// transaction's inquiry: pricesOf keeps a copy of the committed prices): an inquiry of 100
// products is one round trip, each product one descent of ux_price_key and one of ix_price_at.
// A line without a price keeps a zero KeyID.
func pricesInDB(db *gorm.DB, lines []line, at time.Time) error {
	var sb strings.Builder
	args := make([]any, 0, 4*len(lines)+1)
	for i, l := range lines {
		if i > 0 {
			sb.WriteString(" UNION ALL ")
		}
		// the line written out: a parameter in a select list has no type for PostgreSQL to take
		fmt.Fprintf(&sb, "SELECT %d AS i, id AS key_id FROM price_keys WHERE spec_id = ? AND region_id = ? AND mode = ?", i)
		args = append(args, l.spec, l.region, l.mode)
	}
	args = append(args, at.UTC())
	rows, err := db.Raw(`SELECT w.i, w.key_id, p.unit_price, p.version_id, p.effective_at FROM (`+sb.String()+`) w
		JOIN prices p ON p.id = (SELECT id FROM prices WHERE key_id = w.key_id AND effective_at <= ?
			ORDER BY effective_at DESC, version_id DESC LIMIT 1)`, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var p PriceAt
		if err := rows.Scan(&i, &p.KeyID, &p.UnitPrice, &p.VersionID, &p.EffectiveAt); err != nil {
			return err
		}
		lines[i].price = p
	}
	return rows.Err()
}

// place checks the region and, if given, that the zone is one of its.
func (c *catalog) place(region, zone string) (*Region, error) {
	r := c.regionCode[region]
	if r == nil {
		return nil, &FieldError{Field: "region", Err: ErrUnknownRegion}
	}
	if zone != "" {
		if z := c.zoneCode[zone]; z == nil || z.RegionID != r.ID {
			return nil, &FieldError{Field: "available_zone", Err: ErrZoneNotInRegion}
		}
	}
	return r, nil
}

// quantity is what the unit price is multiplied by (size × periods or usage × quantity), the mode
// it is priced in, and for on demand the unit of the usage.
func (c *catalog) quantity(mode ChargeMode, spec *ResourceSpec, p *InquiryProduct) (decimal.Decimal, PriceMode, uint64, error) {
	if p.Quantity <= 0 || p.Quantity > maxSubscriptionNum {
		return decimal.Zero, "", 0, &FieldError{Field: "subscription_num", Err: ErrSubscriptionNum}
	}
	size, err := c.size(spec, p)
	if err != nil {
		return decimal.Zero, "", 0, err
	}
	n := decimal.NewFromInt(size * int64(p.Quantity))
	if mode == ChargeOnDemand {
		usage, measure, err := c.usage(spec, p)
		return n.Mul(usage), PerDemand, measure, err
	}
	if !spec.Period {
		return decimal.Zero, "", 0, &FieldError{Field: "resource_spec", Err: ErrChargeModeNotSold}
	}
	switch {
	case p.PeriodType == PeriodMonth && p.PeriodNum >= 1 && p.PeriodNum <= 11:
		return n.Mul(decimal.NewFromInt(int64(p.PeriodNum))), PerMonth, 0, nil
	case p.PeriodType == PeriodYear && p.PeriodNum >= 1 && p.PeriodNum <= 3:
		return n.Mul(decimal.NewFromInt(int64(p.PeriodNum))), PerYear, 0, nil
	case p.PeriodType != PeriodMonth && p.PeriodType != PeriodYear:
		return decimal.Zero, "", 0, &FieldError{Field: "period_type", Err: ErrPeriodType}
	}
	return decimal.Zero, "", 0, &FieldError{Field: "period_num", Err: ErrPeriodNum}
}

// size is the product's size for a linear spec (checked against its limits and step), else 1.
func (c *catalog) size(spec *ResourceSpec, p *InquiryProduct) (int64, error) {
	if !spec.Linear {
		return 1, nil
	}
	switch {
	case p.Size == 0:
		return 0, &FieldError{Field: "resource_size", Err: ErrSizeRequired}
	case p.SizeMeasureID != 0 && p.SizeMeasureID != spec.SizeMeasureID:
		return 0, &FieldError{Field: "size_measure_id", Err: ErrSizeMeasure}
	case p.Size < spec.SizeMin || p.Size > spec.SizeMax:
		return 0, &FieldError{Field: "resource_size", Err: ErrSizeOutOfRange}
	case spec.SizeStep > 1 && (p.Size-spec.SizeMin)%spec.SizeStep != 0:
		return 0, &FieldError{Field: "resource_size", Err: ErrSizeOffStep}
	}
	return p.Size, nil
}

// usage is an on-demand product's usage in the unit its price is per, converted from the unit
// it is given in (a day is 24 hours, a GB 1024 MB).
func (c *catalog) usage(spec *ResourceSpec, p *InquiryProduct) (decimal.Decimal, uint64, error) {
	ut := c.usageID[spec.UsageTypeID]
	if !spec.OnDemand || ut == nil {
		return decimal.Zero, 0, &FieldError{Field: "resource_spec", Err: ErrChargeModeNotSold}
	}
	if p.UsageFactor != ut.Code {
		return decimal.Zero, 0, &FieldError{Field: "usage_factor", Err: ErrUsageFactor}
	}
	v := p.UsageValue
	if !v.IsPositive() || !v.Equal(v.Round(UnitPricePlaces)) || v.GreaterThan(maxUnitPrice) {
		return decimal.Zero, 0, &FieldError{Field: "usage_value", Err: ErrUsageValue}
	}
	num, den, ok := c.ratio(p.UsageMeasureID, ut.MeasureID)
	if !ok {
		return decimal.Zero, 0, &FieldError{Field: "usage_measure_id", Err: ErrUsageMeasure}
	}
	return v.Mul(decimal.NewFromInt(num)).Div(decimal.NewFromInt(den)), ut.MeasureID, nil
}
