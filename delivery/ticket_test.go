package delivery

import (
	"strings"
	"testing"

	"partnerhub/models"
)

func TestComposeTicket(t *testing.T) {
	im := &models.InvitationMessage{Message: models.OutboundMessage{Channel: models.ChannelEmail, Recipient: "ops@example.com"},
		Ticket: &models.TicketNotice{TicketID: 7, Number: "TK2026120200000007", Title: "ECS down", Action: "resolve",
			Status: models.TicketResolved, ForPortal: true, LastAnswer: "Restarted."}}
	m := Compose(im, "https://hub.example.com/")
	for _, want := range []string{"https://hub.example.com/customer/tickets/7", "TK2026120200000007", "待确认", "Pending confirmation", "Restarted."} {
		if !strings.Contains(m.Text+m.Subject, want) {
			t.Errorf("message lacks %q:\n%s\n%s", want, m.Subject, m.Text)
		}
	}
	if m.To != "ops@example.com" {
		t.Errorf("to %q", m.To)
	}
}
