package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Funds is Customer business > Funds (资金管理): balances, adjust records (调账记录), account
// change records (收支明细) and a master distributor's reseller funding.
type Funds struct{ *base }

const (
	resellerFundsPath = views.PathResellerFunds
	recentRecords     = 5
)

// Index shows the partner's balances and latest adjust records.
func (h *Funds) Index(c echo.Context) error {
	ctx, a, pt := c.Request().Context(), actor(c), currentPartner(c)
	vm := views.FundsHomeVM{IsMaster: pt.Kind == models.MasterDistributor}
	var err error
	if vm.Balances, err = models.PartnerBalances(ctx, h.DB, a); err != nil {
		return err
	}
	if vm.IsMaster {
		if vm.Resellers, err = models.ResellerBalances(ctx, h.DB, a); err != nil {
			return err
		}
	}
	recent, err := models.ListAdjustRecords(ctx, h.DB, a, models.AdjustFilter{Limit: recentRecords})
	if err != nil {
		return err
	}
	vm.Recent = recent.Rows
	if vm.Pick, err = h.pickCustomer(c); err != nil {
		return err
	}
	status := http.StatusOK
	if vm.Pick.Err != "" {
		status = http.StatusUnprocessableEntity
	}
	p := h.page(c, "funds.title", "nav.business", views.Crumb{Key: "nav.business"}, views.Crumb{Key: "nav.funds"})
	p.Side = businessSide("funds", pt)
	return render(c, status, views.FundsHomePage(p, vm))
}

// AdjustRecords lists allocations, reclaims and reseller fundings, filtered and paged, or exports
// them all as CSV. A reseller that is not the master distributor's is ignored, like any bad filter.
func (h *Funds) AdjustRecords(c echo.Context) error {
	ctx, a, pt := c.Request().Context(), actor(c), currentPartner(c)
	v := c.QueryParams()
	q := parseRecordQuery(v, adjustKinds(pt))
	f := q.adjustFilter(v)
	if q.CustomerDID != "" || q.CustomerName != "" {
		var cust *models.Customer
		var err error
		if q.CustomerDID != "" {
			cust, err = models.FundCustomerByDomainID(ctx, h.DB, a, q.CustomerDID, f.ResellerID)
		} else {
			cust, err = models.FundCustomerByAccountName(ctx, h.DB, a, q.CustomerName, f.ResellerID)
		}
		switch {
		case errors.Is(err, models.ErrNotFound), errors.Is(err, models.ErrNotYourReseller):
			q.Form.Customer = ""
			q.bad("customer")
		case err != nil:
			return err
		default:
			f.CustomerID = cust.ID
		}
	}
	list, err := models.ListAdjustRecords(ctx, h.DB, a, f)
	if errors.Is(err, models.ErrNotYourReseller) {
		f.ResellerID, q.Form.Reseller = 0, ""
		q.bad("reseller")
		list, err = models.ListAdjustRecords(ctx, h.DB, a, f)
	}
	if err != nil {
		return err
	}
	if q.CSV {
		return h.adjustCSV(c, list, views.PartyKey(pt.Kind == models.MasterDistributor))
	}
	vm := views.AdjustRecordsVM{Form: q.Form, Ignored: q.Ignored, Kinds: adjustKinds(pt), Rows: list.Rows,
		Pager:    views.Pager{Page: q.Page, Limit: q.Limit, Total: list.Total, URL: pagerURL(c)},
		IsMaster: pt.Kind == models.MasterDistributor, ExportHref: exportHref(c.Request().URL), MaxExport: maxExport}
	if vm.IsMaster {
		if vm.Resellers, err = models.ListResellers(ctx, h.DB, a); err != nil {
			return err
		}
	}
	p := h.page(c, "nav.adjust_records", "nav.business", views.Crumb{Key: "nav.business"},
		views.Crumb{Key: "nav.funds", Href: views.PathFunds}, views.Crumb{Key: "nav.adjust_records"})
	p.Side = businessSide("adjust", pt)
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.AdjustRecordsPage(p, vm))
}

func (h *Funds) adjustCSV(c echo.Context, list *models.AdjustRecords, party string) error {
	lang := langOf(c)
	actors := make([]uint64, 0, len(list.Rows))
	for _, r := range list.Rows {
		actors = append(actors, r.ActorUserID)
	}
	names, err := models.NamesOf(c.Request().Context(), h.DB, actors)
	if err != nil {
		return err
	}
	header := []string{views.T(lang, "funds.time"), views.T(lang, "funds.trans_id"), views.T(lang, "funds.kind"),
		views.T(lang, party), views.T(lang, "funds.party_id"), views.T(lang, "funds.amount"),
		views.T(lang, "funds.memo"), views.T(lang, "funds.operator")}
	rows := make([][]string, 0, len(list.Rows))
	for _, r := range list.Rows {
		rows = append(rows, []string{csvTime(r.CreatedAt), r.TransID, views.T(lang, "tkind."+string(r.Kind)),
			r.CustomerName, r.CustomerDID, csvMoney(r.AmountMoney()), views.MemoText(lang, r.Memo), names[r.ActorUserID]})
	}
	return writeCSV(c, "adjust-records", h.Now(), header, rows)
}

