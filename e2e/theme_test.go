package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The page backgrounds of the two palettes (style.css: --bg).
const (
	lightBG = "rgb(255, 255, 255)"
	darkBG  = "rgb(14, 17, 22)"
)

// themeState is what the reader sees of the theme.
type themeState struct {
	Theme   string `json:"theme"`   // html[data-theme], "" when unset
	Pressed string `json:"pressed"` // the toggle's aria-pressed
	BG      string `json:"bg"`      // the body's background colour
	FG      string `json:"fg"`      // the body's text colour
}

func (tb *tab) theme() themeState {
	tb.t.Helper()
	return evalJS[themeState](tb, `(() => {
		const b = document.querySelector("[data-theme-toggle]");
		const cs = getComputedStyle(document.body);
		return {theme: document.documentElement.dataset.theme || "", pressed: b ? b.getAttribute("aria-pressed") : "", bg: cs.backgroundColor, fg: cs.color};
	})()`)
}

func TestThemeToggleAppliesAndPersistsAcrossPages(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	if !tb.visible("[data-theme-toggle]") {
		t.Fatal("the theme toggle is not shown")
	}
	check := func(when, bg, pressed string) {
		t.Helper()
		if got := tb.theme(); got.BG != bg || got.Pressed != pressed {
			t.Errorf("%s: background %s, aria-pressed %s; want %s, %s", when, got.BG, got.Pressed, bg, pressed)
		}
	}
	check("system light", lightBG, "false")

	tb.click("[data-theme-toggle]")
	check("after the toggle", darkBG, "true")
	tb.follow(".prevnext a.next")
	check("on the next page", darkBG, "true")
	tb.open("/")
	check("on the home page", darkBG, "true")

	tb.click("[data-theme-toggle]")
	check("after toggling back", lightBG, "false")
	tb.open(webhooks)
	check("on another page", lightBG, "false")

	// A dark system: dark without a choice; choosing light sticks.
	evalJS[chromedp.Void](tb, "localStorage.clear()")
	tb.setFeature("prefers-color-scheme", "dark")
	tb.open(cardDeclined)
	check("system dark", darkBG, "true")
	if code := evalJS[string](tb, `getComputedStyle(document.querySelector(".prose pre, .table-wrap th")).backgroundColor`); code == "rgb(246, 248, 250)" {
		t.Errorf("system dark: the table header keeps its light background %s", code)
	}
	tb.click("[data-theme-toggle]")
	check("system dark, light chosen", lightBG, "false")
	tb.open(jsSDK)
	check("system dark, light chosen, next page", lightBG, "false")
}

func TestPhoneSidebarFoldsBehindButton(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.viewport(390, 844, true)
	for _, p := range []string{"/", "/billing/", cardDeclined, webhooks, "/no-such-page/"} {
		if p == "/no-such-page/" {
			tb.expect(p, 404)
		}
		tb.open(p)
		if w := evalJS[float64](tb, `document.documentElement.scrollWidth - innerWidth`); w > 0 {
			t.Errorf("%s: the page is %.0f px wider than a 390 px screen", p, w)
		}
	}
	tb.open(cardDeclined)
	if !tb.visible(".sidebar-toggle") {
		t.Fatal("no Browse articles button on a phone")
	}
	if tb.visible(".sidebar .nav") {
		t.Fatal("the sidebar is open on a phone before the button is pressed")
	}
	tb.click(".sidebar-toggle")
	if !tb.visible(`.sidebar a[aria-current="page"]`) {
		t.Fatal("pressing Browse articles does not show the sidebar with the current page")
	}
	tb.click(".sidebar-toggle")
	if tb.visible(".sidebar .nav") {
		t.Error("pressing Browse articles again does not close the sidebar")
	}
}

func TestPrintHidesNavigation(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	tb.click("[data-theme-toggle]") // dark on screen; print is light anyway
	tb.setMedia("print")
	// The breadcrumbs stay: on paper they say where the article belongs.
	for _, sel := range []string{".skip-link", ".search", ".theme-toggle", ".header-link", ".sidebar", ".toc",
		".article-actions", ".feedback", ".support", ".related", ".prevnext", ".footer-nav"} {
		if tb.visible(sel) {
			t.Errorf("%s is printed", sel)
		}
	}
	n := evalJS[int](tb, `Array.from(document.querySelectorAll("nav")).filter(n => !n.matches(".breadcrumbs") && n.checkVisibility()).length`)
	if n > 0 {
		t.Errorf("%d navigation blocks besides the breadcrumbs are printed", n)
	}
	for _, sel := range []string{"h1", ".prose", ".prose table"} {
		if !tb.visible(sel) {
			t.Errorf("%s is not printed", sel)
		}
	}
	if got := tb.theme(); got.BG != lightBG || got.FG != "rgb(0, 0, 0)" {
		t.Errorf("printed in %s on %s, want black on white", got.FG, got.BG)
	}
}

// blockBoxes is where the blocks at the top of a page sit, and where the
// pieces of the banner and the header line start and end: a control
// kb.js reveals in a row (the theme toggle, the banner's close button,
// Copy page) slides its neighbours sideways unless its room is kept.
const blockBoxes = `JSON.stringify(["header", ".page", "main h1", "main h1 + *", ".prose > :first-child", ".hero",
		".announcement", ".announcement-text", ".brand", ".search-header", ".header-nav", ".header-end", ".article-actions > :first-child"]
	.map(s => [s, document.querySelector(s)]).filter(([, el]) => el)
	.map(([s, el]) => { const r = el.getBoundingClientRect(), h = v => Math.round(v * 2) / 2; return s + " " + h(r.left) + "," + h(r.top) + " " + h(r.width) + "x" + h(r.height); }))`

// TestScriptMovesNothing compares each page with and without JavaScript,
// on the example site and on the re-branded one (its banner and header
// links): the script reveals controls (the theme toggle, the banner's
// close button, Copy page) in space that is already there, so nothing
// above the fold moves. A move is a layout shift for every reader whose
// first paint comes before the script runs, as on a slow phone, and as
// in Lighthouse's desktop run of the re-branded article (CLS 0.09: the
// banner grew 4 px when its close button showed, pushing the page down).
func TestScriptMovesNothing(t *testing.T) {
	t.Parallel()
	for _, site := range []struct {
		name  string
		start func(*testing.T) *testSite
	}{{"example", startSite}, {"rebrand", startRebrand}} {
		t.Run(site.name, func(t *testing.T) {
			t.Parallel()
			s := site.start(t)
			for _, d := range []struct {
				name   string
				w, h   int64
				mobile bool
			}{{"desktop", 1280, 800, false}, {"phone", 412, 823, true}, {"small phone", 360, 740, true}} {
				withJS, withoutJS := newTab(t, s), newTab(t, s)
				withoutJS.disableJS()
				for _, tb := range []*tab{withJS, withoutJS} {
					tb.viewport(d.w, d.h, d.mobile)
				}
				for _, p := range []string{"/", "/billing/", cardDeclined, webhooks} {
					withJS.open(p)
					withoutJS.open(p)
					if got, want := evalJS[string](withJS, blockBoxes), evalJS[string](withoutJS, blockBoxes); got != want {
						t.Errorf("%s (%s): the script moves the page's top blocks:\n\twith JavaScript:    %s\n\twithout JavaScript: %s", p, d.name, got, want)
					}
				}
			}
		})
	}
}
