package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Read queries of quotas, coupons and their records, for the console and the API. They only read.

// couponOwner is the partner whose quotas and coupons the actor reads: its own or, for a master
// distributor naming one of its resellers, the reseller's.
func couponOwner(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64) (uint64, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return 0, ErrForbidden
	}
	if resellerID == 0 || resellerID == a.PartnerID {
		return a.PartnerID, nil
	}
	if _, err := resellerOf(ctx, db, a, resellerID); err != nil {
		return 0, ErrNotYourReseller
	}
	return resellerID, nil
}

// QuotaFilter selects quotas. Zero fields do not filter.
type QuotaFilter struct {
	PartnerID  uint64 // operators: one partner's quotas
	ResellerID uint64 // master distributors: one reseller's quotas
	PublicIDs  []string
	Statuses   []QuotaStatus
	Type       *QuotaType
	Created    TimeRange
	Effective  TimeRange
	Expire     TimeRange
	Offset     int
	Limit      int
}

// TimeRange is [From, To); a zero end is open.
type TimeRange struct{ From, To time.Time }

func (r TimeRange) apply(q *gorm.DB, column string) *gorm.DB {
	if !r.From.IsZero() {
		q = q.Where(column+" >= ?", r.From.UTC())
	}
	if !r.To.IsZero() {
		q = q.Where(column+" < ?", r.To.UTC())
	}
	return q
}

// Quotas is one page of quotas.
type Quotas struct {
	Rows  []CouponQuota
	Total int64
}

