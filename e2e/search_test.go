package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
	"github.com/kbhelp/kb/server"
)

// comboState is what the header's search combobox shows.
type comboState struct {
	Expanded   string   `json:"expanded"`   // aria-expanded of the input
	Role       string   `json:"role"`       // of the input
	Controls   bool     `json:"controls"`   // aria-controls names the listbox
	Active     string   `json:"active"`     // aria-activedescendant
	Selected   []string `json:"selected"`   // ids of options with aria-selected=true
	Options    []string `json:"options"`    // the option ids
	Titles     []string `json:"titles"`     // their titles
	Crumbs     []string `json:"crumbs"`     // their breadcrumbs
	Marks      int      `json:"marks"`      // <mark> elements in the snippets
	Status     string   `json:"status"`     // the live region
	PopupShown bool     `json:"popupShown"` // the popup is on screen
	Foot       string   `json:"foot"`       // text under the list
	Links      []string `json:"links"`      // hrefs of the links under the list
}

const comboJS = `((sel) => {
	const input = document.querySelector(sel), form = input.form;
	const list = document.getElementById(input.getAttribute("aria-controls") || "none");
	const opts = list ? Array.from(list.querySelectorAll('[role="option"]')) : [];
	const popup = form.querySelector(".search-popup"), foot = form.querySelector(".search-foot");
	return {
		expanded: input.getAttribute("aria-expanded") || "", role: input.getAttribute("role") || "",
		controls: !!list && list.getAttribute("role") === "listbox",
		active: input.getAttribute("aria-activedescendant") || "",
		selected: opts.filter(o => o.getAttribute("aria-selected") === "true").map(o => o.id),
		options: opts.map(o => o.id),
		titles: opts.map(o => o.querySelector(".search-option-title").textContent),
		crumbs: opts.map(o => o.querySelector(".search-option-crumbs").textContent),
		marks: list ? list.querySelectorAll(".search-option-snippet mark").length : 0,
		status: (form.querySelector('[role="status"]') || {}).textContent || "",
		popupShown: !!popup && popup.checkVisibility() && popup.getBoundingClientRect().height > 0,
		foot: foot ? foot.innerText : "",
		links: foot ? Array.from(foot.querySelectorAll("a"), a => a.getAttribute("href")) : [],
	};
})`

