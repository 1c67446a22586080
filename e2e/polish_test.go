package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The widths every page kind is checked at: a phone, a tablet, a laptop
// and a wide desktop. Phones get the mobile viewport and touch.
var widths = []struct {
	name   string
	w      int64
	mobile bool
}{{"390", 390, true}, {"768", 768, false}, {"1280", 1280, false}, {"1920", 1920, false}}

// TestHomeWelcomeTextSitsUnderTheHeroWithRoom: the home page's own text
// (content/_index.md) has room under the hero and is centred as the hero
// is, at every width.
func TestHomeWelcomeTextSitsUnderTheHeroWithRoom(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	type place struct {
		Gap    float64 `json:"gap"`    // from the hero's bottom edge to the first line of text
		Offset float64 `json:"offset"` // the text block's centre minus the hero text's centre
		Align  string  `json:"align"`
	}
	for _, w := range widths {
		tb.viewport(w.w, 900, w.mobile)
		tb.open("/")
		p := evalJS[place](tb, `(() => {
			const hero = document.querySelector(".hero"), inner = document.querySelector(".hero-inner"), body = document.querySelector(".folder-body");
			if (!body) return {gap: -1, offset: 0, align: ""};
			const h = hero.getBoundingClientRect(), i = inner.getBoundingClientRect(), b = body.getBoundingClientRect();
			const first = body.querySelector("p") || body;
			return {gap: first.getBoundingClientRect().top - h.bottom, offset: (b.left + b.right) / 2 - (i.left + i.right) / 2, align: getComputedStyle(first).textAlign};
		})()`)
		if p.Gap < 24 {
			t.Errorf("%s px: the welcome text starts %.0f px under the hero, want at least 24", w.name, p.Gap)
		}
		if p.Offset < -2 || p.Offset > 2 || p.Align != "center" {
			t.Errorf("%s px: the welcome text is off the hero's centre by %.0f px, aligned %q; want centred under it", w.name, p.Offset, p.Align)
		}
	}
}

// cardRowsJS groups the cards of the first grid by row and gives, per
// row, the tops of each card's parts.
const cardRowsJS = `(() => {
	const rows = new Map();
	for (const c of document.querySelectorAll(".card-grid > .card")) {
		const top = Math.round(c.getBoundingClientRect().top);
		const part = sel => { const el = c.querySelector(sel); return el ? Math.round(el.getBoundingClientRect().top) : null; };
		if (!rows.has(top)) rows.set(top, []);
		rows.get(top).push({title: c.querySelector(".card-title").innerText, links: part(".card-links"), seeAll: part(".see-all")});
	}
	return Array.from(rows.values()).filter(r => r.length > 1);
})()`

// TestCardsLineUpAcrossARow: on the home page and a category page, the
// cards side by side start their lists on one line and have their "See
// all N articles" on one line, whatever the length of their descriptions.
func TestCardsLineUpAcrossARow(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	type card struct {
		Title  string   `json:"title"`
		Links  *float64 `json:"links"`
		SeeAll *float64 `json:"seeAll"`
	}
	rowsSeen := 0
	for _, w := range widths[1:] { // a phone has one card a row
		tb.viewport(w.w, 900, w.mobile)
		for _, p := range []string{"/", "/billing/", "/troubleshooting/"} {
			tb.open(p)
			for _, row := range evalJS[[][]card](tb, cardRowsJS) {
				rowsSeen++
				var links, seeAll *float64
				for _, c := range row {
					if c.Links != nil {
						if links == nil {
							links = c.Links
						} else if *c.Links != *links {
							t.Errorf("%s at %s px: %q's list starts at %.0f, its neighbour's at %.0f", p, w.name, c.Title, *c.Links, *links)
						}
					}
					if c.SeeAll != nil {
						if seeAll == nil {
							seeAll = c.SeeAll
						} else if *c.SeeAll != *seeAll {
							t.Errorf("%s at %s px: %q's See all is at %.0f, its neighbour's at %.0f", p, w.name, c.Title, *c.SeeAll, *seeAll)
						}
					}
				}
			}
		}
	}
	if rowsSeen == 0 {
		t.Fatal("no row of two cards or more on any page")
	}
}

// chipsJS reads the search page's category chips: the count of All and
// the sum of the others.
const chipsJS = `(() => {
	const counts = Array.from(document.querySelectorAll(".search-filters a"), a => ({title: a.firstChild.textContent.trim(), n: parseInt(a.querySelector(".search-count").textContent, 10)}));
	return {all: counts.length ? counts[0].n : -1, sum: counts.slice(1).reduce((s, c) => s + c.n, 0), chips: counts.map(c => c.title + " " + c.n),
		total: parseInt(((document.querySelector(".search-summary") || {}).textContent || "").replace(/^Results \S+ of /, ""), 10)};
})()`

type chips struct {
	All   int      `json:"all"`
	Sum   int      `json:"sum"`
	Total int      `json:"total"` // the summary line's count
	Chips []string `json:"chips"`
}

