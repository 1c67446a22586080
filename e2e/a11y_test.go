package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource returns axe-core's script: $KB_AXE_JS, or the copy that
// `npm install --no-save --prefix e2e axe-core@4` puts in node_modules.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("KB_AXE_JS")
	if p == "" {
		p = filepath.Join("node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(p)
	if err != nil {
		skipped.Skip(t, needAxe, err.Error())
	}
	return string(src)
}

// axeViolation is one failed axe rule, with a few of the elements.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe checks the page shown against axe's default rules (WCAG 2.2 A
// and AA, best practices) plus target-size (WCAG 2.2 AA, off by default in
// axe, on in Lighthouse), and returns the serious and critical violations.
const runAxe = `axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r => r.violations
	.filter(v => v.impact === "serious" || v.impact === "critical")
	.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " "))})))`

// TestAccessibilityAxe runs axe-core on each kind of page, in the light
// and the dark palette on a desktop, and on a phone (where the header and
// breadcrumbs wrap): no serious or critical violation.
func TestAccessibilityAxe(t *testing.T) {
	t.Parallel()
	src := axeSource(t)
	s := startSite(t)
	pages := []string{"/", "/billing/", cardDeclined, webhooks, "/no-such-page/",
		searchPage + "?q=password", searchPage + "?q=zebra+xylophone"} // results, and none
	for _, mode := range []struct {
		name   string
		scheme string
		phone  bool
	}{{"light", "light", false}, {"dark", "dark", false}, {"phone", "light", true}} {
		t.Run(mode.name, func(t *testing.T) {
			tb := newTab(t, s)
			tb.expect("/no-such-page/", 404)
			tb.setFeature("prefers-color-scheme", mode.scheme)
			if mode.phone {
				tb.viewport(390, 844, true)
			}
			tb.onNewDocument(src)
			for _, p := range pages {
				tb.open(p)
				for _, v := range evalJS[[]axeViolation](tb, runAxe) {
					t.Errorf("%s (%s): %s %s: %s\n\t%s", p, mode.name, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
				}
			}
		})
	}
}

// focusStop is one element that Tab reached.
type focusStop struct {
	Order    int     `json:"order"`    // position in document order; -1 for body
	Desc     string  `json:"desc"`     // tag, id, class and text, for messages
	Ring     bool    `json:"ring"`     // a visible outline or box-shadow
	Opaque   bool    `json:"opaque"`   // not transparent
	OnScreen bool    `json:"onScreen"` // inside the viewport
	Covered  string  `json:"covered"`  // what covers its middle, "" when nothing
	Top      float64 `json:"top"`
}

// markOrder numbers every element in document order and lists the
// controls a keyboard user should reach: visible links, buttons, form
// fields and summaries that are not disabled or taken out of the order.
const markOrder = `(() => {
	Array.from(document.querySelectorAll("*")).forEach((el, i) => { el.dataset.kbOrder = i; });
	return Array.from(document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"))
		.filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true}))
		.map(el => +el.dataset.kbOrder);
})()`

const focusedJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return {order: -1, desc: "body"};
	const cs = getComputedStyle(el);
	const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
	const r = el.getBoundingClientRect();
	const onScreen = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.width > 0;
	let covered = "";
	if (onScreen) {
		const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
		const hit = document.elementFromPoint(x, y);
		if (hit && !el.contains(hit) && !hit.contains(el)) covered = hit.tagName.toLowerCase() + "." + hit.className;
	}
	const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 40);
	return {order: +el.dataset.kbOrder, desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " " + JSON.stringify(text),
		ring, opaque: parseFloat(cs.opacity) > 0, onScreen, covered, top: r.top};
})()`

// TestKeyboardReachesEveryControlInOrder presses Tab through pages: the
// skip link comes first, every control is reached, in document order,
// each with a visible focus ring, on screen and not under the header.
func TestKeyboardReachesEveryControlInOrder(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	for _, p := range []string{webhooks, "/", searchPage + "?q=password"} {
		tb.open(p)
		controls := evalJS[[]int](tb, markOrder)
		var stops []focusStop
		for i := 0; i < len(controls)+20; i++ {
			tb.do(chromedp.KeyEvent("\t"))
			f := evalJS[focusStop](tb, focusedJS)
			if f.Order < 0 || (len(stops) > 0 && f.Order == stops[0].Order) {
				break // past the last control
			}
			stops = append(stops, f)
		}
		if len(stops) == 0 || !strings.Contains(stops[0].Desc, "skip-link") {
			t.Errorf("%s: the first Tab does not reach the skip link: %v", p, stops[:min(1, len(stops))])
		}
		reached := map[int]bool{}
		for i, f := range stops {
			reached[f.Order] = true
			if i > 0 && f.Order <= stops[i-1].Order {
				t.Errorf("%s: Tab goes back from %s to %s", p, stops[i-1].Desc, f.Desc)
			}
			switch {
			case !f.Ring || !f.Opaque:
				t.Errorf("%s: %s has no visible focus ring", p, f.Desc)
			case !f.OnScreen:
				t.Errorf("%s: %s is focused off screen (top %.0f)", p, f.Desc, f.Top)
			case f.Covered != "":
				t.Errorf("%s: %s is focused under %s", p, f.Desc, f.Covered)
			}
		}
		var missed []string
		for _, c := range controls {
			if !reached[c] {
				missed = append(missed, evalJS[string](tb, fmt.Sprintf(`document.querySelector('[data-kb-order="%d"]').outerHTML.slice(0, 120)`, c)))
			}
		}
		if len(missed) > 0 {
			t.Errorf("%s: Tab never reaches %d of %d controls:\n\t%s", p, len(missed), len(controls), strings.Join(missed, "\n\t"))
		}
		t.Logf("%s: %d Tab stops", p, len(stops))
	}
}
