package models

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

func messagesOf(t testing.TB, db *gorm.DB, kind string, id uint64) []OutboundMessage {
	t.Helper()
	var out []OutboundMessage
	if err := db.Where("kind = ? AND subject_id = ?", kind, id).Order("id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

// Each invitation queues its message in its own transaction: by mobile an SMS, by email an email,
// by account name nothing; a reseller invitation an email when it names one.
func TestInvitationsQueueMessages(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	for _, tc := range []struct {
		by, target, channel, recipient string
	}{
		{InviteByMobile, "139 1234 0099", ChannelSMS, "+8613912340099"},
		{InviteByEmail, "Li.Na@Example.com", ChannelEmail, "li.na@example.com"},
		{InviteByAccount, "former-member", "", ""},
	} {
		inv, err := InviteMember(bg, db, a, MemberInviteInput{By: tc.by, Target: tc.target, Roles: Roles(RoleSales)}, testNow)
		if err != nil {
			t.Fatalf("%s: %v", tc.by, err)
		}
		got := messagesOf(t, db, MessageMemberInvitation, inv.ID)
		if tc.channel == "" {
			if len(got) != 0 {
				t.Errorf("by account name: %d messages queued", len(got))
			}
			continue
		}
		if len(got) != 1 {
			t.Fatalf("%s: %d messages", tc.by, len(got))
		}
		m := got[0]
		if m.Channel != tc.channel || m.Recipient != tc.recipient || m.PartnerID != a.PartnerID || m.Status != MessagePending ||
			!m.NextAttemptAt.Equal(testNow) || m.Attempts != 0 {
			t.Errorf("%s: message %+v", tc.by, m)
		}
		if m.TokenHash == inv.Token || m.TokenHash != tokenHash(inv.Token) {
			t.Errorf("%s: the message keeps %q, not the token's hash", tc.by, m.TokenHash)
		}
	}
	d := actor(t, db, "distributor")
	with, err := InviteReseller(bg, db, d, "成都新云", "boss@xinyun.example.com", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := messagesOf(t, db, MessageResellerInvitation, with.ID); len(got) != 1 || got[0].Channel != ChannelEmail ||
		got[0].Recipient != "boss@xinyun.example.com" || got[0].PartnerID != d.PartnerID {
		t.Errorf("reseller invitation with an email: %+v", got)
	}
	without, err := InviteReseller(bg, db, d, "成都新云", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := messagesOf(t, db, MessageResellerInvitation, without.ID); len(got) != 0 {
		t.Errorf("reseller invitation without an email: %+v", got)
	}
}

// A refused invitation queues nothing: the 101st of the day is refused after its invitation row
// was written, and the rollback takes the message with it.
func TestRefusedInvitationQueuesNothing(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	for i := 0; i < MaxMemberInvitesPerDay; i++ {
		if err := db.Create(&MemberInvitationSend{PartnerID: a.PartnerID, InvitationID: 1, At: testNow}).Error; err != nil {
			t.Fatal(err)
		}
	}
	before := count(t, db, "SELECT COUNT(*) FROM outbound_messages")
	_, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByEmail, Target: "late@example.com", Roles: Roles(RoleSales)}, testNow)
	wantErr(t, "the 101st invitation", err, ErrDailyInviteLimit)
	if n := count(t, db, "SELECT COUNT(*) FROM outbound_messages"); n != before {
		t.Errorf("a refused invitation queued %d messages", n-before)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM member_invitations WHERE target = ?", "late@example.com"); n != 0 {
		t.Errorf("a refused invitation was kept")
	}
}

// A resend makes the earlier message obsolete and queues one for the new link; a revoke withdraws
// the one waiting.
func TestResendObsoletesMessage(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	inv, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByMobile, Target: "13912340099", Roles: Roles(RoleSales)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	resent, err := ResendMemberInvitation(bg, db, a, inv.ID, testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	got := messagesOf(t, db, MessageMemberInvitation, inv.ID)
	if len(got) != 2 || got[0].Status != MessageObsolete || got[1].Status != MessagePending || got[1].TokenHash != tokenHash(resent.Token) {
		t.Fatalf("after the resend: %+v", got)
	}
	if err := RevokeMemberInvitation(bg, db, a, inv.ID); err != nil {
		t.Fatal(err)
	}
	if got := messagesOf(t, db, MessageMemberInvitation, inv.ID); got[1].Status != MessageObsolete {
		t.Errorf("after the revoke: %s", got[1].Status)
	}
	d := actor(t, db, "distributor")
	rinv, err := InviteReseller(bg, db, d, "", "boss@xinyun.example.com", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ResendResellerInvitation(bg, db, d, rinv.ID, testNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := messagesOf(t, db, MessageResellerInvitation, rinv.ID); len(got) != 2 || got[0].Status != MessageObsolete || got[1].Status != MessagePending {
		t.Errorf("reseller resend: %+v", got)
	}
	latest, err := InvitationDeliveries(bg, db, d, MessageResellerInvitation, []uint64{rinv.ID})
	if err != nil || latest[rinv.ID].Status != MessagePending {
		t.Errorf("latest delivery %+v, %v", latest, err)
	}
	if other, _ := InvitationDeliveries(bg, db, a, MessageResellerInvitation, []uint64{rinv.ID}); len(other) != 0 {
		t.Errorf("another partner sees the distributor's deliveries: %+v", other)
	}
}

// Of deliverers claiming the same message at once, one gets it; the lease keeps it from the others
// until it expires.
func TestClaimIsExclusive(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	inv, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByEmail, Target: "li.na@example.com", Roles: Roles(RoleSales)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	id := messagesOf(t, db, MessageMemberInvitation, inv.ID)[0].ID
	due, err := DueMessages(bg, db, []string{ChannelEmail}, testNow, 10)
	if err != nil || len(due) != 1 || due[0] != id {
		t.Fatalf("due %v, %v", due, err)
	}
	if due, _ := DueMessages(bg, db, []string{ChannelSMS}, testNow, 10); len(due) != 0 {
		t.Errorf("due by SMS: %v", due)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []*InvitationMessage
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			im, err := ClaimMessage(bg, db, id, testNow)
			if err != nil {
				t.Error(err)
			}
			if im != nil {
				mu.Lock()
				got = append(got, im)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(got) != 1 {
		t.Fatalf("%d deliverers claimed the message", len(got))
	}
	im := got[0]
	if im.Token != inv.Token || im.PartnerName == "" || im.InviterName == "" || !im.ExpiresAt.Equal(inv.ExpiresAt) {
		t.Errorf("claimed %+v", im)
	}
	if due, _ := DueMessages(bg, db, []string{ChannelEmail}, testNow.Add(time.Minute), 10); len(due) != 0 {
		t.Errorf("a leased message is due: %v", due)
	}
	// the deliverer died mid-send: after the lease, another takes it
	if im, err := ClaimMessage(bg, db, id, testNow.Add(DeliveryLease)); err != nil || im == nil {
		t.Errorf("claim after the lease: %v, %v", im, err)
	}
}

// A message whose invitation was accepted, revoked, expired or given a new token since it was
// queued becomes obsolete when claimed.
func TestClaimObsoletesStaleMessage(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	for _, tc := range []struct {
		name string
		sql  string
		at   time.Time
	}{
		{"accepted", "UPDATE member_invitations SET status = 'accepted' WHERE id = ?", testNow},
		{"token changed", "UPDATE member_invitations SET token = 'x' || token WHERE id = ?", testNow},
		{"expired", "", testNow.Add(MemberInvitationTTL)},
	} {
		inv, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByEmail, Target: strings.ReplaceAll(tc.name, " ", "") + "@example.com", Roles: Roles(RoleSales)}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if tc.sql != "" {
			if err := db.Exec(tc.sql, inv.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		m := messagesOf(t, db, MessageMemberInvitation, inv.ID)[0]
		im, err := ClaimMessage(bg, db, m.ID, tc.at)
		if err != nil || im != nil {
			t.Errorf("%s: claimed %+v, %v", tc.name, im, err)
		}
		if got := messagesOf(t, db, MessageMemberInvitation, inv.ID)[0]; got.Status != MessageObsolete || got.Attempts != 0 {
			t.Errorf("%s: status %s after %d attempts", tc.name, got.Status, got.Attempts)
		}
	}
	// a message whose invitation is gone does not block the queue
	orphan := OutboundMessage{Channel: ChannelEmail, Recipient: "x@example.com", PartnerID: a.PartnerID, Kind: MessageMemberInvitation,
		SubjectID: 1 << 40, Status: MessagePending, NextAttemptAt: testNow, CreatedAt: testNow}
	if err := db.Create(&orphan).Error; err != nil {
		t.Fatal(err)
	}
	if im, err := ClaimMessage(bg, db, orphan.ID, testNow); err != nil || im != nil {
		t.Errorf("orphan: %+v, %v", im, err)
	}
	if got := messagesOf(t, db, MessageMemberInvitation, 1<<40)[0]; got.Status != MessageObsolete {
		t.Errorf("orphan: %s", got.Status)
	}
}

// A failed attempt is retried after 1, 5 and 30 minutes and 2 hours; the fifth failure gives up.
func TestRecordDeliveryBackoff(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	inv, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByMobile, Target: "13912340099", Roles: Roles(RoleSales)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	id := messagesOf(t, db, MessageMemberInvitation, inv.ID)[0].ID
	at := testNow
	long := errors.New(strings.Repeat("网关错误", 100))
	for i, wait := range []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour} {
		if im, err := ClaimMessage(bg, db, id, at); err != nil || im == nil {
			t.Fatalf("attempt %d: claim %v, %v", i+1, im, err)
		}
		if err := RecordDelivery(bg, db, id, long, at); err != nil {
			t.Fatal(err)
		}
		m := messagesOf(t, db, MessageMemberInvitation, inv.ID)[0]
		if m.Status != MessagePending || m.Attempts != i+1 || !m.NextAttemptAt.Equal(at.Add(wait)) || len(m.LastError) > 200 || m.LastError == "" {
			t.Fatalf("after failure %d: %+v", i+1, m)
		}
		if due, _ := DueMessages(bg, db, []string{ChannelSMS}, at.Add(wait-time.Second), 10); len(due) != 0 {
			t.Errorf("after failure %d: due before its time", i+1)
		}
		at = at.Add(wait)
	}
	if im, err := ClaimMessage(bg, db, id, at); err != nil || im == nil {
		t.Fatalf("fifth claim: %v, %v", im, err)
	}
	if err := RecordDelivery(bg, db, id, errors.New("still down"), at); err != nil {
		t.Fatal(err)
	}
	if m := messagesOf(t, db, MessageMemberInvitation, inv.ID)[0]; m.Status != MessageFailed || m.Attempts != MaxDeliveryAttempts || m.LastError != "still down" {
		t.Errorf("after the last failure: %+v", m)
	}
	// a success on the first try
	ok, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByEmail, Target: "li.na@example.com", Roles: Roles(RoleSales)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	oid := messagesOf(t, db, MessageMemberInvitation, ok.ID)[0].ID
	if im, _ := ClaimMessage(bg, db, oid, testNow); im == nil {
		t.Fatal("not claimed")
	}
	if err := RecordDelivery(bg, db, oid, nil, testNow); err != nil {
		t.Fatal(err)
	}
	if m := messagesOf(t, db, MessageMemberInvitation, ok.ID)[0]; m.Status != MessageSent || m.SentAt == nil || m.Attempts != 1 {
		t.Errorf("sent: %+v", m)
	}
}

// The demo world's invitees are made up: their messages are never delivered.
func TestDemoMessagesNotDelivered(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	if n := count(t, db, "SELECT COUNT(*) FROM outbound_messages WHERE status <> ?", MessageObsolete); n != 0 {
		t.Errorf("%d demo messages would be delivered", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM outbound_messages WHERE kind <> ?", MessageTicket); n != 4 {
		t.Errorf("demo messages: %d, want 4: two SMS and two emails", n)
	}
}
