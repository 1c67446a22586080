package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// rtlDir is a small Arabic help center: site.yaml's language: ar gives
// its pages dir="rtl" and the theme's Arabic words.
const rtlDir = "testdata/rtl"

const rtlArticle = "/billing/payments/refunds/"

var rtlSite = &builtSite{src: rtlDir}

// startRTL builds testdata/rtl once and serves it with kb's server in
// production mode, search included, as startSite does the example site.
func startRTL(t *testing.T) *testSite { return rtlSite.serve(t) }

// rtlLayoutJS measures what a right-to-left article shows, each value a
// fact that holds when the page is mirrored.
const rtlLayoutJS = `(() => {
	const q = s => document.querySelector(s), box = s => q(s).getBoundingClientRect();
	const crumbs = Array.from(document.querySelectorAll(".breadcrumbs li")).map(li => li.getBoundingClientRect());
	const pre = q(".prose pre"), code = q(".prose p code"), kbd = q(".prose kbd");
	const range = document.createRange();
	range.selectNodeContents(pre.querySelector("code") || pre);
	const text = range.getClientRects()[0];
	const callout = getComputedStyle(q(".callout"));
	const prev = q(".prevnext .prev"), next = q(".prevnext .next");
	return {
		dir: document.documentElement.dir + " " + getComputedStyle(document.body).direction,
		sidebarRight: box(".sidebar").left > box(".main").left && box(".sidebar").right > innerWidth - 60,
		crumbsRightToLeft: crumbs.length === 3 && crumbs.every((r, i) => i === 0 || r.right <= crumbs[i - 1].left + 1),
		crumbSeparator: getComputedStyle(document.querySelector(".breadcrumbs li"), "::after").content,
		codeLTR: [pre, code, kbd].map(e => getComputedStyle(e).direction).join(" "),
		codeStartsLeft: text.left - pre.getBoundingClientRect().left < 40,
		calloutBorder: callout.borderRightWidth + " " + callout.borderLeftWidth,
		tocLeft: box(".toc").right < box(".article-body").left,
		tocBorder: getComputedStyle(q(".toc a")).borderRightWidth + " " + getComputedStyle(q(".toc a")).borderLeftWidth,
		prevRight: prev !== null && next !== null && prev.getBoundingClientRect().left > next.getBoundingClientRect().left,
		prevArrow: prev ? getComputedStyle(prev.querySelector(".prevnext-label"), "::before").content : "",
		nextArrow: next ? getComputedStyle(next.querySelector(".prevnext-label"), "::after").content : "",
		brandRight: box(".brand").left > box(".search-header").left,
		closeLeft: box(".announcement-close").right < box(".announcement-text").left,
		searchIconRight: box(".search-header .search-icon").left > box(".search-header input").left + box(".search-header input").width / 2,
		searchKeyLeft: box(".search-header .search-key").right < box(".search-header input").left + box(".search-header input").width / 2,
		tableStart: getComputedStyle(q(".prose th")).textAlign,
	};
})()`

type rtlLayout struct {
	Dir               string `json:"dir"`
	SidebarRight      bool   `json:"sidebarRight"`
	CrumbsRightToLeft bool   `json:"crumbsRightToLeft"`
	CrumbSeparator    string `json:"crumbSeparator"`
	CodeLTR           string `json:"codeLTR"`
	CodeStartsLeft    bool   `json:"codeStartsLeft"`
	CalloutBorder     string `json:"calloutBorder"`
	TOCLeft           bool   `json:"tocLeft"`
	TOCBorder         string `json:"tocBorder"`
	PrevRight         bool   `json:"prevRight"`
	PrevArrow         string `json:"prevArrow"`
	NextArrow         string `json:"nextArrow"`
	BrandRight        bool   `json:"brandRight"`
	CloseLeft         bool   `json:"closeLeft"`
	SearchIconRight   bool   `json:"searchIconRight"`
	SearchKeyLeft     bool   `json:"searchKeyLeft"`
	TableStart        string `json:"tableStart"`
}

