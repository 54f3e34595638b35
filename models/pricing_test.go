package models

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// workedExample is the reference's worked example: 30 GB of general-purpose SSD in cn-north-1b
// for 5 months, 1 unit.
func workedExample() InquiryProduct {
	return InquiryProduct{ID: "disk-1", ServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
		Spec: "GPSSD", Region: "cn-north-1", Zone: "cn-north-1b", Size: 30, SizeMeasureID: 17,
		PeriodType: PeriodMonth, PeriodNum: 5, Quantity: 1}
}

func onDemand(spec, rtype, service, usage string, value string, measure uint64) InquiryProduct {
	return InquiryProduct{ID: spec, ServiceType: service, ResourceType: rtype, Spec: spec, Region: "cn-north-1",
		UsageFactor: usage, UsageValue: decimal.RequireFromString(value), UsageMeasureID: measure, Quantity: 1}
}

// firstCustomers are a partner's first customers, by id: the seed's discounted ones.
func firstCustomers(t testing.TB, db *gorm.DB, username string) []Customer {
	t.Helper()
	u := mustUser(t, db, username)
	var cs []Customer
	if err := db.Where("partner_id = ?", *u.PartnerID).Order("id").Limit(3).Find(&cs).Error; err != nil || len(cs) == 0 {
		t.Fatalf("customers of %s: %v", username, err)
	}
	return cs
}

func inquire(t testing.TB, db *gorm.DB, a Actor, in Inquiry) *Quote {
	t.Helper()
	q, err := Inquire(context.Background(), db, a, in)
	if err != nil {
		t.Fatalf("Inquire: %v", err)
	}
	return q
}

func TestInquireWorkedExample(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	q := inquire(t, db, actor(t, db, "provider"), Inquiry{At: testNow, Products: []InquiryProduct{workedExample()}})
	if q.Official.String() != "75" || len(q.Offers) != 0 || q.Best != -1 {
		t.Fatalf("worked example: official %s, offers %+v", q.Official, q.Offers)
	}
	l := q.Lines[0]
	if l.ID != "disk-1" || l.UnitPrice.String() != "0.50" || l.Mode != PerMonth || l.Units.String() != "150" || l.VersionID == 0 {
		t.Errorf("line %+v", l)
	}
}

func TestInquireDiscounts(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	own := firstCustomers(t, db, "provider")
	reseller := firstCustomers(t, db, "reseller")[0]
	vm := InquiryProduct{ID: "vm", ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
		Spec: "s6.large.2.linux", Region: "cn-north-1", PeriodType: PeriodMonth, PeriodNum: 1, Quantity: 2}
	type offer struct {
		typ              DiscountType
		amount, discount string
		best             bool
	}
	cases := []struct {
		name     string
		user     string
		customer uint64
		products []InquiryProduct
		official string
		offers   []offer
	}{
		{"605 on disks beats 607 on all", "provider", own[0].ID, []InquiryProduct{workedExample()}, "75",
			[]offer{{Discount605, "66", "9", true}, {Discount607, "67.5", "7.5", false}}},
		{"605 covers only its service type", "provider", own[0].ID, []InquiryProduct{workedExample(), vm}, "360",
			[]offer{{Discount605, "351", "9", false}, {Discount607, "324", "36", true}}},
		{"607 alone", "provider-sales", own[1].ID, []InquiryProduct{workedExample()}, "75",
			[]offer{{Discount607, "63.75", "11.25", true}}},
		{"606 of the master distributor, seen by the reseller", "reseller", reseller.ID, []InquiryProduct{workedExample()}, "75",
			[]offer{{Discount606, "69", "6", true}}},
		{"606 seen by the master distributor", "distributor", reseller.ID, []InquiryProduct{workedExample()}, "75",
			[]offer{{Discount606, "69", "6", true}}},
		{"no customer: official only", "provider", 0, []InquiryProduct{workedExample()}, "75", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := inquire(t, db, actor(t, db, c.user), Inquiry{At: testNow, CustomerID: c.customer, Products: c.products})
			if q.Official.String() != c.official || len(q.Offers) != len(c.offers) {
				t.Fatalf("official %s, offers %+v", q.Official, q.Offers)
			}
			for i, w := range c.offers {
				o := q.Offers[i]
				if o.Type != w.typ || o.Amount.String() != w.amount || o.Discount.String() != w.discount || o.Best != w.best || (q.Best == i) != w.best {
					t.Errorf("offer %d: %v %s %s best %v, want %+v", i, o.Type, o.Amount, o.Discount, o.Best, w)
				}
				if !o.Amount.Add(o.Discount).Equal(q.Official) {
					t.Errorf("offer %d: amount + discount != official", i)
				}
			}
		})
	}
}

