package models

import (
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Cycle bills: a customer's total of a cycle (one row per customer, cycle, partner, master
// distributor and association mode the records were charged under), and a partner's total of a
// cycle (one row per partner, master distributor, cycle and mode), both added to as each fee
// record is written (addMonthlySums), in its transaction. The bills page pages a partner's customers
// of a cycle by an index of cycle_bills and reads its totals from cycle_totals: never a sum of fee
// records per request, whatever the number of customers.
//
// The mode is the customer's association mode when it was charged: a consignment customer's bill
// is the partner's to settle and invoice, an advisory customer's is shown for information. A
// customer that switched mode within a cycle has a row for each part.

// CycleBill is a customer's bill of a cycle under one partner and mode: the sums of its fee records
// (Amount is official − discount; Amount = Cash + Coupon + credit + Debt) and its settlement. A
// settled bill keeps the amount it was settled at: a charge after it (a refund, say) shows as a
// difference.
type CycleBill struct {
	ID            uint64     `gorm:"primaryKey"`
	CustomerID    uint64     `gorm:"not null;uniqueIndex:ux_cbill_key,priority:1;index:ix_cbill_pamount,priority:5;index:ix_cbill_pcustomer,priority:4;index:ix_cbill_tamount,priority:5;index:ix_cbill_tcustomer,priority:4"`
	BillCycle     string     `gorm:"size:7;not null;uniqueIndex:ux_cbill_key,priority:2;index:ix_cbill_pamount,priority:2;index:ix_cbill_pcustomer,priority:2;index:ix_cbill_tamount,priority:2;index:ix_cbill_tcustomer,priority:2"`
	PartnerID     uint64     `gorm:"not null;default:0;uniqueIndex:ux_cbill_key,priority:3;index:ix_cbill_pamount,priority:1;index:ix_cbill_pcustomer,priority:1"`
	TopPartnerID  uint64     `gorm:"not null;default:0;uniqueIndex:ux_cbill_key,priority:4;index:ix_cbill_tamount,priority:1;index:ix_cbill_tcustomer,priority:1"`
	Mode          Mode       `gorm:"not null;default:0;uniqueIndex:ux_cbill_key,priority:5;index:ix_cbill_pamount,priority:3;index:ix_cbill_pcustomer,priority:3;index:ix_cbill_tamount,priority:3;index:ix_cbill_tcustomer,priority:3"`
	Amount        int64      `gorm:"not null;default:0;index:ix_cbill_pamount,priority:4;index:ix_cbill_tamount,priority:4"`
	Cash          int64      `gorm:"not null;default:0"`
	Coupon        int64      `gorm:"not null;default:0"`
	Debt          int64      `gorm:"not null;default:0"`
	Discount      int64      `gorm:"not null;default:0"`
	Count         int64      `gorm:"not null;default:0"`
	SettledAt     *time.Time ``
	SettledAmount int64      `gorm:"not null;default:0"`
	InvoiceNo     string     `gorm:"size:32;not null;default:''"`
	InvoiceDate   string     `gorm:"size:10;not null;default:''"` // YYYY-MM-DD
	SettledBy     *uint64    ``
	UpdatedAt     time.Time  `gorm:"not null"`
	// Facets has a bit for each service type, charge mode and bill type of its fee records
	// (bill_facets.go): the list's filters test them in its indexes.
	Facets int64 `gorm:"not null;default:0;index:ix_cbill_pamount,priority:6;index:ix_cbill_pcustomer,priority:5;index:ix_cbill_tamount,priority:6;index:ix_cbill_tcustomer,priority:5"`
}

// Paid is what the customer's balance, coupons and credit paid of the bill: its amount less the debt.
func (b *CycleBill) Paid() Money { return Fen(b.Amount - b.Debt) }

// Settled tells whether the partner marked the bill settled and invoiced.
func (b *CycleBill) Settled() bool { return b.SettledAt != nil }

// CycleTotal is a partner's total of a cycle for its customers of one mode under one master
// distributor: the sums of their cycle bills, how many customers have one, and how many of those
// are settled.
type CycleTotal struct {
	ID           uint64    `gorm:"primaryKey"`
	PartnerID    uint64    `gorm:"not null;uniqueIndex:ux_ctotal_key,priority:1"`
	BillCycle    string    `gorm:"size:7;not null;uniqueIndex:ux_ctotal_key,priority:2;index:ix_ctotal_top,priority:2"`
	TopPartnerID uint64    `gorm:"not null;default:0;uniqueIndex:ux_ctotal_key,priority:3;index:ix_ctotal_top,priority:1"`
	Mode         Mode      `gorm:"not null;default:0;uniqueIndex:ux_ctotal_key,priority:4"`
	Amount       int64     `gorm:"not null;default:0"`
	Cash         int64     `gorm:"not null;default:0"`
	Coupon       int64     `gorm:"not null;default:0"`
	Debt         int64     `gorm:"not null;default:0"`
	Discount     int64     `gorm:"not null;default:0"`
	Count        int64     `gorm:"not null;default:0"`
	Customers    int64     `gorm:"not null;default:0"`
	Settled      int64     `gorm:"not null;default:0"`
	UpdatedAt    time.Time `gorm:"not null"`
}

// cycleKey is what a cycle bill adds up.
type cycleKey struct {
	customerID, partnerID, topID uint64
	cycle                        string
	mode                         Mode
}

// totalKey is what a cycle total adds up.
type totalKey struct {
	partnerID, topID uint64
	cycle            string
	mode             Mode
}

// sums is the money of a cycle bill or total being added (and a bill's facets).
type sums struct{ amount, cash, coupon, debt, discount, count, customers, facets int64 }

func (s *sums) add(o sums) {
	s.amount, s.cash, s.coupon, s.debt = s.amount+o.amount, s.cash+o.cash, s.coupon+o.coupon, s.debt+o.debt
	s.discount, s.count, s.customers = s.discount+o.discount, s.count+o.count, s.customers+o.customers
}

// addCycleBills adds fee records to their customers' cycle bills and their partners' cycle totals,
// in the records' transaction: multi-row upserts of the bills (in the records' order of customers,
// so that concurrent writers take the rows in the same order), then of the totals. A bill the
// upsert made (the count it returns is what was just added) is one more customer in its total.
// modes are the customers' association modes the records are charged under (nil: as they are now).
func addCycleBills(tx *gorm.DB, records []FeeRecord, modes map[uint64]Mode, now time.Time) error {
	if modes == nil {
		var err error
		if modes, err = customerModes(tx, records); err != nil {
			return err
		}
	}
	bills := map[cycleKey]*sums{}
	var keys []cycleKey
	for _, f := range records {
		k := cycleKey{f.CustomerID, f.PartnerID, f.TopPartnerID, f.BillCycle, modes[f.CustomerID]}
		if bills[k] == nil {
			bills[k] = &sums{}
			keys = append(keys, k)
		}
		bills[k].add(sums{amount: f.Official - f.Discount, cash: f.Cash, coupon: f.Coupon, debt: f.Debt, discount: f.Discount, count: 1})
		bills[k].facets |= facetsOf(&f)
	}
	now = now.UTC()
	for part := range slices.Chunk(keys, 500) {
		if err := upsertCycleBills(tx, part, bills, now); err != nil {
			return err
		}
	}
	totals := map[totalKey]*sums{}
	var tkeys []totalKey
	for _, k := range keys {
		tk := totalKey{k.partnerID, k.topID, k.cycle, k.mode}
		if totals[tk] == nil {
			totals[tk] = &sums{}
			tkeys = append(tkeys, tk)
		}
		totals[tk].add(*bills[k])
	}
	rows := make([][]any, len(tkeys))
	for i, k := range tkeys {
		s := totals[k]
		rows[i] = []any{k.partnerID, k.cycle, k.topID, k.mode, s.amount, s.cash, s.coupon, s.debt, s.discount, s.count, s.customers, now}
	}
	return addToSums(tx, "cycle_totals", []string{"partner_id", "bill_cycle", "top_partner_id", "mode"},
		[]string{"amount", "cash", "coupon", "debt", "discount", "count", "customers"}, []string{"updated_at"}, rows)
}

// upsertCycleBills adds to the bills of keys and marks those it made (customers = 1).
func upsertCycleBills(tx *gorm.DB, keys []cycleKey, bills map[cycleKey]*sums, now time.Time) error {
	args := make([]any, 0, 13*len(keys))
	for _, k := range keys {
		s := bills[k]
		args = append(args, k.customerID, k.cycle, k.partnerID, k.topID, k.mode, s.amount, s.cash, s.coupon, s.debt, s.discount, s.count, now, s.facets)
	}
	q := sumsUpsert("cycle_bills", []string{"customer_id", "bill_cycle", "partner_id", "top_partner_id", "mode"},
		[]string{"amount", "cash", "coupon", "debt", "discount", "count"}, []string{"updated_at"}, len(keys), "facets") +
		" RETURNING customer_id, bill_cycle, partner_id, top_partner_id, mode, count"
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k cycleKey
		var n int64
		if err := rows.Scan(&k.customerID, &k.cycle, &k.partnerID, &k.topID, &k.mode, &n); err != nil {
			return err
		}
		if s := bills[k]; s != nil && n == s.count {
			s.customers = 1
		}
	}
	return rows.Err()
}

