package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// newCustomerUser makes an unassociated customer account and its user.
func newCustomerUser(t testing.TB, db *gorm.DB, name string, enterpriseID *uint64, verified, ctype int8) (Actor, *Customer) {
	t.Helper()
	c := &Customer{DomainID: DomainID("test-customer/"+name, 0), AccountName: name, RealName: name,
		VerifiedStatus: verified, CustomerType: ctype, EnterpriseID: enterpriseID, CreatedAt: testNow}
	if err := db.Create(c).Error; err != nil {
		t.Fatal(err)
	}
	// GORM writes the columns' default (-1) for a zero value, and 0 is "under review" or "person":
	// set the two statuses as given
	err := db.Model(c).Updates(map[string]any{"verified_status": verified, "customer_type": ctype}).Error
	if err != nil {
		t.Fatal(err)
	}
	c.VerifiedStatus, c.CustomerType = verified, ctype
	u := &User{Username: name, PasswordHash: "-", DisplayName: name, Kind: CustomerUser, CustomerID: &c.ID}
	if err := db.Create(u).Error; err != nil {
		t.Fatal(err)
	}
	return ActorOf(u, "test"), c
}

// worldDigest summarises everything an acceptance may change, to show that a refusal changed nothing.
func worldDigest(t testing.TB, db *gorm.DB) string {
	t.Helper()
	var out string
	for _, q := range []string{
		"SELECT COUNT(*) || '/' || COALESCE(SUM(status), 0) FROM associations",
		"SELECT COALESCE(SUM(COALESCE(association_id, 0) + COALESCE(partner_id, 0) * 7 + mode * 13 + COALESCE(enterprise_id, 0)), 0) FROM customers",
		"SELECT COUNT(*) FROM customers WHERE associated_on IS NOT NULL",
		"SELECT group_concat(partner_id || ':' || mode || ':' || verified_status || '=' || n, ',') FROM customer_counts",
		"SELECT group_concat(id || status || COALESCE(CAST(customer_id AS TEXT), '-'), ',') FROM invitations",
		"SELECT COUNT(*) FROM audit_records",
	} {
		var s string
		if err := db.Raw(portableSQL(q)).Scan(&s).Error; err != nil {
			t.Fatal(err)
		}
		out += s + "|"
	}
	return out
}

func counter(t testing.TB, db *gorm.DB, partnerID uint64, mode Mode, verified int8) int64 {
	t.Helper()
	return count(t, db, "SELECT COALESCE(SUM(n), 0) FROM customer_counts WHERE partner_id = ? AND mode = ? AND verified_status = ?",
		partnerID, mode, verified)
}

func TestAcceptInvitation(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "prospect")
	c := customerOfUser(t, db, "prospect")
	reseller, distributor := partnerByAccount(t, db, "reseller"), partnerByAccount(t, db, "distributor")
	token := DomainID("invitation", 1000)
	inv, err := InvitationByToken(ctx, db, token)
	if err != nil {
		t.Fatal(err)
	}
	if c.AssociationID != nil || c.PartnerID != nil || inv.PartnerID != reseller.ID || inv.EnterpriseID != *c.EnterpriseID {
		t.Fatalf("demo world: prospect %+v, invitation %+v", c, inv)
	}
	n0 := counter(t, db, reseller.ID, inv.Mode, c.VerifiedStatus)
	distTotal := func() int64 {
		l, err := ListCustomers(ctx, db, actor(t, db, "distributor"), CustomerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	dist0 := distTotal()
	at := testNow.Add(90 * time.Minute)

	as, err := AcceptInvitation(ctx, db, a, token, at)
	if err != nil {
		t.Fatal(err)
	}
	if as.ID == 0 || as.CustomerID != c.ID || as.PartnerID != reseller.ID || as.TopPartnerID != distributor.ID ||
		as.Mode != inv.Mode || as.Status != AssociationActive || !as.AssociatedOn.Equal(at) ||
		as.InvitationID == nil || *as.InvitationID != inv.ID {
		t.Errorf("association %+v", as)
	}
	var got Customer
	db.First(&got, c.ID)
	if got.AssociationID == nil || *got.AssociationID != as.ID || got.PartnerID == nil || *got.PartnerID != reseller.ID ||
		got.TopPartnerID == nil || *got.TopPartnerID != distributor.ID || got.Mode != Advisory ||
		got.AssociatedOn == nil || !got.AssociatedOn.Equal(at) || got.EnterpriseID == nil || *got.EnterpriseID != inv.EnterpriseID {
		t.Errorf("customer after acceptance %+v", got)
	}
	if n := counter(t, db, reseller.ID, inv.Mode, c.VerifiedStatus); n != n0+1 {
		t.Errorf("counter %d, want %d", n, n0+1)
	}
	if d := distTotal(); d != dist0+1 {
		t.Errorf("the distributor's total went from %d to %d", dist0, d)
	}
	mustCheck(t, db)
	var after Invitation
	db.First(&after, inv.ID)
	if after.Status != InvitationAccepted || after.AcceptedAt == nil || !after.AcceptedAt.Equal(at) ||
		after.CustomerID == nil || *after.CustomerID != c.ID || after.State(at.Add(30*24*time.Hour)) != InvitationAccepted {
		t.Errorf("invitation after acceptance %+v", after)
	}
	recs := auditOf(t, db, "association.create", c.ID)
	if len(recs) != 1 || recs[0].PartnerID == nil || *recs[0].PartnerID != reseller.ID || recs[0].UserID != a.UserID ||
		recs[0].ObjectType != "customer" || recs[0].After == "" {
		t.Errorf("audit %+v", recs)
	}
	// the reseller and its master distributor see the customer; nobody else does
	for user, visible := range map[string]bool{"reseller": true, "reseller-sales": true, "distributor": true,
		"provider": false, "reseller-sh": false} {
		_, err := GetCustomer(ctx, db, actor(t, db, user), c.ID)
		if visible && err != nil || !visible && !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v", user, err)
		}
	}
	home, err := GetCustomerHome(ctx, db, a, at)
	if err != nil || home.Partner == nil || home.Partner.ID != reseller.ID || home.Association == nil || home.Association.ID != as.ID {
		t.Errorf("home %+v, %v", home, err)
	}
	// the link is used now
	_, err = AcceptInvitation(ctx, db, a, token, at.Add(time.Minute))
	wantErr(t, "accept twice", err, ErrInvitationUsed)
	mustCheck(t, db)
}