func TestInquireDiscountValidity(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	own := firstCustomers(t, db, "provider")[1]
	a := actor(t, db, "provider")
	for _, at := range []time.Time{testNow.AddDate(0, 0, -40), testNow.AddDate(2, 0, 0)} {
		q := inquire(t, db, a, Inquiry{At: at, CustomerID: own.ID, Products: []InquiryProduct{workedExample()}})
		if len(q.Offers) != 0 {
			t.Errorf("at %s: a discount outside its validity applied: %+v", at, q.Offers)
		}
	}
}

// The demo list cut the price of SSD ten days before testNow and raises s6.large.2.linux a month
// after: an inquiry follows the version in effect at its time.
func TestInquirePriceVersions(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	a := actor(t, db, "provider")
	ssd := workedExample()
	ssd.Spec, ssd.Size, ssd.PeriodNum = "SSD", 100, 1
	vm := InquiryProduct{ID: "vm", ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
		Spec: "s6.large.2.linux", Region: "cn-north-1", PeriodType: PeriodMonth, PeriodNum: 1, Quantity: 1}
	cases := []struct {
		at      time.Time
		product InquiryProduct
		want    string
	}{
		{testNow.AddDate(0, 0, -11), ssd, "100"},
		{testNow.AddDate(0, 0, -9), ssd, "90"},
		{testNow, vm, "142.5"},
		{testNow.AddDate(0, 1, 1), vm, "150"},
		{testNow.AddDate(0, -6, 0), ssd, ""}, // before the first version (four months back): no price
	}
	for _, c := range cases {
		q, err := Inquire(context.Background(), db, a, Inquiry{At: c.at, Products: []InquiryProduct{c.product}})
		if c.want == "" {
			if !errors.Is(err, ErrNoPrice) {
				t.Errorf("at %s: %v, want ErrNoPrice", c.at, err)
			}
			continue
		}
		if err != nil || q.Official.String() != c.want {
			t.Errorf("%s at %s: %v %v, want %s", c.product.Spec, c.at, q, err, c.want)
		}
	}
}

