package builder

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"github.com/kbhelp/kb/layouts"
)

// messageKeys are en.yaml's keys, sorted.
func messageKeys() []string {
	m, diags := loadMessages(nil, "en")
	if len(diags) > 0 {
		panic(diags)
	}
	keys := make([]string, 0, len(m.m))
	for k := range m.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func shippedLanguages(t *testing.T) []string {
	t.Helper()
	files, err := fs.Glob(layouts.FS, "messages/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no message files: %v", err)
	}
	var langs []string
	for _, f := range files {
		langs = append(langs, strings.TrimSuffix(strings.TrimPrefix(f, "messages/"), ".yaml"))
	}
	return langs
}

// TestShippedMessagesComplete: every shipped file parses against
// en.yaml, has each of its keys, and has each plural form its language
// uses for the numbers 0 to 1000.
func TestShippedMessagesComplete(t *testing.T) {
	ref, diags := parseMessages("en.yaml", mustRead(layouts.FS, messageFile("en")), nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	langs := shippedLanguages(t)
	for _, want := range []string{"ar", "de", "en", "es", "fr", "ja"} {
		if !slicesContains(langs, want) {
			t.Errorf("no messages/%s.yaml shipped", want)
		}
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			m, diags := parseMessages(lang+".yaml", mustRead(layouts.FS, messageFile(lang)), ref)
			for _, d := range diags {
				t.Error(d)
			}
			for _, k := range messageKeys() {
				v, ok := m[k]
				if !ok {
					t.Errorf("key %q missing", k)
					continue
				}
				if v.plural == nil {
					continue
				}
				for n := range 1001 {
					if c := pluralCategory(lang, n); v.plural[c] == "" {
						t.Errorf("key %q: no plural form %s (for %d)", k, c, n)
						break
					}
				}
			}
		})
	}
}

