package views

import "partnerhub/models"

// PathOpsOrders is the operator's review desk of orders; PathOrderNew a customer's order on behalf.
const (
	PathOpsOrders = "/ops/orders"
	PathOrderNew  = "/sales/customers/:id/orders/new"
)

// OrderSettingsForm is the review settings as typed: the threshold in yuan and the service types
// whose orders are always reviewed. Errors by field, translated.
type OrderSettingsForm struct {
	Threshold    string
	ServiceTypes []string
	Errs         map[string]string
}

// Err is the error of a field, or "".
func (f OrderSettingsForm) Err(field string) string { return f.Errs[field] }

// Flagged tells whether a service type is among the reviewed ones.
func (f OrderSettingsForm) Flagged(code string) bool {
	for _, s := range f.ServiceTypes {
		if s == code {
			return true
		}
	}
	return false
}

// OpsOrdersVM is the review desk: the orders pending review, oldest first, and the settings.
type OpsOrdersVM struct {
	Rows     []models.OrderRow
	Partners map[uint64]string
	Cat      *models.Catalog
	Pager    Pager
	Settings OrderSettingsForm
}

// ServiceName is a service type's name, or its code when the catalog no longer has it.
func (vm OpsOrdersVM) ServiceName(lang, code string) string {
	if s := vm.Cat.ServiceType(code); s != nil {
		return s.Name(lang)
	}
	return code
}

// customerName is an order's customer: its account name and, when it has one, its real name.
func customerName(o models.OrderRow) string {
	return customerLabel(models.Customer{AccountName: o.CustomerName, RealName: o.RealName})
}
