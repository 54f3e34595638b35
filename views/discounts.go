package views

import "partnerhub/models"

// DiscountForm is a discount form as typed, with its errors by field (translated).
type DiscountForm struct {
	Service, Off, From, To string
	Errs                   map[string]string
}

// Err is a field's error, or "".
func (f DiscountForm) Err(field string) string { return f.Errs[field] }

// DiscountsVM is a customer's discounts, and the form to set one where the user may.
type DiscountsVM struct {
	Action      string // where the form posts ("" no form)
	InquiryHref string // the price inquiry for this customer ("" the user may not inquire)
	Type        models.DiscountType
	Ceiling     string // the partner's 607 ceiling in percent ("" none: no 607)
	Form        DiscountForm
	Services    []*models.ServiceType
	Rows        []DiscountRow
}

// DiscountRow is one discount of the list.
type DiscountRow struct {
	D         models.Discount
	Service   string // the service type's name, or "all services"
	SetBy     string
	State     string // message key: in effect, not yet, over
	RemoveURL string // "" when the user may not remove it
}
