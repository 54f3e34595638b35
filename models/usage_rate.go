package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"partnerhub/store"
)

// Rating and posting usage, a batch per transaction: each usage record of the batch is priced
// (usage_price.go) and paid — by the customer's coupons in scope first (those expiring first
// first), then from its balance, and what the balance cannot cover is debt: the customer's
// arrears — and becomes a fee record of bill type 5, its monthly sums added to. The cash of a
// customer's records of the batch is one ledger transfer (customer → cloud revenue, kind usage),
// so the ledger moves what the fee records say, in the same transaction, and a batch is durable
// when it commits. A customer whose arrears stand and whose balance has money again (a refund, an
// allocation made before) pays its arrears first.

// Usage record states: waiting to be rated, rated (its fee record written), or not priceable
// (no on-demand price for its product at its hour: kept, and not billed).
const (
	UsagePending  int8 = 0
	UsageRated    int8 = 1
	UsageNoPrice  int8 = 2
	usageRateSize      = 10000
)

// RateOptions are a rating run's settings.
type RateOptions struct {
	Batch int           // usage records a transaction (0: 10,000)
	Grace time.Duration // how long arrears wait before freezing (0: DefaultArrearsGrace)
}

// RateResult counts what rating did.
type RateResult struct {
	Rated, Unpriced          int
	Cash, Coupon, Debt, Fees int64 // fen
}

// ratingActor is who rates usage in the audit log: the system.
var ratingActor = Actor{Kind: OperatorUser, RequestID: "rating"}

// errUsageRaced is a batch another rater took meanwhile: it is rolled back and the queue read again.
var errUsageRaced = errors.New("models: usage records rated meanwhile")

// RateUsage rates the waiting usage records, a batch per transaction, until none wait. The next
// batch is read and priced while the one before is posted (reads need no write lock), which keeps
// both cores busy: it is the first waiting records after the posted batch's last id, since ids only
// grow. A record written meanwhile with a lower id (by a transaction that began before) is found
// by a last read from the start.
func RateUsage(ctx context.Context, db *gorm.DB, opt RateOptions, now time.Time) (RateResult, error) {
	if opt.Batch <= 0 {
		opt.Batch = usageRateSize
	}
	if opt.Grace <= 0 {
		opt.Grace = DefaultArrearsGrace
	}
	var out RateResult
	var after uint64
	cur := readUsage(ctx, db, 0, opt.Batch)
	for ctx.Err() == nil {
		if cur.err != nil {
			return out, cur.err
		}
		if len(cur.rows) == 0 {
			if after == 0 {
				return out, nil
			}
			after, cur = 0, readUsage(ctx, db, 0, opt.Batch)
			continue
		}
		after = cur.rows[len(cur.rows)-1].ID
		next := make(chan ratingBatch, 1)
		go func() { next <- readUsage(ctx, db, after, opt.Batch) }()
		err := postBatch(ctx, db, cur, opt, now, &out)
		cur = <-next
		if errors.Is(err, errUsageRaced) { // another rater took some: read the queue again
			after, cur = 0, readUsage(ctx, db, 0, opt.Batch)
			continue
		}
		if err != nil {
			return out, err
		}
	}
	return out, ctx.Err()
}

// ratingBatch is a batch of waiting records read and priced, ready to post.
type ratingBatch struct {
	rows   []usageRow
	prices []usagePrice
	err    error
}

// readUsage reads and prices the first batch of waiting records after the id after.
func readUsage(ctx context.Context, db *gorm.DB, after uint64, size int) ratingBatch {
	rows, err := waitingUsage(ctx, db, after, size)
	if err != nil || len(rows) == 0 {
		return ratingBatch{err: err}
	}
	prices, err := priceUsage(ctx, db, rows)
	return ratingBatch{rows: rows, prices: prices, err: err}
}