// TestThemeUsesOnlyKnownMessages: every {{.Site.T.key}} in the built-in
// layouts, every key the Go code looks up, and every t("key") in kb.js
// is a message of en.yaml, of the right kind.
func TestThemeUsesOnlyKnownMessages(t *testing.T) {
	en, _ := loadMessages(nil, "en")
	isText := func(k string) bool { v, ok := en.m[k]; return ok && v.plural == nil && v.list == nil }
	used := map[string]bool{}

	files, _ := fs.Glob(layouts.FS, "*.html")
	for _, f := range files {
		set, err := texttemplate.New(f).Parse(string(mustRead(layouts.FS, f)))
		if err != nil {
			t.Fatal(err)
		}
		for _, tmpl := range set.Templates() {
			walkTemplate(tmpl.Tree.Root, func(idents []string) {
				for i := 0; i+2 < len(idents); i++ {
					if idents[i] == "Site" && idents[i+1] == "T" {
						k := idents[i+2]
						used[k] = true
						if !isText(k) {
							t.Errorf("%s: .Site.T.%s is not a text message of en.yaml", f, k)
						}
					}
				}
			})
		}
	}

	// The Go code: sv.T["key"], t["key"] (the page's T), m.text("key"),
	// m.count("key", …).
	goFiles, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit := func(e ast.Expr) (string, bool) {
				b, ok := e.(*ast.BasicLit)
				if !ok || b.Kind != token.STRING {
					return "", false
				}
				s, err := strconv.Unquote(b.Value)
				return s, err == nil
			}
			switch n := n.(type) {
			case *ast.IndexExpr:
				isT := false
				switch x := n.X.(type) {
				case *ast.SelectorExpr:
					isT = x.Sel.Name == "T"
				case *ast.Ident:
					isT = x.Name == "t" && f == "render_default.go"
				}
				if k, ok := lit(n.Index); ok && isT {
					used[k] = true
					if !isText(k) {
						t.Errorf("%s: T[%q] is not a text message of en.yaml", fset.Position(n.Pos()), k)
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 || (sel.Sel.Name != "text" && sel.Sel.Name != "count") {
					return true
				}
				if k, ok := lit(n.Args[0]); ok {
					used[k] = true
					if _, ok := en.m[k]; !ok {
						t.Errorf("%s: message %q is not in en.yaml", fset.Position(n.Pos()), k)
					}
				}
			}
			return true
		})
	}

	js := string(mustRead(layouts.FS, "assets/kb.js"))
	inJS := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bt\("(\w+)"`).FindAllStringSubmatch(js, -1) {
		inJS[m[1]], used[m[1]] = true, true
		if !slicesContains(scriptKeys, m[1]) {
			t.Errorf("kb.js: t(%q) is not among scriptKeys, so kb.js never gets it", m[1])
		}
	}
	for _, k := range scriptKeys {
		if _, ok := en.m[k]; !ok {
			t.Errorf("scriptKeys: %q is not in en.yaml", k)
		}
		if !inJS[k] {
			t.Errorf("scriptKeys: kb.js does not use %q", k)
		}
	}

	// months and date_format make dates; the language switcher and the
	// fallback notice are on the pages of multilingual sites only.
	for _, k := range []string{"months", "date_format", "language", "fallback_notice", "fallback_original"} {
		used[k] = true
	}
	// The search page carries searchKeys for kb's server (server's
	// TestSearchPageInSiteLanguage shows them used).
	for _, k := range searchKeys {
		used[k] = true
		if _, ok := en.m[k]; !ok {
			t.Errorf("searchKeys: %q is not in en.yaml", k)
		}
	}
	for _, k := range messageKeys() {
		if !used[k] {
			t.Errorf("en.yaml: %q is used nowhere", k)
		}
	}
}

// walkTemplate calls f with the identifiers of every field chain in n
// (.Site.T.x and $.Site.T.x give [Site T x]).
func walkTemplate(n parse.Node, f func([]string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkTemplate(c, f)
		}
	case *parse.ActionNode:
		walkTemplate(n.Pipe, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkTemplate(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkTemplate(a, f)
		}
	case *parse.FieldNode:
		f(n.Ident)
	case *parse.VariableNode:
		f(n.Ident[1:])
	case *parse.ChainNode:
		walkTemplate(n.Node, f)
	case *parse.IfNode:
		walkTemplate(n.Pipe, f)
		walkTemplate(n.List, f)
		walkTemplate(n.ElseList, f)
	case *parse.RangeNode:
		walkTemplate(n.Pipe, f)
		walkTemplate(n.List, f)
		walkTemplate(n.ElseList, f)
	case *parse.WithNode:
		walkTemplate(n.Pipe, f)
		walkTemplate(n.List, f)
		walkTemplate(n.ElseList, f)
	case *parse.TemplateNode:
		walkTemplate(n.Pipe, f)
	}
}

func TestPluralCategory(t *testing.T) {
	tests := []struct {
		lang string
		want string // categories for 0, 1, 2, 3, 5, 11, 21, 100, 101, 102, 111, 1000
	}{
		{"en", "other one other other other other other other other other other other"},
		{"de-AT", "other one other other other other other other other other other other"},
		{"fr", "one one other other other other other other other other other other"},
		{"pt-BR", "one one other other other other other other other other other other"},
		{"pt-PT", "other one other other other other other other other other other other"},
		{"ja", "other other other other other other other other other other other other"},
		{"ar", "zero one two few few many many other other other many other"},
		{"ru", "many one few few many many one many one few many many"},
		{"pl", "many one few few many many many many many few many many"},
		{"he", "other one two other other other other other other other other other"},
		{"cs", "other one few few other other other other other other other other"},
	}
	for _, tt := range tests {
		var got []string
		for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 100, 101, 102, 111, 1000} {
			got = append(got, pluralCategory(tt.lang, n))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.lang, g, tt.want)
		}
	}
}

func TestMessageCountsAndDates(t *testing.T) {
	day := time.Date(2026, time.March, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		lang            string
		date            string
		one, two, many  string // see_all for 1, 2 and 12
		updated, navAll string // updated with the date; nav_all for 40 in Billing
	}{
		{"en", "March 4, 2026", "See the article", "See all 2 articles", "See all 12 articles", "Updated March 4, 2026", "All 40 in Billing"},
		{"de", "4. März 2026", "Zum Artikel", "Alle 2 Artikel ansehen", "Alle 12 Artikel ansehen", "Aktualisiert am 4. März 2026", "Alle 40 in Billing"},
		{"fr", "4 mars 2026", "Voir l’article", "Voir les 2 articles", "Voir les 12 articles", "Mis à jour le 4 mars 2026", "Tout voir dans Billing (40)"},
		{"es", "4 de marzo de 2026", "Ver el artículo", "Ver los 2 artículos", "Ver los 12 artículos", "Actualizado el 4 de marzo de 2026", "Ver los 40 en Billing"},
		{"ja", "2026年3月4日", "1件の記事をすべて見る", "2件の記事をすべて見る", "12件の記事をすべて見る", "更新日：2026年3月4日", "Billingの40件をすべて表示"},
		{"ar", "4 مارس 2026", "عرض المقالة", "عرض المقالتين", "عرض المقالات الـ12", "آخر تحديث: 4 مارس 2026", "عرض الكل (40) في Billing"},
		{"es-MX", "4 de marzo de 2026", "Ver el artículo", "Ver los 2 artículos", "Ver los 12 artículos", "Actualizado el 4 de marzo de 2026", "Ver los 40 en Billing"},
		{"it", "March 4, 2026", "See the article", "See all 2 articles", "See all 12 articles", "Updated March 4, 2026", "All 40 in Billing"}, // not shipped: English
	}
	for _, tt := range tests {
		m, diags := loadMessages(nil, tt.lang)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		date := m.date(day)
		got := []string{date, m.count("see_all", 1), m.count("see_all", 2), m.count("see_all", 12),
			m.text("updated", "date", date), m.count("nav_all", 40, "title", "Billing")}
		want := []string{tt.date, tt.one, tt.two, tt.many, tt.updated, tt.navAll}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: got %q, want %q", tt.lang, got[i], want[i])
			}
		}
	}
}

func TestFillIn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"See all {count} articles", "See all 3 articles"},
		{"{count}{count}", "33"},
		{"{unknown} {count}", "{unknown} 3"},
		{"{ count} {} {", "{ count} {} {"},
		{"no braces", "no braces"},
		{"{title}: {count}", "Billing & co: 3"},
	}
	for _, tt := range tests {
		if got := fillIn(tt.in, "count", "3", "title", "Billing & co"); got != tt.want {
			t.Errorf("fillIn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSiteMessagesOverride: a site's layouts/messages/ files win over
// the theme's, key by key, from the general code to the specific one.
func TestSiteMessagesOverride(t *testing.T) {
	site := sitetest.FS(map[string]string{
		"layouts/messages/en.yaml":    "on_this_page: Contents\nfeedback_question: Did this help?\n",
		"layouts/messages/de.yaml":    "on_this_page: Inhalt\nsee_all:\n  one: Den einen Artikel lesen\n  other: Alle {count} lesen\n",
		"layouts/messages/de-CH.yaml": "close: x\n", // unknown: reported, the rest still applies
		"layouts/messages/it.yaml":    "on_this_page: In questa pagina\n",
	})
	tests := []struct {
		lang                    string
		toc, feedback, seeAll12 string
	}{
		{"en", "Contents", "Did this help?", "See all 12 articles"},
		{"de", "Inhalt", "War diese Seite hilfreich?", "Alle 12 lesen"},
		{"de-CH", "Inhalt", "War diese Seite hilfreich?", "Alle 12 lesen"},
		{"it", "In questa pagina", "Did this help?", "See all 12 articles"}, // the site's en.yaml, then the theme's
		{"fr", "Sur cette page", "Cette page vous a-t-elle été utile\u202f?", "Voir les 12 articles"},
	}
	for _, tt := range tests {
		m, diags := loadMessages(site, tt.lang)
		if tt.lang == "de-CH" {
			if got, want := diags.Error(), `layouts/messages/de-CH.yaml:1:1: unknown message key "close"`; got != want {
				t.Errorf("de-CH: diagnostics %q, want %q", got, want)
			}
		} else if len(diags) > 0 {
			t.Errorf("%s: %v", tt.lang, diags)
		}
		got := []string{m.text("on_this_page"), m.text("feedback_question"), m.count("see_all", 12)}
		want := []string{tt.toc, tt.feedback, tt.seeAll12}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: got %q, want %q", tt.lang, got[i], want[i])
			}
		}
	}
}

func TestMessageFileErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key", "on_this_pag: Inhalt\n",
			`layouts/messages/de.yaml:1:1: unknown message key "on_this_pag" (did you mean "on_this_page"?)`},
		{"bad YAML", "on_this_page: Inhalt\nupdated: \"Am {date}\n",
			`layouts/messages/de.yaml:2:10: invalid YAML: the string opened with " here is never closed (add the closing ")`},
		{"not a mapping", "- a\n",
			`layouts/messages/de.yaml:1:1: expected a mapping of keys to values, got a list`},
		{"text expected", "on_this_page: [a, b]\n",
			`layouts/messages/de.yaml:1:15: message "on_this_page": expected a text, got a list`},
		{"empty text", "on_this_page:\n",
			`layouts/messages/de.yaml:1:14: message "on_this_page": expected a text, got nothing`},
		{"plural expected", "see_all: Alle {count}\n",
			`layouts/messages/de.yaml:1:10: message "see_all": expected plural forms (a mapping of zero, one, two, few, many, other to texts), got the string "Alle {count}"`},
		{"plural without other", "see_all:\n  one: Ein Artikel\n",
			`layouts/messages/de.yaml:2:3: message "see_all": the plural form other is missing (it is used for every number no other form covers)`},
		{"unknown plural form", "see_all:\n  single: x\n  other: y\n",
			`layouts/messages/de.yaml:2:3: unknown plural form key "single"`},
		{"unknown placeholder", "updated: Am {datum}\n",
			`layouts/messages/de.yaml:1:10: message "updated": unknown placeholder {datum} (it takes {date})`},
		{"placeholder where none", "on_this_page: Auf {page}\n",
			`layouts/messages/de.yaml:1:15: message "on_this_page": unknown placeholder {page} (it takes none)`},
		{"months too short", "months: [Jan, Feb]\n",
			`layouts/messages/de.yaml:1:9: message "months": expected a list of 12 texts, got a list of 2`},
		{"duplicate key", "next: Weiter\nnext: Vor\n",
			`layouts/messages/de.yaml:2:1: key "next" already defined at line 1`},
		{"several at once", "nxt: a\nprevious: [b]\n",
			"layouts/messages/de.yaml:1:1: unknown message key \"nxt\" (did you mean \"next\"?)\n" +
				`layouts/messages/de.yaml:2:11: message "previous": expected a text, got a list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := loadMessages(sitetest.FS(map[string]string{"layouts/messages/de.yaml": tt.src}), "de")
			diags.Sort()
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

