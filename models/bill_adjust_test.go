package models

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

func rmb(s string) Money { return Money{decimal.RequireFromString(s)} }

// TestAdjustBill: compensations within and over the customer's bill of the cycle, deductions paid
// by the balance and partly by debt, and the refusals; the ledger, the fee records, the sums and
// the arrears agree (Check) after each.
func TestAdjustBill(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx, op := context.Background(), operatorActor(t, db)
	c := usageCustomer(t, db, 0, 10000) // ¥100.00
	cycle := BillCycleOf(testNow)
	bill := func() int64 {
		t.Helper()
		n, err := cycleBill(db, c.ID, cycle)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	start := bill()
	type want struct{ balance, arrears, bill int64 }
	cases := []struct {
		name   string
		a      Actor
		in     AdjustInput
		err    error
		field  string
		want   want
		record [3]int64 // official, cash, debt of its fee record
	}{
		{"deduction paid by the balance", op, AdjustInput{Kind: BillDeduction, Amount: rmb("30.00"), ServiceType: "hws.service.type.ec2", Reason: "missed hours"},
			nil, "", want{7000, 0, start + 3000}, [3]int64{3000, 3000, 0}},
		{"compensation within the bill", op, AdjustInput{Kind: BillCompensation, Amount: rmb("10.5"), Reason: "outage"},
			nil, "", want{8050, 0, start + 1950}, [3]int64{-1050, -1050, 0}},
		{"compensation over the bill", op, AdjustInput{Kind: BillCompensation, Amount: Fen(start + 1951), Reason: "too much"},
			ErrOverBill, "", want{8050, 0, start + 1950}, [3]int64{}},
		{"deduction partly debt", op, AdjustInput{Kind: BillDeduction, Amount: rmb("100.50"), Reason: "late fee"},
			nil, "", want{0, 2000, start + 11999 + 1}, [3]int64{10050, 8050, 2000}},
		{"compensation pays the arrears first", op, AdjustInput{Kind: BillCompensation, Amount: rmb("25"), Reason: "goodwill"},
			nil, "", want{500, 0, start + 12000 - 2500}, [3]int64{-2500, -2500, 0}},
		{"no reason", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "  "}, ErrReasonRequired, "reason", want{500, 0, start + 9500}, [3]int64{}},
		{"reason with a control character", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "a\x00b"}, ErrTextInvalid, "reason", want{500, 0, start + 9500}, [3]int64{}},
		{"amount 0", op, AdjustInput{Kind: BillDeduction, Amount: rmb("0"), Reason: "x"}, ErrInvalidAmount, "amount", want{500, 0, start + 9500}, [3]int64{}},
		{"amount negative", op, AdjustInput{Kind: BillDeduction, Amount: rmb("-1"), Reason: "x"}, ErrInvalidAmount, "amount", want{500, 0, start + 9500}, [3]int64{}},
		{"amount of 3 decimals", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1.005"), Reason: "x"}, ErrInvalidAmount, "amount", want{500, 0, start + 9500}, [3]int64{}},
		{"no kind", op, AdjustInput{Kind: 5, Amount: rmb("1"), Reason: "x"}, ErrAdjustKind, "kind", want{500, 0, start + 9500}, [3]int64{}},
		{"unknown service type", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), ServiceType: "hws.service.type.nope", Reason: "x"}, ErrInvalidInput, "service_type", want{500, 0, start + 9500}, [3]int64{}},
		{"unknown customer", op, AdjustInput{CustomerID: 1 << 40, Kind: BillDeduction, Amount: rmb("1"), Reason: "x"}, ErrNotFound, "", want{500, 0, start + 9500}, [3]int64{}},
		{"a partner", actor(t, db, "provider"), AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "x"}, ErrForbidden, "", want{500, 0, start + 9500}, [3]int64{}},
		{"cycle 2026-13", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "x", Cycle: "2026-13"}, ErrBillCycle, "bill_cycle", want{500, 0, start + 9500}, [3]int64{}},
		{"cycle with a day", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "x", Cycle: "2026-11-01"}, ErrBillCycle, "bill_cycle", want{500, 0, start + 9500}, [3]int64{}},
		{"a future cycle", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "x", Cycle: "2026-12"}, ErrBillCycleFuture, "bill_cycle", want{500, 0, start + 9500}, [3]int64{}},
		{"a cycle 12 before", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "x", Cycle: "2025-11"}, ErrAdjustCycleOld, "bill_cycle", want{500, 0, start + 9500}, [3]int64{}},
		{"the running cycle named", op, AdjustInput{Kind: BillDeduction, Amount: rmb("1"), Reason: "x", Cycle: "2026-11"}, nil, "", want{400, 0, start + 9600}, [3]int64{100, 100, 0}},
	}
	for _, tc := range cases {
		if tc.in.CustomerID == 0 {
			tc.in.CustomerID = c.ID
		}
		b, err := AdjustBill(ctx, db, tc.a, tc.in, testNow)
		if !errors.Is(err, tc.err) || tc.field != "" && fieldOfErr(err) != tc.field {
			t.Fatalf("%s: %v, want %v (field %q)", tc.name, err, tc.err, tc.field)
		}
		if got := (want{customerCash(t, db, c.ID), arrearsOf(t, db, c.ID).Amount, bill()}); got != tc.want {
			t.Errorf("%s: balance, arrears, bill %v, want %v", tc.name, got, tc.want)
		}
		if err == nil {
			var f FeeRecord
			if err := db.Take(&f, b.FeeRecordID).Error; err != nil {
				t.Fatal(err)
			}
			if got := [3]int64{f.Official, f.Cash, f.Debt}; got != tc.record || f.BillType != tc.in.Kind || f.BillCycle != cycle || f.ServiceType != tc.in.ServiceType {
				t.Errorf("%s: fee record %+v, want %v", tc.name, f, tc.record)
			}
			var n int64
			db.Model(&AuditRecord{}).Where("action IN ? AND object_id = ?", []string{"bill.compensate", "bill.deduct"}, c.ID).Count(&n)
			if n == 0 {
				t.Errorf("%s: not audited", tc.name)
			}
		}
		var over *OverBillError
		if errors.As(err, &over) && (over.Cycle != cycle || !over.Bill.Equal(Fen(start+1950).Decimal)) {
			t.Errorf("%s: says %s %s", tc.name, over.Cycle, over.Bill.StringFixed(2))
		}
		mustCheck(t, db)
	}
	rows, err := ListAdjustments(ctx, db, op, 10)
	if err != nil || len(rows) != 7 || rows[0].CustomerName != c.AccountName || rows[0].Reason != "x" || rows[0].PartnerName == "" {
		t.Errorf("list: %v %+v", err, rows)
	}
}

