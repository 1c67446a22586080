package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// langSite is a small site in three languages below the base path
// /help/: English at the root, German under de/ (its card article not
// translated: a fallback page), Arabic under the Zendesk-style hc/ar/.
func langSite() map[string]string {
	return map[string]string{
		"site.yaml": "title: Help\nbase_path: /help/\nfeedback_url: /api/feedback\nlanguage: en\nlanguages:\n" +
			"  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n    title: Hilfe\n" +
			"  - code: ar\n    name: العربية\n    direction: rtl\n    path: hc/ar/\n",
		"content/_index.md":             "---\ntitle: Help\n---\nWelcome.\n",
		"content/billing/_index.md":     "---\ntitle: Billing\n---\n",
		"content/billing/refunds.md":    "---\ntitle: Get a refund\n---\nRefunds reach your card within a week.\n",
		"content/billing/card.md":       "---\ntitle: Card declined\n---\nA declined card needs a call to your bank.\n",
		"content/de/_index.md":          "---\ntitle: Hilfe\n---\nWillkommen.\n",
		"content/de/billing/_index.md":  "---\ntitle: Abrechnung\n---\n",
		"content/de/billing/refunds.md": "---\ntitle: Erstattung erhalten\n---\nErstattungen erreichen Ihre Karte innerhalb einer Woche.\n",
		"content/ar/_index.md":          "---\ntitle: المساعدة\n---\nمرحبا.\n",
		"content/ar/billing/_index.md":  "---\ntitle: الفواتير\n---\n",
		"content/ar/billing/refunds.md": "---\ntitle: استرداد الأموال\n---\nيصل المبلغ المسترد إلى بطاقتك خلال أسبوع.\n",
	}
}

// langIndexes opens the search index of each language that kb build
// wrote into out, by code, as kb serve -prod does.
func langIndexes(t *testing.T, out string) map[string]http.Handler {
	t.Helper()
	m, err := builder.ReadSiteManifest(mustRead(t, filepath.Join(out, builder.SiteManifestPath)))
	if err != nil || len(m.Languages) != 3 {
		t.Fatalf("manifest languages %+v, %v", m.Languages, err)
	}
	hs := map[string]http.Handler{}
	for _, l := range m.Languages {
		ix, err := search.Open(filepath.Join(out, filepath.FromSlash(l.Path), builder.SearchDir))
		if err != nil {
			t.Fatalf("index of %s: %v", l.Code, err)
		}
		t.Cleanup(func() { ix.Close() })
		hs[l.Code] = search.Handler(ix)
	}
	return hs
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// langServers serves langSite in both modes, each language searched in
// its own index; mod, when set, changes both configs.
func langServers(t *testing.T, mod func(c *Config, ix map[string]http.Handler)) map[string]*Server {
	t.Helper()
	src := newSiteDir(t, langSite())
	var ix map[string]http.Handler
	prod, _ := prodServer(t, src, func(c *Config) {
		ix = langIndexes(t, c.Dir)
		c.Search, c.Searches = ix["en"], func(code string) http.Handler { return ix[code] }
		if mod != nil {
			mod(c, ix)
		}
	})
	dev := devServer(t, src, func(c *Config) {
		c.Search, c.Searches = ix["en"], func(code string) http.Handler { return ix[code] }
		if mod != nil {
			mod(c, ix)
		}
	})
	return map[string]*Server{"dev": dev, "prod": prod}
}

// searchURLs runs an API search and returns its hits' URLs.
func searchURLs(t *testing.T, s http.Handler, target string) (int, []string) {
	t.Helper()
	res := get(t, s, "GET", target, nil)
	b := body(t, res)
	if res.StatusCode != 200 {
		return res.StatusCode, nil
	}
	var r search.Results
	if err := json.Unmarshal([]byte(b), &r); err != nil {
		t.Fatalf("%s: %v: %s", target, err, b)
	}
	var urls []string
	for _, h := range r.Hits {
		u, _, _ := strings.Cut(h.URL, "#")
		urls = append(urls, u)
	}
	return res.StatusCode, urls
}

// TestLanguageSearchAPI: {lang}api/search searches that language's index
// in both modes; the host's /api/search and the base path's are the
// default language's; an untranslated article is found from the German
// site at its fallback page's German URL.
func TestLanguageSearchAPI(t *testing.T) {
	q := url.QueryEscape
	for mode, s := range langServers(t, nil) {
		t.Run(mode, func(t *testing.T) {
			for _, tc := range []struct {
				target string
				want   []string
			}{
				{"/help/de/api/search?q=" + q("erstattungen"), []string{"/help/de/billing/refunds/"}},
				{"/help/api/search?q=" + q("erstattungen"), nil},
				{"/api/search?q=refunds", []string{"/help/billing/refunds/"}},
				{"/help/api/search?q=refunds", []string{"/help/billing/refunds/"}},
				{"/help/hc/ar/api/search?q=" + q("استرداد"), []string{"/help/hc/ar/billing/refunds/"}},
				{"/help/de/api/search?q=declined", []string{"/help/de/billing/card/"}}, // the fallback, in German's index
				{"/help/hc/ar/api/search?q=declined", []string{"/help/hc/ar/billing/card/"}},
			} {
				code, urls := searchURLs(t, s, tc.target)
				if code != 200 || strings.Join(urls, " ") != strings.Join(tc.want, " ") {
					t.Errorf("%s: %d %q, want %q", tc.target, code, urls, tc.want)
				}
			}
		})
	}
}

// TestLanguageWithoutIndex: a language without an index answers 503 on
// its API and "not available" on its search page, while the others
// search.
func TestLanguageWithoutIndex(t *testing.T) {
	servers := langServers(t, func(c *Config, ix map[string]http.Handler) {
		c.Searches = func(code string) http.Handler {
			if code == "de" {
				return nil
			}
			return ix[code]
		}
	})
	for mode, s := range servers {
		t.Run(mode, func(t *testing.T) {
			if res := get(t, s, "GET", "/help/de/api/search?q=karte", nil); res.StatusCode != 503 {
				t.Errorf("German API: %d", res.StatusCode)
			}
			if got := body(t, get(t, s, "GET", "/help/de/api/search-status.json", nil)); got != `{"server":true,"ready":false}`+"\n" {
				t.Errorf("German status %q", got)
			}
			if got := body(t, get(t, s, "GET", "/help/hc/ar/api/search-status.json", nil)); got != `{"server":true,"ready":true}`+"\n" {
				t.Errorf("Arabic status %q", got)
			}
			if code, urls := searchURLs(t, s, "/help/api/search?q=refunds"); code != 200 || len(urls) != 1 {
				t.Errorf("English API: %d %q", code, urls)
			}
		})
	}
}

// TestLanguageSearchStatus: each language's search-status.json, which
// kb build writes as {"server":false,"static":…} for static hosts, says
// server: true when kb serves it.
func TestLanguageSearchStatus(t *testing.T) {
	for mode, s := range langServers(t, nil) {
		t.Run(mode, func(t *testing.T) {
			for _, p := range []string{"/help/api/search-status.json", "/help/de/api/search-status.json", "/help/hc/ar/api/search-status.json"} {
				res := get(t, s, "GET", p, nil)
				if got := body(t, res); res.StatusCode != 200 || got != `{"server":true,"ready":true}`+"\n" || res.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s: %d %q %q", p, res.StatusCode, got, res.Header.Get("Cache-Control"))
				}
			}
		})
	}
}

