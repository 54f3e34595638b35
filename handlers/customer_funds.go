package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/views"
)

// The money part of the customer detail page: the balance, allocate (拨款) and reclaim (回收) for
// consignment customers, and the customer's latest adjust records.

const customerRecords = 10 // adjust records shown on the detail page

// Allocate moves money from the funding partner's cash into the customer's account.
func (h *Customers) Allocate(c echo.Context) error {
	return h.moveFunds(c, "allocate", models.Allocate, "funds.allocated")
}

// Reclaim moves money from the customer's account back to the funding partner.
func (h *Customers) Reclaim(c echo.Context) error {
	return h.moveFunds(c, "reclaim", models.Reclaim, "funds.reclaimed")
}

// fundsMove is a use case that moves money to or from one customer or reseller.
type fundsMove func(ctx context.Context, db *gorm.DB, a models.Actor, id uint64, in models.FundsInput, now time.Time) (*models.Transfer, error)

func (h *Customers) moveFunds(c echo.Context, which string, move fundsMove, done string) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	form, in := bindFunds(c)
	t, err := move(c.Request().Context(), h.DB, actor(c), id, in, h.Now())
	if err != nil {
		if fundsRefusal(c, &form, err) {
			return h.renderDetail(c, http.StatusUnprocessableEntity, id, which, form)
		}
		return err
	}
	d, err := models.GetCustomer(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	text := views.T(langOf(c), done, d.Customer.AccountName, views.Money(t.AmountMoney()), t.TransID)
	if t.WrittenOff > 0 { // part of the allocation paid the customer's arrears
		text = views.T(langOf(c), "funds.allocated_writeoff", d.Customer.AccountName, views.Money(t.AmountMoney()), t.TransID,
			views.Money(t.WrittenOffMoney()))
	}
	return flashAndBack(c, "success", text, "/sales/customers/"+views.ID(id))
}

// renderDetail renders the customer detail page; after a refused post, which names the form the
// posted values and errors go back into. Every form gets a fresh one-time token.
func (h *Customers) renderDetail(c echo.Context, status int, id uint64, which string, posted views.FundsForm) error {
	return h.renderDetailWith(c, status, id, detailForms{which: which, funds: posted})
}

// detailForms are the forms of the detail page as posted, after a refusal.
type detailForms struct {
	which    string // "allocate" or "reclaim": the money form posted
	funds    views.FundsForm
	discount *views.DiscountForm
	manage   *views.CustomerManageVM // the label or manager form, refused
}

func (h *Customers) renderDetailWith(c echo.Context, status int, id uint64, forms detailForms) error {
	which, posted := forms.which, forms.funds
	d, err := models.GetCustomer(c.Request().Context(), h.DB, actor(c), id)
	if err != nil {
		return err
	}
	funds, err := h.fundsVM(c, d)
	if err != nil {
		return err
	}
	switch which {
	case "allocate":
		funds.Allocate = posted
	case "reclaim":
		funds.Reclaim = posted
	}
	funds.Allocate.Idem, funds.Reclaim.Idem = newToken(), newToken()
	cps, err := h.couponsVM(c, d)
	if err != nil {
		return err
	}
	discounts, err := h.discountsVM(c, d, forms.discount)
	if err != nil {
		return err
	}
	auth, err := h.authorizationsVM(c, d)
	if err != nil {
		return err
	}
	manage, err := h.manageVM(c, d, forms.manage)
	if err != nil {
		return err
	}
	p := h.customerPage(c, d.Customer.AccountName, "", "customers.detail")
	return render(c, status, views.CustomerPage(p, views.CustomerVM{D: d, Funds: funds, Coupons: cps, Discounts: discounts, Auth: auth, Manage: manage}))
}

// customerPage is the Page of a customer's detail, or with href of a step under it (a
// confirmation): its menu and crumbs are the sales area's or, for a finance member who reaches
// customers through the fund records, the business area's.
func (h *Customers) customerPage(c echo.Context, name, href, title string, more ...views.Crumb) views.Page {
	menu, side := "nav.sales", salesSide("customers")
	crumbs := []views.Crumb{{Key: "nav.sales"}, {Key: "nav.customers", Href: views.PathCustomers}}
	if !can(c, views.PathCustomers) {
		menu, side = "nav.business", businessSide("adjust", currentPartner(c))
		crumbs = []views.Crumb{{Key: "nav.business"}, {Key: "nav.adjust_records", Href: views.PathAdjustRecords}}
	}
	crumbs = append(append(crumbs, views.Crumb{Text: name, Href: href}), more...)
	p := h.page(c, title, menu, crumbs...)
	p.Side = side
	return p
}

// balanceDays is how many days the customer's balance chart shows.
const balanceDays = 30

// fundsVM reads the customer's balance, what its funding partner may allocate (the reseller's
// cash, for a master distributor looking at a reseller's customer) and its latest adjust records.
func (h *Customers) fundsVM(c echo.Context, d *models.CustomerDetail) (*views.CustomerFundsVM, error) {
	ctx, a, u := c.Request().Context(), actor(c), currentUser(c)
	cust := d.Customer
	vm := &views.CustomerFundsVM{Consignment: cust.Mode == models.Consignment, Frozen: cust.Frozen != 0,
		MayMove: u.Roles.Has(models.RoleAdmin, models.RoleFinance), Funder: d.Partner.Name}
	var reseller uint64 // the customer's reseller, when the actor is its master distributor
	if d.Partner.ID != a.PartnerID {
		reseller = d.Partner.ID
	}
	var err error
	if vm.Balance, err = models.CustomerBalance(ctx, h.DB, cust.ID); err != nil {
		return nil, err
	}
	if vm.History, err = models.BalanceHistory(ctx, h.DB, a, cust.ID, balanceDays, h.Now()); err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err // (a customer without an account yet has no history)
	}
	if vm.Consignment && vm.MayMove {
		if vm.Allocatable, err = models.PartnerCash(ctx, h.DB, a, reseller); err != nil {
			return nil, err
		}
	}
	if vm.Arrears, err = models.CustomerArrears(ctx, h.DB, a, cust.ID); err != nil {
		return nil, err
	}
	recs, err := models.ListAdjustRecords(ctx, h.DB, a, models.AdjustFilter{CustomerID: cust.ID, ResellerID: reseller, Limit: customerRecords})
	if err != nil {
		return nil, err
	}
	vm.Records, vm.RecordsTotal = recs.Rows, recs.Total
	if can(c, views.PathAdjustRecords) {
		// by name: the filter shows what a person would type, not an id
		vm.RecordsHref = "/business/funds/adjust-records?customer=" + url.QueryEscape(cust.AccountName)
		if reseller != 0 {
			vm.RecordsHref += "&reseller=" + views.ID(reseller)
		}
	}
	return vm, nil
}

// couponsVM reads the coupons the customer's partner issued to it (its latest), for the detail page.
func (h *Customers) couponsVM(c echo.Context, d *models.CustomerDetail) (*views.CustomerCouponsVM, error) {
	a := actor(c)
	var reseller uint64
	if d.Partner.ID != a.PartnerID {
		reseller = d.Partner.ID
	}
	list, err := models.ListIssuedCoupons(c.Request().Context(), h.DB, a,
		models.CouponFilter{ResellerID: reseller, CustomerID: d.Customer.ID, Limit: customerRecords})
	if err != nil {
		return nil, err
	}
	return &views.CustomerCouponsVM{Rows: list.Rows, Total: list.Total, Now: h.Now(),
		MayIssue: reseller == 0 && currentUser(c).Roles.Has(models.RoleAdmin, models.RoleFinance)}, nil
}