// TestAdjustBillRetry: a retried form (the same key) adjusts once, with or without money moving;
// the same key for another adjustment is refused.
func TestAdjustBillRetry(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx, op := context.Background(), operatorActor(t, db)
	c := usageCustomer(t, db, 1, 0) // nothing to pay with: all debt, no transfer
	in := AdjustInput{CustomerID: c.ID, Kind: BillDeduction, Amount: rmb("12.34"), Reason: "retry", IdempotencyKey: "k-1"}
	first, err := AdjustBill(ctx, db, op, in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	again, err := AdjustBill(ctx, db, op, in, testNow)
	if err != nil || again.ID != first.ID {
		t.Fatalf("retry: %v, %d vs %d", err, again.ID, first.ID)
	}
	if ar := arrearsOf(t, db, c.ID).Amount; ar != 1234 {
		t.Errorf("arrears %d, want 1234", ar)
	}
	in.Amount = rmb("1")
	if _, err := AdjustBill(ctx, db, op, in, testNow); !errors.Is(err, ErrIdempotencyConflict) {
		t.Errorf("another adjustment under the key: %v", err)
	}
	setBalance(t, db, c.ID, 5000) // pays the arrears (12.34), keeps 37.66
	comp := AdjustInput{CustomerID: c.ID, Kind: BillCompensation, Amount: rmb("2"), Reason: "retry", IdempotencyKey: "k-2"}
	for range 3 {
		if _, err := AdjustBill(ctx, db, op, comp, testNow); err != nil {
			t.Fatal(err)
		}
	}
	if cash := customerCash(t, db, c.ID); cash != 5000-1234+200 {
		t.Errorf("balance %d, want %d", cash, 5000-1234+200)
	}
	var n int64
	db.Model(&BillAdjustment{}).Where("customer_id = ?", c.ID).Count(&n)
	if n != 2 {
		t.Errorf("%d adjustments, want 2", n)
	}
	mustCheck(t, db)
}

// TestCheckCatchesAdjustmentCorruption: the checks of the adjustments see a changed row.
func TestCheckCatchesAdjustmentCorruption(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx, op := context.Background(), operatorActor(t, db)
	c := usageCustomer(t, db, 0, 1000)
	d, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Kind: BillDeduction, Amount: rmb("5"), Reason: "x"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Kind: BillCompensation, Amount: rmb("2"), Reason: "y"}, testNow); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	fee := strconv.FormatUint(d.FeeRecordID, 10)
	cases := []struct{ name, sql, want string }{
		{"cash of a deduction changed", "UPDATE fee_records SET cash = cash - 1, debt = debt + 1 WHERE id = " + fee,
			"customers whose compensation or deduction fee records' cash is not their transfers"},
		{"a compensation's cash changed", "UPDATE fee_records SET cash = cash + 1, official = official + 1 WHERE bill_type = 9 AND customer_id = " + strconv.FormatUint(c.ID, 10),
			"customers whose compensation or deduction fee records' cash is not their transfers"},
		{"an adjustment's amount changed", "UPDATE bill_adjustments SET amount = amount + 1, debt = debt + 1 WHERE id = " + strconv.FormatUint(d.ID, 10),
			"adjustments that differ from their fee record or their transfer"},
		{"an adjustment lost", "DELETE FROM bill_adjustments WHERE id = " + strconv.FormatUint(d.ID, 10),
			"adjustment fee records without their adjustment"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := db.Begin()
			defer tx.Rollback()
			if err := tx.Exec(tc.sql).Error; err != nil {
				t.Fatal(err)
			}
			report, err := Check(ctx, tx)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, line := range report {
				found = found || strings.HasPrefix(line, tc.want)
			}
			if !found {
				t.Errorf("not caught: %v", report)
			}
		})
	}
}

