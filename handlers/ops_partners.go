package handlers

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsPartners is the operator's side of the partner network: applications to join, the partners,
// their programs, paths and permissions, real-name review and the directory import.
type OpsPartners struct{ *base }

func (h *OpsPartners) opsPage(c echo.Context, title, side string, crumbs ...views.Crumb) views.Page {
	p := h.page(c, title, "nav.ops", append([]views.Crumb{{Key: "nav.ops"}}, crumbs...)...)
	p.Side = opsSide(side)
	return p
}

// Applications is the queue of applications to join the partner network.
func (h *OpsPartners) Applications(c echo.Context) error {
	return h.renderApplications(c, http.StatusOK, c.Request().URL, views.RowRefusal{})
}

// renderApplications shows the queue as its URL u filters and pages it, with a row's refusal.
func (h *OpsPartners) renderApplications(c echo.Context, code int, u *url.URL, refused views.RowRefusal) error {
	q := u.Query()
	status := q.Get("status")
	switch status {
	case "", models.ApplicationPending, models.ApplicationApproved, models.ApplicationRejected:
	default:
		status = ""
	}
	page, _ := parsePage(q.Get("page"))
	limit, _ := parseLimit(q.Get("limit"))
	list, err := models.ListApplications(c.Request().Context(), h.DB, actor(c), status, page, limit)
	if err != nil {
		return err
	}
	vm := views.ApplicationsVM{Rows: list.Rows, Status: status, Refused: refused, Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: u}}
	p := h.opsPage(c, "ops.applications", "applications", views.Crumb{Key: "nav.applications"})
	p.URL = u
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, code, views.ApplicationsPage(p, vm))
}

const applicationsPath = views.PathApplications

// listURL is the list at path as a row's form carries it in its query (listQuery), for the page
// shown again when the row's action is refused.
func listURL(c echo.Context, path string) *url.URL {
	return &url.URL{Path: path, RawQuery: c.Request().URL.RawQuery}
}

// rowRefusal is the refusal of a row's action for one of its inputs — a rejection without a
// reason, a reason or a note the models refused — for that input; ok is false for any other error.
func rowRefusal(c echo.Context, id uint64, err error) (views.RowRefusal, bool) {
	var named *models.ReasonRequiredError
	if errors.As(err, &named) {
		return views.RowRefusal{ID: id, Field: "reason", Name: named.Name, Text: msg(c, err)}, true
	}
	if k := fieldOfErr(err); k == "reason" || k == "note" {
		return views.RowRefusal{ID: id, Field: k, Text: msg(c, err)}, true
	}
	return views.RowRefusal{}, false
}

// Approve admits an applicant; Reject refuses it with a reason the applicant sees.
func (h *OpsPartners) Approve(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	p, err := models.ApproveApplication(c.Request().Context(), h.DB, actor(c), id, c.FormValue("note"), h.Now())
	if r, ok := rowRefusal(c, id, err); ok {
		return h.renderApplications(c, http.StatusUnprocessableEntity, listURL(c, applicationsPath), r)
	}
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), applicationsPath)
	}
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "apply.approved", p.Name), "/ops/partners/"+views.ID(p.ID))
}

// Reject refuses an application.
func (h *OpsPartners) Reject(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	app, err := models.RejectApplication(c.Request().Context(), h.DB, actor(c), id, c.FormValue("reason"), h.Now())
	if r, ok := rowRefusal(c, id, err); ok {
		return h.renderApplications(c, http.StatusUnprocessableEntity, listURL(c, applicationsPath), r)
	}
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), applicationsPath)
	}
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "apply.rejected", app.CompanyName), applicationsPath)
}

// Partners lists every partner.
func (h *OpsPartners) Partners(c echo.Context) error {
	page, _ := parsePage(c.QueryParam("page"))
	limit, _ := parseLimit(c.QueryParam("limit"))
	q, ok := cleanText(c.QueryParam("q"), 64)
	if !ok {
		q = ""
	}
	kind := c.QueryParam("kind")
	switch models.PartnerKind(kind) {
	case models.NetworkMember, models.SolutionProvider, models.MasterDistributor, models.Reseller:
	default:
		kind = ""
	}
	list, err := models.ListPartners(c.Request().Context(), h.DB, actor(c), models.PartnerFilter{Q: q, Kind: models.PartnerKind(kind), Page: page, Limit: limit})
	if err != nil {
		return err
	}
	vm := views.OpsPartnersVM{List: list, Q: q, Kind: kind, Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: pagerURL(c)}}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.OpsPartnersPage(h.opsPage(c, "ops.partners", "partners", views.Crumb{Key: "nav.partners"}), vm))
}

// Partner is one partner's profile with the enrolment forms.
func (h *OpsPartners) Partner(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	prof, err := models.GetPartnerProfile(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	p := h.opsPage(c, "ops.partner_detail", "partners", views.Crumb{Key: "nav.partners", Href: views.PathOpsPartners}, views.Crumb{Text: prof.Partner.Name})
	return render(c, http.StatusOK, views.ProfilePage(p, views.ProfileVM{Prof: prof, Ops: true, Now: h.Now()}))
}

// partnerAction runs one enrolment use case on the partner in the path and goes back to it.
func (h *OpsPartners) partnerAction(c echo.Context, okKey string, run func(id uint64) error) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	back := "/ops/partners/" + views.ID(id)
	err := run(id)
	if fieldOfErr(err) != "" {
		return err // a text the models refused: the error page (422) says why, and the form is one field
	}
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), back)
	}
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), okKey), back)
}

