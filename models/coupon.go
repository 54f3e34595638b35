package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Coupons (代金券) a partner issues to its customers from its quotas. Issuing moves value from the
// quota to the coupons; reclaiming, unbinding, switching mode and expiry move what a coupon has left
// back to its quota. Every operation is a CouponRecord with the API's operation types.

// Coupon statuses, as the API's status. They are stored, so that lists filter and count them from
// an index; the sweep moves coupons from not activated to usable and from either to expired on
// time, and StatusAt shows the status of the moment even between two sweeps.
const (
	CouponNotActivated int8 = 1
	CouponUsable       int8 = 2
	CouponUsed         int8 = 3
	CouponExpired      int8 = 4
	CouponReclaimed    int8 = 5
)

// CouponStatuses lists the statuses in display order.
var CouponStatuses = []int8{CouponNotActivated, CouponUsable, CouponUsed, CouponExpired, CouponReclaimed}

// Coupon operation types (the API's operation_type).
const (
	OpIssue      int8 = 1 // 发放
	OpReclaim    int8 = 2 // 手动回收
	OpUnbind     int8 = 3 // 解绑自动回收
	OpExpire     int8 = 4 // 过期回收
	OpSwitchMode int8 = 8 // 切换关联模式自动回收
)

// CouponOps lists the operation types PartnerHub records.
var CouponOps = []int8{OpIssue, OpReclaim, OpUnbind, OpExpire, OpSwitchMode}

// Coupon is a coupon held by a customer. Balance is what is left to spend; Used what orders spent.
// The quota and customer indexes carry the partner too: every list is scoped by the partner, and
// an index that answers both equalities is the one SQLite's planner picks without statistics.
type Coupon struct {
	ID           uint64    `gorm:"primaryKey"`
	PublicID     string    `gorm:"size:32;not null;uniqueIndex"` // the API's coupon_id
	PartnerID    uint64    `gorm:"not null;index:ix_coupon_partner,priority:1;index:ix_coupon_pstatus,priority:1;index:ix_coupon_pexpire,priority:1;index:ix_coupon_qp,priority:2;index:ix_coupon_cp,priority:2"`
	QuotaID      uint64    `gorm:"not null;index:ix_coupon_qp,priority:1"`
	CustomerID   uint64    `gorm:"not null;index:ix_coupon_cp,priority:1"`
	BatchID      uint64    `gorm:"not null"`
	Type         int8      `gorm:"not null"` // 1 代金券, 4 现金券
	FaceValue    int64     `gorm:"not null;check:chk_coupon_face,face_value > 0" json:"face_value_fen"`
	Balance      int64     `gorm:"not null;check:chk_coupon_balance,balance >= 0" json:"balance_fen"`
	Used         int64     `gorm:"not null;default:0" json:"used_fen"`
	Status       int8      `gorm:"not null;index:ix_coupon_pstatus,priority:2"`
	EffectiveAt  time.Time `gorm:"not null"`
	ExpireAt     time.Time `gorm:"not null;index:ix_coupon_pexpire,priority:2"`
	ServiceTypes string    `gorm:"size:512;not null;default:''"`
	Memo         string    `gorm:"size:256;not null;default:''"`
	LockOrderID  string    `gorm:"size:64;not null;default:''"` // an order pending payment that holds it
	CreatedAt    time.Time `gorm:"not null;index:ix_coupon_partner,priority:2;index:ix_coupon_pstatus,priority:3;index:ix_coupon_qp,priority:3;index:ix_coupon_cp,priority:3"`
	UpdatedAt    time.Time `gorm:"not null"`
}

// live tells whether the coupon is not activated or usable: it holds value for its customer.
func (c *Coupon) live() bool { return c.Status == CouponNotActivated || c.Status == CouponUsable }

// liveStatuses are the stored statuses of coupons that still hold value.
var liveStatuses = []int8{CouponNotActivated, CouponUsable}

