package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSplitCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a `{{ x }}` b", "a |`{{ x }}`| b"},
		{"``a ` b`` c", "|``a ` b``| c"},
		{"unclosed ` tick", "unclosed ` tick"},
		{"`a` and `b`", "|`a`| and |`b`|"},
	} {
		if got := strings.Join(splitCode(tc.in), "|"); got != tc.want {
			t.Errorf("splitCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range []struct{ dir, p, want string }{
		{"content", "content/a.md", "a.md"},
		{"content/a", "content/b/c.md", "../b/c.md"},
		{"content/a/b", "content/a/c.md", "../c.md"},
		{"content", "content/a/b.md", "a/b.md"},
	} {
		if got := relPath(tc.dir, tc.p); got != tc.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
}

func TestURLKeyStripsBaseBeforeHTML(t *testing.T) {
	pl := &plan{oldBase: "/kb/"}
	for _, tc := range []struct{ in, want string }{
		{"/kb/about.html", "about"},
		{"/kb/docs/", "docs"},
		{"/kb/", ""},
		{"/kb", ""},
		{"/Docs/Index.html", "docs"},
		{"/kb/a%20b/", "a b"},
		{"/other/x/", "other/x"},
	} {
		if got := pl.urlKey(tc.in); got != tc.want {
			t.Errorf("urlKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct{ in, slug, tab string }{
		{"Upgrade Guide", "upgrade-guide", "upgrade-guide"},
		{"macOS", "macos", "macos"},
		{"C++ / C#", "c-c", "c-c"},
		{"Café", "caf", "caf"},
		{"***", "page", ""},
	} {
		if got := slugName(tc.in); got != tc.slug {
			t.Errorf("slugName(%q) = %q, want %q", tc.in, got, tc.slug)
		}
		if got := tabKey(tc.in); got != tc.tab {
			t.Errorf("tabKey(%q) = %q, want %q", tc.in, got, tc.tab)
		}
	}
	for _, tc := range []struct {
		in   string
		name string
		n    int
	}{{"01-intro", "intro", 1}, {"2_setup", "setup", 2}, {"intro", "intro", 0}, {"12", "12", 0}} {
		if name, n, _ := stripNumber(tc.in); name != tc.name || n != tc.n {
			t.Errorf("stripNumber(%q) = %q, %d, want %q, %d", tc.in, name, n, tc.name, tc.n)
		}
	}
}

func TestSplitFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		in, title, body string
		line            int
		err             bool
	}{
		{"---\ntitle: A\n---\nbody\n", "A", "body\n", 4, false},
		{"+++\ntitle = \"B\"\nweight = 2\n+++\n\nbody\n", "B", "\nbody\n", 5, false},
		{"no front matter\n", "", "no front matter\n", 1, false},
		{"---\ntitle: [unclosed\n---\nbody\n", "", "---\ntitle: [unclosed\n---\nbody\n", 1, true},
		{"+++\n[params]\n+++\n", "", "+++\n[params]\n+++\n", 1, true},
		{"---\r\ntitle: C\r\n---\r\nx\r\n", "C", "x\n", 4, false},
	} {
		fm, body, line, err := splitFrontMatter([]byte(tc.in))
		if fm.str("title") != tc.title || body != tc.body || line != tc.line || (err != nil) != tc.err {
			t.Errorf("splitFrontMatter(%q) = %q, %q, %d, %v", tc.in, fm.str("title"), body, line, err)
		}
	}
}

// TestConvertKeepsSourceLines: each converted line knows its source line
// and column, so findings point into SRC.
func TestConvertKeepsSourceLines(t *testing.T) {
	pl := newPlan(fstest.MapFS{}, flavour{mkdocs: true})
	d := &doc{src: "docs/a.md", dest: "content/a.md"}
	c := &fileCtx{pl: pl, d: d, fl: pl.fl, partials: map[string]string{}}
	in := []line{{s: "!!! note", n: 3}, {s: "    {relative|gear}", n: 4}}
	out := c.convert(in)
	if len(out) < 2 || out[1].s != "> {relative|gear}" || out[1].n != 4 {
		t.Fatalf("convert = %+v", out)
	}
	// "> " moved the text two columns right; 4 columns of indent were
	// removed: column 3 here is column 5 in the source.
	if got := 3 + out[1].shift; got != 5 {
		t.Errorf("column 3 maps to %d, want 5", got)
	}
}

// TestFindingsPointIntoSource: what kb reports in the converted site is
// shown at the source's line and column, in the body and in the front
// matter alike.
func TestFindingsPointIntoSource(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/a.md": {Data: []byte("---\ntitle: A\nfoo: 1\n---\n\n!!! note\n    See {relative|gear|x}.\n")},
	}
	res, err := Import(context.Background(), fsys, Options{From: "mkdocs"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Report.Left {
		got = append(got, fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col))
	}
	want := "docs/a.md:3:1 docs/a.md:7:9"
	if strings.Join(got, " ") != want {
		t.Errorf("findings at %v, want %s:\n%v", got, want, res.Report.Left)
	}
}

// TestAnchorsRenamed: a fragment written for Python-Markdown's ids, or a
// custom { #id }, becomes the id kb gives the heading.
func TestAnchorsRenamed(t *testing.T) {
	d := &doc{fm: &frontMatter{}, body: "# Title\n\n## Ctrl + Enter\n\n## Title\n\n```\n## Not a heading\n```\n\n## Setup { #install }\n"}
	pl := newPlan(fstest.MapFS{}, flavour{})
	for _, tc := range []struct{ in, want string }{
		{"#ctrl-enter", "#ctrl--enter"},
		{"#title_1", "#title"}, // the H1 is kb's title and gets no id
		{"#install", "#setup"},
		{"#setup", "#setup"},
		{"#not-a-heading", "#not-a-heading"},
	} {
		if got := pl.anchor(d, tc.in); got != tc.want {
			t.Errorf("anchor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExpandPermalink(t *testing.T) {
	for _, tc := range []struct{ tmpl, coll, p, name, date, want string }{
		{"/:collection/:path/", "docs", "guides/a", "a", "", "/docs/guides/a/"},
		{"/:collection/:name:output_ext", "docs", "guides/a", "a", "", "/docs/a.html"},
		{"/:categories/:year/:month/:day/:title:output_ext", "posts", "x", "x", "2024-03-01", "/2024/03/01/x.html"},
		{"/blog/:year/:title/", "posts", "x", "x", "2024-03-01", "/blog/2024/x/"},
	} {
		if got := expandPermalink(tc.tmpl, tc.coll, tc.p, tc.name, tc.date); got != tc.want {
			t.Errorf("expandPermalink(%q) = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

// Docusaurus adds its baseUrl to a site path written without it, so
// /docs/b on a site with baseUrl /help/ is the doc at /help/docs/b;
// pathname:///files/c.pdf is the same path, kept out of its router.
func TestDocusaurusLinkWithoutBaseURL(t *testing.T) {
	fsys := fstest.MapFS{
		"docusaurus.config.js": {Data: []byte("module.exports = {\n  title: 'T',\n  url: 'https://ex.example',\n  baseUrl: '/help/',\n};\n")},
		"docs/a.md":            {Data: []byte("# A\n\n[with](/help/docs/b) [without](/docs/b)\n")},
		"docs/b.md":            {Data: []byte("# B\n")},
		"docs/c.md":            {Data: []byte("# C\n\n[PDF](pathname:///files/c.pdf)\n")},
		"static/files/c.pdf":   {Data: []byte("%PDF")},
	}
	res, err := Import(context.Background(), fsys, Options{From: "docusaurus"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Path == "content/a.md" && !strings.Contains(string(f.Data), "[with](b.md) [without](b.md)") {
			t.Errorf("content/a.md:\n%s", f.Data)
		}
		if f.Path == "content/c.md" && !strings.Contains(string(f.Data), "[PDF](/files/c.pdf)") {
			t.Errorf("a pathname:// link is a site path:\n%s", f.Data)
		}
	}
}

// TestBaseHint: an MkDocs site whose config names no site_url but whose
// links are written under the path it was served at (/help/) gets a hint
// naming -base-url; with the base URL given, or with links that need
// none, there is none.
func TestBaseHint(t *testing.T) {
	page := func(links string) fstest.MapFS {
		return fstest.MapFS{
			"mkdocs.yml":    {Data: []byte("site_name: T\n")},
			"docs/a.md":     {Data: []byte("# A\n\n" + links + "\n")},
			"docs/b.md":     {Data: []byte("# B\n")},
			"docs/c.md":     {Data: []byte("# C\n")},
			"docs/sub/d.md": {Data: []byte("# D\n")},
		}
	}
	under := "[b](/help/b/) [c](/help/c/) [d](/help/sub/d/) [gone](/help/nope/)"
	for _, tc := range []struct {
		name, links, base, want string
	}{
		{"links under /help/", under, "", "3 links start with /help/ and name a page without it: if the old site was served under /help/, import again with -base-url https://HOST/help/"},
		{"base URL given", under, "https://ex.example/help/", ""},
		{"links at the root", "[b](/b/) [c](/c/) [d](/sub/d/)", "", ""},
		{"two links only", "[b](/help/b/) [c](/help/c/)", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Import(context.Background(), page(tc.links), Options{From: "mkdocs", BaseURL: tc.base})
			if err != nil {
				t.Fatal(err)
			}
			if res.Report.Hint != tc.want {
				t.Errorf("hint %q, want %q", res.Report.Hint, tc.want)
			}
			var out strings.Builder
			res.Report.Print(&out, "")
			if tc.want != "" && !strings.Contains(out.String(), "hint: "+tc.want+"\n") {
				t.Errorf("the report does not print the hint:\n%s", out.String())
			}
		})
	}
}
