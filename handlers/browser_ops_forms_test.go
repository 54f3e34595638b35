//go:build slow

package handlers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"partnerhub/models"
	"partnerhub/views"
)

// opsFormWidths are a desk and a phone.
var opsFormWidths = []int64{1440, 390}

// setWidth emulates a screen width: a phone's as a phone.
func (b *browserTab) setWidth(w int64) {
	b.t.Helper()
	if w < 860 {
		b.do("the screen", chromedp.EmulateViewport(w, 844, chromedp.EmulateMobile))
		return
	}
	b.do("the screen", chromedp.EmulateViewport(w, viewportH))
}

// checkFits: nothing inside the card sel is wider than the card, and the page does not scroll
// sideways.
func (b *browserTab) checkFits(sel, where string) {
	b.t.Helper()
	type fit struct {
		Card, Inner, Page float64
	}
	got := browserRun(b, "measure "+where, chromedp.Evaluate[fit](fmt.Sprintf(`(() => {
		const card = document.querySelector(%q);
		let inner = 0;
		for (const el of card.querySelectorAll("*")) inner = Math.max(inner, el.getBoundingClientRect().right);
		const w = document.documentElement.clientWidth;
		return {Card: card.getBoundingClientRect().right, Inner: inner, Page: document.documentElement.scrollWidth - w};
	})()`, sel)))
	if got.Inner > got.Card+0.5 {
		b.t.Errorf("%s: the card's content reaches %.0f px, past its edge at %.0f px", where, got.Inner, got.Card)
	}
	if got.Page > 0 {
		b.t.Errorf("%s: the page scrolls %.0f px sideways", where, got.Page)
	}
}

// The operator deposits to a partner found by a part of its name: the picker lists names, one
// click chooses, the form names the partner chosen. At a desk and on a phone, in both languages.
func TestBrowserDepositSearch(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("operator")
	pid := partnerID(t, app, "provider")
	name := dbString(t, app, `SELECT name FROM partners WHERE id = ?`, pid)
	part := string([]rune(name)[2:5])
	for _, w := range opsFormWidths {
		for _, lang := range views.Langs {
			where := fmt.Sprintf("deposit at %d px in %s", w, lang)
			b.setWidth(w)
			b.open(views.PathDeposits + "?lang=" + lang)
			b.visible(`[data-testid="partner-search"]`)
			b.typeIn("#f-pq", part)
			b.click(`[data-testid="partner-search-submit"]`)
			b.visible(`[data-testid="partner-results"]`)
			b.checkFits(`section.card`, where+", results")
			b.shot(fmt.Sprintf("ops-deposit-search-%d-%s", w, lang))
			choose := fmt.Sprintf(`[data-testid="choose-partner"][href*="partner=%d"]`, pid)
			if got := b.text(choose); got != name {
				t.Fatalf("%s: the result reads %q, want %q", where, got, name)
			}
			b.click(choose)
			b.visible(`[data-testid="deposit-form"]`)
			if got := b.text(`[data-testid="chosen-name"]`); got != name {
				t.Errorf("%s: chosen %q", where, got)
			}
			b.typeIn("#f-deposit-amount", "10.00")
			b.typeIn("#f-deposit-memo", "BT-"+lang)
			b.checkFits(`section.card`, where+", form")
			b.shot(fmt.Sprintf("ops-deposit-form-%d-%s", w, lang))
			b.click(`[data-testid="deposit-submit"]`)
			if f := b.text(`[data-testid="flash"]`); !strings.Contains(f, name) || !strings.Contains(f, "¥10.00") {
				t.Errorf("%s: flash %q", where, f)
			}
		}
	}
}

// The directory import card fits its card, links its template, and an import with errors shows
// every error of a row under its line. At a desk and on a phone, in both languages.
func TestBrowserDirectoryImport(t *testing.T) {
	rig := newBrowserRig(t)
	app := newBrowserApp(t)
	b := rig.tab(app)
	b.login("operator")
	file := filepath.Join(t.TempDir(), "directory.csv")
	csv := "\ufeff" + strings.Join(models.DirectoryColumns, ",") + "\n" +
		"甲公司,91510100MA6C8XYW1,张三,100,2019/04/01,软件,成都,地址,存续\n" + // a bad code and a bad date
		"乙公司,91510100MA6C8XYW2K,,abc,2019-04-01,,,,关闭\n" + // a bad capital and a bad status
		"丙公司,91510100MA6C8XYW3K,,,2019-04-01,,,,吊销\n" // imported
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	imports := 0
	for _, w := range opsFormWidths {
		for _, lang := range views.Langs {
			where := fmt.Sprintf("import at %d px in %s", w, lang)
			b.setWidth(w)
			b.open(views.PathDirectory + "?lang=" + lang)
			b.visible(`[data-testid="dir-columns"]`)
			if got := b.count(`[data-testid="dir-template"][href="` + views.PathDirectoryTemplate + `"]`); got != 1 {
				t.Errorf("%s: no template link", where)
			}
			b.checkFits(`section.card`, where+", the card")
			b.shot(fmt.Sprintf("ops-directory-%d-%s", w, lang))
			b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
			b.click(`[data-testid="import"]`)
			b.visible(`[data-testid="rejected-rows"]`)
			// line 4 imports the first time, and is in the directory the next ones
			if n, want := b.count(`[data-testid="rejected-row"]`), 2+min(imports, 1); n != want {
				t.Errorf("%s: %d rows rejected, want %d", where, n, want)
			}
			imports++
			for line, n := range map[int]int{2: 2, 3: 2} {
				if got := b.count(fmt.Sprintf(`tr[data-line="%d"]`, line)); got != n {
					t.Errorf("%s: line %d shows %d errors, want %d", where, line, got, n)
				}
			}
			b.shot(fmt.Sprintf("ops-directory-report-%d-%s", w, lang))
			if w < 860 {
				b.checkNarrow(where)
			}
		}
	}
}
