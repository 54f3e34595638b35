//go:build slow

package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Phones and tablets: every role's main pages at 390 px (a phone) and 768 px (a tablet). The top
// bar stays one row with the language switch and sign-out inside the screen, the page never
// scrolls sideways (a wide table scrolls inside its frame), and the menu, opened without
// JavaScript (a <details>), reaches the area's side menu. Each page is saved as a screenshot.

var layoutWidths = []int64{390, 768}

// layoutPages are the main pages of each demo role.
var layoutPages = []struct {
	user  string
	pages []string
}{
	{"provider", []string{"/", "/sales/customers", "/business/funds", "/business/coupons/issue", "/partner/members", "/partner/audit", "/partner/api"}},
	{"provider-sales", []string{"/", "/sales/customers", "/sales/expand", "/partner/profile"}},
	{"provider-finance", []string{"/", "/business/funds?customer=%E5%85%AC%E5%8F%B8", "/business/funds/adjust-records", "/business/coupons/issued"}},
	{"provider-viewer", []string{"/", "/sales/customers", "/business/coupons"}},
	{"distributor", []string{"/", "/business/funds/resellers", "/business/coupons/reseller-quotas", "/partner/resellers"}},
	{"operator", []string{"/", "/ops/applications", "/ops/partners", "/ops/deposits", "/ops/quotas", "/ops/audit"}},
	{"customer", []string{"/customer"}},
}

func TestBrowserPhoneLayout(t *testing.T) {
	for _, role := range layoutPages {
		t.Run(role.user, func(t *testing.T) {
			rig := newBrowserRig(t)
			app := newBrowserApp(t)
			b := rig.tab(app)
			b.login(role.user)
			for _, w := range layoutWidths {
				b.do("the screen", chromedp.EmulateViewport(w, 844, chromedp.EmulateMobile))
				for i, path := range role.pages {
					if st := b.open(path); st != 200 {
						t.Errorf("%s at %d px: %s answers %d", role.user, w, path, st)
						continue
					}
					b.checkNarrow(fmt.Sprintf("%s %s at %d px", role.user, path, w))
					b.shot(fmt.Sprintf("layout-%d-%s-%d", w, role.user, i))
				}
				b.checkPhoneMenu(role.user, w)
				// English labels are longer: the bar must still hold them
				b.open(role.pages[0] + "?lang=en-US")
				b.checkNarrow(fmt.Sprintf("%s in English at %d px", role.user, w))
				b.shot(fmt.Sprintf("layout-%d-%s-en", w, role.user))
				b.open(role.pages[len(role.pages)-1])
				b.checkNarrow(fmt.Sprintf("%s %s in English at %d px", role.user, role.pages[len(role.pages)-1], w))
				b.shot(fmt.Sprintf("layout-%d-%s-en-last", w, role.user))
				b.open("/?lang=zh-CN")
			}
		})
	}
}

// checkNarrow: one row of top bar, its controls inside the screen, no sideways scrolling.
func (b *browserTab) checkNarrow(where string) {
	b.t.Helper()
	type narrow struct {
		Bar       float64  `json:"bar"`
		Overflow  float64  `json:"overflow"`
		Outside   []string `json:"outside"`
		MenuShown bool     `json:"menu"`
	}
	js := `(() => {
		const w = document.documentElement.clientWidth, out = [];
		for (const sel of ['[data-testid="lang-zh"]', '[data-testid="lang-en"]', '[data-testid="logout"]', '.phone-menu summary']) {
			const el = document.querySelector(sel);
			if (!el) { out.push(sel + " missing"); continue; }
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.left < 0 || r.right > w) out.push(sel);
		}
		return {bar: document.querySelector(".topbar").getBoundingClientRect().height,
			overflow: document.documentElement.scrollWidth - w, outside: out,
			menu: getComputedStyle(document.querySelector(".menus")).display !== "none"};
	})()`
	got := browserRun(b, "measure "+where, chromedp.Evaluate[narrow](js))
	if got.Bar > 48 {
		b.t.Errorf("%s: the top bar is %.0f px high: it wrapped", where, got.Bar)
	}
	if got.Overflow > 0 {
		b.t.Errorf("%s: the page scrolls %.0f px sideways", where, got.Overflow)
	}
	if len(got.Outside) > 0 {
		b.t.Errorf("%s: not inside the screen: %v", where, got.Outside)
	}
	if got.MenuShown {
		b.t.Errorf("%s: the desktop menus show on a narrow screen", where)
	}
}

// checkPhoneMenu opens the menu (a click on <summary>: no script of ours runs) and follows the
// side menu's last link, which the narrow screen hides elsewhere.
func (b *browserTab) checkPhoneMenu(user string, w int64) {
	b.t.Helper()
	b.open("/")
	b.do("open the menu", chromedp.Click(chromedp.CSS(".phone-menu summary")))
	b.visible(".phone-panel a.phone-top")
	b.shot(fmt.Sprintf("layout-%d-%s-menu", w, user))
	if user == "customer" {
		return
	}
	last := b.count(".menus a") // the last area's page, whose side menu then shows in the menu
	if last == 0 {
		b.t.Fatalf("%s: no menus", user)
	}
	b.click(fmt.Sprintf(".phone-panel a.phone-top:nth-of-type(%d)", last))
	b.do("open the menu", chromedp.Click(chromedp.CSS(".phone-menu summary")))
	b.visible(".phone-panel .phone-side a")
	b.shot(fmt.Sprintf("layout-%d-%s-menu-side", w, user))
}

// TestBrowserTablesScrollWithPage: on a desk, a long table scrolls with the page (no frame of
// its own clipping its rows) and its header sticks under the top bar.
func TestBrowserTablesScrollWithPage(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("provider")
	for _, path := range []string{"/partner/audit?limit=50", "/partner/api", "/sales/customers?limit=50"} {
		b.open(path)
		type table struct {
			Clipped  bool    `json:"clipped"`
			HeadTop  float64 `json:"headTop"`
			Scrolled float64 `json:"scrolled"`
		}
		got := browserRun(b, "scroll "+path, chromedp.Evaluate[table](`(() => {
			const wrap = document.querySelector(".table-wrap");
			const clipped = wrap.scrollHeight > wrap.clientHeight + 1;
			wrap.scrollIntoView();
			window.scrollBy(0, 400);
			return {clipped, headTop: wrap.querySelector("th").getBoundingClientRect().top, scrolled: window.scrollY};
		})()`))
		if got.Clipped {
			t.Errorf("%s: the table scrolls inside its own frame", path)
		}
		if got.Scrolled > 0 && (got.HeadTop < 47 || got.HeadTop > 49) {
			t.Errorf("%s: scrolled %.0f px, the header is at %.0f px, want under the top bar (48)", path, got.Scrolled, got.HeadTop)
		}
		b.shot("layout-1440-scrolled-" + strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path[1:]))
	}
}
