package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Idempotency keys for the operations whose effect is not one row that can carry the key itself,
// as a transfer does (ledger.go) and an issue of coupons does (its batch, coupon.go): giving and
// taking back child quotas, reclaiming a coupon. The mechanism is the ledger's — the key belongs to
// the acting partner (idemScope), a retry must ask for what the first call asked (the request's
// hash) or is refused with ErrIdempotencyConflict, and a unique index stops two concurrent first
// attempts — with the answer stored beside the key, in the operation's own transaction: a call is
// done and answered under its key, or not at all.

// KeyedCall is the answer of an operation called with an idempotency key. Rows are only inserted.
type KeyedCall struct {
	ID             uint64    `gorm:"primaryKey"`
	IdempotencyKey string    `gorm:"size:160;not null;uniqueIndex"` // the acting partner's scope + the caller's key (≤128)
	RequestHash    string    `gorm:"size:64;not null"`              // the operation and what it asked
	Answer         []byte    `gorm:"not null"`                      // the result, as JSON
	CreatedAt      time.Time `gorm:"not null"`
}

// requestHash is the hash of an operation's name and arguments, which a retry must match.
func requestHash(op string, args ...any) string {
	b, err := json.Marshal(append([]any{op}, args...))
	if err != nil {
		panic(err) // the arguments are ids, strings and amounts
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// keyedCall runs op in a transaction. With a key, a call this actor's partner already made with it
// answers what it answered then, without running op; a key used for another request is refused.
// Only a call that succeeded is stored: a refused one may be retried under the same key.
func keyedCall[T any](ctx context.Context, db *gorm.DB, a Actor, key, hash string, now time.Time, op func(tx *gorm.DB) (T, error)) (T, error) {
	var out T
	if len(key) > 128 {
		return out, ErrInvalidInput
	}
	if key != "" {
		key = idemScope(a) + key
		if stored, err := keyedAnswer[T](ctx, db, key, hash); !errors.Is(err, gorm.ErrRecordNotFound) {
			return stored, err
		}
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if out, err = op(tx); err != nil || key == "" {
			return err
		}
		answer, err := json.Marshal(out)
		if err != nil {
			return err
		}
		return tx.Create(&KeyedCall{IdempotencyKey: key, RequestHash: hash, Answer: answer, CreatedAt: now.UTC()}).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) && key != "" {
		// a concurrent first attempt won (and has committed): answer as it did
		if stored, err2 := keyedAnswer[T](ctx, db, key, hash); !errors.Is(err2, gorm.ErrRecordNotFound) {
			return stored, err2
		}
	}
	return out, err
}

// keyedAnswer is the answer stored under key, refused if it was given to another request.
func keyedAnswer[T any](ctx context.Context, db *gorm.DB, key, hash string) (T, error) {
	var out T
	var k KeyedCall
	if err := db.WithContext(ctx).Where("idempotency_key = ?", key).First(&k).Error; err != nil {
		return out, err
	}
	if k.RequestHash != hash {
		return out, ErrIdempotencyConflict
	}
	return out, json.Unmarshal(k.Answer, &out)
}

// storedErr is a refusal of one item of a batch as a stored answer keeps it: its key, from which
// errorOfKey gives the sentinel back.
type storedErr string

func storeErr(err error) storedErr {
	var e *Error
	if errors.As(err, &e) {
		return storedErr(e.Key)
	}
	return ""
}

func (s storedErr) err() error {
	if s == "" {
		return nil
	}
	return errorOfKey(string(s))
}

// A GiveResult and a ReclaimResult are stored with their refusal's key.

type giveResultJSON struct {
	ResellerID uint64
	Child      *CouponQuota `json:",omitempty"`
	Err        storedErr    `json:",omitempty"`
}

func (r GiveResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(giveResultJSON{r.ResellerID, r.Child, storeErr(r.Err)})
}

func (r *GiveResult) UnmarshalJSON(b []byte) error {
	var s giveResultJSON
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*r = GiveResult{ResellerID: s.ResellerID, Child: s.Child, Err: s.Err.err()}
	return nil
}

type reclaimResultJSON struct {
	QuotaID uint64
	Quota   *CouponQuota `json:",omitempty"`
	Amount  int64        // fen
	Err     storedErr    `json:",omitempty"`
}

func (r ReclaimResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(reclaimResultJSON{r.QuotaID, r.Quota, r.Amount.Shift(2).IntPart(), storeErr(r.Err)})
}

func (r *ReclaimResult) UnmarshalJSON(b []byte) error {
	var s reclaimResultJSON
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*r = ReclaimResult{QuotaID: s.QuotaID, Quota: s.Quota, Amount: Fen(s.Amount), Err: s.Err.err()}
	return nil
}
