package server

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// searchSite is testSite with a base path, a support link, an article
// whose title and text need escaping, and a second category.
func searchSite() map[string]string {
	return testSite(map[string]string{
		"site.yaml": "title: Test Help\nbase_path: /help/\nfeedback_url: /api/feedback\n" +
			"support:\n  text: Still stuck?\n  link_text: Contact us\n  url: https://example.com/contact\n",
		"content/billing/tags.md": "---\ntitle: Refunds for <b>bold</b> & \"quoted\" plans\n---\n# Refunds for <b>bold</b> & \"quoted\" plans\n\n" +
			"Refunds of <script>alert(1)</script> plans are handled by the billing team.\n",
		"content/account/_index.md":   "---\ntitle: Account\n---\n",
		"content/account/password.md": "---\ntitle: Reset your password\n---\n# Reset your password\n\n## Forgotten password\n\nChoose a new password from the sign-in page.\n",
	})
}

// searchHandler builds src's search index into a temporary folder and
// returns the API handler over it, as kb serve does.
func searchHandler(t *testing.T, src string) http.Handler {
	t.Helper()
	res, err := builder.New(builder.Options{}).Build(context.Background(), os.DirFS(src), builder.NewMemSink())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "index")
	if err := search.Build(context.Background(), dir, res.Site.SearchDocs(), search.BuildOptions{Synonyms: res.Site.Config.Synonyms}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return search.Handler(ix)
}

// searchServers returns the site src served in both modes, with search.
func searchServers(t *testing.T, files map[string]string) map[string]*Server {
	t.Helper()
	src := newSiteDir(t, files)
	h := searchHandler(t, src)
	dev := devServer(t, src, func(c *Config) { c.Search = h })
	prod, _ := prodServer(t, src, func(c *Config) { c.Search = h })
	return map[string]*Server{"dev": dev, "prod": prod}
}

// results returns the part of a search page between its results markers'
// replacement: the <section class="search-results"> element.
func results(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `<section class="search-results"`)
	j := strings.Index(page, "</section>")
	if i < 0 || j < i {
		t.Fatalf("no results section in:\n%s", page)
	}
	return page[i:j]
}

func TestSearchPageRendersResultsInBothModes(t *testing.T) {
	for mode, s := range searchServers(t, searchSite()) {
		t.Run(mode, func(t *testing.T) {
			res := get(t, s, "GET", "/help/search/?q=refnds", nil)
			page := body(t, res)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if res.Header.Get("X-Robots-Tag") != "noindex" || !strings.Contains(page, `<meta name="robots" content="noindex">`) {
				t.Error("the search page is not kept out of search engines")
			}
			if !strings.Contains(page, `name="q" value="refnds"`) {
				t.Error("the query is not echoed in the input")
			}
			if !strings.Contains(page, "<title>“refnds” – Search – Test Help</title>") {
				t.Error("the page's title does not name the search")
			}
			r := results(t, page)
			for _, want := range []string{
				`<a class="search-hit-title" href="/help/billing/refunds/">Refunds</a>`,
				`<p class="search-hit-crumbs">Billing</p>`,
				"<mark>",
				`role="status"`,
			} {
				if !strings.Contains(r, want) {
					t.Errorf("results lack %q:\n%s", want, r)
				}
			}
			if strings.Contains(r, "search-static") || strings.Contains(r, builder.SearchResultsMarker) {
				t.Errorf("the static host's text or the markers are still there:\n%s", r)
			}
			if strings.Contains(page, "<!--kb:search-results") || !strings.Contains(page, "</footer>") {
				t.Error("the page around the results is not whole")
			}
		})
	}
}

func TestSearchPageEscapes(t *testing.T) {
	for mode, s := range searchServers(t, searchSite()) {
		t.Run(mode, func(t *testing.T) {
			page := body(t, get(t, s, "GET", "/help/search/?q=bold+quoted+refunds", nil))
			r := results(t, page)
			if strings.Contains(r, "<b>") || strings.Contains(r, "<script>") {
				t.Errorf("markup from the content reached the results unescaped:\n%s", r)
			}
			if !strings.Contains(r, "&lt;b&gt;bold&lt;/b&gt;") {
				t.Errorf("the title is not shown escaped:\n%s", r)
			}
			evil := `"><script>alert(1)</script>`
			page = body(t, get(t, s, "GET", "/help/search/?q="+strings.ReplaceAll(evil, " ", "+"), nil))
			if strings.Contains(page, "<script>alert(1)") {
				t.Errorf("the query reached the page unescaped")
			}
			if !strings.Contains(page, `value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`) {
				t.Errorf("the query is not echoed escaped in the input")
			}
			if !strings.Contains(page, "<title>“&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;” – Search") {
				t.Errorf("the query is not escaped in the title")
			}
		})
	}
}

func TestSearchPageCategoryFilter(t *testing.T) {
	s := searchServers(t, searchSite())["prod"]
	page := body(t, get(t, s, "GET", "/help/search/?q=password+refunds", nil))
	r := results(t, page)
	for _, want := range []string{
		`<nav class="search-filters" aria-label="Filter by category">`,
		`href="/help/search/?q=password&#43;refunds" aria-current="page">All`,
		`href="/help/search/?category=billing&amp;q=password&#43;refunds">Billing`,
		`href="/help/search/?category=account&amp;q=password&#43;refunds">Account`,
	} {
		if !strings.Contains(r, want) {
			t.Errorf("filters lack %q:\n%s", want, r)
		}
	}
	r = results(t, body(t, get(t, s, "GET", "/help/search/?q=password+refunds&category=account", nil)))
	if !strings.Contains(r, `aria-current="page">Account`) || !strings.Contains(r, "/help/account/password/") || strings.Contains(r, "/help/billing/refunds/") {
		t.Errorf("category=account shows:\n%s", r)
	}
}

