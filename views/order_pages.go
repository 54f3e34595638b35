package views

import (
	"strings"
	"time"

	"partnerhub/models"
)

// The orders pages (包年/包月订单): the console's /orders and the portal's /customer/orders show the
// same list and detail; OrderArea says which one a page is in.

// OrderArea is where an orders page lives: the console (a partner's orders) or the portal (the
// customer's own).
type OrderArea struct {
	Prefix string // "/orders" or "/customer/orders"
	Portal bool
}

// Href is the address of one order in the area.
func (a OrderArea) Href(id uint64) string { return a.Prefix + "/" + ID(id) }

// OrderTabs are the list's status tabs in their order: pending review, processing, pending
// payment, completed, cancelled, and all ("").
var OrderTabs = []string{"1", "3", "6", "5", "4", ""}

// OrderTypes are the order types the list filters by (the API's order_type).
var OrderTypes = []string{"1", "2", "3", "4"}

// OrderFilterForm is the orders filter bar as entered (already checked: what the list uses).
type OrderFilterForm struct {
	Status, Customer, Service, Type, Reseller string
	CreatedFrom, CreatedTo, PaidFrom, PaidTo  string
	Limit                                     int
}

// OrdersVM is the orders list.
type OrdersVM struct {
	Area      OrderArea
	Form      OrderFilterForm
	Ignored   []string
	Rows      []models.OrderRow
	Pager     Pager
	Capped    bool
	Cat       *models.Catalog
	Resellers []models.Partner // a master distributor's: the reseller filter
}

// TabHref is the list with its filters and the status tab; paging starts again.
func (vm OrdersVM) TabHref(status string) string {
	q := vm.Pager.URL.Query()
	q.Del("page")
	q.Del("status")
	if status != "" {
		q.Set("status", status)
	}
	if s := q.Encode(); s != "" {
		return vm.Area.Prefix + "?" + s
	}
	return vm.Area.Prefix
}

// TabKey is a status tab's message key.
func TabKey(status string) string {
	if status == "" {
		return "opages.tab_all"
	}
	return "opages.status." + status
}

// OrderServiceName names a service type code by the catalog ("—" for none, the code itself for
// one the catalog no longer has).
func OrderServiceName(cat *models.Catalog, lang, code string) string {
	if code == "" {
		return "—"
	}
	if s := cat.ServiceType(code); s != nil {
		return s.Name(lang)
	}
	return code
}

// OrderStatusKind is the badge colour of an order status.
func OrderStatusKind(s int8) string {
	switch s {
	case models.OrderCompleted:
		return "ok"
	case models.OrderPendingPayment, models.OrderPendingReview:
		return "warn"
	case models.OrderProcessing:
		return "info"
	}
	return "muted"
}

// OrderDetailLine is an order line in names.
type OrderDetailLine struct {
	Service, Spec, Region, Zone, Size, Period string
	Quantity                                  int
	UnitPrice                                 string
	Official                                  models.Money
}

// OrderLineViews names an order's lines in lang.
func OrderLineViews(cat *models.Catalog, lang string, lines []models.OrderLine) []OrderDetailLine {
	out := make([]OrderDetailLine, len(lines))
	for i, l := range lines {
		v := OrderDetailLine{Service: OrderServiceName(cat, lang, l.ServiceType), Spec: l.Spec, Region: l.Region, Zone: Dash(l.Zone),
			Size: "—", Period: "—", Quantity: l.Quantity, UnitPrice: "¥" + l.UnitPrice.String(), Official: models.Fen(l.Official)}
		var per []string // what the unit price is per: "GB / 月"
		if s := cat.Spec(l.ResourceType, l.Spec); s != nil {
			v.Spec = s.Name(lang)
			if rt := cat.ResourceTypeOf(s); rt != nil {
				v.Spec = rt.Name(lang) + " · " + v.Spec
			}
			if s.Linear && l.Size > 0 {
				v.Size = Int(l.Size)
				if u := cat.MeasureUnit(s.SizeMeasureID); u != nil {
					v.Size += " " + u.Name(lang)
					per = append(per, u.Name(lang))
				}
			}
		} else if l.Size > 0 {
			v.Size = Int(l.Size)
		}
		if r := cat.Region(l.Region); r != nil {
			v.Region = r.Name(lang)
		}
		for _, z := range cat.Zones(l.Region) {
			if z.Code == l.Zone {
				v.Zone = z.Name(lang)
			}
		}
		switch l.PeriodType {
		case models.PeriodMonth:
			v.Period = T(lang, "inquiry.months", l.PeriodNum)
		case models.PeriodYear:
			v.Period = T(lang, "inquiry.years", l.PeriodNum)
		}
		switch l.Mode {
		case models.PerMonth:
			per = append(per, T(lang, "inquiry.per_month"))
		case models.PerYear:
			per = append(per, T(lang, "inquiry.per_year"))
		}
		if len(per) > 0 {
			v.UnitPrice += " / " + strings.Join(per, " / ")
		}
		out[i] = v
	}
	return out
}

// OrderDiscountView is a discount a pending order may use, in words.
type OrderDiscountView struct {
	ID       uint64
	Name     string
	Discount models.Money
	Amount   models.Money
}

// OrderVM is one order's page.
type OrderVM struct {
	Area      OrderArea
	Order     *models.Order
	Customer  string // the account name, with the real name
	Partner   string // who placed it (the portal shows it)
	Cat       *models.Catalog
	Lines     []OrderDetailLine
	Coupons   []models.Coupon // what a pending order may be paid with
	Discounts []OrderDiscountView
	MayAct    bool   // the user may pay and cancel (the domain still decides)
	PayError  string // a refused payment's reason
	Chosen    map[uint64]bool
	Discount  uint64
	Now       time.Time
	Resources []models.Resource // what the order created, main ones first
	ResHref   string            // the area's resources pages ("" if the user may not open them)
	Refund    *models.Refund    // an unsubscribe order's refund
}

// Pending tells whether the order waits for payment.
func (vm OrderVM) Pending() bool { return vm.Order.Status == models.OrderPendingPayment }

// Cancellable tells whether the order may still be cancelled.
func (vm OrderVM) Cancellable() bool {
	return vm.Order.Status == models.OrderPendingPayment || vm.Order.Status == models.OrderPendingReview
}

// CouponScope names a coupon's services, or says it applies to all.
func CouponScope(cat *models.Catalog, lang string, c models.Coupon) string {
	scope := c.ServiceTypeList()
	if len(scope) == 0 {
		return T(lang, "opages.all_services")
	}
	names := make([]string, len(scope))
	for i, s := range scope {
		names[i] = OrderServiceName(cat, lang, s)
	}
	return strings.Join(names, T(lang, "common.list_sep"))
}

// PayConfirmVM is the confirmation of a payment: where the money will come from, and, when the
// balance is short, how much is missing. Its form carries the choices and a one-time key.
type PayConfirmVM struct {
	Area         OrderArea
	P            *models.PaymentPreview
	Customer     string
	DiscountID   uint64
	DiscountName string
	Idem         string
	Error        string // a refused payment's reason (422)
	Cat          *models.Catalog
}

// Action is the post that pays.
func (vm PayConfirmVM) Action() string { return vm.Area.Href(vm.P.Order.ID) + "/pay" }

// Back is the order's page.
func (vm PayConfirmVM) Back() string { return vm.Area.Href(vm.P.Order.ID) }
