package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kbhelp/kb/internal/sitetest"
	"github.com/kbhelp/kb/search"
)

// buildOutcome is what a build gives: its files, or its problems.
type buildOutcome struct {
	files map[string][]byte
	diags string
}

func buildWith(t testing.TB, b *Builder, dir string) buildOutcome {
	t.Helper()
	return buildOutcomeFS(t, b, os.DirFS(dir))
}

func buildOutcomeFS(t testing.TB, b *Builder, fsys fs.FS) buildOutcome {
	t.Helper()
	sink := NewMemSink()
	res, err := b.Build(context.Background(), fsys, sink)
	if err != nil {
		var ds Diagnostics
		if !errors.As(err, &ds) {
			t.Fatalf("build: %v", err)
		}
		return buildOutcome{diags: ds.Error()}
	}
	files := sink.Files()
	for name, make := range sink.Lazy() {
		files[name] = make()
	}
	return buildOutcome{files: files, diags: "warnings:\n" + res.Warnings.Error()}
}

// sameOutcome reports how two builds differ, or "".
func sameOutcome(got, want buildOutcome) string {
	if got.diags != want.diags {
		return fmt.Sprintf("problems differ:\ncached:\n%s\nclean:\n%s", got.diags, want.diags)
	}
	return sitetest.Diff(got.files, want.files)
}

// TestCacheEquivalence drives random edit sequences through a cached
// builder and checks, after each, that its output equals a clean build
// of the same tree.
func TestCacheEquivalence(t *testing.T) {
	seeds, steps := 2, 20
	if testing.Short() {
		seeds, steps = 1, 8
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			dir := sitetest.CopySite(t, "..")
			cache := NewCache()
			// Links warn: a deleted article breaks links, and the builds
			// after it must still succeed to be compared.
			opts := Options{Dev: true, Drafts: true, Links: "warn"}
			cached := New(Options{Dev: true, Drafts: true, Links: "warn", Cache: cache})
			if d := sameOutcome(buildWith(t, cached, dir), buildWith(t, New(opts), dir)); d != "" {
				t.Fatalf("first build: %s", d)
			}
			ed := &sitetest.Editor{T: t, Dir: dir, Rng: rand.New(rand.NewPCG(uint64(seed), 7))}
			reused := 0
			for step := range steps {
				what, paths := ed.Edit()
				cache.Changed(paths...)
				got := buildWith(t, cached, dir)
				want := buildWith(t, New(opts), dir)
				if d := sameOutcome(got, want); d != "" {
					t.Fatalf("step %d (%s): cached build differs from a clean build:\n%s", step, what, d)
				}
				reused += cache.Stats.Reused
				t.Logf("step %d: %s: %+v", step, what, cache.Stats)
			}
			if reused == 0 {
				t.Errorf("no page output was ever reused: the cache does nothing")
			}
		})
	}
}

