package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyStop is one element that the keyboard focused, as a reader sees it.
type keyStop struct {
	Order        int     `json:"order"` // position in document order; -1 for none (body)
	Desc         string  `json:"desc"`  // tag, class and text, for messages
	FocusVisible bool    `json:"focusVisible"`
	Ring         string  `json:"ring"`     // "outline" or "box-shadow"; "" when neither is drawn
	Width        float64 `json:"width"`    // of the outline, px
	Contrast     float64 `json:"contrast"` // of the ring's colour against the background behind it
	OnScreen     bool    `json:"onScreen"`
	InMain       bool    `json:"inMain"`
	InSidebar    bool    `json:"inSidebar"`
}

// numberJS numbers every element in document order (data-kb-key) and
// returns the numbers of the controls a keyboard user should reach:
// links, buttons, fields and summaries that are shown, enabled and not
// taken out of the Tab order.
const numberJS = `(() => {
	Array.from(document.querySelectorAll("*")).forEach((el, i) => { el.dataset.kbKey = i; });
	return Array.from(document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"))
		.filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && el.getBoundingClientRect().width > 0)
		.map(el => +el.dataset.kbKey);
})()`

// numberControls runs numberJS once the page has settled: kb.js shows
// "Copy MCP URL" only when the search status it fetches says kb's server
// is there, so a page numbered before that answer came had one control
// fewer than Tab then reached ("27 Tab stops for 26 controls").
func numberControls(tb *tab) []int {
	tb.t.Helper()
	waitJS(tb, `(() => { const b = document.querySelector("[data-copy-mcp]"); return !b || !b.hidden; })()`)
	return evalJS[[]int](tb, numberJS)
}

