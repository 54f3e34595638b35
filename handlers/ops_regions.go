package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsRegions is the catalog's regions and availability zones (Operations > Regions and zones):
// the operator adds them and corrects their names; the models decide, audit and drop the cache.
type OpsRegions struct{ *base }

// Index lists every region with its zones and the forms.
func (h *OpsRegions) Index(c echo.Context) error {
	return h.render(c, http.StatusOK, views.PlaceForm{})
}

func (h *OpsRegions) render(c echo.Context, status int, refused views.PlaceForm) error {
	cat, err := models.LoadCatalog(c.Request().Context(), h.DB)
	if err != nil {
		return err
	}
	p := h.page(c, "regions.title", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.catalog", Href: views.PathOpsCatalog},
		views.Crumb{Key: "nav.regions"})
	p.Side = opsSide("regions")
	return render(c, status, views.OpsRegionsPage(p, views.OpsRegionsVM{Cat: cat, Refused: refused}))
}

// placeUse is one of the models' use cases of this page.
type placeUse func(c echo.Context, in models.PlaceInput) error

// Change runs a use case on the posted form: 303 back with a flash, or 422 with the field's error
// and the form as typed.
func (h *OpsRegions) Change(done string, use placeUse) echo.HandlerFunc {
	return func(c echo.Context) error {
		f := views.PlaceForm{Form: c.FormValue("form"), Region: c.FormValue("region"), Code: c.FormValue("code"),
			NameZH: c.FormValue("name_zh"), NameEN: c.FormValue("name_en")}
		err := use(c, models.PlaceInput{Region: f.Region, Code: f.Code, NameZH: f.NameZH, NameEN: f.NameEN})
		if field := fieldOfErr(err); field != "" {
			f.Errs = map[string]string{field: msg(c, err)}
			return h.render(c, http.StatusUnprocessableEntity, f)
		}
		if err != nil {
			return err
		}
		return flashAndBack(c, "success", views.T(langOf(c), done), views.PathOpsRegions)
	}
}

// the page's four use cases, each naming the code it changed
func (h *OpsRegions) createRegion(c echo.Context, in models.PlaceInput) error {
	_, err := models.CreateRegion(c.Request().Context(), h.DB, actor(c), in)
	return err
}

func (h *OpsRegions) createZone(c echo.Context, in models.PlaceInput) error {
	_, err := models.CreateZone(c.Request().Context(), h.DB, actor(c), in)
	return err
}

func (h *OpsRegions) renameRegion(c echo.Context, in models.PlaceInput) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	_, err := models.RenameRegion(c.Request().Context(), h.DB, actor(c), id, in)
	return err
}

func (h *OpsRegions) renameZone(c echo.Context, in models.PlaceInput) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	_, err := models.RenameZone(c.Request().Context(), h.DB, actor(c), id, in)
	return err
}

// regionRoutes are the page's routes, the operator's only.
func regionRoutes(b *base) []route {
	h := &OpsRegions{b}
	return []route{
		get(views.PathOpsRegions, h.Index, operators),
		post("/ops/catalog/regions", h.Change("regions.added", h.createRegion), operators),
		post("/ops/catalog/zones", h.Change("regions.added", h.createZone), operators),
		post("/ops/catalog/regions/:id", h.Change("regions.renamed", h.renameRegion), operators),
		post("/ops/catalog/zones/:id", h.Change("regions.renamed", h.renameZone), operators),
	}
}
