package builder

import (
	"context"
	"github.com/kbhelp/kb/internal/sitetest"
	"github.com/kbhelp/kb/llmstxt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBasePathKeepsReadersOnTheSite: under base_url …/help/, what kb
// writes itself stays below /help/ and on the host the reader is on (a
// staging or local copy stays one), and the company's own pages beside
// the help center are links out, not broken links.
func TestBasePathKeepsReadersOnTheSite(t *testing.T) {
	files := map[string]string{
		"site.yaml":           "title: T\nbase_url: https://example.com/help/\nfeedback_url: /api/feedback\nlogo: /images/logo.svg\n",
		"content/a/_index.md": "---\ntitle: A\ndescription: Folder.\n---\n",
		"content/a/one.md": "---\ntitle: One\ndescription: The first.\naliases: [/old-one/]\n---\n" +
			"See [pricing](https://example.com/pricing) and [the blog](https://example.com/helpdesk-blog/).\n\n" +
			"<img src=\"/images/logo.svg\" alt=\"Logo\"> and <img src=\"pic.svg\" alt=\"A [pic]\" width=\"10\">\n\n" +
			"| a |\n|---|\n| <img src=\"pic.svg\" alt=\"in a cell\"> |\n",
		"content/a/pic.svg":      "<svg/>",
		"static/images/logo.svg": "<svg/>",
	}
	sink, _, diags := buildFS(t, Options{}, sitetest.FS(files))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	// kb build renders bodies once, with slots for the links (slots.go):
	// the same pages.
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	writeSite(t, src, files)
	if _, err := New(Options{NoIndex: true}).BuildDir(context.Background(), src, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a/one/index.html", "a/one.md", "old-one/index.html"} {
		if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f))); err != nil || string(b) != string(sink.files[f]) {
			t.Errorf("kb build's %s differs from the one in memory (%v)", f, err)
		}
	}
	page := string(sink.files["a/one/index.html"])
	for _, want := range []string{
		`action="/help/api/feedback"`,        // the form posts where kb's server answers
		`href="https://example.com/pricing"`, // the company's page: a link out, as written
		`href="https://example.com/helpdesk-blog/"`,
		`src="/help/images/logo.svg"`,
		`<img src="/help/images/logo.svg" alt="Logo" loading="lazy">`, // raw HTML images as markdown's
		`<img src="/help/a/pic.svg" alt="A [pic]" width="10" loading="lazy">`,
		`<img src="/help/a/pic.svg" alt="in a cell" loading="lazy">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("a/one/index.html lacks %s", want)
		}
	}
	twin := string(sink.files["a/one.md"])
	for _, want := range []string{
		`![Logo](https://example.com/help/images/logo.svg) and ![A \[pic\]](https://example.com/help/a/pic.svg)`,
		`| ![in a cell](https://example.com/help/a/pic.svg) |`,
	} {
		if !strings.Contains(twin, want) {
			t.Errorf("the twin lacks %s:\n%s", want, twin)
		}
	}
	moved := string(sink.files["old-one/index.html"])
	for _, want := range []string{
		`<link rel="canonical" href="https://example.com/help/a/one/">`, // search engines: the canonical URL
		`content="0; url=/help/a/one/"`,                                 // browsers: the same host
		`<a href="/help/a/one/">`,
	} {
		if !strings.Contains(moved, want) {
			t.Errorf("the alias page lacks %s:\n%s", want, moved)
		}
	}
}

// TestRawImagesAreChecked: an <img> of raw HTML naming a missing file is
// a broken image at its src, as a markdown image is.
func TestRawImagesAreChecked(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
		"site.yaml": "title: T\n",
		"content/a.md": "---\ntitle: A\ndescription: D.\n---\nText.\n\n<p>Look: <img src=\"/images/nope.png\" alt=\"n\"></p>\n\n" +
			"<img alt=\"x\" src=\"https://cdn.example.com/x.png\">\n",
	})
	_, _, diags := buildFS(t, Options{}, fsys)
	var broken []Diagnostic
	for _, d := range diags {
		if !d.Warning {
			broken = append(broken, d)
		}
	}
	if len(broken) != 1 || broken[0].Pos.Line != 7 || broken[0].Pos.Col != 15 || !strings.Contains(broken[0].Msg, "broken image: no page or file at /images/nope.png") {
		t.Errorf("want one error, the broken image at its src, 7:15: %v", diags)
	}
}

