package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/handlers/api"
	"partnerhub/views"
)

// APIDocs is Partner > API: the operations of the partner API, from the same table that routes
// them, and how to call them with the official SDK.
type APIDocs struct{ *base }

// Show lists the operations.
func (h *APIDocs) Show(c echo.Context) error {
	vm := views.APIDocsVM{Endpoint: h.BaseURL, DomainID: currentPartner(c).DomainID}
	for _, op := range api.Operations {
		summary := op.Summary
		if langOf(c) == views.ZH {
			summary = op.SummaryZH
		}
		vm.Operations = append(vm.Operations, views.APIOperation{Name: op.Name, Method: op.Method, Path: op.Path,
			Summary: summary, MasterOnly: op.MasterOnly, CustomerKey: op.Callers == api.CustomerKeys, AnyKey: op.Callers == api.AnyKeys})
	}
	p := h.page(c, "apidocs.title", "nav.partner", views.Crumb{Key: "nav.partner"}, views.Crumb{Key: "nav.api"})
	p.Side = partnerSide(c, "api")
	return render(c, http.StatusOK, views.APIDocsPage(p, vm))
}
