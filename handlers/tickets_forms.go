package handlers

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/views"
)

// maxTicketBody bounds a ticket form's request: five files of 5 MB and the texts. The console's
// 1 MB limit is lifted for these routes only (server.go).
const maxTicketBody = models.MaxAttachments*models.MaxAttachmentBytes + 1<<20

// contentDisposition offers a file for download under its name (RFC 2231 for what is not ASCII).
func contentDisposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

// NewForm is the new ticket's form, the description prefilled with the first problem type's
// questions and the contact with the user's own.
func (h *Tickets) NewForm(c echo.Context) error {
	u := currentUser(c)
	f := views.TicketForm{ProblemType: models.TicketProblemTypes[0].ID, Severity: "1",
		Description: models.TicketProblemTypes[0].Tmpl, Email: u.Email, Mobile: u.Mobile}
	return h.renderForm(c, http.StatusOK, f)
}

func (h *Tickets) renderForm(c echo.Context, status int, f views.TicketForm) error {
	maxSev := models.SeverityBlocker
	if !h.area.Partner {
		if cu, err := models.CustomerForUser(c.Request().Context(), h.DB, actor(c)); err == nil {
			maxSev = models.MaxSeverityFor(cu.Level)
		}
	}
	p := h.pageOf(c, "ticket.new", views.Crumb{Key: "ticket.new"})
	return render(c, status, views.TicketNewPage(p, views.TicketFormVM{Area: h.area, Form: f, MaxSeverity: maxSev}))
}

// Create opens a ticket: 303 to it, or 422 with the form as typed and each refused field's error
// (a refused file says why; the other fields are kept).
func (h *Tickets) Create(c echo.Context) error {
	f := views.TicketForm{Customer: c.FormValue("customer"), Category: c.FormValue("category"),
		ProblemType: c.FormValue("problem_type"), Region: c.FormValue("region"), Severity: c.FormValue("severity"),
		Title: c.FormValue("title"), Description: c.FormValue("description"), Mobile: c.FormValue("mobile"),
		Email: c.FormValue("email"), CC: c.FormValue("cc"), Errors: map[string]string{}}
	files, err := formFiles(c)
	if err != nil {
		f.Errors["file"] = msg(c, err)
		return h.renderForm(c, http.StatusUnprocessableEntity, f)
	}
	sev, _ := strconv.Atoi(f.Severity)
	in := models.TicketInput{CustomerName: f.Customer, Category: f.Category, ProblemType: f.ProblemType, Region: f.Region,
		Severity: sev, Title: f.Title, Description: f.Description, ContactMobile: f.Mobile, ContactEmail: f.Email,
		CCs: strings.FieldsFunc(f.CC, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '，' }), Files: files}
	if !h.area.Partner {
		in.CustomerName = ""
	}
	t, err := models.CreateTicket(c.Request().Context(), h.DB, h.Files, actor(c), in)
	if err != nil {
		if !fieldErrorsInto(c, err, f.Errors) {
			return err
		}
		return h.renderForm(c, http.StatusUnprocessableEntity, f)
	}
	return flashAndBack(c, "success", views.T(langOf(c), "ticket.created_flash", t.Number), h.area.Prefix+"/"+strconv.FormatUint(t.ID, 10))
}

// fieldErrorsInto puts each refused field's message in errs; false when err is not about fields.
func fieldErrorsInto(c echo.Context, err error, errs map[string]string) bool {
	var fes models.FieldErrors
	var fe *models.FieldError
	switch {
	case errors.As(err, &fes):
		for _, e := range fes {
			errs[e.Field] = msg(c, e)
		}
	case errors.As(err, &fe):
		errs[fe.Field] = msg(c, fe)
	default:
		return false
	}
	return true
}

