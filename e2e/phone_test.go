package e2e

import "testing"

// overflowJS lists the elements that stick out of the right edge of the
// screen, which make the whole page scroll sideways on a phone.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= w) return [];
	const out = [];
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 0.5 && r.width > 0 && el.checkVisibility()) {
			let scroller = false; // inside an element that scrolls sideways on its own
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") { scroller = true; break; }
			}
			if (!scroller) out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : "") + " " + JSON.stringify((el.innerText || "").trim().slice(0, 40)) + " right " + Math.round(r.right));
		}
		if (out.length >= 5) break;
	}
	return out.length ? out : ["(the page is " + (document.documentElement.scrollWidth - w) + " px too wide)"];
})()`

// TestEveryPageFitsAPhone opens every page of the example site on a
// 360-pixel-wide phone: no page scrolls sideways (wide tables and code
// scroll inside their own box). TestPhoneSidebarFoldsBehindButton checks
// a few pages at 390 pixels.
func TestEveryPageFitsAPhone(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.viewport(360, 740, true)
	tb.expect("/no-such-page/", 404)
	pages := []string{"/no-such-page/"}
	for _, p := range s.Res.Site.Pages {
		pages = append(pages, p.URL)
	}
	for _, p := range pages {
		tb.open(p)
		if wide := evalJS[[]string](tb, overflowJS); len(wide) > 0 {
			t.Errorf("%s: wider than a 360 px phone: %q", p, wide)
		}
	}
}
