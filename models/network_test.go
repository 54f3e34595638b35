package models

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

var bg = context.Background()

func operatorActor(t testing.TB, db *gorm.DB) Actor { return actor(t, db, "operator") }

// auditCount counts the audit records of one action.
func auditCount(t *testing.T, db *gorm.DB, action string) int64 {
	t.Helper()
	var n int64
	if err := db.Model(&AuditRecord{}).Where("action = ?", action).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// wantAudit checks the records of action written by the test (the demo world's own excluded).
func wantAudit(t *testing.T, db *gorm.DB, action string, n int64) {
	t.Helper()
	var seeded int64
	db.Model(&AuditRecord{}).Where("action = ? AND request_id = ?", action, "seed").Count(&seeded)
	if got := auditCount(t, db, action) - seeded; got != n {
		t.Errorf("audit %s: %d records, want %d", action, got, n)
	}
}

// joinNetwork has prospect apply and the operator approve: a new network member partner.
func joinNetwork(t *testing.T, db *gorm.DB) (*Partner, Actor) {
	t.Helper()
	app, err := ApplyToJoin(bg, db, actor(t, db, "prospect"), ApplicationInput{Contact: "a@b.cn"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ApproveApplication(bg, db, operatorActor(t, db), app.ID, "welcome", testNow)
	if err != nil {
		t.Fatal(err)
	}
	return p, actor(t, db, "prospect")
}

func TestApplyToJoin(t *testing.T) {
	db := demoCopy(t)
	var person, pending Customer
	db.Where("customer_type = ? AND id NOT IN (SELECT customer_id FROM users WHERE customer_id IS NOT NULL)", CustomerPerson).First(&person)
	db.Where("verified_status = ?", UnderReview).First(&pending)
	for _, tc := range []struct {
		name string
		c    Customer
		want error
	}{{"individual", person, ErrNotEnterpriseVerified}, {"under review", pending, ErrNotVerifiedYet}} {
		pending.CustomerType = CustomerCorp
		a := Actor{Kind: CustomerUser, CustomerID: tc.c.ID, UserID: 1}
		if _, err := ApplyToJoin(bg, db, a, ApplicationInput{}, testNow); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := ApplyToJoin(bg, db, actor(t, db, "provider"), ApplicationInput{}, testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner applies: %v", err)
	}
	pros := actor(t, db, "prospect")
	app, err := ApplyToJoin(bg, db, pros, ApplicationInput{Contact: "13800000000", Intro: "we sell"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ApplyToJoin(bg, db, pros, ApplicationInput{}, testNow); !errors.Is(err, ErrApplicationPending) {
		t.Errorf("second application: %v", err)
	}
	op := operatorActor(t, db)
	if _, err := RejectApplication(bg, db, op, app.ID, "", testNow); !errors.Is(err, ErrReasonRequired) {
		t.Errorf("reject without reason: %v", err)
	}
	if _, err := RejectApplication(bg, db, op, app.ID, "资料不全", testNow); err != nil {
		t.Fatal(err)
	}
	latest, _ := LatestApplication(bg, db, pros)
	if latest.Status != ApplicationRejected || latest.Reason != "资料不全" {
		t.Errorf("applicant sees %+v", latest)
	}
	if _, err := ApproveApplication(bg, db, op, app.ID, "", testNow); !errors.Is(err, ErrNotPending) {
		t.Errorf("approve a rejected one: %v", err)
	}
	wantAudit(t, db, "application.create", 1)
	wantAudit(t, db, "application.reject", 1)

	p, a := joinNetwork(t, db)
	if p.Kind != NetworkMember || a.Kind != PartnerUser || a.PartnerID != p.ID || !a.Roles.Has(RoleAdmin) {
		t.Errorf("approved: partner %+v, actor %+v", p, a)
	}
	if _, err := ApproveApplication(bg, db, a, app.ID, "", testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner approves: %v", err)
	}
	wantAudit(t, db, "application.approve", 1)
}

func TestProgramsAndDistribution(t *testing.T) {
	db := demoCopy(t)
	p, admin := joinNetwork(t, db)
	op := operatorActor(t, db)
	if _, err := InviteMember(bg, db, admin, MemberInviteInput{By: InviteByEmail, Target: "x@y.cn", Roles: Roles(RoleSales)}, testNow); !errors.Is(err, ErrCannotInviteMembers) {
		t.Errorf("invite before any path or program: %v", err)
	}
	if err := SetExpandPermission(bg, db, op, p.ID, true, testNow); !errors.Is(err, ErrNotMasterDistributor) {
		t.Errorf("expand permission for a network member: %v", err)
	}
	if err := SetPath(bg, db, op, p.ID, PathLearning, true, testNow); err != nil {
		t.Fatal(err)
	}
	var rec AuditRecord
	db.Where("action = ? AND object_id = ?", "program.path", p.ID).Last(&rec)
	if rec.Before != `{"paths":""}` || rec.After != `{"paths":"`+PathLearning+`"}` {
		t.Errorf("path record before %s, after %s", rec.Before, rec.After)
	}
	if err := SetPath(bg, db, op, p.ID, "nope", true, testNow); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown path: %v", err)
	}
	if err := SetPath(bg, db, admin, p.ID, PathService, true, testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("partner sets its own path: %v", err)
	}
	got, _ := GetPartner(bg, db, p.ID)
	if !got.MayInviteMembers() || got.Paths != PathLearning {
		t.Errorf("on a path: %+v", got)
	}
	inv, err := InviteToDistribution(bg, db, op, p.ID, "offline call on 11-20", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := InviteToDistribution(bg, db, op, p.ID, "", testNow); !errors.Is(err, ErrAlreadyInvited) {
		t.Errorf("second invitation: %v", err)
	}
	other := actor(t, db, "provider")
	if err := AcceptDistribution(bg, db, other, inv.ID, testNow); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner accepts: %v", err)
	}
	if err := AcceptDistribution(bg, db, admin, inv.ID, testNow); err != nil {
		t.Fatal(err)
	}
	if err := AcceptDistribution(bg, db, admin, inv.ID, testNow); !errors.Is(err, ErrInProgram) {
		t.Errorf("accept twice: %v", err)
	}
	got, _ = GetPartner(bg, db, p.ID)
	if got.Kind != MasterDistributor || got.ProgramSince == nil || got.MayExpand() {
		t.Errorf("master distributor: %+v", got)
	}
	if err := CustomerMayBuy(db, *got.CustomerID); !errors.Is(err, ErrNoCustomerIdentity) {
		t.Errorf("a master distributor's account buys: %v", err)
	}
	if err := EnrolSolutionProvider(bg, db, op, p.ID, testNow); !errors.Is(err, ErrInProgram) {
		t.Errorf("second program: %v", err)
	}
	if err := SetExpandPermission(bg, db, op, p.ID, true, testNow); err != nil {
		t.Fatal(err)
	}
	got, _ = GetPartner(bg, db, p.ID)
	if !got.MayExpand() || got.ExpandGrantedAt == nil {
		t.Errorf("granted: %+v", got)
	}
	SetExpandPermission(bg, db, op, p.ID, false, testNow)
	wantAudit(t, db, "program.path", 1)
	wantAudit(t, db, "program.distribution_invite", 1)
	wantAudit(t, db, "program.distribution_accepted", 1)
	wantAudit(t, db, "program.distribution_join", 1)
	wantAudit(t, db, "permission.expand", 2)

	// revoke, and a solution provider enrolment on another applicant
	inv2, err := InviteToDistribution(bg, db, op, p.ID, "", testNow)
	if !errors.Is(err, ErrInProgram) || inv2 != nil {
		t.Errorf("invite a master distributor again: %v", err)
	}
}

func TestMemberInvitationDailyLimit(t *testing.T) {
	db := demoCopy(t)
	a := actor(t, db, "provider")
	// 23:59 in Shanghai is 15:59 UTC: the 100 fill the day, the 101st is refused, and one minute
	// later a new day starts
	late := time.Date(2026, 12, 5, 15, 59, 0, 0, time.UTC)
	for i := 0; i < MaxMemberInvitesPerDay; i++ {
		if _, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByMobile, Target: mobileN(i), Roles: Roles(RoleSales)}, late.Add(-time.Duration(i)*time.Minute)); err != nil {
			t.Fatalf("invitation %d: %v", i+1, err)
		}
	}
	var before int64
	db.Model(&MemberInvitation{}).Count(&before)
	if _, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByMobile, Target: mobileN(100), Roles: Roles(RoleSales)}, late); !errors.Is(err, ErrDailyInviteLimit) {
		t.Fatalf("101st: %v", err)
	}
	var first MemberInvitation
	db.Where("partner_id = ?", a.PartnerID).Order("id").First(&first)
	if _, err := ResendMemberInvitation(bg, db, a, first.ID, late); !errors.Is(err, ErrDailyInviteLimit) {
		t.Errorf("a resend over the limit: %v", err)
	}
	var after int64
	db.Model(&MemberInvitation{}).Count(&after)
	if after != before {
		t.Errorf("the refused invitation left %d rows", after-before)
	}
	if n, _ := SentToday(bg, db, a, late); n != 100 {
		t.Errorf("sent today %d", n)
	}
	other := actor(t, db, "distributor")
	if _, err := InviteMember(bg, db, other, MemberInviteInput{By: InviteByMobile, Target: mobileN(100), Roles: Roles(RoleSales)}, late); err != nil {
		t.Errorf("another partner's limit is its own: %v", err)
	}
	midnight := late.Add(time.Minute) // 00:00 in Shanghai
	if _, err := InviteMember(bg, db, a, MemberInviteInput{By: InviteByMobile, Target: mobileN(100), Roles: Roles(RoleSales)}, midnight); err != nil {
		t.Errorf("first of the next day: %v", err)
	}
	if _, err := ResendMemberInvitation(bg, db, a, first.ID, midnight); err != nil {
		t.Errorf("resend on the next day: %v", err)
	}
	if n, _ := SentToday(bg, db, a, midnight); n != 2 {
		t.Errorf("sent on the new day %d, want 2 (a resend counts)", n)
	}
	wantAudit(t, db, "member.invite", 102)
	wantAudit(t, db, "member.invite_resend", 1)
}

func mobileN(i int) string {
	return "1370000" + string(rune('0'+i/1000%10)) + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}

func TestMemberInvitationRules(t *testing.T) {
	db := demoCopy(t)
	a := actor(t, db, "provider")
	me := mustUser(t, db, "provider")
	var mine Partner
	db.First(&mine, a.PartnerID)
	invite := func(by, target string, roles Roles) (*MemberInvitation, error) {
		return InviteMember(bg, db, a, MemberInviteInput{By: by, Target: target, Roles: roles}, testNow)
	}
	for _, tc := range []struct {
		by, target string
		roles      Roles
		want       error
	}{
		{InviteByMobile, "12345", Roles(RoleSales), ErrInvalidMobile},
		{InviteByEmail, "not-an-email", Roles(RoleSales), ErrInvalidEmail},
		{InviteByAccount, "no such!", Roles(RoleSales), ErrInvalidAccountName},
		{InviteByEmail, "new@example.com", 0, ErrNoRoles},
		{"fax", "x", Roles(RoleSales), ErrInvalidInput},
		{InviteByEmail, me.Email, Roles(RoleSales), ErrInviteSelf},
		{InviteByMobile, me.Mobile, Roles(RoleSales), ErrInviteSelf},
		{InviteByMobile, mine.Mobile, Roles(RoleSales), ErrInviteSelf}, // the partner account's own
		{InviteByAccount, me.Username, Roles(RoleSales), ErrInviteSelf},
		{InviteByEmail, "provider-sales@example.com", Roles(RoleSales), ErrAlreadyMember},
		{InviteByMobile, mustUser(t, db, "provider-sales").Mobile, Roles(RoleSales), ErrAlreadyMember},
		{InviteByAccount, "provider-sales", Roles(RoleSales), ErrAlreadyMember},
		{InviteByAccount, "customer", Roles(RoleSales), ErrNoSuchAccount},
		{InviteByAccount, "nobody-here", Roles(RoleSales), ErrNoSuchAccount},
	} {
		if _, err := invite(tc.by, tc.target, tc.roles); !errors.Is(err, tc.want) {
			t.Errorf("invite %s %q: %v, want %v", tc.by, tc.target, err, tc.want)
		}
	}
	if _, err := InviteMember(bg, db, actor(t, db, "provider-sales"), MemberInviteInput{By: InviteByEmail, Target: "n@e.cn", Roles: Roles(RoleSales)}, testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a sales member invites: %v", err)
	}
	inv, err := invite(InviteByEmail, "New.Hire@Example.com", Roles(RoleSales|RoleFinance))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := invite(InviteByEmail, "new.hire@example.com", Roles(RoleSales)); !errors.Is(err, ErrAlreadyInvited) {
		t.Errorf("invite twice: %v", err)
	}
	visitor := Actor{}
	// another signed-in user opens the link
	if _, err := AcceptMemberInvitation(bg, db, actor(t, db, "customer"), inv.Token, NewSignIn{Username: "newhire", Password: "long-password"}, testNow); !errors.Is(err, ErrInvitationOtherUser) {
		t.Errorf("other user accepts: %v", err)
	}
	if _, err := AcceptMemberInvitation(bg, db, visitor, inv.Token, NewSignIn{Username: "newhire", Password: "short"}, testNow); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("weak password: %v", err)
	}
	if _, err := AcceptMemberInvitation(bg, db, visitor, inv.Token, NewSignIn{Username: "provider-sales", Password: "long-password"}, testNow); !errors.Is(err, ErrUsernameTaken) {
		t.Errorf("taken name: %v", err)
	}
	if _, err := AcceptMemberInvitation(bg, db, visitor, inv.Token, NewSignIn{Username: "newhire", Password: "long-password"}, testNow.Add(8*24*time.Hour)); !errors.Is(err, ErrInvitationExpired) {
		t.Errorf("expired: %v", err)
	}
	u, err := AcceptMemberInvitation(bg, db, visitor, inv.Token, NewSignIn{Username: "NewHire", DisplayName: "新人", Password: "long-password"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "newhire" || *u.PartnerID != a.PartnerID || u.Roles != Roles(RoleSales|RoleFinance) || u.Email != "new.hire@example.com" {
		t.Errorf("member %+v", u)
	}
	if _, err := AcceptMemberInvitation(bg, db, visitor, inv.Token, NewSignIn{Username: "again", Password: "long-password"}, testNow); !errors.Is(err, ErrInvitationUsed) {
		t.Errorf("used twice: %v", err)
	}
	revoked, _ := invite(InviteByMobile, "+14155552671", Roles(RoleViewer))
	if err := RevokeMemberInvitation(bg, db, a, revoked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := AcceptMemberInvitation(bg, db, visitor, revoked.Token, NewSignIn{Username: "x-user", Password: "long-password"}, testNow); !errors.Is(err, ErrInvitationRevoked) {
		t.Errorf("revoked: %v", err)
	}
	if _, err := ResendMemberInvitation(bg, db, a, revoked.ID, testNow); !errors.Is(err, ErrInvitationRevoked) {
		t.Errorf("resend revoked: %v", err)
	}
	if err := RevokeMemberInvitation(bg, db, actor(t, db, "distributor"), inv.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner revokes: %v", err)
	}
	// a resent link replaces the old one, which then says so; twice resent, both old ones do
	resent, _ := invite(InviteByEmail, "twice@example.com", Roles(RoleViewer))
	old := []string{resent.Token}
	for range 2 {
		r, err := ResendMemberInvitation(bg, db, a, resent.ID, testNow)
		if err != nil {
			t.Fatal(err)
		}
		old = append(old, r.Token)
	}
	for _, tok := range old[:2] {
		if _, err := AcceptMemberInvitation(bg, db, visitor, tok, NewSignIn{Username: "twice", Password: "long-password"}, testNow); !errors.Is(err, ErrInvitationReplaced) {
			t.Errorf("a replaced link: %v", err)
		}
	}
	if _, err := MemberInvitationByToken(bg, db, old[2]); err != nil {
		t.Errorf("the newest link: %v", err)
	}
	wantAudit(t, db, "member.join", 1)
	wantAudit(t, db, "member.invite_revoke", 1)
}

func TestMembersRolesAndRemoval(t *testing.T) {
	db := demoCopy(t)
	a := actor(t, db, "provider")
	admin := mustUser(t, db, "provider")
	sales := mustUser(t, db, "provider-sales")
	if err := SetMemberRoles(bg, db, a, admin.ID, Roles(RoleSales)); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("demote the last admin: %v", err)
	}
	if err := RemoveMember(bg, db, a, admin.ID); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("remove the last admin: %v", err)
	}
	if err := SetMemberRoles(bg, db, a, sales.ID, 0); !errors.Is(err, ErrNoRoles) {
		t.Errorf("no roles: %v", err)
	}
	if err := SetMemberRoles(bg, db, actor(t, db, "distributor"), sales.ID, Roles(RoleViewer)); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner's member: %v", err)
	}
	if err := SetMemberRoles(bg, db, a, sales.ID, Roles(RoleAdmin|RoleSales)); err != nil {
		t.Fatal(err)
	}
	if err := SetMemberRoles(bg, db, a, admin.ID, Roles(RoleViewer)); err != nil {
		t.Errorf("demote one of two admins: %v", err)
	}
	a2 := actor(t, db, "provider-sales")
	if err := RemoveMember(bg, db, a2, admin.ID); err != nil {
		t.Fatal(err)
	}
	gone := mustUser(t, db, "provider")
	if gone.PartnerID != nil || gone.Roles != 0 {
		t.Errorf("removed: %+v", gone)
	}
	// a former member can be invited back by account name, and accepts signed in as itself
	inv, err := InviteMember(bg, db, a2, MemberInviteInput{By: InviteByAccount, Target: "provider", Roles: Roles(RoleFinance)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := AcceptMemberInvitation(bg, db, Actor{}, inv.Token, NewSignIn{}, testNow); !errors.Is(err, ErrSignInAsInvitee) {
		t.Errorf("visitor accepts an account invitation: %v", err)
	}
	if _, err := AcceptMemberInvitation(bg, db, actor(t, db, "provider-viewer"), inv.Token, NewSignIn{}, testNow); !errors.Is(err, ErrInvitationOtherUser) {
		t.Errorf("another account accepts: %v", err)
	}
	u, err := AcceptMemberInvitation(bg, db, ActorOf(gone, "t"), inv.Token, NewSignIn{}, testNow)
	if err != nil || u.Roles != Roles(RoleFinance) || *u.PartnerID != a2.PartnerID {
		t.Errorf("back: %+v, %v", u, err)
	}
	wantAudit(t, db, "member.roles", 2)
	wantAudit(t, db, "member.remove", 1)
}

func TestResellerInvitation(t *testing.T) {
	db := demoCopy(t)
	d := actor(t, db, "distributor")
	if _, err := InviteReseller(bg, db, actor(t, db, "provider"), "", "", testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a solution provider invites a reseller: %v", err)
	}
	if _, err := InviteReseller(bg, db, d, "", "bad", testNow); !errors.Is(err, ErrInvalidEmail) {
		t.Errorf("bad email: %v", err)
	}
	inv, err := InviteReseller(bg, db, d, "成都新云科技有限公司", "boss@cdxy.cn", testNow)
	if err != nil {
		t.Fatal(err)
	}
	in := NewReseller{CompanyName: "成都新云科技有限公司", Admin: NewSignIn{Username: "cdxy", Password: "long-password"}}
	if _, err := AcceptResellerInvitation(bg, db, actor(t, db, "customer"), inv.Token, in, testNow); !errors.Is(err, ErrInvitationOtherUser) {
		t.Errorf("signed-in user accepts: %v", err)
	}
	p, err := AcceptResellerInvitation(bg, db, Actor{}, inv.Token, in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != Reseller || *p.DistributorID != d.PartnerID {
		t.Errorf("reseller %+v", p)
	}
	if _, err := AcceptResellerInvitation(bg, db, Actor{}, inv.Token, in, testNow); !errors.Is(err, ErrInvitationUsed) {
		t.Errorf("twice: %v", err)
	}
	list, err := ListIndirectPartners(bg, db, d, ResellerFilter{Limit: 10})
	if err != nil || list.Total != 4 {
		t.Errorf("resellers: %d, %v", list.Total, err)
	}
	detail, err := GetResellerDetail(bg, db, d, p.ID)
	if err != nil || len(detail.Admins) != 1 || detail.Admins[0].Username != "cdxy" {
		t.Errorf("detail %+v, %v", detail, err)
	}
	if _, err := GetResellerDetail(bg, db, actor(t, db, "provider"), p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner's reseller: %v", err)
	}
	wantAudit(t, db, "reseller.invite", 1)
	wantAudit(t, db, "reseller.join", 2)
}

func TestAuditAppendOnly(t *testing.T) {
	db := demoCopy(t)
	if _, err := SignIn(bg, db, "provider", DemoPassword, Actor{RequestID: "req-7", Address: "198.51.100.7"}, testNow); err != nil {
		t.Fatal(err)
	}
	var r AuditRecord
	if err := db.Where("action = ?", "user.sign_in").Last(&r).Error; err != nil || r.Address != "198.51.100.7" || r.RequestID != "req-7" {
		t.Fatalf("sign-in record %+v, %v", r, err)
	}
	if err := db.Model(&r).Update("action", "x").Error; err == nil {
		t.Error("an audit record was updated")
	}
	if err := db.Delete(&r).Error; err == nil {
		t.Error("an audit record was deleted")
	}
	if err := db.Exec("DELETE FROM audit_records").Error; err == nil {
		t.Error("the audit log was emptied")
	}
	list, err := ListAudit(bg, db, actor(t, db, "provider"), AuditFilter{Action: "user.", Limit: 10})
	if err != nil || list.Total != 1 || list.Rows[0].Username != "provider" {
		t.Errorf("provider's log: %+v, %v", list, err)
	}
	if _, err := ListAudit(bg, db, actor(t, db, "provider-sales"), AuditFilter{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a sales member reads the log: %v", err)
	}
	all, _ := ListAudit(bg, db, operatorActor(t, db), AuditFilter{Limit: 10})
	mine, _ := ListAudit(bg, db, actor(t, db, "distributor"), AuditFilter{Limit: 10})
	if all.Total <= mine.Total || mine.Total == 0 {
		t.Errorf("operator sees %d, distributor %d", all.Total, mine.Total)
	}
	for _, row := range mine.Rows {
		if row.PartnerID == nil || *row.PartnerID != actor(t, db, "distributor").PartnerID {
			t.Errorf("distributor sees another's record %+v", row)
		}
	}
}

func TestReviewVerification(t *testing.T) {
	db := demoCopy(t)
	op := operatorActor(t, db)
	q, err := ListVerificationQueue(bg, db, op, 1, 10)
	if err != nil || q.Total == 0 {
		t.Fatalf("queue %v, %v", q, err)
	}
	c := q.Rows[0]
	if _, err := ReviewVerification(bg, db, op, c.ID, false, "", testNow); !errors.Is(err, ErrReasonRequired) {
		t.Errorf("reject without reason: %v", err)
	}
	if _, err := ReviewVerification(bg, db, op, c.ID, true, "", testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := ReviewVerification(bg, db, op, c.ID, true, "", testNow); !errors.Is(err, ErrNotPending) {
		t.Errorf("twice: %v", err)
	}
	var got Customer
	db.First(&got, c.ID)
	if got.VerifiedStatus != Verified {
		t.Errorf("status %d", got.VerifiedStatus)
	}
	if problems, err := Check(bg, db); err != nil || len(problems) > 0 {
		t.Errorf("check after review: %v %v", problems, err)
	}
	wantAudit(t, db, "customer.verification", 1)
}

// TestAuditQueryPlans: a page of the log, within a partner, a time range, an action, an actor or an
// object, is read from an index in time order, never sorted: a partner's log grows by a record per
// transfer. (A prefix of actions, such as "member.", is sorted: it spans several actions.)
func TestAuditQueryPlans(t *testing.T) {
	onSQLiteOnly(t, "EXPLAIN QUERY PLAN (PostgreSQL plans: the PostgreSQL issue)")
	t.Parallel()
	db := demoCopy(t)
	provider, op := actor(t, db, "provider"), operatorActor(t, db)
	from := testNow.AddDate(0, 0, -7)
	cases := []struct {
		name  string
		a     Actor
		f     AuditFilter
		index string
	}{
		{"partner", provider, AuditFilter{}, "ix_audit_by_partner"},
		{"partner, dates", provider, AuditFilter{From: from, To: testNow}, "ix_audit_by_partner"},
		{"partner, action", provider, AuditFilter{Action: "transfer.allocate"}, "ix_audit_partner_action"},
		{"operator", op, AuditFilter{}, "ix_audit_at"},
		{"operator, one partner", op, AuditFilter{PartnerID: provider.PartnerID}, "ix_audit_by_partner"},
		{"operator, action", op, AuditFilter{Action: "member.invite"}, "ix_audit_action"},
		{"operator, actor", op, AuditFilter{Actor: "provider"}, "ix_audit_user"},
		{"operator, object", op, AuditFilter{ObjectType: "user", ObjectID: provider.UserID}, "ix_audit_object"},
	}
	for _, c := range cases {
		q, err := auditScope(bg, db.Session(&gorm.Session{DryRun: true}), c.a, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var rows []AuditRow
		st := auditPage(q, c.f).Scan(&rows).Statement
		var plan []struct {
			ID, Parent, NotUsed int
			Detail              string
		}
		if err := db.Raw("EXPLAIN QUERY PLAN "+st.SQL.String(), st.Vars...).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, p := range plan {
			details = append(details, p.Detail)
		}
		all := strings.Join(details, "; ")
		if !regexp.MustCompile(`INDEX `+c.index+`\b`).MatchString(all) || strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want %s in time order", c.name, all, c.index)
		}
	}
}