// FaceMoney and BalanceMoney are the coupon's amounts as Money.
func (c *Coupon) FaceMoney() Money    { return Fen(c.FaceValue) }
func (c *Coupon) BalanceMoney() Money { return Fen(c.Balance) }

// ServiceTypeList is the coupon's service-type scope (none: any service).
func (c *Coupon) ServiceTypeList() []string { return splitList(c.ServiceTypes) }

// StatusAt is the coupon's status at now, whether or not the sweep has run since it changed.
func (c *Coupon) StatusAt(now time.Time) int8 {
	if !c.live() {
		return c.Status
	}
	switch {
	case now.Before(c.EffectiveAt):
		return CouponNotActivated
	case !now.Before(c.ExpireAt):
		return CouponExpired
	}
	return CouponUsable
}

// CouponRecord is one coupon operation (优惠券操作记录), successful or not. Rows are only inserted.
type CouponRecord struct {
	ID            uint64 `gorm:"primaryKey"`
	PartnerID     uint64 `gorm:"not null;index:ix_crec_partner,priority:1;index:ix_crec_op,priority:1;index:ix_crec_qp,priority:2;index:ix_crec_cp,priority:2;index:ix_crec_coupon,priority:2"`
	OperationType int8   `gorm:"not null;index:ix_crec_op,priority:2"`
	QuotaID       uint64 `gorm:"not null;index:ix_crec_qp,priority:1"`
	QuotaType     QuotaType
	CouponID      *uint64   `gorm:"index:ix_crec_coupon,priority:1"`
	CustomerID    *uint64   `gorm:"index:ix_crec_cp,priority:1"` // nil when the customer was not the partner's
	CustomerDID   string    `gorm:"size:64;not null;default:''"` // the customer as the caller named it
	Amount        int64     `gorm:"not null"`                    // fen: the face value issued, or the balance reclaimed
	Result        int8      `gorm:"not null"`                    // 0 ok, -1 failed
	ErrKey        string    `gorm:"size:48;not null;default:''"`
	Remark        string    `gorm:"size:256;not null;default:''"`
	BatchID       *uint64   // an issue's (indexed by partialIndexes)
	ActorUserID   uint64    `gorm:"not null"`
	RequestID     string    `gorm:"size:64;not null;default:''"`
	CreatedAt     time.Time `gorm:"not null;index:ix_crec_partner,priority:2;index:ix_crec_op,priority:3;index:ix_crec_qp,priority:3;index:ix_crec_cp,priority:3;index:ix_crec_coupon,priority:3"`
}

// AmountMoney is the operation's amount as Money.
func (r *CouponRecord) AmountMoney() Money { return Fen(r.Amount) }

// Failed tells a refused issue.
func (r *CouponRecord) Failed() bool { return r.Result != 0 }

// Err is the refusal of a failed record.
func (r *CouponRecord) Err() error {
	if !r.Failed() {
		return nil
	}
	return errorOfKey(r.ErrKey)
}

// The sweep's conditions, written out: a partial index serves a query only when the query's WHERE
// repeats the index's own condition literally (SQLite does not look into bound parameters).
var (
	whereLive    = fmt.Sprintf("status IN (%d, %d)", CouponNotActivated, CouponUsable)
	wherePending = fmt.Sprintf("status = %d", CouponNotActivated)
)

// partialIndexes index only the rows that need it. Records: the failures (the records page's
// filter) and the records of issues (an issue's result page); the sweep writes a record per
// expired coupon, a million at a time, and keeps out of both. Coupons: the sweep finds the live
// ones by expiry and the not yet activated ones by effective time, and a coupon it expires leaves
// these indexes instead of moving within them. Another database's migrations must create them
// too (store/doc.go).
var partialIndexes = []string{
	"CREATE INDEX IF NOT EXISTS ix_crec_failed ON coupon_records (partner_id, created_at) WHERE result = -1",
	"CREATE INDEX IF NOT EXISTS ix_crec_batch ON coupon_records (batch_id) WHERE batch_id IS NOT NULL",
	"CREATE INDEX IF NOT EXISTS ix_coupon_live_expiry ON coupons (expire_at) WHERE " + whereLive,
	"CREATE INDEX IF NOT EXISTS ix_coupon_pending ON coupons (effective_at) WHERE " + wherePending,
}

