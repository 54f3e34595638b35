package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsProducts is the catalog's products (Operations > Catalog > Products): the operator adds
// service types, resource types and specs and corrects them; the models decide, audit and drop
// the catalog's cache.
type OpsProducts struct{ *base }

// Index lists the service types and the form adding one.
func (h *OpsProducts) Index(c echo.Context) error {
	return h.renderList(c, http.StatusOK, views.ProductForm{})
}

func (h *OpsProducts) renderList(c echo.Context, status int, refused views.ProductForm) error {
	cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
	if err != nil {
		return err
	}
	p := h.productsPage(c, "products.title")
	return render(c, status, views.OpsProductsPage(p, views.OpsProductsVM{Cat: cat, Refused: refused}))
}

// Service shows one service type.
func (h *OpsProducts) Service(c echo.Context) error {
	return h.renderService(c, http.StatusOK, c.Param("id"), views.ProductForm{})
}

func (h *OpsProducts) renderService(c echo.Context, status int, id string, refused views.ProductForm) error {
	cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
	if err != nil {
		return err
	}
	n, _ := parseID(id)
	s := cat.ServiceTypeByID(n)
	if s == nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	p := h.productsPage(c, "products.edit_service", views.Crumb{Text: s.Name(langOf(c))})
	return render(c, status, views.OpsServicePage(p, views.OpsServiceVM{Cat: cat, Service: s, Refused: refused}))
}

// Spec shows one spec's edit form.
func (h *OpsProducts) Spec(c echo.Context) error {
	return h.renderSpec(c, http.StatusOK, views.ProductForm{})
}

func (h *OpsProducts) renderSpec(c echo.Context, status int, refused views.ProductForm) error {
	cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
	if err != nil {
		return err
	}
	n, _ := parseID(c.Param("id"))
	s := cat.SpecByID(n)
	if s == nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	svc := cat.ServiceTypeOf(cat.ResourceTypeOf(s))
	p := h.productsPage(c, "products.edit_spec",
		views.Crumb{Text: svc.Name(langOf(c)), Href: views.Path(views.PathOpsService, svc.ID)}, views.Crumb{Text: s.Name(langOf(c))})
	return render(c, status, views.OpsSpecPage(p, views.OpsSpecVM{Cat: cat, Spec: s, Refused: refused}))
}

func (h *OpsProducts) productsPage(c echo.Context, title string, more ...views.Crumb) views.Page {
	crumbs := []views.Crumb{{Key: "nav.ops"}, {Key: "nav.catalog", Href: views.PathOpsCatalog}, {Key: "nav.products", Href: views.PathOpsProducts}}
	p := h.page(c, title, "nav.ops", append(crumbs, more...)...)
	p.Side = opsSide("products")
	return p
}

// productUse is one of the models' use cases of these pages; it answers where to go back to.
type productUse func(c echo.Context, f views.ProductForm) (string, error)

// Change runs a use case on the posted form: 303 to the page with a flash, or 422 with each
// refused field's error and the form as typed, on the page the form is on (refused).
func (h *OpsProducts) Change(done string, use productUse, refused func(echo.Context, views.ProductForm) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		form, _ := c.FormParams()
		f, errs := parseProductForm(form)
		if len(errs) == 0 {
			back, err := use(c, f)
			if field := fieldOfErr(err); field != "" {
				errs = map[string]string{field: msg(c, err)}
			} else if err != nil {
				return err
			} else {
				return flashAndBack(c, "success", views.T(langOf(c), done), back)
			}
		} else {
			for k := range errs {
				errs[k] = views.T(langOf(c), errs[k])
			}
		}
		f.Errs = errs
		return refused(c, f)
	}
}

// parseProductForm reads a products form. A size that is not a whole number is refused by its
// field (a message key); every other rule is the models'.
func parseProductForm(form url.Values) (views.ProductForm, map[string]string) {
	f := views.ProductForm{Form: form.Get("form"), Parent: form.Get("parent"), Code: form.Get("code"), NameZH: form.Get("name_zh"),
		NameEN: form.Get("name_en"), Abbreviation: form.Get("abbreviation"), Marketplace: form.Get("marketplace") == "1",
		Period: form.Get("period") == "1", OnDemand: form.Get("on_demand") == "1", UsageType: form.Get("usage_type"),
		Linear: form.Get("linear") == "1", SizeMin: form.Get("size_min"), SizeMax: form.Get("size_max"), SizeStep: form.Get("size_step"),
		SizeMeasure: form.Get("size_measure_id")}
	errs := map[string]string{}
	if f.Linear {
		for field, v := range map[string]string{"size_min": f.SizeMin, "size_max": f.SizeMax, "size_step": f.SizeStep, "size_measure_id": f.SizeMeasure} {
			if _, ok := wholeNumber(v); !ok {
				errs[field] = "products.bad_number"
			}
		}
	}
	return f, errs
}