// customerModes is the association mode of each customer of the records, as it is now (the mode
// the records are charged under).
func customerModes(tx *gorm.DB, records []FeeRecord) (map[uint64]Mode, error) {
	ids := make([]uint64, 0, len(records))
	for _, f := range records {
		ids = append(ids, f.CustomerID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make(map[uint64]Mode, len(ids))
	for part := range slices.Chunk(ids, 500) { // a rating batch may bill thousands of customers
		var cs []Customer
		if err := tx.Select("id, mode").Where("id IN ?", part).Find(&cs).Error; err != nil {
			return nil, err
		}
		for _, c := range cs {
			out[c.ID] = c.Mode
		}
	}
	return out, nil
}

// RebuildCycleBills makes the cycle bills and totals from the fee records, for the bench world,
// which loads fee records in bulk (the migration that made the tables ran the same statements).
// The mode is each customer's mode now; settlements are not kept.
func RebuildCycleBills(tx *gorm.DB, now time.Time) error {
	for _, q := range []string{
		`DELETE FROM cycle_totals`,
		`DELETE FROM cycle_bills`,
		`INSERT INTO cycle_bills (customer_id, bill_cycle, partner_id, top_partner_id, mode, amount, cash, coupon, debt, discount, count, updated_at, facets)
		 SELECT f.customer_id, f.bill_cycle, f.partner_id, f.top_partner_id, c.mode, SUM(f.official - f.discount), SUM(f.cash),
		   SUM(f.coupon), SUM(f.debt), SUM(f.discount), COUNT(*), ?, ` + facetsSQL("f.service_type", "f.charge_mode", "f.bill_type") + `
		 FROM fee_records f JOIN customers c ON c.id = f.customer_id
		 GROUP BY f.customer_id, f.bill_cycle, f.partner_id, f.top_partner_id, c.mode`,
		`INSERT INTO cycle_totals (partner_id, bill_cycle, top_partner_id, mode, amount, cash, coupon, debt, discount, count, customers, settled, updated_at)
		 SELECT partner_id, bill_cycle, top_partner_id, mode, SUM(amount), SUM(cash), SUM(coupon), SUM(debt), SUM(discount), SUM(count), COUNT(*), 0, ?
		 FROM cycle_bills GROUP BY partner_id, bill_cycle, top_partner_id, mode`,
	} {
		var args []any
		if strings.Contains(q, "?") {
			args = []any{now.UTC()}
		}
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
	}
	return nil
}
