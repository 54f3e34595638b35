package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Tickets are the work orders' pages in three areas: the customer portal, the partner's support
// area and the operator's desk. The same handlers serve each; the area sets the links, the menu
// and the form.
type Tickets struct {
	*base
	area views.TicketArea
	menu string
}

func newTickets(b *base) (customer, support, desk *Tickets) {
	return &Tickets{b, views.TicketArea{Prefix: "/customer/tickets", CanCreate: true}, "nav.tickets"},
		&Tickets{b, views.TicketArea{Prefix: "/support/tickets", CanCreate: true, Partner: true}, "nav.support"},
		&Tickets{b, views.TicketArea{Prefix: "/ops/tickets", Desk: true}, "nav.ops"}
}

// page is a ticket page in the area's menu, with the ops sub-menu on the desk.
func (h *Tickets) pageOf(c echo.Context, title string, crumbs ...views.Crumb) views.Page {
	crumbs = append([]views.Crumb{{Key: "ticket.list", Href: h.area.Prefix}}, crumbs...)
	p := h.page(c, title, h.menu, crumbs...)
	switch {
	case h.area.Desk:
		p.Side = opsSide("tickets")
	case h.area.Partner:
		p.Side = []views.NavItem{{Key: "ticket.list", Href: h.area.Prefix, Active: true}}
	}
	return p
}

// Index lists the tickets the user may see, by status tab, searched by number or title; the desk
// lists them as a queue, the most severe and the oldest first.
func (h *Tickets) Index(c echo.Context) error {
	status := c.QueryParam("status")
	if !validStatus(status) {
		status = ""
	}
	page, _ := parsePage(c.QueryParam("page"))
	q := c.QueryParam("q")
	list, err := models.ListTickets(c.Request().Context(), h.DB, actor(c),
		models.TicketFilter{Status: status, Search: q, Queue: h.area.Desk, Page: page})
	if fe := (*models.FieldError)(nil); errors.As(err, &fe) { // a search text the models refuse finds nothing
		list, q, err = &models.TicketList{Counts: map[string]int64{}}, "", nil
		_ = flash(c, "error", msg(c, fe))
	}
	if err != nil {
		return err
	}
	title := "ticket.list"
	if h.area.Desk {
		title = "ticket.desk"
	}
	vm := views.TicketListVM{Area: h.area, List: list, Status: status, Search: q, Page: page}
	return render(c, http.StatusOK, views.TicketsPage(h.pageOf(c, title), vm))
}

func validStatus(s string) bool {
	for _, x := range models.TicketStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Show is a ticket's page; another tenant's ticket is not found.
func (h *Tickets) Show(c echo.Context) error { return h.show(c, http.StatusOK, views.TicketDetailVM{}) }

func (h *Tickets) show(c echo.Context, status int, vm views.TicketDetailVM) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return models.ErrNotFound
	}
	d, err := models.GetTicket(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	vm.Area, vm.D = h.area, d
	return render(c, status, views.TicketPage(h.pageOf(c, "ticket.detail", views.Crumb{Text: d.Ticket.Number}), vm))
}

// Download sends an attachment to one who may see its ticket, always as a download and never
// sniffed: a file is never shown inline in the console's origin.
func (h *Tickets) Download(c echo.Context) error {
	tid, ok1 := parseID(c.Param("id"))
	fid, ok2 := parseID(c.Param("file"))
	if !ok1 || !ok2 {
		return models.ErrNotFound
	}
	att, f, err := models.OpenAttachment(c.Request().Context(), h.DB, h.Files, actor(c), fid)
	if err != nil {
		return err
	}
	defer f.Close()
	if att.TicketID != tid {
		return models.ErrNotFound
	}
	hd := c.Response().Header()
	hd.Set("Content-Disposition", contentDisposition(att.FileName))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	hd.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, att.ContentType, f)
}
