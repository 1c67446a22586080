package e2e

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Pages with a tab set of the keys macos, windows and linux: the choice
// made on one is the choice on the other.
const (
	clearCache = "/troubleshooting/desktop-app/clear-the-app-cache/"
	wontStart  = "/troubleshooting/desktop-app/desktop-app-wont-start/"
)

// tabsState is what a reader gets of the first tab set of the page.
type tabsState struct {
	Found    bool     `json:"found"`    // the page has a tab set
	Ready    bool     `json:"ready"`    // kb.js marked it tabs-ready
	Tablists int      `json:"tablists"` // role=tablist elements in it
	Tabs     []string `json:"tabs"`     // the labels of its role=tab buttons
	Selected []string `json:"selected"` // the keys of the tabs with aria-selected=true
	Stops    []string `json:"stops"`    // the keys of the tabs in the Tab order
	Panels   []string `json:"panels"`   // the keys of every panel
	Shown    []string `json:"shown"`    // the keys of the panels rendered
	Labels   []string `json:"labels"`   // the panels' own labels that are rendered
	Focused  string   `json:"focused"`  // the key of the focused tab, "" when none is
	Ring     bool     `json:"ring"`     // the focused tab has a visible focus ring
	Wired    bool     `json:"wired"`    // every tab controls a tabpanel labelled by it
	Saved    string   `json:"saved"`    // what localStorage remembers for this set
}

const tabsJS = `(() => {
	const set = document.querySelector(".tabs[data-tab-group]");
	if (!set) return {found: false};
	const vis = el => !!el && el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().height > 0;
	const tabs = Array.from(set.querySelectorAll('[role="tablist"] [role="tab"]'));
	const panels = Array.from(set.querySelectorAll(":scope > .tab-panel"));
	const el = document.activeElement;
	const focused = el && set.contains(el) && el.getAttribute("role") === "tab" ? el : null;
	const cs = focused && getComputedStyle(focused);
	let saved = null;
	try { saved = localStorage.getItem("kb-tab:" + set.dataset.tabGroup); } catch (e) {}
	return {
		found: true, ready: set.classList.contains("tabs-ready"),
		tablists: set.querySelectorAll('[role="tablist"]').length,
		tabs: tabs.map(t => t.textContent.trim()),
		selected: tabs.filter(t => t.getAttribute("aria-selected") === "true").map(t => t.dataset.tab),
		stops: tabs.filter(t => t.tabIndex >= 0).map(t => t.dataset.tab),
		panels: panels.map(p => p.dataset.tab),
		shown: panels.filter(vis).map(p => p.dataset.tab),
		labels: panels.map(p => p.querySelector(".tab-label")).filter(vis).map(l => l.innerText.trim()),
		focused: focused ? focused.dataset.tab : "",
		ring: !!cs && ((cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none"),
		wired: tabs.length > 0 && tabs.every(t => {
			const p = document.getElementById(t.getAttribute("aria-controls"));
			return !!p && set.contains(p) && p.getAttribute("role") === "tabpanel" && p.getAttribute("aria-labelledby") === t.id;
		}),
		saved: saved || "",
	};
})()`

func (tb *tab) tabs() tabsState {
	tb.t.Helper()
	return evalJS[tabsState](tb, tabsJS)
}

var (
	tabKeys   = []string{"macos", "windows", "linux"}
	tabLabels = []string{"macOS", "Windows", "Linux"}
)

// selectedTab checks that key is the one selected tab of the page's tab
// set, its panel the one shown, and that the set is still accessible tabs.
func selectedTab(t *testing.T, where string, s tabsState, key string) {
	t.Helper()
	if !s.Found || !s.Ready || s.Tablists != 1 || !slices.Equal(s.Tabs, tabLabels) || !s.Wired {
		t.Fatalf("%s: not accessible tabs: %+v", where, s)
	}
	if !slices.Equal(s.Selected, []string{key}) || !slices.Equal(s.Shown, []string{key}) {
		t.Errorf("%s: selected %q and shown %q, want just %q", where, s.Selected, s.Shown, key)
	}
	if !slices.Equal(s.Stops, []string{key}) {
		t.Errorf("%s: the Tab order reaches tabs %q, want just the selected %q", where, s.Stops, key)
	}
	if len(s.Labels) > 0 {
		t.Errorf("%s: the panels' own labels show beside the tab list: %q", where, s.Labels)
	}
}

