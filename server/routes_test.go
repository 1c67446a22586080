package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// bothModes runs f against a dev server and a production server of the
// same site.
func bothModes(t *testing.T, files map[string]string, f func(t *testing.T, s *Server)) {
	t.Run("dev", func(t *testing.T) { f(t, devServer(t, newSiteDir(t, files), nil)) })
	t.Run("prod", func(t *testing.T) {
		s, _ := prodServer(t, newSiteDir(t, files), nil)
		f(t, s)
	})
}

func TestPagesAndTypes(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			path, ctype, contains string
			vary                  bool
		}{
			{"/", "text/html; charset=utf-8", "<!DOCTYPE html>", true},
			{"/billing/", "text/html; charset=utf-8", "Billing", true},
			{"/billing/refunds/", "text/html; charset=utf-8", "Refunds", true},
			{"/billing/refunds.md", "text/markdown; charset=utf-8", "# Refunds", false},
			{"/billing/refunds/index.md", "text/markdown; charset=utf-8", "# Refunds", false},
			{"/llms.txt", "text/plain; charset=utf-8", "Test Help", false},
			{"/billing/llms.txt", "text/plain; charset=utf-8", "Refunds", false},
			{"/llms-full.txt", "text/plain; charset=utf-8", "Refunds", false},
			{"/sitemap.xml", "application/xml; charset=utf-8", "<urlset", false},
		} {
			res := get(t, s, "GET", tc.path, nil)
			b := body(t, res)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != tc.ctype || !strings.Contains(b, tc.contains) {
				t.Errorf("GET %s: %d %q, body has %q: %v", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.contains, strings.Contains(b, tc.contains))
			}
			if got := strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept,") ||
				strings.Join(res.Header.Values("Vary"), ",") == "Accept"; got != tc.vary {
				t.Errorf("GET %s: Vary %q, want Accept: %v", tc.path, res.Header.Values("Vary"), tc.vary)
			}
			for _, h := range []string{"ETag", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if res.Header.Get(h) == "" {
					t.Errorf("GET %s: no %s header", tc.path, h)
				}
			}
			if res.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("GET %s: CORS header sent", tc.path)
			}
		}
	})
}

func TestMarkdownTwinByAccept(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			accept string
			md     bool
		}{
			{"text/markdown", true},
			{"text/markdown, text/html;q=0.9", true},
			{"text/html, text/markdown;q=0.5", false},
			{"text/markdown;q=0", false},
			{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
			{"*/*", false},
			{"text/*", false},
			{"text/plain, text/markdown", true},
			{"", false},
		} {
			res := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept": tc.accept})
			b := body(t, res)
			isMD := res.Header.Get("Content-Type") == "text/markdown; charset=utf-8"
			if res.StatusCode != 200 || isMD != tc.md {
				t.Errorf("Accept %q: %d %s, want markdown %v", tc.accept, res.StatusCode, res.Header.Get("Content-Type"), tc.md)
			}
			if isMD && !strings.Contains(b, "# Refunds") {
				t.Errorf("Accept %q: twin starts %q", tc.accept, b[:min(len(b), 40)])
			}
			if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept") {
				t.Errorf("Accept %q: no Vary: Accept", tc.accept)
			}
		}
	})
}

func TestRedirects(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		for _, tc := range []struct{ from, to string }{
			{"/billing", "/billing/"},
			{"/billing/refunds", "/billing/refunds/"},
			{"/billing/refunds?x=1", "/billing/refunds/?x=1"},
			{"/old/refunds/", "/billing/refunds/"},
			{"/old/refunds", "/billing/refunds/"},
			{"/old/refunds.md", "/billing/refunds.md"},
		} {
			res := get(t, s, "GET", tc.from, nil)
			if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != tc.to {
				t.Errorf("GET %s: %d → %q, want 301 → %q", tc.from, res.StatusCode, res.Header.Get("Location"), tc.to)
			}
		}
	})
}

