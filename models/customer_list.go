package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// CustomerSort orders the customer list.
type CustomerSort string

const (
	SortNewest      CustomerSort = "-associated_on" // the default
	SortOldest      CustomerSort = "associated_on"
	SortAccountName CustomerSort = "account_name"
)

// Paging bounds, like the API: 10 to 100 rows a page. Offsets stop at MaxOffset: deeper pages cost
// a walk over every skipped row, and a person narrows the filters long before.
const (
	DefaultLimit = 10
	MaxLimit     = 100
	MaxOffset    = 10000
)

// CustomerFilter is the customer list's query. Zero values mean "any".
type CustomerFilter struct {
	Query       string // substring of account name or real name
	Mode        Mode
	Verified    *int8
	ResellerID  uint64 // master distributor only: one reseller's customers
	From, To    time.Time
	Label       string
	ManagerID   uint64
	Sort        CustomerSort
	Page, Limit int // Page from 1

	// The partner API's filters: Query searching only some name columns, a second real-name text
	// (LIKE only), an exact customer id, and offset paging (used when Page is 0).
	Columns  []string
	RealName string
	DomainID string
	Offset   int
	// AccountName is one exact account name (an index lookup): the orders' customer filter tries
	// it before searching names by fragment.
	AccountName string
}

// MaxAPIOffset bounds the API's offset paging: an integrator walking its whole customer list goes
// that deep, at the cost of walking the skipped index entries.
const MaxAPIOffset = 1000000

// CustomerList is one page of customers.
type CustomerList struct {
	Rows  []Customer
	Total int64
}

// ListCustomers lists the acting partner's customers (a master distributor's include its resellers').
func ListCustomers(ctx context.Context, db *gorm.DB, a Actor, f CustomerFilter) (*CustomerList, error) {
	q, p, err := customerScope(ctx, db, a)
	if err != nil {
		return nil, err
	}
	if f.ResellerID != 0 {
		if p.Kind != MasterDistributor {
			return nil, ErrNotFound
		}
		if _, err := resellerOf(ctx, db, a, f.ResellerID); err != nil {
			return nil, err
		}
		q = db.WithContext(ctx).Model(&Customer{}).Where("customers.partner_id = ?", f.ResellerID)
	}
	if f.Query != "" {
		if q, err = searchCustomers(ctx, db, p, q, f); err != nil {
			return nil, err
		}
	}
	q = applyCustomerFilters(q, f)
	out := &CustomerList{}
	limit, offset := pageBounds(f.Page, f.Limit)
	if f.Page == 0 {
		offset = min(max(f.Offset, 0), MaxAPIOffset)
	}
	if f.Query != "" && store.IsPostgres(db) {
		// PostgreSQL: the page and the count of a search in one statement, which finds the
		// matches once (their gram index's heap pages, then each customer's row) where the count
		// and the page found them twice. A page past the last has no row to carry the count: it
		// is counted as below. (Total is the same number: the matches before LIMIT and OFFSET.)
		rows, total, err := scanCustomers(orderCustomers(q.Session(&gorm.Session{}), f.Sort).Limit(limit).Offset(offset), true)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 || offset == 0 {
			out.Rows, out.Total = rows, total
			return out, nil
		}
	}
	if out.Total, err = countCustomers(ctx, db, p, q, f); err != nil {
		return nil, err
	}
	if out.Total == 0 {
		return out, nil // the counters know; walking an index to find nothing could take long
	}
	out.Rows, err = findCustomers(orderCustomers(q, f.Sort).Limit(limit).Offset(offset))
	return out, err
}

// smallScope is the number of customers up to which a search reads the tenant's own rows rather
// than the gram index: the index's cost follows how many customers of all tenants match, which
// for a short or common text dwarfs a small partner's whole list.
const smallScope = 5000

func searchCustomers(ctx context.Context, db *gorm.DB, p *Partner, q *gorm.DB, f CustomerFilter) (*gorm.DB, error) {
	if err := CheckSearch(f.Query); err != nil {
		return nil, err
	}
	n, err := countCustomers(ctx, db, p, nil, CustomerFilter{ResellerID: f.ResellerID})
	if err != nil {
		return nil, err
	}
	cols := f.Columns
	if len(cols) == 0 {
		cols = []string{"account_name", "real_name"}
	}
	if n <= smallScope {
		return store.LikeScope(q, "customers", f.Query, cols...), nil
	}
	return store.SearchScope(q, "customers", store.CustomerSearchTable, f.Query, cols...)
}

