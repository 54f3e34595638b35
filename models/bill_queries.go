package models

import (
	"context"

	"gorm.io/gorm"
)

// The bills' read models: a customer's monthly sums of a cycle, and the fee records of a cycle.

// CustomerMonthlySums (ShowCustomerMonthlySum, ListSubcustomerMonthlyBills) is a customer's bill
// of a cycle: its monthly sums by service type, charge mode and bill type, read as they were kept
// (never summed here). A customer sees its own, a partner its customers' and (master distributor)
// its resellers' customers', the operator any; another's customer is not found.
func CustomerMonthlySums(ctx context.Context, db *gorm.DB, a Actor, customerID uint64, cycle string) ([]MonthlySum, error) {
	cycle, _, err := ParseBillCycle(cycle)
	if err != nil {
		return nil, &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	if err := mayReadBill(db.WithContext(ctx), a, customerID); err != nil {
		return nil, err
	}
	var out []MonthlySum
	err = db.WithContext(ctx).Where("customer_id = ? AND bill_cycle = ?", customerID, cycle).
		Order("service_type, charge_mode, bill_type").Find(&out).Error
	return out, err
}

// mayReadBill: a customer reads its own bill, the operator and the customer's partner (or its
// master distributor) any of theirs (maySeeCustomer); anyone else's customer is not found.
func mayReadBill(db *gorm.DB, a Actor, customerID uint64) error {
	if a.Kind == CustomerUser {
		if a.CustomerID == 0 || a.CustomerID != customerID {
			return ErrNotFound
		}
		return nil
	}
	return maySeeCustomer(db, a, customerID)
}

// FeeFilter selects fee records of one cycle. Zero fields other than Cycle do not filter.
type FeeFilter struct {
	Cycle       string // YYYY-MM, required
	CustomerID  uint64 // one customer's records (the operator must give it or PartnerID)
	ResellerID  uint64 // a master distributor: the records of one of its resellers' customers
	PartnerID   uint64 // the operator: one partner's records
	ServiceType string
	ChargeMode  ChargeMode
	BillType    int8
	ResourceID  string // a resource's public id
	OrderID     uint64 // the trade (an order's row id)
}

// Paging is a page of a list: from Offset (up to MaxOffset), Limit rows (1–100; 0 is 10).
type Paging struct{ Offset, Limit int }

// FeeRecordList is one page of fee records; the total is counted up to CountCap.
type FeeRecordList struct {
	Rows   []FeeRecord
	Total  int64
	Capped bool
}

// ListFeeRecords (ListSubCustomerBillDetail, ListCustomerselfResourceRecords) lists the fee
// records of a cycle the actor may see: a customer its own; a partner those made while the
// customer was its (a master distributor, with ResellerID, one of its resellers'); the operator a
// customer's or a partner's. A customer of the filter the actor may not see is not found. One
// customer's records come in time order through ix_fee_customer, a partner's by customer through
// ix_fee_partner: never a scan of the cycle.
func ListFeeRecords(ctx context.Context, db *gorm.DB, a Actor, f FeeFilter, p Paging) (*FeeRecordList, error) {
	q, order, err := feeQuery(ctx, db, a, f)
	if err != nil {
		return nil, err
	}
	out := &FeeRecordList{Rows: []FeeRecord{}}
	if out.Total, out.Capped, err = findPage(q, order, p.Offset, p.Limit, &out.Rows); err != nil {
		return nil, err
	}
	return out, nil
}

// feeQuery is the fee records of the filter the actor may see, and their order.
func feeQuery(ctx context.Context, db *gorm.DB, a Actor, f FeeFilter) (*gorm.DB, string, error) {
	cycle, _, err := ParseBillCycle(f.Cycle)
	if err != nil {
		return nil, "", &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	q, order, err := feeScope(ctx, db, a, f)
	if err != nil {
		return nil, "", err
	}
	return f.apply(q.Where("bill_cycle = ?", cycle)), order, nil
}

// feeScope is the fee records the actor may see under the filter, and their order (the order of
// the index the scope reads).
func feeScope(ctx context.Context, db *gorm.DB, a Actor, f FeeFilter) (*gorm.DB, string, error) {
	q := db.WithContext(ctx).Model(&FeeRecord{})
	const byTime, byCustomer = "trade_time, id", "customer_id, id"
	if a.Kind == CustomerUser {
		if a.CustomerID == 0 || f.CustomerID != 0 && f.CustomerID != a.CustomerID {
			return nil, "", ErrNotFound
		}
		return q.Where("customer_id = ?", a.CustomerID), byTime, nil
	}
	if f.CustomerID != 0 {
		if err := maySeeCustomer(db.WithContext(ctx), a, f.CustomerID); err != nil {
			return nil, "", err
		}
		q = q.Where("customer_id = ?", f.CustomerID)
		if a.Kind == PartnerUser { // the records of the time it was this partner's (or a reseller's) customer
			q = q.Where("partner_id = ? OR top_partner_id = ?", a.PartnerID, a.PartnerID)
		}
		return q, byTime, nil
	}
	switch {
	case a.Kind == OperatorUser && f.PartnerID != 0:
		return q.Where("partner_id = ?", f.PartnerID), byCustomer, nil
	case a.Kind == OperatorUser:
		return nil, "", &FieldError{Field: "customer_id", Err: ErrInvalidInput}
	case a.Kind != PartnerUser || a.PartnerID == 0:
		return nil, "", ErrForbidden
	case f.ResellerID == 0 || f.ResellerID == a.PartnerID:
		return q.Where("partner_id = ?", a.PartnerID), byCustomer, nil
	}
	if _, err := resellerOf(ctx, db, a, f.ResellerID); err != nil {
		return nil, "", ErrNotYourReseller
	}
	return q.Where("partner_id = ?", f.ResellerID), byCustomer, nil
}

func (f FeeFilter) apply(q *gorm.DB) *gorm.DB {
	if f.ServiceType != "" {
		q = q.Where("service_type = ?", f.ServiceType)
	}
	if f.ChargeMode != 0 {
		q = q.Where("charge_mode = ?", f.ChargeMode)
	}
	if f.BillType != 0 {
		q = q.Where("bill_type = ?", f.BillType)
	}
	if f.ResourceID != "" {
		q = q.Where("resource_id = ?", f.ResourceID)
	}
	if f.OrderID != 0 {
		q = q.Where("order_id = ?", f.OrderID)
	}
	return q
}
