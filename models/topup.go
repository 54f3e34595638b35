package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Customer top-up (充值, issue 14): a customer that pays its own way — an advisory (顾问销售)
// customer, or any customer not bound to a partner — puts money into its consumption account
// through a payment gateway. CreateTopup records a pending top-up and the portal sends the
// customer to the gateway with a signed request (topup_gateway.go); the gateway answers with a
// signed notice, and ConfirmTopup, the only thing that credits a top-up, checks it and moves the
// money from world into the customer's account (kind topup), once however often the notice comes.

// TopupStatus is a top-up's state. Expired is never stored: it is a pending top-up past its
// window, as StatusAt shows it (a gateway that took the money late is still heard: see ConfirmTopup).
type TopupStatus int8

const (
	TopupPending TopupStatus = 1 // 待支付: sent to the gateway, no answer yet
	TopupPaid    TopupStatus = 2 // 已到账: the gateway's paid notice credited it
	TopupFailed  TopupStatus = 3 // 已关闭: the gateway closed it (cancelled or refused)
	TopupExpired TopupStatus = 4 // 已过期: pending past its window (shown, not stored)
)

// KindTopup is the ledger's transfer of a paid top-up: world → the customer's account.
const KindTopup TransferKind = "topup"

// Limits of a top-up. One yuan is the smallest payment worth a gateway's fee; a million is far
// above what a customer puts in at once and keeps a mistyped amount from becoming a large debt
// of the world account.
var (
	MinTopup = Fen(100)
	MaxTopup = Fen(100_000_000)
)

const (
	// TopupWindow is how long the gateway may take the payment: the request it gets says so.
	TopupWindow = 2 * time.Hour
	// MaxPendingTopups bounds the top-ups a customer has waiting at once, so that a script
	// cannot fill the table with requests never paid.
	MaxPendingTopups = 10
)

var (
	ErrTopupAmount      = newError("CBC.0100", "err.topup_amount", "a top-up is between 1.00 and 1,000,000.00 yuan, with at most 2 decimal places")
	ErrTopupConsignment = newError("CBC.99000014", "err.topup_consignment", "a consignment customer is funded by its partner and cannot top up")
	ErrTooManyTopups    = newError("CBC.0100", "err.too_many_topups", "too many top-ups are waiting for payment: pay or let them expire first")
	ErrBadSignature     = newError("CBC.0100", "err.bad_signature", "the payment notice's signature is not valid")
	ErrTopupMismatch    = newError("CBC.0100", "err.topup_mismatch", "the payment notice's amount does not match the top-up")
	ErrTopupState       = newError("CBC.0100", "err.topup_state", "the top-up is already closed or paid by another payment")
)

// Topup is one top-up of a customer's account. Reference is the merchant's number the gateway
// is given (out_trade_no); TradeNo the gateway's own once it answered. Amount is in fen.
type Topup struct {
	ID             uint64      `gorm:"primaryKey"`
	Reference      string      `gorm:"size:32;not null;uniqueIndex"`
	CustomerID     uint64      `gorm:"not null;index:ix_topup_customer,priority:1"`
	Amount         int64       `gorm:"not null"`
	Status         TopupStatus `gorm:"not null"`
	TradeNo        *string     `gorm:"size:64;uniqueIndex"`
	TransferID     *uint64     `gorm:"uniqueIndex"`
	CreatedBy      uint64      `gorm:"not null"`
	IdempotencyKey *string     `gorm:"size:160;uniqueIndex"` // the creator's scope + the form's key
	CreatedAt      time.Time   `gorm:"not null;index:ix_topup_customer,priority:2"`
	ExpiresAt      time.Time   `gorm:"not null"`
	PaidAt         *time.Time
	ClosedAt       *time.Time
}

// AmountMoney is the top-up's amount as Money.
func (t *Topup) AmountMoney() Money { return Fen(t.Amount) }

// StatusAt is the top-up's state as it stands at now: a pending one past its window is expired.
func (t *Topup) StatusAt(now time.Time) TopupStatus {
	if t.Status == TopupPending && !now.Before(t.ExpiresAt) {
		return TopupExpired
	}
	return t.Status
}

// ParseTopupAmount reads a top-up amount as the portal's form gives it (ParseMoney's notation:
// "500", "1,000.50", "¥20") and checks it is within the limits: ErrInvalidInput when it is not a
// number of yuan, ErrTopupAmount when it is out of range or finer than a fen.
func ParseTopupAmount(s string) (Money, error) {
	m, err := ParseMoney(s)
	if err != nil {
		return Money{}, ErrInvalidInput
	}
	return m, checkTopupAmount(m)
}

func checkTopupAmount(m Money) error {
	if !m.Equal(m.Round(2)) || m.LessThan(MinTopup.Decimal) || m.GreaterThan(MaxTopup.Decimal) {
		return &FieldError{Field: "amount", Err: ErrTopupAmount}
	}
	return nil
}

// TopupInput is a top-up to create. IdempotencyKey is the form's one-time key: a second post of
// the same form answers the first top-up.
type TopupInput struct {
	Amount         Money
	IdempotencyKey string
}

