// Package handlers is the console's HTTP layer: the Echo server, its middleware, the route table and
// one file of handlers per console area. Handlers parse and check input, call one models function,
// and render a view or redirect; the rules live in models.
package handlers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"gorm.io/gorm"

	"partnerhub/handlers/api"
	"partnerhub/models"
	"partnerhub/static"
	"partnerhub/store"
)

// Deps is what the handlers need, built in web/.
type Deps struct {
	DB            *gorm.DB
	Sessions      *sessions.CookieStore
	Log           *slog.Logger
	SecureCookies bool
	DemoUsers     bool             // demo sign-ins exist: the sign-in page lists them
	BaseURL       string           // the console's public URL, for links sent out (invitations)
	Sealer        *models.Sealer   // opens access-key secrets
	APIRate       float64          // partner API requests per second per key and operation
	Now           func() time.Time // the clock; tests move it
	Delivery      []string         // the invitation channels (models.Channel*) with a sender configured
	Files         models.FileStore // where tickets' attachments are kept, under the data folder
	GatewayKey    []byte           // the secret shared with the payment gateway: signs top-up requests, verifies its notices
}

// csp allows nothing inline and nothing from elsewhere: scripts and styles come from /static only.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"

// Server is the console and the partner API, each an Echo of its own with its own error handler:
// the API's paths go to the API, which answers in the BSS JSON format, everything else to the
// console, whose middleware (sessions, CSRF) and error pages never see an API call.
type Server struct {
	Console *echo.Echo
	API     *echo.Echo
}

// New builds the whole server: middleware and every route.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = func() time.Time { return time.Now().UTC() }
	}
	return &Server{Console: newConsole(d), API: newAPI(d)}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isAPIPath(r.URL.Path) || r.URL.Path == "/openapi.json" {
		s.API.ServeHTTP(w, r)
		return
	}
	s.Console.ServeHTTP(w, r)
}

// Routes lists every route, the console's then the API's.
func (s *Server) Routes() []*echo.Route { return append(s.Console.Routes(), s.API.Routes()...) }

// isAPIPath tells whether a path is one of the partner API's operations (/openapi.json describes them).
func isAPIPath(p string) bool { return strings.HasPrefix(p, "/v2/") || strings.HasPrefix(p, "/v3/") }

func newConsole(d Deps) *echo.Echo {
	e := newEcho(d, errorHandler(d))
	e.GET("/healthz", healthz(d.DB))
	e.StaticFS("/static", static.FS)
	routes(e, d)
	return e
}

func newAPI(d Deps) *echo.Echo {
	e := newEcho(d, apiErrorHandler(d))
	api.Register(e, api.Deps{DB: d.DB, Sealer: d.Sealer, Log: d.Log, Rate: d.APIRate, Now: d.Now, Files: d.Files})
	// An unknown path, and a known path with another method, is a BSS-style 404 (not a 405).
	e.RouteNotFound("/*", func(echo.Context) error { return echo.ErrNotFound })
	return e
}

// newEcho is an Echo with the middleware both the console and the API run.
func newEcho(d Deps, onError echo.HTTPErrorHandler) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = onError
	// The client address (sign-in throttling, logs) is the TCP peer: X-Forwarded-For is not trusted,
	// or anyone could pick a fresh address for each guess.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Use(requestIDs)
	e.Use(requestLogger(d.Log))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		d.Log.Error("panic", "err", err, "request_id", requestID(c), "stack", string(stack))
		return err
	}}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY",
		ContentSecurityPolicy: csp, ReferrerPolicy: "same-origin",
		HSTSMaxAge: hstsAge(d.SecureCookies),
	}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "1M", Skipper: ownBodyLimit}))
	// Only reads are compressed: a write is answered by a redirect or a few hundred bytes of JSON,
	// and readying a gzip writer for it (done before the answer's length is known) cost an
	// allocation through the API a tenth of its server time.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024,
		Skipper: func(c echo.Context) bool { return c.Request().Method != http.MethodGet }}))
	return e
}

func hstsAge(secure bool) int {
	if secure {
		return 31536000
	}
	return 0
}

// requestLogger logs every request as one slog line with its request id.
func requestLogger(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURIPath: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogError: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []slog.Attr{slog.String("method", v.Method), slog.String("path", v.URIPath), slog.Int("status", v.Status),
				slog.Float64("latency_ms", float64(v.Latency.Microseconds())/1000), slog.String("request_id", v.RequestID)}
			if v.Error != nil {
				attrs = append(attrs, slog.String("err", v.Error.Error()))
			}
			log.LogAttrs(c.Request().Context(), levelOf(v.Status), "request", attrs...)
			return nil
		},
	})
}

func levelOf(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// healthz answers whether the database answers. It reads (store.Ping): an Exec would queue at
// the write gate behind every waiting writer and fail the check under write load.
func healthz(db *gorm.DB) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := store.Ping(ctx, db); err != nil {
			return c.String(http.StatusServiceUnavailable, "database unavailable")
		}
		return c.String(http.StatusOK, "ok")
	}
}

// render renders a component into a buffer first, so a failing render is a clean 500, not half
// a page.
func render(c echo.Context, status int, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func requestID(c echo.Context) string { return c.Response().Header().Get(echo.HeaderXRequestID) }

// requestIDs gives every request its id before anything logs, answers or records it: the
// client's X-Request-Id if it is one (models.ValidRequestID: at most 64 of [A-Za-z0-9._-]), else a
// new random one. The client's header is replaced too, since the request logger reads it first.
func requestIDs(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		rid := req.Header.Get(echo.HeaderXRequestID)
		if !models.ValidRequestID(rid) {
			rid = newRequestID()
		}
		req.Header.Set(echo.HeaderXRequestID, rid)
		c.Response().Header().Set(echo.HeaderXRequestID, rid)
		return next(c)
	}
}

// newRequestID is 128 random bits in hex.
func newRequestID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