// fieldOfErr is the field a *FieldError names ("" for none).
func fieldOfErr(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// TestAdjustBillConcurrentRetries: the same form posted at once from several places adjusts once.
func TestAdjustBillConcurrentRetries(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx, op := context.Background(), operatorActor(t, db)
	c := usageCustomer(t, db, 2, 300)
	in := AdjustInput{CustomerID: c.ID, Kind: BillDeduction, Amount: rmb("5"), Reason: "burst", IdempotencyKey: "burst-1"}
	ids := make(chan uint64, 6)
	errs := make(chan error, 6)
	for range 6 {
		go func() {
			b, err := AdjustBill(ctx, db, op, in, testNow)
			if err != nil {
				errs <- err
				return
			}
			ids <- b.ID
		}()
	}
	var first uint64
	for range 6 {
		select {
		case err := <-errs:
			t.Fatal(err)
		case id := <-ids:
			if first != 0 && id != first {
				t.Errorf("adjustments %d and %d", first, id)
			}
			first = id
		}
	}
	if cash, ar := customerCash(t, db, c.ID), arrearsOf(t, db, c.ID).Amount; cash != 0 || ar != 200 {
		t.Errorf("balance %d, arrears %d; want 0 and 200", cash, ar)
	}
	mustCheck(t, db)
}

// TestAdjustClosedCycle: an adjustment of a closed cycle goes on that cycle's bill, dated its last
// second, within that bill; a settled bill is refused with its cycle, moving nothing, until its
// partner undoes the settlement.
func TestAdjustClosedCycle(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx, op, finance := context.Background(), operatorActor(t, db), actor(t, db, "provider-finance")
	var c Customer
	if err := db.Where("account_name = ?", "demo-customer").Take(&c).Error; err != nil {
		t.Fatal(err)
	}
	prev := Cycles(testNow, 2)[1]
	bill := func() int64 {
		t.Helper()
		n, err := cycleBill(db, c.ID, prev)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var seeded int64 // the demo's compensation and deduction of the previous cycle
	db.Model(&FeeRecord{}).Where("customer_id = ? AND bill_cycle = ? AND bill_type IN ?", c.ID, prev, []int8{BillCompensation, BillDeduction}).Count(&seeded)
	if seeded != 2 {
		t.Errorf("the demo has %d adjustments of %s, want a compensation and a deduction", seeded, prev)
	}
	start := bill()
	_, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Cycle: prev, Kind: BillCompensation, Amount: Fen(start + 1), Reason: "too much"}, testNow)
	var over *OverBillError
	if !errors.As(err, &over) || over.Cycle != prev || over.Bill.Shift(2).IntPart() != start {
		t.Fatalf("over the closed bill: %v", err)
	}
	b, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Cycle: prev, Kind: BillCompensation, Amount: rmb("1"), Reason: "late delivery"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var f FeeRecord
	db.Take(&f, b.FeeRecordID)
	_, cycleStart, _ := ParseBillCycle(prev)
	if f.BillCycle != prev || !f.TradeTime.Equal(cycleStart.AddDate(0, 1, 0).Add(-time.Second)) || bill() != start-100 {
		t.Errorf("fee record %+v, bill %d, want in %s at its last second, bill %d", f, bill(), prev, start-100)
	}
	mustCheck(t, db)

	if _, err := SettleBill(ctx, db, finance, SettleInput{CustomerID: c.ID, Cycle: prev, InvoiceNo: "INV-ADJ-1", InvoiceDate: "2026-11-05"}, testNow); err != nil {
		t.Fatal(err)
	}
	balance, fees := customerCash(t, db, c.ID), count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ?", c.ID)
	for _, kind := range []int8{BillCompensation, BillDeduction} {
		_, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Cycle: prev, Kind: kind, Amount: rmb("1"), Reason: "after the invoice"}, testNow)
		var settled *SettledBillError
		if !errors.As(err, &settled) || !errors.Is(err, ErrAdjustSettled) || settled.Cycle != prev {
			t.Errorf("kind %d on a settled bill: %v", kind, err)
		}
	}
	if customerCash(t, db, c.ID) != balance || count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ?", c.ID) != fees || bill() != start-100 {
		t.Errorf("a refused adjustment moved something")
	}
	if _, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Kind: BillDeduction, Amount: rmb("1"), Reason: "running cycle"}, testNow); err != nil {
		t.Errorf("the running cycle is not settled: %v", err)
	}
	if _, err := UnsettleBill(ctx, db, finance, c.ID, prev, "invoice reissued after a compensation"); err != nil {
		t.Fatal(err)
	}
	if _, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Cycle: prev, Kind: BillDeduction, Amount: rmb("1"), Reason: "after the undo"}, testNow); err != nil || bill() != start {
		t.Errorf("after the undo: %v, bill %d want %d", err, bill(), start)
	}
	mustCheck(t, db)
}

