package e2e

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Pages the navigation tests start from.
const (
	cardDeclined = "/billing/payments/card-declined/"          // a table, related articles, a link to an anchor
	webhooks     = "/api/getting-started/webhooks/"            // code, tables, H3s in "On this page"
	jsSDK        = "/api/getting-started/sdks/javascript-sdk/" // three levels deep
)

// link is an <a> as the tests read it.
type link struct {
	Href string `json:"href"` // the attribute, as written
	Text string `json:"text"`
}

// links returns the links matching sel, in document order.
func (tb *tab) links(sel string) []link {
	tb.t.Helper()
	return evalJS[[]link](tb, fmt.Sprintf(`Array.from(document.querySelectorAll(%s), a => ({href: a.getAttribute("href"), text: a.innerText.trim()}))`, strconv.Quote(sel)))
}

// text returns the visible text of the first element matching sel.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return evalJS[string](tb, fmt.Sprintf(`(document.querySelector(%s) || {innerText: ""}).innerText.trim()`, strconv.Quote(sel)))
}

// visible reports whether the first element matching sel is rendered,
// visible and not empty.
func (tb *tab) visible(sel string) bool {
	tb.t.Helper()
	return evalJS[bool](tb, fmt.Sprintf(`(el => !!el && el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && el.getBoundingClientRect().width > 0)(document.querySelector(%s))`, strconv.Quote(sel)))
}

// sidebarState describes the sidebar of the page shown.
type sidebarState struct {
	Open           bool     `json:"open"`           // the <details> is open
	Current        []string `json:"current"`        // hrefs of the links marked aria-current
	CurrentVisible bool     `json:"currentVisible"` // the current link is on screen
	Path           []string `json:"path"`           // the links of the current link's ancestor items
	PathOpen       bool     `json:"pathOpen"`       // each of them is marked is-open
	Expanded       []string `json:"expanded"`       // the links of every item whose children are shown
}

const sidebarJS = `(() => {
	const menu = document.querySelector("[data-sidebar]");
	const cur = Array.from(menu.querySelectorAll("a[aria-current=page]"));
	const a = cur[0];
	let currentVisible = false, path = [], pathOpen = true;
	if (a) {
		const r = a.getBoundingClientRect();
		const box = menu.closest(".sidebar").getBoundingClientRect();
		currentVisible = a.checkVisibility() && r.top >= Math.max(0, box.top) && r.bottom <= Math.min(innerHeight, box.bottom);
		for (let li = a.closest("li").parentElement.closest("li"); li; li = li.parentElement.closest("li")) {
			path.unshift(li.querySelector(":scope > a").getAttribute("href"));
			pathOpen = pathOpen && li.classList.contains("is-open");
		}
	}
	const expanded = Array.from(menu.querySelectorAll("li"))
		.filter(li => li.querySelector(":scope > ul") && li.querySelector(":scope > ul").checkVisibility())
		.map(li => li.querySelector(":scope > a").getAttribute("href"));
	return {open: menu.open, current: cur.map(a => a.getAttribute("href")), currentVisible, path, pathOpen, expanded};
})()`

func TestSidebarOpensCurrentSectionAndMarksCurrentPage(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	articles := s.pageURLs("article")
	cases := []struct {
		page string
		path []string // the expanded ancestors, from the category down
	}{
		{cardDeclined, []string{"/billing/", "/billing/payments/"}},
		{jsSDK, []string{"/api/", "/api/getting-started/", "/api/getting-started/sdks/"}},
		{"/billing/payments/", []string{"/billing/"}},
		{"/contact-support/", nil},
		{articles[len(articles)-1], nil}, // the end of the sidebar: scrolled into view
	}
	for _, c := range cases {
		tb.open(c.page)
		got := evalJS[sidebarState](tb, sidebarJS)
		if !got.Open {
			t.Errorf("%s: the sidebar is closed on a wide screen", c.page)
		}
		if len(got.Current) != 1 || got.Current[0] != c.page {
			t.Errorf("%s: aria-current links %q, want just this page", c.page, got.Current)
			continue
		}
		if !got.CurrentVisible {
			t.Errorf("%s: the current page's sidebar link is off screen", c.page)
		}
		if !got.PathOpen {
			t.Errorf("%s: ancestors %q are not all marked is-open", c.page, got.Path)
		}
		if c.path != nil && !slices.Equal(got.Path, c.path) {
			t.Errorf("%s: sidebar path %q, want %q", c.page, got.Path, c.path)
		}
		// Only the way to the current page is expanded (and the page itself,
		// when it is a section).
		want := slices.Clone(got.Path)
		if strings.Count(c.page, "/") < 4 && slices.Contains(got.Expanded, c.page) {
			want = append(want, c.page) // a section shows its own articles
		}
		if !slices.Equal(got.Expanded, want) {
			t.Errorf("%s: expanded sidebar items %q, want %q", c.page, got.Expanded, want)
		}
	}
}

