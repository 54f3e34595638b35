package handlers

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

func isTestService(s string) bool { return s == "hws.service.type.ebs" || s == "hws.service.type.ec2" }

func day(s string) models.TimeRange {
	t, _ := parseDate(s)
	return models.TimeRange{From: t}
}

// The orders list's filters: what each value gives the models, and which are ignored.
func TestParseOrderQuery(t *testing.T) {
	t.Parallel()
	from, to := day("2026-11-01").From, day("2026-11-03").From
	for _, tc := range []struct {
		query   string
		want    models.OrderFilter
		ignored []string
	}{
		{"", models.OrderFilter{Limit: 10}, nil},
		{"status=6", models.OrderFilter{Status: models.OrderPendingPayment, Limit: 10}, nil},
		{"status=1", models.OrderFilter{Status: models.OrderPendingReview, Limit: 10}, nil},
		{"status=2", models.OrderFilter{Limit: 10}, []string{"status"}},
		{"status=66", models.OrderFilter{Limit: 10}, []string{"status"}},
		{"status=-6", models.OrderFilter{Limit: 10}, []string{"status"}},
		{"order_type=4", models.OrderFilter{Type: 4, Limit: 10}, nil},
		{"order_type=5", models.OrderFilter{Limit: 10}, []string{"order_type"}},
		{"service=hws.service.type.ebs", models.OrderFilter{ServiceType: "hws.service.type.ebs", Limit: 10}, nil},
		{"service=hws.service.type.nope", models.OrderFilter{Limit: 10}, []string{"service"}},
		{"reseller=42", models.OrderFilter{ResellerID: 42, Limit: 10}, nil},
		{"reseller=042", models.OrderFilter{Limit: 10}, []string{"reseller"}},
		{"created_from=2026-11-01&created_to=2026-11-02", models.OrderFilter{Created: models.TimeRange{From: from, To: to}, Limit: 10}, nil},
		{"paid_from=2026-11-01&paid_to=2026-11-02", models.OrderFilter{Paid: models.TimeRange{From: from, To: to}, Limit: 10}, nil},
		{"paid_from=2026-11-03&paid_to=2026-11-01", models.OrderFilter{Limit: 10}, []string{views.FromAfterTo}},
		{"created_from=2026-02-30", models.OrderFilter{Limit: 10}, []string{"created_from"}},
		{"created_to=yesterday", models.OrderFilter{Limit: 10}, []string{"created_to"}},
		{"page=3&limit=20", models.OrderFilter{Offset: 40, Limit: 20}, nil},
		{"page=0&limit=7", models.OrderFilter{Limit: 10}, []string{"page", "limit"}},
		{"page=999999", models.OrderFilter{Offset: models.MaxOffset, Limit: 10}, nil},
	} {
		v, _ := url.ParseQuery(tc.query)
		q := parseOrderQuery(v, isTestService)
		got := q.Filter
		if got.Status != tc.want.Status || got.Type != tc.want.Type || got.ServiceType != tc.want.ServiceType ||
			got.ResellerID != tc.want.ResellerID || got.Created != tc.want.Created || got.Paid != tc.want.Paid ||
			got.Offset != tc.want.Offset || got.Limit != tc.want.Limit || !slices.Equal(q.Ignored, tc.ignored) {
			t.Errorf("%q: %+v ignored %v, want %+v ignored %v", tc.query, got, q.Ignored, tc.want, tc.ignored)
		}
	}
	for _, tc := range []struct {
		in, want string
		ignored  bool
	}{
		{"demo-customer", "demo-customer", false},
		{"  云图数据 ", "云图数据", false},
		{strings.Repeat("x", 65), "", true},
		{"a\x00b", "", true},
	} {
		q := parseOrderQuery(url.Values{"customer": {tc.in}}, isTestService)
		if q.Customer != tc.want || slices.Contains(q.Ignored, "customer") != tc.ignored {
			t.Errorf("customer %q: %q ignored %v", tc.in, q.Customer, q.Ignored)
		}
	}
}

func FuzzParseOrderQuery(f *testing.F) {
	for _, s := range []string{"", "status=6", "status=٦", "order_type=1&service=hws.service.type.ebs", "customer=%00",
		"created_from=2026-11-03&created_to=2026-11-01", "page=-1&limit=1000", "reseller=18446744073709551616", "status=6&status=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q := parseOrderQuery(v, isTestService)
		f := q.Filter
		switch {
		case f.Status != 0 && !slices.Contains(views.OrderTabs, views.ID(uint64(f.Status))):
			t.Errorf("%q: status %d", raw, f.Status)
		case f.Type < 0 || f.Type > 4:
			t.Errorf("%q: type %d", raw, f.Type)
		case f.ServiceType != "" && !isTestService(f.ServiceType):
			t.Errorf("%q: service %q", raw, f.ServiceType)
		case f.Limit < 10 || f.Limit > 100 || f.Offset < 0 || f.Offset > models.MaxOffset:
			t.Errorf("%q: limit %d offset %d", raw, f.Limit, f.Offset)
		case !f.Created.From.IsZero() && !f.Created.To.IsZero() && !f.Created.From.Before(f.Created.To),
			!f.Paid.From.IsZero() && !f.Paid.To.IsZero() && !f.Paid.From.Before(f.Paid.To):
			t.Errorf("%q: an empty date range %+v %+v", raw, f.Created, f.Paid)
		case len([]rune(q.Customer)) > 64 || strings.ContainsRune(q.Customer, 0):
			t.Errorf("%q: customer %q", raw, q.Customer)
		}
	})
}
