package models

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

var topupSecret = bytes.Repeat([]byte{0x5a}, 32)

// paidNotice is the gateway's signed notice that t was paid, under trade number no.
func paidNotice(t *Topup, no string) TopupNotice {
	n := TopupNotice{Reference: t.Reference, TradeNo: no, Amount: t.Amount, Status: NoticePaid}
	n.SignWith(topupSecret)
	return n
}

// prospectTopup creates a pending top-up of amount yuan by `prospect`, a customer with no partner.
func prospectTopup(t *testing.T, db *gorm.DB, amount string) (*Topup, Actor) {
	t.Helper()
	a := actor(t, db, "prospect")
	m, err := ParseTopupAmount(amount)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := CreateTopup(context.Background(), db, a, TopupInput{Amount: m, IdempotencyKey: "k-" + amount}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return tp, a
}

func balanceOf(t *testing.T, db *gorm.DB, customerID uint64) int64 {
	t.Helper()
	b, err := CustomerBalance(context.Background(), db, customerID)
	if err != nil {
		t.Fatal(err)
	}
	return b.Shift(2).IntPart()
}

// Who may top up: a customer's own users; a consignment customer still bound is refused, an
// advisory one and one unbound from consignment are not.
func TestCreateTopupWho(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	in := TopupInput{Amount: Fen(50000)}
	bound := customerOfUser(t, db, "customer")
	cases := []struct {
		name    string
		setup   func()
		as      string
		wantErr error
	}{
		{"unassociated customer", nil, "prospect", nil},
		{"consignment customer, bound", nil, "customer", ErrTopupConsignment},
		{"partner member", nil, "provider", ErrForbidden},
		{"operator", nil, "operator", ErrForbidden},
		{"advisory customer", func() {
			if err := SwitchMode(ctx, db, actor(t, db, "provider"), bound.ID, Advisory, testNow); err != nil {
				t.Fatal(err)
			}
		}, "customer", nil},
		{"frozen", func() { db.Model(&Customer{}).Where("id = ?", bound.ID).Update("frozen", 1) }, "customer", ErrCustomerFrozen},
		{"unbound from consignment", func() {
			db.Model(&Customer{}).Where("id = ?", bound.ID).Update("frozen", 0)
			// once its top-up's window has passed (a top-up waiting keeps it out of consignment)
			if err := SwitchMode(ctx, db, actor(t, db, "provider"), bound.ID, Consignment, testNow.Add(TopupWindow)); err != nil {
				t.Fatal(err)
			}
			if err := Unbind(ctx, db, actor(t, db, "provider"), bound.ID, testNow); err != nil {
				t.Fatal(err)
			}
		}, "customer", nil},
	}
	for _, c := range cases {
		if c.setup != nil {
			c.setup()
		}
		tp, err := CreateTopup(ctx, db, actor(t, db, c.as), in, testNow)
		wantErr(t, c.name, err, c.wantErr)
		if c.wantErr == nil && (tp.Status != TopupPending || tp.Amount != 50000 || !strings.HasPrefix(tp.Reference, "TU261123")) {
			t.Errorf("%s: %+v", c.name, tp)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action = 'topup.create' AND request_id <> 'seed'"); n != 3 {
		t.Errorf("%d audit records, want 3", n)
	}
	mustCheck(t, db)
}

func TestCreateTopupAmountsAndKeys(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	a := actor(t, db, "prospect")
	for _, fen := range []int64{0, 99, 100_000_001, -100} {
		_, err := CreateTopup(ctx, db, a, TopupInput{Amount: Fen(fen)}, testNow)
		wantErr(t, Fen(fen).String(), err, ErrTopupAmount)
	}
	first, err := CreateTopup(ctx, db, a, TopupInput{Amount: Fen(100), IdempotencyKey: "form-1"}, testNow)
	wantErr(t, "first", err, nil)
	again, err := CreateTopup(ctx, db, a, TopupInput{Amount: Fen(100), IdempotencyKey: "form-1"}, testNow)
	if err != nil || again.ID != first.ID {
		t.Fatalf("the same form again: %v, %+v", err, again)
	}
	_, err = CreateTopup(ctx, db, a, TopupInput{Amount: Fen(200), IdempotencyKey: "form-1"}, testNow)
	wantErr(t, "the key for another amount", err, ErrIdempotencyConflict)
	for i := 1; i < MaxPendingTopups; i++ {
		if _, err := CreateTopup(ctx, db, a, TopupInput{Amount: Fen(100_000_000)}, testNow); err != nil {
			t.Fatal(err)
		}
	}
	_, err = CreateTopup(ctx, db, a, TopupInput{Amount: Fen(100)}, testNow)
	wantErr(t, "one too many waiting", err, ErrTooManyTopups)
	// once they expire, the customer may try again
	_, err = CreateTopup(ctx, db, a, TopupInput{Amount: Fen(100)}, testNow.Add(TopupWindow))
	wantErr(t, "after the window", err, nil)
}

// A paid notice credits once; its replay answers the same and moves nothing.
func TestConfirmTopup(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "1,234.56")
	before := balanceOf(t, db, a.CustomerID)
	gw := Actor{RequestID: "gateway-1"}
	res, err := ConfirmTopup(ctx, db, gw, topupSecret, paidNotice(tp, "SIM-1"), testNow)
	if err != nil || !res.Credited || res.Topup.Status != TopupPaid || res.Topup.TransferID == nil || *res.Topup.TradeNo != "SIM-1" {
		t.Fatalf("confirm: %v %+v", err, res)
	}
	if got := balanceOf(t, db, a.CustomerID); got != before+123456 {
		t.Errorf("balance %d, want %d", got, before+123456)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM transfers WHERE kind = 'topup' AND amount = 123456 AND customer_id = ? AND partner_id IS NULL AND from_account_id = (SELECT id FROM accounts WHERE kind = 'world')", a.CustomerID); n != 1 {
		t.Errorf("%d topup transfers", n)
	}
	res, err = ConfirmTopup(ctx, db, gw, topupSecret, paidNotice(tp, "SIM-1"), testNow.Add(time.Minute))
	if err != nil || res.Credited || res.Topup.Status != TopupPaid {
		t.Fatalf("replay: %v %+v", err, res)
	}
	_, err = ConfirmTopup(ctx, db, gw, topupSecret, paidNotice(tp, "SIM-2"), testNow)
	wantErr(t, "a second payment", err, ErrTopupState)
	closed := paidNotice(tp, "SIM-1")
	closed.Status = NoticeClosed
	closed.SignWith(topupSecret)
	_, err = ConfirmTopup(ctx, db, gw, topupSecret, closed, testNow)
	wantErr(t, "closing a paid top-up", err, ErrTopupState)
	if got := balanceOf(t, db, a.CustomerID); got != before+123456 {
		t.Errorf("balance %d after the replays", got)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action IN ('topup.paid', 'transfer.topup') AND request_id = 'gateway-1'"); n != 2 {
		t.Errorf("%d audit records of the payment", n)
	}
	mustCheck(t, db)
}

// A notice that does not verify, or does not match its top-up, changes nothing.
func TestConfirmTopupRefused(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "100")
	good := paidNotice(tp, "SIM-9")
	tampered := good
	tampered.Amount = 1_000_000 // the signature was made over 100.00
	resigned := tampered
	resigned.SignWith(topupSecret)
	unknown := good
	unknown.Reference = "TU261123ffffffffffffffff"
	unknown.SignWith(topupSecret)
	other := bytes.Repeat([]byte{1}, 32)
	cases := []struct {
		name    string
		secret  []byte
		n       TopupNotice
		wantErr error
	}{
		{"another secret", other, good, ErrBadSignature},
		{"no secret", nil, good, ErrBadSignature},
		{"tampered amount", topupSecret, tampered, ErrBadSignature},
		{"tampered trade number", topupSecret, TopupNotice{Reference: good.Reference, TradeNo: "SIM-X", Amount: good.Amount, Status: NoticePaid, Signature: good.Signature}, ErrBadSignature},
		{"tampered status", topupSecret, TopupNotice{Reference: good.Reference, TradeNo: good.TradeNo, Amount: good.Amount, Status: NoticeClosed, Signature: good.Signature}, ErrBadSignature},
		{"signed, wrong amount", topupSecret, resigned, ErrTopupMismatch},
		{"signed, unknown reference", topupSecret, unknown, ErrNotFound},
		{"empty signature", topupSecret, TopupNotice{Reference: good.Reference, TradeNo: good.TradeNo, Amount: good.Amount, Status: NoticePaid}, ErrBadSignature},
	}
	before := balanceOf(t, db, a.CustomerID)
	for _, c := range cases {
		_, err := ConfirmTopup(ctx, db, Actor{}, c.secret, c.n, testNow)
		wantErr(t, c.name, err, c.wantErr)
	}
	if got := balanceOf(t, db, a.CustomerID); got != before {
		t.Errorf("balance moved: %d → %d", before, got)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM topups WHERE id = ? AND status = 1 AND trade_no IS NULL", tp.ID); n != 1 {
		t.Error("the top-up changed")
	}
	mustCheck(t, db)
}

