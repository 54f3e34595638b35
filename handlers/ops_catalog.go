package handlers

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// OpsCatalog is Operations > Catalog: the price list, searched and edited price by price with a
// reason (each edit a new version from its effective time), and exported, previewed and imported
// whole as CSV. The models functions decide and audit; this shows.
type OpsCatalog struct{ *base }

const catalogPath = "/ops/catalog"

// Index lists the price list in effect now; ?edit=KEY opens one product's history and edit form.
func (h *OpsCatalog) Index(c echo.Context) error {
	return h.render(c, http.StatusOK, nil, views.PriceImportVM{})
}

func (h *OpsCatalog) render(c echo.Context, status int, edit *views.PriceForm, imp views.PriceImportVM) error {
	ctx, a := c.Request().Context(), actor(c)
	q := views.CatalogQuery{Q: strings.TrimSpace(c.QueryParam("q")), Region: c.QueryParam("region"), Mode: c.QueryParam("mode")}
	after, _ := parseID(c.QueryParam("after"))
	rows, next, err := models.ListPrices(ctx, h.DB, a, models.PriceQuery{Search: cutRunes(q.Q, 64), Region: q.Region,
		Mode: models.PriceMode(q.Mode), After: after})
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	vm := views.OpsCatalogVM{Query: q, Regions: cat.Regions(), Rows: rows, Import: imp, Cat: cat}
	if next != 0 {
		vm.NextURL = q.Href("after", views.ID(next))
	}
	if key, ok := parseID(c.QueryParam("edit")); ok {
		if vm.Edit, err = h.editVM(c, key, edit); err != nil {
			return err
		}
	}
	p := h.page(c, "catalog.title", "nav.ops", views.Crumb{Key: "nav.ops"}, views.Crumb{Key: "nav.catalog"})
	p.Side = opsSide("catalog")
	return render(c, status, views.OpsCatalogPage(p, vm))
}

// editVM is one product's history and the form of its new price (posted: as typed after a refusal).
func (h *OpsCatalog) editVM(c echo.Context, key uint64, posted *views.PriceForm) (*views.PriceEditVM, error) {
	row, hist, err := models.PriceHistory(c.Request().Context(), h.DB, actor(c), key)
	if errors.Is(err, models.ErrNotFound) {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return nil, err
	}
	vm := &views.PriceEditVM{Row: row, History: hist, Action: catalogPath + "/prices/" + views.ID(key)}
	if posted != nil {
		vm.Form = *posted
		return vm, nil
	}
	now := h.Now()
	for _, p := range hist { // newest first: the form starts from the price in effect now
		if !p.Price.EffectiveAt.After(now) {
			vm.Form.UnitPrice = p.Price.UnitPrice.String()
			break
		}
	}
	return vm, nil
}

