package e2e

import (
	"slices"
	"testing"
)

// printState is what a printed page shows.
type printState struct {
	H1       bool     `json:"h1"`       // the title is printed
	Controls []string `json:"controls"` // buttons, fields and navigation printed (breadcrumbs aside)
	Panels   []string `json:"panels"`   // the keys of the tab panels printed
	Labels   []string `json:"labels"`   // the tab labels printed
	Code     int      `json:"code"`     // code blocks printed
}

const printJS = `(() => {
	const vis = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && el.getBoundingClientRect().height > 0;
	const desc = el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : "");
	const h1 = document.querySelector("main h1");
	return {
		h1: !!h1 && vis(h1),
		controls: Array.from(document.querySelectorAll("button, input, select, textarea, summary, form, nav, [role=tablist]"))
			.filter(el => !el.closest(".breadcrumbs") && vis(el)).map(desc),
		panels: Array.from(document.querySelectorAll(".tab-panel")).filter(vis).map(p => p.dataset.tab),
		labels: Array.from(document.querySelectorAll(".tab-panel .tab-label")).filter(vis).map(l => l.innerText.trim()),
		code: Array.from(document.querySelectorAll(".prose pre")).filter(vis).length,
	};
})()`

// TestPrintShowsContentNotControls prints (emulates print media for)
// each kind of page after the script has run, in the dark palette: the
// title shows, and no button, field, form or navigation besides the
// breadcrumbs; every panel of a tab set prints under its label, not just
// the one selected; code blocks print. (TestPrintHidesNavigation checks
// an article's blocks one by one.)
func TestPrintShowsContentNotControls(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.expect("/no-such-page/", 404)
	tb.setFeature("prefers-color-scheme", "dark")
	for _, p := range []string{"/", "/billing/", "/billing/payments/", clearCache, webhooks, "/no-such-page/"} {
		tb.setMedia("")
		tb.open(p)
		if p == clearCache {
			waitJS(tb, `!!document.querySelector(".tabs.tabs-ready")`)
			tb.click(`.tabs [role="tab"][data-tab="windows"]`)
		}
		tb.setMedia("print")
		got := evalJS[printState](tb, printJS)
		if !got.H1 {
			t.Errorf("%s: the title is not printed", p)
		}
		if len(got.Controls) > 0 {
			t.Errorf("%s: controls printed: %q", p, got.Controls)
		}
		if got := tb.theme(); got.BG != lightBG || got.FG != "rgb(0, 0, 0)" {
			t.Errorf("%s: printed in %s on %s, want black on white", p, got.FG, got.BG)
		}
		switch p {
		case clearCache:
			if !slices.Equal(got.Panels, tabKeys) || !slices.Equal(got.Labels, tabLabels) {
				t.Errorf("%s: printed tab panels %q under labels %q, want all of %q under %q", p, got.Panels, got.Labels, tabKeys, tabLabels)
			}
		case webhooks:
			if got.Code == 0 {
				t.Errorf("%s: no code block printed", p)
			}
		}
	}
}