// A closed notice closes the top-up; a payment after it is refused, its replay is not.
func TestConfirmTopupClosed(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "88.80")
	n := TopupNotice{Reference: tp.Reference, TradeNo: "SIM-C", Amount: tp.Amount, Status: NoticeClosed}
	n.SignWith(topupSecret)
	for i := 0; i < 2; i++ {
		res, err := ConfirmTopup(ctx, db, Actor{}, topupSecret, n, testNow)
		if err != nil || res.Credited || res.Topup.Status != TopupFailed {
			t.Fatalf("close %d: %v %+v", i, err, res)
		}
	}
	_, err := ConfirmTopup(ctx, db, Actor{}, topupSecret, paidNotice(tp, "SIM-C"), testNow)
	wantErr(t, "paid after closed", err, ErrTopupState)
	if balanceOf(t, db, a.CustomerID) != 0 {
		t.Error("a closed top-up credited")
	}
	mustCheck(t, db)
}

// A gateway that took the money after the window is still heard: the top-up shows expired until then.
func TestTopupLatePayment(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "10")
	late := testNow.Add(TopupWindow + time.Minute)
	if tp.StatusAt(late) != TopupExpired || tp.StatusAt(testNow) != TopupPending {
		t.Errorf("status at: %d %d", tp.StatusAt(late), tp.StatusAt(testNow))
	}
	if _, err := TopupRequestFor(ctx, db, a, topupSecret, tp.Reference, late); err != ErrTopupState {
		t.Errorf("a request for an expired top-up: %v", err)
	}
	res, err := ConfirmTopup(ctx, db, Actor{}, topupSecret, paidNotice(tp, "SIM-L"), late)
	if err != nil || !res.Credited {
		t.Fatalf("late payment: %v", err)
	}
	mustCheck(t, db)
}