// TestCacheRendersOnlyWhatChanged checks that an edit to one article's
// body renders that page and the pages that show it, not the whole site.
func TestCacheRendersOnlyWhatChanged(t *testing.T) {
	dir := sitetest.CopySite(t, "..")
	cache := NewCache()
	b := New(Options{Dev: true, Cache: cache})
	first := buildWith(t, b, dir)
	if first.files == nil {
		t.Fatal(first.diags)
	}
	pages := langStats(cache, "en").Rendered
	p := "content/billing/payments/card-declined.md"
	ed := &sitetest.Editor{T: t, Dir: dir}
	ed.Write(p, ed.Read(p)+"\nOne more line.\n")
	cache.Changed(p)
	if out := buildWith(t, b, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	if s := langStats(cache, "en"); s.Read != 1 || s.Parsed != 1 || s.Rendered != 1 || s.Reused != pages-1 || s.Patched != 1 {
		t.Errorf("after a body edit: %+v, want 1 file read, parsed, rendered and patched, %d pages reused", s, pages-1)
	}
	// A new link is no body edit: the full cached build runs.
	ed.Write(p, ed.Read(p)+"\nSee [refunds](refunds.md).\n")
	cache.Changed(p)
	if out := buildWith(t, b, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	if s := langStats(cache, "en"); s.Patched != 0 || s.Rendered < 1 || s.ReusedParses == 0 {
		t.Errorf("after a link was added: %+v, want the full cached build (no page patched)", s)
	}
}

// TestCacheLongSectionWindow retitles articles of a section longer than
// the sidebar's window: the pages whose sidebar window shows the article
// render again, and only those (with the article's neighbours and lists).
func TestCacheLongSectionWindow(t *testing.T) {
	dir := t.TempDir()
	ed := &sitetest.Editor{T: t, Dir: dir}
	ed.Write("site.yaml", "title: Window Test\n")
	ed.Write("content/big/_index.md", "---\ntitle: Big\n---\n")
	ed.Write("content/small/_index.md", "---\ntitle: Small\n---\n")
	ed.Write("content/small/one.md", "---\ntitle: One\n---\nText.\n")
	for i := range 60 {
		ed.Write(fmt.Sprintf("content/big/a%02d.md", i), fmt.Sprintf("---\ntitle: Article %02d\norder: %d\n---\nText %d.\n", i, i, i))
	}
	cache := NewCache()
	b := New(Options{Dev: true, Cache: cache})
	if out := buildWith(t, b, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	for _, c := range []struct {
		n        int // article retitled
		max      int // pages rendered again, at most
		unshowed string
	}{
		{45, 40, "big/a05/index.html"}, // far from a05's window (0-29)
		{3, 40, "big/a50/index.html"},  // far from a50's window (30-59)
	} {
		p := fmt.Sprintf("content/big/a%02d.md", c.n)
		ed.Write(p, strings.Replace(ed.Read(p), "title: ", "title: New ", 1))
		cache.Changed(p)
		got := buildWith(t, b, dir)
		want := buildWith(t, New(Options{Dev: true}), dir)
		if d := sameOutcome(got, want); d != "" {
			t.Fatalf("retitle a%02d: cached build differs from a clean build:\n%s", c.n, d)
		}
		t.Logf("retitle a%02d: %d pages rendered", c.n, cache.Stats.Rendered)
		if s := cache.Stats; s.Rendered > c.max || s.Rendered < 2 {
			t.Errorf("retitle a%02d: %d pages rendered, want 2 to %d (the window, neighbours, lists)", c.n, s.Rendered, c.max)
		}
		if strings.Contains(string(got.files[c.unshowed]), fmt.Sprintf("New Article %02d", c.n)) {
			t.Errorf("%s shows the retitled a%02d, outside its window", c.unshowed, c.n)
		}
	}
}

// TestCacheReportWithoutPaths: once any report since the last build named
// no path, the build looks at every file, whatever else was reported.
func TestCacheReportWithoutPaths(t *testing.T) {
	dir := sitetest.CopySite(t, "..")
	cache := NewCache()
	b := New(Options{Dev: true, Cache: cache})
	if out := buildWith(t, b, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	ed := &sitetest.Editor{T: t, Dir: dir}
	named, unnamed := "content/billing/payments/card-declined.md", "content/billing/payments/refunds.md"
	ed.Write(named, ed.Read(named)+"\nNamed edit.\n")
	ed.Write(unnamed, ed.Read(unnamed)+"\nUnnamed edit.\n")
	cache.Changed() // events without paths, then a report that names one
	cache.Changed(named)
	got := buildWith(t, b, dir)
	if d := sameOutcome(got, buildWith(t, New(Options{Dev: true}), dir)); d != "" {
		t.Fatalf("cached build differs from a clean build:\n%s", d)
	}
	if s := langStats(cache, "en"); s.Patched != 0 || s.Read != 2 {
		t.Errorf("%+v: want both edited files read, and no patch", s)
	}
}

// langStats is the stats of language code's build on a multilingual
// site (the example site is one), else the cache's.
func langStats(c *Cache, code string) CacheStats {
	if ch := c.children[code]; ch != nil {
		return ch.Stats
	}
	return c.Stats
}

// TestCacheLanguageSaves saves, on the multilingual example site, an
// English article translated into German, one that is a fallback page
// in the other languages, and a German translation, body edits each:
// the output equals a clean build's, only the languages that read the
// file render anything (the others put their last outputs back as they
// are), and each language's search documents are its site's.
func TestCacheLanguageSaves(t *testing.T) {
	dir := sitetest.CopySite(t, "..")
	exists := func(p string) bool { _, err := os.Stat(dir + "/" + p); return err == nil }
	var translated, fallback string
	for _, p := range []string{"content/billing/payments/card-declined.md", "content/billing/payments/refunds.md",
		"content/contact-support.md", "content/billing/invoices/download-invoices.md"} {
		rel := strings.TrimPrefix(p, "content/")
		switch {
		case translated == "" && exists("content/de/"+rel):
			translated = p
		case fallback == "" && !exists("content/de/"+rel) && !exists("content/ar/"+rel):
			fallback = p
		}
	}
	ed := &sitetest.Editor{T: t, Dir: dir}
	if fallback == "" { // an English article of its own
		fallback = "content/billing/payments/only-english.md"
		ed.Write(fallback, "---\ntitle: Only in English\n---\nNot translated.\n")
	}
	if translated == "" {
		t.Fatal("no translated article in the example site")
	}
	german := "content/de/" + strings.TrimPrefix(translated, "content/")
	cache := NewCache()
	b := New(Options{Dev: true, Cache: cache})
	if out := buildWith(t, b, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	for _, c := range []struct {
		name, file string
		render     map[string]int // pages rendered by language
	}{
		{"translated", translated, map[string]int{"en": 1, "de": 0, "ar": 0}},
		{"fallback", fallback, map[string]int{"en": 1, "de": 1, "ar": 1}},
		{"german", german, map[string]int{"en": 0, "de": 1, "ar": 0}},
		{"translated again", translated, map[string]int{"en": 1, "de": 0, "ar": 0}},
	} {
		ed.Write(c.file, ed.Read(c.file)+"\nOne more line ("+c.name+").\n")
		cache.Changed(c.file)
		sink := NewMemSink()
		res, err := b.Build(context.Background(), os.DirFS(dir), sink)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		files := sink.Files()
		for name, make := range sink.Lazy() {
			files[name] = make()
		}
		got := buildOutcome{files: files, diags: "warnings:\n" + res.Warnings.Error()}
		if d := sameOutcome(got, buildWith(t, New(Options{Dev: true}), dir)); d != "" {
			t.Fatalf("%s: cached build differs from a clean build:\n%s", c.name, d)
		}
		for code, n := range c.render {
			s := langStats(cache, code)
			if s.Rendered != n || s.Patched != n || (n == 0 && s.Read != 0) {
				t.Errorf("%s: %s: %+v, want %d page rendered and patched", c.name, code, s, n)
			}
		}
		for _, l := range res.Languages {
			if d := cmpDocs(l.SearchDocs(), l.Site.SearchDocs()); d != "" {
				t.Errorf("%s: %s: Result.SearchDocs differs from Site.SearchDocs: %s", c.name, l.Code, d)
			}
		}
	}
}

func cmpDocs(got, want []search.Doc) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d documents, want %d", len(got), len(want))
	}
	for i := range got {
		if g, w := fmt.Sprintf("%+v", got[i]), fmt.Sprintf("%+v", want[i]); g != w {
			return fmt.Sprintf("document %d:\n%s\nwant\n%s", i, g, w)
		}
	}
	return ""
}

// TestMemSinkReuse: a sink that takes over an earlier sink's layer
// (reuse) sees its outputs, and a change to it leaves the earlier one's
// as they were; Get and Names find every layer's outputs.
func TestMemSinkReuse(t *testing.T) {
	first := NewMemSink()
	de := first.sub("de/")
	_ = first.Put("sitemap.xml", []byte("map"))
	_ = de.Put("a/index.html", []byte("a1"))
	_ = de.PutLazy("llms-full.txt", func() []byte { return []byte("full") })

	second := NewMemSink()
	de2 := second.sub("de/")
	de2.reuse(de.layer)
	if data, _, ok := second.Get("de/a/index.html"); !ok || string(data) != "a1" {
		t.Errorf("reused layer: de/a/index.html = %q, %v", data, ok)
	}
	_ = de2.Put("b/index.html", []byte("b2"))
	de2.remove("llms-full.txt")
	if _, _, ok := first.Get("de/b/index.html"); ok {
		t.Error("a put into the reused layer reached the earlier sink")
	}
	if _, make, ok := first.Get("de/llms-full.txt"); !ok || string(make()) != "full" {
		t.Error("a removal from the reused layer reached the earlier sink")
	}
	if _, _, ok := second.Get("de/llms-full.txt"); ok {
		t.Error("de/llms-full.txt still in the sink it was removed from")
	}
	names := first.Names()
	slices.Sort(names)
	if want := []string{"de/a/index.html", "de/llms-full.txt", "sitemap.xml"}; !slices.Equal(names, want) {
		t.Errorf("Names() = %q, want %q", names, want)
	}
	if files := first.Files(); len(files) != 2 || string(files["sitemap.xml"]) != "map" {
		t.Errorf("Files() = %q", files)
	}
}
