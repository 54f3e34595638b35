package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"partnerhub/models"
)

// ticketRoutes are one area's ticket routes; each area's middleware says who enters it, and the
// models say what each user may do with each ticket.
func ticketRoutes(g *echo.Group, h *Tickets) {
	upload := middleware.BodyLimit(bodyLimitOf(maxTicketBody))
	g.GET("", h.Index)
	g.GET("/:id", h.Show)
	g.GET("/:id/files/:file", h.Download)
	g.POST("/:id/messages", h.Message, upload)
	if h.area.CanCreate {
		creators := []echo.MiddlewareFunc{upload}
		if h.area.Partner { // a viewer reads its partner's tickets and opens none
			creators = append(creators, requireUser(models.PartnerUser, models.RoleAdmin, models.RoleSales))
		}
		g.GET("/new", h.NewForm, creators[1:]...)
		g.POST("", h.Create, creators...)
	}
	if h.area.Desk {
		g.POST("/:id/accept", h.Act("accept", simple(h, models.AcceptTicket)))
		return
	}
	g.POST("/:id/urge", h.Act("urge", simple(h, models.UrgeTicket)))
	g.POST("/:id/cancel", h.Act("cancel", simple(h, models.CancelTicket)))
	g.POST("/:id/confirm", h.Act("confirm", simple(h, models.ConfirmTicket)))
	g.POST("/:id/reopen", h.Act("reopen", simple(h, models.ReopenTicket)))
	g.POST("/:id/close", h.Act("close", simple(h, models.CloseTicket)))
	g.POST("/:id/rate", h.Act("rate", h.Rate))
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
