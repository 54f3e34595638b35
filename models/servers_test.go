package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"partnerhub/store"
)

// Several servers on one database: these tests open the test's database a second time — another
// connection pool and another money committer, as a second `serve` process has — and race the two.
// On SQLite the two meet at the file's write lock; on PostgreSQL their transactions overlap, and
// only the domain's row locks and conditional updates keep the rules.

// secondServer opens db's database again, as another server would; closed when the test ends.
func secondServer(t testing.TB, db *gorm.DB) *gorm.DB {
	t.Helper()
	if store.IsPostgres(db) {
		return openTest(t, db.Dialector.(*postgres.Dialector).Config.DSN)
	}
	var files []struct {
		Name string
		File string
	}
	if err := db.Raw("PRAGMA database_list").Scan(&files).Error; err != nil || len(files) == 0 || files[0].File == "" {
		t.Fatalf("the test database's file: %v %+v", err, files)
	}
	return openTest(t, files[0].File)
}

// sweepRound is what each server's background loops do at now (web/serve.go, sweep_orders.go,
// usage.go), in their order: usage is recorded for the day before, as at a server's start.
func sweepRound(ctx context.Context, db *gorm.DB, now time.Time) error {
	if _, err := ExpireCoupons(ctx, db, now); err != nil {
		return fmt.Errorf("coupon sweep: %w", err)
	}
	if _, err := ProcessPaidOrders(ctx, db, now, 1000); err != nil {
		return fmt.Errorf("order processing: %w", err)
	}
	if _, err := SweepOrders(ctx, db, now, 1000); err != nil {
		return fmt.Errorf("order deadline sweep: %w", err)
	}
	if _, err := SweepResources(ctx, db, now, 1000); err != nil {
		return fmt.Errorf("resource sweep: %w", err)
	}
	for hour := now.Truncate(time.Hour).Add(-24 * time.Hour); hour.Before(now.Truncate(time.Hour)); hour = hour.Add(time.Hour) {
		if _, err := GenerateUsage(ctx, db, hour, now); err != nil {
			return fmt.Errorf("usage generator: %w", err)
		}
	}
	if _, err := RateUsage(ctx, db, RateOptions{Batch: 7}, now); err != nil {
		return fmt.Errorf("usage rating: %w", err)
	}
	if _, err := SweepArrears(ctx, db, now, 1000); err != nil {
		return fmt.Errorf("arrears sweep: %w", err)
	}
	return nil
}

// worldState is what the sweeps change, as counts and sums: two databases that did the same work
// have the same state, whatever their ids.
func worldState(t testing.TB, db *gorm.DB) map[string]int64 {
	t.Helper()
	queries := map[string]string{
		"coupons":      "SELECT COUNT(*) * 1000 + SUM(status) FROM coupons",
		"coupon money": "SELECT SUM(balance) FROM coupons",
		"orders":       "SELECT COUNT(*) * 1000 + SUM(status) FROM orders",
		"resources":    "SELECT COUNT(*) * 1000 + SUM(status) FROM resources",
		"usage":        "SELECT COUNT(*) * 1000 + SUM(state) FROM usage_records",
		"fee records":  "SELECT COUNT(*) FROM fee_records",
		"fees":         "SELECT SUM(official - discount) FROM fee_records",
		"balances":     "SELECT SUM(ABS(balance)) FROM accounts",
		"arrears":      "SELECT COALESCE(SUM(amount), 0) FROM arrears",
		"transfers":    "SELECT COUNT(*) FROM transfers",
		"cycle bills":  "SELECT COUNT(*) FROM cycle_bills",
	}
	out := map[string]int64{}
	for name, q := range queries {
		out[name] = count(t, db, q)
	}
	return out
}

