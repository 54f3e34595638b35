package models

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// The entries' ordinals: the time rule that keeps them in time order, range totals counted from
// them against a count of the range, under concurrency and after numbering an older database.

// ordinalWorld is the demo world with a few more moves at known times: the provider allocates
// and reclaims, the distributor funds a reseller; two transfers share a time.
type ordinalWorld struct {
	db          *gorm.DB
	provider    Actor
	distributor Actor
	customers   []uint64
	base        time.Time // the first of the moves' times
}

func newOrdinalWorld(t *testing.T) *ordinalWorld {
	t.Helper()
	return newOrdinalWorldOn(t, demoCopy(t))
}

// newOrdinalWorldOn is the ordinal world on db, a seeded demo world.
func newOrdinalWorldOn(t *testing.T, db *gorm.DB) *ordinalWorld {
	t.Helper()
	w := &ordinalWorld{db: db, provider: actor(t, db, "provider"), distributor: actor(t, db, "distributor"), base: testNow.Add(48 * time.Hour)}
	db.Model(&Customer{}).Where("partner_id = ? AND mode = ? AND frozen = 0", w.provider.PartnerID, Consignment).Limit(3).Pluck("id", &w.customers)
	if len(w.customers) < 2 {
		t.Fatal("the demo provider has too few consignment customers")
	}
	ctx, reseller := context.Background(), partnerByAccount(t, db, "reseller").ID
	moves := []struct {
		at   time.Duration
		move func(now time.Time) (*Transfer, error)
	}{
		{0, func(now time.Time) (*Transfer, error) {
			return Allocate(ctx, db, w.provider, w.customers[0], yuan(10), now)
		}},
		{time.Hour, func(now time.Time) (*Transfer, error) {
			return Allocate(ctx, db, w.provider, w.customers[1], yuan(20), now)
		}},
		{2 * time.Hour, func(now time.Time) (*Transfer, error) {
			return Reclaim(ctx, db, w.provider, w.customers[0], yuan(5), now)
		}},
		{2 * time.Hour, func(now time.Time) (*Transfer, error) {
			return Allocate(ctx, db, w.provider, w.customers[0], yuan(1), now)
		}},
		{3 * time.Hour, func(now time.Time) (*Transfer, error) {
			return FundReseller(ctx, db, w.distributor, reseller, yuan(30), now)
		}},
		{4 * time.Hour, func(now time.Time) (*Transfer, error) {
			return Reclaim(ctx, db, w.provider, w.customers[1], yuan(20), now)
		}},
		{5 * time.Hour, func(now time.Time) (*Transfer, error) {
			return ReclaimFromReseller(ctx, db, w.distributor, reseller, yuan(10), now)
		}},
	}
	// the moves are made by today's use cases, which look for the customer's arrears (version 17)
	// as they allocate: a legacy database gets the table for them, and loses it again after
	legacy := !db.Migrator().HasTable(&Arrears{})
	if legacy {
		if err := db.AutoMigrate(&Arrears{}); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range moves {
		if _, err := m.move(w.base.Add(m.at)); err != nil {
			t.Fatalf("move %d: %v", i, err)
		}
	}
	if legacy {
		if err := db.Migrator().DropTable(&Arrears{}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// span is a time range of a table of totals; zero bounds are none.
type span struct {
	name     string
	from, to time.Time
}

// spans are the ranges the totals are checked on: around and at the moves' times, so that an
// entry lies exactly at a from and at a to, and ranges before and after everything.
func (w *ordinalWorld) spans() []span {
	h := func(n int) time.Time { return w.base.Add(time.Duration(n) * time.Hour) }
	return []span{
		{"all", time.Time{}, time.Time{}},
		{"from an entry's time", h(2), time.Time{}},
		{"to an entry's time", time.Time{}, h(2)},
		{"from one entry to another", h(1), h(4)},
		{"two entries of one time", h(2), h(2).Add(time.Nanosecond)},
		{"just after an entry", h(2).Add(time.Nanosecond), h(3)},
		{"empty", h(3), h(3)},
		{"before everything", time.Time{}, testNow.AddDate(-5, 0, 0)},
		{"after everything", h(6), time.Time{}},
		{"the demo world and the moves", testNow.AddDate(0, -2, 0), h(5)},
	}
}

// checkTotals compares the statement and adjust-record totals of every span, with and without a
// kind, with a count of the rows.
func (w *ordinalWorld) checkTotals(t *testing.T, spans []span) {
	t.Helper()
	ctx := context.Background()
	kindSets := [][]TransferKind{nil, {KindAllocate}, {KindReclaim}, {KindDeposit}, {KindResellerFund}, {KindAllocate, KindReclaim, KindAllocate}}
	for _, a := range []Actor{w.provider, w.distributor} {
		var ac Account
		if err := w.db.Where("kind = ? AND partner_id = ?", PartnerAccount, a.PartnerID).First(&ac).Error; err != nil {
			t.Fatal(err)
		}
		for _, s := range spans {
			for _, kinds := range kindSets {
				name := fmt.Sprintf("partner %d, %s, kinds %v", a.PartnerID, s.name, kinds)
				var want int64
				if err := statementQuery(ctx, w.db, ac.ID, kinds, s.from, s.to).Count(&want).Error; err != nil {
					t.Fatal(err)
				}
				page, err := PartnerStatementFor(ctx, w.db, a, StatementQuery{Kinds: kinds, From: s.from, To: s.to, Limit: 5})
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != want {
					t.Errorf("%s: statement total %d, want %d", name, page.Total, want)
				}
				w.checkAdjustTotal(t, name, a, kinds, s)
			}
		}
	}
}

func (w *ordinalWorld) checkAdjustTotal(t *testing.T, name string, a Actor, kinds []TransferKind, s span) {
	t.Helper()
	q := AdjustQuery{Kinds: kinds, From: s.from, To: s.to, Limit: 5}
	asked := kinds
	if len(asked) == 0 {
		asked = adjustKinds
	} else if asked[0] == KindDeposit {
		q.Kinds, asked = []TransferKind{KindAllocate}, []TransferKind{KindAllocate} // not an adjust kind
	}
	got, err := ListAdjustRecordsFor(context.Background(), w.db, a, q)
	if err != nil {
		t.Fatal(err)
	}
	rows := w.db.Model(&Transfer{}).Where("partner_id = ? AND kind IN ?", a.PartnerID, asked)
	if !s.from.IsZero() {
		rows = rows.Where("created_at >= ?", s.from)
	}
	if !s.to.IsZero() {
		rows = rows.Where("created_at < ?", s.to)
	}
	var want int64
	if err := rows.Count(&want).Error; err != nil {
		t.Fatal(err)
	}
	if got.Total != want {
		t.Errorf("%s: adjust records total %d, want %d", name, got.Total, want)
	}
}

func TestRangeTotalsFromOrdinals(t *testing.T) {
	t.Parallel()
	w := newOrdinalWorld(t)
	mustCheck(t, w.db)
	w.checkTotals(t, w.spans())
	// the page of a range is the newest of it, in the order of the ordinals
	page, err := PartnerStatement(context.Background(), w.db, w.provider, StatementFilter{From: w.base, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 5 || len(page.Rows) != 5 {
		t.Fatalf("provider's statement since the moves: %d of %d rows, want 5", len(page.Rows), page.Total)
	}
	for i := 1; i < len(page.Rows); i++ {
		if page.Rows[i].Seq != page.Rows[i-1].Seq-1 {
			t.Errorf("row %d has ordinal %d after %d", i, page.Rows[i].Seq, page.Rows[i-1].Seq)
		}
	}
}

// An entry posted with an earlier clock than its account's last entry takes the last entry's
// time, on both of its accounts, and the ordinals stay in time order.
func TestEntryTimeNeverGoesBack(t *testing.T) {
	t.Parallel()
	w := newOrdinalWorld(t)
	ctx, late := context.Background(), w.base.Add(5*time.Hour)
	// the provider's last entry is at base+4h (a reclaim); the customer's is earlier
	cases := []struct {
		name string
		move func() (*Transfer, error)
		want time.Time
	}{
		{"a debit of an account with a later entry", func() (*Transfer, error) {
			return Allocate(ctx, w.db, w.provider, w.customers[1], yuan(1), w.base)
		}, w.base.Add(4 * time.Hour)},
		{"a credit of an account with a later entry", func() (*Transfer, error) {
			return Reclaim(ctx, w.db, w.provider, w.customers[0], yuan(1), w.base.Add(time.Hour))
		}, w.base.Add(4 * time.Hour)},
		{"a later clock", func() (*Transfer, error) {
			return Allocate(ctx, w.db, w.provider, w.customers[0], yuan(1), late)
		}, late},
		{"back again", func() (*Transfer, error) {
			return Reclaim(ctx, w.db, w.provider, w.customers[1], yuan(1), w.base)
		}, late},
	}
	for _, c := range cases {
		tr, err := c.move()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !tr.CreatedAt.Equal(c.want) {
			t.Errorf("%s: transfer at %v, want %v", c.name, tr.CreatedAt, c.want)
		}
		var es []Entry
		w.db.Where("transfer_id = ?", tr.ID).Find(&es)
		for _, e := range es {
			var ac Account
			w.db.First(&ac, e.AccountID)
			if !e.CreatedAt.Equal(c.want) || ac.LastEntryAt == nil || !ac.LastEntryAt.Equal(c.want) || ac.EntrySeq != e.Seq {
				t.Errorf("%s: entry on account %d at %v (#%d), account's last at %v (#%d)", c.name, e.AccountID, e.CreatedAt, e.Seq,
					ac.LastEntryAt, ac.EntrySeq)
			}
		}
	}
	mustCheck(t, w.db)
	w.checkTotals(t, w.spans())
}

// Many goroutines move money through the group committer, each with its own clock, a few
// seconds apart and out of order; afterwards the ordinals hold and count every range right.
func TestOrdinalsUnderConcurrency(t *testing.T) {
	t.Parallel()
	w := newOrdinalWorld(t)
	ctx := context.Background()
	reseller := partnerByAccount(t, w.db, "reseller").ID
	start := w.base.Add(6 * time.Hour)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 11))
			for range 30 {
				now := start.Add(time.Duration(rng.IntN(60)) * time.Second)
				c := w.customers[rng.IntN(2)]
				var err error
				switch rng.IntN(4) {
				case 0:
					_, err = Allocate(ctx, w.db, w.provider, c, yuan(1+rng.Int64N(50)), now)
				case 1:
					_, err = Reclaim(ctx, w.db, w.provider, c, yuan(1+rng.Int64N(20)), now)
				case 2:
					_, err = FundReseller(ctx, w.db, w.distributor, reseller, yuan(1+rng.Int64N(50)), now)
				default:
					_, err = ReclaimFromReseller(ctx, w.db, w.distributor, reseller, yuan(1+rng.Int64N(20)), now)
				}
				if err != nil && err != ErrInsufficientBalance {
					t.Errorf("goroutine %d: %v", g, err)
				}
			}
		})
	}
	wg.Wait()
	mustCheck(t, w.db)
	spans := w.spans()
	for s := 0; s <= 60; s += 7 {
		at := start.Add(time.Duration(s) * time.Second)
		spans = append(spans, span{fmt.Sprintf("from second %d", s), at, time.Time{}},
			span{fmt.Sprintf("seconds %d to %d", s, s+10), at, at.Add(10 * time.Second)})
	}
	w.checkTotals(t, spans)
}

// A database written before entries had ordinals is numbered by Migrate, once: one of an earlier
// version (no ordinals' columns, the entries' old indexes, and an entry whose time is before the
// one posted ahead of it), one an earlier version wrote to after a numbering (entries without an
// ordinal), and one whose numbering stopped before the accounts' counters were set.
func TestBackfillOrdinals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		moveBack bool // an entry's time before the one posted ahead of it (numbered entries follow their times)
		legacy   []string
	}{
		{"an earlier version's database", true, []string{
			"DROP INDEX ix_entry_account_seq", "DROP INDEX ix_entry_account_kind_seq",
			"ALTER TABLE entries DROP COLUMN seq", "ALTER TABLE entries DROP COLUMN kind_seq",
			"ALTER TABLE accounts DROP COLUMN entry_seq", "ALTER TABLE accounts DROP COLUMN last_entry_at",
			"CREATE INDEX ix_entry_account ON entries (account_id, created_at)",
			"CREATE INDEX ix_entry_account_kind ON entries (account_id, kind, created_at)",
		}},
		{"entries without ordinals", true, []string{"UPDATE entries SET seq = 0, kind_seq = 0", "UPDATE accounts SET entry_seq = 0, last_entry_at = NULL"}},
		{"counters not set", false, []string{"UPDATE accounts SET entry_seq = 0, last_entry_at = NULL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// a database of the releases before versioning: the demo world as they seeded it
			// (no top-ups, whose transfers would outlive their table), without a version table
			w := newOrdinalWorldOn(t, unversionedDB(t))
			ctx := context.Background()
			var late Transfer
			w.db.Where("partner_id = ?", w.provider.PartnerID).Order("id DESC").First(&late)
			earlier := w.base.Add(90 * time.Minute) // before the transfers posted ahead of it
			if c.moveBack {
				w.db.Model(&Transfer{}).Where("id = ?", late.ID).Update("created_at", earlier)
				w.db.Exec("UPDATE entries SET created_at = ? WHERE transfer_id = ?", earlier, late.ID)
			}
			for _, q := range c.legacy {
				if err := w.db.Exec(q).Error; err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			// those releases had no versioned schema: Migrate adopts the database
			if err := Migrate(ctx, w.db); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, w.db)
			w.checkTotals(t, append(w.spans(), span{"at the moved entry", earlier, earlier.Add(time.Nanosecond)}))
			var before []Entry
			w.db.Order("id").Find(&before)
			if err := Migrate(ctx, w.db); err != nil { // numbered already: nothing changes
				t.Fatal(err)
			}
			var after []Entry
			w.db.Order("id").Find(&after)
			for i := range before {
				if before[i].Seq != after[i].Seq || before[i].KindSeq != after[i].KindSeq {
					t.Fatalf("entry %d renumbered by a second Migrate", before[i].ID)
				}
			}
			// the ledger goes on from the numbers
			if _, err := Allocate(ctx, w.db, w.provider, w.customers[0], yuan(1), w.base); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, w.db)
		})
	}
}
