package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func resellerSignUp(name string) NewReseller {
	return NewReseller{CompanyName: "成都新云科技有限公司", Admin: NewSignIn{Username: name, Password: "long-password"}}
}

// A resend gives a new link valid 7 days from now: the old one is refused, the new one works.
func TestResendResellerInvitation(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	d := actor(t, db, "distributor")
	inv, err := InviteReseller(bg, db, d, "成都新云科技有限公司", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	later := testNow.Add(8 * 24 * time.Hour) // expired: a resend renews it, as a member invitation's does
	got, err := ResendResellerInvitation(bg, db, d, inv.ID, later)
	if err != nil {
		t.Fatal(err)
	}
	if got.Token == inv.Token || !got.ExpiresAt.Equal(later.Add(ResellerInvitationTTL)) || got.State(later) != MemberInvitePending {
		t.Errorf("resent: token changed %v, expires %v, state %s", got.Token != inv.Token, got.ExpiresAt, got.State(later))
	}
	if _, err := AcceptResellerInvitation(bg, db, Actor{}, inv.Token, resellerSignUp("cdxy"), later); !errors.Is(err, ErrInvitationReplaced) {
		t.Errorf("the old link: %v, want replaced", err)
	}
	if _, err := MemberInvitationByToken(bg, db, inv.Token); !errors.Is(err, ErrNotFound) {
		t.Errorf("a replaced reseller link as a member link: %v, want not found", err)
	}
	if _, err := AcceptResellerInvitation(bg, db, Actor{}, got.Token, resellerSignUp("cdxy"), later); err != nil {
		t.Fatalf("the new link: %v", err)
	}
	if _, err := ResendResellerInvitation(bg, db, d, inv.ID, later); !errors.Is(err, ErrInvitationUsed) {
		t.Errorf("resend an accepted one: %v", err)
	}
	if err := RevokeResellerInvitation(bg, db, d, inv.ID); !errors.Is(err, ErrInvitationUsed) {
		t.Errorf("revoke an accepted one: %v", err)
	}
	recs := auditOf(t, db, "reseller.invite_resend", inv.ID)
	if len(recs) != 1 {
		t.Fatalf("resend records: %d", len(recs))
	}
	r := recs[0]
	if r.PartnerID == nil || *r.PartnerID != d.PartnerID || r.UserID != d.UserID ||
		!strings.Contains(r.Before, inv.ExpiresAt.Format(time.RFC3339)) || !strings.Contains(r.After, got.ExpiresAt.Format(time.RFC3339)) {
		t.Errorf("resend record %+v", r)
	}
	if strings.Contains(r.Before+r.After, inv.Token) || strings.Contains(r.After, got.Token) {
		t.Error("the audit log holds a link's token")
	}
	wantAudit(t, db, "reseller.invite_revoke", 0)
}

// A revoked link is refused at the accept, and a revoked invitation can be neither resent nor
// revoked again.
func TestRevokeResellerInvitation(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	d := actor(t, db, "distributor")
	inv, err := InviteReseller(bg, db, d, "", "boss@cdxy.cn", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := RevokeResellerInvitation(bg, db, d, inv.ID); err != nil {
		t.Fatal(err)
	}
	loaded, err := ResellerInvitationByToken(bg, db, inv.Token)
	if err != nil || loaded.State(testNow) != MemberInviteRevoked {
		t.Fatalf("after revoking: %+v, %v", loaded, err)
	}
	if err := CheckResellerInvitation(Actor{}, loaded, testNow); !errors.Is(err, ErrInvitationRevoked) {
		t.Errorf("the link's page: %v", err)
	}
	if _, err := AcceptResellerInvitation(bg, db, Actor{}, inv.Token, resellerSignUp("cdxy"), testNow); !errors.Is(err, ErrInvitationRevoked) {
		t.Errorf("accept a revoked link: %v", err)
	}
	if err := RevokeResellerInvitation(bg, db, d, inv.ID); !errors.Is(err, ErrInvitationRevoked) {
		t.Errorf("revoke twice: %v", err)
	}
	if _, err := ResendResellerInvitation(bg, db, d, inv.ID, testNow); !errors.Is(err, ErrInvitationRevoked) {
		t.Errorf("resend a revoked one: %v", err)
	}
	recs := auditOf(t, db, "reseller.invite_revoke", inv.ID)
	if len(recs) != 1 || !strings.Contains(recs[0].Before, `"status":"pending"`) || !strings.Contains(recs[0].After, `"status":"revoked"`) {
		t.Errorf("revoke records %+v", recs)
	}
	wantAudit(t, db, "reseller.invite_resend", 0)
	wantAudit(t, db, "reseller.join", 0)
}

// Only the inviting master distributor's admin may resend or revoke: another master distributor's
// is told the invitation does not exist, and the invitation is untouched.
func TestResellerInvitationTenant(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	d := actor(t, db, "distributor")
	inv, err := InviteReseller(bg, db, d, "成都新云科技有限公司", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	provider := actor(t, db, "provider")
	for _, tc := range []struct {
		name string
		a    Actor
		id   uint64
		want error
	}{
		{"a solution provider", provider, inv.ID, ErrForbidden},
		{"the distributor's sales member", actor(t, db, "distributor-sales"), inv.ID, ErrForbidden},
		{"no such invitation", d, inv.ID + 1000, ErrNotFound},
	} {
		if _, err := ResendResellerInvitation(bg, db, tc.a, tc.id, testNow); !errors.Is(err, tc.want) {
			t.Errorf("%s resends: %v, want %v", tc.name, err, tc.want)
		}
		if err := RevokeResellerInvitation(bg, db, tc.a, tc.id); !errors.Is(err, tc.want) {
			t.Errorf("%s revokes: %v, want %v", tc.name, err, tc.want)
		}
	}
	// the provider becomes a second master distributor: the first one's invitations are not its
	if err := db.Model(&Partner{}).Where("id = ?", provider.PartnerID).Update("kind", MasterDistributor).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := ResendResellerInvitation(bg, db, provider, inv.ID, testNow); !errors.Is(err, ErrNotFound) {
		t.Errorf("another master distributor resends: %v", err)
	}
	if err := RevokeResellerInvitation(bg, db, provider, inv.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another master distributor revokes: %v", err)
	}
	after, err := ResellerInvitationByToken(bg, db, inv.Token)
	if err != nil || after.Status != MemberInvitePending || !after.ExpiresAt.Equal(inv.ExpiresAt) {
		t.Errorf("the invitation changed: %+v, %v", after, err)
	}
	wantAudit(t, db, "reseller.invite_resend", 0)
	wantAudit(t, db, "reseller.invite_revoke", 0)
}
