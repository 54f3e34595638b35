package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// The rules of an operator's quota grant, each refusal named by its field, all at once: a form
// says everything wrong in one answer instead of one error per try.

// Refusals of a grant's face-value limits and of its partner.
var (
	ErrMinFaceAboveMax    = newError("CBC.0100", "err.min_face_above_max", "the minimum face value is above the maximum")
	ErrMaxFaceAboveAmount = newError("CBC.0100", "err.max_face_above_amount", "the maximum face value is above the quota's amount")
	ErrQuotaHolder        = newError("CBC.0100", "err.quota_holder", "only solution providers and master distributors may hold a quota")
)

// check applies every rule that needs no database, and returns the amounts in fen and the service
// types as stored. Its error is FieldErrors, one per refused field.
func (in *GrantInput) check(now time.Time) (fen, minFace, maxFace int64, types string, err error) {
	var errs FieldErrors
	add := func(field string, e error) {
		if e != nil {
			errs = append(errs, asFieldError(field, e))
		}
	}
	fen, e := amountFen(in.Amount)
	add("amount", e)
	in.Remark, e = remarkText.Clean(in.Remark)
	add("remark", e)
	if in.Type != VoucherQuota && in.Type != CashCouponQuota {
		add("type", ErrInvalidInput)
	}
	if !in.ExpireAt.After(in.EffectiveAt) || !in.ExpireAt.After(now) {
		add("validity", ErrInvalidValidity)
	}
	minFace, e = optionalFen(in.MinFace)
	add("min_face", e)
	maxFace, e = optionalFen(in.MaxFace)
	add("max_face", e)
	// a coupon's face value is at most the quota's amount: a larger maximum could never be issued
	if maxFace != 0 && minFace > maxFace {
		add("min_face", ErrMinFaceAboveMax)
	}
	if fen > 0 && maxFace > fen {
		add("max_face", ErrMaxFaceAboveAmount)
	}
	types, e = parseServiceTypes(in.ServiceTypes)
	add("services", e)
	if len(errs) > 0 {
		err = errs
	}
	return
}

// asFieldError names the field of a refusal (a text rule's error already names its own).
func asFieldError(field string, e error) *FieldError {
	var fe *FieldError
	if errors.As(e, &fe) {
		return fe
	}
	var me *Error
	if !errors.As(e, &me) {
		me = ErrInvalidInput
	}
	return &FieldError{Field: field, Err: me}
}

// orNil is the refusals as an error, nil when there are none (a nil FieldErrors in an error
// interface is not nil).
func (fe FieldErrors) orNil() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// mayHoldQuota: coupon quotas are for the tier-1 partners of a program, solution providers and
// master distributors. A reseller gets its quotas from its master distributor, and a network
// member in no program sells nothing to issue coupons for.
func mayHoldQuota(p *Partner) error {
	if !p.MayHoldQuota() {
		return ErrQuotaHolder
	}
	return nil
}

// MayHoldQuota tells whether the operator may grant the partner a quota (the grant form lists
// only those).
func (p *Partner) MayHoldQuota() bool { return p.Kind != Reseller && p.Program() != "" }

// CheckGrant applies every rule of GrantQuota without granting, for a form to show each field's
// refusal at once, the partner's included. GrantQuota checks them all again when it grants.
func CheckGrant(ctx context.Context, db *gorm.DB, a Actor, in GrantInput, now time.Time) error {
	if a.Kind != OperatorUser {
		return ErrForbidden
	}
	var errs FieldErrors
	if _, _, _, _, err := in.check(now); err != nil {
		errs = append(errs, err.(FieldErrors)...)
	}
	p, err := GetPartner(ctx, db.WithContext(ctx), in.PartnerID)
	switch {
	case errors.Is(err, ErrNotFound):
		errs = append(errs, &FieldError{Field: "partner", Err: ErrNotFound})
	case err != nil:
		return err
	default:
		if e := mayHoldQuota(p); e != nil {
			errs = append(errs, &FieldError{Field: "partner", Err: ErrQuotaHolder})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
