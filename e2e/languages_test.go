package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
	"github.com/kbhelp/kb/server"
)

// The example site is in English (at the root), German (de/) and Arabic
// (ar/). These tests read it as its readers do: the language switcher in
// the header, each language's search box, with kb's server and on a
// static host.

const (
	translated   = "/account/security/reset-your-password/" // in all three languages
	untranslated = "/api/getting-started/webhooks/"         // English only: a fallback page in German
)

// langIndexes are the German and Arabic search indexes of the example
// site, built once per test binary beside the pages of buildExample's
// folder, as kb build puts them (the root's is built.search).
var langIndexes struct {
	once sync.Once
	by   map[string]http.Handler
	err  error
}

// startLangSite serves the example site as startSite does (kb serve
// -prod), each language searched in its own index.
func startLangSite(t *testing.T) *testSite {
	t.Helper()
	files, dir, res := buildExample(t)
	langIndexes.once.Do(func() {
		langIndexes.by = map[string]http.Handler{}
		m, err := builder.ReadSiteManifest(files[builder.SiteManifestPath])
		if err != nil {
			langIndexes.err = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		for _, l := range res.Languages[1:] {
			var folder string
			for _, ml := range m.Languages {
				if ml.Code == l.Code {
					folder = ml.Path
				}
			}
			ixDir := filepath.Join(dir, filepath.FromSlash(folder), builder.SearchDir)
			cfg := l.Site.Config
			if err := search.Build(ctx, ixDir, l.Site.SearchDocs(), search.BuildOptions{Language: cfg.Language, Synonyms: cfg.Synonyms}); err != nil {
				langIndexes.err = err
				return
			}
			ix, err := search.Open(ixDir)
			if err != nil {
				langIndexes.err = err
				return
			}
			cleanups = append(cleanups, func() { ix.Close() })
			langIndexes.by[l.Code] = search.Handler(ix)
		}
	})
	if langIndexes.err != nil {
		t.Fatalf("the languages' search indexes: %v", langIndexes.err)
	}
	s := &testSite{Files: files, Res: res, feedback: filepath.Join(t.TempDir(), "feedback.jsonl")}
	srv, err := server.New(server.Config{Dir: dir, FeedbackFile: s.feedback, Search: built.search,
		Searches: func(code string) http.Handler { return langIndexes.by[code] }})
	if err != nil {
		t.Fatalf("start the server: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// pageLang is the language of the page shown, as <html> says it.
type pageLang struct {
	Lang  string `json:"lang"`
	Dir   string `json:"dir"`
	Title string `json:"title"` // the h1
}

func (tb *tab) pageLang() pageLang {
	tb.t.Helper()
	return evalJS[pageLang](tb, `({lang: document.documentElement.lang, dir: document.documentElement.dir,
		title: (document.querySelector("h1") || {textContent: ""}).textContent.trim()})`)
}

// switchTo opens the header's language switcher with a click and follows
// the link to the language code, returning the path it landed on.
func (tb *tab) switchTo(code string) string {
	tb.t.Helper()
	tb.click(".lang-switch summary")
	waitJS(tb, `document.querySelector(".lang-switch").open`)
	if !tb.visible(`.lang-menu a[hreflang="` + code + `"]`) {
		tb.t.Fatalf("the switcher's %s link is not shown once it is open", code)
	}
	return tb.follow(`.lang-menu a[hreflang="` + code + `"]`)
}

// TestLanguageSwitcherLandsOnTheSameArticle: from an English article the
// switcher leads to its German translation; from an article only in
// English to the German fallback page, which says it is not translated
// and links the original; from the German home to the Arabic home,
// right to left.
func TestLanguageSwitcherLandsOnTheSameArticle(t *testing.T) {
	t.Parallel()
	s := startLangSite(t)
	tb := newTab(t, s)

	tb.open(translated)
	if got := tb.text(".lang-switch summary"); got != "English" && !strings.Contains(got, "English") {
		t.Errorf("the switcher names %q, want English", got)
	}
	if p := tb.switchTo("de"); p != "/de"+translated {
		t.Fatalf("Deutsch led to %s, want /de%s", p, translated)
	}
	if l := tb.pageLang(); l.Lang != "de" || l.Dir != "ltr" || l.Title != "Passwort zurücksetzen" {
		t.Errorf("the German article: %+v", l)
	}
	if cur := tb.links(`.lang-menu a[aria-current="page"]`); len(cur) != 1 || cur[0].Href != "/de"+translated {
		t.Errorf("the German page's switcher marks %+v as current", cur)
	}
	if tb.visible(".fallback-notice") {
		t.Error("a translated article shows the fallback notice")
	}

	tb.open(untranslated)
	if p := tb.switchTo("de"); p != "/de"+untranslated {
		t.Fatalf("Deutsch on an English-only article led to %s, want /de%s", p, untranslated)
	}
	if l := tb.pageLang(); l.Lang != "de" {
		t.Errorf("the fallback page is in %q, want the German site (de)", l.Lang)
	}
	if !tb.visible(".fallback-notice") || !strings.Contains(tb.text(".fallback-notice"), "noch nicht übersetzt") {
		t.Errorf("the fallback page's notice is %q, shown %v", tb.text(".fallback-notice"), tb.visible(".fallback-notice"))
	}
	if orig := tb.links(".fallback-notice a"); len(orig) != 1 || orig[0].Href != untranslated {
		t.Errorf("the notice links %+v, want the original %s", orig, untranslated)
	}
	if got := evalJS[string](tb, `(document.querySelector('meta[name="robots"]') || {}).content || ""`); !strings.Contains(got, "noindex") {
		t.Errorf("the fallback page's robots meta is %q", got)
	}

	tb.open("/de/")
	if p := tb.switchTo("ar"); p != "/ar/" {
		t.Fatalf("العربية on the German home led to %s, want /ar/", p)
	}
	if l := tb.pageLang(); l.Lang != "ar" || l.Dir != "rtl" {
		t.Errorf("the Arabic home: %+v, want lang ar, dir rtl", l)
	}
}

// TestLanguageSwitcherByKeyboard: the switcher is reached by Tab, opens
// with Enter and with Space, its links follow it in the Tab order, and
// Enter on one goes there.
func TestLanguageSwitcherByKeyboard(t *testing.T) {
	t.Parallel()
	s := startLangSite(t)
	tb := newTab(t, s)
	const summaryJS = `document.activeElement === document.querySelector(".lang-switch summary")`
	tabToSwitcher := func() {
		t.Helper()
		for range 40 {
			tb.press("\t")
			if evalJS[bool](tb, summaryJS) {
				return
			}
		}
		t.Fatal("Tab never reaches the language switcher")
	}
	open := `document.querySelector(".lang-switch").open`

	tb.open(translated)
	tabToSwitcher()
	tb.press(kb.Enter)
	waitJS(tb, open)
	var got []string
	for range 3 {
		f := tb.press("\t")
		got = append(got, evalJS[string](tb, `document.activeElement.getAttribute("hreflang") || document.activeElement.tagName`))
		checkRing(t, "the switcher's menu", f)
	}
	if strings.Join(got, " ") != "en de ar" {
		t.Fatalf("Tab after opening the switcher goes to %q, want its links en de ar", got)
	}
	tb.press(kb.Escape) // the page's own keys aside, start again: Tab, Enter, Tab, Tab is Deutsch
	tb.open(translated)
	tabToSwitcher()
	tb.press(kb.Enter)
	waitJS(tb, open)
	tb.press("\t")
	tb.press("\t")
	resp, err := chromedp.RunResponse(tb.ctx, pressAction("Enter", "Enter", "\r", 13))
	if err != nil {
		t.Fatalf("Enter on Deutsch: %v", err)
	}
	if u, _ := url.Parse(resp.URL); u.Path != "/de"+translated {
		t.Fatalf("Enter on Deutsch opened %s", resp.URL)
	}

	tabToSwitcher()
	if evalJS[bool](tb, open) {
		t.Fatal("the switcher is open before Space")
	}
	tb.press(" ")
	waitJS(tb, open)
	tb.press(" ") // and closes again
	waitJS(tb, "!"+open)
}

// typeSearch types q into the header's search box of the page shown and
// returns the titles it offers, then opens the first with the keyboard
// and returns the path it led to.
func typeSearch(tb *tab, q string) (titles []string, first string) {
	tb.t.Helper()
	waitCombobox(tb, header)
	tb.do(chromedp.Click(header), chromedp.SendKeys(header, q))
	waitOptions(tb, header)
	titles = combo(tb, header).Titles
	if len(titles) == 0 {
		return nil, ""
	}
	tb.do(chromedp.KeyEvent(kb.ArrowDown))
	resp, err := chromedp.RunResponse(tb.ctx, pressAction("Enter", "Enter", "\r", 13))
	if err != nil {
		tb.t.Fatalf("Enter: %v", err)
	}
	u, _ := url.Parse(resp.URL)
	// The page it opened has loaded, and scrolled to its section, before
	// the test opens the next (a poll in a page that goes away fails).
	waitJS(tb, `document.readyState === "complete" && location.pathname === `+jsString(u.Path))
	return titles, u.Path
}

// TestSearchInEachLanguage types a German query into the German site's
// header box and an Arabic one into the Arabic site's, with kb's server
// (the language's API) and on a static host (the language's static
// index): the results are the language's pages, and the first opens
// under the language's folder; an English-only article is found from the
// German box at its German fallback page, labelled as not translated. One tab reads the English site first, so
// that what the session keeps of the English search cannot serve the
// others.
func TestSearchInEachLanguage(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"server", "static"} {
		t.Run(mode, func(t *testing.T) {
			var s *testSite
			if mode == "server" {
				s = startLangSite(t)
			} else {
				s = startStaticSite(t, "/", nil)
			}
			tb := newTab(t, s)
			tb.open(cardDeclined)
			if titles, first := typeSearch(tb, "pasword reset"); len(titles) == 0 || titles[0] != "Reset your password" || first != translated {
				t.Errorf("English: %q, first opens %s", titles, first)
			}
			for _, tc := range []struct {
				code, page, q, title string
			}{
				{"de", "/de" + cardDeclined, "passwort zurücksetzen", "Passwort zurücksetzen"},
				{"ar", "/ar" + cardDeclined, "كلمة المرور", "إعادة تعيين كلمة المرور"},
			} {
				tb.reset()
				tb.open(tc.page)
				titles, first := typeSearch(tb, tc.q)
				if len(titles) == 0 || !strings.HasPrefix(titles[0], tc.title) || first != "/"+tc.code+translated {
					t.Errorf("%s: %q for %q, first opens %s; want %s first, at /%s%s", tc.code, titles, tc.q, first, tc.title, tc.code, translated)
				}
				if tc.code == "de" { // an article only in English is found from the German site, at its fallback page
					tb.open(tc.page)
					if titles, first := typeSearch(tb, "webhook"); len(titles) == 0 || first != "/de"+untranslated {
						t.Errorf("de: %q for webhook, first opens %s, want the fallback /de%s", titles, first, untranslated)
					} else if !strings.HasSuffix(titles[0], "Noch nicht übersetzt") { // the message search_fallback
						t.Errorf("de: the fallback's result %q has no label", titles[0])
					}
				}
				for _, r := range tb.requests() {
					u, _ := url.Parse(r.URL)
					switch {
					case mode == "server" && strings.Contains(u.Path, "/api/search") && !strings.HasPrefix(u.Path, "/"+tc.code+"/api/"):
						t.Errorf("%s: the box asked %s, not its language's API", tc.code, u.Path)
					case mode == "static" && strings.Contains(u.Path, "/assets/search/") && !strings.HasPrefix(u.Path, "/"+tc.code+"/assets/search/"):
						t.Errorf("%s: the box loaded %s, not its language's static index", tc.code, u.Path)
					}
				}
			}
		})
	}
}
