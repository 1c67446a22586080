package builder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copyExampleSite copies the example site (content/, static/, site.yaml)
// into a temporary folder and returns it.
func copyExampleSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", name))); err != nil {
			t.Fatal(err)
		}
	}
	yml, err := os.ReadFile("../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// buildOutcome is what a build gives: its files, or its problems.
type buildOutcome struct {
	files map[string][]byte
	diags string
}

func buildWith(t testing.TB, b *Builder, dir string) buildOutcome {
	t.Helper()
	sink := NewMemSink()
	res, err := b.Build(context.Background(), os.DirFS(dir), sink)
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
	var diffs []string
	for name, w := range want.files {
		g, ok := got.files[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range got.files {
		if _, ok := want.files[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 8 {
		diffs = append(diffs[:8], fmt.Sprintf("… %d more", len(diffs)-8))
	}
	return strings.Join(diffs, "\n")
}

// siteEditor makes random edits of the kinds writers make to a copy of
// the example site, and reports the paths it touched.
type siteEditor struct {
	t      testing.TB
	dir    string
	rng    *rand.Rand
	n      int
	broken bool // some front matter is broken
}

func (e *siteEditor) articles() []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.Contains(p, "_snippets") && d.Name() != "_index.md" {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func (e *siteEditor) pick(ps []string) string { return ps[e.rng.IntN(len(ps))] }

// featured reports whether site.yaml names p or a file below it as a
// featured article: those must stay, or every build fails.
func (e *siteEditor) featured(p string) bool {
	return strings.Contains(e.read("site.yaml"), strings.TrimPrefix(p, "content/"))
}

func (e *siteEditor) read(p string) string {
	b, err := os.ReadFile(filepath.Join(e.dir, p))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *siteEditor) write(p, s string) {
	full := filepath.Join(e.dir, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// edit makes one random edit and describes it, with the paths touched.
func (e *siteEditor) edit() (string, []string) {
	e.n++
	arts := e.articles()
	a := e.pick(arts)
	kind := e.rng.IntN(11)
	if e.broken && e.rng.IntN(2) == 0 {
		kind = 3 // most builds should succeed
	}
	switch kind {
	case 0: // append a paragraph
		e.write(a, e.read(a)+fmt.Sprintf("\nAnother paragraph, number %d.\n", e.n))
		return "edit body of " + a, []string{a}
	case 1: // change the title: it shows in every sidebar
		s := e.read(a)
		s = strings.Replace(s, "title: ", fmt.Sprintf("title: Edited %d ", e.n), 1)
		e.write(a, s)
		return "retitle " + a, []string{a}
	case 2: // break the front matter
		s := e.read(a)
		e.write(a, strings.Replace(s, "title: ", "title: [unclosed ", 1))
		e.broken = true
		return "break front matter of " + a, []string{a}
	case 3: // fix every broken front matter
		var touched []string
		for _, p := range arts {
			if s := e.read(p); strings.Contains(s, "title: [unclosed ") {
				e.write(p, strings.Replace(s, "title: [unclosed ", "title: ", 1))
				touched = append(touched, p)
			}
		}
		e.broken = false
		return "fix front matter", touched
	case 4: // create an article linking to another
		to := e.pick(arts)
		rel, _ := filepath.Rel(path.Dir(a), to)
		p := path.Join(path.Dir(a), fmt.Sprintf("new-%d.md", e.n))
		e.write(p, fmt.Sprintf("---\ntitle: New article %d\ndescription: Made by the test.\n---\n\nSee [the other one](%s).\n", e.n, filepath.ToSlash(rel)))
		return "create " + p, []string{p}
	case 5: // delete an article (links to it may break)
		if e.featured(a) {
			return "nothing (featured)", nil
		}
		if err := os.Remove(filepath.Join(e.dir, a)); err != nil {
			e.t.Fatal(err)
		}
		return "delete " + a, []string{a}
	case 6: // rename an article
		if e.featured(a) {
			return "nothing (featured)", nil
		}
		p := strings.TrimSuffix(a, ".md") + fmt.Sprintf("-renamed-%d.md", e.n)
		if err := os.Rename(filepath.Join(e.dir, a), filepath.Join(e.dir, p)); err != nil {
			e.t.Fatal(err)
		}
		return "rename " + a, []string{a, p}
	case 7: // move a folder
		dir := path.Dir(a)
		if strings.Count(dir, "/") < 2 || e.featured(dir+"/") {
			return "nothing (no section to move)", nil
		}
		to := path.Join(path.Dir(path.Dir(dir)), fmt.Sprintf("moved-%d", e.n))
		if err := os.Rename(filepath.Join(e.dir, dir), filepath.Join(e.dir, to)); err != nil {
			e.t.Fatal(err)
		}
		return "move folder " + dir, []string{dir, to}
	case 8: // change a snippet
		p := "content/_snippets/still-need-help.md"
		e.write(p, e.read(p)+fmt.Sprintf("\nSnippet line %d.\n", e.n))
		return "edit snippet", []string{p}
	case 9: // change a folder's description
		p := path.Join(path.Dir(a), "_index.md")
		if _, err := os.Stat(filepath.Join(e.dir, p)); err != nil {
			e.write(p, fmt.Sprintf("---\ntitle: Folder %d\n---\n", e.n))
		} else {
			e.write(p, strings.Replace(e.read(p), "description: ", fmt.Sprintf("description: Edit %d. ", e.n), 1))
		}
		return "edit " + p, []string{p}
	default: // same size, same second: only the watcher's report tells
		s := e.read(a)
		i := strings.LastIndex(s, " the ")
		if i < 0 {
			return "nothing", nil
		}
		e.write(a, s[:i]+" thE "+s[i+5:])
		return "same-size edit of " + a, []string{a}
	}
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
			dir := copyExampleSite(t)
			cache := NewCache()
			// Links warn: a deleted article breaks links, and the builds
			// after it must still succeed to be compared.
			opts := Options{Dev: true, Drafts: true, Links: "warn"}
			cached := New(Options{Dev: true, Drafts: true, Links: "warn", Cache: cache})
			if d := sameOutcome(buildWith(t, cached, dir), buildWith(t, New(opts), dir)); d != "" {
				t.Fatalf("first build: %s", d)
			}
			ed := &siteEditor{t: t, dir: dir, rng: rand.New(rand.NewPCG(uint64(seed), 7))}
			reused := 0
			for step := range steps {
				what, paths := ed.edit()
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
	dir := copyExampleSite(t)
	cache := NewCache()
	b := New(Options{Dev: true, Cache: cache})
	first := buildWith(t, b, dir)
	if first.files == nil {
		t.Fatal(first.diags)
	}
	pages := cache.Stats.Rendered
	p := "content/billing/payments/card-declined.md"
	ed := &siteEditor{t: t, dir: dir}
	ed.write(p, ed.read(p)+"\nOne more line.\n")
	cache.Changed(p)
	if out := buildWith(t, b, dir); out.files == nil {
		t.Fatal(out.diags)
	}
	if s := cache.Stats; s.Read != 1 || s.Parsed != 1 || s.Rendered != 1 || s.Reused != pages-1 {
		t.Errorf("after a body edit: %+v, want 1 file read, parsed and rendered, %d pages reused", s, pages-1)
	}
}
