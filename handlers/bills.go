package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Bills is the customers' monthly consumption bills (客户月度消费账单): a cycle's customers with
// their totals, a customer's bill with its fee records, settlement, the CSV exports and the
// printable statement. The models decide what the partner sees (its customers, a master
// distributor's resellers' too) and who settles (finance and admins of the customer's partner).
type Bills struct{ *base }

// billRoutes: every finance reader reads bills; admins and finance members settle them.
func billRoutes(b *base) []route {
	h := &Bills{b}
	return []route{
		get(views.PathBills, h.Index, businessReaders),
		get(views.PathBillsCSV, h.Export, businessReaders),
		get(views.PathBill, h.Show, businessReaders),
		get(views.PathBillRecords, h.ExportRecords, businessReaders),
		get(views.PathBillStatement, h.Statement, businessReaders),
		get(views.PathPortalBills, h.Portal, customerUsers),
		post("/bills/:id/settle", h.Settle, issuers),
		post("/bills/:id/unsettle", h.Unsettle, issuers),
	}
}

// Index is a cycle's customers: a cycle that is no month, or has not begun, is refused in words
// (422) with the form to choose another.
func (h *Bills) Index(c echo.Context) error {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	q := parseBillQuery(c.QueryParams(), now, func(code string) bool { return cat.ServiceType(code) != nil })
	vm := views.BillsVM{Form: q.Form, Cat: cat, Cycles: models.Cycles(now, 18), Today: today(now)}
	if p := currentPartner(c); p != nil && p.Kind == models.MasterDistributor {
		if vm.Resellers, err = models.ListResellers(ctx, h.DB, a); err != nil {
			return err
		}
	}
	list, err := models.ListCycleBills(ctx, h.DB, a, q.Filter, now)
	var fe *models.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == "bill_cycle":
		// the month field cannot show a month it does not take: the message repeats what was asked
		vm.CycleError, vm.Ignored = q.Form.Cycle+views.T(langOf(c), "common.colon")+msg(c, err), q.Ignored
		return render(c, http.StatusUnprocessableEntity, views.BillsPage(h.billsPage(c), vm))
	case errors.As(err, &fe) && fe.Field == "customer": // too short, or not a search text
		q.bad("customer")
		q.Filter.Customer, vm.Form.Customer = "", ""
		list, err = models.ListCycleBills(ctx, h.DB, a, q.Filter, now)
	case errors.Is(err, models.ErrNotYourReseller):
		q.bad("reseller")
		q.Filter.ResellerID, vm.Form.Reseller = 0, ""
		list, err = models.ListCycleBills(ctx, h.DB, a, q.Filter, now)
	}
	if err != nil {
		return err
	}
	vm.Ignored, vm.Cycle, vm.Rows, vm.Totals, vm.Capped, vm.History = q.Ignored, list.Cycle, list.Rows, list.Totals, list.Capped, list.History
	vm.Pager = views.Pager{Page: q.Page, Limit: q.Limit, Total: list.Total, URL: pagerURL(c)}
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	u := *c.Request().URL
	u.Path = views.PathBills + "/export.csv"
	vm.ExportHref = u.RequestURI()
	return render(c, http.StatusOK, views.BillsPage(h.billsPage(c), vm))
}

func (h *Bills) billsPage(c echo.Context, crumbs ...views.Crumb) views.Page {
	cs := []views.Crumb{{Key: "nav.bills"}, {Key: "nav.bill_list", Href: views.PathBills}}
	if len(crumbs) == 0 {
		cs[1].Href = ""
	}
	return h.page(c, "bills.title", "nav.bills", append(cs, crumbs...)...)
}

// Export streams the cycle's customers of the list's filters as CSV.
func (h *Bills) Export(c echo.Context) error {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	q := parseBillQuery(c.QueryParams(), now, func(string) bool { return true })
	// the cycle, the scope and the search are checked before the first byte: a refusal is a page
	one := q.Filter
	one.Limit = 1
	if _, err := models.ListCycleBills(ctx, h.DB, a, one, now); err != nil {
		var fe *models.FieldError
		if errors.As(err, &fe) {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, msg(c, err))
		}
		return err
	}
	return streamCSV(c, "bills-"+q.Filter.Cycle, func(w *echo.Response) error {
		return models.ExportCycleBills(ctx, h.DB, a, q.Filter, views.CycleBillNames(langOf(c)), now, w)
	})
}

