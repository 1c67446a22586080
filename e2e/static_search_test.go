package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kbhelp/kb/builder"
)

// The static search: the example site as kb build writes it, served by
// a file server that knows nothing of kb (Go's http.FileServer), at the
// root and under a base path. The search box and the search page must
// work from the files alone.

var staticBuilt struct {
	mu   sync.Mutex
	dirs map[string]string // base path → output folder
}

// startStaticSite builds the example site with kb build's own path
// (BuildDir) for base, once per test binary, and serves the folder with
// http.FileServer. wrap, when set, wraps the file server (to damage
// files).
func startStaticSite(t *testing.T, base string, wrap func(http.Handler) http.Handler) *testSite {
	t.Helper()
	staticBuilt.mu.Lock()
	if staticBuilt.dirs == nil {
		staticBuilt.dirs = map[string]string{}
	}
	out, ok := staticBuilt.dirs[base]
	if !ok {
		dir, err := os.MkdirTemp("", "kb-e2e-static-")
		if err != nil {
			staticBuilt.mu.Unlock()
			t.Fatal(err)
		}
		out = filepath.Join(dir, "public")
		opts := builder.Options{BaseURL: "https://help.example.com" + base}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		_, err = builder.New(opts).BuildDir(ctx, "..", out)
		cancel()
		if err != nil {
			staticBuilt.mu.Unlock()
			t.Fatalf("kb build: %v", err)
		}
		staticBuilt.dirs[base] = out
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	}
	staticBuilt.mu.Unlock()
	var h http.Handler = http.FileServer(http.Dir(out))
	if base != "/" {
		h = http.StripPrefix(strings.TrimSuffix(base, "/"), h)
	}
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return &testSite{URL: hs.URL, Files: map[string][]byte{}}
}

// TestStaticSearchBox types a query with a typo into the header's box of
// a site on a plain file server, at the root and under /help/: nothing of
// the index loads before the box has the focus; results come as the
// reader types, from the static index; the arrow keys and Enter open the
// first at its section's anchor.
func TestStaticSearchBox(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"/", "/help/"} {
		t.Run(strings.Trim(base, "/")+"root", func(t *testing.T) {
			s := startStaticSite(t, base, nil)
			tb := newTab(t, s)
			tb.open(base + strings.TrimPrefix(cardDeclined, "/"))
			waitCombobox(tb, header)
			for _, r := range tb.requests() {
				if strings.Contains(r.URL, "/assets/search/") || strings.Contains(r.URL, "kb-search.") {
					t.Errorf("%s was loaded before the box had the focus", r.URL)
				}
			}
			const q = "pasword reset" // "password"
			tb.do(chromedp.Click(header), chromedp.SendKeys(header, q))
			waitOptions(tb, header)
			c := combo(tb, header)
			if len(c.Titles) == 0 || c.Titles[0] != "Reset your password" {
				t.Fatalf("results for %q: %q, want Reset your password first", q, c.Titles)
			}
			if c.Crumbs[0] == "" || c.Marks == 0 || !strings.Contains(c.Status, "result") {
				t.Errorf("the options lack a breadcrumb or marks, or the live region says %q: %+v", c.Status, c)
			}
			// The client comes from the index's folder with meta.json
			// inside it: one request for both.
			var client, meta, shards, docs int
			for _, r := range tb.requests() {
				switch {
				case strings.Contains(r.URL, "/t/"):
					shards++
				case strings.Contains(r.URL, "/d/"):
					docs++
				case strings.HasSuffix(r.URL, "/meta.json"):
					meta++
				case strings.Contains(r.URL, "/assets/search/") && strings.Contains(r.URL, "/kb-search."):
					client++
				}
				if u, _ := url.Parse(r.URL); !strings.HasPrefix(u.Path, base) {
					t.Errorf("%s is outside the base path %s", r.URL, base)
				}
			}
			if client != 1 || meta != 0 || shards == 0 || docs == 0 {
				t.Errorf("requests: client %d, meta.json %d, shards %d, document chunks %d", client, meta, shards, docs)
			}
			tb.do(chromedp.KeyEvent(kb.ArrowDown))
			resp, err := chromedp.RunResponse(tb.ctx, pressAction("Enter", "Enter", "\r", 13))
			if err != nil {
				t.Fatalf("Enter: %v", err)
			}
			if u, _ := url.Parse(resp.URL); u.Path != base+"account/security/reset-your-password/" {
				t.Errorf("Enter opened %s", resp.URL)
			}
		})
	}
}