// TestSearchChipsAddUpToAll: a search that matches an article outside
// every category (contact-support.md, at the root) shows a chip for it,
// so that the chips add up to All, on kb's server and on a static host
// (the in-browser search), which agree; the chip filters.
func TestSearchChipsAddUpToAll(t *testing.T) {
	t.Parallel()
	served, static := newTab(t, startSite(t)), newTab(t, startStaticSite(t, "/", nil))
	q := "password"
	var got [2]chips
	for i, tb := range []*tab{served, static} {
		tb.open(searchPage + "?q=" + url.QueryEscape(q))
		waitJS(tb, `document.querySelectorAll(".search-filters a").length > 0`)
		got[i] = evalJS[chips](tb, chipsJS)
		c := got[i]
		if c.All != c.Sum || c.All != c.Total {
			t.Errorf("%s: All counts %d, the summary %d, the chips add up to %d: %q", []string{"kb serve", "static"}[i], c.All, c.Total, c.Sum, c.Chips)
		}
	}
	if fmt.Sprint(got[0].Chips) != fmt.Sprint(got[1].Chips) {
		t.Errorf("the chips differ: kb serve %q, static %q", got[0].Chips, got[1].Chips)
	}
	// The chip of the articles outside every category lists them alone.
	for _, tb := range []*tab{served, static} {
		tb.open(searchPage + "?q=" + url.QueryEscape(q) + "&category=" + url.QueryEscape(generalKey))
		waitJS(tb, `document.querySelector('.search-filters a[aria-current="page"]') !== null`)
		hits := evalJS[[]string](tb, `Array.from(document.querySelectorAll(".search-hit-title"), a => a.getAttribute("href"))`)
		if len(hits) != 1 || !strings.HasPrefix(hits[0], "/contact-support/") {
			t.Errorf("filtered on %s: hits %q, want the root's article alone", generalKey, hits)
		}
	}
}

// generalKey is the category key of the articles outside every category
// (builder.GeneralCategory).
const generalKey = "_general"

// crumbLinesJS lists, for each breadcrumb that starts a line of its own,
// whether the line starts with a separator.
const crumbLinesJS = `(() => {
	const items = Array.from(document.querySelectorAll(".breadcrumbs li"));
	const out = {lines: 1, bad: []};
	for (let i = 1; i < items.length; i++) {
		if (items[i].getBoundingClientRect().top > items[i - 1].getBoundingClientRect().top + 2) {
			out.lines++;
			const before = getComputedStyle(items[i], "::before").content;
			if (before && before !== "none" && before !== "normal") out.bad.push(items[i].innerText.trim());
		}
	}
	return out;
})()`

// TestPhoneBreadcrumbLinesNeverStartWithASeparator: on a phone, a
// breadcrumb trail that wraps keeps each "/" at the end of the line,
// after the item it follows.
func TestPhoneBreadcrumbLinesNeverStartWithASeparator(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	wrapped := 0
	for _, w := range []int64{360, 390} {
		tb.viewport(w, 844, true)
		for _, p := range s.pageURLs("article") {
			tb.open(p)
			got := evalJS[struct {
				Lines int      `json:"lines"`
				Bad   []string `json:"bad"`
			}](tb, crumbLinesJS)
			if got.Lines > 1 {
				wrapped++
			}
			if len(got.Bad) > 0 {
				t.Errorf("%s at %d px: a breadcrumb line starts with the separator, before %q", p, w, got.Bad)
			}
		}
	}
	if wrapped == 0 {
		t.Fatal("no breadcrumb trail wraps on a phone: the test checks nothing")
	}
}

// TestPhoneArticleStartsOnTheFirstScreen: on a 390×844 phone, "On this
// page" is folded, so every article's first paragraph (or its box of
// symptoms, for a troubleshooting article) starts on the first screen;
// it opens with a tap, without JavaScript too.
func TestPhoneArticleStartsOnTheFirstScreen(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	withJS, withoutJS := newTab(t, s), newTab(t, s)
	withoutJS.disableJS()
	checked := 0
	for _, tb := range []*tab{withJS, withoutJS} {
		tb.viewport(390, 844, true)
		for _, p := range s.pageURLs("article") {
			tb.open(p)
			if !evalJS[bool](tb, `!!document.querySelector(".toc")`) {
				continue
			}
			checked++
			// The first line of the body is on screen: its first
			// paragraph, or the box of a troubleshooting article's
			// symptoms and error messages that comes before it.
			bottom := evalJS[float64](tb, `(p => p ? p.getBoundingClientRect().top + parseFloat(getComputedStyle(p).lineHeight) : 1e9)(document.querySelector(".article-body > :is(p, .trouble)"))`)
			if bottom > 844 {
				t.Errorf("%s: the article's first line ends %.0f px down a 844 px screen", p, bottom)
			}
		}
		tb.open(webhooks)
		if tb.visible(".toc li a") {
			t.Fatalf("%s: On this page is open on a phone", webhooks)
		}
		tb.click(".toc summary")
		if !tb.visible(".toc li a") {
			t.Errorf("%s: tapping On this page does not open it", webhooks)
		}
	}
	if checked == 0 {
		t.Fatal("no article has On this page")
	}
}
