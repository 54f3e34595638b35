package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestOpenAPIMatchesRoutes checks that every operation of /openapi.json is served, with its
// method, and that every API route is documented.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := echo.New()
	Register(e, Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Rate: 1})
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/openapi.json: %d", rec.Code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	routes := map[string]bool{}
	for _, r := range e.Routes() {
		routes[strings.ToLower(r.Method)+" "+r.Path] = true
	}
	documented := 0
	for path, methods := range doc.Paths {
		for m := range methods {
			documented++
			if !routes[m+" "+path] {
				t.Errorf("documented but not served: %s %s", m, path)
			}
		}
	}
	for r := range routes {
		if strings.Contains(r, " /v2/") || strings.Contains(r, " /v3/") {
			m, p, _ := strings.Cut(r, " ")
			if doc.Paths[p][m] == nil {
				t.Errorf("served but not documented: %s", r)
			}
		}
	}
	if documented != len(Operations) {
		t.Errorf("%d documented operations, %d in the table", documented, len(Operations))
	}
}

// TestOpenAPITypes spot-checks that the document gives the JSON types the SDK decodes strictly.
func TestOpenAPITypes(t *testing.T) {
	b, _ := json.Marshal(OpenAPI())
	var doc map[string]any
	json.Unmarshal(b, &doc)
	resp := dig(doc, "paths", "/v2/partners/sub-customers/query", "post", "responses", "200", "content", "application/json", "schema", "properties")
	if dig(resp, "count", "type") != "integer" {
		t.Errorf("count: %v", dig(resp, "count"))
	}
	info := dig(resp, "customer_infos", "items", "properties")
	for field, typ := range map[string]string{"verified_status": "string", "association_type": "string", "customer_type": "integer", "is_frozen": "integer"} {
		if got := dig(info, field, "type"); got != typ {
			t.Errorf("%s: %v, want %s", field, got, typ)
		}
	}
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestOpenAPIFunds: GET operations document their query parameters instead of a body, money calls
// their idempotency header, and each amount has the JSON type the SDK expects.
func TestOpenAPIFunds(t *testing.T) {
	b, _ := json.Marshal(OpenAPI())
	var doc map[string]any
	json.Unmarshal(b, &doc)
	for _, op := range Operations {
		d := dig(doc, "paths", op.Path, strings.ToLower(op.Method)).(map[string]any)
		if _, body := d["requestBody"]; body == (op.Method == "GET" || op.Method == "DELETE") {
			t.Errorf("%s: requestBody %v on a %s", op.Name, body, op.Method)
		}
	}
	params := func(path string) map[string]map[string]any {
		out := map[string]map[string]any{}
		list, _ := dig(doc, "paths", path, "get", "parameters").([]any)
		for _, p := range list {
			m := p.(map[string]any)
			out[m["name"].(string)] = m
		}
		return out
	}
	adj := params("/v3/accounts/partner-accounts/adjust-records")
	for _, name := range []string{"customer_id", "operation_type", "operation_time_begin", "operation_time_end", "trans_id", "offset", "limit", "indirect_partner_id"} {
		if adj[name]["in"] != "query" || adj[name]["required"] != false {
			t.Errorf("adjust-records parameter %s: %v", name, adj[name])
		}
	}
	if dig(adj["limit"], "schema", "type") != "integer" {
		t.Errorf("limit: %v", adj["limit"])
	}
	if chg := params("/v2/accounts/partner-accounts/account-change-records"); chg["balance_type"]["required"] != true {
		t.Errorf("balance_type: %v", chg["balance_type"])
	}
	post := dig(doc, "paths", "/v2/accounts/partner-accounts/adjust-amount", "post").(map[string]any)
	if dig(post, "requestBody", "content", "application/json", "schema", "properties", "amount", "type") != "string" ||
		dig(post, "parameters").([]any)[0].(map[string]any)["name"] != "X-Idempotency-Key" {
		t.Errorf("adjust-amount: %v", post)
	}
	for path, want := range map[string]map[string]string{
		"/v2/accounts/partner-accounts/balances":               {"account_balances.amount": "number", "account_balances.account_type": "integer"},
		"/v3/accounts/partner-accounts/adjust-records":         {"records.amount": "string", "records.measure_id": "integer", "total_count": "integer"},
		"/v2/accounts/partner-accounts/account-change-records": {"records.change_amount": "string", "records.type": "string"},
	} {
		resp := dig(doc, "paths", path, "get", "responses", "200", "content", "application/json", "schema", "properties")
		for field, typ := range want {
			list, item, _ := strings.Cut(field, ".")
			got := dig(resp, list, "type")
			if item != "" {
				got = dig(resp, list, "items", "properties", item, "type")
			}
			if got != typ {
				t.Errorf("%s %s: %v, want %s", path, field, got, typ)
			}
		}
	}
	cb := dig(doc, "paths", "/v2/accounts/customer-accounts/balances/batch-query", "post", "responses", "200", "content",
		"application/json", "schema", "properties", "customer_balances", "items", "properties")
	if dig(cb, "amount", "type") != "number" || dig(cb, "debt_amount", "type") != "number" {
		t.Errorf("customer balances: %v", cb)
	}
}

// TestOpenAPICoupons: the coupon operations document the JSON types the SDK decodes strictly, a
// repeated query key as an array, embedded fields, and the 204 of ReclaimPartnerCoupons.
func TestOpenAPICoupons(t *testing.T) {
	b, _ := json.Marshal(OpenAPI())
	var doc map[string]any
	json.Unmarshal(b, &doc)
	resp := func(path, method string) any {
		return dig(doc, "paths", path, method, "responses", "200", "content", "application/json", "schema", "properties")
	}
	quota := dig(resp("/v2/partners/coupon-quotas/query", "post"), "quotas", "items", "properties")
	for field, typ := range map[string]string{"quota_value": "number", "balance": "number", "quota_status": "integer",
		"quota_type": "integer", "limit_infos": "array", "effective_time": "string"} {
		if got := dig(quota, field, "type"); got != typ {
			t.Errorf("quota %s: %v, want %s", field, got, typ)
		}
	}
	issued := dig(resp("/v2/partners/issued-coupon-quotas", "get"), "quotas", "items", "properties")
	for _, field := range []string{"quota_id", "balance", "parent_quota_id", "indirect_partner_id"} {
		if dig(issued, field) == nil {
			t.Errorf("issued quota lacks %s", field)
		}
	}
	coupon := dig(resp("/v2/promotions/benefits/coupons", "get"), "user_coupons", "items", "properties")
	if dig(coupon, "face_value", "format") != "double" || dig(coupon, "status", "type") != "integer" {
		t.Errorf("customer coupon %v", coupon)
	}
	if dig(resp("/v2/promotions/benefits/coupons", "get"), "count", "type") != "integer" {
		t.Error("ListSubCustomerCoupons answers count")
	}
	rec := dig(resp("/v2/promotions/benefits/partner-coupons/records/query", "get"), "records", "items", "properties")
	if dig(rec, "operation_type", "type") != "string" || dig(rec, "operation_amount", "type") != "number" || dig(rec, "result", "type") != "string" {
		t.Errorf("coupon record %v", rec)
	}
	var opTypes map[string]any
	list, _ := dig(doc, "paths", "/v2/promotions/benefits/partner-coupons/records/query", "get", "parameters").([]any)
	for _, p := range list {
		if m := p.(map[string]any); m["name"] == "operation_types" {
			opTypes = m
		}
	}
	if dig(opTypes, "schema", "type") != "array" || dig(opTypes, "schema", "items", "type") != "string" {
		t.Errorf("operation_types %v", opTypes)
	}
	issue := dig(doc, "paths", "/v2/promotions/benefits/partner-coupons", "post").(map[string]any)
	if dig(issue, "requestBody", "content", "application/json", "schema", "properties", "face_value", "type") != "string" ||
		dig(issue, "parameters").([]any)[0].(map[string]any)["name"] != "X-Idempotency-Key" {
		t.Errorf("CreatePartnerCoupons %v", issue)
	}
	reclaim := dig(doc, "paths", "/v2/promotions/benefits/partner-coupons/reclaim", "post", "responses").(map[string]any)
	if reclaim["204"] == nil || reclaim["200"] != nil {
		t.Errorf("ReclaimPartnerCoupons responses %v", reclaim)
	}
}

// TestOpenAPIOrders: the order operations say whose keys call them, and give the JSON types the
// SDK decodes strictly (order amounts are numbers, order_type an integer in the answer).
func TestOpenAPIOrders(t *testing.T) {
	b, _ := json.Marshal(OpenAPI())
	var doc map[string]any
	json.Unmarshal(b, &doc)
	for path, want := range map[string]string{"/v3/orders/customer-orders/pay": "customer", "/v2/orders/customer-orders": "partner, customer",
		"/v2/partners/sub-customers/query": "partner"} {
		for _, m := range []string{"get", "post"} {
			if op, ok := dig(doc, "paths", path, m).(map[string]any); ok && op["x-callers"] != want {
				t.Errorf("%s: x-callers %v, want %s", path, op["x-callers"], want)
			}
		}
	}
	orders := dig(doc, "paths", "/v2/orders/customer-orders", "get", "responses", "200", "content", "application/json", "schema",
		"properties", "order_infos", "items", "properties")
	if dig(orders, "official_amount", "type") != "number" || dig(orders, "order_type", "type") != "integer" ||
		dig(orders, "amount_info", "properties", "discounts", "items", "properties", "discount_type", "type") != "string" {
		t.Errorf("order: %v", orders)
	}
	if _, ok := dig(doc, "paths", "/v3/orders/customer-orders/pay", "post", "responses", "204").(map[string]any); !ok {
		t.Error("PayOrders does not answer 204")
	}
}
