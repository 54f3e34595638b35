package handlers

import (
	"strings"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

// TestArrearsShown: the partner's customer detail and the customer's portal show the customer's
// arrears and when its grace period ends; without arrears, nothing.
func TestArrearsShown(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := dbValue[uint64](t, app, `SELECT id FROM customers WHERE account_name = 'demo-customer'`)
	detail := "/sales/customers/" + views.ID(id)
	if n := app.client(t).login("provider").get(detail).count(`[data-testid="arrears"]`); n != 0 {
		t.Fatal("arrears shown for a customer without any")
	}
	since := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	due := since.Add(models.DefaultArrearsGrace)
	if err := app.DB.Create(&models.Arrears{CustomerID: id, Amount: 132, Since: &since, DueAt: &due, UpdatedAt: since}).Error; err != nil {
		t.Fatal(err)
	}
	r := app.client(t).login("provider").get(detail)
	if got := r.text(`[data-testid="arrears-amount"]`); got != "¥1.32" {
		t.Errorf("detail: arrears %q", got)
	}
	if got := r.text(`[data-testid="arrears-due"]`); got != views.DateTime(due) {
		t.Errorf("detail: grace period ends %q, want %q", got, views.DateTime(due))
	}
	p := app.client(t).login("customer").get("/customer")
	if got := p.text(`[data-testid="arrears-amount"]`); got != "¥1.32" {
		t.Errorf("portal: arrears %q", got)
	}
	if got := p.text(`[data-testid="arrears-due"]`); got != views.DateTime(due) {
		t.Errorf("portal: grace period ends %q", got)
	}
	if r := app.client(t).login("customer").post("/customer", "/customer/unbind", nil); r.Status < 400 || !strings.Contains(r.Doc.Text(), "¥1.32") {
		t.Errorf("unbinding in arrears: %d, %q", r.Status, r.Doc.Find("main").Text())
	}
	frozen := due
	app.DB.Model(&models.Arrears{}).Where("customer_id = ?", id).Update("frozen_at", frozen)
	if got := app.client(t).login("customer").get("/customer").text(`[data-testid="arrears-frozen"]`); got == "" {
		t.Error("portal: the freeze is not shown")
	}
}