func applyCustomerFilters(q *gorm.DB, f CustomerFilter) *gorm.DB {
	if f.Mode != NoMode {
		q = q.Where("customers.mode = ?", f.Mode)
	}
	if f.Verified != nil {
		q = q.Where("customers.verified_status = ?", *f.Verified)
	}
	// times are stored as text in UTC; a bound in another zone would compare as different text
	if !f.From.IsZero() {
		q = q.Where("customers.associated_on >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("customers.associated_on < ?", f.To.UTC())
	}
	if f.Label != "" {
		q = q.Where("customers.label = ?", f.Label)
	}
	if f.ManagerID != 0 {
		q = q.Where("customers.account_manager_id = ?", f.ManagerID)
	}
	if f.RealName != "" {
		q = store.LikeScope(q, "customers", f.RealName, "real_name")
	}
	if f.DomainID != "" {
		q = q.Where("customers.domain_id = ?", f.DomainID)
	}
	if f.AccountName != "" {
		q = q.Where("customers.account_name = ?", f.AccountName)
	}
	return q
}

func orderCustomers(q *gorm.DB, s CustomerSort) *gorm.DB {
	switch s {
	case SortOldest:
		return q.Order("customers.associated_on ASC, customers.id ASC")
	case SortAccountName:
		return q.Order("customers.account_name ASC")
	}
	return q.Order("customers.associated_on DESC, customers.id DESC")
}

// countCustomers answers from the CustomerCount counters when only mode, verification, label and
// reseller filter the list, and counts rows (over an index range the filters narrow) otherwise.
func countCustomers(ctx context.Context, db *gorm.DB, p *Partner, q *gorm.DB, f CustomerFilter) (int64, error) {
	var n int64
	if f.Query != "" || !f.From.IsZero() || !f.To.IsZero() || f.ManagerID != 0 || f.RealName != "" || f.DomainID != "" || f.AccountName != "" {
		err := q.Session(&gorm.Session{}).Count(&n).Error
		return n, err
	}
	c := db.WithContext(ctx).Model(&CustomerCount{})
	switch {
	case f.ResellerID != 0:
		c = c.Where("partner_id = ?", f.ResellerID)
	case p.Kind == MasterDistributor:
		c = c.Where("partner_id = ? OR partner_id IN (SELECT id FROM partners WHERE distributor_id = ?)", p.ID, p.ID)
	default:
		c = c.Where("partner_id = ?", p.ID)
	}
	if f.Mode != NoMode {
		c = c.Where("mode = ?", f.Mode)
	}
	if f.Verified != nil {
		c = c.Where("verified_status = ?", *f.Verified)
	}
	if f.Label != "" {
		c = c.Where("label = ?", f.Label)
	}
	err := c.Select("COALESCE(SUM(n), 0)").Scan(&n).Error
	return n, err
}

// pageBounds turns a 1-based page and a page size into LIMIT and OFFSET within the bounds.
func pageBounds(page, limit int) (int, int) {
	if limit < 1 || limit > MaxLimit { // the console offers 10–100, the API 1–100
		limit = DefaultLimit
	}
	if page < 1 {
		page = 1
	}
	if page-1 > MaxOffset/limit { // compared before multiplying: a huge page must not overflow
		return limit, MaxOffset - MaxOffset%limit
	}
	return limit, (page - 1) * limit
}

// bumpCustomerCount moves one customer in or out of a partner's counters.
func bumpCustomerCount(tx *gorm.DB, partnerID uint64, mode Mode, verified int8, label string, delta int64) error {
	res := tx.Model(&CustomerCount{}).Where("partner_id = ? AND mode = ? AND verified_status = ? AND label = ?", partnerID, mode, verified, label).
		Update("n", gorm.Expr("n + ?", delta))
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	return tx.Create(&CustomerCount{PartnerID: partnerID, Mode: mode, VerifiedStatus: verified, Label: label, N: delta}).Error
}

// customerColumns are a customer's columns in the order scanCustomer reads them. The lists read
// them by name into the struct's fields: GORM's Find maps each row by reflection, which on a busy
// list costs more than the query.
const customerColumns = "customers.id, customers.domain_id, customers.account_name, customers.real_name, customers.verified_status, " +
	"customers.customer_type, customers.phone, customers.email, customers.country_code, customers.level, customers.frozen, " +
	"customers.x_account_id, customers.x_account_type, customers.enterprise_id, customers.created_at, customers.association_id, " +
	"customers.partner_id, customers.top_partner_id, customers.mode, customers.associated_on, customers.label, customers.account_manager_id"

// findCustomers runs q (its conditions, order and bounds) for customerColumns and scans the rows.
func findCustomers(q *gorm.DB) ([]Customer, error) {
	out, _, err := scanCustomers(q, false)
	return out, err
}

// scanCustomers is findCustomers; counted, it also selects how many rows q finds before its
// bounds (a window count: PostgreSQL's page of a search) and returns it.
func scanCustomers(q *gorm.DB, counted bool) ([]Customer, int64, error) {
	cols := customerColumns
	if counted {
		cols += ", COUNT(*) OVER () AS total"
	}
	rows, err := q.Select(cols).Rows()
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Customer
	var total int64
	for rows.Next() {
		var c Customer
		var mode, verified, typ, frozen int64
		dest := []any{&c.ID, &c.DomainID, &c.AccountName, &c.RealName, &verified, &typ, &c.Phone, &c.Email, &c.CountryCode,
			&c.Level, &frozen, &c.XAccountID, &c.XAccountType, &c.EnterpriseID, &c.CreatedAt, &c.AssociationID,
			&c.PartnerID, &c.TopPartnerID, &mode, &c.AssociatedOn, &c.Label, &c.AccountManagerID}
		if counted {
			dest = append(dest, &total)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, 0, err
		}
		c.Mode, c.VerifiedStatus, c.CustomerType, c.Frozen = Mode(mode), int8(verified), int8(typ), int8(frozen)
		out = append(out, c)
	}
	return out, total, rows.Err()
}
