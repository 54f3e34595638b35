package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/views"
)

// The customer list's batch form: the rows ticked get one label, or one account manager.
// models.SetCustomersLabel and AssignAccountManagers decide for each customer; the list offers a
// box only on the rows the user may change (Actor.MayLabel), and the manager only to an admin.

// batchVM is the list's batch form, or nil when the user may change none of the customers shown.
func (h *Customers) batchVM(c echo.Context, values url.Values, rows []models.Customer, posted *views.CustomerBatchVM) (*views.CustomerBatchVM, error) {
	ctx, a := c.Request().Context(), actor(c)
	vm := &views.CustomerBatchVM{May: map[uint64]bool{}}
	if posted != nil {
		vm = posted
		vm.May = map[uint64]bool{}
	}
	vm.Back = values.Encode()
	for i := range rows {
		if a.MayLabel(&rows[i]) {
			vm.May[rows[i].ID] = true
		}
	}
	if len(vm.May) == 0 {
		return nil, nil
	}
	var err error
	if vm.Labels, err = models.ListLabels(ctx, h.DB, a); err != nil {
		return nil, err
	}
	if a.MayAssignManagers() {
		if vm.Managers, err = models.AccountManagerChoices(ctx, h.DB, a); err != nil {
			return nil, err
		}
		if vm.Managers == nil {
			vm.Managers = []models.User{}
		}
	}
	return vm, nil
}

// BatchLabel puts one label on the customers ticked.
func (h *Customers) BatchLabel(c echo.Context) error {
	label := c.FormValue("label")
	return h.batch(c, &views.CustomerBatchVM{Label: label}, func(ctx context.Context, db *gorm.DB, a models.Actor, ids []uint64, now time.Time) (*models.BatchOutcome, error) {
		return models.SetCustomersLabel(ctx, db, a, ids, label, now)
	}, func(lang string, n int, _ *models.BatchOutcome) string {
		if strings.TrimSpace(label) == "" {
			return views.T(lang, "cbatch.cleared", n)
		}
		return views.T(lang, "cbatch.labelled", n, strings.TrimSpace(label))
	})
}

// BatchManager makes one member the account manager of the customers ticked (or none).
func (h *Customers) BatchManager(c echo.Context) error {
	chosen := c.FormValue("manager")
	managerID := uint64(0)
	if chosen != "" {
		var ok bool
		if managerID, ok = parseID(chosen); !ok {
			managerID = ^uint64(0) // no such member: the models refuse it in words
		}
	}
	return h.batch(c, &views.CustomerBatchVM{Manager: chosen}, func(ctx context.Context, db *gorm.DB, a models.Actor, ids []uint64, now time.Time) (*models.BatchOutcome, error) {
		return models.AssignAccountManagers(ctx, db, a, ids, managerID, now)
	}, func(lang string, n int, out *models.BatchOutcome) string {
		if managerID == 0 {
			return views.T(lang, "cbatch.unassigned", n)
		}
		names, _ := models.NamesOf(c.Request().Context(), h.DB, []uint64{managerID})
		return views.T(lang, "cbatch.assigned", n, names[managerID])
	})
}

type batchChange func(ctx context.Context, db *gorm.DB, a models.Actor, ids []uint64, now time.Time) (*models.BatchOutcome, error)

// batch runs a batch change on the ticked rows and goes back to the list as it was, saying what
// was done and, by name, what was not; a refusal of the whole batch comes back on the form.
func (h *Customers) batch(c echo.Context, form *views.CustomerBatchVM, change batchChange, done func(string, int, *models.BatchOutcome) string) error {
	values, _ := url.ParseQuery(c.FormValue("back")) // a bad one is the unfiltered list
	form.Checked = map[uint64]bool{}
	var ids []uint64
	for _, s := range c.Request().Form["id"] {
		if id, ok := parseID(s); ok {
			ids, form.Checked[id] = append(ids, id), true
		}
	}
	out, err := change(c.Request().Context(), h.DB, actor(c), ids, h.Now())
	if err != nil {
		if !manageRefusal(err) {
			return err
		}
		switch fieldOfErr(err) {
		case "label":
			form.LabelErr = msg(c, err)
		case "account_manager":
			form.ManagerErr = msg(c, err)
		default:
			form.Err = msg(c, err)
		}
		return h.renderList(c, http.StatusUnprocessableEntity, values, form)
	}
	lang := langOf(c)
	back := views.PathCustomers
	if q := values.Encode(); q != "" {
		back += "?" + q
	}
	text := done(lang, len(out.Done), out)
	if len(out.Refused) == 0 {
		return flashAndBack(c, "success", text, back)
	}
	if len(out.Done) > 0 {
		if err := flash(c, "success", text); err != nil {
			return err
		}
	}
	return flashAndBack(c, "error", views.T(lang, "cbatch.refused", len(out.Refused), refusedList(c, out.Refused)), back)
}

// refusedList names each customer a batch refused, with why.
func refusedList(c echo.Context, refused []models.BatchRefusal) string {
	lang := langOf(c)
	parts := make([]string, len(refused))
	for i, r := range refused {
		name := r.Name
		if name == "" {
			name = views.T(lang, "cbatch.unknown")
		}
		parts[i] = name + views.T(lang, "common.colon") + strings.TrimSuffix(strings.TrimSuffix(msg(c, r.Err), "。"), ".")
	}
	return strings.Join(parts, views.T(lang, "common.list_sep"))
}