// Notices racing each other (a gateway retrying while the first is still being answered) credit
// once. Run with -race.
func TestConfirmTopupConcurrent(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "500")
	n := paidNotice(tp, "SIM-R")
	const workers = 8
	var wg sync.WaitGroup
	credited := make(chan bool, workers)
	errs := make(chan error, workers)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := ConfirmTopup(ctx, db, Actor{}, topupSecret, n, testNow)
			if err != nil {
				errs <- err
				return
			}
			credited <- res.Credited
		}()
	}
	wg.Wait()
	close(credited)
	close(errs)
	for err := range errs {
		t.Errorf("a concurrent notice: %v", err)
	}
	times := 0
	for c := range credited {
		if c {
			times++
		}
	}
	if times != 1 || balanceOf(t, db, a.CustomerID) != 50000 {
		t.Errorf("credited %d times, balance %d", times, balanceOf(t, db, a.CustomerID))
	}
	mustCheck(t, db)
}

// Another customer's top-up is not found, and its request is not given.
func TestGetTopupTenant(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "20")
	if _, err := GetTopup(ctx, db, actor(t, db, "customer"), tp.Reference); err != ErrNotFound {
		t.Errorf("another customer's: %v", err)
	}
	r, err := TopupRequestFor(ctx, db, a, topupSecret, tp.Reference, testNow)
	if err != nil || !r.Verify(topupSecret) || r.Amount != 2000 {
		t.Fatalf("request: %v %+v", err, r)
	}
	list, err := ListTopups(ctx, db, a, 10)
	if err != nil || len(list) != 1 || list[0].ID != tp.ID {
		t.Errorf("list: %v %+v", err, list)
	}
}

