package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"partnerhub/models"
)

// The review settings: a threshold in yuan and reviewed service types; refusals on their fields.
func TestOpsOrderSettings(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	r := op.get("/ops/orders?lang=en-US")
	if r.Status != http.StatusOK || r.Doc.Find(`[data-testid="threshold"]`).AttrOr("value", "") != "20000.00" {
		t.Fatalf("desk: %d, threshold %q", r.Status, r.Doc.Find(`[data-testid="threshold"]`).AttrOr("value", ""))
	}
	if r.count(`.side a.active[href="/ops/orders"]`) != 1 {
		t.Error("the desk is not in the operator's menu")
	}
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"not an amount", url.Values{"review_threshold": {"lots"}}, "review_threshold"},
		{"negative", url.Values{"review_threshold": {"-5"}}, "review_threshold"},
		{"three decimals", url.Values{"review_threshold": {"1.005"}}, "review_threshold"},
		{"unknown service type", url.Values{"review_threshold": {"100"}, "review_service_types": {"hws.service.type.nope"}}, "review_service_types"},
	} {
		r := op.post("/ops/orders", "/ops/orders/settings", tc.form)
		if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-`+tc.field+`"]`) == "" {
			t.Errorf("%s: %d", tc.name, r.Status)
		}
		if v := r.Doc.Find(`[data-testid="threshold"]`).AttrOr("value", ""); v != tc.form.Get("review_threshold") {
			t.Errorf("%s: threshold shown as %q", tc.name, v)
		}
	}
	r = op.post("/ops/orders", "/ops/orders/settings", url.Values{"review_threshold": {"1,000.50"}, "review_service_types": {"hws.service.type.ebs"}})
	if r.Status != http.StatusSeeOther || r.Location != "/ops/orders" {
		t.Fatalf("save: %d %s", r.Status, r.Location)
	}
	s, err := models.GetOrderSettings(t.Context(), app.DB)
	if err != nil || s.ReviewThreshold != 100050 || s.ReviewServiceTypes != "hws.service.type.ebs" {
		t.Errorf("settings %+v %v", s, err)
	}
	r = op.get("/ops/orders")
	if r.Doc.Find(`[data-testid="threshold"]`).AttrOr("value", "") != "1000.50" || r.count(`input[value="hws.service.type.ebs"][checked]`) != 1 {
		t.Error("the saved settings are not shown")
	}
}

// An order above the review threshold waits for the operator, who approves (→ pending payment)
// or rejects (→ cancelled) each through a confirmation.
func TestOpsOrderReview(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	if r := op.post("/ops/orders", "/ops/orders/settings", url.Values{"review_threshold": {"50"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("threshold: %d", r.Status)
	}
	id := demoCustomer(t, app)
	sales := app.client(t).login("provider-sales")
	var placed []uint64
	for range 2 {
		_, r := confirmAndPlace(t, sales, id, url.Values{"lang": {"en-US"}})
		n, _ := strconv.ParseUint(strings.TrimPrefix(r.Location, "/orders/"), 10, 64)
		if r.Status != http.StatusSeeOther || n == 0 {
			t.Fatalf("placed: %d %s", r.Status, r.Location)
		}
		placed = append(placed, n)
	}
	status := func(id uint64) int8 { return dbValue[int8](t, app, `SELECT status FROM orders WHERE id = ?`, id) }
	if status(placed[0]) != models.OrderPendingReview {
		t.Fatalf("above the threshold: status %d", status(placed[0]))
	}
	var o models.Order
	app.DB.First(&o, placed[0])
	desk := op.get("/ops/orders?lang=en-US")
	if !strings.Contains(desk.text(`[data-testid="review-orders"]`), o.OrderID()) || !strings.Contains(desk.text(`[data-testid="review-orders"]`), "demo-customer") {
		t.Fatal("the order is not on the desk")
	}
	base := "/ops/orders/" + strconv.FormatUint(o.ID, 10)
	conf := op.post("/ops/orders", base+"/approve/confirm", nil)
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-order"]`) != o.OrderID() || conf.text(`[data-testid="confirm-amount"]`) != "¥75.00" {
		t.Fatalf("confirm: %d %q", conf.Status, conf.text(`[data-testid="confirm-order"]`))
	}
	if status(o.ID) != models.OrderPendingReview {
		t.Fatal("the confirmation decided")
	}
	r := op.post("/ops/orders", base+"/approve", nil)
	if r.Status != http.StatusSeeOther || status(o.ID) != models.OrderPendingPayment {
		t.Fatalf("approve: %d, status %d", r.Status, status(o.ID))
	}
	if f := op.get("/ops/orders?lang=en-US").text(`[data-testid="flash"]`); !strings.Contains(f, "approved") {
		t.Errorf("flash %q", f)
	}
	// decided: neither a second decision nor its confirmation
	if r := op.post("/ops/orders", base+"/reject", nil); r.Status != http.StatusSeeOther || status(o.ID) != models.OrderPendingPayment {
		t.Errorf("rejecting an approved order: %d, status %d", r.Status, status(o.ID))
	}
	if r := op.post("/ops/orders", base+"/reject/confirm", nil); r.Status != http.StatusSeeOther {
		t.Errorf("confirming a decided order: %d", r.Status)
	}
	other := "/ops/orders/" + strconv.FormatUint(placed[1], 10)
	if r := op.post("/ops/orders", other+"/reject/confirm", nil); r.Status != http.StatusOK || r.count(`[data-testid="confirm-step"]`) != 1 {
		t.Errorf("reject confirm: %d", r.Status)
	}
	if r := op.post("/ops/orders", other+"/reject", nil); r.Status != http.StatusSeeOther || status(placed[1]) != models.OrderCancelled {
		t.Errorf("reject: %d, status %d", r.Status, status(placed[1]))
	}
	if r := op.post("/ops/orders", "/ops/orders/999999/approve/confirm", nil); r.Status != http.StatusNotFound {
		t.Errorf("no such order: %d", r.Status)
	}
}
