package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Creating a customer from the console: the API's CreateSubCustomer (models.CreateSubCustomer)
// behind a form. The console gives the customer no external reference (xaccount), which only an
// integrator's system has.

// New shows the create-customer form.
func (h *Customers) New(c echo.Context) error {
	return h.renderNew(c, http.StatusOK, views.CustomerNewForm{Mode: "consignment"})
}

// Create creates the customer and opens its page; a refusal comes back on the form, as typed
// (but for the password).
func (h *Customers) Create(c echo.Context) error {
	form := views.CustomerNewForm{Account: c.FormValue("account"), Mobile: c.FormValue("mobile"), Mode: c.FormValue("mode"),
		Reseller: c.FormValue("reseller"), Label: c.FormValue("label"), Manager: c.FormValue("manager")}
	in := models.SubCustomerInput{DomainName: form.Account, MobilePhone: form.Mobile, Password: c.FormValue("password"), Label: form.Label}
	var ok bool
	if in.Mode, ok = parseMode(form.Mode); !ok {
		in.Mode = models.NoMode // refused by the models, in words
	}
	if form.Reseller != "" {
		if in.ResellerID, ok = parseID(form.Reseller); !ok {
			return h.renderNew(c, http.StatusUnprocessableEntity, withErr(form, "reseller", views.T(langOf(c), "err.not_your_reseller")))
		}
	}
	if form.Manager != "" {
		if in.ManagerID, ok = parseID(form.Manager); !ok {
			return h.renderNew(c, http.StatusUnprocessableEntity, withErr(form, "manager", views.T(langOf(c), "err.not_a_manager")))
		}
	}
	cust, err := models.CreateSubCustomer(c.Request().Context(), h.DB, actor(c), in, h.Now())
	if err != nil {
		if !newCustomerRefusal(c, &form, err) {
			return err
		}
		return h.renderNew(c, http.StatusUnprocessableEntity, form)
	}
	return flashAndBack(c, "success", views.T(langOf(c), "cnew.created", cust.AccountName), views.Path(views.PathCustomer, cust.ID))
}

func withErr(f views.CustomerNewForm, field, text string) views.CustomerNewForm {
	f.Errs = map[string]string{field: text}
	return f
}

// newCustomerFields maps the models' fields to the form's.
var newCustomerFields = map[string]string{
	"domain_name": "account", "mobile_phone": "mobile", "password": "password", "cooperation_type": "mode",
	"label": "label", "account_manager": "manager",
}

// newCustomerRefusal puts each refused field's message on the form; false for errors that are
// not the form's (403, 404, the unexpected).
func newCustomerRefusal(c echo.Context, f *views.CustomerNewForm, err error) bool {
	f.Errs = map[string]string{}
	set := func(field string, e error) {
		if _, done := f.Errs[field]; !done {
			f.Errs[field] = msg(c, e)
		}
	}
	var fes models.FieldErrors
	var fe *models.FieldError
	switch {
	case errors.As(err, &fes):
		for _, e := range fes {
			if field, ok := newCustomerFields[e.Field]; ok {
				set(field, e)
			} else {
				f.Err = msg(c, e)
			}
		}
	case errors.As(err, &fe) && newCustomerFields[fe.Field] != "":
		set(newCustomerFields[fe.Field], fe)
	case isErr(err, models.ErrAccountNameTaken):
		set("account", err)
	case isErr(err, models.ErrNotYourReseller):
		set("reseller", err)
	case isErr(err, models.ErrResellersCustomer):
		set("label", err)
	case isErr(err, models.ErrNoExpandPermission):
		f.Err = msg(c, err)
	default:
		return false
	}
	return true
}

// renderNew renders the form with what the user may choose: the account managers (an admin's
// choice), and a master distributor's resellers.
func (h *Customers) renderNew(c echo.Context, status int, form views.CustomerNewForm) error {
	ctx, a, partner := c.Request().Context(), actor(c), currentPartner(c)
	vm := views.CustomerNewVM{Form: form, MayOwn: partner.MayExpand()}
	var err error
	if vm.Labels, err = models.ListLabels(ctx, h.DB, a); err != nil {
		return err
	}
	if a.MayAssignManagers() {
		if vm.Managers, err = models.AccountManagerChoices(ctx, h.DB, a); err != nil {
			return err
		}
	}
	if partner.Kind == models.MasterDistributor {
		if vm.Resellers, err = models.ListResellers(ctx, h.DB, a); err != nil {
			return err
		}
	}
	p := h.page(c, "cnew.title", "nav.sales", views.Crumb{Key: "nav.sales"}, views.Crumb{Key: "nav.customers", Href: views.PathCustomers},
		views.Crumb{Key: "cnew.title"})
	p.Side = salesSide("customers")
	return render(c, status, views.CustomerNewPage(p, vm))
}
