package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsOrders is the operator's review desk (/ops/orders): orders above the review threshold, or
// holding a service type flagged for review, wait there to be approved (→ pending payment) or
// rejected (→ cancelled) by models.ReviewOrder; the settings are models.SetOrderSettings's.
type OpsOrders struct{ *base }

// reviewPageSize is the desk's page.
const reviewPageSize = 20

// Index lists the orders pending review, oldest first, and the settings form.
func (h *OpsOrders) Index(c echo.Context) error {
	s, err := models.GetOrderSettings(c.Request().Context(), h.DB)
	if err != nil {
		return err
	}
	form := views.OrderSettingsForm{ServiceTypes: splitCodes(s.ReviewServiceTypes)}
	if s.ReviewThreshold > 0 {
		form.Threshold = models.Fen(s.ReviewThreshold).StringFixed(2)
	}
	return h.show(c, http.StatusOK, form)
}

func (h *OpsOrders) show(c echo.Context, status int, form views.OrderSettingsForm) error {
	ctx := c.Request().Context()
	page, _ := parsePage(c.QueryParam("page"))
	list, err := models.ListOrders(ctx, h.DB, actor(c), models.OrderFilter{Status: models.OrderPendingReview, Oldest: true,
		Offset: offsetOf(page, reviewPageSize), Limit: reviewPageSize})
	if err != nil {
		return err
	}
	vm := views.OpsOrdersVM{Rows: list.Rows, Settings: form,
		Pager: views.Pager{Page: page, Limit: reviewPageSize, Total: list.Total, URL: pagerURL(c)}}
	if vm.Pager.PastEnd() && status == http.StatusOK {
		return toLastPage(c, vm.Pager)
	}
	ids := make([]uint64, len(list.Rows))
	for i, o := range list.Rows {
		ids[i] = o.PartnerID
	}
	if vm.Partners, err = models.PartnerNamesOf(ctx, h.DB, ids); err != nil {
		return err
	}
	if vm.Cat, err = models.LoadCatalog(ctx, h.DB); err != nil {
		return err
	}
	p := h.page(c, "opsorders.title", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.ops_orders"})
	p.Side = opsSide("orders")
	return render(c, status, views.OpsOrdersPage(p, vm))
}

// SaveSettings sets the review threshold (yuan; empty or 0: none) and the reviewed service
// types; a refusal is 422 with the field's error and the form as typed.
func (h *OpsOrders) SaveSettings(c echo.Context) error {
	form := views.OrderSettingsForm{Threshold: strings.TrimSpace(c.FormValue("review_threshold")),
		ServiceTypes: formList(c, "review_service_types"), Errs: map[string]string{}}
	lang := langOf(c)
	threshold := models.Fen(0)
	if form.Threshold != "" {
		m, err := models.ParseMoney(form.Threshold)
		if err != nil || m.IsNegative() {
			form.Errs["review_threshold"] = views.T(lang, "opsorders.threshold_invalid")
			return h.show(c, http.StatusUnprocessableEntity, form)
		}
		threshold = m
	}
	err := models.SetOrderSettings(c.Request().Context(), h.DB, actor(c), threshold, form.ServiceTypes, h.Now())
	if f := fieldOfErr(err); f != "" {
		form.Errs[f] = msg(c, err)
		if f == "review_threshold" {
			form.Errs[f] = views.T(lang, "opsorders.threshold_invalid")
		}
		return h.show(c, http.StatusUnprocessableEntity, form)
	} else if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(lang, "opsorders.saved_flash"), views.PathOpsOrders)
}

// ConfirmApprove and ConfirmReject show the order before the operator decides.
func (h *OpsOrders) ConfirmApprove(c echo.Context) error { return h.confirm(c, true) }
func (h *OpsOrders) ConfirmReject(c echo.Context) error  { return h.confirm(c, false) }

func (h *OpsOrders) confirm(c echo.Context, approve bool) error {
	o, err := h.pendingOrder(c)
	if err != nil || o == nil {
		return err
	}
	ctx, lang := c.Request().Context(), langOf(c)
	names, err := models.PartnerNamesOf(ctx, h.DB, []uint64{o.PartnerID})
	if err != nil {
		return err
	}
	verb, title := "approve", "opsorders.approve_title"
	if !approve {
		verb, title = "reject", "opsorders.reject_title"
	}
	vm := views.ConfirmVM{Title: title, Lead: views.T(lang, "opsorders."+verb+"_lead"),
		Action: views.PathOpsOrders + "/" + views.ID(o.ID) + "/" + verb, Button: views.T(lang, "opsorders."+verb), Back: views.PathOpsOrders,
		Facts: []views.Fact{
			{Label: views.T(lang, "opsorders.order"), Value: o.OrderID(), TestID: "confirm-order"},
			{Label: views.T(lang, "opsorders.partner"), Value: names[o.PartnerID]},
			{Label: views.T(lang, "opsorders.customer"), Value: o.CustomerName},
			{Label: views.T(lang, "inquiry.official"), Value: views.Money(o.OfficialMoney()), TestID: "confirm-amount"},
		}}
	p := h.page(c, title, "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.ops_orders", Href: views.PathOpsOrders},
		views.Crumb{Key: title})
	p.Side = opsSide("orders")
	return render(c, http.StatusOK, views.ConfirmPage(p, vm))
}

// pendingOrder reads the order of the path with its customer; one no longer pending review is
// said with a flash back on the desk (nil order, nil error: the answer is written).
func (h *OpsOrders) pendingOrder(c echo.Context) (*models.OrderRow, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	list, err := models.ListOrders(c.Request().Context(), h.DB, actor(c), models.OrderFilter{OrderID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list.Rows) == 0 {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	if list.Rows[0].Status != models.OrderPendingReview {
		return nil, flashAndBack(c, "error", msg(c, models.ErrOrderState), views.PathOpsOrders)
	}
	return &list.Rows[0], nil
}

// Approve and Reject decide the order (models.ReviewOrder); a decision the order no longer
// allows (decided meanwhile) is said with a flash.
func (h *OpsOrders) Approve(c echo.Context) error { return h.review(c, true) }
func (h *OpsOrders) Reject(c echo.Context) error  { return h.review(c, false) }

func (h *OpsOrders) review(c echo.Context, approve bool) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	o, err := models.ReviewOrder(c.Request().Context(), h.DB, actor(c), id, approve, h.Now())
	if refusal(err) {
		return flashAndBack(c, "error", msg(c, err), views.PathOpsOrders)
	} else if err != nil {
		return err
	}
	done := "opsorders.approved_flash"
	if !approve {
		done = "opsorders.rejected_flash"
	}
	return flashAndBack(c, "success", views.T(langOf(c), done, o.OrderID()), views.PathOpsOrders)
}

// splitCodes is a stored list of codes ("a,b").
func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
