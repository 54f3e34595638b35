package models

import "errors"

// Error is a domain error: a sentinel with the BSS error code the partner API answers with and a
// translation key the console shows. Compare with errors.Is.
type Error struct {
	Code string // BSS error code, e.g. "CBC.99000035"
	Key  string // message key in the views catalog
	msg  string
}

func (e *Error) Error() string { return "models: " + e.msg }

func newError(code, key, msg string) *Error {
	e := &Error{Code: code, Key: key, msg: msg}
	errorsByKey[key] = e
	return e
}

// errorsByKey finds a sentinel by its key, for refusals stored with their record (a coupon that
// could not be issued) and answered again on a retry.
var errorsByKey = map[string]*Error{}

// errorOfKey is the sentinel stored under key.
func errorOfKey(key string) error {
	if e, ok := errorsByKey[key]; ok {
		return e
	}
	return ErrInvalidInput
}

// Message is the error's text in English, as the API's error_msg and records' remarks show it.
func (e *Error) Message() string { return e.msg }

// Sentinel errors. Another partner's object is reported as ErrNotFound, never as "forbidden", so
// that ids cannot be probed across tenants.
var (
	ErrNotFound            = newError("CBC.99000035", "err.not_found", "not found")
	ErrForbidden           = newError("CBC.0151", "err.forbidden", "access denied")
	ErrInvalidInput        = newError("CBC.0100", "err.invalid", "invalid input")
	ErrBadCredentials      = newError("CBC.0154", "err.bad_credentials", "wrong user name or password")
	ErrThrottled           = newError("CBC.0250", "err.throttled", "too many failed sign-ins")
	ErrNoExpandPermission  = newError("CBC.0151", "err.no_expand_permission", "no customer-expansion permission")
	ErrInvitationExpired   = newError("CBC.0100", "err.invitation_expired", "invitation expired")
	ErrInvitationUsed      = newError("CBC.0100", "err.invitation_used", "invitation already used")
	ErrOwnBalance          = newError("CBC.99000040", "err.own_balance", "the customer holds a balance of its own: a consignment partner could reclaim it")
	ErrTopupWaiting        = newError("CBC.99000040", "err.topup_waiting", "a top-up of the customer is waiting for the gateway: once paid it is money of its own, which a consignment partner could reclaim")
	ErrAssociatedElsewhere = newError("CBC.99000000", "err.associated_elsewhere", "customer is associated with another partner")
	ErrAlreadyAssociated   = newError("CBC.0100", "err.already_associated", "customer is already associated with this partner")
	ErrEnterpriseInactive  = newError("CBC.0100", "err.enterprise_inactive", "enterprise is not in business")
	ErrInvitationMismatch  = newError("CBC.0100", "err.invitation_mismatch", "invitation was sent to another enterprise")
	ErrSearchTooShort      = newError("CBC.0100", "err.search_too_short", "search text too short")
	ErrTooManyKeys         = newError("CBC.0100", "err.too_many_keys", "at most 2 enabled access keys per member")
	ErrNotYourReseller     = newError("CBC.99000037", "err.not_your_reseller", "no permission on this cloud reseller")
	ErrAccountNameTaken    = newError("CBC.0100", "err.account_name_taken", "the account name is already in use")
	ErrXAccountTaken       = newError("CBC.0100", "err.xaccount_taken", "this xaccount_type and xaccount_id already have an account")
	ErrInsufficientBalance = newError("CBC.99005003", "err.insufficient_balance", "insufficient balance")
	ErrInvalidAmount       = newError("CBC.0100", "err.invalid_amount", "the amount must be positive with at most 2 decimal places")
	ErrNotConsignment      = newError("CBC.99000014", "err.not_consignment", "allocation and reclaim apply to consignment customers only")
	ErrCustomerFrozen      = newError("CBC.0100", "err.customer_frozen", "the customer's account is frozen")
	ErrAlreadyReversed     = newError("CBC.0100", "err.already_reversed", "this deposit has already been reversed")
	ErrIdempotencyConflict = newError("CBC.0100", "err.idempotency_conflict", "the idempotency key was already used for a different request")
	ErrKeyAlreadyCreated   = newError("CBC.0100", "err.key_already_created", "this form already created a key")
	ErrDuplicate           = newError("CBC.0100", "err.duplicate", "already exists")

	ErrQuotaNotFound        = newError("CBC.99000012", "err.quota_not_found", "the coupon quota does not exist")
	ErrQuotaUnusable        = newError("CBC.99000012", "err.quota_unusable", "the coupon quota is frozen, invalid or being adjusted")
	ErrQuotaNotEffective    = newError("CBC.99000017", "err.quota_not_effective", "the coupon quota is not yet effective or has expired")
	ErrQuotaInsufficient    = newError("CBC.99000013", "err.quota_insufficient", "the coupon quota's balance is insufficient")
	ErrFaceBelowMin         = newError("CBC.99000018", "err.face_below_min", "the face value is below the quota's minimum")
	ErrFaceAboveMax         = newError("CBC.99000019", "err.face_above_max", "the face value is above the quota's maximum")
	ErrTooManyCustomers     = newError("CBC.99000020", "err.too_many_customers", "at most 100 customers at a time")
	ErrServiceTypeBeyond    = newError("CBC.99000023", "err.service_type_beyond", "the service types go beyond the quota's limits")
	ErrInvalidServiceType   = newError("CBC.0100", "err.invalid_service_type", "unknown or repeated service type, or more than 10")
	ErrInvalidValidity      = newError("CBC.0100", "err.invalid_validity", "the validity must end after it starts, after now, and within the quota's")
	ErrNoCustomers          = newError("CBC.0100", "err.no_customers", "choose at least one customer")
	ErrDuplicateCustomers   = newError("CBC.0100", "err.duplicate_customers", "a customer is listed more than once")
	ErrCouponNotReclaimable = newError("CBC.0100", "err.coupon_not_reclaimable", "the coupon is already used, expired or reclaimed")
	ErrCouponLocked         = newError("CBC.0100", "err.coupon_locked", "the coupon is held by an order pending payment")
	ErrNotChildQuota        = newError("CBC.0100", "err.not_child_quota", "not a quota this master distributor gave to a reseller")
	ErrQuotaEmpty           = newError("CBC.0100", "err.quota_empty", "the quota has no balance to reclaim")
	ErrQuotaState           = newError("CBC.0100", "err.quota_state", "the quota cannot change to that status")
)

// CodeOf returns the BSS error code of err, or CBC.0999 for an unexpected error.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return "CBC.0999"
}