// TestSweepsOnTwoServers runs every background sweep on two servers at once, twice over a week
// and more (coupons expire, payment deadlines pass, resources expire and freeze, usage is rated
// into arrears that then outlive their grace), and compares the result with one server doing the
// same alone: nothing done twice, nothing refused as a race, and the books balance.
func TestSweepsOnTwoServers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	times := []time.Time{testNow.Add(40 * 24 * time.Hour), testNow.Add(48 * 24 * time.Hour)}

	alone := demoCopy(t)
	for _, now := range times {
		if err := sweepRound(ctx, alone, now); err != nil {
			t.Fatalf("one server: %v", err)
		}
	}
	want := worldState(t, alone)

	db := demoCopy(t)
	servers := []*gorm.DB{db, secondServer(t, db)}
	for _, now := range times {
		var wg sync.WaitGroup
		for i, s := range servers {
			wg.Go(func() {
				for range 2 {
					if err := sweepRound(ctx, s, now); err != nil {
						t.Errorf("server %d at %s: %v", i+1, now.Format(time.DateOnly), err)
					}
				}
			})
		}
		wg.Wait()
	}
	got := worldState(t, db)
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %d on two servers, %d on one", name, got[name], w)
		}
	}
	if want["fee records"] == 0 || want["arrears"] == 0 {
		t.Errorf("the sweeps had nothing to do: %v", want)
	}
	mustCheck(t, db)
}

// TestLimitsOnTwoServers races the limits that count — member invitations a day, enabled access
// keys a member, a key-creating form submitted twice — with the attempts split between two
// servers: each limit holds exactly. (Quota balances and money: TestCouponsUnderConcurrency and
// TestLedgerUnderConcurrency race two servers too.)
func TestLimitsOnTwoServers(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	servers := []*gorm.DB{db, secondServer(t, db)}
	race := func(n int, attempt func(s *gorm.DB, i int) error) (ok int, refused []error) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range n {
			wg.Go(func() {
				err := attempt(servers[i%2], i)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
				} else {
					refused = append(refused, err)
				}
			})
		}
		wg.Wait()
		return ok, refused
	}
	only := func(t *testing.T, what string, refused []error, want error) {
		for _, err := range refused {
			if !errors.Is(err, want) {
				t.Errorf("%s: %v, want %v", what, err, want)
			}
		}
	}

	t.Run("member invitations a day", func(t *testing.T) {
		a := actor(t, db, "provider")
		sent, err := SentToday(bg, db, a, testNow)
		if err != nil {
			t.Fatal(err)
		}
		for i := range MaxMemberInvitesPerDay - 3 - int(sent) {
			if err := db.Create(&MemberInvitationSend{PartnerID: a.PartnerID, InvitationID: uint64(i + 1), At: testNow}).Error; err != nil {
				t.Fatal(err)
			}
		}
		ok, refused := race(10, func(s *gorm.DB, i int) error {
			_, err := InviteMember(bg, s, a, MemberInviteInput{By: InviteByMobile, Target: mobileN(500 + i), Roles: Roles(RoleSales)}, testNow)
			return err
		})
		if ok != 3 {
			t.Errorf("%d invitations sent with 3 left today", ok)
		}
		only(t, "invitation", refused, ErrDailyInviteLimit)
	})

	sealer, err := NewSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("access keys a member", func(t *testing.T) {
		a := actor(t, db, "provider")
		held := count(t, db, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", a.UserID)
		ok, refused := race(8, func(s *gorm.DB, i int) error {
			_, err := CreateAccessKey(bg, s, sealer, a, testNow)
			return err
		})
		if held+int64(ok) != MaxActiveAccessKeys || count(t, db, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", a.UserID) != MaxActiveAccessKeys {
			t.Errorf("%d keys created beside %d, at most %d in all", ok, held, MaxActiveAccessKeys)
		}
		only(t, "key", refused, ErrTooManyKeys)
	})
	t.Run("a key form submitted on both", func(t *testing.T) {
		a := actor(t, db, "reseller")
		held := count(t, db, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", a.UserID)
		ok, refused := race(6, func(s *gorm.DB, i int) error {
			_, err := CreateAccessKeyOnce(bg, s, sealer, a, "form-1", testNow)
			return err
		})
		if ok != 1 || count(t, db, "SELECT COUNT(*) FROM access_keys WHERE user_id = ?", a.UserID) != held+1 {
			t.Errorf("%d keys created by one form", ok)
		}
		only(t, "form", refused, ErrKeyAlreadyCreated)
	})
}
