package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"partnerhub/models"
)

// The authorization to order on the customer's behalf: asked on the customer detail page, answered
// in the portal. The demo customer granted the provider one in the seed.
func TestAuthorizationPages(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var c models.Customer
	app.DB.Where("account_name = ?", "demo-customer").First(&c)
	page := fmt.Sprintf("/sales/customers/%d", c.ID)
	sales := app.client(t).login("provider-sales")
	if r := sales.get(page); r.count(`[data-testid="order-authorization"] [data-testid="authorization"]`) != 1 || r.count(`[data-testid="auth-request"]`) != 1 {
		t.Fatal("the detail page shows no authorization or no request form")
	}
	if r := sales.post(page, page+"/authorizations", nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("asking again while granted: %d", r.Status)
	}
	if r := sales.post(page, page+"/authorizations", url.Values{"end_date": {"2026-13-01"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a bad end date: %d", r.Status)
	}
	if r := app.client(t).login("provider-finance").get(page); r.count(`[data-testid="order-authorization"]`) != 0 {
		t.Error("a finance member sees the authorizations")
	}
	cust := app.client(t).login("customer")
	var z models.OrderAuthorization
	app.DB.Where("customer_id = ? AND status = ?", c.ID, models.AuthGranted).First(&z)
	if r := cust.get("/customer"); r.count(`[data-testid="auth-revoke"]`) != 1 {
		t.Fatal("the portal offers no revoke")
	}
	if r := cust.post("/customer", fmt.Sprintf("/customer/authorizations/%d/revoke", z.ID), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	if r := cust.post("/customer", fmt.Sprintf("/customer/authorizations/%d/grant", z.ID), nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("granting a revoked authorization: %d", r.Status)
	}
	if r := sales.post(page, page+"/authorizations", url.Values{"end_date": {"2027-06-30"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("request: %d", r.Status)
	}
	var req models.OrderAuthorization
	app.DB.Where("customer_id = ? AND status = ?", c.ID, models.AuthPending).First(&req)
	if req.EndAt == nil {
		t.Fatal("the end date was not kept")
	}
	if r := app.client(t).login("prospect").post("/customer", fmt.Sprintf("/customer/authorizations/%d/grant", req.ID), nil); r.Status != http.StatusNotFound {
		t.Errorf("another customer granting: %d", r.Status)
	}
	if r := cust.get("/customer"); r.count(`[data-testid="auth-grant"]`) != 1 {
		t.Fatal("the portal offers no grant")
	}
	if r := cust.post("/customer", fmt.Sprintf("/customer/authorizations/%d/grant", req.ID), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("grant: %d", r.Status)
	}
	if _, err := models.LiveAuthorization(t.Context(), app.DB, models.ActorOf(mustUser(t, app, "provider-sales"), "t"), c.ID, testNow); err != nil {
		t.Errorf("after granting: %v", err)
	}
}