// CouponBatch is one issue of coupons: a quota, a face value and up to 100 customers, each issued
// or refused. Its key makes a retried issue (a refresh, a double-click, an API retry) answer with
// the first result instead of issuing twice.
type CouponBatch struct {
	ID             uint64    `gorm:"primaryKey"`
	PartnerID      uint64    `gorm:"not null;index"`
	QuotaID        uint64    `gorm:"not null"`
	FaceValue      int64     `gorm:"not null"`
	Requested      int       `gorm:"not null"`
	Issued         int       `gorm:"not null"`
	IdempotencyKey *string   `gorm:"size:160;uniqueIndex"`
	RequestHash    string    `gorm:"size:64;not null;default:''"`
	ActorUserID    uint64    `gorm:"not null"`
	CreatedAt      time.Time `gorm:"not null"`
}

// CouponCount counts a partner's coupons by stored status, so that the issued coupons page can
// show its total without counting millions of rows. It changes with the coupons, in their
// transaction, and `partnerhub check` recounts it.
type CouponCount struct {
	PartnerID uint64 `gorm:"primaryKey;autoIncrement:false"`
	Status    int8   `gorm:"primaryKey;autoIncrement:false"`
	N         int64  `gorm:"not null"`
}

func bumpCouponCount(tx *gorm.DB, partnerID uint64, status int8, delta int64) error {
	res := tx.Model(&CouponCount{}).Where("partner_id = ? AND status = ?", partnerID, status).
		Update("n", gorm.Expr("n + ?", delta))
	if res.Error != nil || res.RowsAffected == 1 {
		return res.Error
	}
	return tx.Create(&CouponCount{PartnerID: partnerID, Status: status, N: delta}).Error
}

// mayIssueCoupons: a partner's admin or finance member manages its coupons and quotas.
func (a Actor) mayIssueCoupons() bool { return a.isPartner(RoleAdmin, RoleFinance) }

// MaxCustomersPerIssue is the most customers one issue reaches, as the API's customer_ids.
const MaxCustomersPerIssue = 100

// IssueInput is an issue of coupons. Customers are named by account id (the API's customer_id).
type IssueInput struct {
	QuotaID        uint64
	Customers      []string
	FaceValue      Money
	EffectiveAt    time.Time // zero: the quota's
	ExpireAt       time.Time // zero: the quota's
	ServiceTypes   []string  // none: the quota's limits
	Memo           string
	IdempotencyKey string
}

func (in IssueInput) hash() string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%d|%s|%s|%d|%d|%s|%s", in.QuotaID, strings.Join(in.Customers, ","),
		in.FaceValue.StringFixed(2), in.EffectiveAt.Unix(), in.ExpireAt.Unix(), strings.Join(in.ServiceTypes, ","), in.Memo)))
	return hex.EncodeToString(h[:])
}

// IssueResult is the outcome of an issue for one customer: its coupon, or why not.
type IssueResult struct {
	CustomerDID string
	Customer    *Customer
	Coupon      *Coupon
	Err         error
}

// Issue is the outcome of an issue of coupons.
type Issue struct {
	Batch   CouponBatch
	Quota   CouponQuota
	Results []IssueResult
}