// TestLanguageSearchPage: the German search page is filled from the
// German index, in German; the Arabic one from the Arabic index.
func TestLanguageSearchPage(t *testing.T) {
	for mode, s := range langServers(t, nil) {
		t.Run(mode, func(t *testing.T) {
			res := get(t, s, "GET", "/help/de/search/?q=erstattungen", nil)
			page := body(t, res)
			if res.StatusCode != 200 || !strings.Contains(page, `<html lang="de"`) {
				t.Fatalf("status %d, not the German page:\n%.300s", res.StatusCode, page)
			}
			r := results(t, page)
			for _, want := range []string{
				`1 Artikel zu „erstattungen“`,
				`href="/help/de/billing/refunds/">Erstattung erhalten</a>`,
			} {
				if !strings.Contains(r, want) {
					t.Errorf("German results lack %q:\n%s", want, r)
				}
			}
			r = results(t, body(t, get(t, s, "GET", "/help/hc/ar/search/?q="+url.QueryEscape("استرداد"), nil)))
			if !strings.Contains(r, `href="/help/hc/ar/billing/refunds/">استرداد الأموال</a>`) {
				t.Errorf("Arabic results:\n%s", r)
			}
			r = results(t, body(t, get(t, s, "GET", "/help/search/?q=erstattungen", nil)))
			if strings.Contains(r, "/help/de/") {
				t.Errorf("the English search page found German pages:\n%s", r)
			}
		})
	}
}