// ListQuotas lists the quotas of the acting partner (a reseller's child quotas are its own), of one
// of a master distributor's resellers, or, for an operator, of every partner; newest first.
func ListQuotas(ctx context.Context, db *gorm.DB, a Actor, f QuotaFilter, now time.Time) (*Quotas, error) {
	q := db.WithContext(ctx).Model(&CouponQuota{})
	if a.Kind == OperatorUser {
		if f.PartnerID != 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
	} else {
		owner, err := couponOwner(ctx, db, a, f.ResellerID)
		if err != nil {
			return nil, err
		}
		q = q.Where("partner_id = ?", owner)
	}
	if len(f.PublicIDs) > 0 {
		q = q.Where("public_id IN ?", f.PublicIDs)
	}
	if len(f.Statuses) > 0 {
		q = q.Where(quotaStatusScope(db, f.Statuses, now))
	}
	if f.Type != nil {
		q = q.Where("type = ?", *f.Type)
	}
	q = f.Expire.apply(f.Effective.apply(f.Created.apply(q, "created_at"), "effective_at"), "expire_at")
	out := &Quotas{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	err := q.Order("created_at DESC, id DESC").Offset(f.Offset).Limit(max(f.Limit, 1)).Find(&out.Rows).Error
	return out, err
}

// quotaStatusScope matches quotas whose status at now is one of statuses: a normal quota past its
// expiry counts as invalid.
func quotaStatusScope(db *gorm.DB, statuses []QuotaStatus, now time.Time) *gorm.DB {
	s := db.Where("1 = 0")
	for _, st := range statuses {
		switch st {
		case QuotaNormal:
			s = s.Or("status = ? AND expire_at > ?", QuotaNormal, now.UTC())
		case QuotaInvalid:
			s = s.Or("status = ? OR (status = ? AND expire_at <= ?)", QuotaInvalid, QuotaNormal, now.UTC())
		default:
			s = s.Or("status = ?", st)
		}
	}
	return s
}

// GetQuota loads a quota the actor may see: its own partner's, or any for an operator. A master
// distributor also sees the child quotas it gave.
func GetQuota(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*CouponQuota, error) {
	q := db.WithContext(ctx).Where("id = ?", id)
	switch {
	case a.Kind == OperatorUser:
	case a.Kind == PartnerUser && a.PartnerID != 0:
		q = q.Where("partner_id = ? OR parent_id IN (SELECT id FROM coupon_quotas WHERE partner_id = ?)", a.PartnerID, a.PartnerID)
	default:
		return nil, ErrForbidden
	}
	var out CouponQuota
	if err := q.First(&out).Error; err != nil {
		return nil, notFound(err)
	}
	return &out, nil
}

// QuotaByPublicID resolves the API's quota_id among the quotas of owner (see couponOwner).
func QuotaByPublicID(ctx context.Context, db *gorm.DB, a Actor, publicID string, resellerID uint64) (*CouponQuota, error) {
	owner, err := couponOwner(ctx, db, a, resellerID)
	if err != nil {
		return nil, err
	}
	var q CouponQuota
	if err := db.WithContext(ctx).Where("public_id = ? AND partner_id = ?", publicID, owner).First(&q).Error; err != nil {
		return nil, ErrQuotaNotFound
	}
	return &q, nil
}

// QuotaRecords is one page of a quota's balance changes.
type QuotaRecords struct {
	Rows  []QuotaRecord
	Total int64
}

// ListQuotaRecords lists the changes of one quota the actor may see, newest first.
func ListQuotaRecords(ctx context.Context, db *gorm.DB, a Actor, quotaID uint64, offset, limit int) (*QuotaRecords, error) {
	if _, err := GetQuota(ctx, db, a, quotaID); err != nil {
		return nil, err
	}
	q := db.WithContext(ctx).Model(&QuotaRecord{}).Where("quota_id = ?", quotaID)
	out := &QuotaRecords{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	err := q.Order("created_at DESC, id DESC").Offset(offset).Limit(max(limit, 1)).Find(&out.Rows).Error
	return out, err
}

// CouponFilter selects issued coupons. Zero fields do not filter.
type CouponFilter struct {
	// ExpiringFrom, when set, keeps the coupons still to be used that expire in the
	// ExpiringWithin after it: the home page's "expiring" count, as a list.
	ExpiringFrom time.Time
	ResellerID   uint64
	CouponID     string // public id
	CustomerID   uint64
	QuotaID      uint64
	Type         int8
	Status       int8
	Created      TimeRange
	Effective    TimeRange
	Expire       TimeRange
	Offset       int
	Limit        int
}

func (f CouponFilter) onlyStatus() bool {
	g := f
	g.Status, g.Offset, g.Limit, g.ResellerID = 0, 0, 0, 0
	return g == CouponFilter{}
}

// IssuedCoupon is a coupon with its customer and quota.
type IssuedCoupon struct {
	Coupon
	CustomerDID   string
	CustomerName  string // account name
	QuotaPublicID string
}

// IssuedCoupons is one page of coupons. A filtered total is counted up to CountCap; Capped says
// when there are more.
type IssuedCoupons struct {
	Rows   []IssuedCoupon
	Total  int64
	Capped bool
}

// CountCap bounds the count of a filtered list of coupons or records: counting millions of rows
// per page view is not instant, and paging stops at MaxOffset anyway.
const CountCap = MaxOffset + 1

// ListIssuedCoupons lists the coupons the acting partner issued (or one of its resellers, for a
// master distributor), newest first.
func ListIssuedCoupons(ctx context.Context, db *gorm.DB, a Actor, f CouponFilter) (*IssuedCoupons, error) {
	owner, err := couponOwner(ctx, db, a, f.ResellerID)
	if err != nil {
		return nil, err
	}
	q := couponQuery(ctx, db, owner, f)
	out := &IssuedCoupons{}
	if out.Total, out.Capped, err = couponTotal(ctx, db, owner, q, f); err != nil {
		return nil, err
	}
	var rows []Coupon
	if err := q.Order(f.order()).Offset(f.Offset).Limit(max(f.Limit, 1)).Find(&rows).Error; err != nil {
		return nil, err
	}
	out.Rows, err = withCustomers(ctx, db, rows)
	return out, err
}

// order is newest first; filtered by expiry, soonest to expire first, which the expiry index
// answers in order however many coupons the partner has.
func (f CouponFilter) order() string {
	if !f.Expire.From.IsZero() || !f.Expire.To.IsZero() || !f.ExpiringFrom.IsZero() {
		return "expire_at, id"
	}
	return "created_at DESC, id DESC"
}

func couponQuery(ctx context.Context, db *gorm.DB, owner uint64, f CouponFilter) *gorm.DB {
	q := db.WithContext(ctx).Model(&Coupon{}).Where("partner_id = ?", owner)
	if f.CouponID != "" {
		q = q.Where("public_id = ?", f.CouponID)
	}
	if f.CustomerID != 0 {
		q = q.Where("customer_id = ?", f.CustomerID)
	}
	if f.QuotaID != 0 {
		q = q.Where("quota_id = ?", f.QuotaID)
	}
	if f.Type != 0 {
		q = q.Where("type = ?", f.Type)
	}
	if f.Status != 0 {
		q = q.Where("status = ?", f.Status)
	}
	if !f.ExpiringFrom.IsZero() {
		q = expiringCoupons(q, f.ExpiringFrom)
	}
	return f.Expire.apply(f.Effective.apply(f.Created.apply(q, "created_at"), "effective_at"), "expire_at")
}

// couponTotal counts a page's total: from the counters when the list is unfiltered or filtered by
// status only, capped otherwise.
func couponTotal(ctx context.Context, db *gorm.DB, owner uint64, q *gorm.DB, f CouponFilter) (int64, bool, error) {
	if !f.onlyStatus() {
		return cappedCount(q)
	}
	counts, err := couponCounts(ctx, db, owner)
	if err != nil || f.Status != 0 {
		return counts[f.Status], false, err
	}
	var total int64
	for _, n := range counts {
		total += n
	}
	return total, false, nil
}

func couponCounts(ctx context.Context, db *gorm.DB, owner uint64) (map[int8]int64, error) {
	var rows []CouponCount
	if err := db.WithContext(ctx).Where("partner_id = ?", owner).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := map[int8]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// cappedCount counts the rows of q, up to CountCap.
func cappedCount(q *gorm.DB) (int64, bool, error) {
	var n int64
	sub := q.Session(&gorm.Session{}).Select("1").Limit(CountCap)
	err := q.Session(&gorm.Session{NewDB: true}).Table("(?) AS capped", sub).Count(&n).Error
	return n, n >= CountCap, err
}

func withCustomers(ctx context.Context, db *gorm.DB, rows []Coupon) ([]IssuedCoupon, error) {
	var cids, qids []uint64
	for _, r := range rows {
		cids, qids = append(cids, r.CustomerID), append(qids, r.QuotaID)
	}
	custs, err := customerNames(ctx, db, cids)
	if err != nil {
		return nil, err
	}
	quotas, err := quotaPublicIDs(ctx, db, qids)
	if err != nil {
		return nil, err
	}
	out := make([]IssuedCoupon, 0, len(rows))
	for _, r := range rows {
		c := custs[r.CustomerID]
		out = append(out, IssuedCoupon{Coupon: r, CustomerDID: c[0], CustomerName: c[1], QuotaPublicID: quotas[r.QuotaID]})
	}
	return out, nil
}

// customerNames maps customer ids to their account id and account name.
func customerNames(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64][2]string, error) {
	out := map[uint64][2]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Customer
	if err := db.WithContext(ctx).Select("id, domain_id, account_name").Where("id IN ?", uniq(ids)).Find(&cs).Error; err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.ID] = [2]string{c.DomainID, c.AccountName}
	}
	return out, nil
}