// TestAdjustMovedCustomer: a customer that has moved partner since a closed cycle is adjusted, for
// that cycle, on the bill of the partner it had then (its partner's to settle and invoice), in the
// mode of that bill; the running cycle's adjustment goes on its new partner's bill.
func TestAdjustMovedCustomer(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx, op := context.Background(), operatorActor(t, db)
	provider, distributor := partnerByAccount(t, db, "provider"), partnerByAccount(t, db, "distributor")
	c := usageCustomer(t, db, 3, 5000)
	prev, running := Cycles(testNow, 2)[1], BillCycleOf(testNow)
	// a bill of the previous cycle under the provider
	if _, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Cycle: prev, Kind: BillDeduction, Amount: rmb("10"), Reason: "missed hours"}, testNow); err != nil {
		t.Fatal(err)
	}
	// the provider unbinds it and the distributor takes it on, as an advisory customer
	moved := testNow.Add(-time.Hour)
	if err := Unbind(ctx, db, actor(t, db, "provider"), c.ID, moved); err != nil {
		t.Fatal(err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error {
		var fresh Customer
		if err := tx.Take(&fresh, c.ID).Error; err != nil {
			return err
		}
		_, err := associate(tx, &fresh, distributor, Advisory, nil, moved)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	billOf := func(cycle string) []CycleBill {
		t.Helper()
		var bs []CycleBill
		if err := db.Where("customer_id = ? AND bill_cycle = ?", c.ID, cycle).Order("id").Find(&bs).Error; err != nil {
			t.Fatal(err)
		}
		return bs
	}
	before := billOf(prev)
	if len(before) != 1 || before[0].PartnerID != provider.ID || before[0].Mode != Consignment || before[0].Amount != 1000 {
		t.Fatalf("the previous cycle's bills %+v, want the provider's of 10.00", before)
	}
	b, err := AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Cycle: prev, Kind: BillCompensation, Amount: rmb("3"), Reason: "outage"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var f FeeRecord
	db.Take(&f, b.FeeRecordID)
	if f.PartnerID != provider.ID || f.TopPartnerID != provider.ID || b.PartnerID != provider.ID {
		t.Errorf("the closed cycle's compensation: fee record under %d/%d, adjustment %d; want the provider %d", f.PartnerID, f.TopPartnerID, b.PartnerID, provider.ID)
	}
	if after := billOf(prev); len(after) != 1 || after[0].PartnerID != provider.ID || after[0].Mode != Consignment || after[0].Amount != 700 || after[0].Count != 2 {
		t.Errorf("the previous cycle's bills %+v, want the provider's consignment bill of 7.00", after)
	}
	var audited AuditRecord
	if err := db.Where("action = ? AND object_id = ?", "bill.compensate", c.ID).Order("id DESC").Take(&audited).Error; err != nil || deref(audited.PartnerID) != provider.ID {
		t.Errorf("the compensation's audit record: %v, partner %d", err, deref(audited.PartnerID))
	}
	// the running cycle's goes on its new partner's bill, in its mode now
	if b, err = AdjustBill(ctx, db, op, AdjustInput{CustomerID: c.ID, Kind: BillDeduction, Amount: rmb("1"), Reason: "late fee"}, testNow); err != nil {
		t.Fatal(err)
	}
	var g FeeRecord
	db.Take(&g, b.FeeRecordID)
	if g.PartnerID != distributor.ID || g.TopPartnerID != distributor.ID || b.PartnerID != distributor.ID {
		t.Errorf("the running cycle's deduction under %d/%d, adjustment %d; want the distributor %d", g.PartnerID, g.TopPartnerID, b.PartnerID, distributor.ID)
	}
	found := false
	for _, cb := range billOf(running) {
		found = found || cb.PartnerID == distributor.ID && cb.Mode == Advisory && cb.Amount == 100
	}
	if !found {
		t.Errorf("the running cycle's bills %+v, want the distributor's advisory bill of 1.00", billOf(running))
	}
	mustCheck(t, db)
}
