package e2e

import (
	"net/url"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// articleState is what a reader without JavaScript gets of an article.
type articleState struct {
	H1          string   `json:"h1"`
	H1Visible   bool     `json:"h1Visible"`
	Body        int      `json:"body"`        // characters of visible body text
	Sidebar     bool     `json:"sidebar"`     // the sidebar shows the current page
	Crumbs      []string `json:"crumbs"`      // breadcrumb hrefs
	Next        string   `json:"next"`        // Next's href
	NextTitle   string   `json:"nextTitle"`   // the title Next names
	Prev        string   `json:"prev"`        // Previous's href
	DeadButtons []string `json:"deadButtons"` // controls shown that need JavaScript
}

const articleJS = `(() => {
	const vis = el => !!el && el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().width > 0;
	const q = s => document.querySelector(s);
	const h1 = q("main h1"), body = q(".prose"), cur = q('.sidebar a[aria-current="page"]');
	const next = q(".prevnext a.next"), prev = q(".prevnext a.prev");
	return {
		h1: h1 ? h1.innerText.trim() : "", h1Visible: vis(h1),
		body: vis(body) ? body.innerText.trim().length : 0,
		sidebar: vis(cur) && cur.getAttribute("href") === location.pathname,
		crumbs: Array.from(document.querySelectorAll(".breadcrumbs a"), a => a.getAttribute("href")),
		next: next ? next.getAttribute("href") : "", nextTitle: next ? next.querySelector(".prevnext-title").innerText.trim() : "",
		prev: prev ? prev.getAttribute("href") : "",
		deadButtons: ["[data-theme-toggle]", "[data-copy-page]", ".code-copy", ".search-key"].filter(s => vis(q(s))),
	};
})()`

// TestWithoutJavaScriptEveryArticleReadsAndLinksOn reads every article
// with JavaScript off, going from each to the next by its Next link: the
// title, body, sidebar and breadcrumbs show, no control that needs
// JavaScript does, and Next and Previous land where they say. Articles
// kept out of the sidebar (hidden) are opened directly.
func TestWithoutJavaScriptEveryArticleReadsAndLinksOn(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.disableJS()
	listed := s.listedArticles()
	check := func(p string) articleState {
		t.Helper()
		a := evalJS[articleState](tb, articleJS)
		if a.H1 == "" || !a.H1Visible || a.Body == 0 {
			t.Errorf("%s: not readable without JavaScript: title %q shown %v, %d characters of body", p, a.H1, a.H1Visible, a.Body)
		}
		if len(a.Crumbs) == 0 || a.Crumbs[0] != "/" {
			t.Errorf("%s: breadcrumbs %q", p, a.Crumbs)
		}
		if len(a.DeadButtons) > 0 {
			t.Errorf("%s: controls that need JavaScript are shown: %q", p, a.DeadButtons)
		}
		return a
	}
	tb.open(listed[0])
	visited := []string{listed[0]}
	for {
		here := visited[len(visited)-1]
		a := check(here)
		if !a.Sidebar && slices.Contains(listed, here) {
			t.Errorf("%s: the sidebar does not show the current page without JavaScript", here)
		}
		if len(visited) > 1 && a.Prev != visited[len(visited)-2] {
			t.Errorf("%s: Previous leads to %q, want %s", here, a.Prev, visited[len(visited)-2])
		}
		if a.Next == "" {
			break
		}
		got := tb.follow(".prevnext a.next")
		if got != a.Next {
			t.Fatalf("%s: Next went to %s, want %s", here, got, a.Next)
		}
		if h1 := tb.text("main h1"); h1 != a.NextTitle {
			t.Errorf("%s: Next says %q, landed on %q", here, a.NextTitle, h1)
		}
		visited = append(visited, got)
		if len(visited) > len(listed) {
			t.Fatalf("Next does not end: %q", visited)
		}
	}
	if !slices.Equal(visited, listed) {
		t.Errorf("Next visits %q,\nthe sidebar lists %q", visited, listed)
	}
	for _, p := range s.pageURLs("article") {
		if !slices.Contains(listed, p) {
			tb.open(p)
			check(p)
		}
	}
}

func TestWithoutJavaScriptPhoneSidebarOpens(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.disableJS()
	tb.viewport(390, 844, true)
	tb.open(cardDeclined)
	if tb.visible(".sidebar .nav") {
		t.Fatal("the sidebar is open on a phone before the button is pressed")
	}
	tb.click(".sidebar-toggle")
	if !tb.visible(`.sidebar a[aria-current="page"]`) {
		t.Fatal("without JavaScript, Browse articles does not open the sidebar")
	}
	if got := tb.follow(`.sidebar a[href="/billing/payments/refunds/"]`); got != "/billing/payments/refunds/" {
		t.Errorf("the sidebar link went to %s", got)
	}
}

// TestWithoutJavaScriptSearchFormsSubmit types a query into the header's
// search box and the home page's, and presses Enter or the button: the
// browser goes to the search page with the query, which kb's server has
// filled with results.
func TestWithoutJavaScriptSearchFormsSubmit(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.disableJS()
	action := searchPage
	submit := func(from, input, query string, send chromedp.Action[chromedp.Void]) {
		t.Helper()
		tb.open(from)
		resp, err := chromedp.RunResponse(tb.ctx, chromedp.SendKeys(chromedp.CSS(input), query), send)
		if err != nil {
			t.Fatalf("%s: submit the search form: %v", from, err)
		}
		u, _ := url.Parse(resp.URL)
		if u.Path != action || u.Query().Get("q") != query {
			t.Errorf("%s: the search form went to %s, want %s?q=%s", from, resp.URL, action, url.QueryEscape(query))
		}
		// The server renders the results into the search page.
		if n := evalJS[int](tb, `document.querySelectorAll(".search-results .search-hit a[href]").length`); n == 0 {
			t.Errorf("%s: the search page shows no results for %q", from, query)
		}
		if v := evalJS[string](tb, `document.querySelector("#search-page-q").value`); v != query {
			t.Errorf("%s: the search page's box holds %q, want %q", from, v, query)
		}
	}
	submit(cardDeclined, "#search-header-q", "card declined", chromedp.KeyEvent("\r"))
	submit("/", "#search-hero-q", "refund", chromedp.Click(chromedp.CSS(".search-hero button[type=submit]")))
}

// TestWithoutJavaScriptFeedbackPosts sends feedback with the plain form:
// one vote, and the browser comes back to the article.
func TestWithoutJavaScriptFeedbackPosts(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.disableJS()
	tb.open(cardDeclined)
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`.feedback button[value="no"]`)))
	if err != nil {
		t.Fatalf("post the feedback form: %v", err)
	}
	if u, _ := url.Parse(resp.URL); resp.Status != 200 || u.Path != cardDeclined {
		t.Errorf("after posting feedback the browser shows %s (status %d), want %s", resp.URL, resp.Status, cardDeclined)
	}
	votes := s.Votes(t)
	if len(votes) != 1 {
		t.Fatalf("the server recorded %d votes, want 1", len(votes))
	}
	if v := votes[0]; v.Page != cardDeclined || v.Helpful == nil || *v.Helpful {
		t.Errorf("the vote says page %q helpful %v, want %q false", v.Page, v.Helpful, cardDeclined)
	}
}
