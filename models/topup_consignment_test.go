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

// payingProspect is a fresh customer with no partner, a pending top-up of 100.00 made at testNow,
// and a consignment invitation of the provider's to accept.
func payingProspect(t *testing.T, db *gorm.DB, name string, enterpriseID uint64) (Actor, *Topup, string) {
	t.Helper()
	ctx := context.Background()
	a, _ := newCustomerUser(t, db, name, &enterpriseID, Verified, CustomerCorp)
	tp, err := CreateTopup(ctx, db, a, TopupInput{Amount: Fen(10000)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Invite(ctx, db, actor(t, db, "provider-sales"), InviteInput{EnterpriseID: enterpriseID, Mode: Consignment}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return a, tp, inv.Token
}

// consignedWithMoney tells whether the customer ended in consignment holding money of its own.
func consignedWithMoney(t *testing.T, db *gorm.DB, customerID uint64) bool {
	t.Helper()
	return count(t, db, "SELECT COUNT(*) FROM customers WHERE id = ? AND association_id IS NOT NULL AND mode = ?", customerID, Consignment) > 0 &&
		balanceOf(t, db, customerID) != 0
}

// Accepting a consignment invitation while a top-up waits: refused while the top-up is in its
// window (it may be paid any moment); past it, the acceptance closes the top-up, and the
// gateway's late notice is refused instead of crediting a consignment customer.
func TestTopupWaitingKeepsOutOfConsignment(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	e := activeEnterprises(t, db, 1)[0]
	a, tp, token := payingProspect(t, db, "waiting", e)
	_, err := AcceptInvitation(ctx, db, a, token, testNow.Add(time.Minute))
	wantErr(t, "accepting consignment with a top-up in its window", err, ErrTopupWaiting)
	late := testNow.Add(TopupWindow + time.Minute)
	if _, err := AcceptInvitation(ctx, db, a, token, late); err != nil {
		t.Fatal("accepting once the top-up's window has passed:", err)
	}
	var got Topup
	if err := db.First(&got, tp.ID).Error; err != nil || got.Status != TopupFailed || got.ClosedAt == nil || got.TransferID != nil {
		t.Errorf("the top-up after the acceptance %+v %v", got, err)
	}
	_, err = ConfirmTopup(ctx, db, Actor{RequestID: "gateway"}, topupSecret, paidNotice(tp, "SIM-LATE"), late.Add(time.Minute))
	wantErr(t, "the late notice of a top-up closed by the acceptance", err, ErrTopupState)
	if consignedWithMoney(t, db, a.CustomerID) || balanceOf(t, db, a.CustomerID) != 0 {
		t.Error("a consignment customer holds money of its own")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'topup.close' AND object_id = ?", tp.ID); n != 1 {
		t.Errorf("%d closures audited", n)
	}
	mustCheck(t, db)
}

// A gateway's notice racing the acceptance of a consignment invitation, round after round (with
// -race): whichever comes first, the customer never ends in consignment with money of its own.
// Past the top-up's window one of the two wins (the credit, and the acceptance is refused; or the
// acceptance, and the notice is refused); within it the acceptance is always refused.
func TestTopupRacesConsignment(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	const rounds = 16
	for i, e := range activeEnterprises(t, db, rounds) {
		a, tp, token := payingProspect(t, db, fmt.Sprintf("racing%d", i), e)
		at := testNow.Add(time.Minute) // in the top-up's window
		if i%2 == 0 {
			at = testNow.Add(TopupWindow + time.Minute) // past it: a late notice
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		var confirmErr, acceptErr error
		wg.Go(func() {
			<-start
			_, confirmErr = ConfirmTopup(ctx, db, Actor{RequestID: "gateway"}, topupSecret, paidNotice(tp, fmt.Sprintf("SIM-%d", i)), at)
		})
		wg.Go(func() {
			<-start
			_, acceptErr = AcceptInvitation(ctx, db, a, token, at)
		})
		close(start)
		wg.Wait()
		if consignedWithMoney(t, db, a.CustomerID) {
			t.Fatalf("round %d: in consignment with %d of its own (confirm %v, accept %v)", i, balanceOf(t, db, a.CustomerID), confirmErr, acceptErr)
		}
		credited, accepted := confirmErr == nil, acceptErr == nil
		switch {
		case credited == accepted:
			t.Errorf("round %d: credited %v and accepted %v, want exactly one", i, credited, accepted)
		case credited && !errors.Is(acceptErr, ErrOwnBalance) && !errors.Is(acceptErr, ErrTopupWaiting):
			t.Errorf("round %d: the acceptance refused with %v", i, acceptErr)
		case accepted && (i%2 == 1 || !errors.Is(confirmErr, ErrTopupState)):
			t.Errorf("round %d: accepted, the notice refused with %v", i, confirmErr)
		}
	}
	mustCheck(t, db)
}