// TestSiteLanguageInPages builds a site in German and one in Arabic:
// lang and dir on <html>, the theme's words and dates in the language,
// and kb.js's asset carrying the scripts' messages.
func TestSiteLanguageInPages(t *testing.T) {
	article := "---\ntitle: Rückerstattungen\nupdated: 2026-03-04\naliases: [/alt/]\n---\n## Wann\n\nText.\n\n> [!NOTE]\n> Bald.\n\n## Wie\n\nMehr.[^1]\n\n[^1]: Fußnote.\n"
	tests := []struct {
		lang, dir string
		want      []string // in the article's HTML
		script    string   // in kb.js
		general   string   // the search category of articles outside every category
		moved     string   // in the page left at the alias
	}{
		{"de", "ltr", []string{`<html lang="de" dir="ltr">`, `<a class="skip-link" href="#main">Zum Inhalt springen</a>`,
			`<summary class="toc-title" id="toc-title">Auf dieser Seite</summary>`, `<time datetime="2026-03-04">Aktualisiert am 4. März 2026</time>`,
			`War diese Seite hilfreich?`, `placeholder="Artikel durchsuchen"`, `aria-label="Navigationspfad"`, `<span class="built-with">Erstellt mit kb</span>`,
			`<p class="support-text">Noch Fragen?</p>`, `<p class="callout-title">Hinweis</p>`, `aria-label="Zurück zum Verweis 1"`},
			`"copied":"Kopiert"`, "Allgemein", `<p>Diese Seite ist umgezogen: <a href="/billing/a/">/billing/a/</a>.</p>`},
		{"ar", "rtl", []string{`<html lang="ar" dir="rtl">`, `<time datetime="2026-03-04">آخر تحديث: 4 مارس 2026</time>`,
			`في هذه الصفحة`, `<span class="prevnext-label">`, `<p class="callout-title">ملاحظة</p>`},
			`"copied":"تم النسخ"`, "عام", `<p>نُقلت هذه الصفحة إلى <a href="/billing/a/">/billing/a/</a>.</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			files := map[string]string{
				"site.yaml":                 "title: Hilfe\nlanguage: " + tt.lang + "\nfeedback_url: /api/feedback\nsupport:\n  url: https://example.com/contact\n",
				"content/_index.md":         "---\ntitle: Start\n---\n",
				"content/billing/_index.md": "---\ntitle: Abrechnung\n---\n",
				"content/billing/a.md":      article,
				"content/billing/b.md":      "---\ntitle: Zweiter\n---\nText.\n",
				"content/kontakt.md":        "---\ntitle: Kontakt\n---\nText.\n",
			}
			sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
			if res == nil {
				t.Fatal(ds)
			}
			page := string(sink.files["billing/a/index.html"])
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("article lacks %q", w)
				}
			}
			for _, p := range []string{"index.html", "404.html", "search/index.html", "billing/index.html"} {
				if !strings.Contains(string(sink.files[p]), `<html lang="`+tt.lang+`" dir="`+tt.dir+`"`) {
					t.Errorf("%s: no lang %s and dir %s on <html>", p, tt.lang, tt.dir)
				}
			}
			var js string
			for name, data := range sink.files {
				if strings.HasPrefix(name, "assets/kb.") && strings.HasSuffix(name, ".js") {
					js = string(data)
					if !strings.Contains(page, "/"+name+`"`) {
						t.Errorf("the page does not load %s", name)
					}
				}
			}
			if !strings.HasPrefix(js, "self.kbMessages = {") || !strings.Contains(js, tt.script) {
				t.Errorf("kb.js does not start with the messages %s: %.200q", tt.script, js)
			}
			if alias := string(sink.files["alt/index.html"]); !strings.Contains(alias, `<html lang="`+tt.lang+`" dir="`+tt.dir+`">`) || !strings.Contains(alias, tt.moved) {
				t.Errorf("the alias page is not in the language:\n%s", alias)
			}
			general := 0
			for _, d := range res.Site.SearchDocs() {
				if d.Category == GeneralCategory {
					general++
					if d.CategoryTitle != tt.general {
						t.Errorf("%s: search category %q, want %q", d.URL, d.CategoryTitle, tt.general)
					}
				}
			}
			if general != 1 {
				t.Errorf("%d articles outside every category in search, want 1", general)
			}
		})
	}
}