// formFiles reads the uploaded files of the form's "file" field, refusing too many or too large
// ones before reading them, and never more than a file's limit plus one byte.
func formFiles(c echo.Context) ([]models.Upload, error) {
	form, err := c.MultipartForm()
	if errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, &models.FieldError{Field: "file", Err: models.ErrAttachmentSize}
	}
	var hs []*multipart.FileHeader
	for _, fh := range form.File["file"] {
		if fh.Filename != "" || fh.Size > 0 { // an empty file input sends one empty part
			hs = append(hs, fh)
		}
	}
	if len(hs) > models.MaxAttachments {
		return nil, &models.FieldError{Field: "file", Err: models.ErrTooManyFiles}
	}
	out := make([]models.Upload, 0, len(hs))
	for _, fh := range hs {
		if fh.Size > models.MaxAttachmentBytes {
			return nil, &models.FieldError{Field: "file", Err: models.ErrAttachmentSize}
		}
		data, err := readPart(fh)
		if err != nil {
			return nil, err
		}
		out = append(out, models.Upload{Name: fh.Filename, Data: data})
	}
	return out, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	r, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, models.MaxAttachmentBytes+1))
	if err == nil && len(data) > models.MaxAttachmentBytes {
		return nil, &models.FieldError{Field: "file", Err: models.ErrAttachmentSize}
	}
	return data, err
}

// Message adds a message (with files); on the desk the same form asks for information or
// resolves the ticket with it.
func (h *Tickets) Message(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return models.ErrNotFound
	}
	body := c.FormValue("content")
	files, err := formFiles(c)
	if err == nil {
		ctx, a := c.Request().Context(), actor(c)
		switch c.FormValue("as") {
		case "info":
			_, err = models.RequestTicketInfo(ctx, h.DB, h.Files, a, id, body)
		case "resolve":
			_, err = models.ResolveTicket(ctx, h.DB, h.Files, a, id, body)
		default:
			_, err = models.AddTicketMessage(ctx, h.DB, h.Files, a, id, body, files)
		}
	}
	if err != nil {
		return h.refused(c, err, views.TicketDetailVM{Reply: body, ReplyErr: msg(c, err)})
	}
	return flashAndBack(c, "success", views.T(langOf(c), "ticket.sent_flash"), h.detailPath(id))
}

// refused re-renders the ticket with 422 for a rule's refusal; not found and the rest go on.
func (h *Tickets) refused(c echo.Context, err error, vm views.TicketDetailVM) error {
	var me *models.Error
	if errors.Is(err, models.ErrNotFound) || !errors.As(err, &me) {
		return err
	}
	return h.show(c, http.StatusUnprocessableEntity, vm)
}

func (h *Tickets) detailPath(id uint64) string {
	return h.area.Prefix + "/" + strconv.FormatUint(id, 10)
}

// ticketAction is one status change from a button.
type ticketAction func(c echo.Context, a models.Actor, id uint64) error

// Act runs a status change: 303 back to the ticket with a flash, or 422 saying why not.
func (h *Tickets) Act(name string, run ticketAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, ok := parseID(c.Param("id"))
		if !ok {
			return models.ErrNotFound
		}
		if err := run(c, actor(c), id); err != nil {
			return h.refused(c, err, views.TicketDetailVM{ActionErr: msg(c, err)})
		}
		return flashAndBack(c, "success", views.T(langOf(c), "ticket.done."+name), h.detailPath(id))
	}
}

// simple adapts a status change that takes nothing but the ticket.
func simple(h *Tickets, f func(context.Context, *gorm.DB, models.Actor, uint64) (*models.Ticket, error)) ticketAction {
	return func(c echo.Context, a models.Actor, id uint64) error {
		_, err := f(c.Request().Context(), h.DB, a, id)
		return err
	}
}

// Rate records the submitter's rating.
func (h *Tickets) Rate(c echo.Context, a models.Actor, id uint64) error {
	atoi := func(k string) int { n, _ := strconv.Atoi(c.FormValue(k)); return n }
	_, err := models.RateTicket(c.Request().Context(), h.DB, a, id, models.RatingInput{Speed: atoi("speed"),
		Quality: atoi("quality"), Attitude: atoi("attitude"), Comment: c.FormValue("comment")})
	return err
}
