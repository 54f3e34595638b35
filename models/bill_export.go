package models

import (
	"context"
	"database/sql"
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// CSV exports of the bills, streamed: rows are read from the database and written through the one
// CSV writer (CSVWriter: a byte order mark, every cell safe) as they come, so an export of a
// million fee records holds one row at a time. Headers are stable snake_case names and enums are
// the API's codes, as the audit log's export does: a script reads them the same in both languages;
// the fee records and the cycle's bills also carry each code's name in the request's language (a
// *_name column beside it), the words the page shows, for a person reading the spreadsheet. Money
// is plain yuan with 2 decimals; times are UTC (RFC 3339).

// CycleBillNames names a cycle bill's codes in the reader's language (the views build it): the
// cycle's CSV writes each name beside its code. A nil func writes the code again.
type CycleBillNames struct {
	Mode func(Mode) string // the association type
}

// ExportCycleBills writes the cycle's customers of the list's filter (all of them, in the list's
// order) as CSV: the codes, and beside each its name (names).
func ExportCycleBills(ctx context.Context, db *gorm.DB, a Actor, f CycleBillFilter, names CycleBillNames, now time.Time, w io.Writer) error {
	cq, err := cycleQuery(ctx, db, a, &f, now)
	if err != nil {
		return err
	}
	rows, err := cq.q.Joins("JOIN customers ON customers.id = cycle_bills.customer_id").
		Joins("LEFT JOIN partners ON partners.id = cycle_bills.partner_id").
		Select("cycle_bills.bill_cycle, cycle_bills.customer_id, customers.account_name, customers.real_name, COALESCE(partners.name, ''), " +
			"cycle_bills.mode, cycle_bills.amount, cycle_bills.cash, cycle_bills.coupon, cycle_bills.debt, cycle_bills.discount, cycle_bills.count, " +
			"cycle_bills.settled_at, cycle_bills.invoice_no, cycle_bills.invoice_date").Order(f.Sort.order()).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := NewCSVWriter(w)
	cw.Write("bill_cycle", "customer_id", "account_name", "real_name", "partner", "association_type", "association_type_name", "amount", "paid", "cash", "coupon",
		"debt", "discount", "records", "settled_at_utc", "invoice_no", "invoice_date")
	for rows.Next() {
		var b CycleBill
		var account, real, partner string
		var settled sql.NullTime
		if err := rows.Scan(&b.BillCycle, &b.CustomerID, &account, &real, &partner, &b.Mode, &b.Amount, &b.Cash, &b.Coupon, &b.Debt,
			&b.Discount, &b.Count, &settled, &b.InvoiceNo, &b.InvoiceDate); err != nil {
			return err
		}
		at := ""
		if settled.Valid {
			at = settled.Time.UTC().Format(time.RFC3339)
		}
		mode := strconv.Itoa(int(b.Mode))
		if err := cw.Write(b.BillCycle, strconv.FormatUint(b.CustomerID, 10), account, real, partner, mode, nameOf(names.Mode, b.Mode, mode), fen(b.Amount),
			b.Paid().StringFixed(2), fen(b.Cash), fen(b.Coupon), fen(b.Debt), fen(b.Discount), strconv.FormatInt(b.Count, 10), at,
			b.InvoiceNo, b.InvoiceDate); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Flush()
}

// FeeRecordNames names a fee record's codes in the reader's language, as the bill page does (the
// views build it): the fee records' CSV writes each name beside its code. A nil func writes the
// code again.
type FeeRecordNames struct {
	BillType                          func(int8) string
	ChargeMode                        func(ChargeMode) string
	ServiceType, ResourceType, Region func(string) string
}

func nameOf[T any](f func(T) string, v T, code string) string {
	if f == nil {
		return code
	}
	return f(v)
}

// ExportFeeRecords writes the fee records of the filter the actor may see (ListFeeRecords' rule),
// all of them in the list's order, as CSV: the codes, and beside each its name (names).
func ExportFeeRecords(ctx context.Context, db *gorm.DB, a Actor, f FeeFilter, names FeeRecordNames, w io.Writer) error {
	q, order, err := feeQuery(ctx, db, a, f)
	if err != nil {
		return err
	}
	rows, err := q.Select("id, bill_cycle, customer_id, trade_time, bill_type, service_type, resource_type, resource_id, region, " +
		"charge_mode, period_type, official, discount, cash, coupon, credit, debt, writeoff").Order(order).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := NewCSVWriter(w)
	cw.Write("id", "bill_cycle", "customer_id", "trade_time_utc", "bill_type", "bill_type_name", "service_type", "service_type_name",
		"resource_type", "resource_type_name", "resource_id", "region", "region_name", "charging_mode", "charging_mode_name",
		"period_type", "official_amount", "discount_amount", "payment_amount", "cash_amount", "coupon_amount",
		"credit_amount", "debt_amount", "writeoff_amount")
	for rows.Next() {
		var r FeeRecord
		if err := rows.Scan(&r.ID, &r.BillCycle, &r.CustomerID, &r.TradeTime, &r.BillType, &r.ServiceType, &r.ResourceType, &r.ResourceID,
			&r.Region, &r.ChargeMode, &r.PeriodType, &r.Official, &r.Discount, &r.Cash, &r.Coupon, &r.Credit, &r.Debt, &r.Writeoff); err != nil {
			return err
		}
		bt, cm := strconv.Itoa(int(r.BillType)), strconv.Itoa(int(r.ChargeMode))
		if err := cw.Write(strconv.FormatUint(r.ID, 10), r.BillCycle, strconv.FormatUint(r.CustomerID, 10), r.TradeTime.UTC().Format(time.RFC3339),
			bt, nameOf(names.BillType, r.BillType, bt), r.ServiceType, nameOf(names.ServiceType, r.ServiceType, r.ServiceType),
			r.ResourceType, nameOf(names.ResourceType, r.ResourceType, r.ResourceType), r.ResourceID,
			r.Region, nameOf(names.Region, r.Region, r.Region), cm, nameOf(names.ChargeMode, r.ChargeMode, cm),
			strconv.Itoa(r.PeriodType), fen(r.Official), fen(r.Discount), r.Amount().StringFixed(2), fen(r.Cash), fen(r.Coupon),
			fen(r.Credit), fen(r.Debt), fen(r.Writeoff)); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Flush()
}

func fen(n int64) string { return Fen(n).StringFixed(2) }
