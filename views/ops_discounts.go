package views

import (
	"net/url"

	"partnerhub/models"
)

// OpsDiscountsVM is the operator's business-contract discounts (605): customers found by name,
// and the chosen one's discounts.
type OpsDiscountsVM struct {
	Q         string
	QErr      string
	Found     []models.Customer
	Customer  *models.Customer
	Discounts *DiscountsVM
}

// OpsCeilingsVM is the 607 ceilings of a page of partners.
type OpsCeilingsVM struct {
	Q        string
	Partners []models.Partner
	Ceiling  map[uint64]models.Percent
	Pager    Pager
	Refused  RowRefusal
}

// CeilingOf shows a partner's ceiling, or "" (none set).
func (vm OpsCeilingsVM) CeilingOf(id uint64) string {
	if c, ok := vm.Ceiling[id]; ok {
		return c.String()
	}
	return ""
}

// URLQuery escapes a value for a URL's query.
func URLQuery(s string) string { return url.QueryEscape(s) }
