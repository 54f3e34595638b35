package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerhub/models"
	"partnerhub/views"
)

// TestOpsAdjustPage: the operator adjusts a customer's bill by its account name; a refused form
// says why beside the field and moves nothing; the latest adjustments list names, not ids.
func TestOpsAdjustPage(t *testing.T) {
	t.Parallel()
	w := newFundsWorld(t)
	const page = "/ops/bills/adjust"
	op := w.app.client(t).login("operator")
	name := dbValue[string](t, w.app, `SELECT account_name FROM customers WHERE id = ?`, w.customer)
	form := func(kind, amount, reason string) url.Values {
		f := moneyForm(t, op, page, `[data-testid="adjust-form"]`, amount)
		f.Del("memo")
		f.Set("customer", name)
		f.Set("kind", kind)
		f.Set("reason", reason)
		return f
	}
	const seeded = 2 // the demo's compensation and deduction of demo-customer's previous cycle
	if r := op.get(page); r.Status != http.StatusOK || r.count(`[data-testid="adjust-row"]`) != seeded || r.count(`nav a[href="`+page+`"]`) == 0 ||
		r.Doc.Find(`select[name="cycle"] option[selected]`).AttrOr("value", "") != "2026-11" {
		t.Fatalf("the page: %d, %d rows", r.Status, r.count(`[data-testid="adjust-row"]`))
	}
	before := w.transfers(t)
	deduct := form("16", "5.00", "服务费补扣")
	deduct.Set("service", "hws.service.type.ec2")
	conf := op.post(page, page+"/confirm", deduct) // the confirmation names what will happen and moves nothing
	if conf.Status != http.StatusOK || conf.text(`[data-testid="confirm-amount"]`) != "¥5.00" || conf.text(`[data-testid="confirm-customer"]`) != name ||
		conf.text(`[data-testid="confirm-reason"]`) != "服务费补扣" || conf.text(`[data-testid="confirm-cycle"]`) != "2026-11" || conf.Doc.Find(`[data-testid="confirm-form"]`).AttrOr("action", "") != page ||
		conf.Doc.Find(`[data-testid="confirm-form"] input[name="idem"]`).AttrOr("value", "") != deduct.Get("idem") {
		t.Fatalf("confirmation: %d %q %q", conf.Status, conf.text(`[data-testid="confirm-amount"]`), conf.text(`[data-testid="confirm-customer"]`))
	}
	if w.transfers(t) != before {
		t.Fatal("the confirmation moved money")
	}
	for range 2 { // a double-click adjusts once
		if res := op.post(page, page, deduct); res.Status != http.StatusSeeOther || res.Location != page {
			t.Fatalf("deduction: %d → %s", res.Status, res.Location)
		}
	}
	r := op.get(page)
	if f := r.text(`[data-testid="flash"]`); !strings.Contains(f, name) || !strings.Contains(f, "¥5.00") {
		t.Errorf("flash %q", f)
	}
	if n := r.count(`[data-testid="adjust-row"]`); n != 1+seeded {
		t.Fatalf("%d rows, want %d", n, 1+seeded)
	}
	row := r.Doc.Find(`[data-testid="adjust-row"]`).First().Text()
	for _, want := range []string{name, "扣费", "2026-11", "服务费补扣", "¥5.00"} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	if strings.Contains(row, "hws.service") {
		t.Errorf("row %q shows a code", row)
	}
	bill := dbValue[int64](t, w.app, `SELECT COALESCE(SUM(amount), 0) FROM monthly_sums WHERE customer_id = ? AND bill_cycle = '2026-11'`, w.customer)
	moved := w.transfers(t)
	refused := []struct {
		name, field string
		f           url.Values
		says        string
	}{
		{"over the bill", "amount", form("9", "999999.00", "too much"), "2026-11"},
		{"no reason", "reason", form("16", "1", " "), ""},
		{"amount 0", "amount", form("16", "0", "x"), ""},
		{"3 decimals", "amount", form("16", "1.005", "x"), ""},
		{"unknown customer", "customer", func() url.Values { f := form("16", "1", "x"); f.Set("customer", "nobody-here"); return f }(), ""},
		{"cycle 2026-13", "cycle", func() url.Values { f := form("16", "1", "x"); f.Set("cycle", "2026-13"); return f }(), "YYYY-MM"},
		{"a future cycle", "cycle", func() url.Values { f := form("16", "1", "x"); f.Set("cycle", "2026-12"); return f }(), "尚未开始"},
		{"a cycle too old", "cycle", func() url.Values { f := form("16", "1", "x"); f.Set("cycle", "2025-11"); return f }(), "11"},
		{"a settled bill", "cycle", func() url.Values {
			f := form("9", "1", "x")
			f.Set("customer", "demo-customer")
			f.Set("cycle", "2026-10")
			demo := demoCustomerID(t, w.app) // its partner's finance settles its bill of 2026-10
			settle := w.app.client(t).login("provider-finance").post(views.BillHref(demo, "2026-10"), views.Path(views.PathBill, demo)+"/settle",
				url.Values{"cycle": {"2026-10"}, "invoice_no": {"INV-2026-10"}, "invoice_date": {"2026-11-02"}})
			if settle.Status != http.StatusSeeOther {
				t.Fatalf("settle: %d", settle.Status)
			}
			return f
		}(), "2026-10 账期的账单已结算开票：请先由伙伴在账单页撤销结算"},
	}
	for _, tc := range refused {
		path := page + "/confirm" // refused before the confirmation, save what only the adjustment knows
		if tc.name == "over the bill" || tc.name == "a settled bill" {
			path = page
		}
		res := op.post(page, path, tc.f)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.text(`[data-testid="error-`+tc.field+`"]`), tc.says) {
			t.Errorf("%s: %d, %q", tc.name, res.Status, res.text(`[data-testid="error-`+tc.field+`"]`))
		}
	}
	if over := op.post(page, page, form("9", "999999.00", "too much")); !strings.Contains(over.text(`[data-testid="error-amount"]`), views.Money(models.Fen(bill))) {
		t.Errorf("over the bill says %q, want the bill %s", over.text(`[data-testid="error-amount"]`), views.Money(models.Fen(bill)))
	}
	if w.transfers(t) != moved {
		t.Error("a refused adjustment moved money")
	}
	if moved == before && bill == 0 {
		t.Error("the deduction moved nothing and billed nothing")
	}
	if res := op.post(page, page, form("9", "1.00", "outage")); res.Status != http.StatusSeeOther {
		t.Errorf("compensation: %d", res.Status)
	}
	if r := op.get(page + "?lang=en-US"); !strings.Contains(r.text("h1"), "Bill adjustments") || !strings.Contains(r.text(`[data-testid="adjust-row"]`), "Compensation") {
		t.Errorf("in English: %q / %q", r.text("h1"), r.text(`[data-testid="adjust-row"]`))
	}
	for _, user := range []string{"provider", "distributor"} {
		c := w.app.client(t).login(user)
		if s := c.get(page).Status; s != http.StatusForbidden {
			t.Errorf("%s on the adjustments page: %d", user, s)
		}
	}
	ledgerIntact(t, w.app)
}

// TestDemoBillShowsAdjustments: the demo customer's bill of the previous cycle shows the demo's
// compensation and deduction among its fee records, in both languages.
func TestDemoBillShowsAdjustments(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	demo := demoCustomerID(t, app)
	finance := app.client(t).login("provider-finance")
	// each language named: the choice is kept in the session, so an unnamed one would be the last one
	for lang, words := range map[string][]string{"&lang=zh-CN": {"调账-补偿", "调账-扣费"}, "&lang=en-US": {"Adjustment: compensation", "Adjustment: deduction"}} {
		r := finance.get(views.BillHref(demo, "2026-10") + lang)
		records := r.Doc.Find(`[data-testid="fee-record"]`).Text()
		for _, w := range words {
			if r.Status != http.StatusOK || !strings.Contains(records, w) {
				t.Errorf("%s: %d, records lack %q: %q", lang, r.Status, w, records)
			}
		}
	}
}