// GetCoupon loads one coupon the acting partner issued (or one of its resellers did).
func GetCoupon(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*IssuedCoupon, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	var c Coupon
	err := db.WithContext(ctx).Where("id = ? AND (partner_id = ? OR partner_id IN (SELECT id FROM partners WHERE distributor_id = ?))",
		id, a.PartnerID, a.PartnerID).First(&c).Error
	if err != nil {
		return nil, notFound(err)
	}
	rows, err := withCustomers(ctx, db, []Coupon{c})
	if err != nil {
		return nil, err
	}
	return &rows[0], nil
}

// CouponByPublicID resolves the API's coupon_id among the coupons of owner (see couponOwner).
func CouponByPublicID(ctx context.Context, db *gorm.DB, a Actor, publicID string, resellerID uint64) (*Coupon, error) {
	owner, err := couponOwner(ctx, db, a, resellerID)
	if err != nil {
		return nil, err
	}
	var c Coupon
	if err := db.WithContext(ctx).Where("public_id = ? AND partner_id = ?", publicID, owner).First(&c).Error; err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// RecordFilter selects coupon operation records. Zero fields do not filter.
type RecordFilter struct {
	ResellerID uint64
	Ops        []int8
	QuotaID    uint64
	QuotaType  *QuotaType
	CouponIDs  []uint64
	CustomerID uint64
	Result     *int8
	Time       TimeRange
	Offset     int
	Limit      int
}

// CouponRecordRow is a record with its customer, coupon and quota.
type CouponRecordRow struct {
	CouponRecord
	CustomerName   string
	CouponPublicID string
	QuotaPublicID  string
	Operator       string
}

// CouponRecords is one page of records; the total is counted up to CountCap.
type CouponRecords struct {
	Rows   []CouponRecordRow
	Total  int64
	Capped bool
}

// ListCouponRecords lists the acting partner's coupon operation records, newest first.
func ListCouponRecords(ctx context.Context, db *gorm.DB, a Actor, f RecordFilter) (*CouponRecords, error) {
	owner, err := couponOwner(ctx, db, a, f.ResellerID)
	if err != nil {
		return nil, err
	}
	q := db.WithContext(ctx).Model(&CouponRecord{}).Where("partner_id = ?", owner)
	if len(f.Ops) > 0 {
		q = q.Where("operation_type IN ?", f.Ops)
	}
	if f.QuotaID != 0 {
		q = q.Where("quota_id = ?", f.QuotaID)
	}
	if f.QuotaType != nil {
		q = q.Where("quota_type = ?", *f.QuotaType)
	}
	if len(f.CouponIDs) > 0 {
		q = q.Where("coupon_id IN ?", f.CouponIDs)
	}
	if f.CustomerID != 0 {
		q = q.Where("customer_id = ?", f.CustomerID)
	}
	switch {
	case f.Result == nil:
	case *f.Result == 0:
		q = q.Where("result = 0")
	default: // the failures, from their partial index: the condition is written as the index's
		q = q.Where("result = -1")
	}
	q = f.Time.apply(q, "created_at")
	out := &CouponRecords{}
	if out.Total, out.Capped, err = cappedCount(q); err != nil {
		return nil, err
	}
	var rows []CouponRecord
	if err := q.Order("created_at DESC, id DESC").Offset(f.Offset).Limit(max(f.Limit, 1)).Find(&rows).Error; err != nil {
		return nil, err
	}
	out.Rows, err = withRecordNames(ctx, db, rows)
	return out, err
}

func withRecordNames(ctx context.Context, db *gorm.DB, rows []CouponRecord) ([]CouponRecordRow, error) {
	var cids, coupons, qids, actors []uint64
	for _, r := range rows {
		if r.CustomerID != nil {
			cids = append(cids, *r.CustomerID)
		}
		if r.CouponID != nil {
			coupons = append(coupons, *r.CouponID)
		}
		qids, actors = append(qids, r.QuotaID), append(actors, r.ActorUserID)
	}
	custs, err := customerNames(ctx, db, cids)
	if err != nil {
		return nil, err
	}
	couponIDs, err := couponPublicIDs(ctx, db, coupons)
	if err != nil {
		return nil, err
	}
	quotas, err := quotaPublicIDs(ctx, db, qids)
	if err != nil {
		return nil, err
	}
	names, err := NamesOf(ctx, db, uniq(actors))
	if err != nil {
		return nil, err
	}
	out := make([]CouponRecordRow, 0, len(rows))
	for _, r := range rows {
		row := CouponRecordRow{CouponRecord: r, QuotaPublicID: quotas[r.QuotaID], Operator: names[r.ActorUserID]}
		if r.CustomerID != nil {
			row.CustomerDID, row.CustomerName = custs[*r.CustomerID][0], custs[*r.CustomerID][1]
		}
		if r.CouponID != nil {
			row.CouponPublicID = couponIDs[*r.CouponID]
		}
		out = append(out, row)
	}
	return out, nil
}

func couponPublicIDs(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]string, error) {
	return namesOf(ctx, db, &Coupon{}, "public_id", uniq(ids))
}

