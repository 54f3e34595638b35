package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Inquiry is Orders > Price inquiry (询价): the price of one product, official and for one of the
// partner's customers with its discounts, from models.Inquire, the one pricing function.
type Inquiry struct{ *base }

// inquiryRoles may open the price inquiry (its route's rule, which the menu asks too).
var inquiryRoles = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleFinance}

// customerMatches is how many customers the picker offers for a name.
const customerMatches = 10

// Show prices the form's product. A refusal (a shape error, or the domain's) is 422 with the
// field's error and the form as typed.
func (h *Inquiry) Show(c echo.Context) error {
	form, in, errs := parseInquiry(c.QueryParams())
	vm := views.InquiryVM{Form: form}
	var err error
	if vm.Cat, err = models.LoadCatalog(c.Request().Context(), h.DB); err != nil {
		return err
	}
	if err := h.pickCustomer(c, &vm, &in, errs); err != nil {
		return err
	}
	if spec := vm.ChosenSpec(); spec != nil && spec.UsageTypeID != 0 {
		in.Products[0].UsageFactor = vm.Cat.UsageType(spec).Code // the spec is rated by one usage
	}
	in.Lang = langOf(c)
	if len(errs) == 0 {
		q, err := models.Inquire(c.Request().Context(), h.DB, actor(c), in)
		switch {
		case err == nil:
			vm.Result = inquiryResult(c, vm, in, q)
		case errors.Is(err, models.ErrNotFound):
			errs["customer"] = "inquiry.customer_not_found"
		case fieldOfErr(err) != "":
			errs[inquiryField(fieldOfErr(err))] = errKey(err)
		default:
			return err
		}
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		vm.Form.Errs = map[string]string{}
		for field, key := range errs {
			vm.Form.Errs[field] = views.T(langOf(c), key)
		}
	}
	p := h.page(c, "inquiry.title", "nav.orders", views.Crumb{Key: "nav.orders"}, views.Crumb{Key: "nav.price_inquiry"})
	p.Side = ordersSide("inquiry")
	return render(c, status, views.InquiryPage(p, vm))
}

// pickCustomer resolves the customer picker: the customers whose name holds the text searched
// for (the chosen one if it is among them, else the first), or the chosen one alone. A customer
// the partner may not see is not found, like one that does not exist.
func (h *Inquiry) pickCustomer(c echo.Context, vm *views.InquiryVM, in *models.Inquiry, errs map[string]string) error {
	ctx, a := c.Request().Context(), actor(c)
	if vm.Form.CustomerQ != "" && errs["cq"] == "" {
		list, err := models.ListCustomers(ctx, h.DB, a, models.CustomerFilter{Query: vm.Form.CustomerQ, Page: 1, Limit: customerMatches})
		var refused *models.Error
		if errors.As(err, &refused) { // too short, or not a search text
			errs["cq"] = refused.Key
			return nil
		} else if err != nil {
			return err
		}
		vm.Customers = list.Rows
		for i := range vm.Customers {
			if vm.Customers[i].ID == in.CustomerID {
				vm.Chosen = &vm.Customers[i]
			}
		}
		if vm.Chosen == nil && len(vm.Customers) > 0 {
			vm.Chosen = &vm.Customers[0]
		}
		in.CustomerID = 0
		if vm.Chosen != nil {
			in.CustomerID = vm.Chosen.ID
			vm.Form.Customer = views.ID(vm.Chosen.ID)
		}
		return nil
	}
	if in.CustomerID == 0 {
		return nil
	}
	d, err := models.GetCustomer(ctx, h.DB, a, in.CustomerID)
	if errors.Is(err, models.ErrNotFound) {
		errs["customer"] = "inquiry.customer_not_found"
		return nil
	}
	if err != nil {
		return err
	}
	vm.Chosen = &d.Customer
	vm.Customers = []models.Customer{d.Customer}
	return nil
}

// errKey is a domain refusal's message key.
func errKey(err error) string {
	var e *models.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return "err.invalid"
}

