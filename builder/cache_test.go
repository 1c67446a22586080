package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/kbhelp/kb/internal/sitetest"
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
