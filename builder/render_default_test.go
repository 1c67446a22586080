package builder

import (
	"bytes"
	"fmt"
	"html/template"
	"math/rand/v2"
	"testing"
	"testing/fstest"
)

// awkward are values that html/template escapes in each of its contexts:
// markup characters, NUL, invalid UTF-8, spaces and non-ASCII in URLs,
// valid and invalid percent escapes, and schemes it refuses.
var awkward = []string{
	"", "Plain title", `a<b>&"'+ c`, "\x00nul", "\xff\xfe invalid", "Ünïcödé – “quotes”",
	"/billing/refunds/", "/help/a b/ü/%41%zz%4", "https://example.com/a?b=c&d=e+f#g",
	"HTTP://Example.com/", "mailto:help@example.com", "javascript:alert(1)", "JavaScript:x",
	"data:,", "tel:+123", "//evil.example/x", "a:b/c", "a/b:c", "httpſ://x/", "#frag",
	"</script><script>alert(1)</script>", "{{.Title}}", "%", "a%2", "%2g", "!#$&*+,/:;=?@[]'()~",
}

// randomView makes a page view of kind with fields drawn from awkward,
// each optional part present or not.
func randomView(r *rand.Rand, th *theme, kind string) *PageView {
	str := func() string { return awkward[r.IntN(len(awkward))] }
	maybe := func() bool { return r.IntN(2) == 0 }
	strs := func() []string {
		var out []string
		for range r.IntN(4) {
			out = append(out, str())
		}
		return out
	}
	sv := &SiteView{Title: str(), Description: str(), Lang: str(), Root: str(), BaseURL: str(),
		FeedbackURL: str(), SearchURL: str(), SearchPage: str(), SearchAPI: str(), SearchFixed: maybe(),
		CSS: strs(), CodeCSS: strs(), JS: strs(), Logo: str(), Year: r.IntN(3) * 1013, LLMSURL: str(), LLMSFullURL: str(), MCPURL: str(),
		Dir: []string{"", "ltr", "rtl", str()}[r.IntN(4)]}
	sv.T = map[string]string{}
	for _, k := range messageKeys() { // every message an awkward value, so each is escaped as the template does
		sv.T[k] = str()
	}
	if maybe() {
		sv.Support = &SupportView{Text: str(), LinkText: str(), URL: str()}
	}
	for range r.IntN(3) {
		sv.Footer = append(sv.Footer, NavLink{Title: str(), URL: str()})
	}
	link := func() *NavLink {
		if maybe() {
			return nil
		}
		return &NavLink{Title: str(), URL: str()}
	}
	card := func(k string) Card {
		c := Card{Title: str(), URL: str(), Description: str(), Kind: k, Count: r.IntN(4), SeeAll: str(), SeeAllIn: str()}
		for range r.IntN(3) {
			c.Children = append(c.Children, Card{Title: str(), URL: str(), Description: str(), Kind: "article"})
		}
		return c
	}
	kinds := []string{"article", "section", "category"}
	cards := func() []Card {
		var out []Card
		for range r.IntN(5) {
			out = append(out, card(kinds[r.IntN(len(kinds))]))
		}
		return out
	}
	var navItems func(depth int) []NavItem
	navItems = func(depth int) []NavItem {
		var out []NavItem
		for range r.IntN(5) {
			it := NavItem{Title: str(), URL: str(), Kind: kinds[r.IntN(len(kinds))], Current: maybe(), Open: maybe()}
			switch {
			case depth < 3 && maybe():
				it.Children = navItems(depth + 1)
			case maybe():
				it.HTML = th.navItemHTML(it)
			}
			out = append(out, it)
		}
		if maybe() {
			out = append(out, NavItem{Title: str(), URL: str(), Kind: "more"})
		}
		return out
	}
	v := &PageView{Site: sv, Kind: kind, Title: str(), HeadTitle: str(), Description: str(), URL: str(),
		Canonical: str(), MarkdownURL: str(), LLMSURL: str(), Nav: navItems(0), Updated: str(), UpdatedText: str(), UpdatedISO: str(),
		Tags: strs(), Prev: link(), Next: link(), OGType: str(), Image: str(), Dev: maybe(), NoIndex: maybe(),
		CodeCSS: strs(), Symptoms: strs(), ErrorMessages: strs(), Related: cards(), Children: cards()}
	if maybe() {
		v.Body = template.HTML("<p>Body & <b>markup</b></p>\n" + str())
	}
	for range r.IntN(3) {
		v.OpenIn = append(v.OpenIn, NavLink{Title: str(), URL: str()})
	}
	for range r.IntN(3) {
		v.Breadcrumbs = append(v.Breadcrumbs, NavLink{Title: str(), URL: str()})
	}
	for range r.IntN(3) {
		v.AppliesTo = append(v.AppliesTo, AppliesToView{Label: str(), Values: str()})
	}
	for range r.IntN(4) {
		it := TOCItem{Title: str(), ID: str()}
		for range r.IntN(3) {
			it.Children = append(it.Children, TOCItem{Title: str(), ID: str()})
		}
		v.TOC = append(v.TOC, it)
	}
	lang := func() LangLink {
		return LangLink{Code: str(), Name: str(), Dir: str(), URL: str(), Abs: str(), Current: maybe(), Same: maybe(), Fallback: maybe()}
	}
	for range r.IntN(4) { // a multilingual site's switcher, hreflang and fallback notice
		v.Languages = append(v.Languages, lang())
	}
	for range r.IntN(3) {
		v.Alternates = append(v.Alternates, lang())
	}
	if maybe() {
		v.XDefault = str()
	}
	if maybe() {
		f := lang()
		v.Fallback = &f
	}
	for range r.IntN(3) {
		v.JSONLD = append(v.JSONLD, ldJSON(ldArticle{Context: "https://schema.org", Type: "Article", Headline: str(), URL: str()}))
	}
	return v
}