// SetPrice gives one product a new price: a version effective now or at the time given, with the
// operator's reason. A refusal is 422 with the field's error and the form as typed.
func (h *OpsCatalog) SetPrice(c echo.Context) error {
	key, ok := parseID(c.Param("key"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, a := c.Request().Context(), actor(c)
	row, _, err := models.PriceHistory(ctx, h.DB, a, key)
	if err != nil {
		return err
	}
	f := views.PriceForm{UnitPrice: c.FormValue("unit_price"), EffectiveAt: c.FormValue("effective_at"), Reason: c.FormValue("reason")}
	at, ok := parseEffectiveAt(f.EffectiveAt)
	if !ok {
		return h.refuseEdit(c, key, f, "effective_at", views.T(langOf(c), "catalog.bad_time"))
	}
	_, err = models.SetPrice(ctx, h.DB, a, models.SetPriceInput{Region: row.Region.Code, ResourceType: row.ResourceType.Code,
		Spec: row.Spec.Code, Mode: row.Mode, UnitPrice: f.UnitPrice, EffectiveAt: at, Reason: f.Reason})
	if field := fieldOfErr(err); field != "" {
		if field != "effective_at" && field != "reason" {
			field = "unit_price"
		}
		return h.refuseEdit(c, key, f, field, msg(c, err))
	}
	if err != nil {
		return err
	}
	text := views.T(langOf(c), "catalog.price_set", row.Spec.Name(langOf(c)), row.Region.Name(langOf(c)))
	return flashAndBack(c, "success", text, catalogPath+"?edit="+views.ID(key))
}

func (h *OpsCatalog) refuseEdit(c echo.Context, key uint64, f views.PriceForm, field, text string) error {
	f.Errs = map[string]string{field: text}
	c.QueryParams().Set("edit", views.ID(key))
	return h.render(c, http.StatusUnprocessableEntity, &f, views.PriceImportVM{})
}

// Export downloads the price list in effect now as CSV, the file an import takes back.
func (h *OpsCatalog) Export(c echo.Context) error {
	var buf bytes.Buffer
	if err := models.ExportPrices(c.Request().Context(), h.DB, actor(c), &buf, h.Now()); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="price-list.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// importForm reads the import form: the file uploaded, or (applying a preview) the token of the
// previewed file kept on the server; the version's effective time and reason.
func (h *OpsCatalog) importForm(c echo.Context) (views.PriceImportVM, []byte, *models.PriceToken, error) {
	vm := views.PriceImportVM{Form: views.PriceForm{EffectiveAt: c.FormValue("effective_at"), Reason: c.FormValue("reason")}}
	if s := c.FormValue("stash"); s != "" {
		t, err := models.ParsePriceToken(s)
		if err == nil {
			var raw []byte
			raw, err = h.stash().Take(actor(c), t)
			return vm, raw, &t, err
		}
		return vm, nil, nil, err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		vm.Err = views.T(langOf(c), "dir.no_file")
		return vm, nil, nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return vm, nil, nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	return vm, raw, nil, err
}

// stash keeps previewed files in the data folder beside the work orders' attachments.
func (h *OpsCatalog) stash() models.PriceStash { return models.PriceStashBeside(h.Files) }

// Preview says what importing the file would change, changing nothing.
func (h *OpsCatalog) Preview(c echo.Context) error {
	return h.importStep(c, false)
}

// Import applies a previewed file as one new version; a file with a refused row imports nothing.
func (h *OpsCatalog) Import(c echo.Context) error {
	return h.importStep(c, true)
}

func (h *OpsCatalog) importStep(c echo.Context, apply bool) error {
	vm, raw, token, err := h.importForm(c)
	if errors.Is(err, models.ErrPriceStash) {
		vm.Err = msg(c, err)
		return h.render(c, http.StatusUnprocessableEntity, nil, vm)
	}
	if err != nil {
		return err
	}
	if raw == nil {
		return h.render(c, http.StatusUnprocessableEntity, nil, vm)
	}
	at, ok := parseEffectiveAt(vm.Form.EffectiveAt)
	if !ok {
		vm.Form.Errs = map[string]string{"effective_at": views.T(langOf(c), "catalog.bad_time")}
		return h.render(c, http.StatusUnprocessableEntity, nil, vm)
	}
	if apply {
		return h.apply(c, vm, raw, token, at)
	}
	return h.preview(c, vm, raw, at)
}

// preview shows what the file changes and keeps it on the server for the apply step: only its
// token goes into the page.
func (h *OpsCatalog) preview(c echo.Context, vm views.PriceImportVM, raw []byte, at time.Time) error {
	ctx, a := c.Request().Context(), actor(c)
	pv, err := models.PreviewPrices(ctx, h.DB, a, bytes.NewReader(raw), at)
	if err != nil {
		return h.refuseImport(c, vm, err)
	}
	vm.Preview = pv
	if len(pv.Rejected) == 0 && len(pv.Changes) > 0 {
		t, err := h.stash().Keep(a, raw, h.Now())
		if err != nil {
			return err
		}
		vm.Stash = t.String()
	}
	return h.render(c, http.StatusOK, nil, vm)
}

// apply imports the file as one version; the kept file is removed once applied, and kept after a
// refusal (a reason or time corrected, the same token applies it).
func (h *OpsCatalog) apply(c echo.Context, vm views.PriceImportVM, raw []byte, token *models.PriceToken, at time.Time) error {
	ctx, a := c.Request().Context(), actor(c)
	pv, v, err := models.ImportPrices(ctx, h.DB, a, bytes.NewReader(raw), models.ImportPricesInput{EffectiveAt: at, Reason: vm.Form.Reason})
	if err != nil {
		vm.Preview = pv
		if token != nil && pv != nil && len(pv.Rejected) == 0 {
			vm.Stash = token.String()
		}
		return h.refuseImport(c, vm, err)
	}
	if token != nil {
		h.stash().Drop(a, *token)
	}
	text := views.T(langOf(c), "catalog.imported", v.RowCount, views.DateTime(v.EffectiveAt))
	return flashAndBack(c, "success", text, catalogPath)
}

// refuseImport shows a refused file or form as 422: the file's first bad line, the field, or why.
func (h *OpsCatalog) refuseImport(c echo.Context, vm views.PriceImportVM, err error) error {
	var bad *models.CSVError
	switch {
	case errors.As(err, &bad):
		vm.FileErr, vm.Stash = bad, ""
	case fieldOfErr(err) == "reason" || fieldOfErr(err) == "effective_at":
		vm.Form.Errs = map[string]string{fieldOfErr(err): msg(c, err)}
	case errors.Is(err, models.ErrPriceImportRows), errors.Is(err, models.ErrNothingToImport), errors.Is(err, models.ErrBadCSV):
		vm.Err = msg(c, err)
	default:
		return err
	}
	return h.render(c, http.StatusUnprocessableEntity, nil, vm)
}

// cutRunes keeps the first n characters of s (a search text longer than any spec's name).
func cutRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