// CreateTopup records a pending top-up of the acting customer user's account. Only a customer's
// own users top it up; a consignment customer still bound to its partner is refused (the partner
// funds it), and so is a frozen account.
func CreateTopup(ctx context.Context, db *gorm.DB, a Actor, in TopupInput, now time.Time) (*Topup, error) {
	now = now.UTC()
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	if len(in.IdempotencyKey) > 128 {
		return nil, ErrInvalidInput
	}
	if err := checkTopupAmount(in.Amount); err != nil {
		return nil, err
	}
	fen := in.Amount.Shift(2).IntPart()
	var key *string
	if in.IdempotencyKey != "" {
		key = ptrTo(idemScope(a) + in.IdempotencyKey)
		if t, err := sameTopup(ctx, db, *key, fen); err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return t, err
		}
	}
	t := &Topup{Reference: newTopupReference(now), CustomerID: a.CustomerID, Amount: fen, Status: TopupPending,
		CreatedBy: a.UserID, IdempotencyKey: key, CreatedAt: now, ExpiresAt: now.Add(TopupWindow)}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := mayTopUp(tx, a.CustomerID, now); err != nil {
			return err
		}
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return audit(tx, a, 0, "topup.create", "topup", t.ID, nil, topupAudit(t))
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) && key != nil {
		return sameTopup(ctx, db, *key, fen) // a concurrent second post of the form won
	}
	return t, err
}

func ptrTo[T any](v T) *T { return &v }

// mayTopUp refuses a customer that may not top up, or that has too many top-ups waiting. It
// runs in the writing transaction (on SQLite writers are serialised; elsewhere the customer's row
// lock orders two creations), so the count cannot be passed by two at once.
func mayTopUp(tx *gorm.DB, customerID uint64, now time.Time) error {
	if err := store.LockRows(tx, "customers", "id = ?", customerID); err != nil {
		return err
	}
	var c Customer
	if err := tx.First(&c, customerID).Error; err != nil {
		return notFound(err)
	}
	if err := topUpRule(&c); err != nil {
		return err
	}
	var n int64
	err := tx.Model(&Topup{}).Where("customer_id = ? AND status = ? AND expires_at > ?", customerID, TopupPending, now).Count(&n).Error
	if err == nil && n >= MaxPendingTopups {
		return ErrTooManyTopups
	}
	return err
}

// topUpRule is who may top up: not a consignment customer still bound, nor a frozen account.
func topUpRule(c *Customer) error {
	switch {
	case c.AssociationID != nil && c.Mode == Consignment:
		return ErrTopupConsignment
	case c.Frozen != 0:
		return ErrCustomerFrozen
	}
	return nil
}

// CheckTopUp tells the acting customer user, before it tries, why its account could not be
// topped up (CreateTopup's rules of the customer), or nil.
func CheckTopUp(ctx context.Context, db *gorm.DB, a Actor) error {
	c, err := CustomerForUser(ctx, db, a)
	if err != nil {
		return err
	}
	return topUpRule(c)
}

// sameTopup is the top-up created under key, refused if the key was used for another amount.
func sameTopup(ctx context.Context, db *gorm.DB, key string, fen int64) (*Topup, error) {
	var t Topup
	if err := db.WithContext(ctx).Where("idempotency_key = ?", key).First(&t).Error; err != nil {
		return nil, err
	}
	if t.Amount != fen {
		return nil, ErrIdempotencyConflict
	}
	return &t, nil
}

// newTopupReference is a merchant reference: TU, the day, 16 random hex digits.
func newTopupReference(now time.Time) string {
	return "TU" + now.In(BusinessZone).Format("060102") + randomHex(8)
}

// topupAudit is what the audit log keeps of a top-up.
func topupAudit(t *Topup) map[string]any {
	out := map[string]any{"reference": t.Reference, "customer_id": t.CustomerID, "amount": Fen(t.Amount).StringFixed(2),
		"status": int8(t.Status)}
	if t.TradeNo != nil {
		out["trade_no"] = *t.TradeNo
	}
	if t.TransferID != nil {
		out["transfer_id"] = *t.TransferID
	}
	return out
}

// TopupResult is what a gateway's notice did: the top-up as it stands, and whether this notice
// credited it (false for a replay of a notice already heard).
type TopupResult struct {
	Topup    *Topup
	Credited bool
}

// ConfirmTopup hears a gateway's notice about a top-up: the only way a top-up credits an account.
// The notice's signature must verify under the gateway's secret, and its reference and amount
// match a top-up. A paid notice turns a pending top-up paid and moves its amount from world into
// the customer's account (kind topup), in one transaction; a closed notice closes it. The same
// notice again (a gateway retries until it is answered) changes nothing and answers as the first
// did; notices racing each other are serialised by the money line and credit once, and the
// transfer's idempotency key (one per reference) would refuse a second credit even so.
//
// A paid notice for a pending top-up past its window still credits: the gateway has taken the
// customer's money, and keeping it would be worse than a late top-up. a is the gateway's actor
// (no user), carrying the callback's request id and address for the audit log.
func ConfirmTopup(ctx context.Context, db *gorm.DB, a Actor, secret []byte, n TopupNotice, now time.Time) (*TopupResult, error) {
	if !n.Verify(secret) {
		return nil, ErrBadSignature
	}
	var res *TopupResult
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		var err error
		res, err = confirmInTx(tx, a, n, now.UTC())
		return err
	})
	return res, err
}

