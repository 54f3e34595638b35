package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// holdCommitter makes db's committer run a first batch that waits until want more use cases
// are queued behind it, so that those all land in the same next batch. It returns when they are
// queued and the hold is released.
func holdCommitter(t *testing.T, db *gorm.DB, want int, submit func()) {
	t.Helper()
	holdCommitterThen(t, db, want, submit, func(*gorm.DB) error { return nil })
}

// holdCommitterThen is holdCommitter whose first batch runs then before it commits.
func holdCommitterThen(t *testing.T, db *gorm.DB, want int, submit func(), then func(*gorm.DB) error) {
	t.Helper()
	release, held := make(chan struct{}), make(chan struct{})
	go store.InMoneyTx(context.Background(), db, func(tx *gorm.DB) error { close(held); <-release; return then(tx) })
	<-held
	submit()
	waitQueued(t, db, want)
	close(release)
}

// waitQueued waits until want use cases are queued at db's committer.
func waitQueued(t *testing.T, db *gorm.DB, want int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		n := store.Queued(db)
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d use cases queued, want %d", n, want)
		}
	}
}

// TestBatchOfSuccessesAndRefusals puts allocations that succeed, allocations and reclaims that
// are refused (more than the balance, a frozen customer, another partner's customer) and a
// retried idempotency key in one batch: each refusal rolls back only itself, the retry gets the
// first transfer, the others commit, and every invariant holds. The jobs run in the batch in any
// order, so no refusal may depend on another job: the reclaim is from a customer nothing else in
// the batch pays.
func TestBatchOfSuccessesAndRefusals(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	var custs []Customer
	db.Where("partner_id = ? AND mode = ? AND frozen = 0", a.PartnerID, Consignment).Order("id").Limit(5).Find(&custs)
	frozen := custs[3]
	db.Model(&Customer{}).Where("id = ?", frozen.ID).Update("frozen", 1)
	other := consignmentCustomer(t, db, "reseller-sh", Consignment)
	cash, held := partnerCash(t, db, "provider"), customerCash(t, db, custs[4].ID)
	type call struct {
		name string
		do   func() (*Transfer, error)
		want error
	}
	calls := []call{
		{"allocate 1", func() (*Transfer, error) { return Allocate(ctx, db, a, custs[0].ID, yuan(10), testNow) }, nil},
		{"more than the partner holds", func() (*Transfer, error) {
			return Allocate(ctx, db, a, custs[1].ID, FundsInput{Amount: Fen(cash + 1)}, testNow)
		}, ErrInsufficientBalance},
		{"allocate 2", func() (*Transfer, error) { return Allocate(ctx, db, a, custs[1].ID, yuan(20), testNow) }, nil},
		{"more than the customer holds", func() (*Transfer, error) {
			return Reclaim(ctx, db, a, custs[4].ID, FundsInput{Amount: Fen(held + 1)}, testNow)
		}, ErrInsufficientBalance},
		{"frozen", func() (*Transfer, error) { return Allocate(ctx, db, a, frozen.ID, yuan(1), testNow) }, ErrCustomerFrozen},
		{"another partner's", func() (*Transfer, error) { return Allocate(ctx, db, a, other.ID, yuan(1), testNow) }, ErrNotFound},
		{"keyed", func() (*Transfer, error) {
			return Allocate(ctx, db, a, custs[2].ID, FundsInput{Amount: Fen(3), IdempotencyKey: "batch-k"}, testNow)
		}, nil},
		{"keyed retry", func() (*Transfer, error) {
			return Allocate(ctx, db, a, custs[2].ID, FundsInput{Amount: Fen(3), IdempotencyKey: "batch-k"}, testNow)
		}, nil},
		{"allocate 3", func() (*Transfer, error) { return Allocate(ctx, db, a, custs[0].ID, yuan(30), testNow) }, nil},
	}
	before := []int64{customerCash(t, db, custs[0].ID), customerCash(t, db, custs[1].ID), customerCash(t, db, custs[2].ID)}
	transfers := count(t, db, "SELECT COUNT(*) FROM transfers")
	got := make([]*Transfer, len(calls))
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	holdCommitter(t, db, len(calls), func() {
		for i, c := range calls {
			wg.Go(func() { got[i], errs[i] = c.do() })
		}
	})
	wg.Wait()
	for i, c := range calls {
		wantErr(t, c.name, errs[i], c.want)
	}
	if got[6].TransID != got[7].TransID {
		t.Errorf("the retried key got transfer %s, the first %s", got[7].TransID, got[6].TransID)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM transfers"); n != transfers+4 {
		t.Errorf("%d transfers made, want 4", n-transfers)
	}
	after := []int64{customerCash(t, db, custs[0].ID), customerCash(t, db, custs[1].ID), customerCash(t, db, custs[2].ID)}
	if after[0]-before[0] != 4000 || after[1]-before[1] != 2000 || after[2]-before[2] != 3 {
		t.Errorf("balances moved by %d, %d, %d", after[0]-before[0], after[1]-before[1], after[2]-before[2])
	}
	if partnerCash(t, db, "provider") != cash-6003 {
		t.Errorf("the provider's cash moved by %d, want -6003", partnerCash(t, db, "provider")-cash)
	}
	mustCheck(t, db)
}

