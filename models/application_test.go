package models

import (
	"errors"
	"strings"
	"testing"
)

// An application needs a contact, trimmed and of at most MaxContactLen characters; a refused one
// writes nothing.
func TestApplyToJoinContact(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	pros := actor(t, db, "prospect")
	for _, tc := range []struct {
		name, contact string
		want          error
	}{
		{"empty", "", ErrContactRequired},
		{"blank", " \t\n ", ErrContactRequired},
		{"too long", strings.Repeat("联", MaxContactLen+1), ErrContactTooLong},
		{"not UTF-8", "\xbc\xd7", ErrTextInvalid},
		{"NUL", "a\x00b", ErrTextInvalid},
	} {
		if _, err := ApplyToJoin(bg, db, pros, ApplicationInput{Contact: tc.contact, Intro: "we sell"}, testNow); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	var n int64
	db.Model(&PartnerApplication{}).Where("customer_id = ?", pros.CustomerID).Count(&n)
	if n != 0 {
		t.Errorf("refused applications made %d records", n)
	}
	wantAudit(t, db, "application.create", 0)
	longest := strings.Repeat("联", MaxContactLen)
	app, err := ApplyToJoin(bg, db, pros, ApplicationInput{Contact: "  " + longest + "  ", Intro: " we sell "}, testNow)
	if err != nil || app.Contact != longest || app.Intro != "we sell" {
		t.Fatalf("%d characters: %+v, %v", MaxContactLen, app, err)
	}
}

// A rejection needs a reason; without one the item is named and nothing changes. An item already
// decided is refused as such, reason or not.
func TestRejectNeedsReason(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	op := operatorActor(t, db)
	var app PartnerApplication
	db.Where("status = ?", ApplicationPending).First(&app)
	q, err := ListVerificationQueue(bg, db, op, 1, 10)
	if err != nil || q.Total == 0 {
		t.Fatalf("queue %v, %v", q, err)
	}
	cust := q.Rows[0]
	for _, tc := range []struct {
		name, reason, item string
		reject             func(reason string) error
	}{
		{"application", "", app.CompanyName, func(r string) error { _, err := RejectApplication(bg, db, op, app.ID, r, testNow); return err }},
		{"application", "  ", app.CompanyName, func(r string) error { _, err := RejectApplication(bg, db, op, app.ID, r, testNow); return err }},
		{"verification", "", cust.AccountName, func(r string) error { _, err := ReviewVerification(bg, db, op, cust.ID, false, r, testNow); return err }},
		{"verification", " \t", cust.AccountName, func(r string) error { _, err := ReviewVerification(bg, db, op, cust.ID, false, r, testNow); return err }},
	} {
		err := tc.reject(tc.reason)
		var named *ReasonRequiredError
		var me *Error
		if !errors.Is(err, ErrReasonRequired) || !errors.As(err, &named) || named.Name != tc.item || !errors.As(err, &me) || me.Key != "err.reason_required" {
			t.Errorf("%s, reason %q: %v", tc.name, tc.reason, err)
		}
	}
	var got PartnerApplication
	db.First(&got, app.ID)
	var c Customer
	db.First(&c, cust.ID)
	if got.Status != ApplicationPending || got.DecidedAt != nil || c.VerifiedStatus != UnderReview {
		t.Errorf("refused rejections changed the application (%s) or the customer (%d)", got.Status, c.VerifiedStatus)
	}
	wantAudit(t, db, "application.reject", 0)
	wantAudit(t, db, "customer.verification", 0)

	if _, err := RejectApplication(bg, db, op, app.ID, "资料不全", testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := ReviewVerification(bg, db, op, cust.ID, true, "", testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := RejectApplication(bg, db, op, app.ID, "", testNow); !errors.Is(err, ErrNotPending) {
		t.Errorf("reject a decided application without a reason: %v", err)
	}
	if _, err := ReviewVerification(bg, db, op, cust.ID, false, "", testNow); !errors.Is(err, ErrNotPending) {
		t.Errorf("reject a decided verification without a reason: %v", err)
	}
}

// The invitee names its company: required, and no longer than the form's 128 characters (its
// column's size in PostgreSQL, which counts characters).
func TestAcceptResellerCompany(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	inv, err := InviteReseller(bg, db, actor(t, db, "distributor"), "成都新云科技有限公司", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		company string
		want    error
	}{
		{"", ErrCompanyRequired},
		{"   ", ErrCompanyRequired},
		{strings.Repeat("云", 129), ErrCompanyTooLong},
	} {
		in := resellerSignUp("cdxy")
		in.CompanyName = tc.company
		if _, err := AcceptResellerInvitation(bg, db, Actor{}, inv.Token, in, testNow); !errors.Is(err, tc.want) {
			t.Errorf("company %q: %v, want %v", tc.company, err, tc.want)
		}
	}
	in := resellerSignUp("cdxy")
	in.CompanyName = " " + strings.Repeat("云", 128) + " "
	if p, err := AcceptResellerInvitation(bg, db, Actor{}, inv.Token, in, testNow); err != nil || p.Name != strings.Repeat("云", 128) {
		t.Errorf("128 characters: %v", err)
	}
}