func combo(tb *tab, sel string) comboState {
	tb.t.Helper()
	return evalJS[comboState](tb, comboJS+"("+jsString(sel)+")")
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// apiHits asks the site's search API for q, as the box does.
func apiHits(t *testing.T, s *testSite, q string) []string {
	t.Helper()
	res, err := http.Get(s.URL + "/api/search?limit=8&q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Hits []struct{ URL string } `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil || res.StatusCode != 200 {
		t.Fatalf("search API: status %d, %v", res.StatusCode, err)
	}
	var urls []string
	for _, h := range r.Hits {
		urls = append(urls, h.URL)
	}
	return urls
}

const header = "#search-header-q"

// waitOptions waits until the box shows the results of what it holds (on
// a busy machine, the results of a part of it may come first), and
// returns how long that took.
func waitOptions(tb *tab, sel string) time.Duration {
	tb.t.Helper()
	start := time.Now()
	waitJS(tb, `(() => { const i = document.querySelector(`+jsString(sel)+`), all = i.form.querySelector(".search-all");
		return i.getAttribute("aria-expanded") === "true" && !!all && new URL(all.href).searchParams.get("q") === i.value.trim(); })()`)
	return time.Since(start)
}

// waitCombobox waits until kb.js has made the box a combobox (after asking
// the search API, on the first page of a session).
func waitCombobox(tb *tab, sel string) {
	tb.t.Helper()
	waitJS(tb, `document.querySelector(`+jsString(sel)+`).getAttribute("role") === "combobox"`)
}

// TestSearchBoxResultsAsYouTypeAndKeys types a query with a typo in the
// header's box: results come without pressing Enter, as an ARIA
// combobox; the arrow keys move the active option; Enter opens it at its
// section's anchor, in view.
func TestSearchBoxResultsAsYouTypeAndKeys(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	const q = "turn off two factr" // "factor"
	want := apiHits(t, s, q)
	if len(want) < 3 || !strings.Contains(want[0], "#") {
		t.Fatalf("the API's hits for %q are %q: the test wants three, the first at an anchor", q, want)
	}
	tb := newTab(t, s)
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	c := combo(tb, header)
	if c.Role != "combobox" || c.Expanded != "false" || !c.Controls || c.PopupShown {
		t.Fatalf("before typing: %+v", c)
	}
	tb.do(chromedp.SendKeys(header, q))
	took := waitOptions(tb, header)
	t.Logf("results %v after the last key (debounce 120 ms)", took.Round(time.Millisecond))
	if took > 3*time.Second {
		t.Errorf("results took %v after the last key", took)
	}
	c = combo(tb, header)
	if !c.PopupShown || len(c.Options) != len(want) || c.Active != "" || len(c.Selected) != 0 {
		t.Fatalf("after typing: %+v, want %d options, none active", c, len(want))
	}
	if c.Titles[0] == "" || c.Crumbs[0] == "" || c.Marks == 0 {
		t.Errorf("options lack a title, breadcrumb or marked snippet: %+v", c)
	}
	if !strings.Contains(c.Status, "result") {
		t.Errorf("the live region says %q", c.Status)
	}
	for i, key := range []string{kb.ArrowDown, kb.ArrowDown, kb.ArrowUp} {
		tb.do(chromedp.KeyEvent(key))
		c = combo(tb, header)
		wantActive := c.Options[[]int{0, 1, 0}[i]]
		if c.Active != wantActive || len(c.Selected) != 1 || c.Selected[0] != wantActive {
			t.Fatalf("after key %d: active %q, selected %q, want %q", i+1, c.Active, c.Selected, wantActive)
		}
	}
	if got := evalJS[string](tb, `document.activeElement.id`); got != "search-header-q" {
		t.Errorf("the arrow keys moved the focus to %q", got)
	}
	resp, err := chromedp.RunResponse(tb.ctx, pressAction("Enter", "Enter", "\r", 13))
	if err != nil {
		t.Fatalf("Enter: %v", err)
	}
	u, _ := url.Parse(resp.URL)
	if u.Path != strings.Split(want[0], "#")[0] {
		t.Fatalf("Enter opened %s, want %s", resp.URL, want[0])
	}
	waitJS(tb, `location.hash !== ""`)
	if got := evalJS[string](tb, `location.pathname + location.hash`); got != want[0] {
		t.Errorf("Enter landed on %s, want %s", got, want[0])
	}
	if !evalJS[bool](tb, `(() => { const r = document.getElementById(decodeURIComponent(location.hash.slice(1))).getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight; })()`) {
		t.Errorf("the section %s is not in view", want[0])
	}

	// The same hit from its own page: only the anchor changes, and the
	// list closes.
	evalJS[bool](tb, `(scrollTo(0, 0), history.replaceState(null, "", location.pathname), true)`)
	waitCombobox(tb, header)
	tb.do(chromedp.SendKeys(header, q))
	waitOptions(tb, header)
	tb.do(chromedp.KeyEvent(kb.ArrowDown))
	press(tb, "Enter", "Enter", "\r", 13)
	waitJS(tb, `location.hash !== ""`)
	if got := evalJS[string](tb, `location.pathname + location.hash`); got != want[0] {
		t.Errorf("Enter on this page's own hit landed on %s, want %s", got, want[0])
	}
	if c := combo(tb, header); c.Expanded != "false" || c.PopupShown {
		t.Errorf("the list stays open after going to an anchor of this page: %+v", c)
	}
}

// TestSearchBoxShortcutsAndEscape: "/" and Ctrl-K focus the box (not
// while typing elsewhere); Escape closes the results, a second Escape
// clears the box; a click outside closes the results.
func TestSearchBoxShortcutsAndEscape(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	focused := func() string { return evalJS[string](tb, `document.activeElement.id`) }
	blur := func() { evalJS[bool](tb, `(document.activeElement.blur(), true)`) }

	press(tb, "/", "Slash", "/", 191)
	if got := focused(); got != "search-header-q" {
		t.Errorf(`"/" focuses %q, want the search box`, got)
	}
	if v := evalJS[string](tb, `document.querySelector("#search-header-q").value`); v != "" {
		t.Errorf(`"/" typed %q into the box`, v)
	}
	blur()
	tb.do(chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if got := focused(); got != "search-header-q" {
		t.Errorf("Ctrl-K focuses %q, want the search box", got)
	}
	blur()
	tb.do(chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierMeta)))
	if got := focused(); got != "search-header-q" {
		t.Errorf("Cmd-K focuses %q, want the search box", got)
	}

	tb.do(chromedp.SendKeys(header, "refund"))
	waitOptions(tb, header)
	tb.do(chromedp.KeyEvent(kb.Escape))
	if c := combo(tb, header); c.Expanded != "false" || c.PopupShown {
		t.Errorf("Escape leaves the results open: %+v", c)
	}
	if v := evalJS[string](tb, `document.querySelector("#search-header-q").value`); v != "refund" {
		t.Errorf("the first Escape changed the query to %q", v)
	}
	tb.do(chromedp.KeyEvent(kb.ArrowDown)) // opens them again
	waitOptions(tb, header)
	tb.do(chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.Escape))
	if v := evalJS[string](tb, `document.querySelector("#search-header-q").value`); v != "" {
		t.Errorf("a second Escape leaves %q in the box", v)
	}

	tb.do(chromedp.SendKeys(header, "invoice"))
	waitOptions(tb, header)
	tb.click(".footer-meta") // away from the popup, which covers the top of the article
	if c := combo(tb, header); c.Expanded != "false" || c.PopupShown {
		t.Errorf("a click outside leaves the results open: %+v", c)
	}
}