// TestBatchIsolatesFailingJobs: in a batch, a use case that fails with an error that is not a
// refusal, or panics, or ends the shared transaction itself (as SQLite does on a full disk) fails
// alone: its statements are undone, it gets its own error, and the batch's other use cases — those
// run before it too — commit, once each. The server survives the panic.
func TestBatchIsolatesFailingJobs(t *testing.T) {
	t.Parallel()
	boom := errors.New("the disk is on fire")
	for _, tc := range []struct {
		name  string
		fault func(tx *gorm.DB) error // after a write it must undo
		want  string                  // in its error, lower-cased
	}{
		{"an error", func(*gorm.DB) error { return boom }, boom.Error()},
		{"a panic", func(*gorm.DB) error { panic("a bug") }, "panic in a money transaction: a bug"},
		{"a lost transaction", func(tx *gorm.DB) error { return tx.Exec("ROLLBACK").Error }, "savepoint"}, // SQLite: no such savepoint; PostgreSQL: RELEASE SAVEPOINT … only in transaction blocks
		{"a lost transaction and an error", func(tx *gorm.DB) error { tx.Exec("ROLLBACK"); return boom }, boom.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := demoCopy(t)
			ctx := context.Background()
			a := actor(t, db, "provider")
			cust := consignmentCustomer(t, db, "provider", Consignment)
			transfers, before := count(t, db, "SELECT COUNT(*) FROM transfers"), customerCash(t, db, cust.ID)
			faulty := func(tx *gorm.DB) error {
				if err := tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE customer_id = ?", cust.ID).Error; err != nil {
					return err
				}
				return tc.fault(tx)
			}
			errs := make([]error, 6)
			var wg sync.WaitGroup
			holdCommitter(t, db, len(errs), func() {
				for i := range errs { // queued in order: the faulty one has others before and after it
					wg.Go(func() {
						if i == 3 {
							errs[i] = store.InMoneyTx(ctx, db, faulty)
							return
						}
						_, errs[i] = Allocate(ctx, db, a, cust.ID, FundsInput{Amount: Fen(100), IdempotencyKey: fmt.Sprint("f", i)}, testNow)
					})
					waitQueued(t, db, i+1)
				}
			})
			wg.Wait()
			for i, err := range errs {
				if i == 3 && (err == nil || !strings.Contains(strings.ToLower(err.Error()), tc.want)) {
					t.Errorf("the faulty use case: %v, want %q", err, tc.want)
				} else if i != 3 && err != nil {
					t.Errorf("use case %d beside the faulty one: %v", i, err)
				}
			}
			if n := count(t, db, "SELECT COUNT(*) FROM transfers"); n != transfers+5 {
				t.Errorf("%d transfers made, want 5", n-transfers)
			}
			if moved := customerCash(t, db, cust.ID) - before; moved != 500 {
				t.Errorf("the customer's balance moved by %d, want 500", moved)
			}
			mustCheck(t, db)
		})
	}
}

// TestFundingConfirmsWhatItReadAhead: an allocation reads the customer before it joins the
// committer's line; if the customer is frozen or unbound before its turn, it is refused as if it
// had read everything in its transaction.
func TestFundingConfirmsWhatItReadAhead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change map[string]any
		want   error
	}{
		{"frozen", map[string]any{"frozen": 1}, ErrCustomerFrozen},
		{"switched to advisory", map[string]any{"mode": Advisory}, ErrNotConsignment},
		{"unbound", map[string]any{"partner_id": nil, "top_partner_id": nil}, ErrNotFound},
	} {
		db := demoCopy(t)
		a := actor(t, db, "provider")
		cust := consignmentCustomer(t, db, "provider", Consignment)
		before := customerCash(t, db, cust.ID)
		var err error
		done := make(chan struct{})
		holdCommitterThen(t, db, 1, func() {
			go func() {
				defer close(done)
				_, err = Allocate(context.Background(), db, a, cust.ID, yuan(1), testNow)
			}()
		}, func(tx *gorm.DB) error {
			return tx.Model(&Customer{}).Where("id = ?", cust.ID).Updates(tc.change).Error
		})
		<-done
		wantErr(t, tc.name, err, tc.want)
		if after := customerCash(t, db, cust.ID); after != before {
			t.Errorf("%s: the customer's balance moved by %d", tc.name, after-before)
		}
	}
}

// TestReadAhead: the read ahead finds a fundable customer's two accounts in one query, and nothing
// for a customer the actor may not fund or whose account does not exist yet.
func TestReadAhead(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	a := actor(t, db, "provider")
	cust := consignmentCustomer(t, db, "provider", Consignment)
	if _, err := Allocate(ctx, db, a, cust.ID, yuan(1), testNow); err != nil { // both accounts exist now
		t.Fatal(err)
	}
	r := readAhead(ctx, db, a, cust.ID)
	var pa, ca Account
	db.Where("kind = ? AND partner_id = ?", PartnerAccount, a.PartnerID).First(&pa)
	db.Where("kind = ? AND customer_id = ?", CustomerAccount, cust.ID).First(&ca)
	if r == nil || r.customer.ID != cust.ID || r.partnerAcct.ID != pa.ID || r.customerAcct.ID != ca.ID {
		t.Fatalf("read ahead %+v, want customer %d, accounts %d and %d", r, cust.ID, pa.ID, ca.ID)
	}
	var fresh Customer // a consignment customer never funded: no account yet
	db.Where("partner_id = ? AND mode = ? AND frozen = 0 AND id NOT IN (SELECT customer_id FROM accounts WHERE customer_id IS NOT NULL)",
		a.PartnerID, Consignment).First(&fresh)
	adv := consignmentCustomer(t, db, "provider", Advisory)
	other := consignmentCustomer(t, db, "reseller-sh", Consignment)
	for name, id := range map[string]uint64{"without an account": fresh.ID, "advisory": adv.ID, "another partner's": other.ID} {
		if id == 0 {
			t.Fatalf("%s: no such customer in the demo", name)
		}
		if r := readAhead(ctx, db, a, id); r != nil {
			t.Errorf("%s: read ahead %+v, want nothing", name, r)
		}
	}
}
