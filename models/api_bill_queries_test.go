package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestParseBillCycleAt(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 30, 15, 59, 0, 0, time.UTC) // 2026-11-30 23:59 in Shanghai
	cases := []struct {
		in   string
		want error
	}{
		{"2026-11", nil}, {"2026-10", nil}, {"2000-01", nil}, {"2026-12", ErrBillCycleFuture}, {"2027-01", ErrBillCycleFuture},
		{"9999-12", ErrBillCycleFuture}, {"2026-13", ErrBillCycle}, {"2026-1", ErrBillCycle}, {"", ErrBillCycle},
	}
	for _, c := range cases {
		cycle, _, err := ParseBillCycleAt(c.in, now)
		if !errors.Is(err, c.want) || err == nil && cycle != c.in {
			t.Errorf("ParseBillCycleAt(%q) = %q, %v; want %v", c.in, cycle, err, c.want)
		}
	}
	// a minute later it is December in Shanghai: its cycle has begun
	if _, _, err := ParseBillCycleAt("2026-12", now.Add(time.Minute)); err != nil {
		t.Errorf("the cycle just begun: %v", err)
	}
}

func TestParseBillDates(t *testing.T) {
	t.Parallel()
	_, nov, _ := ParseBillCycle("2026-11")
	_, feb, _ := ParseBillCycle("2028-02")
	day := func(s string) time.Time { d, _ := time.ParseInLocation(time.DateOnly, s, BusinessZone); return d }
	cases := []struct {
		start        time.Time
		begin, end   string
		since, until time.Time
		ok           bool
	}{
		{nov, "", "", time.Time{}, time.Time{}, true},
		{nov, "2026-11-01", "2026-11-30", day("2026-11-01"), day("2026-12-01"), true},
		{nov, "2026-11-23", "2026-11-23", day("2026-11-23"), day("2026-11-24"), true},
		{feb, "2028-02-29", "2028-02-29", day("2028-02-29"), day("2028-03-01"), true}, // a leap day
		{nov, "2026-11-23", "", time.Time{}, time.Time{}, false},                      // one without the other
		{nov, "", "2026-11-23", time.Time{}, time.Time{}, false},
		{nov, "2026-11-24", "2026-11-23", time.Time{}, time.Time{}, false}, // backwards
		{nov, "2026-10-31", "2026-11-02", time.Time{}, time.Time{}, false}, // across two months
		{nov, "2026-11-30", "2026-12-01", time.Time{}, time.Time{}, false},
		{nov, "2026-11-31", "2026-11-31", time.Time{}, time.Time{}, false}, // no such day
		{feb, "2027-02-29", "2027-02-29", time.Time{}, time.Time{}, false},
		{nov, "2026/11/01", "2026/11/02", time.Time{}, time.Time{}, false},
		{nov, "2026-11-1", "2026-11-02", time.Time{}, time.Time{}, false},
		{nov, "2026-11-01T00:00:00Z", "2026-11-02", time.Time{}, time.Time{}, false},
		{nov, "+026-11-01", "2026-11-02", time.Time{}, time.Time{}, false},
		{nov, "2026-11-０1", "2026-11-02", time.Time{}, time.Time{}, false},
	}
	for _, c := range cases {
		since, until, err := ParseBillDates(c.start, c.begin, c.end)
		if c.ok != (err == nil) || err != nil && !errors.Is(err, ErrBillDates) {
			t.Errorf("ParseBillDates(%q, %q): %v", c.begin, c.end, err)
			continue
		}
		if !since.Equal(c.since) || !until.Equal(c.until) {
			t.Errorf("ParseBillDates(%q, %q) = %s, %s; want %s, %s", c.begin, c.end, since, until, c.since, c.until)
		}
	}
}

func FuzzParseBillDates(f *testing.F) {
	f.Add("2026-11", "2026-11-01", "2026-11-30")
	f.Add("2028-02", "2028-02-29", "2028-02-28")
	f.Add("2026-11", "2026-11-31", "")
	f.Fuzz(func(t *testing.T, cycle, begin, end string) {
		_, start, err := ParseBillCycle(cycle)
		if err != nil {
			return
		}
		since, until, err := ParseBillDates(start, begin, end)
		if err != nil {
			if !errors.Is(err, ErrBillDates) {
				t.Fatalf("ParseBillDates(%q, %q, %q): %v", cycle, begin, end, err)
			}
			return
		}
		if begin == "" && end == "" {
			if !since.IsZero() || !until.IsZero() {
				t.Fatalf("no dates gave %s, %s", since, until)
			}
			return
		}
		// the days are the ones written, in the cycle, in order, and cover whole days
		if since.Format(time.DateOnly) != begin || until.AddDate(0, 0, -1).Format(time.DateOnly) != end ||
			BillCycleOf(since) != cycle || BillCycleOf(until.Add(-time.Nanosecond)) != cycle || !since.Before(until) ||
			since.Location() != BusinessZone || since.Hour() != 0 {
			t.Fatalf("ParseBillDates(%q, %q, %q) = %s, %s", cycle, begin, end, since, until)
		}
	})
}