func TestNotFoundAndHidden(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		for _, p := range []string{"/nope/", "/billing/nope", "/_redirects", "/_headers", "/.kb-output", "/.kb-search/", "/assets/", "/assets"} {
			res := get(t, s, "GET", p, nil)
			b := body(t, res)
			if res.StatusCode != 404 {
				t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
			}
			if !strings.Contains(b, "Page not found") {
				t.Errorf("GET %s: not the site's 404 page: %.80q", p, b)
			}
		}
		res := get(t, s, "HEAD", "/nope/", nil)
		if res.StatusCode != 404 || body(t, res) != "" {
			t.Errorf("HEAD /nope/: %d", res.StatusCode)
		}
		// The 404 page is gzipped like any page, for clients that take it.
		res = get(t, s, "GET", "/nope/", map[string]string{"Accept-Encoding": "gzip"})
		raw, _ := io.ReadAll(res.Body)
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil || res.StatusCode != 404 || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Content-Length") != strconv.Itoa(len(raw)) {
			t.Fatalf("GET /nope/ with gzip: %d %q, %v", res.StatusCode, res.Header.Get("Content-Encoding"), err)
		}
		if page, _ := io.ReadAll(zr); !strings.Contains(string(page), "Page not found") {
			t.Errorf("gzipped 404: not the site's 404 page")
		}
	})
}

func TestMethods(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		for _, m := range []string{"POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH"} {
			res := get(t, s, m, "/billing/refunds/", nil)
			if res.StatusCode != 405 || res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s: %d Allow %q", m, res.StatusCode, res.Header.Get("Allow"))
			}
		}
		g := get(t, s, "GET", "/billing/refunds/", nil)
		h := get(t, s, "HEAD", "/billing/refunds/", nil)
		if h.StatusCode != 200 || body(t, h) != "" || h.Header.Get("ETag") != g.Header.Get("ETag") ||
			h.Header.Get("Content-Length") != g.Header.Get("Content-Length") || h.Header.Get("Content-Type") != g.Header.Get("Content-Type") {
			t.Errorf("HEAD headers differ from GET:\n%v\n%v", h.Header, g.Header)
		}
	})
}

func TestETagGzipRange(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		plain := get(t, s, "GET", "/billing/refunds/", nil)
		want := body(t, plain)
		tag := plain.Header.Get("ETag")
		if res := get(t, s, "GET", "/billing/refunds/", map[string]string{"If-None-Match": tag}); res.StatusCode != 304 {
			t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
		}
		if res := get(t, s, "GET", "/billing/refunds/", map[string]string{"If-None-Match": `"other"`}); res.StatusCode != 200 {
			t.Errorf("If-None-Match other: %d, want 200", res.StatusCode)
		}

		gz := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept-Encoding": "gzip, br"})
		if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") == tag ||
			!strings.Contains(strings.Join(gz.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Fatalf("gzip: %v", gz.Header)
		}
		zr, err := gzip.NewReader(gz.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(zr)
		if string(got) != want {
			t.Errorf("gunzipped page differs")
		}
		if res := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gz.Header.Get("ETag")}); res.StatusCode != 304 {
			t.Errorf("gzip If-None-Match: %d", res.StatusCode)
		}
		if res := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept-Encoding": "gzip;q=0"}); res.Header.Get("Content-Encoding") != "" {
			t.Errorf("gzip;q=0 got gzip")
		}

		r := get(t, s, "GET", "/billing/refunds/", map[string]string{"Range": "bytes=0-9"})
		if b := body(t, r); r.StatusCode != 206 || b != want[:10] {
			t.Errorf("Range 0-9: %d %q", r.StatusCode, b)
		}
		many := "bytes=" + strings.TrimSuffix(strings.Repeat("0-0,", 1000), ",")
		r = get(t, s, "GET", "/billing/refunds/", map[string]string{"Range": many})
		if b := body(t, r); r.StatusCode != 200 || b != want {
			t.Errorf("1000 ranges: %d, %d bytes; want the whole page", r.StatusCode, len(b))
		}
		r = get(t, s, "GET", "/billing/refunds/", map[string]string{"Range": "bytes=0-1,5-6"})
		if r.StatusCode != 206 || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/byteranges") {
			t.Errorf("2 ranges: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		for _, bad := range []string{"items=0-1", "bytes=999999-"} {
			r = get(t, s, "GET", "/billing/refunds/", map[string]string{"Range": bad})
			if r.StatusCode != 416 && r.StatusCode != 200 {
				t.Errorf("Range %q: %d", bad, r.StatusCode)
			}
		}
	})
}