// MyCoupons lists the acting customer's coupons, from every partner, newest first.
func MyCoupons(ctx context.Context, db *gorm.DB, a Actor, status int8, offset, limit int) ([]Coupon, int64, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, 0, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&Coupon{}).Where("customer_id = ?", a.CustomerID)
	if status != 0 {
		q = q.Where("status = ?", status)
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []Coupon
	err := q.Order("created_at DESC, id DESC").Offset(offset).Limit(max(limit, 1)).Find(&rows).Error
	return rows, total, err
}

// CouponSummary is the dashboard's view of a partner's coupons.
type CouponSummary struct {
	QuotaBalance Money // of the quotas coupons can be issued from now
	Quotas       int64
	Expiring     int64 // usable coupons that expire within 7 days
}

// SummarizeCoupons reads the acting partner's coupon summary.
func SummarizeCoupons(ctx context.Context, db *gorm.DB, a Actor, now time.Time) (*CouponSummary, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	t := now.UTC()
	var row struct {
		N       int64
		Balance int64
	}
	err := db.WithContext(ctx).Model(&CouponQuota{}).Select("COUNT(*) AS n, COALESCE(SUM(balance), 0) AS balance").
		Where("partner_id = ? AND status = ? AND effective_at <= ? AND expire_at > ?", a.PartnerID, QuotaNormal, t, t).Scan(&row).Error
	if err != nil {
		return nil, err
	}
	out := &CouponSummary{QuotaBalance: Fen(row.Balance), Quotas: row.N}
	err = expiringCoupons(db.WithContext(ctx).Model(&Coupon{}).Where("partner_id = ?", a.PartnerID), t).Count(&out.Expiring).Error
	return out, err
}

