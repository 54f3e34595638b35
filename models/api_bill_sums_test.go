package models

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestListMonthlyBillsPages: the partner's whole list, added up as it is read, holds at every
// offset and under every filter the rows and count that grouping the monthly sums in SQL gives
// (the query ListMonthlyBills ran before): a customer's service types in order, its consumption
// (adjustments in) before its refunds; a customer billed under two master distributors once.
func TestListMonthlyBillsPages(t *testing.T) {
	t.Parallel()
	db, ctx := demoCopy(t), context.Background()
	provider := actor(t, db, "provider")
	var ids []uint64
	if err := db.Model(&Customer{}).Where("partner_id = ? AND mode = ?", provider.PartnerID, Consignment).Order("id").Limit(12).
		Pluck("id", &ids).Error; err != nil || len(ids) < 12 {
		t.Fatalf("the provider's consignment customers: %v %v", ids, err)
	}
	const cycle = "2026-10"
	at := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	services := []string{"hws.service.type.ec2", "hws.service.type.ebs", "hws.service.type.vpc"}
	for i, id := range ids {
		// the bills the domain would have written: some customers several services, bill types
		// (new, refund, compensation, usage) and both charge modes
		for j := range 1 + i%4 {
			for _, bt := range [][2]int64{{1, 1}, {4, 1}, {9, 3}, {5, 3}, {2, 1}}[:1+(i+j)%5] {
				f := FeeRecord{CustomerID: id, PartnerID: provider.PartnerID, TopPartnerID: provider.PartnerID, BillCycle: cycle,
					TradeTime: at, BillType: int8(bt[0]), ServiceType: services[(i+j)%3], ChargeMode: ChargeMode(bt[1]),
					Official: int64(100*i + 10*j + int(bt[0])), Cash: int64(100*i + 10*j + int(bt[0])), CreatedAt: at}
				if bt[0] == 4 || bt[0] == 9 {
					f.Official, f.Cash = -f.Official, -f.Cash
				}
				if err := db.Create(&f).Error; err != nil {
					t.Fatal(err)
				}
				if err := addMonthlySums(db, []FeeRecord{f}, at); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// one customer also billed under another master distributor (the bill of a past tier)
	if err := db.Exec(`INSERT INTO cycle_bills (customer_id, bill_cycle, partner_id, top_partner_id, mode, updated_at) VALUES (?, ?, ?, ?, 2, ?)`,
		ids[3], cycle, provider.PartnerID, provider.PartnerID+1000, at).Error; err != nil {
		t.Fatal(err)
	}
	oracle := func(f MonthlyBillFilter) []BillSum {
		t.Helper()
		where, args := "", []any{provider.PartnerID, cycle, provider.PartnerID, cycle, f.ChargeMode}
		if f.CustomerID != 0 {
			where, args = where+" AND ms.customer_id = ?", append(args, f.CustomerID)
		}
		if f.ServiceType != "" {
			where, args = where+" AND ms.service_type = ?", append(args, f.ServiceType)
		}
		switch f.Kind {
		case BillKindRefund:
			where += " AND ms.bill_type IN (4, 20, 24)"
		case BillKindConsumption:
			where += " AND ms.bill_type NOT IN (4, 20, 24)"
		}
		var rows []BillSum
		err := db.Raw(`SELECT ms.customer_id, MAX(c.domain_id) AS domain_id, ms.service_type, MAX(ms.charge_mode) AS charge_mode,
			  CASE WHEN ms.bill_type IN (4, 20, 24) THEN 2 ELSE 1 END AS kind, SUM(ms.amount) AS amount, SUM(ms.discount) AS discount,
			  SUM(ms.cash) AS cash, SUM(ms.coupon) AS coupon, SUM(ms.debt) AS debt
			FROM (SELECT DISTINCT customer_id FROM cycle_bills WHERE partner_id = ? AND bill_cycle = ? AND mode = 2) billed
			JOIN monthly_sums ms ON ms.customer_id = billed.customer_id JOIN customers c ON c.id = ms.customer_id
			WHERE c.partner_id = ? AND c.mode = 2 AND ms.bill_cycle = ? AND ms.charge_mode = ?`+where+`
			GROUP BY ms.customer_id, ms.service_type, CASE WHEN ms.bill_type IN (4, 20, 24) THEN 2 ELSE 1 END
			ORDER BY ms.customer_id, ms.service_type, kind`, args...).Scan(&rows).Error
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	filters := []MonthlyBillFilter{
		{ChargeMode: ChargePeriod}, {ChargeMode: ChargeOnDemand}, {ChargeMode: ChargePeriod, Kind: BillKindRefund},
		{ChargeMode: ChargeOnDemand, Kind: BillKindConsumption}, {ChargeMode: ChargePeriod, ServiceType: "hws.service.type.ebs"},
		{ChargeMode: ChargePeriod, CustomerID: ids[3]}, {ChargeMode: ChargeOnDemand, CustomerID: ids[7]},
	}
	for _, f := range filters {
		f.Cycle = cycle
		want := oracle(f)
		if len(want) == 0 && f.CustomerID == 0 {
			t.Fatalf("%+v: the oracle finds nothing", f)
		}
		for _, p := range []Paging{{}, {Limit: 100}, {Limit: 3}, {Offset: 2, Limit: 3}, {Offset: 5, Limit: 4}, {Offset: len(want) - 1, Limit: 5},
			{Offset: len(want), Limit: 5}, {Offset: 1 << 20, Limit: 5}} {
			name := fmt.Sprintf("%+v at %+v", f, p)
			l, err := ListMonthlyBills(ctx, db, provider, f, p)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			limit := p.Limit
			if limit == 0 {
				limit = DefaultLimit
			}
			from := min(max(p.Offset, 0), MaxOffset, len(want))
			page := want[from:min(from+limit, len(want))]
			if l.Total != int64(len(want)) || l.Capped || !slices.Equal(l.Rows, page) {
				t.Errorf("%s: %d rows of %d\n got %+v\nwant %+v", name, len(l.Rows), l.Total, l.Rows, page)
			}
		}
	}
}

// TestMonthlyPageCapped: the groups are counted up to CountCap, reading stops there once the page
// is filled, and a page past the cap's offset still comes.
func TestMonthlyPageCapped(t *testing.T) {
	t.Parallel()
	for _, p := range []Paging{{Limit: 10}, {Offset: MaxOffset, Limit: 100}} {
		page := monthlyPage{offset: p.Offset, limit: p.Limit, mode: ChargePeriod, out: &MonthlyBillList{Rows: []BillSum{}}}
		read := 0
		for i := range 2 * CountCap {
			if page.done() {
				break
			}
			read++
			page.add(&monthlyRow{customerID: uint64(i + 1), service: "hws.service.type.ec2", billType: BillNew, m: MonthlySum{Amount: int64(i)}})
		}
		page.flush()
		total := min(page.out.Total, CountCap)
		if total != CountCap || len(page.out.Rows) != p.Limit || page.out.Rows[0].CustomerID != uint64(p.Offset+1) || read > p.Offset+p.Limit+2 && read > CountCap+2 {
			t.Errorf("%+v: total %d, %d rows from %d, %d read", p, total, len(page.out.Rows), page.out.Rows[0].CustomerID, read)
		}
	}
}
