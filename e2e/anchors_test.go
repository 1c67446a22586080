package e2e

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// crossLink is a link of an article's body to a heading of another page.
type crossLink struct {
	From, Href string // the page it is on; its href, as written in the HTML
}

// crossLinks lists the body links of the example site that lead to an
// anchor of another page, each once.
func (s *testSite) crossLinks() []crossLink {
	seen := map[crossLink]bool{}
	var out []crossLink
	for _, p := range s.Res.Site.Pages {
		for _, l := range p.Links {
			c := crossLink{p.URL, l.Href}
			if l.Image || l.FrontMatter || l.Target == nil || l.Target == p || l.Anchor == "" || seen[c] {
				continue
			}
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// checkAnchor checks that the element the page's URL fragment names is
// on screen and not under the sticky header.
func (tb *tab) checkAnchor(where string) {
	tb.t.Helper()
	hash := evalJS[string](tb, "location.hash")
	id, err := url.PathUnescape(strings.TrimPrefix(hash, "#"))
	if err != nil || id == "" {
		tb.t.Errorf("%s: no fragment in %q", where, hash)
		return
	}
	got := evalJS[anchorState](tb, anchorJS+"("+strconv.Quote(id)+")")
	switch {
	case got.Top < 0 && got.Bottom == 0:
		tb.t.Errorf("%s: #%s does not exist", where, id)
	case got.Top < got.Header || got.Covered:
		tb.t.Errorf("%s: #%s is under the header (top %.0f, header ends at %.0f)", where, id, got.Top, got.Header)
	case got.Bottom > got.Height:
		tb.t.Errorf("%s: #%s is below the screen (top %.0f of %.0f)", where, id, got.Top, got.Height)
	}
}

// TestLinksToAnotherPagesHeadingShowIt clicks a few body links to a
// heading of another page, on a desktop (sticky header) and on a phone:
// the new page opens with the heading on screen, not under the header.
// (TestEveryPageLoadsCleanly shows every heading linked to this way;
// TestOnThisPageLinksShowTheirHeading does links within a page.)
func TestLinksToAnotherPagesHeadingShowIt(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	links := s.crossLinks()
	if len(links) < 4 {
		t.Fatalf("only %d body links to another page's heading in the example site", len(links))
	}
	tb := newTab(t, s)
	for _, d := range []struct {
		name   string
		w, h   int64
		mobile bool
		links  []crossLink
	}{{"desktop", 1280, 800, false, links[:4]}, {"phone", 390, 844, true, links[len(links)-3:]}} {
		tb.viewport(d.w, d.h, d.mobile)
		for _, l := range d.links {
			tb.open(l.From)
			target, _ := url.Parse(l.Href)
			got := tb.follow(fmt.Sprintf(".prose a[href=%s]", strconv.Quote(l.Href)))
			if got != target.Path {
				t.Errorf("%s (%s): the link to %s went to %s", l.From, d.name, l.Href, got)
				continue
			}
			tb.checkAnchor(fmt.Sprintf("%s → %s (%s)", l.From, l.Href, d.name))
		}
	}
}

// TestFootnotesShowTheNoteAndComeBack clicks each footnote reference and
// the note's link back: the note, then the reference, is on screen and
// not under the sticky header.
func TestFootnotesShowTheNoteAndComeBack(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	var pages []string
	for _, u := range s.pageURLs("article") {
		if name, _ := s.lookup(u); strings.Contains(string(s.Files[name]), `class="footnote-ref"`) {
			pages = append(pages, u)
		}
	}
	if len(pages) == 0 {
		t.Skip("no article of the example site has footnotes")
	}
	tb := newTab(t, s)
	for _, p := range pages {
		tb.open(p)
		refs := tb.links(".prose a.footnote-ref")
		for i, r := range refs {
			evalJS[chromedp.Void](tb, "scrollTo(0, 0)")
			tb.click(fmt.Sprintf(".prose a.footnote-ref[href=%s]", strconv.Quote(r.Href)))
			waitJS(tb, "location.hash === "+strconv.Quote(r.Href))
			tb.checkAnchor(fmt.Sprintf("%s: footnote %d", p, i+1))
			back := evalJS[string](tb, fmt.Sprintf(`(document.getElementById(%s).querySelector("a.footnote-backref") || {}).getAttribute?.("href") || ""`,
				strconv.Quote(strings.TrimPrefix(r.Href, "#"))))
			if back == "" {
				t.Errorf("%s: footnote %d has no link back", p, i+1)
				continue
			}
			tb.click(fmt.Sprintf(".prose a.footnote-backref[href=%s]", strconv.Quote(back)))
			waitJS(tb, "location.hash === "+strconv.Quote(back))
			tb.checkAnchor(fmt.Sprintf("%s: back from footnote %d", p, i+1))
		}
	}
}

// TestOnThisPageLinksAtOtherWidths clicks each "On this page" entry of an
// article on a laptop-sized window (sticky header, the contents above the
// article rather than beside it) and on a phone (no sticky header): the
// heading ends up on screen and not under the header.
// (TestOnThisPageLinksShowTheirHeading does a wide desktop.)
func TestOnThisPageLinksAtOtherWidths(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	for _, d := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"1000 px", 1000, 700, false}, {"phone", 390, 844, true}} {
		tb.viewport(d.w, d.h, d.mobile)
		tb.open(webhooks)
		if !evalJS[bool](tb, `document.querySelector(".toc details").open`) {
			tb.click(".toc summary") // folded above the article on narrower screens
		}
		toc := tb.links(".toc a")
		if len(toc) < 2 || !tb.visible(".toc li a") {
			t.Fatalf("%s (%s): On this page is not shown (%d entries)", webhooks, d.name, len(toc))
		}
		for _, l := range toc {
			evalJS[chromedp.Void](tb, "scrollTo(0, 0)")
			tb.click(fmt.Sprintf(".toc a[href=%s]", strconv.Quote(l.Href)))
			waitJS(tb, "location.hash === "+strconv.Quote(l.Href))
			tb.checkAnchor(fmt.Sprintf("%s (%s): On this page → %q", webhooks, d.name, l.Text))
		}
	}
}
