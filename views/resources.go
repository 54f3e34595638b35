package views

import (
	"net/url"
	"strconv"

	"partnerhub/models"
)

// ResourceArea is where the resources' pages are: the console's Orders menu or the customer
// portal (which shows no customer column: they are all the customer's own).
type ResourceArea struct {
	Prefix string
	Portal bool
}

// ResourceQuery is the resources list's filters as typed, for the form and the tabs.
type ResourceQuery struct {
	Status   string
	Service  string
	Region   string
	Customer string // an id, from the customer detail page's link
	Expiring string // days: "7", "30"
}

// ResourceListVM is the resources list page.
type ResourceListVM struct {
	Area     ResourceArea
	Catalog  *models.Catalog
	Query    ResourceQuery
	Customer string // the filtered customer's name
	List     *models.ResourceList
	Pager    Pager
	Ignored  []string
}

// ResourceVM is a resource's page.
type ResourceVM struct {
	Area    ResourceArea
	Catalog *models.Catalog
	D       *models.ResourceDetail
	Orders  string // the orders' area prefix, for the link to the order ("" if none)
	Actions ResourceActions
	Error   string // a refused action's reason (422)
}

// Href is the resource's page.
func (vm ResourceVM) Href() string { return vm.Area.Prefix + "/" + ID(vm.D.ID) }

// ExpiringChoices are the "expiring within" filter's choices, in days.
var ExpiringChoices = []string{"7", "30", "90"}

// TabHref is the list with another status tab, the other filters kept and the page reset.
func (vm ResourceListVM) TabHref(status string) string {
	v := vm.Query.values()
	v.Del("status")
	if status != "" {
		v.Set("status", status)
	}
	return (&url.URL{Path: vm.Area.Prefix, RawQuery: v.Encode()}).String()
}

func (q ResourceQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"status": q.Status, "service": q.Service, "region": q.Region, "customer": q.Customer, "expiring": q.Expiring} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// ResourceStatusKey is a resource status's message key.
func ResourceStatusKey(s int8) string { return "resource.status." + strconv.Itoa(int(s)) }

// ResourceStatusBadge is the badge colour of a resource status.
func ResourceStatusBadge(s int8) string {
	switch s {
	case models.ResourceInUse:
		return "ok"
	case models.ResourceExpired, models.ResourceFrozen:
		return "warn"
	}
	return "muted"
}

// catalogService is a service type's name, or its code if the catalog has none of it.
func catalogService(p Page, cat *models.Catalog, code string) string {
	if s := cat.ServiceType(code); s != nil {
		return s.Name(p.Lang)
	}
	return code
}

// ResourceSpecName is a resource's spec as a reader says it, with its size for a linear product:
// "云硬盘 · 通用型SSD · 30 GB".
func ResourceSpecName(p Page, cat *models.Catalog, r *models.Resource) string {
	name := specName(p, cat, r.ResourceType, r.Spec)
	s := cat.Spec(r.ResourceType, r.Spec)
	if r.Size <= 0 || s == nil {
		return name
	}
	name += " · " + Int(r.Size)
	if u := cat.MeasureUnit(s.SizeMeasureID); u != nil {
		name += " " + u.Name(p.Lang)
	}
	return name
}

// ZoneName is a zone's name, or its code if the catalog has none of it ("—" for none).
func ZoneName(p Page, cat *models.Catalog, region, code string) string {
	if code == "" {
		return "—"
	}
	for _, z := range cat.Zones(region) {
		if z.Code == code {
			return z.Name(p.Lang)
		}
	}
	return code
}

// ChargeModeKey is a charge mode's message key.
func ChargeModeKey(m models.ChargeMode) string {
	if m == models.ChargeOnDemand {
		return "inquiry.mode_demand"
	}
	return "inquiry.mode_period"
}

// CustomerLabel is a customer as a list names it: its real name, else its account name.
func CustomerLabel(account, real string) string {
	if real != "" {
		return real + " (" + account + ")"
	}
	return account
}