// IssueCoupons (发放代金券, CreatePartnerCoupons) issues one coupon of the face value to each
// customer from a quota of the acting partner's (a master distributor may use its resellers'). A
// wrong quota, face value, validity or scope refuses the whole call and issues nothing; a customer
// that is not the quota owner's, is frozen, or that the balance no longer covers is refused alone,
// with the reason, and the quota falls by exactly what was issued.
func IssueCoupons(ctx context.Context, db *gorm.DB, a Actor, in IssueInput, now time.Time) (*Issue, error) {
	if !a.mayIssueCoupons() {
		return nil, ErrForbidden
	}
	face, scope, err := in.check()
	if err != nil {
		return nil, err
	}
	key := ""
	if in.IdempotencyKey != "" {
		key = idemScope(a) + in.IdempotencyKey
		if out, err := sameIssue(ctx, db, key, in.hash()); err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return out, err
		}
	}
	var out *Issue
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = issue(tx, a, in, face, scope, key, now)
		return err
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) && key != "" {
		return sameIssue(ctx, db, key, in.hash()) // a concurrent retry won
	}
	return out, err
}

// CheckIssue runs the checks that refuse a whole issue, without issuing anything: the
// confirmation page shows what IssueCoupons would refuse. It returns the quota.
func CheckIssue(ctx context.Context, db *gorm.DB, a Actor, in IssueInput, now time.Time) (*CouponQuota, error) {
	if !a.mayIssueCoupons() {
		return nil, ErrForbidden
	}
	face, scope, err := in.check()
	if err != nil {
		return nil, err
	}
	q, err := issuerQuota(db.WithContext(ctx), a, in.QuotaID, false)
	if err != nil {
		return nil, err
	}
	_, _, err = couponTerms(q, in, face, scope, now)
	return q, err
}

// issuerQuota loads a quota the actor may issue from: its partner's, or a master distributor's
// reseller's; locked for an issue.
func issuerQuota(tx *gorm.DB, a Actor, quotaID uint64, lock bool) (*CouponQuota, error) {
	where, args := "id = ? AND (partner_id = ? OR partner_id IN (SELECT id FROM partners WHERE distributor_id = ?))",
		[]any{quotaID, a.PartnerID, a.PartnerID}
	var q *CouponQuota
	var err error
	if lock {
		q, err = lockQuota(tx, where, args...)
	} else {
		q = &CouponQuota{}
		err = notFound(tx.Where(where, args...).First(q).Error)
	}
	if errors.Is(err, ErrNotFound) {
		return nil, ErrQuotaNotFound
	}
	return q, err
}

// check refuses an issue that cannot be made, and cleans its texts: the memo, and the customers
// as the caller named them, which a refused customer's record keeps.
func (in *IssueInput) check() (face int64, scope string, err error) {
	if in.Memo, err = memoText.Clean(in.Memo); err != nil {
		return
	}
	customers := make([]string, len(in.Customers))
	for i, c := range in.Customers {
		if customers[i], err = customerIDText.Clean(c); err != nil {
			return
		}
	}
	in.Customers = customers
	if err = checkTargets(in.Customers, MaxCustomersPerIssue); err != nil {
		return
	}
	if face, err = amountFen(in.FaceValue); err != nil {
		return
	}
	if len(in.IdempotencyKey) > 128 {
		err = ErrInvalidInput
		return
	}
	scope, err = parseServiceTypes(in.ServiceTypes)
	return
}