// TestDefaultPagesMatchTemplates: the article, category and section pages
// that render_default.go writes in Go are byte for byte what the built-in
// templates make of the same view, with values that need escaping in
// every field.
func TestDefaultPagesMatchTemplates(t *testing.T) {
	th, diags := loadTheme(fstest.MapFS{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for kind := range defaultKinds {
		if !th.inGo[kind] {
			t.Fatalf("built-in theme: %s pages are not written in Go", kind)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	failed := 0
	for i := range 3000 {
		for _, kind := range []string{"article", "category", "section"} {
			v := randomView(r, th, kind)
			want, err := th.executeView(kind, v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := th.writeDefault(nil, kind, v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) && failed < 3 {
				failed++
				t.Errorf("view %d (%s): Go and template differ\n%s", i, kind, firstDiff(string(want), string(got)))
			}
			for _, it := range v.Nav {
				var want bytes.Buffer
				if err := th.byKind["article"].ExecuteTemplate(&want, "navitem", it); err != nil {
					t.Fatal(err)
				}
				if got := th.navItemHTML(it); string(got) != want.String() && failed < 3 {
					failed++
					t.Errorf("view %d: nav item: Go and template differ\n%s", i, firstDiff(want.String(), string(got)))
				}
			}
		}
	}
}

// TestOwnLayoutsUseTemplates: a site that replaces base.html, partials.html
// or a kind's file gets its pages from html/template, for that kind only
// when it is the kind's own file.
func TestOwnLayoutsUseTemplates(t *testing.T) {
	for _, tc := range []struct {
		file string
		inGo map[string]bool
	}{
		{"base.html", map[string]bool{}},
		{"partials.html", map[string]bool{}},
		{"article.html", map[string]bool{"category": true, "section": true}},
		{"list.html", map[string]bool{"article": true}},
		{"home.html", map[string]bool{"article": true, "category": true, "section": true}},
	} {
		src, _, _, err := layoutFile(nil, tc.file)
		if err != nil {
			t.Fatal(err)
		}
		th, diags := loadTheme(fstest.MapFS{"layouts/" + tc.file: {Data: src}})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		for kind := range kindFiles {
			if th.inGo[kind] != tc.inGo[kind] {
				t.Errorf("own %s: %s pages in Go = %v, want %v", tc.file, kind, th.inGo[kind], tc.inGo[kind])
			}
		}
	}
}

// firstDiff shows where two pages first differ.
func firstDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("at byte %d:\ntemplate: %q\nGo:       %q", i,
		want[lo:min(len(want), i+200)], got[lo:min(len(got), i+200)])
}

func FuzzDefaultPages(f *testing.F) {
	th, diags := loadTheme(fstest.MapFS{})
	if len(diags) > 0 {
		f.Fatal(diags)
	}
	f.Add("Title", "/a/b/", "toc-id")
	f.Add(`<&"'+>`, "javascript:x", "a b")
	f.Fuzz(func(t *testing.T, title, url, id string) {
		sv := &SiteView{Title: title, Root: url, SearchURL: url, FeedbackURL: url, Logo: url,
			Support: &SupportView{Text: title, LinkText: title, URL: url}, CSS: []string{url}, Dir: title, T: map[string]string{}}
		for _, k := range messageKeys() {
			sv.T[k] = title
		}
		for _, kind := range []string{"article", "section"} {
			v := &PageView{Site: sv, Kind: kind, Title: title, HeadTitle: title, URL: url, Canonical: url,
				MarkdownURL: url, LLMSURL: url, Tags: []string{title}, Breadcrumbs: []NavLink{{Title: title, URL: url}},
				Nav:  []NavItem{{Title: title, URL: url, Kind: "section", Open: true, Children: []NavItem{{Title: title, URL: url, Kind: "article"}}}},
				TOC:  []TOCItem{{Title: title, ID: id, Children: []TOCItem{{Title: title, ID: id}}}},
				Prev: &NavLink{Title: title, URL: url}, Related: []Card{{Title: title, URL: url, Description: title}},
				Children: []Card{{Title: title, URL: url, Kind: "section", Count: 3, SeeAll: title, SeeAllIn: title}, {Title: title, URL: url, Kind: "article"}}}
			want, err := th.executeView(kind, v)
			if err != nil {
				t.Skip(err) // not valid UTF-8 for the template, say
			}
			got, err := th.writeDefault(nil, kind, v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: Go and template differ\n%s", kind, firstDiff(string(want), string(got)))
			}
		}
	})
}