func TestSiteURL(t *testing.T) {
	for _, tc := range []struct{ base, in, want string }{
		{"/help/", "/api/feedback", "/help/api/feedback"},
		{"/help/", "images/logo.svg", "/help/images/logo.svg"},
		{"/help/", "/help/api/feedback", "/help/api/feedback"},
		{"/help/", "https://forms.example.com/f", "https://forms.example.com/f"},
		{"/help/", "//cdn.example.com/logo.svg", "//cdn.example.com/logo.svg"},
		{"/help/", "", ""},
		{"/", "/api/feedback", "/api/feedback"},
		{"/", "images/logo.svg", "/images/logo.svg"},
	} {
		if got := siteURL(&Config{BasePath: tc.base}, tc.in); got != tc.want {
			t.Errorf("siteURL(%q under %s) = %q, want %q", tc.in, tc.base, got, tc.want)
		}
	}
}

// TestHTMLAliasOfOwnURL: an old generator's /help/a/one.html for a page
// now at /help/a/one/ redirects from that file (Jekyll's and MkDocs's
// URLs), where it used to be refused as the page's own URL; the page's
// own URL as a folder still is.
func TestHTMLAliasOfOwnURL(t *testing.T) {
	sink, _, diags := buildFS(t, Options{}, sitetest.FS(map[string]string{
		"site.yaml":        "title: T\nbase_url: https://example.com/help/\n",
		"content/a/one.md": "---\ntitle: One\ndescription: D.\naliases: [/help/a/one.html]\n---\nText.\n",
	}))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if got := string(sink.files["a/one.html"]); !strings.Contains(got, `url=/help/a/one/"`) {
		t.Errorf("a/one.html: %q", got)
	}
	redirects := string(sink.files["_redirects"])
	if !strings.Contains(redirects, "/help/a/one.html /help/a/one/ 301\n") || strings.Count(redirects, "a/one") != 2 {
		t.Errorf("_redirects:\n%s", redirects)
	}
	_, _, diags = buildFS(t, Options{}, sitetest.FS(map[string]string{
		"site.yaml":        "title: T\n",
		"content/a/two.md": "---\ntitle: Two\ndescription: D.\naliases: [/a/two/, /a/two.html, /a/two.html]\n---\nText.\n",
	}))
	if want := "content/a/two.md:4:11: alias /a/two/ is this page's own URL\ncontent/a/two.md:4:33: alias /a/two.html is given twice\n"; diagText(diags) != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", diagText(diags), want)
	}
}

// TestAliasMovedFiles: on a host that ignores _redirects, an alias's
// twin paths (old.md, old/index.md) and llms.txt still say where the page
// went, as markdown and as a parsable llms.txt, under the base path.
func TestAliasMovedFiles(t *testing.T) {
	sink, _, diags := buildFS(t, Options{}, sitetest.FS(map[string]string{
		"site.yaml":        "title: T\nbase_url: https://example.com/help/\n",
		"content/a/one.md": "---\ntitle: One [x]\ndescription: D.\naliases: [/help/old/1/]\n---\nText.\n",
	}))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	for _, name := range []string{"old/1.md", "old/1/index.md"} {
		got := string(sink.files[name])
		if !strings.Contains(got, "moved to https://example.com/help/a/one/") || !strings.Contains(got, `[One \[x\]](https://example.com/help/a/one.md)`) {
			t.Errorf("%s:\n%s", name, got)
		}
	}
	llms := sink.files["old/1/llms.txt"]
	if _, errs := llmstxt.Parse(llms); len(errs) > 0 || !strings.Contains(string(llms), "(https://example.com/help/a/one/llms.txt)") {
		t.Errorf("old/1/llms.txt (%v):\n%s", errs, llms)
	}
}
