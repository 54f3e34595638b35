// Package api is the partner API: a JSON API that follows the Huawei Cloud BSS v2 partner
// operations API (paths, field names, JSON types, error format, AK/SK signing) closely enough for
// the official Go SDK to work against it unmodified. Handlers decode and check a request, call
// the same models functions as the console, and encode the BSS-shaped answer.
package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
	"gorm.io/gorm"

	"partnerhub/models"
)

// Deps is what the API needs, built in web/.
type Deps struct {
	DB     *gorm.DB
	Sealer *models.Sealer
	Log    *slog.Logger
	Rate   float64 // requests per second per access key and operation
	Now    func() time.Time
	Files  models.FileStore // tickets' attachments
}

// Limits of a request.
const (
	maxBody = 1 << 20 // bytes
	// X-Sdk-Date may be up to maxPast before the server clock (the cloud's window for a request
	// in flight and clocks apart) and up to maxFuture after it: a date far ahead would keep a
	// signed request valid, and replayable, for long after it was made.
	maxPast   = 15 * time.Minute
	maxFuture = 5 * time.Minute
	// replayKeep is how long after its date a signature is remembered (guardReplay): as long as
	// it is accepted, and a minute more for the clocks of several servers on one database.
	replayKeep = maxPast + time.Minute
)

// Register adds every operation of the Operations table to e, behind the signature check.
func Register(e *echo.Echo, d Deps) {
	s := &server{Deps: d, limiters: map[string]*rate.Limiter{}}
	for _, op := range Operations {
		e.Add(op.Method, op.Path, s.handle(op))
	}
	e.GET("/openapi.json", serveOpenAPI)
}

type server struct {
	Deps
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

// handle runs the checks every call passes, in order, before the operation: body size, signature,
// domain, role, flow control, replay. A refused call is answered in the BSS error format and never
// reaches the operation.
func (s *server) handle(op Operation) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := s.serve(c, op)
		if err != nil {
			err = s.fail(c, err)
		}
		s.logCall(c, op)
		return err
	}
}

func (s *server) serve(c echo.Context, op Operation) error {
	limit := maxBody
	if op.MaxBody > 0 {
		limit = op.MaxBody
	}
	body, err := readBody(c, limit)
	if err != nil {
		return err
	}
	sc, err := s.authenticate(c, body)
	if err != nil {
		return err
	}
	caller := sc.caller
	if err := s.admit(caller, op); err != nil {
		return err
	}
	c.Set(callerKey, caller)
	if err := s.guardReplay(c, op, sc); err != nil {
		return err
	}
	if err := models.TouchAccessKey(ctxOf(c), s.DB, &caller.Key, s.now()); err != nil {
		return err
	}
	if op.Query || op.Method == http.MethodGet {
		// a query writes none of the directory (partner, names) it reads: one check of the
		// directory's generation for the whole call
		c.SetRequest(c.Request().WithContext(models.WithDirectorySnapshot(c.Request().Context())))
	}
	return op.run(s, c, body)
}

// logCall logs every call with its request id, operation and access key.
func (s *server) logCall(c echo.Context, op Operation) {
	attrs := []any{"op", op.Name, "status", c.Response().Status, "request_id", c.Response().Header().Get(echo.HeaderXRequestID)}
	if cl := caller(c); cl != nil {
		attrs = append(attrs, "ak", cl.Key.AccessKeyID, "domain", cl.DomainID())
	}
	s.Log.Info("api call", attrs...)
}

const callerKey = "api.caller"

func readBody(c echo.Context, limit int) ([]byte, error) {
	r := c.Request()
	if r.ContentLength > int64(limit) {
		return nil, errBodyTooLarge
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, errBadRequest("the request body could not be read")
	}
	if len(b) > limit {
		return nil, errBodyTooLarge
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// admit checks whose key may call the operation, the caller's role, and its flow control.
func (s *server) admit(caller *models.APICaller, op Operation) error {
	switch {
	case caller.IsCustomer() && !op.Callers.customers():
		return errPartnersOnly
	case caller.IsCustomer(): // a customer's key acts as its customer: no roles, no partner kind
	case !op.Callers.partners():
		return errCustomersOnly
	case !caller.User.Roles.Has(op.Roles...):
		return errRoleDenied
	case caller.Partner.Kind != models.MasterDistributor && op.MasterOnly:
		return errNotMaster
	}
	if !s.limiter(caller.Key.AccessKeyID + " " + op.Name).Allow() {
		return errFlowControl
	}
	return nil
}

// limiter is the token bucket of one access key and operation, like the cloud's per-API flow
// control. Buckets are kept for the life of the process: there are at most two keys per member.
func (s *server) limiter(key string) *rate.Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.limiters[key]
	if !ok {
		l = rate.NewLimiter(rate.Limit(s.Rate), max(1, int(s.Rate)))
		s.limiters[key] = l
	}
	return l
}

func (s *server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now().UTC()
}

func caller(c echo.Context) *models.APICaller {
	v, _ := c.Get(callerKey).(*models.APICaller)
	return v
}

func actor(c echo.Context) models.Actor {
	a := caller(c).Actor(c.Response().Header().Get(echo.HeaderXRequestID))
	a.Address = c.RealIP()
	return a
}

func ctxOf(c echo.Context) context.Context { return c.Request().Context() }
