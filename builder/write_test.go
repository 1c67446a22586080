package builder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// keepSite is a small site for the BuildDir tests: an article with an
// image, a static file, and a second article that a test deletes.
var keepSite = map[string]string{
	"site.yaml":                   "title: Keep\nbase_url: https://k.example/\n",
	"content/_index.md":           "---\ntitle: Home\n---\nHello.\n",
	"content/billing/refunds.md":  "---\ntitle: Refunds\n---\nSee [invoices](invoices.md).\n\n![shot](shot.png)\n",
	"content/billing/shot.png":    "\x89PNG\r\n\x1a\nnot really",
	"content/billing/invoices.md": "---\ntitle: Invoices\naliases: [/old/invoices/]\n---\nText.\n",
	"content/account/password.md": "---\ntitle: Password\n---\nText.\n",
	"static/images/logo.svg":      "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
}

// writeSite writes files into dir, creating folders.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// hashTree returns one line per entry of dir (folders included): its
// slash path, type and permission bits, and for files the sha256 of the
// contents. Equal results mean byte-for-byte equal trees.
func hashTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		line := filepath.ToSlash(rel) + " " + info.Mode().String()
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			line += " " + hex.EncodeToString(sum[:])
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// treeFiles lists the regular files under dir as slash paths, sorted.
func treeFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// leftovers lists what a build left beside the output folder: temporary
// and old folders.
func leftovers(t *testing.T, parent, base string) []string {
	t.Helper()
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, "."+base+".tmp-") || strings.HasPrefix(n, "."+base+".old-") {
			out = append(out, n)
		}
	}
	return out
}

