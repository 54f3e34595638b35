package models

import (
	"context"
	"testing"
	"time"
)

// The copy of the prices answers what the database answers, at every time across the versions,
// and a new version is priced by the next inquiry, though the copy was read before it.
func TestPricesCopyAgreesWithDatabase(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	var keys []PriceKey
	if err := db.Order("id").Limit(40).Find(&keys).Error; err != nil || len(keys) == 0 {
		t.Fatalf("price keys: %v", err)
	}
	lines := func() []line {
		ls := make([]line, len(keys)+1)
		for i, k := range keys {
			ls[i] = line{spec: k.SpecID, region: k.RegionID, mode: k.Mode}
		}
		ls[len(keys)] = line{spec: 1 << 40, region: 1, mode: PerMonth} // no such key
		return ls
	}
	for _, at := range []time.Time{testNow.AddDate(-3, 0, 0), testNow.AddDate(0, 0, -11), testNow.AddDate(0, 0, -10),
		testNow.AddDate(0, 0, -9), testNow, testNow.AddDate(0, 1, 1), testNow.AddDate(5, 0, 0)} {
		for round := range 2 { // the first reads the database into the copy, the second the copy
			got, want := lines(), lines()
			if err := pricesOf(db, got, at); err != nil {
				t.Fatal(err)
			}
			if err := pricesInDB(db, want, at); err != nil {
				t.Fatal(err)
			}
			for i := range got {
				g, w := got[i].price, want[i].price
				if g.KeyID != w.KeyID || g.VersionID != w.VersionID || !g.UnitPrice.Equal(w.UnitPrice.Decimal) || !g.EffectiveAt.Equal(w.EffectiveAt) {
					t.Fatalf("round %d at %s, line %d: copy %+v, database %+v", round, at, i, g, w)
				}
			}
		}
	}
	a := actor(t, db, "provider")
	if q := inquire(t, db, a, Inquiry{At: time.Now(), Products: []InquiryProduct{workedExample()}}); q.Official.String() != "75" {
		t.Fatalf("before: %s", q.Official)
	}
	now := time.Now().UTC().Truncate(time.Second)
	if _, err := SetPrice(ctx, db, actor(t, db, "operator"), SetPriceInput{Region: "cn-north-1", ResourceType: "hws.resource.type.volume",
		Spec: "GPSSD", Mode: PerMonth, UnitPrice: "0.6", EffectiveAt: now, Reason: "调价 price change"}); err != nil {
		t.Fatal(err)
	}
	if q := inquire(t, db, a, Inquiry{At: now.Add(time.Second), Products: []InquiryProduct{workedExample()}}); q.Official.String() != "90" {
		t.Errorf("after a new version: %s, want 90", q.Official)
	}
}

// A version committed after a newer one (its writer began first) is priced by the next inquiry on
// another server, whose copy was read in between: the newest version's id, which the copy was
// once checked against, did not move then on PostgreSQL. The price list's generation makes the
// later version's writer wait for the earlier one's commit, so the copy is dropped after both.
func TestPricesCopySeesVersionsCommittedOutOfOrder(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	other := secondServer(t, db)
	ctx := context.Background()
	a := actor(t, db, "provider")
	now := time.Now().UTC().Truncate(time.Second)
	official := func() string {
		return inquire(t, other, a, Inquiry{At: now.Add(time.Second), Products: []InquiryProduct{workedExample()}}).Official.String()
	}
	if got := official(); got != "75" {
		t.Fatalf("before: %s", got)
	}
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	spec, region, err := cat.priceTarget("hws.resource.type.volume", "GPSSD", "cn-north-1", PerMonth)
	if err != nil {
		t.Fatal(err)
	}
	first := db.Begin() // the earlier version: GPSSD at 0.6 (the worked example: 90)
	key, err := ensurePriceKey(first, spec, region.ID, PerMonth)
	if err != nil {
		t.Fatal(err)
	}
	v := PriceVersion{EffectiveAt: now, Reason: "first", Source: "edit", RowCount: 1, CreatedBy: mustUser(t, db, "operator").ID, CreatedAt: now}
	if err := first.Create(&v).Error; err != nil {
		t.Fatal(err)
	}
	price, err := ParseUnitPrice("0.6")
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Create(&Price{KeyID: key.ID, EffectiveAt: now, VersionID: v.ID, UnitPrice: price}).Error; err != nil {
		t.Fatal(err)
	}
	later := make(chan error, 1) // a newer version of another price, begun after the first
	go func() {
		_, err := SetPrice(ctx, db, actor(t, db, "operator"), SetPriceInput{Region: "cn-north-1", ResourceType: "hws.resource.type.volume",
			Spec: "SAS", Mode: PerMonth, UnitPrice: "0.41", EffectiveAt: now, Reason: "later"})
		later <- err
	}()
	time.Sleep(100 * time.Millisecond) // the later version under way (on PostgreSQL: waiting for the first)
	if got := official(); got != "75" {
		t.Fatalf("with the first version not committed: %s", got)
	}
	if err := first.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := <-later; err != nil {
		t.Fatal(err)
	}
	if got := official(); got != "90" {
		t.Errorf("after both versions: %s, want 90", got)
	}
}