// TestLanguageFeedback: the German pages' form posts to
// /help/de/api/feedback (the theme puts feedback_url below the
// language's base path), which takes the vote with the German page's
// path; kb feedback lists it as a page of its own.
func TestLanguageFeedback(t *testing.T) {
	for mode, s := range langServers(t, nil) {
		t.Run(mode, func(t *testing.T) {
			page := body(t, get(t, s, "GET", "/help/de/billing/refunds/", nil))
			if !strings.Contains(page, `action="/help/de/api/feedback"`) {
				t.Fatalf("the German page does not post to /help/de/api/feedback")
			}
			r := post(t, s, "/help/de/api/feedback", "application/json", `{"page":"/help/de/billing/refunds/","helpful":false}`, nil)
			if r.StatusCode != 200 {
				t.Fatalf("JSON vote: %d %s", r.StatusCode, body(t, r))
			}
			r = post(t, s, "/help/hc/ar/api/feedback", "application/x-www-form-urlencoded", "page=/help/hc/ar/billing/refunds/&helpful=yes", nil)
			if r.StatusCode != 303 || r.Header.Get("Location") != "/help/hc/ar/billing/refunds/?feedback=thanks" {
				t.Errorf("form vote: %d to %q", r.StatusCode, r.Header.Get("Location"))
			}
			if r := post(t, s, "/help/de/api/feedback", "application/json", `{"page":"/help/de/nowhere/","helpful":true}`, nil); r.StatusCode != 400 {
				t.Errorf("a vote for no page: %d", r.StatusCode)
			}
			f, err := os.Open(s.cfg.FeedbackFile)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sum, err := Summarize(f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range sum.Pages {
				got = append(got, p.Page)
			}
			if strings.Join(got, " ") != "/help/de/billing/refunds/ /help/hc/ar/billing/refunds/" {
				t.Errorf("pages voted on: %q", got)
			}
		})
	}
}

// TestLanguageTwinsAndNoAcceptLanguage: a German page's twin is served
// for Accept: text/markdown with its Link header, and Accept-Language
// never redirects: a URL is one language's page for every reader.
func TestLanguageTwinsAndNoAcceptLanguage(t *testing.T) {
	for mode, s := range langServers(t, nil) {
		t.Run(mode, func(t *testing.T) {
			res := get(t, s, "GET", "/help/de/billing/refunds/", map[string]string{"Accept": "text/markdown"})
			md := body(t, res)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") || !strings.Contains(md, "# Erstattung erhalten") {
				t.Errorf("German twin: %d %q\n%s", res.StatusCode, res.Header.Get("Content-Type"), md)
			}
			if l := res.Header.Get("Link"); l != `</help/de/billing/refunds.md>; rel="alternate"; type="text/markdown"` {
				t.Errorf("Link %q", l)
			}
			for _, p := range []string{"/help/", "/help/billing/refunds/"} {
				res := get(t, s, "GET", p, map[string]string{"Accept-Language": "de-DE,de;q=0.9,ar;q=0.5"})
				page := body(t, res)
				if res.StatusCode != 200 || !strings.Contains(page, `<html lang="en"`) || strings.Contains(res.Header.Get("Vary"), "Accept-Language") {
					t.Errorf("%s with Accept-Language: de: %d, Vary %q", p, res.StatusCode, res.Header.Get("Vary"))
				}
			}
		})
	}
}

// TestLanguageMCP: the search tool takes lang (the default language
// without it, or the language of the {lang}mcp connected to), its
// description and the server's instructions name the languages, an
// unknown code is a tool error naming them, and get_page reads German
// pages.
func TestLanguageMCP(t *testing.T) {
	ts := httptest.NewServer(langServers(t, nil)["prod"])
	t.Cleanup(ts.Close)
	cs := mcpConnect(t, ts.URL+"/help/mcp")
	langs := "de (Deutsch, pages under /help/de/)"
	if !strings.Contains(cs.InitializeResult().Instructions, langs) {
		t.Errorf("instructions do not name the languages: %q", cs.InitializeResult().Instructions)
	}
	tools, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range tools.Tools {
		if tl.Name == "search" && !strings.Contains(tl.Description, langs) {
			t.Errorf("search's description does not name the languages: %q", tl.Description)
		}
	}
	for _, tc := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"query": "erstattungen", "lang": "de"}, "/help/de/billing/refunds.md"},
		{map[string]any{"query": "refunds"}, "/help/billing/refunds.md"},
		{map[string]any{"query": "refunds", "lang": "en"}, "/help/billing/refunds.md"},
		{map[string]any{"query": "استرداد", "lang": "AR"}, "/help/hc/ar/billing/refunds.md"},
	} {
		var o mcpSearchOut
		res := call(t, cs, "search", tc.args, &o)
		if res.IsError || len(o.Results) == 0 || o.Results[0].URL != ts.URL+tc.want {
			t.Errorf("search %v: %s", tc.args, resultText(res))
		}
	}
	res := call(t, cs, "search", map[string]any{"query": "refunds", "lang": "fr"}, nil)
	if !res.IsError || !strings.Contains(resultText(res), "en, de, ar") {
		t.Errorf("lang fr: %s", resultText(res))
	}
	var p mcpPageOut
	res = call(t, cs, "get_page", map[string]any{"url": ts.URL + "/help/de/billing/refunds/"}, &p)
	if res.IsError || p.URL != ts.URL+"/help/de/billing/refunds.md" || !strings.Contains(p.Content, "Erstattungen erreichen") {
		t.Errorf("get_page German: %s", resultText(res))
	}

	// The German pages' "Copy MCP URL" is /help/de/mcp: the same server,
	// searching German when a call names no language.
	de := mcpConnect(t, ts.URL+"/help/de/mcp")
	if !strings.Contains(de.InitializeResult().Instructions, "de when left out") {
		t.Errorf("German endpoint's instructions: %q", de.InitializeResult().Instructions)
	}
	var o mcpSearchOut
	if res := call(t, de, "search", map[string]any{"query": "erstattungen"}, &o); res.IsError || len(o.Results) == 0 || o.Results[0].URL != ts.URL+"/help/de/billing/refunds.md" {
		t.Errorf("search on /help/de/mcp: %s", resultText(res))
	}
	if res := call(t, de, "search", map[string]any{"query": "refunds", "lang": "en"}, &o); res.IsError || len(o.Results) == 0 || o.Results[0].URL != ts.URL+"/help/billing/refunds.md" {
		t.Errorf("search lang en on /help/de/mcp: %s", resultText(res))
	}
}