// TestTabs drives the tab set of an article with the mouse and the
// keyboard, and checks that the choice holds across a reload and on
// another page offering the same keys. axe checks the page with its tabs.
func TestTabs(t *testing.T) {
	t.Parallel()
	src := axeSource(t)
	s := startSite(t)
	for _, p := range []string{clearCache, wontStart} {
		name, _ := s.lookup(p)
		if !strings.Contains(string(s.Files[name]), `data-tab-group="macos windows linux"`) {
			t.Fatalf("%s has no tab set of macos, windows and linux", p)
		}
	}
	tb := newTab(t, s)
	tb.onNewDocument(src)
	tb.open(clearCache)
	waitJS(tb, `!!document.querySelector(".tabs.tabs-ready")`)

	// The first tab is selected; no choice is remembered yet.
	st := tb.tabs()
	selectedTab(t, "at first", st, "macos")
	if st.Saved != "" {
		t.Errorf("a choice is remembered before any was made: %q", st.Saved)
	}
	for _, v := range evalJS[[]axeViolation](tb, runAxe) {
		t.Errorf("%s: %s %s: %s\n\t%s", clearCache, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
	}

	// A click selects a tab.
	tb.click(`.tabs [role="tab"][data-tab="windows"]`)
	st = tb.tabs()
	selectedTab(t, "after a click on Windows", st, "windows")
	if st.Saved != "windows" {
		t.Errorf("after a click on Windows, localStorage remembers %q", st.Saved)
	}

	// The arrow keys, Home and End move the selection and the focus, and
	// wrap around at either end.
	tb.do(chromedp.Focus(chromedp.CSS(`.tabs [role="tab"][data-tab="windows"]`)))
	for _, step := range []struct {
		name, key, want string
	}{
		{"ArrowRight", kb.ArrowRight, "linux"},
		{"ArrowRight", kb.ArrowRight, "macos"}, // wraps
		{"ArrowLeft", kb.ArrowLeft, "linux"},   // wraps back
		{"Home", kb.Home, "macos"},
		{"End", kb.End, "linux"},
		{"ArrowLeft", kb.ArrowLeft, "windows"},
	} {
		tb.do(chromedp.KeyEvent(step.key))
		st := tb.tabs()
		where := fmt.Sprintf("after %s to %s", step.name, step.want)
		selectedTab(t, where, st, step.want)
		if st.Focused != step.want {
			t.Errorf("%s: focus is on tab %q", where, st.Focused)
		} else if !st.Ring {
			t.Errorf("%s: the focused tab has no visible focus ring", where)
		}
		if st.Saved != step.want {
			t.Errorf("%s: localStorage remembers %q", where, st.Saved)
		}
	}

	// The choice (Windows) holds after a reload, and on another page with
	// a tab set of the same keys; a choice made there holds here.
	if _, err := chromedp.RunResponse(tb.ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload %s: %v", clearCache, err)
	}
	selectedTab(t, "after a reload", tb.tabs(), "windows")
	tb.open(wontStart)
	selectedTab(t, wontStart, tb.tabs(), "windows")
	tb.click(`.tabs [role="tab"][data-tab="linux"]`)
	selectedTab(t, wontStart+" after a click on Linux", tb.tabs(), "linux")
	tb.open(clearCache)
	selectedTab(t, "back on "+clearCache, tb.tabs(), "linux")

	// A panel is shown whole: its code block too.
	if !tb.visible(`.tabs .tab-panel[data-tab="linux"] pre`) {
		t.Errorf("%s: the Linux panel's code block is not shown", clearCache)
	}
}

// TestTabsWithoutJavaScript: every panel shows, each under its own
// label, and there is no tab list.
func TestTabsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.disableJS()
	for _, p := range []string{clearCache, wontStart} {
		tb.open(p)
		st := tb.tabs()
		if !st.Found {
			t.Fatalf("%s: no tab set", p)
		}
		if st.Ready || st.Tablists != 0 || len(st.Tabs) != 0 {
			t.Errorf("%s: without JavaScript the tab set has a tab list: %+v", p, st)
		}
		if !slices.Equal(st.Panels, tabKeys) || !slices.Equal(st.Shown, tabKeys) {
			t.Errorf("%s: panels %q, shown %q, want all of %q", p, st.Panels, st.Shown, tabKeys)
		}
		if !slices.Equal(st.Labels, tabLabels) {
			t.Errorf("%s: the panels' labels shown are %q, want %q", p, st.Labels, tabLabels)
		}
		for _, key := range tabKeys {
			sel := `.tabs .tab-panel[data-tab=` + strconv.Quote(key) + `]`
			if tb.text(sel+" .tab-label") == "" || !tb.visible(sel+" > :last-child") {
				t.Errorf("%s: the %s panel does not show its content under its label", p, key)
			}
		}
	}
}
