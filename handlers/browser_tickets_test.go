//go:build slow

package handlers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

// A work order's life in Chromium, on a desk (1440 px) and on a phone (390 px): the customer opens
// a ticket with a screenshot attached, its partner sees it, the operator accepts and resolves it,
// the customer confirms and rates it.
func TestBrowserTickets(t *testing.T) {
	for i, sc := range sessionScreens {
		t.Run(sc.name, func(t *testing.T) {
			lang := []string{views.ZH, views.EN}[i%2]
			browserTickets(t, sc, lang)
		})
	}
}

func browserTickets(t *testing.T, sc screen, lang string) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	shot := func(b *browserTab, n int, what string) {
		b.t.Helper()
		b.shot(fmt.Sprintf("60-tickets-%s-%02d-%s", sc.name, n, what))
	}
	file := filepath.Join(t.TempDir(), "screen.png")
	if err := os.WriteFile(file, []byte(testPNG), 0o600); err != nil {
		t.Fatal(err)
	}

	cust := sessionsTab(rig, app, sc, "", lang)
	cust.signIn("customer")
	cust.open("/customer/tickets/new")
	cust.visible(`[data-testid="ticket-form"]`)
	cust.typeIn("#f-title", "ECS 无法启动 <b>urgent</b>")
	cust.typeIn("#f-description", "Since 10:00 the instance stays in starting.")
	cust.typeIn("#f-email", "ops@example.com")
	cust.do("attach", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
	shot(cust, 1, "new")
	if st := cust.click(`[data-testid="submit"]`); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	path := cust.url().Path
	if !strings.HasPrefix(path, "/customer/tickets/") || cust.count(`[data-testid="attachment"]`) != 1 {
		t.Fatalf("after submit at %s", path)
	}
	id := strings.TrimPrefix(path, "/customer/tickets/")
	shot(cust, 2, "submitted")

	prov := sessionsTab(rig, app, sc, "", lang)
	prov.signIn("provider")
	prov.open("/support/tickets")
	if prov.count(`[data-testid="ticket-row"][data-id="`+id+`"]`) != 1 {
		t.Fatal("the partner does not see its customer's ticket")
	}
	shot(prov, 3, "partner-list")

	op := sessionsTab(rig, app, sc, "", lang)
	op.signIn("operator")
	op.open("/ops/tickets?status=pending")
	shot(op, 4, "desk")
	op.open("/ops/tickets/" + id)
	op.click(`[data-testid="action-accept"]`)
	// an empty textarea has nothing to clear: keys straight in
	op.do("reply", chromedp.Focus(chromedp.CSS("#f-content")), chromedp.KeyEvent("Restarted the host; please check."))
	op.click(`[data-testid="resolve"]`)
	shot(op, 5, "resolved")

	cust.open(path)
	cust.click(`[data-testid="action-confirm"]`)
	cust.visible(`[data-testid="rate-form"]`)
	cust.do("comment", chromedp.Focus(chromedp.CSS("#f-comment")), chromedp.KeyEvent("快，谢谢"))
	cust.click(`[data-testid="rate"]`)
	cust.visible(`[data-testid="rating"]`)
	shot(cust, 6, "rated")
	if got := dbString(t, app, "SELECT status FROM tickets WHERE id = ?", id); got != models.TicketClosed {
		t.Errorf("status %s", got)
	}
}
