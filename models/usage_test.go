package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// usageHour is the last complete hour before testNow: the hour the tests rate.
var usageHour = testNow.Truncate(time.Hour).Add(-time.Hour)

// usageCustomer is a consignment customer of provider with no coupons and no resources, whose
// balance is set to fen (by a reclaim of what it had and an allocation).
func usageCustomer(t testing.TB, db *gorm.DB, skip int, fen int64) *Customer {
	t.Helper()
	p := partnerByAccount(t, db, "provider")
	var c Customer
	err := db.Where(`partner_id = ? AND mode = ? AND frozen = 0 AND NOT EXISTS (SELECT 1 FROM coupons WHERE customer_id = customers.id)
		AND NOT EXISTS (SELECT 1 FROM resources WHERE customer_id = customers.id)`, p.ID, Consignment).Order("id").Offset(skip).First(&c).Error
	if err != nil {
		t.Fatal(err)
	}
	setBalance(t, db, c.ID, fen)
	return &c
}

func setBalance(t testing.TB, db *gorm.DB, customerID uint64, fen int64) {
	t.Helper()
	ctx, a := context.Background(), actor(t, db, "provider")
	if held := customerCash(t, db, customerID); held > 0 {
		if _, err := Reclaim(ctx, db, a, customerID, FundsInput{Amount: Fen(held)}, testNow); err != nil {
			t.Fatal(err)
		}
	}
	if fen > 0 {
		if _, err := Allocate(ctx, db, a, customerID, FundsInput{Amount: Fen(fen)}, testNow); err != nil {
			t.Fatal(err)
		}
	}
}

// onDemandResource makes an on-demand resource of the customer, in use since a day before testNow.
func onDemandResource(t testing.TB, db *gorm.DB, c *Customer, service, rtype, spec string, size int64) *Resource {
	t.Helper()
	var n int64
	db.Model(&Resource{}).Count(&n)
	r := Resource{PublicID: fmt.Sprintf("test-od-%d-%d", c.ID, n), OrderID: 0, LineID: 0, PartnerID: deref(c.PartnerID), CustomerID: c.ID,
		ServiceType: service, ResourceType: rtype, Spec: spec, Region: "cn-north-1", Size: size, ChargeMode: ChargeOnDemand,
		Status: ResourceInUse, EffectiveAt: testNow.Add(-24 * time.Hour), CreatedAt: testNow.Add(-24 * time.Hour)}
	if err := db.Create(&r).Error; err != nil {
		t.Fatal(err)
	}
	return &r
}

func ecs(t testing.TB, db *gorm.DB, c *Customer) *Resource {
	return onDemandResource(t, db, c, "hws.service.type.ec2", "hws.resource.type.vm", "s6.large.2.linux", 0)
}

