package delivery

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/internal/testfixture/demo"
	"partnerhub/models"
)

var (
	bg      = context.Background()
	testNow = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
)

const base = "https://console.example.com/"

// TestMain hashes passwords at bcrypt's lowest cost: a check at the default takes a second under
// the race detector.
func TestMain(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	os.Exit(testfixture.Run(m))
}

// demoCopy is a private copy of the demo world, seeded once per run.
func demoCopy(t *testing.T) *gorm.DB {
	t.Helper()
	return demo.Copy(t, "demo.db", testNow)
}

func actor(t *testing.T, db *gorm.DB, username string) models.Actor {
	t.Helper()
	var u models.User
	if err := db.Where("username = ?", username).First(&u).Error; err != nil {
		t.Fatal(err)
	}
	return models.ActorOf(&u, "test")
}

// fakeSender records what it is given and fails while err is set.
type fakeSender struct {
	mu   sync.Mutex
	sent []Message
	err  error
}

func (f *fakeSender) Send(_ context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.sent = append(f.sent, m)
	return nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func deliverer(db *gorm.DB, c *clock, senders map[string]Sender) *Deliverer {
	return &Deliverer{DB: db, Senders: senders, BaseURL: base, Now: c.now}
}

func message(t *testing.T, db *gorm.DB, kind string, id uint64) models.OutboundMessage {
	t.Helper()
	var m models.OutboundMessage
	if err := db.Where("kind = ? AND subject_id = ?", kind, id).Order("id DESC").First(&m).Error; err != nil {
		t.Fatal(err)
	}
	return m
}

func invite(t *testing.T, db *gorm.DB, a models.Actor, by, target string) *models.MemberInvitation {
	t.Helper()
	inv, err := models.InviteMember(bg, db, a, models.MemberInviteInput{By: by, Target: target, Roles: models.Roles(models.RoleSales)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// Due messages go out once, on their channel, with the invitation's link, partner, inviter and
// expiry in both languages.
func TestDeliverSends(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	mail, sms := &fakeSender{}, &fakeSender{}
	c := &clock{testNow}
	d := deliverer(db, c, map[string]Sender{models.ChannelEmail: mail, models.ChannelSMS: sms})
	byMail := invite(t, db, a, models.InviteByEmail, "li.na@example.com")
	bySMS := invite(t, db, a, models.InviteByMobile, "13912340099")
	dist := actor(t, db, "distributor")
	rinv, err := models.InviteReseller(bg, db, dist, "成都新云", "boss@xinyun.example.com", testNow)
	if err != nil {
		t.Fatal(err)
	}
	c.t = testNow.Add(time.Second)
	n, err := d.DeliverDue(bg)
	if err != nil || n != 3 {
		t.Fatalf("delivered %d, %v", n, err)
	}
	if len(mail.sent) != 2 || len(sms.sent) != 1 {
		t.Fatalf("sent %d emails, %d SMS", len(mail.sent), len(sms.sent))
	}
	var p models.Partner
	db.First(&p, a.PartnerID)
	var u models.User
	db.First(&u, a.UserID)
	m := mail.sent[0]
	for _, want := range []string{"https://console.example.com/join/members/" + byMail.Token, p.Name, u.DisplayName,
		"邀请您以成员身份加入", "invites you to join", "2026-11-30 14:00", "UTC+8"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the email lacks %q:\n%s", want, m.Text)
		}
	}
	if m.To != "li.na@example.com" || !strings.Contains(m.Subject, p.Name) {
		t.Errorf("email to %q, subject %q", m.To, m.Subject)
	}
	if s := sms.sent[0]; s.To != "+8613912340099" || !strings.Contains(s.Text, "/join/members/"+bySMS.Token) || !strings.Contains(s.Text, "\n") {
		t.Errorf("SMS %+v", s)
	}
	if r := mail.sent[1]; r.To != "boss@xinyun.example.com" || !strings.Contains(r.Text, "/join/resellers/"+rinv.Token) ||
		!strings.Contains(r.Text, "成都新云") || !strings.Contains(r.Text, "cloud reseller") {
		t.Errorf("reseller email %+v", r)
	}
	got := message(t, db, models.MessageMemberInvitation, byMail.ID)
	if got.Status != models.MessageSent || got.SentAt == nil || !got.SentAt.Equal(c.t) || got.Attempts != 1 {
		t.Errorf("recorded %+v", got)
	}
	if n, err := d.DeliverDue(bg); err != nil || n != 0 || len(mail.sent) != 2 {
		t.Errorf("a second round sent %d more, %v", n, err)
	}
}

// A message is composed from the invitation as it is at delivery: after a resend only the new link
// goes out; a revoked or accepted invitation's message is obsolete and nothing is sent.
func TestDeliverObsolete(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	mail := &fakeSender{}
	c := &clock{testNow}
	d := deliverer(db, c, map[string]Sender{models.ChannelEmail: mail})
	resent := invite(t, db, a, models.InviteByEmail, "resent@example.com")
	first := message(t, db, models.MessageMemberInvitation, resent.ID)
	again, err := models.ResendMemberInvitation(bg, db, a, resent.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	revoked := invite(t, db, a, models.InviteByEmail, "revoked@example.com")
	if err := models.RevokeMemberInvitation(bg, db, a, revoked.ID); err != nil {
		t.Fatal(err)
	}
	accepted := invite(t, db, a, models.InviteByEmail, "accepted@example.com")
	if _, err := models.AcceptMemberInvitation(bg, db, models.Actor{}, accepted.Token,
		models.NewSignIn{Username: "accepted-one", Password: "long-password"}, testNow); err != nil {
		t.Fatal(err)
	}
	n, err := d.DeliverDue(bg)
	if err != nil || n != 1 || len(mail.sent) != 1 {
		t.Fatalf("delivered %d (%d sent), %v", n, len(mail.sent), err)
	}
	if !strings.Contains(mail.sent[0].Text, again.Token) || strings.Contains(mail.sent[0].Text, resent.Token) {
		t.Error("the resent invitation's message does not carry the new link only")
	}
	var old models.OutboundMessage
	db.First(&old, first.ID)
	for what, m := range map[string]models.OutboundMessage{"before the resend": old,
		"revoked": message(t, db, models.MessageMemberInvitation, revoked.ID), "accepted": message(t, db, models.MessageMemberInvitation, accepted.ID)} {
		if m.Status != models.MessageObsolete || m.SentAt != nil {
			t.Errorf("%s: %s", what, m.Status)
		}
	}
}

// A failure is retried after 1, 5, 30 minutes and 2 hours, not before; the fifth gives up.
func TestDeliverRetriesThenFails(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	sms := &fakeSender{err: errors.New("gateway: HTTP 503")}
	c := &clock{testNow}
	d := deliverer(db, c, map[string]Sender{models.ChannelSMS: sms})
	inv := invite(t, db, a, models.InviteByMobile, "13912340099")
	for i, wait := range []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour} {
		if n, err := d.DeliverDue(bg); err != nil || n != 0 {
			t.Fatalf("attempt %d: %d, %v", i+1, n, err)
		}
		m := message(t, db, models.MessageMemberInvitation, inv.ID)
		if m.Status != models.MessagePending || m.Attempts != i+1 || !m.NextAttemptAt.Equal(c.t.Add(wait)) || m.LastError != "gateway: HTTP 503" {
			t.Fatalf("after attempt %d: %+v", i+1, m)
		}
		c.t = c.t.Add(wait - time.Second)
		d.DeliverDue(bg)
		if m := message(t, db, models.MessageMemberInvitation, inv.ID); m.Attempts != i+1 {
			t.Fatalf("attempt %d retried early", i+1)
		}
		c.t = c.t.Add(time.Second)
	}
	d.DeliverDue(bg)
	if m := message(t, db, models.MessageMemberInvitation, inv.ID); m.Status != models.MessageFailed || m.Attempts != models.MaxDeliveryAttempts {
		t.Errorf("after the last attempt: %+v", m)
	}
	sms.err = nil
	c.t = c.t.Add(24 * time.Hour)
	if n, _ := d.DeliverDue(bg); n != 0 || len(sms.sent) != 0 {
		t.Error("a failed message was tried again")
	}
}

// A channel without a sender keeps its messages pending, untouched; the others go out.
func TestDeliverNotConfigured(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	mail := &fakeSender{}
	c := &clock{testNow}
	d := deliverer(db, c, map[string]Sender{models.ChannelEmail: mail, models.ChannelSMS: nil})
	if ch := d.Channels(); len(ch) != 1 || ch[0] != models.ChannelEmail {
		t.Errorf("channels %v", ch)
	}
	bySMS := invite(t, db, a, models.InviteByMobile, "13912340099")
	invite(t, db, a, models.InviteByEmail, "li.na@example.com")
	if n, err := d.DeliverDue(bg); err != nil || n != 1 {
		t.Fatalf("delivered %d, %v", n, err)
	}
	if m := message(t, db, models.MessageMemberInvitation, bySMS.ID); m.Status != models.MessagePending || m.Attempts != 0 || !m.NextAttemptAt.Equal(testNow) {
		t.Errorf("the SMS without a gateway: %+v", m)
	}
	none := deliverer(db, c, nil)
	if n, err := none.DeliverDue(bg); err != nil || n != 0 {
		t.Errorf("no senders: %d, %v", n, err)
	}
}

// Run delivers at once, then on its ticker, and returns when its context ends.
func TestRunStops(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	invite(t, db, actor(t, db, "provider"), models.InviteByEmail, "li.na@example.com")
	mail := &fakeSender{}
	d := deliverer(db, &clock{testNow}, map[string]Sender{models.ChannelEmail: mail})
	ctx, cancel := context.WithCancel(bg)
	done := make(chan struct{})
	go func() { d.Run(ctx, 10*time.Millisecond); close(done) }()
	for i := 0; i < 200; i++ {
		mail.mu.Lock()
		n := len(mail.sent)
		mail.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if len(mail.sent) != 1 {
		t.Errorf("sent %d", len(mail.sent))
	}
}
