package models

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

func yuan(n int64) FundsInput { return FundsInput{Amount: Fen(n * 100)} }

// consignmentCustomer returns a consignment, unfrozen customer of the partner (by account name).
func consignmentCustomer(t testing.TB, db *gorm.DB, partner string, mode Mode) *Customer {
	t.Helper()
	p := partnerByAccount(t, db, partner)
	var c Customer
	if err := db.Where("partner_id = ? AND mode = ? AND frozen = 0", p.ID, mode).Order("id DESC").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	return &c
}

func partnerCash(t testing.TB, db *gorm.DB, partner string) int64 {
	t.Helper()
	return count(t, db, "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'partner' AND partner_id = ?", partnerByAccount(t, db, partner).ID)
}

func customerCash(t testing.TB, db *gorm.DB, id uint64) int64 {
	t.Helper()
	return count(t, db, "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'customer' AND customer_id = ?", id)
}

func TestAllocateRules(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	cons := consignmentCustomer(t, db, "provider", Consignment)
	adv := consignmentCustomer(t, db, "provider", Advisory)
	other := consignmentCustomer(t, db, "reseller-sh", Consignment)
	var frozen Customer
	db.Where("partner_id = ? AND mode = ? AND id <> ?", cons.PartnerID, Consignment, cons.ID).First(&frozen)
	db.Model(&Customer{}).Where("id = ?", frozen.ID).Update("frozen", 1)
	cash := partnerCash(t, db, "provider")
	cases := []struct {
		name     string
		user     string
		customer uint64
		in       FundsInput
		want     error
	}{
		{"zero", "provider", cons.ID, FundsInput{Amount: Fen(0)}, ErrInvalidAmount},
		{"negative", "provider", cons.ID, FundsInput{Amount: Fen(-100)}, ErrInvalidAmount},
		{"sub-fen", "provider", cons.ID, FundsInput{Amount: mustMoney(t, "1.001")}, ErrInvalidAmount},
		{"more than the balance", "provider", cons.ID, FundsInput{Amount: Fen(cash + 1)}, ErrInsufficientBalance},
		{"advisory customer", "provider", adv.ID, yuan(1), ErrNotConsignment},
		{"frozen customer", "provider", frozen.ID, yuan(1), ErrCustomerFrozen},
		{"another partner's customer", "provider", other.ID, yuan(1), ErrNotFound},
		{"a sales member", "provider-sales", cons.ID, yuan(1), ErrForbidden},
		{"a viewer", "provider-viewer", cons.ID, yuan(1), ErrForbidden},
		{"the operator", "operator", cons.ID, yuan(1), ErrForbidden},
		{"the whole balance, by finance", "provider-finance", cons.ID, FundsInput{Amount: Fen(cash)}, nil},
	}
	for _, tc := range cases {
		_, err := Allocate(ctx, db, actor(t, db, tc.user), tc.customer, tc.in, testNow)
		wantErr(t, tc.name, err, tc.want)
	}
	if got := partnerCash(t, db, "provider"); got != 0 {
		t.Errorf("provider cash %d after allocating all of it", got)
	}
	mustCheck(t, db)
	// reclaim no more than the customer holds
	held := customerCash(t, db, cons.ID)
	_, err := Reclaim(ctx, db, actor(t, db, "provider"), cons.ID, FundsInput{Amount: Fen(held + 1)}, testNow)
	wantErr(t, "reclaim more than the customer holds", err, ErrInsufficientBalance)
	if _, err := Reclaim(ctx, db, actor(t, db, "provider"), cons.ID, FundsInput{Amount: Fen(held)}, testNow); err != nil {
		t.Fatal(err)
	}
	if customerCash(t, db, cons.ID) != 0 || partnerCash(t, db, "provider") != held {
		t.Error("the reclaim did not move the money back")
	}
	mustCheck(t, db)
}

func mustMoney(t testing.TB, s string) Money {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return Money{d}
}