// TestCacheHeaders: in production the theme's fingerprinted assets and
// the site's own fingerprinted stylesheet (theme.stylesheet, written
// beside its original and listed in the build's manifest) are cached for
// a year; pages, and everything in dev mode, are revalidated.
func TestCacheHeaders(t *testing.T) {
	files := testSite(map[string]string{
		"site.yaml":            "title: Test Help\ntheme:\n  stylesheet: /css/brand.css\n",
		"static/css/brand.css": ".card { border-radius: 14px; }\n",
	})
	fingerprinted := regexp.MustCompile(`/(assets/style|css/brand)\.[0-9a-f]{8}\.css`)
	check := func(t *testing.T, s *Server, immutable bool) {
		page := get(t, s, "GET", "/billing/refunds/", nil)
		sheets := fingerprinted.FindAllString(body(t, page), -1)
		if len(sheets) != 2 {
			t.Fatalf("fingerprinted stylesheets linked: %q, want the theme's and the site's", sheets)
		}
		if cc := page.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("page Cache-Control %q", cc)
		}
		for _, css := range sheets {
			res := get(t, s, "GET", css, nil)
			cc := res.Header.Get("Cache-Control")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/css; charset=utf-8" || (cc == "public, max-age=31536000, immutable") != immutable {
				t.Errorf("%s: %d %s Cache-Control %q", css, res.StatusCode, res.Header.Get("Content-Type"), cc)
			}
		}
		if cc := get(t, s, "GET", "/css/brand.css", nil).Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("/css/brand.css, the unfingerprinted original: Cache-Control %q", cc)
		}
	}
	t.Run("dev", func(t *testing.T) { check(t, devServer(t, newSiteDir(t, files), nil), false) })
	t.Run("prod", func(t *testing.T) {
		s, _ := prodServer(t, newSiteDir(t, files), nil)
		check(t, s, true)
	})
}

func TestBasePath(t *testing.T) {
	files := testSite(map[string]string{"site.yaml": "title: Test Help\nbase_url: https://example.com/help/\n"})
	bothModes(t, files, func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			path string
			code int
			loc  string
		}{
			{"/", 302, "/help/"},
			{"/help", 302, "/help/"},
			{"/help/", 200, ""},
			{"/help/billing/refunds/", 200, ""},
			{"/help/billing/refunds.md", 200, ""},
			{"/help/old/refunds/", 301, "/help/billing/refunds/"},
			{"/billing/refunds/", 404, ""},
		} {
			res := get(t, s, "GET", tc.path, nil)
			if res.StatusCode != tc.code || res.Header.Get("Location") != tc.loc {
				t.Errorf("GET %s: %d %q, want %d %q", tc.path, res.StatusCode, res.Header.Get("Location"), tc.code, tc.loc)
			}
		}
	})
}

func TestHealthAndSearchHook(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		res := get(t, s, "GET", "/healthz", nil)
		if b := body(t, res); res.StatusCode != 200 || !strings.Contains(b, `"status":"ok"`) {
			t.Errorf("healthz: %d %s", res.StatusCode, b)
		}
		res = get(t, s, "GET", "/api/search?q=refund", nil)
		if b := body(t, res); res.StatusCode != 503 || res.Header.Get("Content-Type") != "application/json" || !strings.Contains(b, `"error"`) {
			t.Errorf("search without index: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), b)
		}
		// Pages are still served.
		if res := get(t, s, "GET", "/billing/refunds/", nil); res.StatusCode != 200 {
			t.Errorf("page with search down: %d", res.StatusCode)
		}
	})
	s, _ := prodServer(t, newSiteDir(t, testSite(nil)), func(c *Config) {
		c.Search = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]string{"q": r.URL.Query().Get("q")})
		})
	})
	if res := get(t, s, "GET", "/api/search?q=refund", nil); res.StatusCode != 200 || body(t, res) != `{"q":"refund"}`+"\n" {
		t.Errorf("search hook not called: %d", res.StatusCode)
	}
}