// streamCSV sends a CSV download as it is written: nothing is held but the writer's buffer.
func streamCSV(c echo.Context, name string, write func(*echo.Response) error) error {
	r := c.Response()
	r.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	r.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`.csv"`)
	r.Header().Set(echo.HeaderCacheControl, "no-store")
	r.WriteHeader(http.StatusOK)
	return write(r)
}

// Show is a customer's bill of a cycle and a page of its fee records.
func (h *Bills) Show(c echo.Context) error {
	vm, err := h.customerBill(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.BillPage(h.billPage(c, vm), *vm))
}

// customerBill is the bill of the customer the path names, as its partner sees it.
func (h *Bills) customerBill(c echo.Context) (*views.BillVM, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return h.bill(c, id, views.Path(views.PathBill, id))
}

// Portal is the customer's own bills in the portal: the same page, without the partner's
// settlement, statement and export.
func (h *Bills) Portal(c echo.Context) error {
	u := currentUser(c)
	if u.CustomerID == nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	vm, err := h.bill(c, *u.CustomerID, views.PathPortalBills)
	if err != nil {
		return err
	}
	vm.Portal = true
	p := h.page(c, "portal.bills", "nav.portal_bills", views.Crumb{Key: "nav.portal", Href: views.PathPortal}, views.Crumb{Key: "portal.bills"})
	return render(c, http.StatusOK, views.BillPage(p, *vm))
}

// bill loads the customer's bill of the cycle asked for (the running one by default) and its
// fee records' page; base is the page's path.
func (h *Bills) bill(c echo.Context, id uint64, base string) (*views.BillVM, error) {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	cycle := c.QueryParam("cycle")
	if cycle == "" {
		cycle = models.BillCycleOf(now)
	}
	b, err := models.GetCustomerBill(ctx, h.DB, a, id, cycle, now)
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return nil, echo.NewHTTPError(http.StatusUnprocessableEntity, msg(c, err))
	}
	if err != nil {
		return nil, err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return nil, err
	}
	q := parseBillQuery(c.QueryParams(), now, func(code string) bool { return cat.ServiceType(code) != nil })
	rf := models.FeeFilter{Cycle: b.Cycle.Cycle, CustomerID: id, ServiceType: q.Filter.ServiceType, ChargeMode: q.Filter.ChargeMode, BillType: q.Filter.BillType}
	records, err := models.ListFeeRecords(ctx, h.DB, a, rf, models.Paging{Offset: q.Filter.Offset, Limit: q.Limit})
	if err != nil {
		return nil, err
	}
	vm := &views.BillVM{Base: base, Bill: b, Cat: cat, Cycles: models.Cycles(now, 18), Records: records, RecordForm: q.Form, Ignored: q.Ignored,
		Settleable: b.Settleable(a), MaySettle: issuers.opens(currentUser(c), currentPartner(c)), Today: today(now),
		Settle: views.SettleForm{InvoiceDate: today(now), Errors: map[string]string{}}}
	vm.Pager = views.Pager{Page: q.Page, Limit: q.Limit, Total: records.Total, URL: pagerURL(c)}
	if vm.Usages, err = models.FeeRecordUsages(ctx, h.DB, records.Rows); err != nil {
		return nil, err
	}
	// a cycle's debt stays as it was charged; what the customer still owes is its arrears now
	if vm.Arrears, err = models.CustomerArrears(ctx, h.DB, a, id); err != nil {
		return nil, err
	}
	partner := views.Path(views.PathBill, id) // the partner's statement and export (not the portal's)
	vm.StatementHref = partner + "/statement?cycle=" + url.QueryEscape(b.Cycle.Cycle)
	vm.ExportHref = partner + "/records.csv?" + billRecordQuery(b.Cycle.Cycle, q.Form).Encode()
	if p := currentPartner(c); p != nil {
		vm.PartnerName = p.Name
	}
	return vm, nil
}

