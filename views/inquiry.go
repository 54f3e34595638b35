package views

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// InquiryForm is the price inquiry form as typed: every value is kept as entered, so that a
// refused inquiry shows what the user wrote. Errors are by field name, already translated.
type InquiryForm struct {
	Mode       string // "period" (包年/包月) or "demand" (按需)
	Service    string // a service type's code
	Spec       string // "resource type code/spec code"
	Region     string
	Zone       string
	Size       string
	PeriodType string // "2" month, "3" year
	PeriodNum  string
	UsageValue string
	UsageUnit  string // a measure unit's id
	Quantity   string
	Customer   string // the chosen customer's id
	CustomerQ  string // the name searched for
	Errs       map[string]string
}

// Err is the error of a field, or "".
func (f InquiryForm) Err(field string) string { return f.Errs[field] }

// SpecValue is a spec's value in the form.
func SpecValue(rtype, spec string) string { return rtype + "/" + spec }

// InquiryVM is the price inquiry page.
type InquiryVM struct {
	Form      InquiryForm
	Cat       *models.Catalog
	Customers []models.Customer // the customers the name search found, or the chosen one
	Chosen    *models.Customer
	Result    *InquiryResult
}

// InquiryResult is a priced inquiry of one product.
type InquiryResult struct {
	Official  models.Money
	UnitPrice models.UnitPrice
	Unit      string // what the unit price is per, e.g. "GB / month"
	Formula   string // how the official price follows from it
	Effective time.Time
	Offers    []InquiryOffer
	Best      *InquiryOffer // nil: no discount applies
	Payable   models.Money  // the best offer's amount, or the official price
	Customer  string
}

// InquiryOffer is one applicable discount.
type InquiryOffer struct {
	Type     models.DiscountType
	Name     string
	Off      string // "15" (percent)
	Discount models.Money
	Amount   models.Money
	Best     bool
}

// ChosenSpec is the form's spec, or nil.
func (vm InquiryVM) ChosenSpec() *models.ResourceSpec {
	rt, sp, _ := strings.Cut(vm.Form.Spec, "/")
	return vm.Cat.Spec(rt, sp)
}

// Sellable tells whether a service may be priced here (a marketplace product never is).
func Sellable(s *models.ServiceType) bool { return s != nil && !s.Marketplace }

// SpecLabel names a spec with its resource type: "云硬盘 · 通用型SSD".
func (vm InquiryVM) SpecLabel(lang string, s *models.ResourceSpec) string {
	return vm.Cat.ResourceTypeOf(s).Name(lang) + " · " + s.Name(lang)
}

// SizeHint says a linear spec's sizes: "10–32,768 GB".
func (vm InquiryVM) SizeHint(lang string, s *models.ResourceSpec) string {
	if s == nil || !s.Linear {
		return ""
	}
	unit := ""
	if u := vm.Cat.MeasureUnit(s.SizeMeasureID); u != nil {
		unit = " " + u.Name(lang)
	}
	hint := Int(s.SizeMin) + "–" + Int(s.SizeMax) + unit
	if s.SizeStep > 1 {
		hint += ", ×" + Int(s.SizeStep)
	}
	return hint
}

// MoneyOf shows an exact amount already rounded to fen.
func MoneyOf(d decimal.Decimal) models.Money { return models.Money{Decimal: d} }