// waitingUsage scans the records into plain structs, column by column: GORM's reflection took a
// third of a batch's reading.
func waitingUsage(ctx context.Context, db *gorm.DB, after uint64, size int) ([]usageRow, error) {
	rs, err := db.WithContext(ctx).Raw(`SELECT u.id, u.resource_id, u.customer_id, u.hour, u.factor, u.value, u.measure_id,
		r.public_id, r.service_type, r.resource_type, r.spec, r.region, r.size
		FROM usage_records u JOIN resources r ON r.id = u.resource_id WHERE u.state = 0 AND u.id > ? ORDER BY u.id LIMIT ?`,
		after, size).Rows()
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	rows := make([]usageRow, 0, size)
	for rs.Next() {
		var r usageRow
		err := rs.Scan(&r.ID, &r.ResourceID, &r.CustomerID, &r.Hour, &r.Factor, &r.Value, &r.MeasureID,
			&r.PublicID, &r.ServiceType, &r.ResourceType, &r.Spec, &r.Region, &r.Size)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

// postBatch pays and bills a priced batch in a transaction of its own (store.InOwnMoneyTx: a
// batch is large enough to be one) and adds what it did to out.
func postBatch(ctx context.Context, db *gorm.DB, b ratingBatch, opt RateOptions, now time.Time, out *RateResult) error {
	var res RateResult
	err := store.InOwnMoneyTx(ctx, db, func(tx *gorm.DB) error {
		res = RateResult{}
		return postUsage(tx, b.rows, b.prices, opt, now.UTC(), &res)
	})
	if err == nil {
		out.Rated, out.Unpriced = out.Rated+res.Rated, out.Unpriced+res.Unpriced
		out.Cash, out.Coupon, out.Debt, out.Fees = out.Cash+res.Cash, out.Coupon+res.Coupon, out.Debt+res.Debt, out.Fees+res.Fees
	}
	return err
}

// payer is a customer of a batch: its partner, account, coupons and what the batch took of them.
type payer struct {
	c       Customer
	account *Account
	balance int64 // what is left of it for this batch
	coupons []Coupon
	spent   map[uint64]int64 // coupon id → taken by this batch
	arrears *Arrears
	sum     RateResult
	records int
}

// postUsage pays and bills a priced batch in tx.
func postUsage(tx *gorm.DB, rows []usageRow, prices []usagePrice, opt RateOptions, now time.Time, res *RateResult) error {
	if err := markRated(tx, rows, prices); err != nil {
		return err
	}
	payers, order, err := loadPayers(tx, rows, now)
	if err != nil {
		return err
	}
	records := make([]FeeRecord, 0, len(rows))
	for i := range rows {
		if !prices[i].ok {
			res.Unpriced++
			continue
		}
		f := payUsage(payers[rows[i].CustomerID], &rows[i], prices[i], now)
		records = append(records, f)
		res.Rated++
		res.Cash, res.Coupon, res.Debt, res.Fees = res.Cash+f.Cash, res.Coupon+f.Coupon, res.Debt+f.Debt, res.Fees+f.Official-f.Discount
	}
	if err := settle(tx, payers, order, opt, now); err != nil {
		return err
	}
	if len(records) > 0 {
		if err := insertFeeRecords(tx, records); err != nil {
			return err
		}
		if err := addMonthlySums(tx, records, now); err != nil {
			return err
		}
	}
	audits := make([]AuditRecord, 0, len(order))
	for _, id := range order {
		p := payers[id]
		if p.records > 0 {
			audits = append(audits, auditRecord(ratingActor, deref(p.c.PartnerID), "usage.rate", "customer", id, nil, map[string]any{
				"records": p.records, "amount": Fen(p.sum.Fees).StringFixed(2), "coupon": Fen(p.sum.Coupon).StringFixed(2),
				"cash": Fen(p.sum.Cash).StringFixed(2), "debt": Fen(p.sum.Debt).StringFixed(2)}))
		}
	}
	return insertAuditRecords(tx, audits)
}

// feeColumns are what a rated hour's fee record sets (the rest keep their defaults).
var feeColumns = []string{"customer_id", "partner_id", "top_partner_id", "bill_cycle", "trade_time", "bill_type", "service_type",
	"resource_type", "resource_id", "region", "charge_mode", "official", "discount", "cash", "coupon", "debt", "created_at", "usage_id"}

// insertFeeRecords writes a batch's fee records in multi-row statements (the bulk path of the
// store: ten thousand records through GORM's reflection cost more than all the rest of a batch).
func insertFeeRecords(tx *gorm.DB, fs []FeeRecord) error {
	return store.BulkInsert(tx, "fee_records", feeColumns, len(fs), func(i int) []any {
		f := &fs[i]
		return []any{f.CustomerID, f.PartnerID, f.TopPartnerID, f.BillCycle, f.TradeTime, f.BillType, f.ServiceType, f.ResourceType,
			f.ResourceID, f.Region, f.ChargeMode, f.Official, f.Discount, f.Cash, f.Coupon, f.Debt, f.CreatedAt, *f.UsageID}
	})
}

// markRated takes the batch's records off the queue, refusing the batch if any was taken by
// another rater meanwhile. The batch is the first waiting records in id order, and ids only grow,
// so the records still waiting between its first id and its last are exactly the batch: the
// unpriced ones are marked by id, and then the rest as one range.
func markRated(tx *gorm.DB, rows []usageRow, prices []usagePrice) error {
	var unpriced []uint64
	for i := range rows {
		if !prices[i].ok {
			unpriced = append(unpriced, rows[i].ID)
		}
	}
	for start := 0; start < len(unpriced); start += 900 {
		chunk := unpriced[start:min(start+900, len(unpriced))]
		res := tx.Model(&UsageRecord{}).Where("id IN ? AND state = ?", chunk, UsagePending).Update("state", UsageNoPrice)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != int64(len(chunk)) {
			return errUsageRaced
		}
	}
	res := tx.Model(&UsageRecord{}).Where("state = 0 AND id BETWEEN ? AND ?", rows[0].ID, rows[len(rows)-1].ID).Update("state", UsageRated)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != int64(len(rows)-len(unpriced)) {
		return errUsageRaced
	}
	return nil
}

// loadPayers reads, in the transaction, the batch's customers with their accounts, live coupons
// and arrears, in the order of their first record.
func loadPayers(tx *gorm.DB, rows []usageRow, now time.Time) (map[uint64]*payer, []uint64, error) {
	payers := map[uint64]*payer{}
	var order []uint64
	for i := range rows {
		if payers[rows[i].CustomerID] == nil {
			payers[rows[i].CustomerID] = &payer{spent: map[uint64]int64{}}
			order = append(order, rows[i].CustomerID)
		}
	}
	for start := 0; start < len(order); start += 900 {
		ids := order[start:min(start+900, len(order))]
		if err := loadPayerChunk(tx, ids, payers, now); err != nil {
			return nil, nil, err
		}
	}
	return payers, order, nil
}

func loadPayerChunk(tx *gorm.DB, ids []uint64, payers map[uint64]*payer, now time.Time) error {
	var cs []Customer
	if err := tx.Select("id, partner_id, top_partner_id").Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return err
	}
	for _, c := range cs {
		payers[c.ID].c = c
	}
	var accts []Account
	if err := tx.Where("kind = ? AND partner_id IS NULL AND customer_id IN ?", CustomerAccount, ids).Find(&accts).Error; err != nil {
		return err
	}
	for i := range accts {
		p := payers[*accts[i].CustomerID]
		p.account, p.balance = &accts[i], accts[i].Balance
	}
	if err := store.LockRows(tx, "coupons", "customer_id IN ? AND status IN ? AND balance > 0", ids, liveStatuses); err != nil {
		return err
	}
	var coupons []Coupon
	err := tx.Where("customer_id IN ? AND status IN ? AND balance > 0 AND lock_order_id = ''", ids, liveStatuses).
		Order("expire_at, id").Find(&coupons).Error
	if err != nil {
		return err
	}
	for _, c := range coupons {
		if c.StatusAt(now) == CouponUsable {
			payers[c.CustomerID].coupons = append(payers[c.CustomerID].coupons, c)
		}
	}
	if err := store.LockRows(tx, "arrears", "customer_id IN ?", ids); err != nil {
		return err
	}
	var ars []Arrears
	if err := tx.Where("customer_id IN ? AND amount > 0", ids).Find(&ars).Error; err != nil {
		return err
	}
	for i := range ars {
		payers[ars[i].CustomerID].arrears = &ars[i]
	}
	return nil
}

// payUsage pays one record: coupons in scope, then the balance, then debt. The customer's arrears
// are paid first (settlePayer) only after the batch, from what its balance keeps: a record is
// never left in debt while the balance holds money, so the balance's money goes to the oldest debt
// only when the batch leaves some.
func payUsage(p *payer, r *usageRow, price usagePrice, now time.Time) FeeRecord {
	owed := price.official - price.discount
	f := FeeRecord{CustomerID: r.CustomerID, PartnerID: deref(p.c.PartnerID), TopPartnerID: deref(p.c.TopPartnerID),
		BillCycle: BillCycleOf(r.Hour), TradeTime: r.Hour.UTC(), BillType: BillUsage, ServiceType: r.ServiceType,
		ResourceType: r.ResourceType, ResourceID: r.PublicID, Region: r.Region, ChargeMode: ChargeOnDemand,
		Official: price.official, Discount: price.discount, CreatedAt: now, UsageID: ptrTo(r.ID)}
	for i := range p.coupons {
		if owed == 0 {
			break
		}
		c := &p.coupons[i]
		if scope := c.ServiceTypeList(); len(scope) > 0 && !contains(scope, r.ServiceType) {
			continue
		}
		take := min(owed, c.Balance-p.spent[c.ID])
		p.spent[c.ID] += take
		f.Coupon += take
		owed -= take
	}
	f.Cash = min(owed, p.balance)
	p.balance -= f.Cash
	f.Debt = owed - f.Cash
	p.records++
	p.sum.Cash, p.sum.Coupon, p.sum.Debt, p.sum.Fees = p.sum.Cash+f.Cash, p.sum.Coupon+f.Coupon, p.sum.Debt+f.Debt, p.sum.Fees+f.Official-f.Discount
	return f
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// settle moves a batch: the coupons its customers spent, each one's cash to revenue (a transfer
// each, posted together), its debt to its arrears, and then (the batch's cash paid) its balance
// left to its older arrears.
func settle(tx *gorm.DB, payers map[uint64]*payer, order []uint64, opt RateOptions, now time.Time) error {
	var cash []transferSpec
	for _, id := range order {
		p := payers[id]
		if err := spendUsageCoupons(tx, p, now); err != nil {
			return err
		}
		if p.sum.Cash > 0 {
			cash = append(cash, transferSpec{From: p.account, Amount: Fen(p.sum.Cash), Kind: KindUsage, CustomerID: p.c.ID, Memo: MemoUsage})
		}
	}
	if len(cash) > 0 {
		rev, err := account(tx, RevenueAccount, 0, 0)
		if err != nil {
			return err
		}
		if _, err := postTransfersTo(tx, ratingActor, rev, cash, now); err != nil {
			if errors.Is(err, errAccountsMoved) {
				return errUsageRaced
			}
			return err
		}
	}
	for _, id := range order {
		p := payers[id]
		if p.arrears != nil && p.balance > 0 {
			if _, err := writeOff(tx, ratingActor, p.arrears, p.account, p.balance, now); err != nil {
				return err
			}
		}
		if p.sum.Debt > 0 {
			if err := addArrears(tx, p.c.ID, p.sum.Debt, opt.Grace, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// MemoUsage and MemoWriteoff are the memo codes of usage's transfers (views.MemoText shows them).
const (
	MemoUsage    = "usage"
	MemoWriteoff = "usage write-off"
)

// spendUsageCoupons takes what the batch used of each coupon: conditionally (it must still hold
// it), and a coupon spent to nothing is used.
func spendUsageCoupons(tx *gorm.DB, p *payer, now time.Time) error {
	for i := range p.coupons {
		c := &p.coupons[i]
		x := p.spent[c.ID]
		if x == 0 {
			continue
		}
		status := c.Status
		if c.Balance == x {
			status = CouponUsed
		}
		res := tx.Model(&Coupon{}).Where("id = ? AND balance >= ?", c.ID, x).Updates(map[string]any{
			"balance": gorm.Expr("balance - ?", x), "used": gorm.Expr("used + ?", x), "status": status, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errUsageRaced
		}
		if status != c.Status {
			if err := bumpCouponCount(tx, c.PartnerID, c.Status, -1); err != nil {
				return err
			}
			if err := bumpCouponCount(tx, c.PartnerID, status, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// addArrears adds debt to a customer's arrears; one that was not in arrears starts its grace
// period now.
func addArrears(tx *gorm.DB, customerID uint64, debt int64, grace time.Duration, now time.Time) error {
	due := now.Add(grace)
	return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "customer_id"}}, DoUpdates: clause.Set{
		{Column: clause.Column{Name: "amount"}, Value: gorm.Expr("arrears.amount + excluded.amount")},
		{Column: clause.Column{Name: "since"}, Value: gorm.Expr("COALESCE(arrears.since, excluded.since)")},
		{Column: clause.Column{Name: "due_at"}, Value: gorm.Expr("COALESCE(arrears.due_at, excluded.due_at)")},
		{Column: clause.Column{Name: "updated_at"}, Value: gorm.Expr("excluded.updated_at")},
	}}).Create(&Arrears{CustomerID: customerID, Amount: debt, Since: &now, DueAt: &due, UpdatedAt: now}).Error
}