// inquiryResult shows a quote of one product: its price, the unit price it came from, and each
// discount the customer has.
func inquiryResult(c echo.Context, vm views.InquiryVM, in models.Inquiry, q *models.Quote) *views.InquiryResult {
	lang, line := langOf(c), q.Lines[0]
	r := &views.InquiryResult{Official: views.MoneyOf(q.Official), UnitPrice: line.UnitPrice,
		Effective: line.EffectiveAt}
	r.Unit, r.Formula = unitText(lang, vm, in, line)
	if vm.Chosen != nil {
		r.Customer = vm.Chosen.AccountName
	}
	r.Offers, r.Best, r.Payable = quoteOffers(lang, q)
	return r
}

// quoteOffers are a quote's discounts as the pages show them, the best one, and what is payable:
// the best offer's amount, or the official price.
func quoteOffers(lang string, q *models.Quote) (offers []views.InquiryOffer, best *views.InquiryOffer, payable models.Money) {
	payable = views.MoneyOf(q.Official)
	for i, o := range q.Offers {
		off := ""
		if len(o.Lines) > 0 {
			off = o.Lines[0].Off.StringFixed(2)
		}
		offers = append(offers, views.InquiryOffer{Type: o.Type, Name: o.Type.Name(lang), Off: trimZeros(off),
			Discount: views.MoneyOf(o.Discount), Amount: views.MoneyOf(o.Amount), Best: o.Best})
		if i == q.Best {
			payable = views.MoneyOf(o.Amount)
		}
	}
	for i := range offers {
		if offers[i].Best {
			best = &offers[i]
		}
	}
	return offers, best, payable
}

// unitText says what the unit price is per ("GB / month") and how the line follows from it
// ("0.50 × 30 GB × 5 months × 1").
func unitText(lang string, vm views.InquiryVM, in models.Inquiry, line models.QuoteLine) (string, string) {
	p, spec := in.Products[0], vm.ChosenSpec()
	var per []string
	formula := line.UnitPrice.String()
	if spec != nil && spec.Linear {
		size := vm.Cat.MeasureUnit(spec.SizeMeasureID).Name(lang)
		per = append(per, size)
		formula += " × " + views.Int(p.Size) + " " + size
	}
	switch line.Mode {
	case models.PerMonth:
		per = append(per, views.T(lang, "inquiry.per_month"))
		formula += " × " + views.T(lang, "inquiry.months", p.PeriodNum)
	case models.PerYear:
		per = append(per, views.T(lang, "inquiry.per_year"))
		formula += " × " + views.T(lang, "inquiry.years", p.PeriodNum)
	default:
		u := vm.Cat.MeasureUnit(line.MeasureID).Name(lang)
		per = append(per, u)
		usage := p.UsageValue.String() + " " + vm.Cat.MeasureUnit(p.UsageMeasureID).Name(lang)
		if p.UsageMeasureID != line.MeasureID {
			usage += " (" + line.Units.Div(decimal.NewFromInt(int64(p.Quantity)*max(p.Size, 1))).String() + " " + u + ")"
		}
		formula += " × " + usage
	}
	if p.Quantity == 1 {
		formula += " × " + views.T(lang, "inquiry.one_unit")
	} else {
		formula += " × " + views.T(lang, "inquiry.units", p.Quantity)
	}
	return joinSlash(per), formula
}

// trimZeros drops a percent's trailing zeros: "15.00" → "15", "12.50" → "12.5".
func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func joinSlash(parts []string) string { return strings.Join(parts, " / ") }

// ordersSide is the Orders sub-menu: the orders list, the price inquiry, the resources.
func ordersSide(active string) []views.NavItem {
	return []views.NavItem{
		{Key: "nav.order_list", Href: views.PathOrders, Active: active == "orders"},
		{Key: "nav.price_inquiry", Href: views.PathPriceInquiry, Active: active == "inquiry"},
		{Key: "nav.resources", Href: views.PathResources, Active: active == "resources"},
	}
}
