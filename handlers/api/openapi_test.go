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
