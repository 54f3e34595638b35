package models

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// managedBy is a customer of partnerID whose account manager is userID (0: one without manager).
func managedBy(t *testing.T, db *gorm.DB, partnerID, userID uint64) *Customer {
	t.Helper()
	var c Customer
	q := db.Where("partner_id = ?", partnerID)
	if userID == 0 {
		q = q.Where("account_manager_id IS NULL")
	} else {
		q = q.Where("account_manager_id = ?", userID)
	}
	if err := q.Order("id").First(&c).Error; err != nil {
		t.Fatalf("a customer of %d managed by %d: %v", partnerID, userID, err)
	}
	return &c
}

// consistent checks the invariants `partnerhub check` checks, the customer counters among them.
func consistent(t *testing.T, db *gorm.DB) {
	t.Helper()
	if report, err := Check(bg, db); err != nil || len(report) > 0 {
		t.Fatalf("check: %v %v", report, err)
	}
}

func TestSetCustomerLabel(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	prov, sales := actor(t, db, "provider"), actor(t, db, "provider-sales")
	mine := managedBy(t, db, prov.PartnerID, sales.UserID)
	theirs := managedBy(t, db, prov.PartnerID, actor(t, db, "provider-sales2").UserID)
	reseller := partnerByAccount(t, db, "reseller")
	resellers := managedBy(t, db, reseller.ID, 0)
	for _, tc := range []struct {
		name  string
		a     Actor
		id    uint64
		label string
		want  error
	}{
		{"the admin labels any customer", prov, theirs.ID, " 华东重点 ", nil},
		{"a sales member labels one it manages", sales, mine.ID, "续费关注", nil},
		{"a sales member clears its label", sales, mine.ID, "", nil},
		{"not one it does not manage", sales, theirs.ID, "x", ErrForbidden},
		{"nor one without manager", sales, managedBy(t, db, prov.PartnerID, 0).ID, "x", ErrForbidden},
		{"finance may not", actor(t, db, "provider-finance"), theirs.ID, "x", ErrForbidden},
		{"a viewer may not", actor(t, db, "provider-viewer"), theirs.ID, "x", ErrForbidden},
		{"a customer user may not", actor(t, db, "customer"), theirs.ID, "x", ErrForbidden},
		{"another partner's customer is not found", actor(t, db, "distributor"), theirs.ID, "x", ErrNotFound},
		{"a reseller's, seen by its master distributor, is the reseller's", actor(t, db, "distributor"), resellers.ID, "x", ErrResellersCustomer},
		{"the reseller labels its own", actor(t, db, "reseller"), resellers.ID, "经销商标签", nil},
		{"no control character", prov, theirs.ID, "a\x07b", ErrTextInvalid},
		{"at most 64 characters", prov, theirs.ID, strings.Repeat("标", 65), ErrTextTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.label'")
			c, err := SetCustomerLabel(bg, db, tc.a, tc.id, tc.label, testNow)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			after := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.label'")
			if tc.want != nil {
				if after != before {
					t.Errorf("refused but audited")
				}
				return
			}
			want := strings.TrimSpace(tc.label)
			var stored Customer
			db.First(&stored, tc.id)
			if stored.Label != want || c.Label != want || after != before+1 {
				t.Errorf("stored %q, returned %q, audited %d", stored.Label, c.Label, after-before)
			}
			if want != "" && count(t, db, "SELECT COUNT(*) FROM labels WHERE partner_id = ? AND name = ?", *stored.PartnerID, want) != 1 {
				t.Errorf("the label is not among the partner's")
			}
			list, err := ListCustomers(bg, db, tc.a, CustomerFilter{Label: want})
			if err != nil || want != "" && (list.Total < 1 || len(list.Rows) < 1) {
				t.Errorf("the list filtered by %q: %v %+v", want, err, list)
			}
			consistent(t, db)
		})
	}
	// the same label again changes nothing and audits nothing
	n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.label'")
	if _, err := SetCustomerLabel(bg, db, prov, theirs.ID, "华东重点", testNow); err != nil ||
		count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.label'") != n {
		t.Errorf("the same label again: %v", err)
	}
}