func TestBreadcrumbsLeadToEachAncestor(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(jsSDK)
	crumbs := tb.links(".breadcrumbs a")
	want := []string{"/", "/api/", "/api/getting-started/", "/api/getting-started/sdks/"}
	var hrefs []string
	for _, c := range crumbs {
		hrefs = append(hrefs, c.Href)
	}
	if !slices.Equal(hrefs, want) {
		t.Fatalf("breadcrumbs %q, want %q", hrefs, want)
	}
	for i, c := range crumbs {
		if i > 0 {
			tb.open(jsSDK)
		}
		got := tb.follow(fmt.Sprintf(".breadcrumbs li:nth-child(%d) a", i+1))
		if got != c.Href {
			t.Errorf("breadcrumb %q went to %s, want %s", c.Text, got, c.Href)
		}
		if h1 := tb.text("h1"); h1 != c.Text {
			t.Errorf("breadcrumb %q landed on a page titled %q", c.Text, h1)
		}
	}
}

// TestPreviousNextCrossSectionsAndCategories follows Next over a category
// boundary and back with Previous: each link lands on the page it names.
// (TestWithoutJavaScriptEveryArticleReadsAndLinksOn walks the whole chain.)
func TestPreviousNextCrossSectionsAndCategories(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	listed := s.listedArticles()
	category := func(u string) string { return strings.SplitN(strings.Trim(u, "/"), "/", 2)[0] }
	start := 0
	for i := 1; i+1 < len(listed); i++ {
		if category(listed[i]) != category(listed[i+1]) {
			start = i - 1
			break
		}
	}
	tb.open(listed[start])
	walk := func(rel string, from, to int) {
		t.Helper()
		title := tb.text(".prevnext a." + rel + " .prevnext-title")
		got := tb.follow(".prevnext a." + rel)
		if got != listed[to] {
			t.Fatalf("%s: %s went to %s, want %s", listed[from], rel, got, listed[to])
		}
		if h1 := tb.text("h1"); h1 != title {
			t.Errorf("%s: %s says %q, landed on %q", listed[from], rel, title, h1)
		}
	}
	for i := start; i < start+3; i++ {
		walk("next", i, i+1)
	}
	for i := start + 3; i > start; i-- {
		walk("prev", i, i-1)
	}
	tb.open(listed[0])
	if prev := tb.links(".prevnext a.prev"); len(prev) != 0 {
		t.Errorf("%s: the first article has a Previous link to %s", listed[0], prev[0].Href)
	}
	tb.open(listed[len(listed)-1])
	if next := tb.links(".prevnext a.next"); len(next) != 0 {
		t.Errorf("%s: the last article has a Next link to %s", listed[len(listed)-1], next[0].Href)
	}
}

// anchorState is where a link's target ended up after the click.
type anchorState struct {
	Hash    string  `json:"hash"`
	Top     float64 `json:"top"`
	Bottom  float64 `json:"bottom"`
	Header  float64 `json:"header"` // bottom of the sticky header, 0 when it scrolls away
	Height  float64 `json:"height"` // of the viewport
	Covered bool    `json:"covered"`
}