// TestRightToLeftLayout opens an Arabic article on a wide screen: the
// page is mirrored (sidebar on the right, breadcrumbs reading from the
// right with a mirrored separator, "On this page" on the left, the
// callout's bar and previous/next mirrored, the header and banner
// reversed) while code, inline code and keys stay left to right; and no
// page of the site is wider than the window at any of the widths.
func TestRightToLeftLayout(t *testing.T) {
	t.Parallel()
	s := startRTL(t)
	tb := newTab(t, s)
	tb.viewport(1280, 900, false)
	tb.open(rtlArticle)
	waitJS(tb, `!document.querySelector(".search-key").hidden`) // kb.js shows the / hint once search answers
	got := evalJS[rtlLayout](tb, rtlLayoutJS)
	checks := []struct {
		name string
		ok   bool
		got  any
	}{
		{"dir", got.Dir == "rtl rtl", got.Dir},
		{"sidebar on the right", got.SidebarRight, got.SidebarRight},
		{"breadcrumbs from the right", got.CrumbsRightToLeft, got.CrumbsRightToLeft},
		{"breadcrumb separator mirrored", got.CrumbSeparator == `"\\" / ""`, got.CrumbSeparator},
		{"code, inline code and kbd left to right", got.CodeLTR == "ltr ltr ltr", got.CodeLTR},
		{"code block text starts on the left", got.CodeStartsLeft, got.CodeStartsLeft},
		{"callout bar on the right", got.CalloutBorder == "4px 0px", got.CalloutBorder},
		{"On this page on the left", got.TOCLeft, got.TOCLeft},
		{"On this page's marks on its right", got.TOCBorder == "2px 0px", got.TOCBorder},
		{"previous on the right", got.PrevRight, got.PrevRight},
		{"previous points right", got.PrevArrow == `"→ " / ""`, got.PrevArrow},
		{"next points left", got.NextArrow == `" ←" / ""`, got.NextArrow},
		{"brand on the right", got.BrandRight, got.BrandRight},
		{"banner's close button on the left", got.CloseLeft, got.CloseLeft},
		{"search icon on the right of the box", got.SearchIconRight, got.SearchIconRight},
		{"the / key hint on its left", got.SearchKeyLeft, got.SearchKeyLeft},
		{"table cells start on the right", got.TableStart == "start", got.TableStart},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}

	tb.expect("/no-such-page/", 404)
	for _, w := range []struct {
		w, h   int64
		mobile bool
	}{{390, 844, true}, {768, 1024, false}, {1280, 900, false}, {1920, 1080, false}} {
		tb.viewport(w.w, w.h, w.mobile)
		for _, p := range []string{"/", "/billing/", "/billing/payments/", rtlArticle, "/no-such-page/", searchPage + "?q=refund"} {
			tb.open(p)
			if wide := evalJS[[]string](tb, overflowWideJS); len(wide) > 0 {
				t.Errorf("%s at %d px: wider than the window:\n\t%s", p, w.w, strings.Join(wide, "\n\t"))
			}
			if overlaps := evalJS[[]string](tb, overlapJS); len(overlaps) > 0 {
				t.Errorf("%s at %d px: text over text:\n\t%s", p, w.w, strings.Join(overlaps, "\n\t"))
			}
		}
	}
}

// TestRightToLeftCardsAndHome: on the home page the first category's
// card is the rightmost, and its "See all" arrow points left.
func TestRightToLeftCardsAndHome(t *testing.T) {
	t.Parallel()
	s := startRTL(t)
	tb := newTab(t, s)
	tb.viewport(1280, 900, false)
	tb.open("/")
	if !evalJS[bool](tb, `(() => { const c = Array.from(document.querySelectorAll(".card")).map(e => e.getBoundingClientRect()); return c.length === 2 && c[0].left > c[1].left; })()`) {
		t.Errorf("the first card is not on the right")
	}
	if got := evalJS[string](tb, `document.querySelector(".see-all") ? getComputedStyle(document.querySelector(".see-all"), "::after").content : "none"`); got != `" ←" / ""` && got != "none" {
		t.Errorf("See all arrow = %s, want a left arrow", got)
	}
	if got := evalJS[string](tb, `document.querySelector(".hero input").placeholder`); got != "ابحث عن إجابات" {
		t.Errorf("search placeholder = %q, want the Arabic one", got)
	}
}

