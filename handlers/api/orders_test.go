package api

import (
	"errors"
	"strings"
	"testing"

	"partnerhub/models"
)

// The parsers of the order operations: PayOrders' body (payRequestOf) and ListCustomerOrders'
// filters (orderQueryOf). Table tests for each rule, and fuzz targets that any input is either
// refused with a CBC error or gives a request within the limits.

func TestPayRequestOf(t *testing.T) {
	t.Parallel()
	coupons := func(n int) []payCouponInfo {
		out := make([]payCouponInfo, n)
		for i := range out {
			out[i] = payCouponInfo{ID: strings.Repeat("c", i+1), Type: 301}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		req  payOrdersReq
		code string // "" accepted
	}{
		{"nothing but the order", payOrdersReq{OrderID: "CS26112300000001", UseCoupon: "NO", UseDiscount: "NO"}, ""},
		{"three coupons and a discount", payOrdersReq{OrderID: "x", UseCoupon: "YES", UseDiscount: "YES", CouponInfos: coupons(3),
			DiscountInfos: []payDiscountInfo{{ID: "7", Type: 3}}}, ""},
		{"no order", payOrdersReq{UseCoupon: "NO", UseDiscount: "NO"}, "CBC.0100"},
		{"a long order id", payOrdersReq{OrderID: strings.Repeat("1", 65), UseCoupon: "NO", UseDiscount: "NO"}, "CBC.0100"},
		{"use_coupon missing", payOrdersReq{OrderID: "x", UseDiscount: "NO"}, "CBC.0100"},
		{"use_coupon lower case", payOrdersReq{OrderID: "x", UseCoupon: "yes", UseDiscount: "NO", CouponInfos: coupons(1)}, "CBC.0100"},
		{"YES without coupons", payOrdersReq{OrderID: "x", UseCoupon: "YES", UseDiscount: "NO"}, "CBC.0100"},
		{"NO with coupons", payOrdersReq{OrderID: "x", UseCoupon: "NO", UseDiscount: "NO", CouponInfos: coupons(1)}, "CBC.0100"},
		{"NO with a discount", payOrdersReq{OrderID: "x", UseCoupon: "NO", UseDiscount: "NO", DiscountInfos: []payDiscountInfo{{ID: "1"}}}, "CBC.0100"},
		{"four coupons", payOrdersReq{OrderID: "x", UseCoupon: "YES", UseDiscount: "NO", CouponInfos: coupons(4)}, "CBC.99006031"},
		{"two discounts", payOrdersReq{OrderID: "x", UseCoupon: "NO", UseDiscount: "YES",
			DiscountInfos: []payDiscountInfo{{ID: "1", Type: 3}, {ID: "2", Type: 3}}}, "CBC.99006032"},
		{"a coupon without id", payOrdersReq{OrderID: "x", UseCoupon: "YES", UseDiscount: "NO", CouponInfos: []payCouponInfo{{Type: 301}}}, "CBC.0100"},
		{"a coupon type 1", payOrdersReq{OrderID: "x", UseCoupon: "YES", UseDiscount: "NO", CouponInfos: []payCouponInfo{{ID: "c", Type: 1}}}, "CBC.0100"},
		{"a contract discount", payOrdersReq{OrderID: "x", UseCoupon: "NO", UseDiscount: "YES", DiscountInfos: []payDiscountInfo{{ID: "1", Type: 1}}}, "CBC.0100"},
	} {
		pr, err := payRequestOf(&tc.req)
		if got := codeOf(err); got != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
		if err == nil && (pr.orderID != tc.req.OrderID || len(pr.coupons) != len(tc.req.CouponInfos)) {
			t.Errorf("%s: %+v", tc.name, pr)
		}
	}
}

// codeOf is an API error's code: a bssError's, or a domain error's.
func codeOf(err error) string {
	var be *bssError
	var me *models.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &be):
		return be.Code
	case errors.As(err, &me):
		return me.Code
	}
	return "?"
}

func TestOrderQueryOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		req   listCustomerOrdersReq
		code  string
		check func(orderQuery) bool
	}{
		{"nothing", listCustomerOrdersReq{}, "", func(q orderQuery) bool { return !q.none && q.filter.Limit == 10 && !q.filter.Oldest }},
		{"an order number, any case", listCustomerOrdersReq{OrderID: "cs26112300000042"}, "", func(q orderQuery) bool { return q.filter.OrderID == 42 }},
		{"not an order number", listCustomerOrdersReq{OrderID: "CS2611"}, "", func(q orderQuery) bool { return q.none }},
		{"service type, any case", listCustomerOrdersReq{ServiceTypeCode: "HWS.Service.Type.EBS"}, "",
			func(q orderQuery) bool { return q.filter.ServiceType == "hws.service.type.ebs" }},
		{"status", listCustomerOrdersReq{Status: ptr32(6)}, "", func(q orderQuery) bool { return q.filter.Status == 6 }},
		{"status 7", listCustomerOrdersReq{Status: ptr32(7)}, "CBC.0100", nil},
		{"status 0", listCustomerOrdersReq{Status: ptr32(0)}, "CBC.0100", nil},
		{"order type", listCustomerOrdersReq{OrderType: "2"}, "", func(q orderQuery) bool { return q.filter.Type == 2 }},
		{"order type 5", listCustomerOrdersReq{OrderType: "5"}, "CBC.0100", nil},
		{"order type 01", listCustomerOrdersReq{OrderType: "01"}, "CBC.0100", nil},
		{"oldest first", listCustomerOrdersReq{OrderBy: "createTime"}, "", func(q orderQuery) bool { return q.filter.Oldest }},
		{"newest first", listCustomerOrdersReq{OrderBy: "-CREATETIME"}, "", func(q orderQuery) bool { return !q.filter.Oldest }},
		{"by amount", listCustomerOrdersReq{OrderBy: "amount"}, "CBC.0100", nil},
		{"sub_customer", listCustomerOrdersReq{Method: "sub_customer"}, "", func(q orderQuery) bool { return q.none }},
		{"another method", listCustomerOrdersReq{Method: "all"}, "CBC.0100", nil},
		{"a year", listCustomerOrdersReq{CreateTimeBegin: "2025-11-23T00:00:00Z", CreateTimeEnd: "2026-11-23T00:00:00Z"}, "",
			func(q orderQuery) bool { return !q.filter.Created.From.IsZero() }},
		{"over a year", listCustomerOrdersReq{PaymentTimeBegin: "2024-11-23T00:00:00Z", PaymentTimeEnd: "2026-11-23T00:00:00Z"}, "CBC.0100", nil},
		{"a date", listCustomerOrdersReq{CreateTimeBegin: "2026-11-23"}, "CBC.0100", nil},
		{"limit 101", listCustomerOrdersReq{Limit: ptr32(101)}, "CBC.0100", nil},
		{"a long customer id", listCustomerOrdersReq{CustomerID: strings.Repeat("a", 65)}, "CBC.0100", nil},
	} {
		q, err := orderQueryOf(&tc.req)
		if got := codeOf(err); got != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		if err == nil && !tc.check(q) {
			t.Errorf("%s: %+v", tc.name, q)
		}
	}
}

func ptr32(v int32) *int32 { return &v }

func FuzzPayRequest(f *testing.F) {
	for _, s := range []string{`{"order_id":"CS26112300000001","use_coupon":"NO","use_discount":"NO"}`,
		`{"order_id":"x","use_coupon":"YES","use_discount":"YES","coupon_infos":[{"id":"a","type":301}],"discount_infos":[{"id":"1","type":3}]}`,
		`{"order_id":"x","use_coupon":"YES","use_discount":"NO","coupon_infos":[{"id":"a","type":301},{"id":"b","type":302},{"id":"c","type":300},{"id":"d","type":303}]}`,
		`{"order_id":1}`, `{"coupon_infos":[{"id":"a","type":"301"}]}`, `{"order_id":"x","use_coupon":"NO","use_discount":"NO","coupon_infos":[]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req payOrdersReq
		if err := decode(body, &req); err != nil {
			return
		}
		pr, err := payRequestOf(&req)
		if err != nil {
			if c := codeOf(err); !strings.HasPrefix(c, "CBC.") {
				t.Fatalf("refusal %v has no code", err)
			}
			return
		}
		if pr.orderID == "" || len(pr.coupons) > models.MaxOrderCoupons || len(pr.discounts) > models.MaxOrderDiscounts ||
			(req.UseCoupon == "YES") != (len(pr.coupons) > 0) || (req.UseDiscount == "YES") != (len(pr.discounts) > 0) {
			t.Fatalf("accepted %s as %+v", body, pr)
		}
		for _, c := range pr.coupons {
			if c.ID == "" || c.Type < 300 || c.Type > 303 {
				t.Fatalf("accepted coupon %+v", c)
			}
		}
	})
}

func FuzzOrderQuery(f *testing.F) {
	f.Add("CS26112300000001", "hws.service.type.ebs", "1", "createTime", "oneself", "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", int32(6), int32(10))
	f.Add("", "", "15", "-createTime", "sub_customer", "", "", int32(0), int32(0))
	f.Add("cs000000000000000", "X", "x", "", "", "2026-01-01", "", int32(-1), int32(101))
	f.Fuzz(func(t *testing.T, orderID, service, orderType, orderBy, method, begin, end string, status, limit int32) {
		req := listCustomerOrdersReq{OrderID: orderID, ServiceTypeCode: service, OrderType: orderType, OrderBy: orderBy, Method: method,
			CreateTimeBegin: begin, CreateTimeEnd: end, PaymentTimeBegin: end, Status: &status, Limit: &limit}
		q, err := orderQueryOf(&req)
		if err != nil {
			if c := codeOf(err); c != "CBC.0100" {
				t.Fatalf("refusal %v is not a CBC.0100", err)
			}
			return
		}
		f := q.filter
		if f.Limit < 1 || f.Limit > 100 || f.Status != int8(status) || !containsInt(orderStatuses, status) ||
			f.ServiceType != strings.ToLower(service) || orderID != "" && f.OrderID == 0 && !q.none {
			t.Fatalf("accepted %+v as %+v", req, q)
		}
		if !f.Created.From.IsZero() && !f.Created.To.IsZero() && f.Created.To.Sub(f.Created.From) > maxOrderSpan {
			t.Fatalf("a span over a year: %+v", f.Created)
		}
	})
}