// keyStopJS describes the focused element. The ring's contrast is taken
// against the first opaque background behind it: the element's own for
// an inset ring, its parent's for one drawn outside.
const keyStopJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return {order: -1, desc: "body"};
	const rgba = c => {
		const m = /rgba?\(([^)]*)\)/.exec(c || "");
		if (!m) return null;
		const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
		return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
	};
	const lum = c => {
		const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
	};
	const cs = getComputedStyle(el);
	let ring = "", color = null, width = 0, inset = false;
	if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) {
		ring = "outline"; color = rgba(cs.outlineColor); width = parseFloat(cs.outlineWidth);
		inset = parseFloat(cs.outlineOffset) < 0;
	} else if (cs.boxShadow && cs.boxShadow !== "none") {
		ring = "box-shadow"; color = rgba(cs.boxShadow); width = 0;
		inset = cs.boxShadow.includes("inset");
	}
	let bg = {r: 255, g: 255, b: 255, a: 1};
	for (let n = inset ? el : el.parentElement; n; n = n.parentElement) {
		const c = rgba(getComputedStyle(n).backgroundColor);
		if (c && c.a > 0.5) { bg = c; break; }
	}
	let contrast = 0;
	if (color && color.a > 0.5) {
		const a = lum(color), b = lum(bg);
		contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}
	const r = el.getBoundingClientRect();
	const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 40);
	return {
		order: +el.dataset.kbKey, desc: el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : "") + " " + JSON.stringify(text),
		focusVisible: el.matches(":focus-visible"), ring, width, contrast: Math.round(contrast * 100) / 100,
		onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
		inMain: !!el.closest("main"), inSidebar: !!el.closest(".sidebar"),
	};
})()`

// press sends one key to the page and describes what has the focus then.
func (tb *tab) press(key string) keyStop {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(key))
	return evalJS[keyStop](tb, keyStopJS)
}

// tabThrough presses Tab, on a page just opened, until the focus comes
// back round (or leaves the page) or limit Tabs, and returns every stop.
func (tb *tab) tabThrough(limit int) []keyStop {
	tb.t.Helper()
	var stops []keyStop
	for range limit {
		f := tb.press("\t")
		if f.Order < 0 || (len(stops) > 0 && f.Order == stops[0].Order) {
			break
		}
		stops = append(stops, f)
	}
	return stops
}

// checkRing reports a focused element whose focus ring a reader could miss.
func checkRing(t *testing.T, where string, f keyStop) {
	t.Helper()
	switch {
	case !f.FocusVisible:
		t.Errorf("%s: %s is focused by the keyboard but does not match :focus-visible", where, f.Desc)
	case f.Ring == "":
		t.Errorf("%s: %s has no focus ring (no outline, no box-shadow)", where, f.Desc)
	case f.Contrast < 3:
		t.Errorf("%s: %s's focus ring (%s) contrasts %.2f:1 with the background behind it, under 3:1", where, f.Desc, f.Ring, f.Contrast)
	case f.Ring == "outline" && f.Width < 2:
		t.Errorf("%s: %s's focus outline is %.1f px thin", where, f.Desc, f.Width)
	case !f.OnScreen:
		t.Errorf("%s: %s is focused off screen", where, f.Desc)
	}
}

// TestFocusRingIsVisibleInBothThemes tabs through an article, a category
// page and the 404 page in the light and the dark palette: every control
// is reached, in document order, and each shows a focus ring
// (:focus-visible) of at least 2 px contrasting 3:1 with what is behind
// it. (TestKeyboardReachesEveryControlInOrder does the home page and an
// article with code in the light palette.)
func TestFocusRingIsVisibleInBothThemes(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	for _, scheme := range []string{"light", "dark"} {
		tb := newTab(t, s)
		tb.setFeature("prefers-color-scheme", scheme)
		tb.expect("/no-such-page/", 404)
		for _, p := range []string{cardDeclined, "/billing/", "/no-such-page/"} {
			where := fmt.Sprintf("%s (%s)", p, scheme)
			tb.open(p)
			controls := numberControls(tb)
			stops := tb.tabThrough(len(controls) + 20)
			reached := map[int]bool{}
			for i, f := range stops {
				reached[f.Order] = true
				if i > 0 && f.Order <= stops[i-1].Order {
					t.Errorf("%s: Tab goes back from %s to %s", where, stops[i-1].Desc, f.Desc)
				}
				checkRing(t, where, f)
			}
			for _, c := range controls {
				if !reached[c] {
					t.Errorf("%s: Tab never reaches %s", where, evalJS[string](tb, fmt.Sprintf(`document.querySelector('[data-kb-key="%d"]').outerHTML.slice(0, 120)`, c)))
				}
			}
		}
	}
}

// TestSkipLinkLeadsToTheArticle: the first Tab shows the skip link on
// screen; Enter on it moves the focus to the article, so that the next
// Tab reaches the first control of the article, past the header and the
// sidebar.
func TestSkipLinkLeadsToTheArticle(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	for _, p := range []string{cardDeclined, "/billing/"} {
		tb.open(p)
		numberControls(tb)
		first := tb.press("\t")
		if !strings.Contains(first.Desc, "skip-link") {
			t.Fatalf("%s: the first Tab reaches %s, not the skip link", p, first.Desc)
		}
		checkRing(t, p, first)
		tb.press("\r")
		waitJS(tb, `location.hash === "#main"`)
		next := tb.press("\t")
		want := evalJS[int](tb, `(() => {
			const main = document.querySelector("main");
			const c = Array.from(main.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"))
				.find(el => el !== main && el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true}));
			return c ? +c.dataset.kbKey : -1;
		})()`)
		if !next.InMain || next.Order != want {
			t.Errorf("%s: after the skip link, Tab reaches %s, not the article's first control", p, next.Desc)
		}
	}
}

// TestPhoneKeyboardOpensTheSidebar tabs through an article on a phone:
// while the sidebar is folded no Tab stop is hidden or off the page, the
// Browse articles button is reached before the article, Enter opens the
// sidebar, and the next Tabs walk its links down to the current page.
func TestPhoneKeyboardOpensTheSidebar(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.viewport(390, 844, true)
	tb.open(cardDeclined)
	controls := numberControls(tb)
	stops := tb.tabThrough(len(controls) + 20)
	toggle := -1
	for i, f := range stops {
		if f.InSidebar && !strings.HasPrefix(f.Desc, "summary.sidebar-toggle") {
			t.Errorf("phone: Tab reaches %s in the folded sidebar", f.Desc)
		}
		if strings.HasPrefix(f.Desc, "summary.sidebar-toggle") {
			toggle = i
		}
		if f.InMain && toggle < 0 {
			t.Errorf("phone: Tab reaches the article's %s before the Browse articles button", f.Desc)
		}
		checkRing(t, "phone", f)
	}
	if len(stops) != len(controls) {
		t.Errorf("phone: %d Tab stops for %d controls shown", len(stops), len(controls))
	}
	if toggle < 0 {
		t.Fatal("phone: Tab never reaches the Browse articles button")
	}

	tb.open(cardDeclined)
	numberControls(tb)
	stops = tb.tabThrough(toggle + 1)
	if f := stops[len(stops)-1]; !strings.HasPrefix(f.Desc, "summary.sidebar-toggle") {
		t.Fatalf("phone: Tab stop %d is %s, was the Browse articles button", toggle+1, f.Desc)
	}
	tb.press(kb.Enter)
	if !tb.visible(".sidebar .nav") {
		t.Fatal("phone: Enter on Browse articles does not open the sidebar")
	}
	for i := 0; ; i++ {
		f := tb.press("\t")
		if !f.InSidebar {
			t.Fatalf("phone: Tab leaves the open sidebar for %s before reaching the current page", f.Desc)
		}
		checkRing(t, "phone, sidebar open", f)
		if evalJS[bool](tb, `document.activeElement.getAttribute("aria-current") === "page"`) {
			break
		}
		if i > 100 {
			t.Fatal("phone: 100 Tabs in the sidebar without reaching the current page")
		}
	}
}

// TestKeyboardSendsFeedbackAndKeepsItsPlace answers "Was this page
// helpful?" with the keyboard: one vote, the thanks, and the next Tab
// goes on from the feedback form, not back to the top of the page.
func TestKeyboardSendsFeedbackAndKeepsItsPlace(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	numberControls(tb)
	var yes keyStop
	for i := 0; ; i++ {
		yes = tb.press("\t")
		if evalJS[bool](tb, `document.activeElement.matches('.feedback button[value="yes"]')`) {
			break
		}
		if yes.Order < 0 || i > 200 {
			t.Fatal("Tab never reaches the feedback form's Yes")
		}
	}
	tb.press(" ")
	waitJS(tb, `document.querySelector("[data-feedback-status]").innerText.trim() !== ""`)
	if got := tb.text("[data-feedback-status]"); got != "Thanks for your feedback!" {
		t.Fatalf("status after Space on Yes: %q", got)
	}
	if n := len(s.Votes(t)); n != 1 {
		t.Errorf("the server recorded %d votes, want 1", n)
	}
	next := tb.press("\t")
	if next.Order <= yes.Order {
		t.Errorf("after sending feedback, Tab goes to %s, before the feedback form", next.Desc)
	}
}