func equalLines(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

// TestBuildDirKeepsOutputOnFailure is RELIABILITY's KEEP (B-01, B-04,
// B-05): a build that fails, for bad content or while rendering, leaves
// the published folder exactly as it was and no temporary folder behind;
// the next good build replaces the folder, and the files of deleted
// articles go with it.
func TestBuildDirKeepsOutputOnFailure(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, keepSite)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	ctx := context.Background()

	res, err := New(Options{}).BuildDir(ctx, site, out)
	if err != nil {
		t.Fatalf("first build: %v", err)
	}
	if res.Articles != 3 {
		t.Errorf("first build: %d articles, want 3", res.Articles)
	}
	if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
		t.Errorf("no %s in the output: %v", markerFile, err)
	}
	for _, p := range []string{"billing/refunds/index.html", "billing/shot.png", "images/logo.svg", "old/invoices/index.html", "sitemap.xml", "404.html"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("first build: %v", err)
		}
	}
	before := hashTree(t, out)

	failures := []struct {
		name   string
		files  map[string]string
		remove []string
		diags  bool // the error is Diagnostics
	}{
		{name: "broken link", files: map[string]string{"content/billing/new.md": "---\ntitle: New\n---\n[x](nope.md)\n"}, diags: true},
		{name: "bad front matter", files: map[string]string{"content/billing/refunds.md": "---\ntitle: [x]\n---\n"}, diags: true},
		{name: "bad site.yaml", files: map[string]string{"site.yaml": "title: Keep\nbase_ur: x\n"}, diags: true},
		// The template parses but fails while executing: outputs have
		// already been written to the temporary folder when it fails.
		{name: "render error", files: map[string]string{"layouts/article.html": `{{define "main"}}{{template "no-such-template" .}}{{end}}`}},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			writeSite(t, site, f.files)
			defer func() {
				for name := range f.files {
					if orig, ok := keepSite[name]; ok {
						writeSite(t, site, map[string]string{name: orig})
					} else if err := os.Remove(filepath.Join(site, filepath.FromSlash(name))); err != nil {
						t.Fatal(err)
					}
				}
			}()
			_, err := New(Options{}).BuildDir(ctx, site, out)
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			var ds Diagnostics
			if isDiags := errors.As(err, &ds); isDiags != f.diags {
				t.Errorf("error %v: Diagnostics = %v, want %v", err, isDiags, f.diags)
			}
			if strings.Contains(err.Error(), site) || strings.Contains(err.Error(), parent) {
				t.Errorf("error shows a machine path: %v", err)
			}
			if after := hashTree(t, out); !equalLines(before, after) {
				t.Errorf("output changed by a failed build (-before +after):\n%s", lineDiff(strings.Join(before, "\n"), strings.Join(after, "\n")))
			}
			if l := leftovers(t, parent, "public"); len(l) > 0 {
				t.Errorf("left behind: %v", l)
			}
		})
	}

	// A cancelled build keeps the output too.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := New(Options{}).BuildDir(cctx, site, out); err == nil {
		t.Error("cancelled build succeeded")
	}
	if after := hashTree(t, out); !equalLines(before, after) {
		t.Error("output changed by a cancelled build")
	}

	// Delete an article and its alias; the next build has none of its
	// files, and exactly the files an in-memory build of the same site
	// makes (plus the marker).
	if err := os.Remove(filepath.Join(site, "content", "billing", "invoices.md")); err != nil {
		t.Fatal(err)
	}
	writeSite(t, site, map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds\n---\nNo more links.\n\n![shot](shot.png)\n"})
	if _, err := New(Options{}).BuildDir(ctx, site, out); err != nil {
		t.Fatalf("build after deleting an article: %v", err)
	}
	var got []string
	for _, p := range treeFiles(t, out) {
		if strings.Contains(p, "invoices") {
			t.Errorf("stale file of a deleted article: %s", p)
		}
		// The search index is written by BuildDir itself, not through
		// the sink (its contents are tested in package search).
		if !strings.HasPrefix(p, ".kb-search/") && !strings.HasPrefix(p, StaticSearchDir+"/") {
			got = append(got, p)
		}
	}
	sink, _, ds := buildFS(t, Options{}, os.DirFS(site))
	if ds.Errors() > 0 {
		t.Fatal(ds)
	}
	want := []string{markerFile}
	for p := range sink.files {
		want = append(want, p)
	}
	sort.Strings(want)
	if !equalLines(got, want) {
		t.Errorf("output files (-in memory +on disk):\n%s", lineDiff(strings.Join(want, "\n")+"\n", strings.Join(got, "\n")+"\n"))
	}
	for p, data := range sink.files {
		if p == SearchStatusPath {
			continue // on disk, it names the static index (TestBuildDirShipsSearchIndex)
		}
		disk, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil || string(disk) != string(data) {
			t.Errorf("%s on disk differs from the in-memory build (%v)", p, err)
		}
	}
	if l := leftovers(t, parent, "public"); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// TestBuildDirRefusesDangerousOutput checks B-06: kb replaces only a
// folder it wrote (one with the marker), never a folder holding the site.
func TestBuildDirRefusesDangerousOutput(t *testing.T) {
	ctx := context.Background()
	t.Run("foreign folder", func(t *testing.T) {
		site := t.TempDir()
		writeSite(t, site, keepSite)
		out := filepath.Join(t.TempDir(), "www")
		writeSite(t, out, map[string]string{"CNAME": "k.example\n", ".git/HEAD": "ref: refs/heads/main\n"})
		before := hashTree(t, out)
		_, err := New(Options{}).BuildDir(ctx, site, out)
		if err == nil || !strings.Contains(err.Error(), "not written by kb") {
			t.Fatalf("err = %v, want a refusal naming the marker", err)
		}
		if after := hashTree(t, out); !equalLines(before, after) {
			t.Error("foreign folder changed")
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		site := t.TempDir()
		writeSite(t, site, keepSite)
		out := t.TempDir()
		if _, err := New(Options{}).BuildDir(ctx, site, out); err != nil {
			t.Fatalf("empty output folder refused: %v", err)
		}
	})
	t.Run("marker only", func(t *testing.T) {
		site := t.TempDir()
		writeSite(t, site, keepSite)
		out := t.TempDir()
		writeSite(t, out, map[string]string{markerFile: "", "stale.html": "old"})
		if _, err := New(Options{}).BuildDir(ctx, site, out); err != nil {
			t.Fatalf("kb's own folder refused: %v", err)
		}
		if _, err := os.Stat(filepath.Join(out, "stale.html")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stale file kept: %v", err)
		}
	})
	for _, tc := range []struct {
		name string
		out  func(site string) string
		want string
	}{
		{"the site folder", func(site string) string { return site }, "contains the site folder"},
		{"above the site", func(site string) string { return filepath.Dir(site) }, "contains the site folder"},
		{"the site folder, relative", func(site string) string { return filepath.Join(site, "content", "..") }, "contains the site folder"},
		{"inside content", func(site string) string { return filepath.Join(site, "content", "out") }, "inside content/"},
		{"inside static", func(site string) string { return filepath.Join(site, "static") }, "inside static/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := filepath.Join(t.TempDir(), "site")
			writeSite(t, site, keepSite)
			writeSite(t, site, map[string]string{".kb-output": ""}) // even with a marker
			before := hashTree(t, filepath.Dir(site))
			_, err := New(Options{}).BuildDir(ctx, site, tc.out(site))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if after := hashTree(t, filepath.Dir(site)); !equalLines(before, after) {
				t.Errorf("site changed (-before +after):\n%s", lineDiff(strings.Join(before, "\n"), strings.Join(after, "\n")))
			}
		})
	}
}

// TestBuildDirWritesNothingIntoContent is RELIABILITY's RO: a build
// changes nothing in the site folder except its output folder.
func TestBuildDirWritesNothingIntoContent(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, keepSite)
	before := hashTree(t, site)
	if _, err := New(Options{}).BuildDir(context.Background(), site, filepath.Join(site, "public")); err != nil {
		t.Fatal(err)
	}
	var after []string
	for _, l := range hashTree(t, site) {
		if l == "public "+strings.Fields(l)[1] || strings.HasPrefix(l, "public/") || strings.HasPrefix(l, ".public.lock ") {
			continue
		}
		after = append(after, l)
	}
	if !equalLines(before, after) {
		t.Errorf("site changed (-before +after):\n%s", lineDiff(strings.Join(before, "\n")+"\n", strings.Join(after, "\n")+"\n"))
	}
}