func TestAssignAccountManager(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	prov, sales, sales2 := actor(t, db, "provider"), actor(t, db, "provider-sales"), actor(t, db, "provider-sales2")
	c := managedBy(t, db, prov.PartnerID, sales.UserID)
	reseller := partnerByAccount(t, db, "reseller")
	resellers := managedBy(t, db, reseller.ID, 0)
	for _, tc := range []struct {
		name    string
		a       Actor
		id, mgr uint64
		want    error
	}{
		{"the admin assigns a sales member", prov, c.ID, sales2.UserID, nil},
		{"the admin assigns itself", prov, c.ID, prov.UserID, nil},
		{"and no one", prov, c.ID, 0, nil},
		{"not a finance member", prov, c.ID, actor(t, db, "provider-finance").UserID, ErrNotAManager},
		{"not a viewer", prov, c.ID, actor(t, db, "provider-viewer").UserID, ErrNotAManager},
		{"another partner's member is not found", prov, c.ID, actor(t, db, "distributor-sales").UserID, ErrNotFound},
		{"a customer user is not found", prov, c.ID, actor(t, db, "customer").UserID, ErrNotFound},
		{"a user that does not exist is not found", prov, c.ID, 1 << 40, ErrNotFound},
		{"another partner's customer is not found, whoever the member", actor(t, db, "distributor"), c.ID,
			actor(t, db, "provider-finance").UserID, ErrNotFound},
		{"a sales member may not assign", sales, c.ID, sales.UserID, ErrForbidden},
		{"another partner's customer is not found", actor(t, db, "distributor"), c.ID, 0, ErrNotFound},
		{"a master distributor may not assign its members to a reseller's customer", actor(t, db, "distributor"), resellers.ID,
			actor(t, db, "distributor-sales").UserID, ErrResellersCustomer},
		{"the reseller's admin assigns its sales member", actor(t, db, "reseller"), resellers.ID, actor(t, db, "reseller-sales").UserID, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.assign_manager'")
			_, err := AssignAccountManager(bg, db, tc.a, tc.id, tc.mgr, testNow)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			after := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.assign_manager'")
			if tc.want != nil {
				if after != before {
					t.Errorf("refused but audited")
				}
				return
			}
			var stored Customer
			db.First(&stored, tc.id)
			if got := derefUint(stored.AccountManagerID); got != tc.mgr || after != before+1 {
				t.Errorf("manager %d, want %d; audited %d", got, tc.mgr, after-before)
			}
		})
	}
	// a member disabled is no longer offered nor accepted
	db.Model(&User{}).Where("id = ?", sales2.UserID).Update("disabled", true)
	if _, err := AssignAccountManager(bg, db, prov, c.ID, sales2.UserID, testNow); !errors.Is(err, ErrNotAManager) {
		t.Errorf("a disabled member: %v", err)
	}
	choices, err := AccountManagerChoices(bg, db, prov)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range choices {
		if u.ID == sales2.UserID || !u.Roles.Has(RoleAdmin, RoleSales) || *u.PartnerID != prov.PartnerID {
			t.Errorf("offered %s", u.Username)
		}
	}
	if len(choices) < 2 {
		t.Errorf("offered %d members", len(choices))
	}
}