func TestSearchPageNoResultsOffersSupport(t *testing.T) {
	for mode, s := range searchServers(t, searchSite()) {
		t.Run(mode, func(t *testing.T) {
			res := get(t, s, "GET", "/help/search/?q=zebra+xylophone", nil)
			r := results(t, body(t, res))
			if res.StatusCode != 200 {
				t.Errorf("status %d", res.StatusCode)
			}
			for _, want := range []string{
				"No articles match “zebra xylophone”.",
				`<a class="btn btn-primary" href="https://example.com/contact">Contact us</a>`,
				`<a href="/help/">Browse all topics</a>`,
			} {
				if !strings.Contains(r, want) {
					t.Errorf("no-results state lacks %q:\n%s", want, r)
				}
			}
		})
	}
}

func TestSearchPageBadParametersAre400(t *testing.T) {
	s := searchServers(t, searchSite())["prod"]
	for _, target := range []string{
		"/help/search/?q=a&q=b",
		"/help/search/?q=refunds&page=0",
		"/help/search/?q=refunds&page=x",
		"/help/search/?q=refunds&page=99",
		"/help/search/?q=" + strings.Repeat("a", search.MaxQueryBytes+1),
		"/help/search/?q=refunds&category=%01",
		"/help/search/?q=%ff",
		"/help/search/?q=%zz",
	} {
		res := get(t, s, "GET", target, nil)
		page := body(t, res)
		if res.StatusCode != 400 {
			t.Errorf("%.60s: status %d, want 400", target, res.StatusCode)
			continue
		}
		if !strings.Contains(page, `<div class="search-error" role="alert">`) || !strings.Contains(page, "</footer>") {
			t.Errorf("%.60s: not the search page with an error:\n%s", target, results(t, page))
		}
	}
}

func TestSearchPageWithoutQueryOrIndex(t *testing.T) {
	src := newSiteDir(t, searchSite())
	s, _ := prodServer(t, src, nil) // no search index
	res := get(t, s, "GET", "/help/search/", nil)
	if r := results(t, body(t, res)); res.StatusCode != 200 || !strings.Contains(r, "Type a question") {
		t.Errorf("no query: status %d\n%s", res.StatusCode, r)
	}
	res = get(t, s, "GET", "/help/search/?q=refunds", nil)
	if r := results(t, body(t, res)); res.StatusCode != 503 || !strings.Contains(r, "not available") {
		t.Errorf("no index: status %d\n%s", res.StatusCode, r)
	}
}

func TestSearchPagePaths(t *testing.T) {
	s := searchServers(t, searchSite())["dev"]
	for _, p := range []string{"/help/search/", "/help/search", "/help/search/index.html", "/search", "/search/"} {
		res := get(t, s, "GET", p+"?q=refunds", nil)
		if page := body(t, res); res.StatusCode != 200 || !strings.Contains(page, `class="search-hit"`) {
			t.Errorf("%s: status %d, no results", p, res.StatusCode)
		}
	}
	res := get(t, s, "HEAD", "/help/search/?q=refunds", nil)
	if res.StatusCode != 200 || body(t, res) != "" {
		t.Errorf("HEAD: status %d", res.StatusCode)
	}
	if res := get(t, s, "POST", "/help/search/?q=refunds", nil); res.StatusCode != 405 {
		t.Errorf("POST: status %d, want 405", res.StatusCode)
	}
}

func TestSearchPagePagesAndRecordsMisses(t *testing.T) {
	files := searchSite()
	for i := range 23 {
		files["content/billing/refund-"+string(rune('a'+i))+".md"] = "---\ntitle: Refund case " + string(rune('a'+i)) + "\n---\nA refund question.\n"
	}
	src := newSiteDir(t, files)
	h := searchHandler(t, src)
	fb := filepath.Join(t.TempDir(), "feedback.jsonl")
	s, _ := prodServer(t, src, func(c *Config) { c.Search, c.FeedbackFile = h, fb })
	r := results(t, body(t, get(t, s, "GET", "/help/search/?q=refund", nil)))
	if !strings.Contains(r, `<ol class="search-hits" start="1">`) || strings.Count(r, `class="search-hit"`) != 10 ||
		!strings.Contains(r, `href="/help/search/?page=2&amp;q=refund" rel="next"`) || !strings.Contains(r, "Page 1 of 3") {
		t.Errorf("page 1:\n%s", r)
	}
	r = results(t, body(t, get(t, s, "GET", "/help/search/?q=refund&page=3", nil)))
	if !strings.Contains(r, `start="21"`) || strings.Contains(r, `rel="next"`) || !strings.Contains(r, `rel="prev"`) {
		t.Errorf("page 3:\n%s", r)
	}
	body(t, get(t, s, "GET", "/help/search/?q=zebra+xylophone", nil))
	data, _ := os.ReadFile(fb)
	if !strings.Contains(string(data), `"query":"zebra xylophone"`) {
		t.Errorf("the search without results is not recorded for kb feedback: %q", data)
	}
}