func billRecordQuery(cycle string, f views.BillFilterForm) url.Values {
	v := url.Values{"cycle": {cycle}}
	for k, s := range map[string]string{"service": f.Service, "charge_mode": f.ChargeMode, "bill_type": f.BillType} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

func (h *Bills) billPage(c echo.Context, vm *views.BillVM) views.Page {
	return h.billsPage(c, views.Crumb{Text: vm.Bill.Customer.AccountName})
}

// ExportRecords streams a customer's fee records of the cycle (the page's filters) as CSV.
func (h *Bills) ExportRecords(c echo.Context) error {
	ctx, a, now := c.Request().Context(), actor(c), h.Now()
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	q := parseBillQuery(c.QueryParams(), now, func(string) bool { return true })
	if _, err := models.CheckCycle(q.Filter.Cycle, now); err != nil {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, msg(c, err))
	}
	f := models.FeeFilter{Cycle: q.Filter.Cycle, CustomerID: id, ServiceType: q.Filter.ServiceType, ChargeMode: q.Filter.ChargeMode, BillType: q.Filter.BillType}
	// another partner's customer is not found before the download starts
	if _, err := models.ListFeeRecords(ctx, h.DB, a, f, models.Paging{Limit: 1}); err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctx, h.DB)
	if err != nil {
		return err
	}
	return streamCSV(c, "fee-records-"+strconv.FormatUint(id, 10)+"-"+f.Cycle, func(w *echo.Response) error {
		return models.ExportFeeRecords(ctx, h.DB, a, f, views.FeeRecordNames(cat, langOf(c)), w)
	})
}

// Statement is the customer's statement of the cycle, for printing.
func (h *Bills) Statement(c echo.Context) error {
	vm, err := h.customerBill(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.StatementPrint(h.billPage(c, vm), *vm))
}

// Settle marks the customer's bill of the cycle settled and invoiced.
func (h *Bills) Settle(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	in := models.SettleInput{CustomerID: id, Cycle: c.FormValue("cycle"), InvoiceNo: formText(c.FormValue("invoice_no"), 64),
		InvoiceDate: formText(c.FormValue("invoice_date"), 16)}
	b, err := models.SettleBill(c.Request().Context(), h.DB, actor(c), in, h.Now())
	if err != nil {
		return h.refused(c, err, views.SettleForm{InvoiceNo: in.InvoiceNo, InvoiceDate: in.InvoiceDate})
	}
	return flashAndBack(c, "success", views.T(langOf(c), "bills.settled_flash", b.BillCycle), views.BillHref(id, b.BillCycle))
}

// Unsettle undoes a settlement, with its reason.
func (h *Bills) Unsettle(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	reason := formText(c.FormValue("reason"), 400)
	b, err := models.UnsettleBill(c.Request().Context(), h.DB, actor(c), id, c.FormValue("cycle"), reason)
	if err != nil {
		return h.refused(c, err, views.SettleForm{Reason: reason})
	}
	return flashAndBack(c, "success", views.T(langOf(c), "bills.unsettled_flash", b.BillCycle), views.BillHref(id, b.BillCycle))
}

// refused re-renders the bill page with a refused settle or undo form's errors (422); a refusal
// that is no field's is said at the top of the form.
func (h *Bills) refused(c echo.Context, err error, f views.SettleForm) error {
	if errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrBillNotSettleable) {
		return err
	}
	c.QueryParams().Set("cycle", c.FormValue("cycle"))
	vm, lerr := h.customerBill(c)
	if lerr != nil {
		return lerr
	}
	if f.InvoiceDate == "" && f.Reason == "" {
		f.InvoiceDate = vm.Today
	}
	f.Errors = map[string]string{}
	if !fieldErrorsInto(c, err, f.Errors) {
		f.Err = msg(c, err)
	}
	for k, m := range f.Errors { // a refusal of no field of the form (the cycle) is the form's
		if k != "invoice_no" && k != "invoice_date" && k != "reason" {
			f.Err = m
		}
	}
	vm.Settle = f
	return render(c, http.StatusUnprocessableEntity, views.BillPage(h.billPage(c, vm), *vm))
}