func TestPanicIs500(t *testing.T) {
	var log syncBuffer
	s, _ := prodServer(t, newSiteDir(t, testSite(nil)), func(c *Config) {
		c.Log = &log
		c.Search = http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	})
	if res := get(t, s, "GET", "/api/search?q=x", nil); res.StatusCode != 500 || strings.Contains(body(t, res), "boom") {
		t.Errorf("panic: %d", res.StatusCode)
	}
	if !strings.Contains(log.String(), "boom") {
		t.Errorf("panic not logged: %q", log.String())
	}
	if res := get(t, s, "GET", "/", nil); res.StatusCode != 200 {
		t.Errorf("after a panic: %d", res.StatusCode)
	}
}

func TestDevHostAndOrigin(t *testing.T) {
	s := devServer(t, newSiteDir(t, testSite(nil)), func(c *Config) { c.AllowedHosts = []string{"docs.test"} })
	for _, tc := range []struct {
		path, host, origin string
		code               int
	}{
		{"/", "127.0.0.1:1313", "", 200},
		{"/", "localhost:1313", "", 200},
		{"/", "[::1]:1313", "", 200},
		{"/", "kb.localhost", "", 200},
		{"/", "docs.test:1313", "", 200},
		{"/", "evil.example", "", 403},
		{"/", "evil.example:1313", "", 403},
		{"/api/search", "evil.example", "", 403},
		{"/_dev/events", "evil.example", "", 403},
		{"/_dev/errors", "attacker.test", "", 403},
		{"/_dev/errors", "127.0.0.1:1313", "http://evil.example", 403},
		{"/_dev/errors", "127.0.0.1:1313", "null", 403},
		{"/_dev/errors", "127.0.0.1:1313", "http://127.0.0.1:1313", 200},
		{"/_dev/errors", "127.0.0.1:1313", "http://localhost:1313", 200},
	} {
		res := get(t, s, "GET", tc.path, map[string]string{"Host": tc.host, "Origin": tc.origin, "X-Forwarded-Host": "localhost"})
		if tc.origin == "" {
			res = get(t, s, "GET", tc.path, map[string]string{"Host": tc.host})
		}
		if res.StatusCode != tc.code {
			t.Errorf("GET %s Host %q Origin %q: %d, want %d", tc.path, tc.host, tc.origin, res.StatusCode, tc.code)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("CORS header sent")
		}
	}
	// A CORS preflight from another origin is refused.
	res := get(t, s, "OPTIONS", "/api/feedback", map[string]string{"Host": "127.0.0.1:1313", "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
	if res.StatusCode != 403 || res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight: %d", res.StatusCode)
	}
}

func TestProdHosts(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	s, _ := prodServer(t, src, nil)
	if res := get(t, s, "GET", "/", map[string]string{"Host": "help.example.com"}); res.StatusCode != 200 {
		t.Errorf("any host in production: %d", res.StatusCode)
	}
	if res := get(t, s, "GET", "/", map[string]string{"Host": "help.example.com", "Origin": "https://evil.example"}); res.StatusCode != 403 {
		t.Errorf("foreign origin in production: %d", res.StatusCode)
	}
	s2, err := New(Config{Dir: filepath.Join(filepath.Dir(src), "public"), AllowedHosts: []string{"help.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if res := get(t, s2, "GET", "/", map[string]string{"Host": "help.example.com"}); res.StatusCode != 200 {
		t.Errorf("allowed host: %d", res.StatusCode)
	}
	if res := get(t, s2, "GET", "/", map[string]string{"Host": "other.example.com"}); res.StatusCode != 403 {
		t.Errorf("other host with AllowedHosts: %d", res.StatusCode)
	}
}

func TestProdNoDevRoutes(t *testing.T) {
	s, _ := prodServer(t, newSiteDir(t, testSite(nil)), nil)
	for _, p := range []string{"/_dev/client.js", "/_dev/events", "/_dev/errors"} {
		if res := get(t, s, "GET", p, nil); res.StatusCode != 404 {
			t.Errorf("GET %s in production: %d", p, res.StatusCode)
		}
	}
	page := body(t, get(t, s, "GET", "/billing/refunds/", nil))
	if strings.Contains(page, "data-dev-events") || strings.Contains(page, "/_dev/") {
		t.Error("production page carries the live-reload hook")
	}
}

func TestProdFollowsRebuild(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	s, out := prodServer(t, src, nil)
	if b := body(t, get(t, s, "GET", "/billing/refunds/", nil)); !strings.Contains(b, "Refunds") {
		t.Fatal("first build not served")
	}
	writeFiles(t, src, map[string]string{"content/billing/refunds.md": "---\ntitle: Money back\n---\n# Money back\n\nText.\n"})
	buildDir(t, src, out) // renames a new folder into place
	if b := body(t, get(t, s, "GET", "/billing/refunds/", nil)); !strings.Contains(b, "Money back") {
		t.Error("new build not served after the folder was swapped")
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}

func TestSitePath(t *testing.T) {
	for _, tc := range []struct {
		p, base, rel string
		code         int
	}{
		{"/", "/", "", 0},
		{"/billing/refunds/", "/", "billing/refunds/", 0},
		{"/assets/style.css", "/", "assets/style.css", 0},
		{"/help/billing/", "/help/", "billing/", 0},
		{"/billing/", "/help/", "", 404},
		{"/../secret.txt", "/", "", 400},
		{"/a/../b", "/", "", 400},
		{"/./a", "/", "", 400},
		{"//secret.txt", "/", "", 400},
		{"/a//b", "/", "", 400},
		{"/..\\secret.txt", "/", "", 400},
		{"/%2e%2e/x", "/", "", 400},
		{"/a\x00b/", "/", "", 400},
		{"/a\x7f", "/", "", 400},
		{"/\xc0\xae\xc0\xae/", "/", "", 400},
		{"/.git/config", "/", "", 404},
		{"/.env", "/", "", 404},
		{"/a/..;/", "/", "", 404},
		{"/..../", "/", "", 404},
		{"x", "/", "", 400},
		{"/" + strings.Repeat("a/", 100), "/", "", 404},
		{"/" + strings.Repeat("a", 3000), "/", "", 414},
	} {
		rel, code := sitePath(tc.p, tc.base)
		if rel != tc.rel || code != tc.code {
			t.Errorf("sitePath(%q, %q) = %q, %d; want %q, %d", tc.p, tc.base, rel, code, tc.rel, tc.code)
		}
	}
}

func TestAcceptParsing(t *testing.T) {
	for _, tc := range []struct {
		ae string
		gz bool
	}{
		{"gzip", true}, {"gzip, deflate, br", true}, {"br", false}, {"gzip;q=0", false},
		{"*", true}, {"*;q=0", false}, {"x-gzip", true}, {"", false}, {"identity", false}, {"GZIP;Q=0.5", true},
	} {
		if got := acceptsGzip(tc.ae); got != tc.gz {
			t.Errorf("acceptsGzip(%q) = %v", tc.ae, got)
		}
	}
}

func TestParseRedirectsAndHeaders(t *testing.T) {
	m := parseRedirects([]byte("# c\n/a/ /b/ 301\n/c /d\n/e /f 302!\n/g /h 200\nbad\n"))
	if m["/a/"] != (redirect{"/b/", 301}) || m["/c"] != (redirect{"/d", 301}) || m["/e"] != (redirect{"/f", 302}) || len(m) != 3 {
		t.Errorf("parseRedirects: %v", m)
	}
	for in, want := range map[string]string{"# x\n/help/*\n  X: y\n": "/help/", "/*\n": "/", "": "/", "# only\n": "/"} {
		if got := basePathFromHeaders([]byte(in)); got != want {
			t.Errorf("basePathFromHeaders(%q) = %q", in, got)
		}
	}
}
