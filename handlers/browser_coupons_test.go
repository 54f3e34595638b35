//go:build slow

package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
)

// The coupon flows as a partner sees them in Chromium: issuing to several customers found by a
// search and by pasted account names, the confirmation's total, the per-customer result; the
// master distributor giving quota to a reseller and reviewing it; reclaiming a coupon.

func TestBrowserIssueCoupons(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	quota, balance := couponQuota(t, app, "provider", models.VoucherQuota)
	names := []string{}
	app.DB.Model(&models.Customer{}).Where("partner_id = ? AND frozen = 0", partnerID(t, app, "provider")).
		Order("id DESC").Limit(3).Pluck("account_name", &names)
	b := rig.tab(app)
	b.login("provider-finance")
	b.open("/business/coupons")
	b.visible(`[data-testid="quotas"]`)
	b.shot("30-coupon-quotas")
	b.click(`[data-testid="issue-link"]`)
	b.wantPath(issuePath)

	// a search finds the first customer; the other two are pasted
	b.typeIn("#f-q", names[0])
	b.click(`[data-testid="customer-search"]`)
	b.visible(`[data-testid="found"]`)
	b.do("choose the customer found", chromedp.Click(chromedp.CSS(`[data-testid="found"] input[name="customer"]`)))
	b.do("paste account names", chromedp.Focus(chromedp.CSS("#f-names")), chromedp.KeyEvent(names[1]+"\n"+names[2]))
	b.do("choose the quota", chromedp.SetValue(chromedp.CSS("#f-quota"), fmt.Sprint(quota)))
	b.typeIn("#f-face", "150")
	b.shot("31-issue-form")
	b.click(`[data-testid="preview"]`)
	if got := b.text(`[data-testid="preview-total"]`); got != "¥450.00" {
		t.Fatalf("total shown %q", got)
	}
	b.shot("32-issue-confirm")
	b.click(`[data-testid="confirm"]`)
	if !strings.HasPrefix(b.url().Path, "/business/coupons/issues/") {
		t.Fatalf("after confirming: %s", b.url().Path)
	}
	if got := b.count(`[data-testid="issue-result"][data-ok="true"]`); got != 3 {
		t.Errorf("%d customers issued, want 3", got)
	}
	b.shot("33-issue-result")
	if got := dbValue[int64](t, app, `SELECT balance FROM coupon_quotas WHERE id = ?`, quota); got != balance-45000 {
		t.Errorf("quota balance %d, want %d", got, balance-45000)
	}

	b.open("/business/coupons/issued?lang=en-US")
	b.visible(`[data-testid="coupons"]`)
	if got := b.column(`[data-testid="coupons"]`, `[data-testid="coupon-row"]`, "Face value"); len(got) < 3 || got[0] != "¥150.00" {
		t.Errorf("issued coupons %v", got)
	}
	b.shot("34-issued-coupons-en")
}

func TestBrowserResellerQuotasAndReclaim(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	parent, _ := couponQuota(t, app, "distributor", models.VoucherQuota)
	gz := partnerID(t, app, "reseller-gz")
	b := rig.tab(app)
	b.login("distributor")
	b.open(resellerQuotasPath)
	b.visible(`[data-testid="give-form"]`)
	b.do("choose the parent quota", chromedp.SetValue(chromedp.CSS(`[data-testid="give-form"] #f-quota`), fmt.Sprint(parent)))
	b.do("choose reseller-gz", chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid="give-form"] input[name="reseller"][value="%d"]`, gz))))
	b.typeIn("#f-amount", "5000")
	b.click(`[data-testid="give"]`)
	if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, "¥5,000.00") {
		t.Errorf("flash %q", f)
	}
	if got := b.count(`[data-testid="child-quota"]`); got != 3 {
		t.Errorf("%d child quotas listed, want 3", got)
	}
	b.shot("35-reseller-quotas")
	b.open(resellerQuotasPath + "/records")
	if got := b.column(`[data-testid="quota-op-records"]`, `[data-testid="quota-op-record"]`, "金额（元）"); len(got) == 0 || got[0] != "¥5,000.00" {
		t.Errorf("quota records %v", got)
	}
	b.shot("36-quota-records")

	// the reseller reclaims one of its coupons
	r := rig.tab(app)
	r.login("reseller")
	id := dbValue[uint64](t, app, `SELECT id FROM coupons WHERE partner_id = ? AND status = 2 AND balance > 0 ORDER BY id LIMIT 1`, partnerID(t, app, "reseller"))
	r.open(fmt.Sprintf("/business/coupons/issued/%d", id))
	r.click(`[data-testid="reclaim"]`) // the confirmation step, a page of its own (no JavaScript dialog)
	if got := r.text(`[data-testid="confirm-amount"]`); !strings.HasPrefix(got, "¥") {
		t.Errorf("confirmation amount %q", got)
	}
	r.shot("37a-coupon-reclaim-confirm")
	r.click(`[data-testid="confirm"]`)
	if f := r.text(`[data-testid="flash"]`); !strings.Contains(f, "已回收") {
		t.Errorf("flash %q", f)
	}
	if got := r.text(`[data-testid="coupon-status"]`); got != "已回收" {
		t.Errorf("status shown %q", got)
	}
	r.shot("37-coupon-reclaimed")
	ledgerIntact(t, app)
}
