package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// bssError is an answer in the BSS error format: {"error_code":"CBC.xxxx","error_msg":"…"}.
type bssError struct {
	Status int    `json:"-"`
	Code   string `json:"error_code"`
	Msg    string `json:"error_msg"`
}

func (e *bssError) Error() string { return e.Code + ": " + e.Msg }

func errBadRequest(msg string) *bssError { return &bssError{http.StatusBadRequest, "CBC.0100", msg} }

func errUnauthorized(msg string) *bssError {
	return &bssError{http.StatusUnauthorized, "CBC.0154", msg}
}

var (
	errBodyTooLarge   = &bssError{http.StatusRequestEntityTooLarge, "CBC.0100", "the request body is larger than 1 MiB"}
	errDomainMismatch = &bssError{http.StatusForbidden, "CBC.0151", "X-Domain-Id is not the account of the access key's partner"}
	errRoleDenied     = &bssError{http.StatusForbidden, "CBC.0155", "the access key's member has no role that allows this operation"}
	errNotMaster      = &bssError{http.StatusForbidden, "CBC.0151", "only a master distributor may call this operation"}
	// the cloud's answer to a key of the wrong side (reference section 3: "C" operations refuse a
	// partner's AK/SK; the partners' operations are not a customer's)
	errCustomersOnly   = &bssError{http.StatusForbidden, "CBC.0151", "access denied: this operation takes the customer's own access key, not a partner's"}
	errPartnersOnly    = &bssError{http.StatusForbidden, "CBC.0151", "access denied: this operation takes a partner's access key, not a customer's"}
	errFlowControl     = &bssError{http.StatusTooManyRequests, "CBC.0250", "flow control: too many requests for this operation, retry later"}
	errIndirectPartner = &bssError{http.StatusForbidden, "CBC.99000037", "no permission on this cloud reseller"}
	errInternal        = &bssError{http.StatusInternalServerError, "CBC.0999", "internal error"}
)

// statusOfCode is the HTTP status the cloud answers a domain error's code with.
var statusOfCode = map[string]int{
	"CBC.0100": http.StatusBadRequest, "CBC.0151": http.StatusForbidden, "CBC.0154": http.StatusUnauthorized,
	"CBC.0155": http.StatusForbidden, "CBC.0250": http.StatusTooManyRequests, "CBC.99000000": http.StatusBadRequest,
	"CBC.99000035": http.StatusBadRequest, "CBC.99000037": http.StatusForbidden,
	"CBC.99000014": http.StatusBadRequest, "CBC.99005003": http.StatusBadRequest, // not consignment; insufficient balance
}

// fail writes err as a BSS error. Domain errors keep their code; anything unexpected is logged and
// answered CBC.0999 without its cause.
func (s *server) fail(c echo.Context, err error) error {
	var be *bssError
	var me *models.Error
	switch {
	case errors.As(err, &be):
	case errors.As(err, &me):
		be = &bssError{statusOfCode[me.Code], me.Code, errorText(me)}
		var fe *models.FieldError
		if errors.As(err, &fe) { // a field the models refused: the message names it
			be.Msg = fe.Message()
		}
		if be.Status == 0 {
			be.Status = http.StatusBadRequest
		}
	default:
		s.Log.Error("api call failed", "err", err, "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		be = errInternal
	}
	return c.JSON(be.Status, be)
}

// errorText is a domain error's message for integrators (English, as the SDK shows it).
func errorText(e *models.Error) string {
	msg := e.Error()
	const prefix = "models: "
	if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
		return msg[len(prefix):]
	}
	return msg
}

// WriteError answers a request the router could not route (unknown path or method under /v2 or
// /v3) in the BSS error format.
func WriteError(c echo.Context, status int) error {
	code := "CBC.0100"
	if status == http.StatusNotFound {
		code = "CBC.0101"
	}
	return c.JSON(status, &bssError{status, code, http.StatusText(status)})
}
