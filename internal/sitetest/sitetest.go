// Package sitetest helps tests that edit a copy of a site as writers
// do: the builder's cache test and the dev server's watcher test drive
// the same random edits.
package sitetest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// FS is a site in memory: file names ("site.yaml", "content/a.md") to
// their text, each file of mode 0644.
func FS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// CopySite copies a site (content/, static/, site.yaml) from the folder
// root into a temporary folder and returns it.
func CopySite(t testing.TB, root string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join(root, name))); err != nil {
			t.Fatal(err)
		}
	}
	yml, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Editor makes random edits of the kinds writers make to a copy of
// the example site, and reports the paths it touched.
type Editor struct {
	T      testing.TB
	Dir    string
	Rng    *rand.Rand
	n      int
	broken bool // some front matter is broken
}

func (e *Editor) articles() []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(e.Dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.Contains(p, "_snippets") && d.Name() != "_index.md" {
			rel, _ := filepath.Rel(e.Dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func (e *Editor) pick(ps []string) string { return ps[e.Rng.IntN(len(ps))] }

// featured reports whether site.yaml names p or a file below it as a
// featured article: those must stay, or every build fails.
func (e *Editor) featured(p string) bool {
	return strings.Contains(e.Read("site.yaml"), strings.TrimPrefix(p, "content/"))
}

// Read reads a file of the site.
func (e *Editor) Read(p string) string {
	b, err := os.ReadFile(filepath.Join(e.Dir, p))
	if err != nil {
		e.T.Fatal(err)
	}
	return string(b)
}

// Write writes a file of the site, making its folder.
func (e *Editor) Write(p, s string) {
	full := filepath.Join(e.Dir, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		e.T.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
		e.T.Fatal(err)
	}
}

// Edit makes one random edit and describes it, with the paths touched
// (relative to Dir, slash-separated, as the watcher reports them).
func (e *Editor) Edit() (string, []string) {
	e.n++
	arts := e.articles()
	a := e.pick(arts)
	kind := e.Rng.IntN(13)
	if e.broken && e.Rng.IntN(2) == 0 {
		kind = 3 // most builds should succeed
	}
	switch kind {
	case 0: // append a paragraph
		e.Write(a, e.Read(a)+fmt.Sprintf("\nAnother paragraph, number %d.\n", e.n))
		return "edit body of " + a, []string{a}
	case 1: // change the title: it shows in every sidebar
		s := e.Read(a)
		s = strings.Replace(s, "title: ", fmt.Sprintf("title: Edited %d ", e.n), 1)
		e.Write(a, s)
		return "retitle " + a, []string{a}
	case 2: // break the front matter
		s := e.Read(a)
		e.Write(a, strings.Replace(s, "title: ", "title: [unclosed ", 1))
		e.broken = true
		return "break front matter of " + a, []string{a}
	case 3: // fix every broken front matter
		var touched []string
		for _, p := range arts {
			if s := e.Read(p); strings.Contains(s, "title: [unclosed ") {
				e.Write(p, strings.Replace(s, "title: [unclosed ", "title: ", 1))
				touched = append(touched, p)
			}
		}
		e.broken = false
		return "fix front matter", touched
	case 4: // create an article linking to another
		to := e.pick(arts)
		rel, _ := filepath.Rel(path.Dir(a), to)
		p := path.Join(path.Dir(a), fmt.Sprintf("new-%d.md", e.n))
		e.Write(p, fmt.Sprintf("---\ntitle: New article %d\ndescription: Made by the test.\n---\n\nSee [the other one](%s), and [](%s) (a link without text shows its target's title).\n", e.n, filepath.ToSlash(rel), filepath.ToSlash(rel)))
		return "create " + p, []string{p}
	case 5: // delete an article (links to it may break)
		if e.featured(a) {
			return "nothing (featured)", nil
		}
		if err := os.Remove(filepath.Join(e.Dir, a)); err != nil {
			e.T.Fatal(err)
		}
		return "delete " + a, []string{a}
	case 6: // rename an article
		if e.featured(a) {
			return "nothing (featured)", nil
		}
		p := strings.TrimSuffix(a, ".md") + fmt.Sprintf("-renamed-%d.md", e.n)
		if err := os.Rename(filepath.Join(e.Dir, a), filepath.Join(e.Dir, p)); err != nil {
			e.T.Fatal(err)
		}
		return "rename " + a, []string{a, p}
	case 7: // move a folder
		dir := path.Dir(a)
		if strings.Count(dir, "/") < 2 || e.featured(dir+"/") {
			return "nothing (no section to move)", nil
		}
		to := path.Join(path.Dir(path.Dir(dir)), fmt.Sprintf("moved-%d", e.n))
		if err := os.Rename(filepath.Join(e.Dir, dir), filepath.Join(e.Dir, to)); err != nil {
			e.T.Fatal(err)
		}
		return "move folder " + dir, []string{dir, to}
	case 8: // change a snippet
		p := "content/_snippets/still-need-help.md"
		e.Write(p, e.Read(p)+fmt.Sprintf("\nSnippet line %d.\n", e.n))
		return "edit snippet", []string{p}
	case 9: // change a folder's description
		p := path.Join(path.Dir(a), "_index.md")
		if _, err := os.Stat(filepath.Join(e.Dir, p)); err != nil {
			e.Write(p, fmt.Sprintf("---\ntitle: Folder %d\n---\n", e.n))
		} else {
			e.Write(p, strings.Replace(e.Read(p), "description: ", fmt.Sprintf("description: Edit %d. ", e.n), 1))
		}
		return "edit " + p, []string{p}
	case 10: // rename a heading: anchors other articles link to may break
		s := e.Read(a)
		i := strings.Index(s, "\n## ")
		if i < 0 {
			return "nothing (no heading)", nil
		}
		j := len(s)
		if k := strings.IndexByte(s[i+1:], '\n'); k >= 0 {
			j = i + 1 + k
		}
		e.Write(a, s[:j]+fmt.Sprintf(" edited %d", e.n)+s[j:])
		return "rename a heading of " + a, []string{a}
	case 11: // give an article an old URL that redirects to it
		s := e.Read(a)
		if strings.Contains(s, "\naliases:") || !strings.HasPrefix(s, "---\n") {
			return "nothing (has aliases)", nil
		}
		e.Write(a, fmt.Sprintf("---\naliases:\n  - /old/page-%d/\n", e.n)+s[4:])
		return "add an alias to " + a, []string{a}
	default: // same size, same second: only the watcher's report tells
		s := e.Read(a)
		i := strings.LastIndex(s, " the ")
		if i < 0 {
			return "nothing", nil
		}
		e.Write(a, s[:i]+" thE "+s[i+5:])
		return "same-size edit of " + a, []string{a}
	}
}

// Diff lists how two sets of outputs differ (at most eight lines), or
// returns "" when they are the same.
func Diff(got, want map[string][]byte) string {
	var diffs []string
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	slices.Sort(diffs)
	for _, d := range diffs { // the first differing file: its first differing line
		if name, ok := strings.CutPrefix(d, "differs "); ok {
			g, w := strings.Split(string(got[name]), "\n"), strings.Split(string(want[name]), "\n")
			for i := 0; i < len(g) && i < len(w); i++ {
				if g[i] != w[i] {
					// From a little before the first differing byte: a
					// minified line can be long.
					j := 0
					for j < len(g[i]) && j < len(w[i]) && g[i][j] == w[i][j] {
						j++
					}
					from := max(0, j-100)
					diffs = append(diffs, fmt.Sprintf("%s:%d:%d:\n  got  %.400s\n  want %.400s", name, i+1, j+1, g[i][from:], w[i][from:]))
					break
				}
			}
			break
		}
	}
	if len(diffs) > 9 {
		diffs = append(diffs[:8], fmt.Sprintf("… %d more", len(diffs)-8), diffs[len(diffs)-1])
	}
	return strings.Join(diffs, "\n")
}
