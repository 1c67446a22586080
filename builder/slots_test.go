package builder

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// slotsSite has a link of every kind in every place the twin's writer
// treats apart: table cells (pipes in destinations and titles), lists,
// quotes, alerts, footnotes, definition lists, tabs, audience blocks,
// headings, emphasis; and, on pages of their own, the links slots leave
// to a second parse: empty link text, an unsafe URL, a broken link.
var slotsSite = map[string]string{
	"site.yaml":           "title: Slots\nbase_url: https://help.example/\nlinks: warn\n",
	"content/a/_index.md": "---\ntitle: A\n---\n\nSee [one](one.md) and <https://x.example/a|b>.\n",
	"content/a/pic.png":   "\x89PNG\r\n\x1a\n",
	"content/a/two.md":    "---\ntitle: Two | pipes\n---\n\n## Part two\n\nText.\n",
	"content/a/empty.md":  "---\ntitle: Empty\n---\n\nSee [](two.md) and [two](two.md#part-two).\n",
	"content/a/unsafe.md": "---\ntitle: Unsafe\n---\n\n[ click here](javascript:alert(1)) then [two](two.md).\n\n| a |\n|---|\n| [x](javascript:x) |\n",
	"content/a/broken.md": "---\ntitle: Broken\n---\n\n[gone](missing.md) and [two](two.md)\n",
	"content/a/one.md": "---\ntitle: One\n---\n\n" +
		"[Two](two.md#part-two) starts a paragraph, *[in emphasis](two.md)* and [own](#a-heading-with-a-link).\n\n" +
		"## A heading with [a link](two.md)\n\n" +
		"| link | image |\n|---|---|\n| [a\\|b](https://x.example/a\\|b \"t\\|x\") [two](two.md \"T \\| t\") | ![pic\\|x](pic.png) |\n\n" +
		"- [in a list](two.md)\n- <https://auto.example/x>\n  - www.example.com/nested\n\n" +
		"> quoted [link](/a/two/) here\n\n> [!NOTE]\n> [alert](two.md)\n\n" +
		"Term\n: [defined](two.md)\n\n" +
		"With a note.[^1]\n\n[^1]: The note [links](two.md).\n\n" +
		"{start_tabs}\n{tab|mac}\n[mac link](two.md)\n{tab|windows}\n![win](pic.png \"Pic\")\n{end_tabs}\n\n" +
		"<!-- kb:agents -->\n[agents only](two.md)\n<!-- /kb:agents -->\n\n" +
		"<!-- kb:people -->\n[people only](two.md)\n<!-- /kb:people -->\n\n" +
		"```go\nfmt.Println(\"[not a link](x.md)\")\n```\n",
}

// testSite is a site a test builds: its folder, and its configuration
// (nil: its site.yaml). The corpora's are skipped when absent.
type testSite struct {
	name string
	dir  string
	cfg  *Config
}

var (
	exampleTestSite = testSite{"example", exampleSite, nil}
	postmanSite     = testSite{"postman", "../../shared/corpus/postman-docs", &Config{Title: "Postman", BaseURL: "https://learning.postman.com/", ContentDir: "src/pages", Links: "warn"}}
	zulipSite       = testSite{"zulip", "../../shared/corpus/zulip-help", &Config{Title: "Zulip", BaseURL: "https://zulip.com/help/", ContentDir: "help", Snippets: "include", Exclude: []string{"missing.md"}, Links: "warn"}}
)

// TestSlotsSameAsAST checks that bodies rendered at parse with slots for
// their links come out exactly as bodies rendered from the AST at render
// time, over a site built to reach every case, the example site and the
// two corpora.
func TestSlotsSameAsAST(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, slotsSite)
	sites := []testSite{{"cases", dir, nil}, exampleTestSite, postmanSite, zulipSite}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			if _, err := os.Stat(s.dir); err != nil {
				t.Skipf("%s is not here: %v", s.dir, err)
			}
			withSlots := New(Options{Config: s.cfg})
			fromAST := New(Options{Config: s.cfg})
			fromAST.noSlots = true
			got, want := buildWith(t, withSlots, s.dir), buildWith(t, fromAST, s.dir)
			if len(want.files) < 10 {
				t.Fatalf("the build made %d files: %s", len(want.files), want.diags)
			}
			if d := sameOutcome(got, want); d != "" {
				t.Errorf("slots differ from the AST:\n%s", d)
			}
		})
	}
	// The case site reaches both paths: slots for most pages, a second
	// parse for the ones with an empty link text, an unsafe URL or a
	// broken link.
	b := New(Options{})
	b.dropAST = true
	site, _, err := b.Analyze(context.Background(), os.DirFS(dir))
	if err != nil || site == nil {
		t.Fatal(err)
	}
	slotted := map[string]bool{}
	for _, p := range site.Pages {
		slotted[p.URL] = p.slots.fillable(p)
	}
	for url, want := range map[string]bool{"/a/": true, "/a/one/": true, "/a/two/": true, "/a/empty/": false, "/a/unsafe/": false, "/a/broken/": false} {
		if slotted[url] != want {
			t.Errorf("%s: slots used %v, want %v", url, slotted[url], want)
		}
	}
}

// TestBuildDirSameAsAST checks kb build's lean build (sources released
// after parse, search texts handed to the index as it is fed) against
// bodies rendered from the AST: the example site's files must be the
// same.
func TestBuildDirSameAsAST(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := New(Options{}).BuildDir(context.Background(), "..", out); err != nil {
		t.Fatal(err)
	}
	fromAST := New(Options{})
	fromAST.noSlots = true
	want := buildWith(t, fromAST, "..")
	got := map[string][]byte{}
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		// The indexes, and the status file that names the static one,
		// are BuildDir's own (TestBuildDirShipsSearchIndex), in every
		// language's folder.
		inLang := rel
		if lang, rest, ok := strings.Cut(rel, "/"); ok && (lang == "de" || lang == "ar") {
			inLang = rest
		}
		if rel == markerFile || strings.HasPrefix(inLang, SearchDir+"/") || strings.HasPrefix(inLang, StaticSearchDir+"/") || inLang == SearchStatusPath {
			return nil
		}
		data, err := os.ReadFile(path)
		got[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"", "de/", "ar/"} {
		delete(want.files, dir+SearchStatusPath)
	}
	if d := sameOutcome(buildOutcome{files: got, diags: want.diags}, want); d != "" {
		t.Errorf("kb build's output differs from the AST's:\n%s", d)
	}
}