func TestResellerFunding(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	dist := actor(t, db, "distributor")
	r := partnerByAccount(t, db, "reseller")
	before, rBefore := partnerCash(t, db, "distributor"), partnerCash(t, db, "reseller")
	if _, err := FundReseller(ctx, db, dist, r.ID, yuan(1000), testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := ReclaimFromReseller(ctx, db, dist, r.ID, yuan(400), testNow); err != nil {
		t.Fatal(err)
	}
	if partnerCash(t, db, "distributor") != before-60000 || partnerCash(t, db, "reseller") != rBefore+60000 {
		t.Error("reseller funding did not move 600 yuan")
	}
	_, err := ReclaimFromReseller(ctx, db, dist, r.ID, FundsInput{Amount: Fen(partnerCash(t, db, "reseller") + 1)}, testNow)
	wantErr(t, "reclaim more than the reseller holds", err, ErrInsufficientBalance)
	_, err = FundReseller(ctx, db, actor(t, db, "provider"), r.ID, yuan(1), testNow)
	wantErr(t, "a provider funding someone's reseller", err, ErrNotYourReseller)
	// the reseller allocates from what it was given; its master may act for it
	cust := consignmentCustomer(t, db, "reseller", Consignment)
	if _, err := Allocate(ctx, db, actor(t, db, "reseller"), cust.ID, yuan(10), testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := Allocate(ctx, db, dist, cust.ID, yuan(10), testNow); err != nil {
		t.Fatal(err)
	}
	if partnerCash(t, db, "reseller") != rBefore+60000-2000 {
		t.Error("allocations to a reseller's customer did not come from the reseller's account")
	}
	mustCheck(t, db)
}

func TestDepositAndReversal(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	p := partnerByAccount(t, db, "reseller-gz")
	before := partnerCash(t, db, "reseller-gz")
	dep, err := Deposit(ctx, db, op, p.ID, FundsInput{Amount: Fen(12345), Memo: "BT-001"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Deposit(ctx, db, actor(t, db, "provider"), p.ID, yuan(1), testNow)
	wantErr(t, "a partner depositing", err, ErrForbidden)
	if _, err := ReverseDeposit(ctx, db, op, dep.ID, "wrong partner", testNow); err != nil {
		t.Fatal(err)
	}
	_, err = ReverseDeposit(ctx, db, op, dep.ID, "again", testNow)
	wantErr(t, "a second reversal", err, ErrAlreadyReversed)
	if partnerCash(t, db, "reseller-gz") != before {
		t.Error("the reversal did not take the deposit back")
	}
	mustCheck(t, db)
}

func TestIdempotentRetries(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	cust := consignmentCustomer(t, db, "provider", Consignment)
	before := customerCash(t, db, cust.ID)
	in := FundsInput{Amount: Fen(777), IdempotencyKey: "retry-1"}
	var wg sync.WaitGroup
	ids := make([]string, 8)
	errs := make([]error, 8)
	for i := range 8 {
		wg.Go(func() {
			t, err := Allocate(ctx, db, a, cust.ID, in, testNow)
			errs[i] = err
			if err == nil {
				ids[i] = t.TransID
			}
		})
	}
	wg.Wait()
	for i := range 8 {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("retry %d: %v %s (first %s)", i, errs[i], ids[i], ids[0])
		}
	}
	if customerCash(t, db, cust.ID) != before+777 {
		t.Errorf("8 retries moved %d fen", customerCash(t, db, cust.ID)-before)
	}
	_, err := Allocate(ctx, db, a, cust.ID, FundsInput{Amount: Fen(778), IdempotencyKey: "retry-1"}, testNow)
	wantErr(t, "the same key for another amount", err, ErrIdempotencyConflict)
	_, err = Reclaim(ctx, db, a, cust.ID, in, testNow)
	wantErr(t, "the same key for another kind", err, ErrIdempotencyConflict)
	// keys belong to a partner: the reseller's "retry-1" is its own
	rc := consignmentCustomer(t, db, "reseller", Consignment)
	if _, err := Allocate(ctx, db, actor(t, db, "reseller"), rc.ID, in, testNow); err != nil {
		t.Errorf("another partner's equal key: %v", err)
	}
	mustCheck(t, db)
}

// TestLedgerUnderConcurrency runs many goroutines allocating and reclaiming against the same
// partner, reseller and customers at once; afterwards every invariant holds, no account is
// negative, and the money in the provider's and reseller's trees is what it was.
func TestLedgerUnderConcurrency(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	var provCust, resCust []uint64
	db.Model(&Customer{}).Where("partner_id = ? AND mode = ? AND frozen = 0", partnerByAccount(t, db, "provider").ID, Consignment).Limit(5).Pluck("id", &provCust)
	db.Model(&Customer{}).Where("partner_id = ? AND mode = ? AND frozen = 0", partnerByAccount(t, db, "reseller").ID, Consignment).Limit(5).Pluck("id", &resCust)
	total := func() int64 {
		return count(t, db, `SELECT SUM(balance) FROM accounts WHERE kind IN ('partner', 'customer')`)
	}
	before := total()
	actors := []Actor{actor(t, db, "provider"), actor(t, db, "provider-finance"), actor(t, db, "reseller"), actor(t, db, "distributor")}
	reseller := partnerByAccount(t, db, "reseller").ID
	servers := []*gorm.DB{db, secondServer(t, db)} // half the goroutines on each
	var wg sync.WaitGroup
	var mu sync.Mutex
	moved := 0
	for g := range 8 {
		wg.Go(func() {
			db := servers[g%2]
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for i := range 25 {
				a := actors[rng.IntN(len(actors))]
				// every other call retries the previous one's key and amount
				amt := FundsInput{Amount: Fen(int64(1 + (g*7919+i/2*104729)%500000)), IdempotencyKey: fmt.Sprintf("g%d-%d", g, i/2)}
				var err error
				switch op := rng.IntN(4); {
				case a.PartnerID == reseller && op < 2:
					_, err = Allocate(ctx, db, a, resCust[rng.IntN(len(resCust))], amt, testNow)
				case a.PartnerID == reseller:
					_, err = Reclaim(ctx, db, a, resCust[rng.IntN(len(resCust))], amt, testNow)
				case a.UserID == actors[3].UserID && op < 2:
					_, err = FundReseller(ctx, db, a, reseller, amt, testNow)
				case a.UserID == actors[3].UserID:
					_, err = Allocate(ctx, db, a, resCust[rng.IntN(len(resCust))], amt, testNow)
				case op < 2:
					_, err = Allocate(ctx, db, a, provCust[rng.IntN(len(provCust))], amt, testNow)
				default:
					_, err = Reclaim(ctx, db, a, provCust[rng.IntN(len(provCust))], amt, testNow)
				}
				switch err {
				case nil:
					mu.Lock()
					moved++
					mu.Unlock()
				case ErrInsufficientBalance, ErrIdempotencyConflict: // a retry of another kind under the same key
				default:
					t.Errorf("goroutine %d: %v", g, err)
				}
			}
		})
	}
	wg.Wait()
	if moved == 0 {
		t.Fatal("nothing moved")
	}
	if after := total(); after != before {
		t.Errorf("money inside the partners' trees changed: %d → %d", before, after)
	}
	mustCheck(t, db)
}

func TestUnbindAndSwitchMode(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	c := customerOfUser(t, db, "customer") // consignment, with a demo balance
	held, cash := customerCash(t, db, c.ID), partnerCash(t, db, "provider")
	if held == 0 {
		t.Fatal("the demo customer has no balance to return")
	}
	if err := SwitchMode(ctx, db, a, c.ID, Advisory, testNow); err != nil {
		t.Fatal(err)
	}
	if customerCash(t, db, c.ID) != 0 || partnerCash(t, db, "provider") != cash+held {
		t.Error("leaving consignment did not reclaim the balance")
	}
	mustCheck(t, db)
	if err := SwitchMode(ctx, db, a, c.ID, Consignment, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := Allocate(ctx, db, a, c.ID, yuan(5), testNow); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "a sales member unbinding", Unbind(ctx, db, actor(t, db, "provider-sales"), c.ID, testNow), ErrForbidden)
	wantErr(t, "another partner unbinding", Unbind(ctx, db, actor(t, db, "reseller"), c.ID, testNow), ErrNotFound)
	// the customer ends the association itself
	if err := Unbind(ctx, db, actor(t, db, "customer"), c.ID, testNow); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM transfers WHERE customer_id = ? AND kind = 'unbind' AND amount = 500", c.ID); n != 1 {
		t.Error("no unbind transfer of the remaining balance")
	}
	var after Customer
	db.First(&after, c.ID)
	if after.PartnerID != nil || after.Mode != NoMode || customerCash(t, db, c.ID) != 0 {
		t.Errorf("after unbinding: %+v", after)
	}
	wantErr(t, "unbinding twice", Unbind(ctx, db, a, c.ID, testNow), ErrNotFound)
	mustCheck(t, db)
}

func TestIdempotencyKeyForAnotherCustomer(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	var two []uint64
	db.Model(&Customer{}).Where("partner_id = ? AND mode = ? AND frozen = 0", a.PartnerID, Consignment).Limit(2).Pluck("id", &two)
	in := FundsInput{Amount: Fen(100), IdempotencyKey: "k"}
	if _, err := Allocate(ctx, db, a, two[0], in, testNow); err != nil {
		t.Fatal(err)
	}
	_, err := Allocate(ctx, db, a, two[1], in, testNow)
	wantErr(t, "the same key and amount for another customer", err, ErrIdempotencyConflict)
	mustCheck(t, db)
}