func rate(t testing.TB, db *gorm.DB, now time.Time) RateResult {
	t.Helper()
	res, err := RateUsage(context.Background(), db, RateOptions{}, now)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func generate(t testing.TB, db *gorm.DB, hour time.Time) int {
	t.Helper()
	n, err := GenerateUsage(context.Background(), db, hour, hour.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func arrearsOf(t testing.TB, db *gorm.DB, customerID uint64) Arrears {
	t.Helper()
	var ar Arrears
	db.Where("customer_id = ?", customerID).Find(&ar)
	return ar
}

// TestRatingMatchesInquire: a usage record is priced as an inquiry of its usage is, the
// customer's best discount applied, for every kind of on-demand product.
func TestRatingMatchesInquire(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	c := usageCustomer(t, db, 0, 0)
	for _, d := range []Discount{
		{CustomerID: c.ID, Type: DiscountTypes[0], ServiceType: "hws.service.type.ec2", Off: mustPercent(t, "12.5")},
		{CustomerID: c.ID, Type: DiscountTypes[len(DiscountTypes)-1], ServiceType: "", Off: mustPercent(t, "3")},
	} {
		d.ValidFrom, d.ValidTo, d.UpdatedAt = "2026-01-01", "2027-12-31", testNow
		if err := db.Create(&d).Error; err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name                         string
		service, rtype, spec, factor string
		size                         int64
		measure                      uint64
		value                        string
		inquired                     string // the spec the inquiry names, if not the resource's: its companion pricing the factor
	}{
		{"ecs hour", "hws.service.type.ec2", "hws.resource.type.vm", "s6.large.2.linux", "Duration", 0, 4, "1", ""},
		{"ecs windows hour", "hws.service.type.ec2", "hws.resource.type.vm", "s6.large.2.win", "Duration", 0, 4, "1", ""},
		{"evs 40 GB hour", "hws.service.type.ebs", "hws.resource.type.volume", "SAS", "Duration", 40, 4, "1", ""},
		{"evs 32768 GB a day", "hws.service.type.ebs", "hws.resource.type.volume", "SSD", "Duration", 32768, 5, "1", ""},
		{"bandwidth by traffic", "hws.service.type.vpc", "hws.resource.type.bandwidth", "12_bgp", "upflow", 5, 10, "3.37", ""},
		{"bandwidth by traffic in MB", "hws.service.type.vpc", "hws.resource.type.bandwidth", "12_bgp", "upflow", 1, 11, "777.12345678", ""},
		{"obs outbound", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", "upflow", 0, 10, "0.01", ""},
		{"obs storage GB-hours", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", "storage", 0, 21, "733", "obs.standard.storage"},
		{"obs storage 1 GB-hour", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", "storage", 0, 21, "1", "obs.standard.storage"},
		{"obs requests counted", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", "requests", 0, 22, "187000", "obs.standard.requests"},
		{"obs requests in 10,000s", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", "requests", 0, 23, "3.5", "obs.standard.requests"},
		{"obs storage spec itself", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard.storage", "storage", 0, 21, "5000.5", ""},
		{"eip hour", "hws.service.type.vpc", "hws.resource.type.ip", "5_bgp", "Duration", 0, 4, "1", ""},
	}
	for _, tc := range cases {
		value := decimal.RequireFromString(tc.value)
		row := usageRow{ID: 1, CustomerID: c.ID, Hour: usageHour, Factor: tc.factor, Value: UnitPrice{value}, MeasureID: tc.measure,
			ServiceType: tc.service, ResourceType: tc.rtype, Spec: tc.spec, Region: "cn-east-3", Size: tc.size}
		got, err := priceUsage(ctx, db, []usageRow{row})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		spec := tc.spec
		if tc.inquired != "" {
			spec = tc.inquired
		}
		q, err := Inquire(ctx, db, Actor{Kind: OperatorUser}, Inquiry{At: usageHour, CustomerID: c.ID, Mode: ChargeOnDemand,
			Products: []InquiryProduct{{ID: "1", ServiceType: tc.service, ResourceType: tc.rtype, Spec: spec, Region: "cn-east-3",
				Size: tc.size, UsageFactor: tc.factor, UsageValue: value, UsageMeasureID: tc.measure, Quantity: 1}}})
		if err != nil {
			t.Fatalf("%s: inquire: %v", tc.name, err)
		}
		official, discount := q.Official.Shift(2).IntPart(), int64(0)
		if q.Best >= 0 {
			discount = q.Offers[q.Best].Discount.Shift(2).IntPart()
		}
		if !got[0].ok || got[0].official != official || got[0].discount != discount {
			t.Errorf("%s: rated %+v, inquiry says official %d discount %d", tc.name, got[0], official, discount)
		}
		if tc.service == "hws.service.type.ec2" && discount == 0 {
			t.Errorf("%s: the ECS discount was not applied", tc.name)
		}
		if tc.value != "1" && official == 0 {
			t.Errorf("%s: priced nothing; the case proves little", tc.name)
		}
	}
	// a factor neither the spec nor a companion prices is not priced
	row0 := usageRow{ID: 1, CustomerID: c.ID, Hour: usageHour, Factor: "requests", Value: UnitPrice{decimal.NewFromInt(1)}, MeasureID: 22,
		ServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm", Spec: "s6.large.2.linux", Region: "cn-north-1"}
	if got, err := priceUsage(ctx, db, []usageRow{row0}); err != nil || got[0].ok {
		t.Errorf("a factor the spec is not rated by: %+v, %v", got, err)
	}
	// a product without an on-demand price is not priced, and says so
	row := usageRow{ID: 1, CustomerID: c.ID, Hour: usageHour, Factor: "Duration", Value: UnitPrice{decimal.NewFromInt(1)}, MeasureID: 4,
		ServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.bandwidth", Spec: "19_share", Region: "cn-north-1", Size: 5}
	if got, err := priceUsage(ctx, db, []usageRow{row}); err != nil || got[0].ok {
		t.Errorf("a spec not sold on demand: %+v, %v", got, err)
	}
}

func mustPercent(t testing.TB, s string) Percent {
	t.Helper()
	p, err := ParsePercent(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRatePaysCouponsBalanceThenDebt: an hour is paid by the coupons in scope first, then the
// balance; the rest is debt, the customer's arrears; rating the hour again rates nothing.
func TestRatePaysCouponsBalanceThenDebt(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	c := usageCustomer(t, db, 0, 50) // ¥0.50
	for range 3 {
		ecs(t, db, c) // ¥0.44 an hour each: ¥1.32
	}
	q := grant(t, db, "provider", 10, nil)
	out, err := IssueCoupons(ctx, db, actor(t, db, "provider-finance"), IssueInput{QuotaID: q.ID, Customers: []string{c.DomainID},
		FaceValue: Fen(60), ServiceTypes: []string{"hws.service.type.ec2"}}, testNow)
	if err != nil || out.Results[0].Err != nil {
		t.Fatal(err, out.Results[0].Err)
	}
	generate(t, db, usageHour) // and the demo's own on-demand resources
	if n := count(t, db, "SELECT COUNT(*) FROM usage_records WHERE customer_id = ?", c.ID); n != 3 {
		t.Fatalf("generated %d records, want 3", n)
	}
	if res := rate(t, db, testNow); res.Rated < 3 || res.Fees < 132 {
		t.Errorf("rated %+v", res)
	}
	var fs []FeeRecord
	db.Where("customer_id = ? AND bill_type = ?", c.ID, BillUsage).Order("id").Find(&fs)
	want := [][3]int64{{44, 0, 0}, {16, 28, 0}, {0, 22, 22}} // coupon, cash, debt
	for i, f := range fs {
		if f.Coupon != want[i][0] || f.Cash != want[i][1] || f.Debt != want[i][2] || f.Official != 44 || f.BillCycle != "2026-11" {
			t.Errorf("fee record %d: %+v", i, f)
		}
	}
	if ar := arrearsOf(t, db, c.ID); ar.Amount != 22 || ar.DueAt == nil || !ar.DueAt.Equal(testNow.Add(DefaultArrearsGrace)) {
		t.Errorf("arrears %+v", ar)
	}
	if customerCash(t, db, c.ID) != 0 {
		t.Error("the balance was not spent")
	}
	if n := generate(t, db, usageHour); n != 0 {
		t.Errorf("the hour was recorded again: %d", n)
	}
	if res := rate(t, db, testNow); res.Rated != 0 || res.Unpriced != 0 {
		t.Errorf("rated again: %+v", res)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM monthly_sums WHERE customer_id = ? AND bill_type = 5 AND amount = 132 AND debt = 22", c.ID); n != 1 {
		t.Error("the monthly sum was not kept")
	}
	mustCheck(t, db)
}

// TestArrearsFreezeAndWriteoff: arrears wait their grace period, then the on-demand resources are
// frozen (and produce no usage); an allocation pays the arrears first, in part and then in full,
// and unfreezes them.
func TestArrearsFreezeAndWriteoff(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	c := usageCustomer(t, db, 0, 0)
	r := ecs(t, db, c)
	for h := range 3 {
		generate(t, db, usageHour.Add(time.Duration(h-2)*time.Hour))
	}
	rate(t, db, testNow)
	if ar := arrearsOf(t, db, c.ID); ar.Amount != 132 {
		t.Fatalf("arrears %+v", ar)
	}
	if err := Unbind(ctx, db, actor(t, db, "provider"), c.ID, testNow); !errors.Is(err, ErrInArrears) {
		t.Errorf("unbinding a customer in arrears: %v", err)
	} else if ae := (*ArrearsError)(nil); !errors.As(err, &ae) || ae.Amount.StringFixed(2) != "1.32" {
		t.Errorf("the refusal does not say the amount: %v", err)
	}
	provider := actor(t, db, "provider")
	if _, err := PreviewSwitchMode(ctx, db, provider, c.ID, Advisory, testNow); !errors.Is(err, ErrInArrears) {
		t.Errorf("the switch to advisory of a customer in arrears is previewed: %v", err)
	}
	if err := SwitchMode(ctx, db, provider, c.ID, Advisory, testNow); !errors.Is(err, ErrInArrears) {
		t.Errorf("a customer in arrears switched to advisory: %v", err)
	}
	if n, err := SweepArrears(ctx, db, testNow.Add(DefaultArrearsGrace-time.Minute), 100); err != nil || n != 0 {
		t.Fatalf("frozen within the grace period: %d, %v", n, err)
	}
	later := testNow.Add(DefaultArrearsGrace)
	if n, err := SweepArrears(ctx, db, later, 100); err != nil || n != 1 {
		t.Fatalf("froze %d customers: %v", n, err)
	}
	if st := resourceStatus(t, db, r.ID); st != ResourceFrozen {
		t.Fatalf("status %d after the grace period", st)
	}
	generate(t, db, later.Truncate(time.Hour))
	if n := count(t, db, "SELECT COUNT(*) FROM usage_records WHERE resource_id = ? AND hour = ?", r.ID, later.Truncate(time.Hour)); n != 0 {
		t.Errorf("a frozen resource produced usage: %d", n)
	}
	mustCheck(t, db)

	a := actor(t, db, "provider")
	if _, err := Allocate(ctx, db, a, c.ID, FundsInput{Amount: Fen(100)}, later); err != nil {
		t.Fatal(err)
	}
	if ar := arrearsOf(t, db, c.ID); ar.Amount != 32 || ar.FrozenAt == nil || customerCash(t, db, c.ID) != 0 {
		t.Errorf("after a part: arrears %+v, balance %d", ar, customerCash(t, db, c.ID))
	}
	if st := resourceStatus(t, db, r.ID); st != ResourceFrozen {
		t.Error("unfrozen with arrears left")
	}
	mustCheck(t, db)
	if _, err := Allocate(ctx, db, a, c.ID, FundsInput{Amount: Fen(500)}, later); err != nil {
		t.Fatal(err)
	}
	if ar := arrearsOf(t, db, c.ID); ar.Amount != 0 || ar.Since != nil || ar.DueAt != nil || ar.FrozenAt != nil {
		t.Errorf("after paying all: %+v", ar)
	}
	if customerCash(t, db, c.ID) != 468 {
		t.Errorf("balance %d, want 468", customerCash(t, db, c.ID))
	}
	if st := resourceStatus(t, db, r.ID); st != ResourceInUse {
		t.Errorf("status %d after the arrears were paid", st)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM fee_records WHERE customer_id = ? AND debt > 0 AND writeoff = debt", c.ID); n != 3 {
		t.Errorf("%d fee records written off, want 3", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_records WHERE action IN ('arrears.writeoff', 'arrears.freeze', 'resource.unfreeze', 'resource.freeze') AND object_id IN (?, ?)", c.ID, r.ID); n != 5 {
		t.Errorf("%d audit records of arrears, want 5", n)
	}
	mustCheck(t, db)
	if err := Unbind(ctx, db, a, c.ID, later); err != nil {
		t.Errorf("unbinding once the arrears are paid: %v", err)
	}
}

func resourceStatus(t testing.TB, db *gorm.DB, id uint64) int8 {
	t.Helper()
	return int8(count(t, db, "SELECT status FROM resources WHERE id = ?", id))
}

// TestRatingRacesAllocations: two raters rating many hours while allocations and more hours of
// usage arrive: no fen spent twice, the balance never below zero, the arrears always the unpaid
// debt (Check), every record rated once (each rater reads its next batch while it posts one).
func TestRatingRacesAllocations(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	var cs []*Customer
	for i := range 3 {
		c := usageCustomer(t, db, i, 100)
		cs = append(cs, c)
		for range 4 {
			ecs(t, db, c)
		}
	}
	const hours = 12
	for h := range hours / 2 {
		generate(t, db, usageHour.Add(-time.Duration(h)*time.Hour))
	}
	a := actor(t, db, "provider")
	done := make(chan error, 4)
	go func() { // the older half of the hours comes in while the raters run
		var err error
		for h := hours / 2; h < hours && err == nil; h++ {
			hour := usageHour.Add(-time.Duration(h) * time.Hour)
			_, err = GenerateUsage(ctx, db, hour, hour.Add(time.Hour))
		}
		done <- err
	}()
	for range 2 { // two raters, as two servers would be: a batch is rated by one of them
		go func() {
			var err error
			for h := 0; h < hours && err == nil; h++ {
				_, err = RateUsage(ctx, db, RateOptions{Batch: 7}, testNow)
			}
			done <- err
		}()
	}
	go func() {
		var err error
		for i := 0; i < 30 && err == nil; i++ {
			_, err = Allocate(ctx, db, a, cs[i%3].ID, FundsInput{Amount: Fen(37)}, testNow)
		}
		done <- err
	}()
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	rate(t, db, testNow)
	mustCheck(t, db)
	var total, paid int64
	for _, c := range cs {
		total += count(t, db, "SELECT COALESCE(SUM(official - discount), 0) FROM fee_records WHERE customer_id = ? AND bill_type = 5", c.ID)
		paid += count(t, db, "SELECT COALESCE(SUM(cash + writeoff), 0) FROM fee_records WHERE customer_id = ? AND bill_type = 5", c.ID)
		paid += customerCash(t, db, c.ID)
	}
	if total != 3*4*hours*44 || paid != 3*100+30*37 {
		t.Errorf("billed %d (want %d), paid and held %d (want %d)", total, 3*4*hours*44, paid, 3*100+30*37)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM usage_records WHERE state <> 1"); n != 0 {
		t.Errorf("%d usage records not rated", n)
	}
}

// TestCheckCatchesUsageCorruption: the usage invariants see a fee record, arrears or a usage
// record out of line with the rest.
func TestCheckCatchesUsageCorruption(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	c := usageCustomer(t, db, 0, 50)
	ecs(t, db, c)
	ecs(t, db, c)
	generate(t, db, usageHour)
	rate(t, db, testNow)
	mustCheck(t, db)
	var fs []FeeRecord
	db.Where("customer_id = ?", c.ID).Order("id").Find(&fs)
	cases := []struct{ name, sql, want string }{
		{"cash moved to coupon", "UPDATE fee_records SET cash = cash - 1, coupon = coupon + 1 WHERE id = " + strconv.FormatUint(fs[0].ID, 10),
			"customers whose usage fee records' cash is not their usage transfers"},
		{"debt forgotten", "UPDATE fee_records SET debt = debt - 1, cash = cash + 1 WHERE id = " + strconv.FormatUint(fs[1].ID, 10),
			"customers whose arrears are not their unpaid debt"},
		{"arrears changed", "UPDATE arrears SET amount = amount + 5", "customers whose arrears are not their unpaid debt"},
		{"written off twice", "UPDATE fee_records SET writeoff = debt + 1 WHERE id = " + strconv.FormatUint(fs[1].ID, 10),
			"fee records whose write-off is negative or more than their debt"},
		{"a usage record rated without a bill", "UPDATE fee_records SET usage_id = NULL WHERE id = " + strconv.FormatUint(fs[0].ID, 10),
			"rated usage records not billed once"},
		{"a frozen resource without arrears", "UPDATE resources SET status = 4 WHERE customer_id = " + strconv.FormatUint(c.ID, 10),
			"frozen on-demand resources of customers not frozen for arrears"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := db.Begin()
			defer tx.Rollback()
			if err := tx.Exec(tc.sql).Error; err != nil {
				t.Fatal(err)
			}
			report, err := Check(context.Background(), tx)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, line := range report {
				found = found || len(line) >= len(tc.want) && line[:len(tc.want)] == tc.want
			}
			if !found {
				t.Errorf("not caught: %v", report)
			}
		})
	}
}

// TestTopupPaysArrears: a customer paying its own way is in arrears; its top-up pays them first.
func TestTopupPaysArrears(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	tp, a := prospectTopup(t, db, "100")
	c := customerOfUser(t, db, "prospect")
	held := customerCash(t, db, c.ID)
	for range 3 {
		ecs(t, db, c)
	}
	for h := range 10 {
		generate(t, db, usageHour.Add(-time.Duration(h)*time.Hour))
	}
	rate(t, db, testNow)
	owed := int64(3*10*44) - held
	if ar := arrearsOf(t, db, c.ID); owed <= 0 || ar.Amount != owed {
		t.Fatalf("arrears %+v, want %d", ar, owed)
	}
	if _, err := ConfirmTopup(ctx, db, Actor{RequestID: "gateway"}, topupSecret, paidNotice(tp, "SIM-A"), testNow); err != nil {
		t.Fatal(err)
	}
	if ar := arrearsOf(t, db, c.ID); ar.Amount != 0 || customerCash(t, db, a.CustomerID) != 10000-owed {
		t.Errorf("after the top-up: arrears %+v, balance %d", ar, customerCash(t, db, c.ID))
	}
	mustCheck(t, db)
}

// TestGenerateOBSUsage: an OBS bucket's hour is three usage records — outbound traffic, storage
// (GB-hours) and requests (counted one by one, priced per 10,000) — all rated, each priced by its
// own spec (the bucket's, or its companion's); the hour is recorded once.
func TestGenerateOBSUsage(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	c := usageCustomer(t, db, 0, 100000)
	bucket := onDemandResource(t, db, c, "hws.service.type.obs", "hws.resource.type.obs", "obs.standard", 0)
	generate(t, db, usageHour)
	var recs []UsageRecord
	if err := db.Where("resource_id = ?", bucket.ID).Order("factor").Find(&recs).Error; err != nil {
		t.Fatal(err)
	}
	want := []struct {
		factor  string
		measure uint64
	}{{"requests", 22}, {"storage", 21}, {"upflow", 10}}
	if len(recs) != len(want) {
		t.Fatalf("a bucket's hour gave %d records, want 3: %+v", len(recs), recs)
	}
	for i, w := range want {
		if recs[i].Factor != w.factor || recs[i].MeasureID != w.measure || !recs[i].Value.IsPositive() {
			t.Errorf("record %d: %+v, want factor %s in unit %d", i, recs[i], w.factor, w.measure)
		}
	}
	if n := generate(t, db, usageHour); n != 0 {
		t.Errorf("the hour recorded again: %d records", n)
	}
	rate(t, db, testNow)
	var fees []FeeRecord
	if err := db.Joins("JOIN usage_records u ON u.id = fee_records.usage_id").Where("u.resource_id = ?", bucket.ID).Find(&fees).Error; err != nil {
		t.Fatal(err)
	}
	if len(fees) != 3 {
		t.Fatalf("%d fee records of the bucket's hour, want 3", len(fees))
	}
	for _, r := range recs {
		var state int8
		db.Model(&UsageRecord{}).Where("id = ?", r.ID).Pluck("state", &state)
		if state != UsageRated {
			t.Errorf("%s: state %d, want rated", r.Factor, state)
		}
	}
}