// ExpiringWithin is how soon a coupon still to be used must expire to count as expiring.
const ExpiringWithin = 7 * 24 * time.Hour

// expiringCoupons keeps the coupons still to be used that expire in the ExpiringWithin after now.
func expiringCoupons(q *gorm.DB, now time.Time) *gorm.DB {
	t := now.UTC()
	return q.Where("expire_at > ? AND expire_at <= ? AND status IN ?", t, t.Add(ExpiringWithin), liveStatuses)
}

// OwnCustomer finds one of the acting partner's own customers by account id or account name, as
// a coupon filter names it; anyone else's is not found.
func OwnCustomer(ctx context.Context, db *gorm.DB, a Actor, ref string) (*Customer, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	var c Customer
	err := db.WithContext(ctx).Where("domain_id = ? AND partner_id = ?", ref, a.PartnerID).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = db.WithContext(ctx).Where("account_name = ? AND partner_id = ?", ref, a.PartnerID).First(&c).Error
	}
	return &c, notFound(err)
}

// IssueTargets resolves the customers an issue form names — account ids picked from the search,
// account names pasted — among the acting partner's own customers, in the order given and without
// repeats. What it cannot find is returned for the form to show.
func IssueTargets(ctx context.Context, db *gorm.DB, a Actor, dids, names []string) ([]Customer, []string, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, nil, ErrForbidden
	}
	var found []Customer
	// One query per unique column, the partner checked on the rows found: with the partner in the
	// WHERE, SQLite would rather walk the partner's whole customer list than look up 100 keys.
	for col, vals := range map[string][]string{"domain_id": dids, "account_name": names} {
		if len(vals) == 0 {
			continue
		}
		var cs []Customer
		if err := db.WithContext(ctx).Where(col+" IN ?", vals).Find(&cs).Error; err != nil {
			return nil, nil, err
		}
		found = append(found, cs...)
	}
	byDID, byName := map[string]Customer{}, map[string]Customer{}
	for _, c := range found {
		if c.PartnerID != nil && *c.PartnerID == a.PartnerID { // anyone else's customer is not found
			byDID[c.DomainID], byName[c.AccountName] = c, c
		}
	}
	var out []Customer
	var missing []string
	seen := map[uint64]bool{}
	add := func(c Customer, ok bool, ref string) {
		switch {
		case !ok:
			missing = append(missing, ref)
		case !seen[c.ID]:
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	for _, d := range dids {
		c, ok := byDID[d]
		add(c, ok, d)
	}
	for _, n := range names {
		c, ok := byName[n]
		add(c, ok, n)
	}
	return out, missing, nil
}