func issue(tx *gorm.DB, a Actor, in IssueInput, face int64, scope, key string, now time.Time) (*Issue, error) {
	q, err := issuerQuota(tx, a, in.QuotaID, true)
	if err != nil {
		return nil, err
	}
	eff, exp, err := couponTerms(q, in, face, scope, now)
	if err != nil {
		return nil, err
	}
	b := CouponBatch{PartnerID: q.PartnerID, QuotaID: q.ID, FaceValue: face, Requested: len(in.Customers),
		RequestHash: in.hash(), ActorUserID: a.UserID, CreatedAt: now.UTC()}
	if key != "" {
		b.IdempotencyKey = &key
	}
	if err := tx.Create(&b).Error; err != nil {
		return nil, err
	}
	out := &Issue{Quota: *q}
	left, status := q.Balance, CouponUsable
	if eff.After(now) {
		status = CouponNotActivated
	}
	var coupons []Coupon
	for _, did := range in.Customers {
		r := IssueResult{CustomerDID: did}
		r.Customer, r.Err = issuableCustomer(tx, q.PartnerID, did)
		if r.Err != nil && !isDomainError(r.Err) {
			return nil, r.Err
		}
		if r.Err == nil && left < face {
			r.Err = ErrQuotaInsufficient
		}
		if r.Err == nil {
			left -= face
			coupons = append(coupons, Coupon{PublicID: timeLedID(), PartnerID: q.PartnerID, QuotaID: q.ID, CustomerID: r.Customer.ID,
				BatchID: b.ID, Type: q.Type.CouponType(), FaceValue: face, Balance: face, Status: status, EffectiveAt: eff,
				ExpireAt: exp, ServiceTypes: scope, Memo: in.Memo, CreatedAt: now.UTC(), UpdatedAt: now.UTC()})
		}
		out.Results = append(out.Results, r)
	}
	if err := saveIssue(tx, a, q, &b, coupons, status, out.Results, now); err != nil {
		return nil, err
	}
	out.Batch, out.Quota = b, *q
	return out, nil
}

// couponTerms checks the face value, validity and scope against the quota; the validity defaults
// to the quota's and never goes beyond it.
func couponTerms(q *CouponQuota, in IssueInput, face int64, scope string, now time.Time) (eff, exp time.Time, err error) {
	if err = q.usableAt(now); err != nil {
		return
	}
	switch {
	case q.MinFace != 0 && face < q.MinFace:
		err = ErrFaceBelowMin
	case q.MaxFace != 0 && face > q.MaxFace:
		err = ErrFaceAboveMax
	case !withinLimit(scope, q.ServiceTypes):
		err = ErrServiceTypeBeyond
	}
	if err != nil {
		return
	}
	eff, exp = q.EffectiveAt, q.ExpireAt
	if !in.EffectiveAt.IsZero() {
		eff = in.EffectiveAt.UTC()
	}
	if !in.ExpireAt.IsZero() {
		exp = in.ExpireAt.UTC()
	}
	if eff.Before(q.EffectiveAt) || exp.After(q.ExpireAt) || !exp.After(eff) || !exp.After(now) {
		err = ErrInvalidValidity
	}
	return
}

// issuableCustomer finds a customer of the quota's owner by account id; anyone else's is not found.
func issuableCustomer(tx *gorm.DB, partnerID uint64, domainID string) (*Customer, error) {
	var c Customer
	if err := tx.Where("domain_id = ? AND partner_id = ?", domainID, partnerID).First(&c).Error; err != nil {
		return nil, notFound(err)
	}
	if c.Frozen != 0 {
		return &c, ErrCustomerFrozen
	}
	return &c, nil
}

// saveIssue writes the coupons, a record per customer, the quota's fall and the audit record.
func saveIssue(tx *gorm.DB, a Actor, q *CouponQuota, b *CouponBatch, coupons []Coupon, status int8, results []IssueResult, now time.Time) error {
	if len(coupons) > 0 {
		if err := tx.CreateInBatches(coupons, 100).Error; err != nil {
			return err
		}
	}
	records := make([]CouponRecord, 0, len(results))
	next, total := 0, int64(0)
	for i := range results {
		r := &results[i]
		rec := CouponRecord{PartnerID: q.PartnerID, OperationType: OpIssue, QuotaID: q.ID, QuotaType: q.Type, CustomerDID: r.CustomerDID,
			Amount: b.FaceValue, BatchID: &b.ID, ActorUserID: a.UserID, RequestID: a.requestID(), CreatedAt: now.UTC()}
		if r.Customer != nil {
			rec.CustomerID = &r.Customer.ID
		}
		if r.Err == nil {
			r.Coupon = &coupons[next]
			next++
			rec.CouponID, rec.Remark = &r.Coupon.ID, r.Coupon.Memo
			total += b.FaceValue
		} else {
			var e *Error
			errors.As(r.Err, &e)
			rec.Result, rec.ErrKey, rec.Remark = -1, e.Key, e.Message()
		}
		records = append(records, rec)
	}
	if err := tx.CreateInBatches(records, 100).Error; err != nil {
		return err
	}
	b.Issued = len(coupons)
	if err := tx.Model(b).Update("issued", b.Issued).Error; err != nil {
		return err
	}
	if total > 0 {
		if err := moveQuota(tx, a, q, -total, QuotaRecord{Kind: QuotaIssued, BatchID: &b.ID}, now); err != nil {
			return err
		}
		if err := bumpCouponCount(tx, q.PartnerID, status, int64(len(coupons))); err != nil {
			return err
		}
	}
	return audit(tx, a, q.PartnerID, "coupon.issue", "coupon_batch", b.ID, nil,
		map[string]any{"quota": q.PublicID, "face_value": Fen(b.FaceValue).StringFixed(2), "requested": b.Requested, "issued": b.Issued})
}