func TestCheckTopups(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, sql, report string }{
		{"paid top-up forgets its transfer", "UPDATE topups SET transfer_id = NULL WHERE id = ?", "topup transfers without a paid top-up: 1"},
		{"paid top-up of another amount", "UPDATE topups SET amount = amount + 1 WHERE id = ?", "paid top-ups whose transfer"},
		{"paid top-up back to pending", "UPDATE topups SET status = 1 WHERE id = ?", "paid top-ups whose transfer"},
	} {
		db := demoDB(t)
		tp, _ := prospectTopup(t, db, "30")
		if _, err := ConfirmTopup(context.Background(), db, Actor{}, topupSecret, paidNotice(tp, "SIM-K"), testNow); err != nil {
			t.Fatal(err)
		}
		db.Exec(c.sql, tp.ID) // the demo world's own top-ups stay sound
		report, err := Check(context.Background(), db)
		if err != nil || !strings.Contains(strings.Join(report, "\n"), c.report) {
			t.Errorf("%s: %v %v", c.name, report, err)
		}
	}
}

func TestParseTopupAmount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		fen  int64
		want error
	}{
		{"1", 100, nil}, {"1.00", 100, nil}, {" 500 ", 50000, nil}, {"¥20", 2000, nil}, {"1,000,000", 100_000_000, nil},
		{"1,234.5", 123450, nil}, {"0.99", 0, ErrTopupAmount}, {"0", 0, ErrTopupAmount}, {"-5", 0, ErrTopupAmount},
		{"1000000.01", 0, ErrTopupAmount}, {"1.001", 0, ErrInvalidInput}, {"", 0, ErrInvalidInput}, {"abc", 0, ErrInvalidInput},
		{"1e3", 0, ErrInvalidInput}, {"1,00", 0, ErrInvalidInput}, {"１００", 0, ErrInvalidInput}, {"NaN", 0, ErrInvalidInput},
	} {
		m, err := ParseTopupAmount(c.in)
		wantErr(t, c.in, err, c.want)
		if c.want == nil && m.Shift(2).IntPart() != c.fen {
			t.Errorf("%q: %s", c.in, m)
		}
	}
}

func FuzzParseTopupAmount(f *testing.F) {
	for _, s := range []string{"1", "1,000.50", "¥20", "0.01", "1000000", "1e9", "-1", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseTopupAmount(s)
		if err != nil {
			return
		}
		if m.LessThan(MinTopup.Decimal) || m.GreaterThan(MaxTopup.Decimal) || !m.Equal(m.Round(2)) {
			t.Fatalf("%q parsed to %s, out of bounds", s, m)
		}
		if again, err := ParseTopupAmount(m.StringFixed(2)); err != nil || !again.Equal(m.Decimal) {
			t.Fatalf("%q: %s does not read back: %v", s, m, err)
		}
	})
}

