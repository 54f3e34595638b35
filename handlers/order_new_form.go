package handlers

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"partnerhub/models"
	"partnerhub/views"
)

// The order-on-behalf form is a GET form, like the price inquiry's: its values are the query, a
// product's fields named l<n>.<field> (the inquiry's fields), n from 1. Its buttons are values
// too: add (a copy of the last product), remove=<n>, step=confirm. The confirmation posts the
// same values with the official total the person was shown.

// maxOrderLines bounds the form's products: the domain takes 100, a page of more is no form.
const maxOrderLines = 20

// orderExample is a first visit's product: the inquiry's worked example (SPEC 5).
var orderExample = views.OrderLineForm{
	Service: workedExample.Service, Spec: workedExample.Spec, Region: workedExample.Region, Zone: workedExample.Zone,
	Size: workedExample.Size, PeriodType: workedExample.PeriodType, PeriodNum: workedExample.PeriodNum,
	UsageValue: workedExample.UsageValue, UsageUnit: workedExample.UsageUnit, Quantity: workedExample.Quantity,
}

var lineParam = regexp.MustCompile(`^l([1-9][0-9]{0,5})\.([a-z_]+)$`)

// parseOrderForm reads the form into its values as typed, applies its add and remove buttons,
// and, where the shape is right, makes the order's products. Shape errors are message keys by
// field ("mode", "lines", "official", "l2.size"); the domain checks everything else.
func parseOrderForm(q url.Values) (views.OrderForm, models.OrderInput, map[string]string) {
	errs := map[string]string{}
	f := views.OrderForm{Mode: "period", Official: strings.TrimSpace(q.Get("official"))}
	if v, ok := q["mode"]; ok && len(v) > 0 {
		f.Mode = strings.TrimSpace(v[0])
	}
	f.Lines = formLines(q, errs)
	if len(f.Lines) == 0 && !q.Has("mode") { // a first visit
		f.Lines = []views.OrderLineForm{orderExample}
	}
	f.Lines = applyLineButtons(q, f.Lines)
	in := models.OrderInput{Mode: models.ChargePeriod}
	switch f.Mode {
	case "demand":
		in.Mode = models.ChargeOnDemand
	case "period":
	default:
		errs["mode"] = "err.invalid"
	}
	if len(f.Lines) == 0 {
		errs["lines"] = "onew.no_lines"
	}
	for i, l := range f.Lines {
		in.Products = append(in.Products, parseOrderLine(errs, i, l, in.Mode))
	}
	if f.Official != "" {
		m, err := models.ParseMoney(f.Official)
		if err != nil || len(f.Official) > maxInquiryValue {
			errs["official"] = "err.invalid"
		} else {
			in.Expected = &m
		}
	}
	return f, in, errs
}

// formLines gathers the products' parameters by number, in order, the gaps closed. A number
// past the form's limit is refused; a value too long for any code or count is refused on its field.
func formLines(q url.Values, errs map[string]string) []views.OrderLineForm {
	byNum := map[int]*views.OrderLineForm{}
	for name, vs := range q {
		m := lineParam.FindStringSubmatch(name)
		if m == nil || len(vs) == 0 {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n > maxOrderLines {
			errs["lines"] = "onew.too_many_lines"
			continue
		}
		l := byNum[n]
		if l == nil {
			l = &views.OrderLineForm{}
		}
		dst, ok := views.OrderLineFields(l)[m[2]]
		if !ok {
			continue
		}
		byNum[n] = l
		*dst = strings.TrimSpace(vs[0])
	}
	nums := make([]int, 0, len(byNum))
	for n := range byNum {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	lines := make([]views.OrderLineForm, len(nums))
	for i, n := range nums {
		lines[i] = *byNum[n]
		for name, v := range views.OrderLineFields(&lines[i]) {
			if len(*v) > maxInquiryValue {
				errs[views.LineField(i, name)] = "err.invalid"
			}
		}
	}
	return lines
}

// applyLineButtons adds a product (a copy of the last, or the example) or removes one.
func applyLineButtons(q url.Values, lines []views.OrderLineForm) []views.OrderLineForm {
	if q.Has("add") && len(lines) < maxOrderLines {
		next := orderExample
		if len(lines) > 0 {
			next = lines[len(lines)-1]
		}
		lines = append(lines, next)
	}
	if n, err := strconv.Atoi(q.Get("remove")); err == nil && n >= 1 && n <= len(lines) {
		lines = slices.Delete(lines, n-1, n)
	}
	return lines
}

// parseOrderLine makes product i of the order, as the inquiry's form makes its one product.
func parseOrderLine(errs map[string]string, i int, l views.OrderLineForm, mode models.ChargeMode) models.InquiryProduct {
	key := func(name string) string { return views.LineField(i, name) }
	p := models.InquiryProduct{ID: strconv.Itoa(i + 1), ServiceType: l.Service, Region: l.Region, Zone: l.Zone}
	p.ResourceType, p.Spec, _ = strings.Cut(l.Spec, "/")
	p.Quantity = formInt(errs, key("quantity"), l.Quantity)
	if l.Size != "" { // an empty size is the domain's to refuse, for a linear spec only
		p.Size = int64(formInt(errs, key("size"), l.Size))
	}
	if mode == models.ChargeOnDemand {
		p.UsageValue = formDecimal(errs, key("usage_value"), l.UsageValue)
		id, ok := parseID(l.UsageUnit)
		if !ok {
			errs[key("usage_unit")] = "err.invalid"
		}
		p.UsageMeasureID = id
		return p
	}
	p.PeriodType = formInt(errs, key("period_type"), l.PeriodType)
	p.PeriodNum = formInt(errs, key("period_num"), l.PeriodNum)
	return p
}
