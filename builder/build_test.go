package builder

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/build/*.txtar")

// A golden case is a txtar archive: the site (site.yaml, content/…,
// static/…, layouts/…) and, under want/, what the build must produce:
//
//	want/files        every output path, one per line, sorted
//	want/diagnostics  every diagnostic, errors and warnings, as printed
//	want/public/P     the exact contents of output P (only the ones listed)
//
// The archive's comment may hold two settings, one per line:
//
//	flags: -drafts -base-url=https://x.example/ -links=warn
//	theme: default
//
// Unless a case says "theme: default" (or brings its own layouts/base.html),
// the plain-text theme of testdata/layouts is added as the site's
// layouts/, so goldens show the view fields rather than markup.
//
// Fingerprinted theme asset names (assets/style.1a2b3c4d.css) are written
// as assets/style.HASH.css in goldens, so editing the theme's CSS does not
// touch every case.
//
// go test ./builder -run TestBuild -update rewrites want/files,
// want/diagnostics and every want/public file the case already lists. To
// pin a new output, add an empty want/public/P section and run -update.
func TestBuild(t *testing.T) {
	files, err := filepath.Glob("testdata/build/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			c := readCase(t, file)
			got := c.run(t)
			if *update {
				c.write(t, got)
				return
			}
			c.compare(t, got)
		})
	}
}

// goldenCase is one archive of testdata/build, split into the site and
// the expectations.
type goldenCase struct {
	file    string
	arc     *txtar.Archive
	opts    Options
	theme   string            // "test" or "default"
	site    fstest.MapFS      // the input files
	want    map[string]string // want/… name (without want/) → contents
	wantOrd []string          // want names in archive order
}

func readCase(t *testing.T, file string) *goldenCase {
	t.Helper()
	arc, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := &goldenCase{file: file, arc: arc, theme: "test", site: fstest.MapFS{}, want: map[string]string{}}
	for _, line := range strings.Split(string(arc.Comment), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch key {
		case "flags":
			c.opts = parseFlags(t, strings.Fields(val))
		case "theme":
			c.theme = strings.TrimSpace(val)
		}
	}
	for _, f := range arc.Files {
		if name, ok := strings.CutPrefix(f.Name, "want/"); ok {
			c.want[name] = string(f.Data)
			c.wantOrd = append(c.wantOrd, name)
			continue
		}
		c.site[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	if _, own := c.site["layouts/base.html"]; c.theme == "test" && !own {
		addTestTheme(t, c.site)
	}
	return c
}

// parseFlags reads the flags of kb build that change Options.
func parseFlags(t *testing.T, args []string) Options {
	t.Helper()
	var o Options
	fl := flag.NewFlagSet("case", flag.ContinueOnError)
	fl.BoolVar(&o.Drafts, "drafts", false, "")
	fl.StringVar(&o.BaseURL, "base-url", "", "")
	fl.StringVar(&o.Links, "links", "", "")
	if err := fl.Parse(args); err != nil {
		t.Fatalf("flags: %v", err)
	}
	return o
}

// addTestTheme copies testdata/layouts/*.html into fsys as layouts/.
func addTestTheme(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	names, _ := filepath.Glob("testdata/layouts/*.html")
	if len(names) == 0 {
		t.Fatal("testdata/layouts is empty")
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fsys["layouts/"+filepath.Base(n)] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
}

// run builds the case's site and returns what the want/ section pins:
// "files", "diagnostics" and "public/P" for every output P.
func (c *goldenCase) run(t *testing.T) map[string]string {
	t.Helper()
	sink := newMemSink()
	res, err := New(c.opts).Build(context.Background(), c.site, sink)
	got := map[string]string{}
	var diags Diagnostics
	switch {
	case err == nil:
		diags = res.Warnings
	case errors.As(err, &diags):
		if diags.Errors() == 0 {
			t.Errorf("build failed with only warnings:\n%v", diags)
		}
		if len(sink.files) > 0 {
			t.Errorf("failed build put %d outputs", len(sink.files))
		}
	default:
		t.Fatalf("build: %v", err)
	}
	got["diagnostics"] = diagText(diags)
	sink.check(t)
	var paths []string
	for p, data := range sink.files {
		np := normalizeFingerprint(p)
		paths = append(paths, np)
		got["public/"+np] = string(normalizeFingerprintBytes(data))
	}
	sort.Strings(paths)
	got["files"] = lines(paths)
	return got
}

func diagText(ds Diagnostics) string {
	if len(ds) == 0 {
		return ""
	}
	return ds.Error() + "\n"
}

func lines(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return strings.Join(ss, "\n") + "\n"
}

var fingerprintRE = regexp.MustCompile(`(assets/[^"'\s)]*?)\.[0-9a-f]{8}\.(css|js|svg|png)\b`)

func normalizeFingerprint(s string) string {
	return fingerprintRE.ReplaceAllString(s, "$1.HASH.$2")
}

func normalizeFingerprintBytes(b []byte) []byte {
	return fingerprintRE.ReplaceAll(b, []byte("$1.HASH.$2"))
}

// compare reports every want/ section that differs from the build, one
// error per section, with a line diff.
func (c *goldenCase) compare(t *testing.T, got map[string]string) {
	t.Helper()
	for _, name := range []string{"files", "diagnostics"} {
		if _, ok := c.want[name]; !ok {
			t.Errorf("%s: no want/%s section (run with -update)", c.file, name)
		}
	}
	for _, name := range c.wantOrd {
		g, ok := got[name]
		if !ok {
			t.Errorf("want/%s: not produced by the build", name)
			continue
		}
		if w := c.want[name]; g != w {
			t.Errorf("want/%s differs (-want +got):\n%s", name, lineDiff(w, g))
		}
	}
}

// write rewrites the archive with the build's results in the want/
// sections it already has (files and diagnostics are always written).
func (c *goldenCase) write(t *testing.T, got map[string]string) {
	t.Helper()
	var out []txtar.File
	for _, f := range c.arc.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			out = append(out, f)
		}
	}
	names := []string{"files", "diagnostics"}
	for _, n := range c.wantOrd {
		if n != "files" && n != "diagnostics" {
			names = append(names, n)
		}
	}
	for _, n := range names {
		g, ok := got[n]
		if !ok {
			t.Errorf("want/%s: not produced by the build; remove it from %s", n, c.file)
			g = c.want[n]
		}
		out = append(out, txtar.File{Name: "want/" + n, Data: []byte(g)})
	}
	arc := &txtar.Archive{Comment: c.arc.Comment, Files: out}
	if err := os.WriteFile(c.file, txtar.Format(arc), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineDiff is a small line diff (longest common subsequence), enough to
// read a golden mismatch.
func lineDiff(want, got string) string {
	a, b := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	if len(a)*len(b) > 4_000_000 {
		return fmt.Sprintf("-%q\n+%q\n", want, got)
	}
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []string // each line with its prefix: ' ', '-' or '+'
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, " "+strings.TrimSuffix(a[i], "\n"))
			i++
			j++
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, "+"+strings.TrimSuffix(b[j], "\n"))
			j++
		default:
			ops = append(ops, "-"+strings.TrimSuffix(a[i], "\n"))
			i++
		}
	}
	// Print the changes with two lines of context, as diff -U2 does.
	const context = 2
	var out strings.Builder
	last := -1 // index of the last line printed
	for k, op := range ops {
		if op[0] == ' ' {
			continue
		}
		from := max(k-context, last+1)
		if last >= 0 && from > last+1 {
			out.WriteString("...\n")
		}
		for m := from; m <= k; m++ {
			out.WriteString(ops[m] + "\n")
		}
		last = k
		for m := k + 1; m < len(ops) && m <= k+context && ops[m][0] == ' '; m++ {
			out.WriteString(ops[m] + "\n")
			last = m
		}
	}
	return out.String()
}

// memSink keeps outputs in memory. It records paths written twice and
// paths that would leave the output folder, for check to report.
type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
	dups  []string
	bad   []string
}

func newMemSink() *memSink { return &memSink{files: map[string][]byte{}} }

func (m *memSink) Put(p string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !filepath.IsLocal(filepath.FromSlash(p)) || path.Clean(p) != p || strings.Contains(p, "\\") {
		m.bad = append(m.bad, p)
	}
	if _, ok := m.files[p]; ok {
		m.dups = append(m.dups, p)
	}
	m.files[p] = bytes.Clone(data)
	return nil
}

// check asserts what holds for every build's outputs: each path written
// once, inside the output folder, and every text output valid UTF-8.
func (m *memSink) check(t *testing.T) {
	t.Helper()
	for _, p := range m.dups {
		t.Errorf("output %s written twice (last writer wins)", p)
	}
	for _, p := range m.bad {
		t.Errorf("output path %q is not a clean local path", p)
	}
	for p, data := range m.files {
		if isTextOutput(p) && !utf8.Valid(data) {
			t.Errorf("output %s is not valid UTF-8", p)
		}
	}
}

func isTextOutput(p string) bool {
	switch path.Ext(p) {
	case ".html", ".xml", ".txt", ".md", ".css", ".js", ".json", "":
		return true
	}
	return false
}

// buildFS builds fsys into memory; it fails the test on anything but
// success or Diagnostics.
func buildFS(t testing.TB, opts Options, fsys fs.FS) (*memSink, *Result, Diagnostics) {
	t.Helper()
	sink := newMemSink()
	res, err := New(opts).Build(context.Background(), fsys, sink)
	if err != nil {
		var ds Diagnostics
		if !errors.As(err, &ds) {
			t.Fatalf("build: %v", err)
		}
		return sink, nil, ds
	}
	return sink, res, res.Warnings
}
