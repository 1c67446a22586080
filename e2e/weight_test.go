package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// maxPageWeight is the budget of a page: HTML, CSS and JavaScript,
// gzipped, without images.
const maxPageWeight = 30_000

// gzipSize is the size of data gzipped at level 6, the usual default of
// web servers (HTTP headers not counted).
func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, 6)
	w.Write(data)
	w.Close()
	return b.Len()
}

// fetch returns the body of a URL of the site, decompressed, and its
// content type.
func fetch(t *testing.T, u string) ([]byte, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v", u, res.StatusCode, err)
	}
	return body, res.Header.Get("Content-Type")
}

// TestPageWeight loads one page of each kind with the cache off and adds
// up what it loads: under 30 KB gzipped for every page (an article, the
// search page with results, ...), and nothing that blocks rendering is a
// script. Run with -v for the table in BENCHMARKS.md.
func TestPageWeight(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	if _, err := chromedp.Call(tb.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ kind, path string }{
		{"home", "/"},
		{"category", "/billing/"},
		{"section", "/billing/payments/"},
		{"article", cardDeclined},
		{"article (code)", webhooks},
		{"404", "/no-such-page/"},
		{"search", searchPage + "?q=refund"}, // rendered by the server, with results
	}
	tb.expect("/no-such-page/", 404)
	t.Logf("%-16s %5s %7s %7s %7s  %s", "page", "files", "raw B", "gzip B", "wire B", "(HTML, CSS, JS; no images; wire: as kb's server sent it, headers included)")
	for _, p := range pages {
		tb.reset()
		tb.open(p.path)
		// The theme's scripts may fetch more after load: the search API,
		// asked once a session (skipped below); the "Copy page" twin is
		// fetched only on a click.
		var raw, gz, files int
		var wire float64
		var blocking []string
		for _, r := range tb.requests() {
			u, err := url.Parse(r.URL)
			if err != nil || u.Scheme == "data" {
				continue
			}
			if r.Type == network.ResourceTypeScript && r.Blocking != network.RenderBlockingBehaviorNonBlocking {
				blocking = append(blocking, fmt.Sprintf("%s (%s)", u.Path, r.Blocking))
			}
			body, ctype := s.Files["404.html"], "text/html"
			if u.RawQuery != "" {
				// The search page: the server fills the built page with
				// results, so measure what it answers.
				body, ctype = fetch(t, r.URL)
			} else if name, ok := s.lookup(u.Path); ok {
				body, ctype = s.Files[name], contentType(name)
			}
			if r.Type == network.ResourceTypeImage || strings.HasPrefix(ctype, "image/") {
				continue // images, and the icon (fetched as "Other")
			}
			if r.Type == network.ResourceTypeFetch {
				continue // kb.js asking the search status once a session: JSON, not page weight
			}
			files++
			wire += r.Wire
			raw += len(body)
			gz += gzipSize(body)
		}
		t.Logf("%-16s %5d %7d %7d %7.0f", p.kind, files, raw, gz, wire)
		if len(blocking) > 0 {
			t.Errorf("%s: scripts that block rendering: %s", p.path, strings.Join(blocking, ", "))
		}
		if inline := evalJS[int](tb, `document.querySelectorAll('script:not([src]):not([type="application/ld+json"]), script[src]:not([defer]):not([async]):not([type=module])').length`); inline > 0 {
			t.Errorf("%s: %d scripts run before the text shows (inline, or neither defer nor async)", p.path, inline)
		}
		if p.kind == "search" {
			if n := evalJS[int](tb, `document.querySelectorAll(".search-hit").length`); n == 0 {
				t.Errorf("%s: no results shown; the search page is measured with results", p.path)
			}
		}
		if gz > maxPageWeight {
			t.Errorf("%s: %d bytes gzipped, over the budget of %d", p.path, gz, maxPageWeight)
		}
	}
}