func confirmInTx(tx *gorm.DB, a Actor, n TopupNotice, now time.Time) (*TopupResult, error) {
	var t Topup
	if err := tx.Where("reference = ?", n.Reference).First(&t).Error; err != nil {
		return nil, notFound(err)
	}
	if t.Amount != n.Amount {
		return nil, ErrTopupMismatch
	}
	if replay, err := heardBefore(&t, n); replay || err != nil {
		return &TopupResult{Topup: &t}, err
	}
	before := topupAudit(&t)
	if n.Status == NoticeClosed {
		return &TopupResult{Topup: &t}, settleTopup(tx, a, &t, before, map[string]any{"status": TopupFailed, "trade_no": n.TradeNo, "closed_at": now})
	}
	tr, err := creditTopup(tx, a, &t, now)
	if err != nil {
		return nil, err
	}
	if _, err := settleArrears(tx, a, t.CustomerID, now); err != nil { // the top-up pays the arrears first
		return nil, err
	}
	err = settleTopup(tx, a, &t, before, map[string]any{"status": TopupPaid, "trade_no": n.TradeNo, "paid_at": tr.CreatedAt, "transfer_id": tr.ID})
	return &TopupResult{Topup: &t, Credited: err == nil}, err
}

// heardBefore tells whether the notice repeats what the top-up already heard (a replay), and
// refuses one that contradicts it: another payment of a paid top-up, a payment of a closed one.
func heardBefore(t *Topup, n TopupNotice) (bool, error) {
	if t.Status == TopupPending {
		return false, nil
	}
	want := TopupPaid
	if n.Status == NoticeClosed {
		want = TopupFailed
	}
	if t.Status == want && t.TradeNo != nil && *t.TradeNo == n.TradeNo {
		return true, nil
	}
	return false, ErrTopupState
}

// creditTopup moves the top-up's amount from world into the customer's account. No partner on
// the transfer: it is the customer's own money, not one of a partner's adjust records.
func creditTopup(tx *gorm.DB, a Actor, t *Topup, now time.Time) (*Transfer, error) {
	world, ca, err := accounts(tx, ownerOf(WorldAccount, 0, 0), ownerOf(CustomerAccount, 0, t.CustomerID))
	if err != nil {
		return nil, err
	}
	return postTransfer(tx, a, transferSpec{From: world, To: ca, Amount: Fen(t.Amount), Kind: KindTopup,
		CustomerID: t.CustomerID, Memo: "topup " + t.Reference, Idem: "topup/" + t.Reference}, now)
}

// settleTopup moves a pending top-up to its answer, conditionally (it must still be pending),
// and audits it.
func settleTopup(tx *gorm.DB, a Actor, t *Topup, before map[string]any, updates map[string]any) error {
	res := tx.Model(&Topup{}).Where("id = ? AND status = ?", t.ID, TopupPending).Updates(updates)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrTopupState
	}
	if err := tx.First(t, t.ID).Error; err != nil {
		return err
	}
	action := "topup.paid"
	if t.Status == TopupFailed {
		action = "topup.close"
	}
	return audit(tx, a, 0, action, "topup", t.ID, before, topupAudit(t))
}

// ListTopups lists the acting customer user's top-ups, newest first (at most limit, 1–100).
func ListTopups(ctx context.Context, db *gorm.DB, a Actor, limit int) ([]Topup, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	limit = min(max(limit, 1), 100)
	var out []Topup
	err := db.WithContext(ctx).Where("customer_id = ?", a.CustomerID).Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	return out, err
}

// GetTopup loads one of the acting customer user's top-ups by its reference; another
// customer's is not found.
func GetTopup(ctx context.Context, db *gorm.DB, a Actor, reference string) (*Topup, error) {
	if a.Kind != CustomerUser || a.CustomerID == 0 {
		return nil, ErrForbidden
	}
	if !validReference(reference) {
		return nil, ErrNotFound
	}
	var t Topup
	err := db.WithContext(ctx).Where("reference = ? AND customer_id = ?", reference, a.CustomerID).First(&t).Error
	return &t, notFound(err)
}

// TopupRequestFor is the signed request that sends the acting customer's pending top-up to the
// gateway; a top-up no longer pending, or past its window, has none.
func TopupRequestFor(ctx context.Context, db *gorm.DB, a Actor, secret []byte, reference string, now time.Time) (*TopupRequest, error) {
	t, err := GetTopup(ctx, db, a, reference)
	if err != nil {
		return nil, err
	}
	if t.StatusAt(now) != TopupPending {
		return nil, ErrTopupState
	}
	r := &TopupRequest{Reference: t.Reference, Amount: t.Amount, ExpiresAt: t.ExpiresAt.Unix()}
	r.Sign(secret)
	return r, nil
}