// wholeNumber is a non-negative whole number of at most 13 digits (sizes are at most 2^40).
func wholeNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 13 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func productInput(f views.ProductForm) models.ProductInput {
	return models.ProductInput{Parent: f.Parent, Code: f.Code, NameZH: f.NameZH, NameEN: f.NameEN, Abbreviation: f.Abbreviation,
		Marketplace: f.Marketplace}
}

func specInput(f views.ProductForm) models.SpecInput {
	in := models.SpecInput{ProductInput: productInput(f), Period: f.Period, OnDemand: f.OnDemand, UsageType: f.UsageType,
		Linear: f.Linear}
	if f.OnDemand && f.UsageType == "" {
		in.UsageType = "-" // chosen none, while sold on demand: the models refuse it by its field
	}
	in.SizeMin, _ = wholeNumber(f.SizeMin)
	in.SizeMax, _ = wholeNumber(f.SizeMax)
	in.SizeStep, _ = wholeNumber(f.SizeStep)
	m, _ := wholeNumber(f.SizeMeasure)
	in.SizeMeasureID = uint64(m)
	return in
}

// the pages' use cases, each answering the page to go back to
func (h *OpsProducts) createService(c echo.Context, f views.ProductForm) (string, error) {
	s, err := models.CreateServiceType(c.Request().Context(), h.DB, actor(c), productInput(f))
	if err != nil {
		return "", err
	}
	return views.Path(views.PathOpsService, s.ID), nil
}

func (h *OpsProducts) editService(c echo.Context, f views.ProductForm) (string, error) {
	id, _ := parseID(c.Param("id"))
	s, err := models.EditServiceType(c.Request().Context(), h.DB, actor(c), id, productInput(f))
	if err != nil {
		return "", err
	}
	return views.Path(views.PathOpsService, s.ID), nil
}

// createResourceType adds a resource type to the service of the page's address.
func (h *OpsProducts) createResourceType(c echo.Context, f views.ProductForm) (string, error) {
	cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
	if err != nil {
		return "", err
	}
	id, _ := parseID(c.Param("id"))
	s := cat.ServiceTypeByID(id)
	if s == nil {
		return "", echo.NewHTTPError(http.StatusNotFound)
	}
	f.Parent = s.Code
	_, err = models.CreateResourceType(c.Request().Context(), h.DB, actor(c), productInput(f))
	return views.Path(views.PathOpsService, c.Param("id")), err
}

func (h *OpsProducts) renameResourceType(c echo.Context, f views.ProductForm) (string, error) {
	id, _ := parseID(c.Param("rid"))
	_, err := models.RenameResourceType(c.Request().Context(), h.DB, actor(c), id, productInput(f))
	return views.Path(views.PathOpsService, c.Param("id")), err
}

func (h *OpsProducts) createSpec(c echo.Context, f views.ProductForm) (string, error) {
	_, err := models.CreateSpec(c.Request().Context(), h.DB, actor(c), specInput(f))
	return views.Path(views.PathOpsService, c.Param("id")), err
}

func (h *OpsProducts) editSpec(c echo.Context, f views.ProductForm) (string, error) {
	id, _ := parseID(c.Param("id"))
	s, err := models.EditSpec(c.Request().Context(), h.DB, actor(c), id, specInput(f))
	if err != nil {
		return "", err
	}
	return views.Path(views.PathOpsSpec, s.ID), nil
}

// where a refused form is shown again
func (h *OpsProducts) listRefused(c echo.Context, f views.ProductForm) error {
	return h.renderList(c, http.StatusUnprocessableEntity, f)
}

func (h *OpsProducts) serviceRefused(c echo.Context, f views.ProductForm) error {
	return h.renderService(c, http.StatusUnprocessableEntity, c.Param("id"), f)
}

func (h *OpsProducts) specRefused(c echo.Context, f views.ProductForm) error {
	return h.renderSpec(c, http.StatusUnprocessableEntity, f)
}

// productRoutes are the pages' routes, the operator's only.
func productRoutes(b *base) []route {
	h := &OpsProducts{b}
	return []route{
		get(views.PathOpsProducts, h.Index, operators),
		get(views.PathOpsService, h.Service, operators),
		get(views.PathOpsSpec, h.Spec, operators),
		post(views.PathOpsProducts, h.Change("products.added", h.createService, h.listRefused), operators),
		post(views.PathOpsService, h.Change("products.saved", h.editService, h.serviceRefused), operators),
		post(views.PathOpsService+"/resource-types", h.Change("products.added", h.createResourceType, h.serviceRefused), operators),
		post(views.PathOpsService+"/resource-types/:rid", h.Change("products.saved", h.renameResourceType, h.serviceRefused), operators),
		post(views.PathOpsService+"/specs", h.Change("products.added", h.createSpec, h.serviceRefused), operators),
		post(views.PathOpsSpec, h.Change("products.saved", h.editSpec, h.specRefused), operators),
	}
}
