package api

import (
	"errors"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// authenticate verifies a request signed with SDK-HMAC-SHA256 (see signer.go) and returns who
// signed it. Every failure is a 401 CBC.0154 that says which check failed, except a domain that
// is not the key owner's, which is a 403.
func (s *server) authenticate(c echo.Context, body []byte) (*models.APICaller, error) {
	r := c.Request()
	auth, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, errUnauthorized("the Authorization header is missing or malformed: " + err.Error())
	}
	// freshness is judged by the wall clock, whatever business clock the server runs on
	if _, err := parseSdkDate(r.Header.Get("X-Sdk-Date"), time.Now(), clockSkew); err != nil {
		return nil, errUnauthorized("X-Sdk-Date is missing, malformed or more than 15 minutes from the server clock")
	}
	caller, err := models.LookupAccessKey(ctxOf(c), s.DB, s.Sealer, auth.AccessKey)
	if errors.Is(err, models.ErrNotFound) {
		return nil, errUnauthorized("the access key does not exist or is disabled")
	}
	if err != nil {
		return nil, err
	}
	if !verifySignature(r, body, caller.Secret, auth) {
		return nil, errUnauthorized("the signature does not match the request")
	}
	if d := r.Header.Get("X-Domain-Id"); d != "" && d != caller.Partner.DomainID {
		return nil, errDomainMismatch
	}
	return caller, nil
}
