package e2e

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageRefs is what a page refers to on its own site, and its images.
type pageRefs struct {
	Refs   []pageRef `json:"refs"`
	Broken []string  `json:"broken"` // images that did not load
	NoID   []string  `json:"noID"`   // in-page links (#id) to no element
}

type pageRef struct {
	Tag string `json:"tag"` // a, link, script, img, form
	URL string `json:"url"` // absolute, as the browser resolved it
}

// refsJS makes every image load (lazy ones too), waits for them, and
// lists the URLs the page refers to.
const refsJS = `(async () => {
	const imgs = Array.from(document.images);
	imgs.forEach(i => { i.loading = "eager"; });
	await Promise.all(imgs.map(i => i.decode().catch(() => {})));
	const refs = [];
	const add = (tag, u) => { if (u) refs.push({tag, url: u}); };
	const noID = [];
	document.querySelectorAll("a[href]").forEach(a => {
		const h = a.getAttribute("href");
		if (!h.startsWith("#")) add("a", a.href);
		else if (!document.getElementById(decodeURIComponent(h.slice(1)))) noID.push(h);
	});
	document.querySelectorAll("link[href]").forEach(l => add("link", l.href));
	document.querySelectorAll("script[src]").forEach(s => add("script", s.src));
	imgs.forEach(i => add("img", i.currentSrc || i.src));
	document.querySelectorAll("form[action]").forEach(f => add("form", f.action));
	return {refs, noID, broken: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src)};
})()`

// TestEveryPageLoadsCleanly opens every page of the example site with
// JavaScript on (the walk of TestWithoutJavaScriptEveryArticleReadsAndLinksOn
// has it off): no console error, failed request or request to another
// host (the tab checks), the sidebar marks the page itself as current
// (nothing on the home, 404 and hidden pages), every image loads, and
// every URL of the site that a page names (links, stylesheets, scripts,
// images, twins, the templates' own links) is a file of the build, with
// each #fragment an id of its target page. Each heading that another
// page's body links to is shown (as the link does, by its fragment) on
// screen and not under the sticky header.
func TestEveryPageLoadsCleanly(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	var pages []string
	marked := map[string][]string{} // page → the sidebar link it marks current
	for _, p := range s.Res.Site.Pages {
		pages = append(pages, p.URL)
		if k := p.Kind.String(); k == "category" || k == "section" || k == "article" && p.NavIndex >= 0 {
			marked[p.URL] = []string{p.URL}
		}
	}
	pages = append(pages, "/no-such-page/")
	tb.expect("/no-such-page/", 404)
	// Where forms post or submit to, which the build does not write.
	dynamic := []string{"/api/feedback", "/api/search", s.Res.Site.Config.SearchURL}
	checked := map[string]bool{}
	linkedTo := map[string][]string{} // page → fragments other pages link to
	for _, l := range s.crossLinks() {
		if u, err := url.Parse(l.Href); err == nil && !slices.Contains(linkedTo[u.Path], u.Fragment) {
			linkedTo[u.Path] = append(linkedTo[u.Path], u.Fragment)
		}
	}
	headings := 0
	for _, p := range pages {
		tb.open(p)
		got := evalJS[pageRefs](tb, refsJS)
		var cur []string
		for _, l := range tb.links(`.sidebar a[aria-current="page"]`) {
			cur = append(cur, l.Href)
		}
		if want := marked[p]; !slices.Equal(cur, want) {
			t.Errorf("%s: the sidebar marks %q as the current page, want %q", p, cur, want)
		}
		for _, img := range got.Broken {
			t.Errorf("%s: image %s does not load", p, img)
		}
		for _, h := range got.NoID {
			t.Errorf("%s: a link to %s, and the page has no such id", p, h)
		}
		for _, r := range got.Refs {
			u, err := url.Parse(r.URL)
			if err != nil {
				t.Errorf("%s: <%s> refers to %q: %v", p, r.Tag, r.URL, err)
				continue
			}
			if u.Host != tb.host || (u.Scheme != "http" && u.Scheme != "https") {
				continue // other sites may be linked to; the tab reports any request to them
			}
			if slices.Contains(dynamic, u.Path) && (r.Tag == "form" || r.Tag == "a") {
				continue
			}
			key := r.Tag + " " + u.Path + "#" + u.Fragment
			if checked[key] {
				continue
			}
			checked[key] = true
			name, ok := s.lookup(u.Path)
			if !ok {
				t.Errorf("%s: <%s> refers to %s, which the build did not write", p, r.Tag, u.Path)
				continue
			}
			if u.Fragment != "" && path.Ext(name) == ".html" && !hasID(s.Files[name], u.Fragment) {
				t.Errorf("%s: <%s> links to %s#%s, and %s has no such id", p, r.Tag, u.Path, u.Fragment, u.Path)
			}
		}
		for _, frag := range linkedTo[p] {
			evalJS[chromedp.Void](tb, "scrollTo(0, 0)")
			evalJS[chromedp.Void](tb, "location.hash = "+strconv.Quote(frag))
			tb.checkAnchor(fmt.Sprintf("%s#%s, which other pages link to", p, frag))
			headings++
		}
	}
	t.Logf("%d pages, %d distinct references checked, %d headings linked to from other pages shown", len(pages), len(checked), headings)
}

// hasID reports whether an HTML page has an element with the id.
func hasID(html []byte, id string) bool {
	s := string(html)
	return strings.Contains(s, `id="`+id+`"`) || strings.Contains(s, `id=`+id+` `) || strings.Contains(s, `id=`+id+`>`)
}
