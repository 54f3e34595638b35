package models

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// activeEnterprises returns n directory entries in business that no demo customer or invitation uses.
func activeEnterprises(t testing.TB, db *gorm.DB, n int) []uint64 {
	t.Helper()
	var out []uint64
	err := db.Raw(`SELECT id FROM enterprises WHERE status = ? AND id > 4000
		AND id NOT IN (SELECT enterprise_id FROM invitations) AND id NOT IN (SELECT enterprise_id FROM customers WHERE enterprise_id IS NOT NULL)
		ORDER BY id LIMIT ?`, EnterpriseActive, n).Scan(&out).Error
	if err != nil || len(out) != n {
		t.Fatalf("active enterprises: %v (%d)", err, len(out))
	}
	return out
}

func enterpriseWithStatus(t testing.TB, db *gorm.DB, status string) uint64 {
	t.Helper()
	var id uint64
	if err := db.Raw("SELECT id FROM enterprises WHERE status = ? ORDER BY id LIMIT 1", status).Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("enterprise %s: %v", status, err)
	}
	return id
}

func auditOf(t testing.TB, db *gorm.DB, action string, objectID uint64) []AuditRecord {
	t.Helper()
	var out []AuditRecord
	if err := db.Where("action = ? AND object_id = ?", action, objectID).Order("id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInvite(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	free := activeEnterprises(t, db, 20)
	next := func() uint64 { id := free[0]; free = free[1:]; return id }
	cancelled := enterpriseWithStatus(t, db, EnterpriseCancelled)
	revoked := enterpriseWithStatus(t, db, EnterpriseRevoked)

	cases := []struct {
		name  string
		user  string
		in    InviteInput // EnterpriseID 0: a fresh active enterprise
		setup string      // SQL run first
		want  error
	}{
		{name: "provider admin", user: "provider", in: InviteInput{Mode: Consignment}},
		{name: "provider sales", user: "provider-sales", in: InviteInput{Mode: Advisory}},
		{name: "provider viewer", user: "provider-viewer", in: InviteInput{Mode: Advisory}, want: ErrForbidden},
		{name: "provider finance", user: "provider-finance", in: InviteInput{Mode: Consignment}, want: ErrForbidden},
		{name: "reseller admin", user: "reseller", in: InviteInput{Mode: Advisory}},
		{name: "reseller sales", user: "reseller-sales", in: InviteInput{Mode: Consignment}},
		{name: "other reseller", user: "reseller-gz", in: InviteInput{Mode: Consignment}},
		{name: "operator", user: "operator", in: InviteInput{Mode: Advisory}, want: ErrForbidden},
		{name: "customer user", user: "customer", in: InviteInput{Mode: Advisory}, want: ErrForbidden},
		{name: "distributor without permission", user: "distributor", in: InviteInput{Mode: Advisory}, want: ErrNoExpandPermission},
		{name: "distributor sales without permission", user: "distributor-sales", in: InviteInput{Mode: Consignment}, want: ErrNoExpandPermission},
		{name: "viewer is refused before the permission", user: "provider-viewer", in: InviteInput{Mode: 7}, want: ErrForbidden},
		{name: "no mode", user: "provider", in: InviteInput{Mode: NoMode}, want: ErrInvalidInput},
		{name: "unknown mode", user: "provider", in: InviteInput{Mode: 3}, want: ErrInvalidInput},
		{name: "negative mode", user: "provider-sales", in: InviteInput{Mode: -1}, want: ErrInvalidInput},
		{name: "cancelled enterprise", user: "provider", in: InviteInput{EnterpriseID: cancelled, Mode: Advisory}, want: ErrEnterpriseInactive},
		{name: "revoked enterprise", user: "reseller", in: InviteInput{EnterpriseID: revoked, Mode: Consignment}, want: ErrEnterpriseInactive},
		{name: "no such enterprise", user: "provider", in: InviteInput{EnterpriseID: 99999999, Mode: Advisory}, want: ErrNotFound},
		{name: "distributor granted permission", user: "distributor", in: InviteInput{Mode: Advisory},
			setup: "UPDATE partners SET can_expand = true WHERE account_name = 'distributor'"},
		{name: "distributor sales, permission granted", user: "distributor-sales", in: InviteInput{Mode: Consignment}},
		{name: "distributor, permission withdrawn", user: "distributor", in: InviteInput{Mode: Consignment},
			setup: "UPDATE partners SET can_expand = false WHERE account_name = 'distributor'", want: ErrNoExpandPermission},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != "" {
				if err := db.Exec(c.setup).Error; err != nil {
					t.Fatal(err)
				}
			}
			in := c.in
			if in.EnterpriseID == 0 {
				in.EnterpriseID = next()
			}
			a := actor(t, db, c.user)
			before := count(t, db, "SELECT COUNT(*) FROM invitations")
			audits := count(t, db, "SELECT COUNT(*) FROM audit_records")
			inv, err := Invite(ctx, db, a, in, testNow)
			wantErr(t, "Invite", err, c.want)
			if c.want != nil {
				if n := count(t, db, "SELECT COUNT(*) FROM invitations"); n != before {
					t.Errorf("a refused invitation was stored: %d → %d", before, n)
				}
				if n := count(t, db, "SELECT COUNT(*) FROM audit_records"); n != audits {
					t.Errorf("a refused invitation was audited")
				}
				return
			}
			if inv.ID == 0 || inv.PartnerID != a.PartnerID || inv.EnterpriseID != in.EnterpriseID || inv.Mode != in.Mode ||
				inv.Status != InvitationPending || inv.CreatedByID != a.UserID || !inv.CreatedAt.Equal(testNow) ||
				!inv.ExpiresAt.Equal(testNow.Add(InvitationTTL)) || inv.ResentCount != 0 || len(inv.Token) != 48 {
				t.Errorf("invitation %+v", inv)
			}
			stored, err := InvitationByToken(ctx, db, inv.Token)
			if err != nil || stored.ID != inv.ID || stored.Partner.ID != a.PartnerID || stored.Enterprise.ID != in.EnterpriseID {
				t.Errorf("by token: %+v, %v", stored, err)
			}
			recs := auditOf(t, db, "invitation.create", inv.ID)
			if len(recs) != 1 {
				t.Fatalf("%d audit records", len(recs))
			}
			r := recs[0]
			if r.PartnerID == nil || *r.PartnerID != a.PartnerID || r.UserID != a.UserID || r.ObjectType != "invitation" ||
				r.RequestID != "test" || r.Before != "" || !strings.Contains(r.After, `"enterprise_id":`) {
				t.Errorf("audit record %+v", r)
			}
			if strings.Contains(r.After, inv.Token) {
				t.Errorf("the audit record holds the link's token")
			}
		})
	}
}

