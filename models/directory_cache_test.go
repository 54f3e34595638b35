package models

import (
	"context"
	"slices"
	"testing"

	"gorm.io/gorm"

	"partnerhub/internal/testfixture"
	"partnerhub/store"
)

// The directory's copy is read at the database's generation: a write is seen by the very next
// read, whether a use case made it here or another process (another server, the CLI) did, and
// writes that change nothing the copy holds leave the generation alone.
func TestDirectoryCacheSeesWrites(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	a, ap := actor(t, db, "distributor"), actor(t, db, "provider") // ap: labels its own customers
	var path string
	if store.IsPostgres(db) {
		var name string
		db.Raw("SELECT current_database()").Scan(&name)
		path, _ = testfixture.PGDSN(name)
	} else {
		db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&path)
	}
	other, err := store.Open(path) // a second server's pool on the same database
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(other)
	pool, _ := db.DB()
	gen := func() int64 {
		g, err := directoryGeneration(pool)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	resellers, err := ListResellers(ctx, db, a)
	if err != nil || len(resellers) == 0 {
		t.Fatalf("resellers: %v %v", resellers, err)
	}
	reseller := resellers[0]
	managers, _ := ListAccountManagers(ctx, db, a)
	manager := managers[0]
	// warm every list, twice (the second from the copy)
	for range 2 {
		ListLabels(ctx, db, ap)
		ListAccountManagers(ctx, db, a)
		AccountManagerChoices(ctx, db, a)
		ListResellers(ctx, db, a)
		GetPartner(ctx, db, a.PartnerID)
		NamesOf(ctx, db, []uint64{manager.ID})
		UsernamesOf(ctx, db, []uint64{manager.ID})
		PartnerNamesOf(ctx, db, []uint64{reseller.ID})
	}

	// a use case's label
	c := firstCustomerOf(t, db, ap.PartnerID)
	if _, err := SetCustomerLabel(ctx, db, ap, c.ID, "缓存新标签", testNow); err != nil {
		t.Fatal(err)
	}
	if labels, _ := ListLabels(ctx, db, ap); !slices.Contains(labels, "缓存新标签") {
		t.Errorf("a new label is not listed: %v", labels)
	}

	// another server's writes, in SQL
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE partners SET name = ? WHERE id = ?", []any{"改名的经销商", reseller.ID}},
		{"UPDATE partners SET can_expand = NOT can_expand WHERE id = ?", []any{a.PartnerID}},
		{"UPDATE users SET display_name = ?, username = ? WHERE id = ?", []any{"改名的客户经理", "renamed-manager", manager.ID}},
		{"DELETE FROM labels WHERE name = ?", []any{"缓存新标签"}},
		{"INSERT INTO users (username, password_hash, display_name, kind, partner_id, roles, disabled, created_at) VALUES (?, '', ?, 'partner', ?, ?, false, ?)",
			[]any{"new-member", "新成员", a.PartnerID, RoleSales, testNow}},
	} {
		if err := other.Exec(stmt.sql, stmt.args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	p, _ := GetPartner(ctx, db, a.PartnerID)
	var want bool
	db.Raw("SELECT can_expand FROM partners WHERE id = ?", a.PartnerID).Scan(&want)
	if p.CanExpand != want {
		t.Error("GetPartner answers the partner as it was")
	}
	if rs, _ := ListResellers(ctx, db, a); !slices.ContainsFunc(rs, func(p Partner) bool { return p.Name == "改名的经销商" }) {
		t.Errorf("a renamed reseller is listed by its old name: %v", rs)
	}
	if n, _ := PartnerNamesOf(ctx, db, []uint64{reseller.ID}); n[reseller.ID] != "改名的经销商" {
		t.Errorf("partner name: %q", n[reseller.ID])
	}
	if n, _ := NamesOf(ctx, db, []uint64{manager.ID}); n[manager.ID] != "改名的客户经理" {
		t.Errorf("member name: %q", n[manager.ID])
	}
	if n, _ := UsernamesOf(ctx, db, []uint64{manager.ID}); n[manager.ID] != "renamed-manager" {
		t.Errorf("member's sign-in name: %q", n[manager.ID])
	}
	if labels, _ := ListLabels(ctx, db, ap); slices.Contains(labels, "缓存新标签") {
		t.Errorf("a deleted label is listed: %v", labels)
	}
	hasNew := func(us []User) bool {
		return slices.ContainsFunc(us, func(u User) bool { return u.Username == "new-member" })
	}
	if ms, _ := ListAccountManagers(ctx, db, a); !hasNew(ms) {
		t.Error("a new member is not among the account managers")
	}
	if ms, _ := AccountManagerChoices(ctx, db, a); !hasNew(ms) {
		t.Error("a new sales member is not among the managers to choose")
	}
	if ms, _ := ListAccountManagers(ctx, db, a); slices.ContainsFunc(ms, func(u User) bool { return u.PasswordHash != "" }) {
		t.Error("the kept members carry password hashes")
	}

	// a new customer's user, a sign-in's time and a customer's label already defined move nothing
	g := gen()
	if err := other.Exec("INSERT INTO users (username, password_hash, display_name, kind, roles, disabled, created_at) VALUES ('cust-x', '', 'x', 'customer', 0, false, ?)", testNow).Error; err != nil {
		t.Fatal(err)
	}
	other.Exec("UPDATE users SET last_sign_in_at = ? WHERE id = ?", testNow, manager.ID)
	c2 := firstCustomerOf(t, db, ap.PartnerID, c.ID)
	if _, err := SetCustomerLabel(ctx, db, ap, c2.ID, "缓存新标签", testNow); err != nil { // defines it again: one move
		t.Fatal(err)
	}
	g2 := gen()
	if _, err := SetCustomerLabel(ctx, db, ap, c.ID, "", testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := SetCustomerLabel(ctx, db, ap, c.ID, "缓存新标签", testNow); err != nil { // defined: no move
		t.Fatal(err)
	}
	if g2 != g+1 || gen() != g2 {
		t.Errorf("generation %d → %d → %d: only the new label should move it", g, g2, gen())
	}

	// a request's snapshot reads the generation once: a later write is seen by the next request
	snap := WithDirectorySnapshot(ctx)
	if p, _ := GetPartner(snap, db, a.PartnerID); p.Name == "快照后的名字" {
		t.Fatal("renamed already")
	}
	other.Exec("UPDATE partners SET name = ? WHERE id = ?", "快照后的名字", a.PartnerID)
	if p, _ := GetPartner(snap, db, a.PartnerID); p.Name == "快照后的名字" {
		t.Error("a request's snapshot moved")
	}
	if p, _ := GetPartner(WithDirectorySnapshot(ctx), db, a.PartnerID); p.Name != "快照后的名字" {
		t.Errorf("the next request reads %q", p.Name)
	}

	// in a transaction, its own writes count
	db.Transaction(func(tx *gorm.DB) error {
		tx.Exec("UPDATE partners SET name = ? WHERE id = ?", "事务中的名字", a.PartnerID)
		if p, _ := GetPartner(ctx, tx, a.PartnerID); p.Name != "事务中的名字" {
			t.Errorf("in its transaction, the partner is %q", p.Name)
		}
		return errRollback
	})
	if p, _ := GetPartner(ctx, db, a.PartnerID); p.Name == "事务中的名字" {
		t.Error("a rolled back name is kept")
	}
}

var errRollback = newError("TEST", "err.invalid", "roll back")

// firstCustomerOf is one of the partner's own customers, other than those in not.
func firstCustomerOf(t *testing.T, db *gorm.DB, partnerID uint64, not ...uint64) *Customer {
	var c Customer
	q := db.Where("partner_id = ?", partnerID)
	if len(not) > 0 {
		q = q.Where("id NOT IN ?", not)
	}
	if err := q.Order("id").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	return &c
}

func BenchmarkDirectoryLists(b *testing.B) {
	db := demoDB(b)
	ctx := context.Background()
	a := actor(b, db, "distributor")
	for b.Loop() {
		GetPartner(ctx, db, a.PartnerID)
		ListResellers(ctx, db, a)
		ListAccountManagers(ctx, db, a)
		ListLabels(ctx, db, a)
	}
}

// The dashboard's totals come from the counters summed over labels: they agree with the rows.
func TestPartnerDashboardCounts(t *testing.T) {
	db := demoDB(t)
	a := actor(t, db, "distributor")
	d, err := PartnerDashboard(context.Background(), db, a, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := count(t, db, "SELECT COUNT(*) FROM customers WHERE top_partner_id = ?", a.PartnerID); d.Customers != want || want == 0 {
		t.Errorf("customers %d, want %d", d.Customers, want)
	}
	if want := count(t, db, "SELECT COUNT(*) FROM customers WHERE top_partner_id = ? AND mode = ?", a.PartnerID, Consignment); d.ByMode[Consignment] != want {
		t.Errorf("consignment %d, want %d", d.ByMode[Consignment], want)
	}
	if want := count(t, db, "SELECT COUNT(*) FROM customers WHERE top_partner_id = ? AND verified_status = ?", a.PartnerID, Verified); d.ByVerified[Verified] != want {
		t.Errorf("verified %d, want %d", d.ByVerified[Verified], want)
	}
	if len(d.Resellers) == 0 {
		t.Fatal("no resellers")
	}
	for _, r := range d.Resellers {
		if want := count(t, db, "SELECT COUNT(*) FROM customers WHERE partner_id = ?", r.Partner.ID); r.Customers != want {
			t.Errorf("reseller %s: %d, want %d", r.Partner.Name, r.Customers, want)
		}
	}
}
