package views

import (
	"net/url"
	"strconv"
	"strings"

	"partnerhub/models"
)

// OrderLineForm is one product of the order-on-behalf form as typed (the inquiry's fields).
type OrderLineForm struct {
	Service, Spec, Region, Zone, Size, PeriodType, PeriodNum, UsageValue, UsageUnit, Quantity string
}

// OrderLineFields are a line's parameters, each read into its place: the form's names are
// "l<n>.<name>", n from 1.
func OrderLineFields(l *OrderLineForm) map[string]*string {
	return map[string]*string{
		"service": &l.Service, "spec": &l.Spec, "region": &l.Region, "zone": &l.Zone, "size": &l.Size,
		"period_type": &l.PeriodType, "period_num": &l.PeriodNum, "usage_value": &l.UsageValue,
		"usage_unit": &l.UsageUnit, "quantity": &l.Quantity,
	}
}

// LineField is the form's name of line i's (from 0) field.
func LineField(i int, name string) string { return "l" + strconv.Itoa(i+1) + "." + name }

// OrderForm is the order-on-behalf form as typed: its mode, its lines, and (on the confirmation)
// the official total the person was shown. Errors are by field name ("mode", "lines",
// "l2.size"), already translated.
type OrderForm struct {
	Mode     string // "period" or "demand"
	Lines    []OrderLineForm
	Official string
	Errs     map[string]string
}

// Err is the error of a field, or "".
func (f OrderForm) Err(field string) string { return f.Errs[field] }

// LineErr is the error of line i's field, or "".
func (f OrderForm) LineErr(i int, name string) string { return f.Errs[LineField(i, name)] }

// Values is the form as parameters: the confirmation's hidden fields and its way back.
func (f OrderForm) Values() url.Values {
	v := url.Values{"mode": {f.Mode}}
	for i := range f.Lines {
		for name, p := range OrderLineFields(&f.Lines[i]) {
			v.Set(LineField(i, name), *p)
		}
	}
	return v
}

// OrderNewVM is the order-on-behalf page: the form, the price, the confirmation, or why the
// partner may not order for this customer.
type OrderNewVM struct {
	Customer  models.Customer
	Cat       *models.Catalog
	Form      OrderForm
	MaxLines  int
	Priced    []OrderLineView // the lines as priced (nil: not priced)
	Price     *OrderPrice
	Confirm   bool   // the confirmation step
	Notice    string // a message over the form (the price changed)
	Refusal   string // why no order can be made; the page offers nothing but what helps
	NoAuth    bool   // the refusal is a missing authorization: the request is offered
	Pending   string // a request waits for the customer since (a time shown)
	EditQuery string // the edit form's query, for the confirmation's way back
}

// OrderLineView is a priced line as the confirmation lists it, in names.
type OrderLineView struct {
	Product, Place, Size, Period, Quantity string
	Official                               models.Money
}

// OrderPrice is the order's price: official, each discount the customer has, and the best.
type OrderPrice struct {
	Official models.Money
	Offers   []InquiryOffer
	Best     *InquiryOffer
	Payable  models.Money
}

// Inquiry is the inquiry page's view of the catalog, for its spec helpers.
func (vm OrderNewVM) Inquiry() InquiryVM { return InquiryVM{Cat: vm.Cat} }

// Path is the page's address.
func (vm OrderNewVM) Path() string { return Path(PathOrderNew, vm.Customer.ID) }

// LineSellable tells whether a service is offered in a line's choice: a sellable one, or the one
// typed (a marketplace code sent by hand stays shown with its refusal).
func LineSellable(s *models.ServiceType, typed string) bool { return Sellable(s) || s.Code == typed }

// specParts splits a spec's form value into its resource type and spec codes.
func specParts(v string) (string, string) {
	rt, sp, _ := strings.Cut(v, "/")
	return rt, sp
}