// sameIssue answers a retried issue with the first one's results, refusing a key reused for
// another issue.
func sameIssue(ctx context.Context, db *gorm.DB, key, hash string) (*Issue, error) {
	var b CouponBatch
	if err := db.WithContext(ctx).Where("idempotency_key = ?", key).First(&b).Error; err != nil {
		return nil, err
	}
	if b.RequestHash != hash {
		return nil, ErrIdempotencyConflict
	}
	return loadIssue(ctx, db, &b)
}

func loadIssue(ctx context.Context, db *gorm.DB, b *CouponBatch) (*Issue, error) {
	out := &Issue{Batch: *b}
	if err := db.WithContext(ctx).First(&out.Quota, b.QuotaID).Error; err != nil {
		return nil, err
	}
	var recs []CouponRecord
	if err := db.WithContext(ctx).Where("batch_id = ? AND operation_type = ?", b.ID, OpIssue).Order("id").Find(&recs).Error; err != nil {
		return nil, err
	}
	var ids []uint64
	for _, r := range recs {
		if r.CouponID != nil {
			ids = append(ids, *r.CouponID)
		}
	}
	var coupons []Coupon
	if len(ids) > 0 {
		if err := db.WithContext(ctx).Where("id IN ?", ids).Find(&coupons).Error; err != nil {
			return nil, err
		}
	}
	byID := map[uint64]*Coupon{}
	for i := range coupons {
		byID[coupons[i].ID] = &coupons[i]
	}
	custs, err := customersByID(ctx, db, recs)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		res := IssueResult{CustomerDID: r.CustomerDID, Err: r.Err()}
		if r.CustomerID != nil {
			res.Customer = custs[*r.CustomerID]
		}
		if r.CouponID != nil {
			res.Coupon = byID[*r.CouponID]
		}
		out.Results = append(out.Results, res)
	}
	return out, nil
}

func customersByID(ctx context.Context, db *gorm.DB, recs []CouponRecord) (map[uint64]*Customer, error) {
	var ids []uint64
	for _, r := range recs {
		if r.CustomerID != nil {
			ids = append(ids, *r.CustomerID)
		}
	}
	out := map[uint64]*Customer{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Customer
	if err := db.WithContext(ctx).Where("id IN ?", uniq(ids)).Find(&cs).Error; err != nil {
		return nil, err
	}
	for i := range cs {
		out[cs[i].ID] = &cs[i]
	}
	return out, nil
}

// GetIssue loads one of the acting partner's issues, for its result page.
func GetIssue(ctx context.Context, db *gorm.DB, a Actor, batchID uint64) (*Issue, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	var b CouponBatch
	if err := db.WithContext(ctx).Where("id = ? AND partner_id = ?", batchID, a.PartnerID).First(&b).Error; err != nil {
		return nil, notFound(err)
	}
	return loadIssue(ctx, db, &b)
}