// press presses a key as a keyboard does: one keyDown that carries its
// text, so that a handler that cancels the keydown also stops what the
// key would do (chromedp.KeyEvent sends the text as an event of its own,
// which a page cannot cancel).
func press(tb *tab, key, code, text string, vk int64) {
	tb.t.Helper()
	tb.do(pressAction(key, code, text, vk))
}

func pressAction(key, code, text string, vk int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: text, UnmodifiedText: text, WindowsVirtualKeyCode: vk},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code, WindowsVirtualKeyCode: vk},
		} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestSearchBoxNoResultsOffersSupport: a query nothing matches says so,
// offers the site's support link and the search page.
func TestSearchBoxNoResultsOffersSupport(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	tb.do(chromedp.SendKeys(header, "zebra xylophone"))
	waitOptions(tb, header)
	c := combo(tb, header)
	support := s.Res.Site.Config.Support.URL
	if len(c.Options) != 0 || !strings.Contains(c.Foot, "No articles match") || !strings.Contains(c.Foot, s.Res.Site.Config.Support.LinkText) {
		t.Errorf("no-results state: %+v", c)
	}
	if len(c.Links) != 2 || c.Links[0] != support || !strings.HasPrefix(c.Links[1], s.URL+searchPage+"?q=zebra+xylophone") {
		t.Errorf("no-results links %q, want the support link %s and the search page", c.Links, support)
	}
	if c.Status != "No results." {
		t.Errorf("the live region says %q", c.Status)
	}
	// Enter without an active option goes to the search page, which says
	// the same with the support link.
	resp, err := chromedp.RunResponse(tb.ctx, pressAction("Enter", "Enter", "\r", 13))
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(resp.URL); u.Path != searchPage || u.Query().Get("q") != "zebra xylophone" {
		t.Fatalf("Enter went to %s", resp.URL)
	}
	if got := evalJS[string](tb, `(document.querySelector(".search-empty .search-support a") || {}).href || ""`); got != support {
		t.Errorf("the search page's support link is %q, want %s", got, support)
	}
}

// TestSearchBoxHiddenOnStaticHost serves the built folder as a static
// host would (no search API): on the first page the forms hide
// themselves, after asking the search status once (the build's file,
// {"server":false}: a 200, so no error in the console), then on every
// page of the session without asking again.
func TestSearchBoxHiddenOnStaticHost(t *testing.T) {
	t.Parallel()
	site := startSite(t)
	hs := httptest.NewServer(http.FileServer(http.Dir(built.dir)))
	t.Cleanup(hs.Close)
	s := &testSite{URL: hs.URL, Files: site.Files, Res: site.Res}
	tb := newTab(t, s)
	tb.open(cardDeclined)
	waitJS(tb, `document.querySelector("form.search-header").hidden`)
	if got := evalJS[string](tb, `sessionStorage.getItem("kb-search-api") || ""`); !strings.Contains(got, `"server":false`) {
		t.Errorf("the answer kept for the session is %q, want no server", got)
	}
	asked := 0
	for _, r := range tb.requests() {
		switch u, _ := url.Parse(r.URL); {
		case u.Path == "/"+builder.SearchStatusPath && r.Status == 200:
			asked++
		case strings.HasPrefix(u.Path, "/api/"):
			t.Errorf("the page asked %s (status %d)", r.URL, r.Status)
		}
	}
	if asked != 1 {
		t.Errorf("the page asked the search status %d times, want once", asked)
	}
	tb.reset()
	tb.open("/")
	if !evalJS[bool](tb, `document.querySelector("form.search-hero").hidden`) {
		t.Error("the home page's search form is shown on a static host")
	}
	for _, r := range tb.requests() {
		if strings.Contains(r.URL, "/api/search") {
			t.Errorf("the API was asked again: %s", r.URL)
		}
	}
	// The built search page itself explains that search needs a server.
	tb.open(searchPage + "?q=refund")
	if !tb.visible(".search-static") {
		t.Error("the static search page does not say that results cannot be shown")
	}
}