// TestSiteMessageFileErrorFailsBuild: a bad override is a build error at
// its position, like every other file of the site.
func TestSiteMessageFileErrorFailsBuild(t *testing.T) {
	files := map[string]string{
		"site.yaml":                "title: Hilfe\nlanguage: de\n",
		"content/_index.md":        "---\ntitle: Start\n---\n",
		"layouts/messages/de.yaml": "on_this_page: Inhalt\nnext_: Weiter\n",
	}
	_, res, ds := buildFS(t, Options{}, sitetest.FS(files))
	if res != nil {
		t.Fatal("build succeeded")
	}
	if got, want := ds.Error(), `layouts/messages/de.yaml:2:1: unknown message key "next_" (did you mean "next"?)`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzParseMessages(f *testing.F) {
	for _, lang := range []string{"en", "de", "ar", "ja"} {
		f.Add(mustRead(layouts.FS, messageFile(lang)))
	}
	f.Add([]byte("see_all:\n  one: x\n  other: \"{count\"\nmonths: [a]\n"))
	ref, _ := parseMessages("en.yaml", mustRead(layouts.FS, messageFile("en")), nil)
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := strings.Count(string(normalizeNewlines(append([]byte{}, src...))), "\n") + 1
		m, diags := parseMessages("x.yaml", src, ref)
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Fatalf("%s: position outside the file of %d lines", d, lines)
			}
		}
		for k, v := range m {
			if _, ok := ref[k]; !ok {
				t.Fatalf("unknown key %q accepted", k)
			}
			if _, ok := v.plural["other"]; v.plural != nil && !ok {
				t.Fatalf("%q: plural without other accepted", k)
			}
			if v.list != nil && len(v.list) != 12 {
				t.Fatalf("%q: %d months accepted", k, len(v.list))
			}
		}
	})
}