const anchorJS = `(id => {
	const el = document.getElementById(id);
	if (!el) return {hash: location.hash, top: -1};
	const r = el.getBoundingClientRect();
	const hd = document.querySelector(".site-header");
	const header = getComputedStyle(hd).position === "sticky" ? hd.getBoundingClientRect().bottom : 0;
	const hit = document.elementFromPoint(r.left + Math.min(24, r.width / 2), r.top + r.height / 2);
	return {hash: location.hash, top: r.top, bottom: r.bottom, header, height: innerHeight, covered: !(hit && el.contains(hit))};
})`

// TestOnThisPageLinksShowTheirHeading clicks each "On this page" entry and
// each in-page link of the body: the heading ends up on screen, below
// the sticky header.
func TestOnThisPageLinksShowTheirHeading(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	for _, p := range []string{cardDeclined, webhooks} {
		tb.open(p)
		toc := tb.links(".toc a")
		if len(toc) < 2 {
			t.Fatalf("%s: %d entries in On this page", p, len(toc))
		}
		if p == webhooks && len(tb.links(".toc ol ol a")) == 0 {
			t.Errorf("%s: On this page lists no H3", p)
		}
		inBody := tb.links(`.prose a[href^="#"]:not(.anchor):not([href^="#fn"])`)
		if p == cardDeclined && len(inBody) == 0 {
			t.Errorf("%s: no in-page link in the body", p)
		}
		for _, l := range append(toc, inBody...) {
			scope := ".toc"
			if !slices.Contains(toc, l) {
				scope = ".prose"
			}
			evalJS[chromedp.Void](tb, "scrollTo(0, 0)")
			tb.click(fmt.Sprintf("%s a[href=%s]", scope, strconv.Quote(l.Href)))
			waitJS(tb, "location.hash === "+strconv.Quote(l.Href))
			id := strings.TrimPrefix(l.Href, "#")
			got := evalJS[anchorState](tb, anchorJS+"("+strconv.Quote(id)+")")
			switch {
			case got.Top < 0 && got.Bottom == 0:
				t.Errorf("%s: %q links to #%s, which does not exist", p, l.Text, id)
			case got.Top < got.Header || got.Covered:
				t.Errorf("%s: after clicking %q, #%s is under the header (top %.0f, header ends at %.0f)", p, l.Text, id, got.Top, got.Header)
			case got.Bottom > got.Height:
				t.Errorf("%s: after clicking %q, #%s is below the screen (top %.0f of %.0f)", p, l.Text, id, got.Top, got.Height)
			}
		}
	}
}

// TestRelatedArticlesAndBacklinks follows each related article of a page:
// it lands where it says, and links back (related articles are the front
// matter's list plus backlinks: the articles whose body or front matter
// links here).
func TestRelatedArticlesAndBacklinks(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	related := tb.links(".related a")
	if len(related) == 0 {
		t.Fatalf("%s has no related articles", cardDeclined)
	}
	linksBack := fmt.Sprintf(`.prose a[href^=%[1]s], .related a[href=%[1]s]`, strconv.Quote(cardDeclined))
	for i, r := range related {
		if i > 0 {
			tb.open(cardDeclined)
		}
		title := tb.text(fmt.Sprintf(".related li:nth-child(%d) .article-list-title", i+1))
		got := tb.follow(fmt.Sprintf(".related li:nth-child(%d) a", i+1))
		if got != r.Href {
			t.Errorf("related %q went to %s, want %s", title, got, r.Href)
		}
		if h1 := tb.text("h1"); h1 != title {
			t.Errorf("related %q landed on %q", title, h1)
		}
		if len(tb.links(linksBack)) == 0 {
			t.Errorf("%s is related to %s but links neither to it nor back to it", got, cardDeclined)
		}
	}
	// An article that others link to but that names none itself lists
	// its backlinks.
	for _, p := range s.Res.Site.Pages {
		if p.Kind.String() != "article" || len(p.FM.Related) > 0 || len(p.Backlinks) == 0 {
			continue
		}
		tb.open(p.URL)
		var shown []string
		for _, l := range tb.links(".related a") {
			shown = append(shown, l.Href)
		}
		for _, b := range p.Backlinks {
			if !slices.Contains(shown, b.URL) {
				t.Errorf("%s: backlink from %s not among related articles %q", p.URL, b.URL, shown)
			}
		}
		return
	}
	t.Error("no article has backlinks but no related articles of its own")
}