// TestStaticSearchPage: /search/?q= shows results from the static index,
// with counts per category; the category filter narrows them; a query
// that matches nothing says so with the support link.
func TestStaticSearchPage(t *testing.T) {
	t.Parallel()
	s := startStaticSite(t, "/help/", nil)
	tb := newTab(t, s)
	tb.open("/help/search/?q=" + url.QueryEscape("invoice"))
	waitJS(tb, `document.querySelectorAll(".search-hits .search-hit").length > 0`)
	type page struct {
		Summary string   `json:"summary"`
		Titles  []string `json:"titles"`
		Filters []string `json:"filters"`
		Static  bool     `json:"static"`
	}
	const pageJS = `({summary: (document.querySelector(".search-summary") || {}).textContent || "",
		titles: Array.from(document.querySelectorAll(".search-hit-title"), a => a.textContent),
		filters: Array.from(document.querySelectorAll(".search-filters a"), a => a.getAttribute("href")),
		static: !document.querySelector(".search-static").hidden})`
	p := evalJS[page](tb, pageJS)
	if !strings.Contains(p.Summary, "for “invoice”") || p.Static {
		t.Errorf("the page: %+v", p)
	}
	if evalJS[string](tb, `document.getElementById("search-page-q").value`) != "invoice" {
		t.Errorf("the query is not in the box")
	}
	if len(p.Filters) < 2 {
		t.Fatalf("filters %q: want All and the categories", p.Filters)
	}
	tb.open(p.Filters[1])
	waitJS(tb, `document.querySelector('.search-filters a[aria-current="page"]') !== null && document.querySelectorAll(".search-hit").length > 0`)
	if evalJS[bool](tb, `(() => { const cur = document.querySelector('.search-filters a[aria-current="page"]').firstChild.textContent.trim();
		return Array.from(document.querySelectorAll(".search-hit-crumbs"), c => c.textContent.split(" › ")[0]).every(c => c === cur); })()`) == false {
		t.Errorf("a hit outside the category filtered on")
	}
	tb.open("/help/search/?q=" + url.QueryEscape("zqxwv blorft"))
	waitJS(tb, `document.querySelector(".search-empty") !== null`)
	if !evalJS[bool](tb, `!!document.querySelector(".search-empty a[href*='support'], .search-empty .search-support a")`) {
		t.Errorf("no support link under no results: %s", evalJS[string](tb, `document.querySelector(".search-empty").innerText`))
	}
}

// TestStaticSearchNoResultsInBox: the box's "no results" has the support
// link.
func TestStaticSearchNoResultsInBox(t *testing.T) {
	t.Parallel()
	s := startStaticSite(t, "/", nil)
	tb := newTab(t, s)
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	tb.do(chromedp.Click(header), chromedp.SendKeys(header, "zqxwv blorft"))
	waitJS(tb, `document.querySelector(".search-foot .search-none") !== null`)
	c := combo(tb, header)
	if len(c.Options) != 0 || !strings.Contains(c.Foot, "No articles match") || len(c.Links) < 2 {
		t.Errorf("no results: %+v", c)
	}
}

// TestStaticSearchDamagedShard: a shard that is not JSON makes the box
// say search is unavailable, with one console warning, and the page
// keeps working.
func TestStaticSearchDamagedShard(t *testing.T) {
	t.Parallel()
	s := startStaticSite(t, "/", func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/assets/search/") && strings.Contains(r.URL.Path, "/t/") {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte("{not json"))
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	tb := newTab(t, s)
	tb.open(cardDeclined)
	waitCombobox(tb, header)
	tb.do(chromedp.Click(header), chromedp.SendKeys(header, "password"))
	waitJS(tb, `(document.querySelector(".search-foot") || {}).textContent.includes("not available")`)
	tb.do(chromedp.SendKeys(header, " reset"))
	time.Sleep(400 * time.Millisecond)
	if n := evalJS[int](tb, `document.querySelectorAll("main a").length`); n == 0 {
		t.Errorf("the page lost its links")
	}
	if w := tb.warnings(); w != 1 {
		t.Errorf("%d console warnings, want 1", w)
	}
}
