package handlers

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// SimGateway is a simulated payment gateway inside PartnerHub, marked as such on its page: it
// shows the merchant's signed request (amount, reference), and its Pay and Cancel buttons do what
// a real gateway's server does — sign a notice with the shared secret and post it to the
// merchant's callback — then send the customer back to the merchant's return page. It reads
// nothing of PartnerHub's but the request it is given, so a real gateway replaces this file (and
// gatewayPayURL) without touching the callback. It is open to signed-in customer users only: its
// Pay credits money no one paid, and a customer can only reach it with a request for its own
// pending top-up.
type SimGateway struct{ *base }

// Show is the checkout page of a signed request (400 for a request that does not verify).
func (h *SimGateway) Show(c echo.Context) error {
	req, err := h.request(c, c.QueryParams())
	if err != nil {
		return err
	}
	vm := views.SimGatewayVM{Req: req, Expired: h.expired(req)}
	return render(c, http.StatusOK, views.SimGatewayPage(h.page(c, "gateway.title", ""), vm))
}

// Pay and Cancel answer the request with a paid or closed notice.
func (h *SimGateway) Pay(c echo.Context) error    { return h.answer(c, models.NoticePaid) }
func (h *SimGateway) Cancel(c echo.Context) error { return h.answer(c, models.NoticeClosed) }

func (h *SimGateway) answer(c echo.Context, status models.NoticeStatus) error {
	if err := c.Request().ParseForm(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, views.T(langOf(c), "gateway.invalid"))
	}
	req, err := h.request(c, c.Request().PostForm)
	if err != nil {
		return err
	}
	if status == models.NoticePaid && h.expired(req) {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, views.T(langOf(c), "gateway.expired"))
	}
	n := models.TopupNotice{Reference: req.Reference, TradeNo: "SIM" + newToken(), Amount: req.Amount, Status: status}
	n.SignWith(h.GatewayKey)
	if code := notify(c, n); code != http.StatusOK {
		return echo.NewHTTPError(http.StatusBadGateway, views.T(langOf(c), "gateway.refused"))
	}
	return c.Redirect(http.StatusSeeOther, returnURL(req.Reference))
}

// request reads and verifies the merchant's signed request.
func (h *SimGateway) request(c echo.Context, form map[string][]string) (models.TopupRequest, error) {
	req, err := models.ParseTopupRequest(form)
	if err != nil || !req.Verify(h.GatewayKey) {
		return req, echo.NewHTTPError(http.StatusBadRequest, views.T(langOf(c), "gateway.invalid"))
	}
	return req, nil
}

func (h *SimGateway) expired(req models.TopupRequest) bool {
	return !h.Now().Before(time.Unix(req.ExpiresAt, 0))
}

// notify posts the notice to the merchant's callback as a gateway's server does: a request of
// its own through the whole console (middleware and router), with no cookie and no CSRF token,
// and answers its status. It runs in process, so the simulation needs no address to reach itself.
func notify(c echo.Context, n models.TopupNotice) int {
	ctx := context.WithoutCancel(c.Request().Context()) // the customer leaving does not stop the gateway
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, pathGatewayCallback, strings.NewReader(n.Values().Encode()))
	if err != nil {
		return http.StatusInternalServerError
	}
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
	req.RemoteAddr = "127.0.0.1:0"
	w := &statusWriter{header: http.Header{}}
	c.Echo().ServeHTTP(w, req)
	return w.status
}

// statusWriter keeps a response's status and drops its body: all the gateway reads of the answer.
type statusWriter struct {
	header http.Header
	status int
}

func (w *statusWriter) Header() http.Header { return w.header }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