// gatedSearch is a search API that is not ready (503, as kb serve's
// before its index is made) until ready is set.
type gatedSearch struct {
	ready atomic.Bool
	api   http.Handler
}

func (g *gatedSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.ready.Load() {
		search.Handler(nil).ServeHTTP(w, r)
		return
	}
	g.api.ServeHTTP(w, r)
}

// TestSearchBoxWaitsForTheIndex serves the site with a search API that
// is not ready yet, as kb serve's is for a moment after it starts: the
// page keeps the box and asks nothing that fails; a search typed then
// says that search is getting ready, asking only the status, and shows
// its results once the index is ready.
func TestSearchBoxWaitsForTheIndex(t *testing.T) {
	t.Parallel()
	files, dir, res := buildExample(t)
	gate := &gatedSearch{api: built.search}
	srv, err := server.New(server.Config{Dir: dir, Search: gate})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	tb := newTab(t, &testSite{URL: hs.URL, Files: files, Res: res})
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	if evalJS[bool](tb, `document.querySelector("form.search-header").hidden`) {
		t.Fatal("the search box is hidden while the index is getting ready")
	}
	if got := evalJS[string](tb, `sessionStorage.getItem("kb-search-api") || ""`); got != "" {
		t.Errorf("an answer that is not final was kept for the session: %q", got)
	}
	tb.do(chromedp.SendKeys(header, "refund"))
	waitJS(tb, `document.querySelector("form.search-header .search-foot").textContent.includes("getting ready")`)
	if c := combo(tb, header); !c.PopupShown || len(c.Options) != 0 || c.Status != "Search is getting ready." {
		t.Errorf("while the index is getting ready: %+v", c)
	}
	for _, r := range tb.requests() {
		if u, _ := url.Parse(r.URL); strings.HasPrefix(u.Path, "/api/") && u.Path != "/"+builder.SearchStatusPath {
			t.Errorf("asked %s before the index was ready", r.URL)
		}
	}
	gate.ready.Store(true)
	waitOptions(tb, header)
	if c := combo(tb, header); len(c.Options) == 0 || !strings.Contains(c.Status, "result") {
		t.Errorf("once the index is ready: %+v", c)
	}
	if got := evalJS[string](tb, `sessionStorage.getItem("kb-search-api") || ""`); !strings.Contains(got, `"server":true,"ready":true`) {
		t.Errorf("the answer kept for the session is %q, want a ready server", got)
	}
}

// TestSearchBoxRightAfterKbServeStarts opens a page as soon as kb serve
// prints its URL, when its search index may not be made yet (the example
// site's takes a few milliseconds; TestSearchBoxWaitsForTheIndex holds
// the index back for as long as it needs): nothing the page asks fails
// (the tab reports console errors), the box stays, and a search typed at
// once finds results.
func TestSearchBoxRightAfterKbServeStarts(t *testing.T) {
	t.Parallel()
	d := launchDevSite(t)
	tb := newTab(t, d.testSite)
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	if evalJS[bool](tb, `document.querySelector("form.search-header").hidden`) {
		t.Fatal("the search box is hidden under kb serve")
	}
	if evalJS[string](tb, `sessionStorage.getItem("kb-search-api") || ""`) == "" {
		t.Log("the index was not ready when the page asked") // else the box had nothing to wait for
	}
	tb.do(chromedp.SendKeys(header, "refund"))
	waitOptions(tb, header)
	if c := combo(tb, header); len(c.Options) == 0 {
		t.Errorf("no results under kb serve: %+v", c)
	}
}
