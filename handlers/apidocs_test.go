package handlers

import (
	"net/http"
	"strings"
	"testing"

	"partnerhub/handlers/api"
)

func TestAPIDocsPage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := app.client(t).login("provider").get("/partner/api")
	if r.Status != http.StatusOK || r.count(`[data-testid="api-operation"]`) != len(api.Operations) {
		t.Fatalf("status %d, %d operations", r.Status, r.count(`[data-testid="api-operation"]`))
	}
	customerOnly := 0
	for _, op := range api.Operations {
		if op.Callers == api.CustomerKeys {
			customerOnly++
		}
	}
	if n := r.count(`[data-testid="customer-key"]`); n != customerOnly || n == 0 {
		t.Errorf("%d operations marked for the customer's key, want %d", n, customerOnly)
	}
	snippet := r.text(`[data-testid="sdk-snippet"]`)
	if !strings.Contains(snippet, app.Srv.URL) || !strings.Contains(snippet, "WithDomainId") {
		t.Errorf("the SDK snippet lacks the endpoint or the domain id:\n%s", snippet)
	}
	if s := app.client(t).login("provider-sales").get("/partner/api").Status; s != http.StatusForbidden {
		t.Errorf("a sales member: %d", s)
	}
	res, err := http.Get(app.Srv.URL + "/openapi.json")
	if err != nil || res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("/openapi.json: %v %v", err, res)
	}
	res.Body.Close()
	// unknown API paths answer in the BSS format, not with an HTML page
	res, err = http.Post(app.Srv.URL+"/v2/partners/no-such-thing", "application/json", strings.NewReader("{}"))
	if err != nil || res.StatusCode != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("unknown API path: %v %v", err, res)
	}
	res.Body.Close()
}