func derefUint(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

func TestCreateSubCustomerManaged(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	prov, sales := actor(t, db, "provider"), actor(t, db, "provider-sales")
	sales2 := actor(t, db, "provider-sales2")
	// the admin names the label and the manager; no external reference is needed
	c, err := CreateSubCustomer(bg, db, prov, SubCustomerInput{DomainName: "console_new1", Mode: Consignment, Label: "新客户", ManagerID: sales2.UserID}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var stored Customer
	db.First(&stored, c.ID)
	if stored.Label != "新客户" || derefUint(stored.AccountManagerID) != sales2.UserID || stored.Mode != Consignment || *stored.PartnerID != prov.PartnerID {
		t.Errorf("stored %+v", stored)
	}
	if _, err := CreateSubCustomer(bg, db, prov, SubCustomerInput{DomainName: "console_new2", Mode: Advisory}, testNow); err != nil {
		t.Errorf("a second customer without external reference: %v", err)
	}
	consistent(t, db)
	// a sales member is the manager of the customer it creates, and names no one else
	c, err = CreateSubCustomer(bg, db, sales, SubCustomerInput{DomainName: "console_new3", Mode: Advisory, Label: "自建"}, testNow)
	if err != nil || derefUint(c.AccountManagerID) != sales.UserID || c.Label != "自建" {
		t.Errorf("created by sales: %v %+v", err, c)
	}
	if _, err := CreateSubCustomer(bg, db, sales, SubCustomerInput{DomainName: "console_new4", Mode: Advisory, ManagerID: sales2.UserID}, testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a sales member naming another manager: %v", err)
	}
	// a master distributor creates for a reseller, without label or manager
	dist, reseller := actor(t, db, "distributor"), partnerByAccount(t, db, "reseller")
	in := SubCustomerInput{DomainName: "console_new5", Mode: Advisory, ResellerID: reseller.ID, Label: "x"}
	if _, err := CreateSubCustomer(bg, db, dist, in, testNow); !errors.Is(err, ErrResellersCustomer) {
		t.Errorf("a label on a reseller's new customer: %v", err)
	}
	// an admin's manager must be able to manage; nothing is created
	n := count(t, db, "SELECT COUNT(*) FROM customers")
	in = SubCustomerInput{DomainName: "console_new6", Mode: Advisory, ManagerID: actor(t, db, "provider-finance").UserID}
	if _, err := CreateSubCustomer(bg, db, prov, in, testNow); !errors.Is(err, ErrNotAManager) || count(t, db, "SELECT COUNT(*) FROM customers") != n {
		t.Errorf("a finance member as manager: %v", err)
	}
	// every field wrong is said at once
	_, err = CreateSubCustomer(bg, db, prov, SubCustomerInput{DomainName: "a b", MobilePhone: "12", Password: "short", Label: "a\x00", Mode: 9}, testNow)
	var fes FieldErrors
	if !errors.As(err, &fes) {
		t.Fatalf("not field errors: %v", err)
	}
	got := map[string]bool{}
	for _, fe := range fes {
		got[fe.Field] = true
	}
	for _, f := range []string{"domain_name", "mobile_phone", "password", "label", "cooperation_type"} {
		if !got[f] {
			t.Errorf("%s not refused: %v", f, err)
		}
	}
	if count(t, db, "SELECT COUNT(*) FROM customers") != n {
		t.Errorf("refused but created")
	}
}

func TestBatchLabelAndManager(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	prov, sales := actor(t, db, "provider"), actor(t, db, "provider-sales")
	mine := managedBy(t, db, prov.PartnerID, sales.UserID)
	theirs := managedBy(t, db, prov.PartnerID, actor(t, db, "provider-sales2").UserID)
	resellers := managedBy(t, db, partnerByAccount(t, db, "reseller").ID, 0)
	ids := []uint64{mine.ID, theirs.ID, mine.ID, 1 << 40}

	// a sales member: its own customer labelled; the colleague's refused by name; the unknown unnamed
	out, err := SetCustomersLabel(bg, db, sales, ids, "批量", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Done) != 1 || out.Done[0].ID != mine.ID || len(out.Refused) != 2 {
		t.Fatalf("done %d, refused %+v", len(out.Done), out.Refused)
	}
	for _, r := range out.Refused {
		switch r.CustomerID {
		case theirs.ID:
			if !errors.Is(r.Err, ErrForbidden) || r.Name != theirs.AccountName {
				t.Errorf("the colleague's customer: %+v", r)
			}
		default:
			if !errors.Is(r.Err, ErrNotFound) || r.Name != "" {
				t.Errorf("an unknown customer: %+v", r)
			}
		}
	}
	// the admin: both labelled; a master distributor: its reseller's refused
	if out, err = SetCustomersLabel(bg, db, prov, []uint64{mine.ID, theirs.ID}, "批量", testNow); err != nil || len(out.Done) != 2 || len(out.Refused) != 0 {
		t.Errorf("the admin's batch: %v %+v", err, out)
	}
	if out, err = SetCustomersLabel(bg, db, actor(t, db, "distributor"), []uint64{resellers.ID}, "x", testNow); err != nil ||
		len(out.Refused) != 1 || !errors.Is(out.Refused[0].Err, ErrResellersCustomer) {
		t.Errorf("a reseller's customer in a batch: %v %+v", err, out)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM customers WHERE label = '批量'"); n != 2 {
		t.Errorf("%d customers labelled", n)
	}
	consistent(t, db)
	// the whole batch is refused for a bad label, no customer, or too many
	if _, err := SetCustomersLabel(bg, db, prov, []uint64{mine.ID}, "a\x00", testNow); !errors.Is(err, ErrTextInvalid) {
		t.Errorf("a bad label: %v", err)
	}
	if _, err := SetCustomersLabel(bg, db, prov, nil, "x", testNow); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no customer: %v", err)
	}
	many := make([]uint64, MaxCustomersPerBatch+1)
	for i := range many {
		many[i] = uint64(i + 1)
	}
	if _, err := SetCustomersLabel(bg, db, prov, many, "x", testNow); !errors.Is(err, ErrTooManyCustomers) {
		t.Errorf("too many: %v", err)
	}
	// managers: the admin only, an eligible member only
	sales2 := actor(t, db, "provider-sales2")
	if out, err = AssignAccountManagers(bg, db, prov, []uint64{mine.ID, theirs.ID}, sales2.UserID, testNow); err != nil || len(out.Done) != 2 {
		t.Errorf("the admin assigns two: %v %+v", err, out)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM customers WHERE id IN (?, ?) AND account_manager_id = ?", mine.ID, theirs.ID, sales2.UserID); n != 2 {
		t.Errorf("%d assigned", n)
	}
	if _, err := AssignAccountManagers(bg, db, sales, []uint64{mine.ID}, sales.UserID, testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a sales member assigns: %v", err)
	}
	if _, err := AssignAccountManagers(bg, db, prov, []uint64{mine.ID}, actor(t, db, "provider-finance").UserID, testNow); !errors.Is(err, ErrNotAManager) {
		t.Errorf("a finance member: %v", err)
	}
}
