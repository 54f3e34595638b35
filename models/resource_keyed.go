package models

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"

	"gorm.io/gorm"
)

// Idempotency keys of renewals and unsubscribes (the API's X-Idempotency-Key). A batch is done
// resource by resource, each in its own money transaction, so the key is kept per resource: the
// call's key and the resource's place in the request, with the order made for it as the answer,
// written in the transaction that made the order. A retry asks for the same request (its hash) and
// gets the same order back for each resource done, moving nothing again; a resource refused the
// first time is tried again. The money line runs one transaction at a time, so the second of two
// concurrent first attempts finds the first's answer in its own transaction.

// lifeKey is the stored key of the resource at place i of a keyed call: at most 22 + 128 + 3
// characters, within KeyedCall's 160.
func lifeKey(a Actor, key string, i int) string {
	return idemScope(a) + key + "#" + strconv.Itoa(i)
}

// keyedLife is one resource's part of a keyed renewal or unsubscribe: without a key it is just do.
type keyedLife struct {
	a    Actor
	key  string // the caller's key, "" for none
	hash string // the request's
	ids  []string
}

func (k keyedLife) stored(tx *gorm.DB, id string) (*Order, error) {
	var kc KeyedCall
	if err := tx.Where("idempotency_key = ?", lifeKey(k.a, k.key, slices.Index(k.ids, id))).First(&kc).Error; err != nil {
		return nil, err
	}
	if kc.RequestHash != k.hash {
		return nil, ErrIdempotencyConflict
	}
	var orderID uint64
	if err := json.Unmarshal(kc.Answer, &orderID); err != nil {
		return nil, err
	}
	var o Order
	return &o, tx.First(&o, orderID).Error
}

// answered is the order a keyed call already made for the resource, or nil when none has.
func (k keyedLife) answered(tx *gorm.DB, id string) (*Order, error) {
	if k.key == "" {
		return nil, nil
	}
	o, err := k.stored(tx, id)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return o, err
}

// record keeps the order made for the resource under the call's key, in the transaction that made it.
func (k keyedLife) record(tx *gorm.DB, id string, o *Order) error {
	if k.key == "" {
		return nil
	}
	answer, _ := json.Marshal(o.ID)
	return tx.Create(&KeyedCall{IdempotencyKey: lifeKey(k.a, k.key, slices.Index(k.ids, id)), RequestHash: k.hash,
		Answer: answer, CreatedAt: o.CreatedAt}).Error
}

// checkKey refuses a key longer than the API allows.
func checkKey(key string) error {
	if len(key) > 128 {
		return &FieldError{Field: "X-Idempotency-Key", Err: ErrInvalidInput}
	}
	return nil
}