// Enrol puts a network member into the solution provider program.
func (h *OpsPartners) Enrol(c echo.Context) error {
	return h.partnerAction(c, "ops.enrolled", func(id uint64) error {
		return models.EnrolSolutionProvider(c.Request().Context(), h.DB, actor(c), id, h.Now())
	})
}

// Path enrols the partner on a development path or takes it off.
func (h *OpsPartners) Path(c echo.Context) error {
	return h.partnerAction(c, "ops.paths_saved", func(id uint64) error {
		return models.SetPath(c.Request().Context(), h.DB, actor(c), id, c.FormValue("path"), c.FormValue("on") == "1", h.Now())
	})
}

// InviteDistribution invites the partner into the distribution program.
func (h *OpsPartners) InviteDistribution(c echo.Context) error {
	return h.partnerAction(c, "ops.distribution_sent", func(id uint64) error {
		_, err := models.InviteToDistribution(c.Request().Context(), h.DB, actor(c), id, c.FormValue("note"), h.Now())
		return err
	})
}

// Expand grants or revokes a master distributor's customer-expansion permission.
func (h *OpsPartners) Expand(c echo.Context) error {
	return h.partnerAction(c, "ops.expand_saved", func(id uint64) error {
		return models.SetExpandPermission(c.Request().Context(), h.DB, actor(c), id, c.FormValue("grant") == "1", h.Now())
	})
}

// RevokeDistribution withdraws a distribution-program invitation.
func (h *OpsPartners) RevokeDistribution(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	err := models.RevokeDistributionInvitation(c.Request().Context(), h.DB, actor(c), id, h.Now())
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), views.PathOpsPartners)
	}
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "ops.distribution_revoked"), views.PathOpsPartners)
}

// Verifications is the real-name review queue.
func (h *OpsPartners) Verifications(c echo.Context) error {
	return h.renderVerifications(c, http.StatusOK, c.Request().URL, views.RowRefusal{})
}

const verificationsPath = views.PathVerifications

// renderVerifications shows the queue as its URL u pages it, with a row's refusal.
func (h *OpsPartners) renderVerifications(c echo.Context, code int, u *url.URL, refused views.RowRefusal) error {
	q := u.Query()
	page, _ := parsePage(q.Get("page"))
	limit, _ := parseLimit(q.Get("limit"))
	list, err := models.ListVerificationQueue(c.Request().Context(), h.DB, actor(c), page, limit)
	if err != nil {
		return err
	}
	vm := views.VerificationsVM{Rows: list.Rows, Refused: refused, Pager: views.Pager{Page: page, Limit: limit, Total: list.Total, URL: u}}
	p := h.opsPage(c, "ops.verifications", "verifications", views.Crumb{Key: "nav.verifications"})
	p.URL = u
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, code, views.VerificationsPage(p, vm))
}

// ApproveVerification and RejectVerification decide a real-name verification.
func (h *OpsPartners) ApproveVerification(c echo.Context) error { return h.review(c, true) }

// RejectVerification rejects a real-name verification with a reason.
func (h *OpsPartners) RejectVerification(c echo.Context) error { return h.review(c, false) }

func (h *OpsPartners) review(c echo.Context, approve bool) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	cust, err := models.ReviewVerification(c.Request().Context(), h.DB, actor(c), id, approve, c.FormValue("reason"), h.Now())
	if r, ok := rowRefusal(c, id, err); ok {
		return h.renderVerifications(c, http.StatusUnprocessableEntity, listURL(c, verificationsPath), r)
	}
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), verificationsPath)
	}
	if err != nil {
		return err
	}
	done := "ops.verified"
	if !approve {
		done = "ops.verification_rejected"
	}
	return flashAndBack(c, "success", views.T(langOf(c), done, cust.AccountName), verificationsPath)
}

// Directory is the enterprise-directory import form.
func (h *OpsPartners) Directory(c echo.Context) error {
	return h.renderDirectory(c, http.StatusOK, views.DirectoryVM{})
}

func (h *OpsPartners) renderDirectory(c echo.Context, status int, vm views.DirectoryVM) error {
	if err := h.DB.WithContext(c.Request().Context()).Model(&models.Enterprise{}).Count(&vm.Total).Error; err != nil {
		return err
	}
	return render(c, status, views.DirectoryPage(h.opsPage(c, "ops.directory", "directory", views.Crumb{Key: "nav.directory"}), vm))
}

// DirectoryTemplate downloads the directory CSV's template: the header the import expects and a
// row that imports as it is.
func (h *OpsPartners) DirectoryTemplate(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="directory-template.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", models.DirectoryTemplate())
}

// Import reads an uploaded CSV: a malformed file is 422, imports nothing and says at which line;
// otherwise the report lists the rejected rows.
func (h *OpsPartners) Import(c echo.Context) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return h.renderDirectory(c, http.StatusUnprocessableEntity, views.DirectoryVM{Err: views.T(langOf(c), "dir.no_file")})
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := models.ImportDirectory(c.Request().Context(), h.DB, actor(c), f)
	var bad *models.CSVError
	if errors.As(err, &bad) {
		return h.renderDirectory(c, http.StatusUnprocessableEntity, views.DirectoryVM{FileErr: bad})
	}
	if errors.Is(err, models.ErrBadCSV) {
		return h.renderDirectory(c, http.StatusUnprocessableEntity, views.DirectoryVM{Err: msg(c, err)})
	}
	if err != nil {
		return err
	}
	return h.renderDirectory(c, http.StatusOK, views.DirectoryVM{Report: rep})
}