// Statement lists the changes of the partner's cash account with the balance after each, or
// exports them as CSV.
func (h *Funds) Statement(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	q := parseRecordQuery(c.QueryParams(), statementKinds)
	f := models.StatementFilter{Kind: q.Kind, From: q.From, To: q.To, Limit: q.Limit, Offset: offsetOf(q.Page, q.Limit)}
	if q.CSV {
		f.Offset, f.Limit = 0, maxExport
	}
	st, err := models.PartnerStatement(ctx, h.DB, a, f)
	if err != nil {
		return err
	}
	if q.CSV {
		return statementCSV(c, st, h.Now())
	}
	b, err := models.PartnerBalances(ctx, h.DB, a)
	if err != nil {
		return err
	}
	vm := views.StatementVM{Form: q.Form, Ignored: q.Ignored, Kinds: statementKinds, Rows: st.Rows, Balance: b.Cash,
		Pager:      views.Pager{Page: q.Page, Limit: q.Limit, Total: st.Total, URL: pagerURL(c)},
		ExportHref: exportHref(c.Request().URL), MaxExport: maxExport}
	p := h.page(c, "nav.statement", "nav.business", views.Crumb{Key: "nav.business"},
		views.Crumb{Key: "nav.funds", Href: views.PathFunds}, views.Crumb{Key: "nav.statement"})
	p.Side = businessSide("statement", currentPartner(c))
	if vm.Pager.PastEnd() {
		return toLastPage(c, vm.Pager)
	}
	return render(c, http.StatusOK, views.StatementPage(p, vm))
}

func statementCSV(c echo.Context, st *models.Statement, now time.Time) error {
	lang := langOf(c)
	header := []string{views.T(lang, "funds.time"), views.T(lang, "funds.trans_id"), views.T(lang, "funds.kind"),
		views.T(lang, "funds.income"), views.T(lang, "funds.expense"), views.T(lang, "funds.balance_after"), views.T(lang, "funds.memo")}
	rows := make([][]string, 0, len(st.Rows))
	for _, r := range st.Rows {
		income, expense := csvMoney(models.Fen(r.Amount)), ""
		if r.Amount < 0 {
			income, expense = "", csvMoney(models.Fen(-r.Amount))
		}
		rows = append(rows, []string{csvTime(r.CreatedAt), r.TransID, views.T(lang, "tkind."+string(r.Kind)),
			income, expense, csvMoney(models.Fen(r.BalanceAfter)), views.MemoText(lang, r.Memo)})
	}
	return writeCSV(c, "account-changes", now, header, rows)
}

// Resellers is a master distributor's reseller funding page; other partners have none.
func (h *Funds) Resellers(c echo.Context) error {
	return h.renderResellers(c, http.StatusOK, 0, views.FundsForm{})
}

// FundReseller (向云经销商拨款) moves money from the master distributor to a reseller.
func (h *Funds) FundReseller(c echo.Context) error {
	return h.moveReseller(c, models.FundReseller, "funds.reseller_funded")
}

// ReclaimReseller (回收云经销商余额) moves a reseller's balance back to its master distributor.
func (h *Funds) ReclaimReseller(c echo.Context) error {
	return h.moveReseller(c, models.ReclaimFromReseller, "funds.reseller_reclaimed")
}

func (h *Funds) moveReseller(c echo.Context, move fundsMove, done string) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	form, in := bindFunds(c)
	t, err := move(c.Request().Context(), h.DB, actor(c), id, in, h.Now())
	switch {
	case errors.Is(err, models.ErrNotYourReseller): // another partner's reseller, as any unknown id
		return echo.NewHTTPError(http.StatusNotFound)
	case err != nil && fundsRefusal(c, &form, err):
		return h.renderResellers(c, http.StatusUnprocessableEntity, id, form)
	case err != nil:
		return err
	}
	names, err := models.PartnerNamesOf(c.Request().Context(), h.DB, []uint64{id})
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), done, names[id], views.Money(t.AmountMoney()), t.TransID), resellerFundsPath)
}

// renderResellers renders the reseller funding page; after a refused post, the posted values and
// errors go back into reseller rowID's form. Every form gets a fresh one-time token.
func (h *Funds) renderResellers(c echo.Context, status int, rowID uint64, posted views.FundsForm) error {
	ctx, a, pt, u := c.Request().Context(), actor(c), currentPartner(c), currentUser(c)
	if pt.Kind != models.MasterDistributor {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	rows, err := models.ResellerBalances(ctx, h.DB, a)
	if err != nil {
		return err
	}
	b, err := models.PartnerBalances(ctx, h.DB, a)
	if err != nil {
		return err
	}
	vm := views.ResellerFundsVM{Cash: b.Cash, Rows: rows, Forms: map[uint64]views.FundsForm{},
		MayMove: u.Roles.Has(models.RoleAdmin, models.RoleFinance)}
	found := rowID == 0
	for _, r := range rows {
		f := views.FundsForm{}
		if r.Partner.ID == rowID {
			f, found = posted, true
		}
		f.Idem = newToken()
		vm.Forms[r.Partner.ID] = f
	}
	if !found { // a malformed post for a reseller that is not this partner's
		return echo.NewHTTPError(http.StatusNotFound)
	}
	p := h.page(c, "funds.reseller_funding", "nav.business", views.Crumb{Key: "nav.business"},
		views.Crumb{Key: "nav.funds", Href: views.PathFunds}, views.Crumb{Key: "nav.reseller_funds"})
	p.Side = businessSide("resellers", pt)
	return render(c, status, views.ResellerFundsPage(p, vm))
}
