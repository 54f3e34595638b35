package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerhub/delivery"
	"partnerhub/models"
)

type recordingSender struct{ sent []delivery.Message }

func (r *recordingSender) Send(_ context.Context, m delivery.Message) error {
	r.sent = append(r.sent, m)
	return nil
}

func deliveryState(r *response, row string) (string, string) {
	cell := r.Doc.Find(row + ` [data-testid="delivery-state"]`).First()
	state, _ := cell.Attr("data-state")
	return state, strings.Join(strings.Fields(cell.Text()), " ")
}

// Without senders the invitation rows say delivery is not configured (or that nothing is sent, by
// account name or without an email): the admin copies the link.
func TestDeliveryNotConfigured(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	for _, tc := range []struct {
		by, target, state, text string
	}{
		{"mobile", "13912340099", "not_configured", "未配置短信发送"},
		{"email", "li.na@example.com", "not_configured", "未配置邮件发送"},
		{"account", "former-member", "none", "不发送"},
	} {
		r := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {tc.by}, "target": {tc.target}, "roles": {"sales"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d", tc.by, r.Status)
		}
		list := admin.get(r.Location)
		if state, text := deliveryState(list, "tr.highlight"); state != tc.state || !strings.Contains(text, tc.text) {
			t.Errorf("by %s: %s %q", tc.by, state, text)
		}
		if list.count(`tr.highlight [data-testid="member-invite-link"]`) != 1 {
			t.Errorf("by %s: no link to copy", tc.by)
		}
	}
	en := admin.get(membersPath + "?lang=en-US")
	if n := en.count(`[data-testid="delivery-state"][data-state="not_configured"]`); n != 2 ||
		!strings.Contains(en.text(`[data-state="not_configured"]`), "delivery not configured") {
		t.Errorf("in English: %d rows not configured, %q", n, en.text(`[data-state="not_configured"]`))
	}
	d := app.client(t).login("distributor")
	r := d.post(resellersPath, "/partner/resellers/invitations", url.Values{"company": {"成都新云"}, "email": {"boss@xinyun.example.com"}})
	if state, _ := deliveryState(d.get(r.Location), "tr.highlight"); state != "not_configured" {
		t.Errorf("reseller invitation with an email: %s", state)
	}
	r = d.post(resellersPath, "/partner/resellers/invitations", url.Values{"company": {"成都新云"}})
	if state, text := deliveryState(d.get(r.Location), "tr.highlight"); state != "none" || !strings.Contains(text, "未填邮箱") {
		t.Errorf("reseller invitation without an email: %s %q", state, text)
	}
}

// With senders configured the rows follow the message: queued, sent with its time, failed with
// the error; a resend queues a new one.
func TestDeliveryStates(t *testing.T) {
	t.Parallel()
	app := newTestAppWith(t, func(d *Deps) { d.Delivery = []string{models.ChannelEmail, models.ChannelSMS} })
	admin := app.client(t).login("provider")
	r := admin.post(membersPath, "/partner/members/invitations", url.Values{"by": {"email"}, "target": {"li.na@example.com"}, "roles": {"sales"}})
	if state, text := deliveryState(admin.get(r.Location), "tr.highlight"); state != models.MessagePending || !strings.Contains(text, "待发送") {
		t.Errorf("queued: %s %q", state, text)
	}
	mail := &recordingSender{}
	dl := &delivery.Deliverer{DB: app.DB, Senders: map[string]delivery.Sender{models.ChannelEmail: mail}, BaseURL: app.Srv.URL, Now: app.now}
	if n, err := dl.DeliverDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("delivered %d, %v", n, err)
	}
	list := admin.get(r.Location)
	if state, text := deliveryState(list, "tr.highlight"); state != models.MessageSent || !strings.Contains(text, "已发送") || !strings.Contains(text, "2026-11-23 14:00") {
		t.Errorf("sent: %s %q", state, text)
	}
	if link := list.text(`tr.highlight [data-testid="member-invite-link"]`); !strings.Contains(mail.sent[0].Text, link) {
		t.Errorf("the email does not carry the console's link %q", link)
	}
	id := strings.TrimPrefix(r.Location, membersPath+"?created=")
	if err := app.DB.Exec("UPDATE outbound_messages SET status = ?, last_error = ?, last_attempt_at = next_attempt_at WHERE kind = ? AND subject_id = ?",
		models.MessageFailed, "smtp: 550 no such mailbox", models.MessageMemberInvitation, id).Error; err != nil {
		t.Fatal(err)
	}
	list = admin.get(r.Location)
	if state, text := deliveryState(list, "tr.highlight"); state != models.MessageFailed || !strings.Contains(text, "发送失败") || list.text(`tr.highlight [data-testid="delivery-error"]`) != "smtp: 550 no such mailbox" {
		t.Errorf("failed: %s %q", state, text)
	}
	r = admin.post(membersPath, "/partner/members/invitations/"+id+"/resend", url.Values{})
	if state, _ := deliveryState(admin.get(r.Location), "tr.highlight"); state != models.MessagePending {
		t.Errorf("after the resend: %s", state)
	}
}
