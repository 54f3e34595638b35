package handlers

import (
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"partnerhub/models"
)

// ticketRoutes are the work orders' routes in their three areas. Each area's rule says who enters
// it, and the models say what each user may do with each ticket.
func ticketRoutes(b *base) []route {
	customer, support, desk := newTickets(b)
	// a viewer reads its partner's tickets and opens none
	return slices.Concat(ticketArea(customer, customerUsers, customerUsers),
		ticketArea(support, salesOnly, partnerRoles(models.RoleAdmin, models.RoleSales)),
		ticketArea(desk, operators, operators))
}

// ticketArea is one area's ticket routes: who reads them, and who opens a ticket there.
func ticketArea(h *Tickets, who, creators permit) []route {
	upload := middleware.BodyLimit(bodyLimitOf(maxTicketBody))
	p := h.area.Prefix
	rs := []route{
		get(p, h.Index, who),
		get(p+"/:id", h.Show, who),
		get(p+"/:id/files/:file", h.Download, who),
		post(p+"/:id/messages", upload(h.Message), who),
	}
	if h.area.CanCreate {
		rs = append(rs, get(p+"/new", h.NewForm, creators), post(p, upload(h.Create), creators))
	}
	if h.area.Desk {
		return append(rs, post(p+"/:id/accept", h.Act("accept", simple(h, models.AcceptTicket)), who))
	}
	return append(rs,
		post(p+"/:id/urge", h.Act("urge", simple(h, models.UrgeTicket)), who),
		post(p+"/:id/cancel", h.Act("cancel", simple(h, models.CancelTicket)), who),
		post(p+"/:id/cancel/confirm", h.ConfirmCancel, who),
		post(p+"/:id/confirm", h.Act("confirm", simple(h, models.ConfirmTicket)), who),
		post(p+"/:id/reopen", h.Act("reopen", simple(h, models.ReopenTicket)), who),
		post(p+"/:id/close", h.Act("close", simple(h, models.CloseTicket)), who),
		post(p+"/:id/rate", h.Act("rate", h.Rate), who))
}

// ticketUpload: the forms that carry files have their own, larger body limit, and the API's
// upload its own (api.Operation.MaxBody).
func ticketUpload(c echo.Context) bool {
	p := c.Request().URL.Path
	if p == "/v2/servicerequest/accessorys/json-format-content" {
		return true
	}
	if c.Request().Method != "POST" || !(strings.HasPrefix(p, "/customer/tickets") || strings.HasPrefix(p, "/support/tickets") || strings.HasPrefix(p, "/ops/tickets")) {
		return false
	}
	return p == "/customer/tickets" || p == "/support/tickets" || strings.HasSuffix(p, "/messages")
}

// bodyLimitOf writes a byte count as Echo's body limit reads it.
func bodyLimitOf(n int) string { return itoa(n/1024) + "K" }