// An enterprise the partner has already invited, and whose invitation is still pending, gets the
// same invitation back (whoever of the partner asks, in whatever mode); another partner's invitation
// is its own, and an expired one is replaced by a new one.
func TestInviteAgain(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	e := activeEnterprises(t, db, 1)[0]
	first, err := Invite(ctx, db, actor(t, db, "provider-sales"), InviteInput{EnterpriseID: e, Mode: Advisory}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, again := range []struct {
		user string
		mode Mode
		at   time.Time
	}{
		{"provider-sales", Advisory, testNow},
		{"provider", Consignment, testNow.Add(time.Hour)},
		{"provider-sales2", Advisory, testNow.Add(InvitationTTL - time.Second)},
	} {
		inv, err := Invite(ctx, db, actor(t, db, again.user), InviteInput{EnterpriseID: e, Mode: again.mode}, again.at)
		if err != nil {
			t.Fatal(err)
		}
		if inv.ID != first.ID || inv.Token != first.Token || inv.Mode != first.Mode || !inv.ExpiresAt.Equal(first.ExpiresAt) {
			t.Errorf("%s again: %+v, want the first invitation %+v", again.user, inv, first)
		}
	}
	if n := len(auditOf(t, db, "invitation.create", first.ID)); n != 1 {
		t.Errorf("%d audit records for one invitation", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM invitations WHERE enterprise_id = ?", e); n != 1 {
		t.Errorf("%d invitations", n)
	}
	other, err := Invite(ctx, db, actor(t, db, "reseller"), InviteInput{EnterpriseID: e, Mode: Advisory}, testNow)
	if err != nil || other.ID == first.ID || other.Token == first.Token {
		t.Errorf("another partner's invitation: %+v, %v", other, err)
	}
	later := testNow.Add(InvitationTTL)
	renewed, err := Invite(ctx, db, actor(t, db, "provider"), InviteInput{EnterpriseID: e, Mode: Consignment}, later)
	if err != nil {
		t.Fatal(err)
	}
	if renewed.ID == first.ID || renewed.Mode != Consignment || !renewed.ExpiresAt.Equal(later.Add(InvitationTTL)) {
		t.Errorf("after expiry: %+v", renewed)
	}
	// the demo reseller's pending invitation to `prospect`'s enterprise comes back as it is
	prospect := customerOfUser(t, db, "prospect")
	demo, err := InvitationByToken(ctx, db, DomainID("invitation", 1000))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Invite(ctx, db, actor(t, db, "reseller-sales"), InviteInput{EnterpriseID: *prospect.EnterpriseID, Mode: Consignment}, testNow)
	if err != nil || inv.ID != demo.ID {
		t.Errorf("reseller invites prospect again: %+v, %v; want invitation %d", inv, err, demo.ID)
	}
}

// invitationStates is the demo partners' invitations in plain SQL, by state at now.
func invitationStates(t *testing.T, db *gorm.DB, partnerID uint64, now time.Time) map[string]int64 {
	t.Helper()
	at := now.UTC().Format("2006-01-02 15:04:05.999999999")
	return map[string]int64{
		"": count(t, db, "SELECT COUNT(*) FROM invitations WHERE partner_id = ?", partnerID),
		InvitationPending: count(t, db, `SELECT COUNT(*) FROM invitations WHERE partner_id = ? AND status = 'pending'
			AND julianday(expires_at) > julianday(?)`, partnerID, at),
		InvitationExpired: count(t, db, `SELECT COUNT(*) FROM invitations WHERE partner_id = ? AND status = 'pending'
			AND julianday(expires_at) <= julianday(?)`, partnerID, at),
		InvitationAccepted: count(t, db, "SELECT COUNT(*) FROM invitations WHERE partner_id = ? AND status = 'accepted'", partnerID),
	}
}

func TestListInvitations(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	for _, user := range []string{"provider", "provider-viewer", "reseller", "reseller-sh", "distributor"} {
		a := actor(t, db, user)
		for _, now := range []time.Time{testNow, testNow.Add(-3 * 24 * time.Hour), testNow.Add(4 * 24 * time.Hour),
			testNow.Add(30 * 24 * time.Hour), testNow.In(time.FixedZone("CST", 8*3600))} {
			want := invitationStates(t, db, a.PartnerID, now)
			if want[InvitationPending]+want[InvitationExpired]+want[InvitationAccepted] != want[""] {
				t.Fatalf("states do not add up: %v", want)
			}
			for _, status := range []string{"", InvitationPending, InvitationExpired, InvitationAccepted} {
				l, err := ListInvitations(ctx, db, a, InvitationFilter{Status: status, Limit: 100}, now)
				if err != nil {
					t.Fatal(err)
				}
				if l.Total != want[status] || int64(len(l.Rows)) != want[status] {
					t.Errorf("%s at %v, %q: Total %d, %d rows; want %d", user, now, status, l.Total, len(l.Rows), want[status])
				}
				for i, r := range l.Rows {
					if r.PartnerID != a.PartnerID {
						t.Errorf("%s sees partner %d's invitation %d", user, r.PartnerID, r.ID)
					}
					if status != "" && r.State(now) != status {
						t.Errorf("%s, %q: invitation %d is %s at %v", user, status, r.ID, r.State(now), now)
					}
					if r.Enterprise.ID != r.EnterpriseID {
						t.Errorf("invitation %d without its enterprise", r.ID)
					}
					if i > 0 && (r.CreatedAt.After(l.Rows[i-1].CreatedAt) ||
						r.CreatedAt.Equal(l.Rows[i-1].CreatedAt) && r.ID > l.Rows[i-1].ID) {
						t.Errorf("%s: not newest first at row %d", user, i)
					}
				}
			}
		}
	}
	// the demo world has every state at testNow
	got := invitationStates(t, db, partnerByAccount(t, db, "provider").ID, testNow)
	if got[InvitationPending] == 0 || got[InvitationExpired] == 0 || got[InvitationAccepted] == 0 {
		t.Fatalf("demo provider invitations %v", got)
	}
	// an unknown status lists everything; paging applies
	a := actor(t, db, "provider")
	all, _ := ListInvitations(ctx, db, a, InvitationFilter{Status: "bogus"}, testNow)
	if all.Total != got[""] || len(all.Rows) != 10 {
		t.Errorf("unknown status: %d rows of %d", len(all.Rows), all.Total)
	}
	p2, _ := ListInvitations(ctx, db, a, InvitationFilter{Page: 2}, testNow)
	if len(p2.Rows) == 0 || p2.Rows[0].ID == all.Rows[0].ID || int64(len(p2.Rows)) != min(10, got[""]-10) {
		t.Errorf("page 2: %d rows", len(p2.Rows))
	}
	for _, user := range []string{"operator", "customer", "prospect"} {
		if _, err := ListInvitations(ctx, db, actor(t, db, user), InvitationFilter{}, testNow); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: %v", user, err)
		}
	}
}

// An invitation is pending up to the instant before it expires and expired from that instant, for
// the list and for the invitation's own State alike.
func TestInvitationExpiryInstant(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "reseller-sales")
	inv, err := Invite(ctx, db, a, InviteInput{EnterpriseID: activeEnterprises(t, db, 1)[0], Mode: Advisory}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	has := func(status string, now time.Time) bool {
		l, err := ListInvitations(ctx, db, a, InvitationFilter{Status: status, Limit: 100}, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.Rows {
			if r.ID == inv.ID {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		now   time.Time
		state string
	}{
		{testNow, InvitationPending},
		{inv.ExpiresAt.Add(-time.Nanosecond), InvitationPending},
		{inv.ExpiresAt.Add(-time.Nanosecond).In(time.FixedZone("CST", 8*3600)), InvitationPending},
		{inv.ExpiresAt, InvitationExpired},
		{inv.ExpiresAt.In(time.FixedZone("CST", 8*3600)), InvitationExpired},
		{inv.ExpiresAt.Add(time.Hour), InvitationExpired},
	} {
		if s := inv.State(c.now); s != c.state {
			t.Errorf("State(%v) = %s, want %s", c.now, s, c.state)
		}
		other := map[string]string{InvitationPending: InvitationExpired, InvitationExpired: InvitationPending}[c.state]
		if !has(c.state, c.now) || has(other, c.now) {
			t.Errorf("at %v the list does not show the invitation as %s only", c.now, c.state)
		}
	}
}

func TestResendInvitation(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	prov := actor(t, db, "provider-sales")
	inv, err := Invite(ctx, db, prov, InviteInput{EnterpriseID: activeEnterprises(t, db, 1)[0], Mode: Consignment}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	oldToken := inv.Token
	later := testNow.Add(50 * time.Hour)
	re, err := ResendInvitation(ctx, db, actor(t, db, "provider"), inv.ID, later)
	if err != nil {
		t.Fatal(err)
	}
	if re.ID != inv.ID || re.Token == oldToken || len(re.Token) != 48 || !re.ExpiresAt.Equal(later.Add(InvitationTTL)) ||
		re.ResentCount != 1 || re.Status != InvitationPending || re.Mode != Consignment {
		t.Errorf("resent %+v", re)
	}
	if _, err := InvitationByToken(ctx, db, oldToken); !errors.Is(err, ErrNotFound) {
		t.Errorf("old token: %v", err)
	}
	stored, err := InvitationByToken(ctx, db, re.Token)
	if err != nil || stored.ID != inv.ID || stored.ResentCount != 1 || !stored.ExpiresAt.Equal(later.Add(InvitationTTL)) ||
		!stored.CreatedAt.Equal(testNow) {
		t.Errorf("stored after resend: %+v, %v", stored, err)
	}
	recs := auditOf(t, db, "invitation.resend", inv.ID)
	if len(recs) != 1 || recs[0].UserID != mustUser(t, db, "provider").ID || recs[0].Before == "" || recs[0].After == "" ||
		strings.Contains(recs[0].Before+recs[0].After, oldToken) || strings.Contains(recs[0].After, re.Token) {
		t.Errorf("audit %+v", recs)
	}

	// an expired invitation comes back to life; the count goes on
	expired := testNow.Add(40 * 24 * time.Hour)
	if stored.State(expired) != InvitationExpired {
		t.Fatalf("%v: not expired", expired)
	}
	re2, err := ResendInvitation(ctx, db, prov, inv.ID, expired)
	if err != nil || re2.ResentCount != 2 || re2.State(expired) != InvitationPending {
		t.Fatalf("resend expired: %+v, %v", re2, err)
	}
	if _, err := InvitationByToken(ctx, db, re.Token); !errors.Is(err, ErrNotFound) {
		t.Errorf("second old token: %v", err)
	}
	l, _ := ListInvitations(ctx, db, prov, InvitationFilter{Status: InvitationPending, Limit: 100}, expired)
	if l.Total != 1 || l.Rows[0].ID != inv.ID {
		t.Errorf("pending after resend: %d", l.Total)
	}

	var accepted Invitation
	if err := db.Where("partner_id = ? AND status = ?", prov.PartnerID, InvitationAccepted).First(&accepted).Error; err != nil {
		t.Fatal(err)
	}
	var resellerInv Invitation
	if err := db.Where("partner_id = ?", partnerByAccount(t, db, "reseller").ID).First(&resellerInv).Error; err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		user string
		id   uint64
		want error
	}{
		{"accepted", "provider", accepted.ID, ErrInvitationUsed},
		{"accepted, by sales", "provider-sales2", accepted.ID, ErrInvitationUsed},
		{"another partner's", "provider", resellerInv.ID, ErrNotFound},
		{"the distributor, its reseller's", "distributor", resellerInv.ID, ErrNotFound},
		{"another reseller's", "reseller-sh", resellerInv.ID, ErrNotFound},
		{"no such invitation", "provider", 999999, ErrNotFound},
		{"viewer", "provider-viewer", inv.ID, ErrForbidden},
		{"finance", "provider-finance", inv.ID, ErrForbidden},
		{"operator", "operator", inv.ID, ErrForbidden},
		{"customer user", "prospect", resellerInv.ID, ErrForbidden},
		{"its own partner", "reseller-sales", resellerInv.ID, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before Invitation
			db.First(&before, c.id)
			_, err := ResendInvitation(ctx, db, actor(t, db, c.user), c.id, expired)
			wantErr(t, "ResendInvitation", err, c.want)
			var after Invitation
			db.First(&after, c.id)
			if c.want != nil && (after.Token != before.Token || after.ResentCount != before.ResentCount) {
				t.Errorf("a refused resend changed the invitation")
			}
		})
	}
}