// A customer without a verified enterprise takes the invited enterprise as its own; a person
// stays a person. The counters gain a row for a status the partner had none of.
func TestAcceptInvitationSetsEnterprise(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	es := activeEnterprises(t, db, 2)
	gz := partnerByAccount(t, db, "reseller-gz")
	for i, ct := range []int8{CustomerNone, CustomerPerson} {
		a, c := newCustomerUser(t, db, fmt.Sprintf("newcomer%d", i), nil, NotVerified, ct)
		before := counter(t, db, gz.ID, Consignment, NotVerified)
		inv, err := Invite(ctx, db, actor(t, db, "reseller-gz"), InviteInput{EnterpriseID: es[i], Mode: Consignment}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := AcceptInvitation(ctx, db, a, inv.Token, testNow); err != nil {
			t.Fatal(err)
		}
		var got Customer
		db.First(&got, c.ID)
		switch {
		case ct == CustomerNone && (got.EnterpriseID == nil || *got.EnterpriseID != es[i]):
			t.Errorf("unverified customer's enterprise: %v", got.EnterpriseID)
		case ct == CustomerPerson && got.EnterpriseID != nil:
			t.Errorf("a person got enterprise %d", *got.EnterpriseID)
		}
		if n := counter(t, db, gz.ID, Consignment, NotVerified); n != before+1 {
			t.Errorf("counter %d, was %d", n, before)
		}
		mustCheck(t, db)
	}
}

func TestAcceptInvitationRefused(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	customer, prospect := customerOfUser(t, db, "customer"), customerOfUser(t, db, "prospect")
	invite := func(user string, enterpriseID uint64, now time.Time) *Invitation {
		t.Helper()
		inv, err := Invite(ctx, db, actor(t, db, user), InviteInput{EnterpriseID: enterpriseID, Mode: Consignment}, now)
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	toCustomerByReseller := invite("reseller-sales", *customer.EnterpriseID, testNow)
	toCustomerByProvider := invite("provider-sales", *customer.EnterpriseID, testNow)
	expired := invite("reseller-sh", *prospect.EnterpriseID, testNow.Add(-8*24*time.Hour))
	otherEnterprise := invite("provider", activeEnterprises(t, db, 1)[0], testNow)
	justExpired := invite("reseller-gz", *prospect.EnterpriseID, testNow.Add(-InvitationTTL))
	resent := invite("provider-sales2", *prospect.EnterpriseID, testNow)
	oldToken := resent.Token
	if _, err := ResendInvitation(ctx, db, actor(t, db, "provider"), resent.ID, testNow); err != nil {
		t.Fatal(err)
	}
	var used Invitation
	if err := db.Where("status = ?", InvitationAccepted).First(&used).Error; err != nil {
		t.Fatal(err)
	}
	demoToken := DomainID("invitation", 1000)

	cases := []struct {
		name  string
		user  string
		token string
		want  error
	}{
		{"associated with the provider, invited by a reseller", "customer", toCustomerByReseller.Token, ErrAssociatedElsewhere},
		{"associated with the provider, invited by it again", "customer", toCustomerByProvider.Token, ErrAlreadyAssociated},
		{"associated customer, the prospect's invitation", "customer", demoToken, ErrAssociatedElsewhere},
		{"expired", "prospect", expired.Token, ErrInvitationExpired},
		{"expired this instant", "prospect", justExpired.Token, ErrInvitationExpired},
		{"used", "prospect", used.Token, ErrInvitationUsed},
		{"used, by the customer", "customer", used.Token, ErrInvitationUsed},
		{"verified as another enterprise", "prospect", otherEnterprise.Token, ErrInvitationMismatch},
		{"another enterprise's invitation to the customer", "prospect", toCustomerByReseller.Token, ErrInvitationMismatch},
		{"replaced link", "prospect", oldToken, ErrNotFound},
		{"no such link", "prospect", "0123456789abcdef0123456789abcdef0123456789abcdef", ErrNotFound},
		{"empty link", "prospect", "", ErrNotFound},
		{"overlong link", "prospect", demoToken + demoToken + demoToken, ErrNotFound},
		{"partner admin", "reseller", demoToken, ErrForbidden},
		{"partner sales", "provider-sales", toCustomerByProvider.Token, ErrForbidden},
		{"master distributor", "distributor", demoToken, ErrForbidden},
		{"operator", "operator", demoToken, ErrForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := worldDigest(t, db)
			as, err := AcceptInvitation(ctx, db, actor(t, db, c.user), c.token, testNow)
			wantErr(t, "AcceptInvitation", err, c.want)
			if as != nil {
				t.Errorf("an association with the error: %+v", as)
			}
			if after := worldDigest(t, db); after != before {
				t.Errorf("a refused acceptance changed the world:\n%s\n%s", before, after)
			}
		})
	}
	mustCheck(t, db)
	// after all that, the prospect can still take the reseller's invitation
	if _, err := AcceptInvitation(ctx, db, actor(t, db, "prospect"), demoToken, testNow); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

// Two partners' invitations accepted at once by the same customer, from many goroutines: exactly
// one acceptance wins, and the database keeps its invariants.
func TestAcceptInvitationConcurrently(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	type round struct {
		a      Actor
		c      *Customer
		tokens []string
	}
	var rounds []round
	// the demo prospect, invited by the reseller already and now by the provider too
	prospect := customerOfUser(t, db, "prospect")
	byProvider, err := Invite(ctx, db, actor(t, db, "provider-sales"), InviteInput{EnterpriseID: *prospect.EnterpriseID, Mode: Consignment}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	rounds = append(rounds, round{actor(t, db, "prospect"), prospect, []string{DomainID("invitation", 1000), byProvider.Token}})
	// and fresh customers invited by two or three partners
	for i, e := range activeEnterprises(t, db, 4) {
		a, c := newCustomerUser(t, db, fmt.Sprintf("racer%d", i), &e, Verified, CustomerCorp)
		r := round{a: a, c: c}
		for _, user := range []string{"provider", "reseller", "reseller-sh"}[:2+i%2] {
			inv, err := Invite(ctx, db, actor(t, db, user), InviteInput{EnterpriseID: e, Mode: Mode(1 + i%2)}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			r.tokens = append(r.tokens, inv.Token)
		}
		rounds = append(rounds, r)
	}
	const perToken = 3
	for _, r := range rounds {
		before := count(t, db, "SELECT COALESCE(SUM(n), 0) FROM customer_counts")
		var wg sync.WaitGroup
		start := make(chan struct{})
		results := make(chan error, perToken*len(r.tokens))
		for k := 0; k < perToken; k++ {
			for _, tok := range r.tokens {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, err := AcceptInvitation(ctx, db, r.a, tok, testNow)
					results <- err
				}()
			}
		}
		close(start)
		wg.Wait()
		close(results)
		wins := 0
		for err := range results {
			switch {
			case err == nil:
				wins++
			case errors.Is(err, ErrAssociatedElsewhere), errors.Is(err, ErrInvitationUsed), errors.Is(err, ErrAlreadyAssociated):
			default:
				t.Errorf("customer %d: unexpected error %v", r.c.ID, err)
			}
		}
		if wins != 1 {
			t.Errorf("customer %d: %d acceptances won", r.c.ID, wins)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM associations WHERE customer_id = ? AND status = 1", r.c.ID); n != 1 {
			t.Errorf("customer %d: %d active associations", r.c.ID, n)
		}
		accepted := count(t, db, "SELECT COUNT(*) FROM invitations WHERE customer_id = ? AND status = 'accepted'", r.c.ID)
		if accepted != 1 {
			t.Errorf("customer %d: %d invitations accepted", r.c.ID, accepted)
		}
		if n := count(t, db, "SELECT COALESCE(SUM(n), 0) FROM customer_counts"); n != before+1 {
			t.Errorf("customer %d: counters moved by %d", r.c.ID, n-before)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'association.create' AND object_id = ?", r.c.ID); n != 1 {
			t.Errorf("customer %d: %d audit records", r.c.ID, n)
		}
		mustCheck(t, db)
	}
}

// The partial unique index is the last guard: a second active association for a customer is
// refused by the database even if the code's check was passed on a stale read.
func TestSecondActiveAssociationRefused(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	stale := *customerOfUser(t, db, "prospect")
	if _, err := AcceptInvitation(ctx, db, actor(t, db, "prospect"), DomainID("invitation", 1000), testNow); err != nil {
		t.Fatal(err)
	}
	provider := partnerByAccount(t, db, "provider")
	err := db.Transaction(func(tx *gorm.DB) error {
		_, err := associate(tx, &stale, provider, Consignment, nil, testNow)
		return err
	})
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		t.Fatalf("second active association: %v", err)
	}
	mustCheck(t, db)
}