func TestParseTopupNotice(t *testing.T) {
	t.Parallel()
	n := TopupNotice{Reference: "TU261123abcdef0123456789", TradeNo: "SIM-1_a", Amount: 123456, Status: NoticePaid}
	n.SignWith(topupSecret)
	good := n.Values()
	if got, err := ParseTopupNotice(good); err != nil || got != n || !got.Verify(topupSecret) {
		t.Fatalf("round trip: %v %+v", err, got)
	}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for key, vs := range good {
			out[key] = append([]string(nil), vs...)
		}
		if v == "\x00" {
			delete(out, k)
		} else {
			out.Set(k, v)
		}
		return out
	}
	repeated := with("amount", "1234.56")
	repeated.Add("amount", "1.00")
	for name, form := range map[string]url.Values{
		"missing sign": with("sign", "\x00"), "missing amount": with("amount", "\x00"), "extra field": with("extra", "1"),
		"repeated field": repeated, "amount without decimals": with("amount", "1234"), "amount with one decimal": with("amount", "1234.5"),
		"leading zero": with("amount", "01234.56"), "negative": with("amount", "-1234.56"), "zero": with("amount", "0.00"),
		"plus": with("amount", "+1234.56"), "status": with("status", "PAID"), "reference with &": with("out_trade_no", "TU&x=1"),
		"short reference": with("out_trade_no", "TU"), "trade no with =": with("trade_no", "a=b"),
		"upper-case sign": with("sign", strings.ToUpper(n.Signature)), "short sign": with("sign", n.Signature[:63]),
		"empty": {}, "long trade no": with("trade_no", strings.Repeat("a", 65)),
	} {
		if _, err := ParseTopupNotice(form); err != ErrInvalidInput {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParseTopupNotice(f *testing.F) {
	n := TopupNotice{Reference: "TU261123abcdef0123456789", TradeNo: "SIM-1", Amount: 100, Status: NoticePaid}
	n.SignWith(topupSecret)
	f.Add(n.Values().Encode())
	f.Add("amount=1.00&out_trade_no=TUx1&status=closed&trade_no=a&sign=" + strings.Repeat("0", 64))
	f.Add("amount=1.00&amount=2.00")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		got, err := ParseTopupNotice(form)
		if err != nil {
			return
		}
		// what parses is canonical: it writes back as it came, and a changed signature never verifies
		again, err := ParseTopupNotice(got.Values())
		if err != nil || again != got {
			t.Fatalf("%q: does not read back: %v %+v", body, err, again)
		}
		if got.Verify(topupSecret) != (got.Signature == func() string { c := got; c.SignWith(topupSecret); return c.Signature }()) {
			t.Fatalf("%q: verify disagrees with signing", body)
		}
	})
}

func TestParseTopupRequest(t *testing.T) {
	t.Parallel()
	r := TopupRequest{Reference: "TU261123abcdef0123456789", Amount: 100, ExpiresAt: testNow.Unix()}
	r.Sign(topupSecret)
	form := r.Values()
	form.Set("_csrf", "token")
	got, err := ParseTopupRequest(form)
	if err != nil || got != r || !got.Verify(topupSecret) {
		t.Fatalf("round trip: %v %+v", err, got)
	}
	// a request's signature is no notice's
	n := TopupNotice{Reference: r.Reference, TradeNo: "x", Amount: r.Amount, Status: NoticePaid, Signature: r.Signature}
	if n.Verify(topupSecret) {
		t.Error("a request's signature verified a notice")
	}
	form.Set("expires", "0123")
	if _, err := ParseTopupRequest(form); err != ErrInvalidInput {
		t.Errorf("leading zero in expires: %v", err)
	}
}

// A customer holding money of its own (a top-up) cannot become a consignment customer: the
// partner could reclaim it. It may still take an advisory invitation, and not switch after.
func TestOwnBalanceKeepsOutOfConsignment(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	tp, a := prospectTopup(t, db, "100")
	if _, err := ConfirmTopup(ctx, db, Actor{RequestID: "gateway-1"}, topupSecret, paidNotice(tp, "SIM-9"), testNow); err != nil {
		t.Fatal(err)
	}
	prospect := customerOfUser(t, db, "prospect")
	invite := func(mode Mode) *Invitation {
		inv, err := Invite(ctx, db, actor(t, db, "provider-sales"), InviteInput{EnterpriseID: *prospect.EnterpriseID, Mode: mode}, testNow)
		if err != nil || inv.Mode != mode {
			t.Fatalf("invite in mode %d: %+v %v", mode, inv, err)
		}
		return inv
	}
	_, err := AcceptInvitation(ctx, db, a, invite(Consignment).Token, testNow)
	wantErr(t, "accepting consignment with a balance", err, ErrOwnBalance)
	db.Where("enterprise_id = ? AND status = ?", *prospect.EnterpriseID, InvitationPending).Delete(&Invitation{})
	if _, err := AcceptInvitation(ctx, db, a, invite(Advisory).Token, testNow); err != nil {
		t.Fatal("an advisory invitation:", err)
	}
	wantErr(t, "switching to consignment with a balance", SwitchMode(ctx, db, actor(t, db, "provider"), prospect.ID, Consignment, testNow), ErrOwnBalance)
	if balanceOf(t, db, prospect.ID) != 10000 {
		t.Error("the customer's own balance moved")
	}
}