// TestLanguagesAllBelowFolders: when the default language is below a
// folder too (Zendesk's /hc/en-us/), the root's _kb.json names the
// site's base path, which _headers (the default language's rules) does
// not: every language answers below its folder, the root has its page
// sending readers on, and no language's _kb.json is served.
func TestLanguagesAllBelowFolders(t *testing.T) {
	files := langSite()
	files["site.yaml"] = "title: Help\nbase_path: /help/\nfeedback_url: /api/feedback\nlanguage: en\nlanguages:\n" +
		"  - code: en\n    name: English\n    path: hc/en-us/\n  - code: de\n    name: Deutsch\n    path: hc/de/\n"
	delete(files, "content/ar/_index.md")
	delete(files, "content/ar/billing/_index.md")
	delete(files, "content/ar/billing/refunds.md")
	src := newSiteDir(t, files)
	var ix map[string]http.Handler
	open := func(c *Config) {
		m, err := builder.ReadSiteManifest(mustRead(t, filepath.Join(c.Dir, builder.SiteManifestPath)))
		if err != nil || len(m.Languages) != 2 || m.BasePath != "/help/" {
			t.Fatalf("root manifest %+v, %v", m, err)
		}
		ix = map[string]http.Handler{}
		for _, l := range m.Languages {
			x, err := search.Open(filepath.Join(c.Dir, filepath.FromSlash(l.Path), builder.SearchDir))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { x.Close() })
			ix[l.Code] = search.Handler(x)
		}
		c.Searches = func(code string) http.Handler { return ix[code] }
	}
	prod, _ := prodServer(t, src, open)
	dev := devServer(t, src, func(c *Config) { c.Searches = func(code string) http.Handler { return ix[code] } })
	for mode, s := range map[string]*Server{"dev": dev, "prod": prod} {
		t.Run(mode, func(t *testing.T) {
			if s.BasePath() != "/help/" {
				t.Errorf("base path %q", s.BasePath())
			}
			if res := get(t, s, "GET", "/help/", nil); res.StatusCode != 200 || !strings.Contains(body(t, res), "/help/hc/en-us/") {
				t.Errorf("the root page: %d", res.StatusCode)
			}
			for target, want := range map[string]string{
				"/help/hc/de/api/search?q=erstattungen": "/help/hc/de/billing/refunds/",
				"/help/hc/en-us/api/search?q=refunds":   "/help/hc/en-us/billing/refunds/",
				"/api/search?q=refunds":                 "/help/hc/en-us/billing/refunds/",
			} {
				if code, urls := searchURLs(t, s, target); code != 200 || len(urls) == 0 || urls[0] != want {
					t.Errorf("%s: %d %q, want %s", target, code, urls, want)
				}
			}
			if r := results(t, body(t, get(t, s, "GET", "/help/hc/de/search/?q=erstattungen", nil))); !strings.Contains(r, `href="/help/hc/de/billing/refunds/"`) {
				t.Errorf("German search page:\n%s", r)
			}
			if got := body(t, get(t, s, "GET", "/help/hc/de/api/search-status.json", nil)); got != `{"server":true,"ready":true}`+"\n" {
				t.Errorf("German status %q", got)
			}
			if r := post(t, s, "/help/hc/de/api/feedback", "application/json", `{"page":"/help/hc/de/billing/refunds/","helpful":true}`, nil); r.StatusCode != 200 {
				t.Errorf("German vote: %d", r.StatusCode)
			}
			for _, p := range []string{"/help/_kb.json", "/help/hc/de/_kb.json", "/help/hc/en-us/_kb.json"} {
				if res := get(t, s, "GET", p, nil); res.StatusCode != 404 {
					t.Errorf("%s: %d, want 404", p, res.StatusCode)
				}
			}
		})
	}
}
