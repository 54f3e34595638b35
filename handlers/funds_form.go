package handlers

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Money forms (allocate, reclaim, fund or reclaim from a reseller, deposit) share one shape: an
// amount, a memo, and a one-time token `idem`, fresh in every rendering of the form, that becomes
// the transfer's idempotency key. A double-click or a refresh posts the same token again, and the
// domain answers with the first transfer instead of moving the money twice.

const (
	idemField  = "idem"
	maxMemo    = 256 // characters, as the ledger allows
	minIdemLen = 16
	maxIdemLen = 128
)

// bindFunds reads a money form and checks its shape. The input it returns always goes to the
// domain function, even when the form is malformed: then its amount is zero, which every money
// function refuses after deciding who may act, so that a viewer gets 403 whatever it typed and the
// rule of who moves money lives in one place.
func bindFunds(c echo.Context) (views.FundsForm, models.FundsInput) {
	lang := langOf(c)
	f := views.FundsForm{Amount: c.FormValue("amount"), Memo: c.FormValue("memo"), Idem: c.FormValue(idemField)}
	var in models.FundsInput
	amount := strings.TrimSpace(f.Amount)
	m, err := models.ParseMoney(amount)
	switch {
	case amount == "":
		f.AmountErr = views.T(lang, "err.required")
	case err != nil:
		f.AmountErr = views.T(lang, "funds.amount_invalid")
	case !m.IsPositive():
		f.AmountErr = views.T(lang, "err.invalid_amount")
	default:
		in.Amount = m
	}
	memo, ok := cleanText(f.Memo, maxMemo)
	if !ok {
		f.MemoErr = views.T(lang, "funds.memo_too_long")
	}
	if !validIdem(f.Idem) {
		f.Err = views.T(lang, "funds.expired")
	}
	if f.Invalid() {
		return f, models.FundsInput{} // a zero amount: refused, never moved
	}
	in.Memo, in.IdempotencyKey = memo, f.Idem
	return f, in
}

// validIdem accepts the tokens the forms carry (newToken: base64url).
func validIdem(s string) bool {
	if len(s) < minIdemLen || len(s) > maxIdemLen {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

// fundsRefusal puts the domain's refusal of a money form on the form. It reports false for errors
// that are not the form's to show (not found, forbidden, unexpected), which the caller returns.
// When the form was already malformed, its own messages stand: they are more precise.
func fundsRefusal(c echo.Context, f *views.FundsForm, err error) bool {
	var field *string
	switch {
	case fieldOfErr(err) == "memo":
		field = &f.MemoErr
	case errors.Is(err, models.ErrInvalidAmount), errors.Is(err, models.ErrInvalidInput),
		errors.Is(err, models.ErrInsufficientBalance):
		field = &f.AmountErr
	case errors.Is(err, models.ErrNotConsignment), errors.Is(err, models.ErrCustomerFrozen),
		errors.Is(err, models.ErrIdempotencyConflict):
		field = &f.Err
	default:
		return false
	}
	if !f.Invalid() {
		*field = msg(c, err)
	}
	return true
}

// flashAndBack flashes a success and sends the browser to path (Post/Redirect/Get).
func flashAndBack(c echo.Context, kind, text, path string) error {
	if err := flash(c, kind, text); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, path)
}

// maxExport bounds a CSV export: as deep as paging goes.
const maxExport = models.MaxOffset

// writeCSV sends a CSV download through the one CSV writer (models.CSVWriter: a byte order mark
// for Excel, every cell safe from being run as a formula) with a header row.
func writeCSV(c echo.Context, name string, now time.Time, header []string, rows [][]string) error {
	var buf bytes.Buffer
	w := models.NewCSVWriter(&buf)
	w.Write(header...)
	for _, r := range rows {
		w.Write(r...)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`-`+now.In(models.BusinessZone).Format("20060102")+`.csv"`)
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// csvMoney shows an amount as plain 1234.50.
func csvMoney(m models.Money) string { return m.StringFixed(2) }

// csvTime shows a time in Asia/Shanghai, to the second.
func csvTime(t time.Time) string { return t.In(models.BusinessZone).Format("2006-01-02 15:04:05") }

// offsetOf turns a page into an offset, no deeper than paging goes.
func offsetOf(page, limit int) int {
	if page-1 > models.MaxOffset/limit {
		return models.MaxOffset - models.MaxOffset%limit
	}
	return (page - 1) * limit
}