func TestBillKindOf(t *testing.T) {
	t.Parallel()
	for bt, want := range map[int8]int8{1: BillKindConsumption, 2: BillKindConsumption, 5: BillKindConsumption, 8: BillKindConsumption,
		103: BillKindConsumption, 4: BillKindRefund, 20: BillKindRefund, 24: BillKindRefund, 9: BillKindAdjustment, 16: BillKindAdjustment} {
		if got := BillKindOf(bt); got != want {
			t.Errorf("BillKindOf(%d) = %d, want %d", bt, got, want)
		}
	}
}

// Who may list which fee records: a partner its customer's (a master distributor its reseller's
// customer's with ResellerID), the customer its own; anyone else's customer is not found.
func TestListFeeDetailsScope(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	var rec FeeRecord // a record of a reseller's customer, and one of the provider's
	if err := db.Where("partner_id = (SELECT id FROM partners WHERE account_name = 'reseller')").First(&rec).Error; err != nil {
		t.Fatal(err)
	}
	var own FeeRecord
	if err := db.Where("partner_id = ?", partnerByAccount(t, db, "provider").ID).First(&own).Error; err != nil {
		t.Fatal(err)
	}
	reseller, provider := partnerByAccount(t, db, "reseller"), actor(t, db, "provider")
	distributor := actor(t, db, "distributor")
	f := func(customer, resellerID uint64, cycle string) FeeDetailFilter {
		return FeeDetailFilter{FeeFilter: FeeFilter{Cycle: cycle, CustomerID: customer, ResellerID: resellerID}}
	}
	cases := []struct {
		name string
		a    Actor
		f    FeeDetailFilter
		want error
		n    int64
	}{
		{"the provider's customer", provider, f(own.CustomerID, 0, own.BillCycle), nil,
			count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ? AND bill_cycle = ? AND partner_id = ?", own.CustomerID, own.BillCycle, provider.PartnerID)},
		{"the customer itself", customerActor(own.CustomerID), f(0, 0, own.BillCycle), nil,
			count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ? AND bill_cycle = ?", own.CustomerID, own.BillCycle)},
		{"the customer naming itself", customerActor(own.CustomerID), f(own.CustomerID, 0, own.BillCycle), nil, -1},
		{"the distributor for its reseller", distributor, f(rec.CustomerID, reseller.ID, rec.BillCycle), nil,
			count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ? AND bill_cycle = ? AND partner_id = ?", rec.CustomerID, rec.BillCycle, reseller.ID)},
		{"the reseller's own", actor(t, db, "reseller"), f(rec.CustomerID, 0, rec.BillCycle), nil, -1},
		{"the distributor without the reseller", distributor, f(rec.CustomerID, 0, rec.BillCycle), ErrNotFound, 0},
		{"another partner's customer", distributor, f(own.CustomerID, 0, own.BillCycle), ErrNotFound, 0},
		{"the provider for a reseller", provider, f(own.CustomerID, reseller.ID, own.BillCycle), ErrNotYourReseller, 0},
		{"another customer", customerActor(own.CustomerID), f(rec.CustomerID, 0, rec.BillCycle), ErrNotFound, 0},
		{"no customer", provider, f(0, 0, own.BillCycle), ErrInvalidInput, 0},
		{"the operator", actor(t, db, "operator"), f(own.CustomerID, 0, own.BillCycle), ErrForbidden, 0},
		{"a bad cycle", provider, f(own.CustomerID, 0, "2026-13"), ErrBillCycle, 0},
	}
	for _, c := range cases {
		l, err := ListFeeDetails(ctx, db, c.a, c.f, Paging{Limit: 100})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		if err == nil && (c.n >= 0 && l.Total != c.n || l.Total == 0 || int64(len(l.Rows)) != l.Total) {
			t.Errorf("%s: %d records (%d rows), want %d", c.name, l.Total, len(l.Rows), c.n)
		}
	}
	if _, err := ListFeeSums(ctx, db, provider, f(own.CustomerID, 0, own.BillCycle), Paging{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner summing by cycle: %v", err)
	}
	// the customer's sums by resource: its own customer and cycle on each, adding up to its records
	sums, err := ListFeeSums(ctx, db, customerActor(own.CustomerID), f(0, 0, own.BillCycle), Paging{Limit: MaxLimit})
	if err != nil || sums.Total == 0 || int64(len(sums.Rows)) != sums.Total {
		t.Fatalf("the customer summing by cycle: %v %+v", err, sums)
	}
	var cash int64
	for _, r := range sums.Rows {
		if r.CustomerID != own.CustomerID || r.BillCycle != own.BillCycle {
			t.Errorf("a sum of customer %d, cycle %s", r.CustomerID, r.BillCycle)
		}
		cash += r.Cash
	}
	if want := count(t, db, "SELECT COALESCE(SUM(cash), 0) FROM fee_records WHERE customer_id = ? AND bill_cycle = ?", own.CustomerID, own.BillCycle); cash != want {
		t.Errorf("the sums' cash %d, the records' %d", cash, want)
	}
}

// The customer's bill of a cycle adds its monthly sums up by kind, and its total is the fee
// records' total; the partner's list of bills holds the same figures.
func TestCycleBills(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	var own FeeRecord
	provider := actor(t, db, "provider")
	if err := db.Where("partner_id = ?", provider.PartnerID).Order("id DESC").First(&own).Error; err != nil {
		t.Fatal(err)
	}
	bill, err := CustomerCycleBill(ctx, db, customerActor(own.CustomerID), own.CustomerID, own.BillCycle, "")
	if err != nil || len(bill.Sums) == 0 {
		t.Fatalf("the bill: %v %+v", err, bill)
	}
	amount := count(t, db, "SELECT COALESCE(SUM(official - discount), 0) FROM fee_records WHERE customer_id = ? AND bill_cycle = ?", own.CustomerID, own.BillCycle)
	cash := count(t, db, "SELECT COALESCE(SUM(cash), 0) FROM fee_records WHERE customer_id = ? AND bill_cycle = ?", own.CustomerID, own.BillCycle)
	if bill.Total.Amount != amount || bill.Total.Cash != cash {
		t.Errorf("total %+v, the records %d (cash %d)", bill.Total, amount, cash)
	}
	var sum BillSum
	for i, s := range bill.Sums {
		sum.Amount, sum.Cash = sum.Amount+s.Amount, sum.Cash+s.Cash
		if i > 0 && !(bill.Sums[i-1].ServiceType < s.ServiceType || bill.Sums[i-1].ServiceType == s.ServiceType &&
			(bill.Sums[i-1].ChargeMode < s.ChargeMode || bill.Sums[i-1].ChargeMode == s.ChargeMode && bill.Sums[i-1].Kind < s.Kind)) {
			t.Errorf("sums out of order: %+v", bill.Sums)
		}
	}
	if sum.Amount != amount || sum.Cash != cash {
		t.Errorf("the sums add up to %+v", sum)
	}
	if _, err := CustomerCycleBill(ctx, db, actor(t, db, "distributor"), own.CustomerID, own.BillCycle, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner's customer's bill: %v", err)
	}
	list, err := ListMonthlyBills(ctx, db, provider, MonthlyBillFilter{Cycle: own.BillCycle, ChargeMode: own.ChargeMode, CustomerID: own.CustomerID},
		Paging{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var listed int64
	for _, r := range list.Rows {
		listed += r.Amount
		if r.CustomerID != own.CustomerID || r.DomainID == "" || r.ChargeMode != own.ChargeMode {
			t.Errorf("row %+v", r)
		}
	}
	modeAmount := count(t, db, "SELECT COALESCE(SUM(official - discount), 0) FROM fee_records WHERE customer_id = ? AND bill_cycle = ? AND charge_mode = ?",
		own.CustomerID, own.BillCycle, own.ChargeMode)
	if listed != modeAmount || int64(len(list.Rows)) != list.Total {
		t.Errorf("the partner's rows add up to %d, the records %d: %+v", listed, modeAmount, list)
	}
	for name, c := range map[string]struct {
		a    Actor
		f    MonthlyBillFilter
		want error
	}{
		"another partner's customer": {actor(t, db, "distributor"), MonthlyBillFilter{Cycle: own.BillCycle, ChargeMode: 1, CustomerID: own.CustomerID}, ErrNotFound},
		"not its reseller":           {provider, MonthlyBillFilter{Cycle: own.BillCycle, ChargeMode: 1, ResellerID: partnerByAccount(t, db, "reseller").ID}, ErrNotYourReseller},
		"a customer":                 {customerActor(own.CustomerID), MonthlyBillFilter{Cycle: own.BillCycle, ChargeMode: 1}, ErrForbidden},
		"a bad cycle":                {provider, MonthlyBillFilter{Cycle: "2026-00", ChargeMode: 1}, ErrBillCycle},
	} {
		if _, err := ListMonthlyBills(ctx, db, c.a, c.f, Paging{}); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}