// TestSearchTextsRoundTrip: the search page's messages comment gives the
// server back the texts, plural forms and site overrides included, and a
// text with "-->" in it cannot end the comment early.
func TestSearchTextsRoundTrip(t *testing.T) {
	site := sitetest.FS(map[string]string{"layouts/messages/ar.yaml": "search_no_match: \"--> «{query}» <!-- لا شيء\"\n"})
	m, diags := loadMessages(site, "ar")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	c := string(m.searchComment())
	body, ok := strings.CutPrefix(c, SearchMessagesMarker)
	body, ok2 := strings.CutSuffix(body, "-->")
	if !ok || !ok2 || strings.Contains(body, "--") || strings.Contains(body, ">") {
		t.Fatalf("comment %q", c)
	}
	st, err := DecodeSearchTexts([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Text("search_no_match", "query", "x"), "--> «x» <!-- لا شيء"; got != want {
		t.Errorf("override: got %q, want %q", got, want)
	}
	if got, want := st.Count("search_found", 2, "query", "x"), "مقالتان عن «x»"; got != want {
		t.Errorf("plural: got %q, want %q", got, want)
	}
	if got, want := st.Text("search_status_none"), "No results."; got != want { // not carried: English
		t.Errorf("key not carried: got %q, want %q", got, want)
	}
	var zero SearchTexts
	if got, want := zero.Count("search_found", 1, "query", "x"), "1 article for “x”"; got != want {
		t.Errorf("zero value: got %q, want %q", got, want)
	}
	if _, err := DecodeSearchTexts([]byte("{")); err == nil {
		t.Error("bad JSON decoded")
	}
}

// TestCacheSeesMessageOverrides: with the dev server's cache, a new or
// changed layouts/messages/ file is in the next build's pages, callout
// titles included, as in a clean build.
func TestCacheSeesMessageOverrides(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"site.yaml":           "title: Help\n",
		"content/_index.md":   "---\ntitle: Home\n---\n",
		"content/a/_index.md": "---\ntitle: A\n---\n",
		"content/a/one.md":    "---\ntitle: One\n---\n## First\n\n> [!TIP]\n> Try it.\n\n## Second\n\nText.\n",
		"content/a/two.md":    "---\ntitle: Two\n---\nText.\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := NewCache()
	cached := New(Options{Dev: true, Cache: cache})
	if out := buildWith(t, cached, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	for i, override := range []string{"on_this_page: Contents\ncallout_tip: Hint\n", "on_this_page: In short\n"} {
		name := filepath.Join(dir, "layouts", "messages", "en.yaml")
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(override), 0o644); err != nil {
			t.Fatal(err)
		}
		cache.Changed("layouts/messages/en.yaml")
		got := buildWith(t, cached, dir)
		if d := sameOutcome(got, buildWith(t, New(Options{Dev: true}), dir)); d != "" {
			t.Fatalf("edit %d: the cached build differs from a clean one:\n%s", i, d)
		}
		page := string(got.files["a/one/index.html"])
		want := []string{">Contents</summary>", `<p class="callout-title">Hint</p>`}
		if i == 1 {
			want = []string{">In short</summary>", `<p class="callout-title">Tip</p>`}
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("edit %d: the page lacks %q", i, w)
			}
		}
	}
}