// Lines round half-up once, and totals add rounded lines: two lines of 0.025 are 0.03 each and
// 0.06 together (not 0.05, the rounded exact sum, nor 0.02 each, banker's rounding).
func TestInquireRounding(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	op := actor(t, db, "operator")
	_, err := SetPrice(context.Background(), db, op, SetPriceInput{Region: "cn-north-1", ResourceType: "hws.resource.type.ip",
		Spec: "5_bgp", Mode: PerDemand, UnitPrice: "0.025", Reason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	own := firstCustomers(t, db, "provider")[0] // 607: 10 %
	a := actor(t, db, "provider")
	p1 := onDemand("5_bgp", "hws.resource.type.ip", "hws.service.type.vpc", "Duration", "1", 4)
	p2 := p1
	p2.ID = "second"
	q := inquire(t, db, a, Inquiry{Mode: ChargeOnDemand, CustomerID: own.ID, Products: []InquiryProduct{p1, p2}})
	if q.Lines[0].Official.String() != "0.03" || q.Official.String() != "0.06" {
		t.Fatalf("half-up: line %s, total %s", q.Lines[0].Official, q.Official)
	}
	// 607 10 %: 0.0225 → 0.02 a line, discount 0.01 a line
	if o := q.Offers[len(q.Offers)-1]; o.Type != Discount607 || o.Amount.String() != "0.04" || o.Discount.String() != "0.02" {
		t.Errorf("607 offer %+v", o)
	}
	// a day is 24 hours; 6 places keep 0.6
	day := p1
	day.UsageMeasureID, day.UsageValue = 5, decimal.NewFromInt(1)
	q = inquire(t, db, a, Inquiry{Mode: ChargeOnDemand, Places: 6, Products: []InquiryProduct{day}})
	if q.Official.String() != "0.6" {
		t.Errorf("a day on demand: %s", q.Official)
	}
	// 30 GB of GPSSD for 1 GB of MB: 1024 MB = 1 GB of traffic converts; hours at 10 places
	disk := onDemand("GPSSD", "hws.resource.type.volume", "hws.service.type.ebs", "Duration", "1", 4)
	disk.Size = 30
	q = inquire(t, db, a, Inquiry{Mode: ChargeOnDemand, Places: 10, Products: []InquiryProduct{disk}})
	if q.Official.String() != "0.0208332" {
		t.Errorf("GPSSD an hour: %s", q.Official)
	}
}

func TestInquireRefusals(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	a := actor(t, db, "provider")
	other := firstCustomers(t, db, "reseller-sh")[0]
	with := func(f func(p *InquiryProduct)) []InquiryProduct {
		p := workedExample()
		f(&p)
		return []InquiryProduct{p}
	}
	many := make([]InquiryProduct, 101)
	for i := range many {
		many[i] = workedExample()
		many[i].ID = string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	cases := []struct {
		name     string
		in       Inquiry
		field    string
		sentinel error
	}{
		{"unknown service type", Inquiry{Products: with(func(p *InquiryProduct) { p.ServiceType = "hws.service.type.nope" })}, "cloud_service_type", ErrUnknownServiceType},
		{"resource type of another service", Inquiry{Products: with(func(p *InquiryProduct) { p.ResourceType = "hws.resource.type.vm" })}, "resource_type", ErrUnknownResourceType},
		{"unknown spec", Inquiry{Products: with(func(p *InquiryProduct) { p.Spec = "NVME" })}, "resource_spec", ErrUnknownSpec},
		{"unknown region", Inquiry{Products: with(func(p *InquiryProduct) { p.Region = "cn-west-9" })}, "region", ErrUnknownRegion},
		{"zone of another region", Inquiry{Products: with(func(p *InquiryProduct) { p.Zone = "cn-east-3a" })}, "available_zone", ErrZoneNotInRegion},
		{"spec not sold yearly/monthly", Inquiry{Products: []InquiryProduct{{ID: "x", ServiceType: "hws.service.type.obs", ResourceType: "hws.resource.type.obs", Spec: "obs.standard", Region: "cn-north-1", PeriodType: 2, PeriodNum: 1, Quantity: 1}}}, "resource_spec", ErrChargeModeNotSold},
		{"spec not sold on demand", Inquiry{Mode: ChargeOnDemand, Products: []InquiryProduct{{ID: "x", ServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.bandwidth", Spec: "19_share", Region: "cn-north-1", Size: 5, UsageFactor: "Duration", UsageValue: decimal.NewFromInt(1), UsageMeasureID: 4, Quantity: 1}}}, "resource_spec", ErrChargeModeNotSold},
		{"linear without size", Inquiry{Products: with(func(p *InquiryProduct) { p.Size = 0 })}, "resource_size", ErrSizeRequired},
		{"size below", Inquiry{Products: with(func(p *InquiryProduct) { p.Size = 9 })}, "resource_size", ErrSizeOutOfRange},
		{"size above", Inquiry{Products: with(func(p *InquiryProduct) { p.Size = 32769 })}, "resource_size", ErrSizeOutOfRange},
		{"size off step", Inquiry{Products: []InquiryProduct{{ID: "x", ServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.bandwidth", Spec: "19_share", Region: "cn-north-1", Size: 7, PeriodType: 2, PeriodNum: 1, Quantity: 1}}}, "resource_size", ErrSizeOffStep},
		{"size in another measure", Inquiry{Products: with(func(p *InquiryProduct) { p.SizeMeasureID = 15 })}, "size_measure_id", ErrSizeMeasure},
		{"period type day", Inquiry{Products: with(func(p *InquiryProduct) { p.PeriodType = 0 })}, "period_type", ErrPeriodType},
		{"12 months", Inquiry{Products: with(func(p *InquiryProduct) { p.PeriodNum = 12 })}, "period_num", ErrPeriodNum},
		{"0 months", Inquiry{Products: with(func(p *InquiryProduct) { p.PeriodNum = 0 })}, "period_num", ErrPeriodNum},
		{"4 years", Inquiry{Products: with(func(p *InquiryProduct) { p.PeriodType, p.PeriodNum = 3, 4 })}, "period_num", ErrPeriodNum},
		{"0 units", Inquiry{Products: with(func(p *InquiryProduct) { p.Quantity = 0 })}, "subscription_num", ErrSubscriptionNum},
		{"101 units", Inquiry{Products: with(func(p *InquiryProduct) { p.Quantity = 101 })}, "subscription_num", ErrSubscriptionNum},
		{"no products", Inquiry{}, "product_infos", ErrTooManyProducts},
		{"101 products", Inquiry{Products: many}, "product_infos", ErrTooManyProducts},
		{"duplicate ids", Inquiry{Products: append(with(func(*InquiryProduct) {}), workedExample())}, "id", ErrDuplicateProductID},
		{"no id", Inquiry{Products: with(func(p *InquiryProduct) { p.ID = "" })}, "id", ErrProductIDRequired},
		{"marketplace", Inquiry{Products: []InquiryProduct{{ID: "x", ServiceType: "hws.service.type.marketplace", ResourceType: "hws.resource.type.marketplace.saas", Spec: "mkp.waf.standard", Region: "cn-north-1", PeriodType: 2, PeriodNum: 1, Quantity: 1}}}, "cloud_service_type", ErrMarketplaceProduct},
		{"wrong usage factor", Inquiry{Mode: ChargeOnDemand, Products: []InquiryProduct{onDemand("5_bgp", "hws.resource.type.ip", "hws.service.type.vpc", "upflow", "1", 4)}}, "usage_factor", ErrUsageFactor},
		{"usage 0", Inquiry{Mode: ChargeOnDemand, Products: []InquiryProduct{onDemand("5_bgp", "hws.resource.type.ip", "hws.service.type.vpc", "Duration", "0", 4)}}, "usage_value", ErrUsageValue},
		{"usage in GB for hours", Inquiry{Mode: ChargeOnDemand, Products: []InquiryProduct{onDemand("5_bgp", "hws.resource.type.ip", "hws.service.type.vpc", "Duration", "1", 10)}}, "usage_measure_id", ErrUsageMeasure},
		{"precision 6 yearly/monthly", Inquiry{Places: 6, Products: with(func(*InquiryProduct) {})}, "inquiry_precision", ErrInquiryPrecision},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Inquire(context.Background(), db, a, c.in)
			var fe *FieldError
			if !errors.Is(err, c.sentinel) || !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("got %v, want %v on %s", err, c.sentinel, c.field)
			}
		})
	}
	t.Run("another partner's customer", func(t *testing.T) {
		_, err := Inquire(context.Background(), db, a, Inquiry{CustomerID: other.ID, Products: with(func(*InquiryProduct) {})})
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

// TestInquireInvariants prices random yearly/monthly inquiries and checks the money rules on every
// one: lines rounded to fen, the total the sum of the lines, each offer's amount and discount
// adding up to the official price line by line, the best offer the largest discount.
func TestInquireInvariants(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	cat, err := LoadCatalog(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var products []InquiryProduct
	for _, rt := range cat.ResourceTypes("") {
		st := cat.ServiceTypeOf(rt)
		for _, s := range cat.Specs(rt.Code) {
			if s.Period && !st.Marketplace {
				products = append(products, InquiryProduct{ServiceType: st.Code, ResourceType: rt.Code, Spec: s.Code, Size: s.SizeMin})
			}
		}
	}
	own := firstCustomers(t, db, "provider")[0]
	a := actor(t, db, "provider")
	rng := rand.New(rand.NewPCG(13, 13))
	for n := range 200 {
		in := Inquiry{At: testNow, CustomerID: own.ID}
		for i := range 1 + rng.IntN(5) {
			p := products[rng.IntN(len(products))]
			p.ID, p.Region, p.Quantity = fmt.Sprint(i), catalogRegions[rng.IntN(len(catalogRegions))].code, 1+rng.IntN(100)
			p.PeriodType, p.PeriodNum = PeriodMonth, 1+rng.IntN(11)
			if rng.IntN(2) == 0 && p.Spec != "12_bgp" { // 12_bgp is not sold by the year
				p.PeriodType, p.PeriodNum = PeriodYear, 1+rng.IntN(3)
			}
			if p.Size > 0 {
				p.Size += int64(rng.IntN(50)) * 5
			}
			in.Products = append(in.Products, p)
		}
		q := inquire(t, db, a, in)
		sum := decimal.Zero
		for _, l := range q.Lines {
			if !l.Official.Equal(l.Official.Round(2)) {
				t.Fatalf("inquiry %d: line %s not rounded to fen", n, l.Official)
			}
			sum = sum.Add(l.Official)
		}
		if !sum.Equal(q.Official) {
			t.Fatalf("inquiry %d: total %s, lines %s", n, q.Official, sum)
		}
		for i, o := range q.Offers {
			for j, ol := range o.Lines {
				if !ol.Amount.Add(ol.Discount).Equal(q.Lines[j].Official) || ol.Discount.IsNegative() {
					t.Fatalf("inquiry %d offer %d line %d: %s + %s != %s", n, i, j, ol.Amount, ol.Discount, q.Lines[j].Official)
				}
			}
			if o.Discount.GreaterThan(q.Offers[q.Best].Discount) {
				t.Fatalf("inquiry %d: offer %d beats the best", n, i)
			}
		}
	}
}