// TestRightToLeftScriptTexts: kb.js speaks the page's language, from the
// messages its asset starts with: the code block's Copy button and the
// search box's results.
func TestRightToLeftScriptTexts(t *testing.T) {
	t.Parallel()
	s := startRTL(t)
	tb := newTab(t, s)
	tb.viewport(1280, 900, false)
	tb.open(rtlArticle)
	waitJS(tb, `document.querySelector(".code-copy") !== null`)
	if got := evalJS[string](tb, `document.querySelector(".code-copy").textContent + " | " + document.querySelector(".code-copy").getAttribute("aria-label")`); got != "نسخ | نسخ الشيفرة" {
		t.Errorf("code copy button = %q", got)
	}
	if got := evalJS[string](tb, `getComputedStyle(document.querySelector(".code-copy")).right`); got != "8px" {
		t.Errorf("code copy button right = %s, want 8px: it stays at the code's top right", got)
	}
	tb.do(chromedp.SendKeys(header, "zzzzqqq"))
	waitJS(tb, `(document.querySelector(".search-header .search-none") || {}).textContent === "لا توجد مقالات تطابق «zzzzqqq»."`)
}

// TestRightToLeftAxe runs axe-core on the Arabic site's pages, light and
// dark: no serious or critical violation.
func TestRightToLeftAxe(t *testing.T) {
	t.Parallel()
	src := axeSource(t)
	s := startRTL(t)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			tb := newTab(t, s)
			tb.expect("/no-such-page/", 404)
			tb.setFeature("prefers-color-scheme", scheme)
			tb.onNewDocument(src)
			for _, p := range []string{"/", "/billing/", rtlArticle, "/no-such-page/", searchPage + "?q=refund"} {
				tb.open(p)
				for _, v := range evalJS[[]axeViolation](tb, runAxe) {
					t.Errorf("%s (%s): %s %s: %s\n\t%s", p, scheme, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
				}
			}
		})
	}
}

// TestRightToLeftScreenshots writes docs/screenshots/rtl-*.png, the
// Arabic article on a desktop and a phone, for the README. Like
// TestScreenshots it runs only when asked: -args -screenshots or
// KB_SCREENSHOTS=1.
func TestRightToLeftScreenshots(t *testing.T) {
	t.Parallel()
	if !*screenshotsFlag && os.Getenv("KB_SCREENSHOTS") != "1" {
		t.Log("not writing screenshots: pass -args -screenshots or set KB_SCREENSHOTS=1")
		return
	}
	s := startRTL(t)
	for _, d := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		tb := newTab(t, s)
		tb.viewport(d.w, d.h, d.mobile)
		tb.open(rtlArticle)
		evalJS[bool](tb, `document.fonts.ready.then(() => true)`)
		shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err == nil {
			shot, err = smallPNG(shot)
		}
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(screenshotDir, "rtl-article-"+d.name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRightToLeftExampleSite opens the example site's Arabic pages
// (/ar/, with its language switcher and the untranslated pages' fallback)
// on a phone and a desktop: nothing wider than the window, no text over
// text, and no serious or critical axe violation.
func TestRightToLeftExampleSite(t *testing.T) {
	t.Parallel()
	src := axeSource(t)
	s := startSite(t)
	tb := newTab(t, s)
	tb.onNewDocument(src)
	for _, w := range []struct {
		w, h   int64
		mobile bool
	}{{390, 844, true}, {1280, 900, false}} {
		tb.viewport(w.w, w.h, w.mobile)
		for _, p := range []string{"/ar/", "/ar/billing/", "/ar/billing/payments/", "/ar" + cardDeclined} {
			tb.open(p)
			if dir := evalJS[string](tb, `document.documentElement.dir`); dir != "rtl" {
				t.Errorf("%s: dir=%q", p, dir)
			}
			if wide := evalJS[[]string](tb, overflowWideJS); len(wide) > 0 {
				t.Errorf("%s at %d px: wider than the window:\n\t%s", p, w.w, strings.Join(wide, "\n\t"))
			}
			if overlaps := evalJS[[]string](tb, overlapJS); len(overlaps) > 0 {
				t.Errorf("%s at %d px: text over text:\n\t%s", p, w.w, strings.Join(overlaps, "\n\t"))
			}
			for _, v := range evalJS[[]axeViolation](tb, runAxe) {
				t.Errorf("%s at %d px: %s %s: %s\n\t%s", p, w.w, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
			}
		}
	}
}