// TestRemoveStaleAfterCutShortRemoval: every state a removal of an old
// or temporary output can be cut short in (kb killed between any two
// of removeOutput's steps, which remove the marker last) is cleaned up
// by the next build's removeStale; a folder of that name with files but
// no marker is not kb's and stays.
func TestRemoveStaleAfterCutShortRemoval(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, keepSite)
	parent := t.TempDir()
	built := filepath.Join(t.TempDir(), "public")
	if _, err := New(Options{}).BuildDir(context.Background(), site, built); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(built)
	if err != nil {
		t.Fatal(err)
	}
	var names []string // in removeOutput's order, marker last
	for _, e := range ents {
		if e.Name() != markerFile {
			names = append(names, e.Name())
		}
	}
	names = append(names, markerFile)
	for k := 0; k <= len(names); k++ {
		for _, kind := range []string{".public.old-", ".public.tmp-"} {
			dir := filepath.Join(parent, kind+randHex())
			if err := os.CopyFS(dir, os.DirFS(built)); err != nil {
				t.Fatal(err)
			}
			for _, n := range names[:k] {
				if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
					t.Fatal(err)
				}
			}
			removeStale(parent, "public")
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s with its first %d of %d entries removed: left by removeStale", kind, k, len(names))
			}
		}
	}
	foreign := filepath.Join(parent, ".public.old-mine")
	writeSite(t, foreign, map[string]string{"notes.txt": "mine"})
	removeStale(parent, "public")
	if _, err := os.Stat(filepath.Join(foreign, "notes.txt")); err != nil {
		t.Errorf("removeStale removed a folder with files and no marker: %v", err)
	}
}
