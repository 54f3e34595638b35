package handlers

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"partnerhub/models"
	"partnerhub/views"
)

// The price inquiry form is a GET form: its values are the query. A first visit (no query) opens
// on the documented worked example (SPEC 5): a 30 GB general-purpose SSD disk in cn-north-1 /
// cn-north-1b for 5 months, one unit.
var workedExample = views.InquiryForm{
	Mode: "period", Service: "hws.service.type.ebs", Spec: views.SpecValue("hws.resource.type.volume", "GPSSD"),
	Region: "cn-north-1", Zone: "cn-north-1b", Size: "30", PeriodType: "2", PeriodNum: "5",
	UsageValue: "720", UsageUnit: "4", Quantity: "1",
}

// inquiryFields are the form's parameters, each read into its place in the form.
func inquiryFields(f *views.InquiryForm) map[string]*string {
	return map[string]*string{
		"mode": &f.Mode, "service": &f.Service, "spec": &f.Spec, "region": &f.Region, "zone": &f.Zone,
		"size": &f.Size, "period_type": &f.PeriodType, "period_num": &f.PeriodNum, "usage_value": &f.UsageValue,
		"usage_unit": &f.UsageUnit, "quantity": &f.Quantity, "customer": &f.Customer, "cq": &f.CustomerQ,
	}
}

// maxInquiryValue bounds every typed value: longer is no number or code the catalog has.
const maxInquiryValue = 64

// parseInquiry reads the query into the form (the worked example's values where a parameter is
// absent) and, when its shape is right, into an inquiry of one product. Shape errors are message
// keys by field; the domain checks everything else (codes, ranges, the customer).
func parseInquiry(q url.Values) (views.InquiryForm, models.Inquiry, map[string]string) {
	f := workedExample
	for name, dst := range inquiryFields(&f) {
		if v, ok := q[name]; ok && len(v) > 0 {
			*dst = strings.TrimSpace(v[0])
		}
	}
	if f.CustomerQ != "" { // a name searched for: the customer is picked among its matches
		f.Customer = strings.TrimSpace(q.Get("pick"))
	}
	errs := map[string]string{}
	for name, v := range inquiryFields(&f) {
		if len(*v) > maxInquiryValue {
			errs[name] = "err.invalid"
		}
	}
	p := models.InquiryProduct{ID: "1", ServiceType: f.Service, Region: f.Region, Zone: f.Zone}
	p.ResourceType, p.Spec, _ = strings.Cut(f.Spec, "/")
	in := models.Inquiry{Mode: models.ChargePeriod}
	if f.Mode == "demand" {
		in.Mode = models.ChargeOnDemand
	} else if f.Mode != "period" {
		errs["mode"] = "err.invalid"
	}
	p.Quantity = formInt(errs, "quantity", f.Quantity)
	if f.Size != "" { // an empty size is the domain's to refuse, for a linear spec only
		p.Size = int64(formInt(errs, "size", f.Size))
	}
	if in.Mode == models.ChargePeriod {
		p.PeriodType = formInt(errs, "period_type", f.PeriodType)
		p.PeriodNum = formInt(errs, "period_num", f.PeriodNum)
	} else {
		p.UsageValue = formDecimal(errs, "usage_value", f.UsageValue)
		id, ok := parseID(f.UsageUnit)
		if !ok {
			errs["usage_unit"] = "err.invalid"
		}
		p.UsageMeasureID = id
	}
	if f.Customer != "" {
		id, ok := parseID(f.Customer)
		if !ok {
			errs["customer"] = "err.not_found"
		}
		in.CustomerID = id
	}
	in.Products = []models.InquiryProduct{p}
	return f, in, errs
}

// formInt reads a whole number of at most 9 digits (every count of the form is small); a refusal
// is recorded under the field.
func formInt(errs map[string]string, field, s string) int {
	if s == "" {
		errs[field] = "err.required"
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || len(s) > 9 || strings.Trim(s, "0123456789") != "" { // digits only: no sign
		errs[field] = "inquiry.whole_number"
		return 0
	}
	return n
}

// formDecimal reads a usage in plain decimal notation; its range and places are the domain's.
func formDecimal(errs map[string]string, field, s string) decimal.Decimal {
	if s == "" {
		errs[field] = "err.required"
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		errs[field] = "err.usage_value"
		return decimal.Zero
	}
	return d
}

// inquiryField is the form's field a domain refusal of the product names (its API field).
func inquiryField(apiField string) string {
	switch apiField {
	case "cloud_service_type":
		return "service"
	case "region":
		return "region"
	case "available_zone":
		return "zone"
	case "resource_size", "size_measure_id":
		return "size"
	case "period_type", "period_num":
		return apiField
	case "subscription_num":
		return "quantity"
	case "usage_factor", "usage_value":
		return "usage_value"
	case "usage_measure_id":
		return "usage_unit"
	}
	return "spec" // resource_type, resource_spec, and the inquiry as a whole
}
