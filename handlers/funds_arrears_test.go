package handlers

import (
	"net/http"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/views"
)

// An allocation to a customer in arrears pays them first: its confirmation says how much, and the
// balance after it is what will be left, as the allocation then leaves it.
func TestAllocateConfirmationPaysArrears(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	demo := demoCustomerID(t, app)
	since := testNow.Add(-time.Hour)
	due := since.Add(models.DefaultArrearsGrace)
	if err := app.DB.Create(&models.Arrears{CustomerID: demo, Amount: 132, Since: &since, DueAt: &due, UpdatedAt: since}).Error; err != nil {
		t.Fatal(err)
	}
	c := app.client(t).login("provider")
	page := views.Path(views.PathCustomer, demo)
	before, err := models.CustomerBalance(t.Context(), app.DB, demo)
	if err != nil {
		t.Fatal(err)
	}
	r := c.post(page, page+"/allocate/confirm", moneyForm(t, c, page, `[data-testid="allocate-form"]`, "10"))
	if r.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.Status, r.text(`.field-error, [data-testid="form-error"]`))
	}
	after := models.Money{Decimal: before.Add(models.Fen(1000 - 132).Decimal)}
	if got := r.text(`[data-testid="preview-writeoff"]`); got != "¥1.32" {
		t.Errorf("the arrears paid first: %q", got)
	}
	if got, want := r.text(`[data-testid="preview-customer-balance"]`), before.Format()+" → "+after.Format(); got != want {
		t.Errorf("the balance: %q, want %q", got, want)
	}
}
