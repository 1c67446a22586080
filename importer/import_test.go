package importer

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/kbhelp/kb/builder"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/import/*/want.txtar")

// TestImportFixtures converts each generator's fixture site,
// testdata/import/<generator>/src, and compares the converted site and
// the report with want.txtar. The converted site must build with no
// errors and no syntax/foreign finding: every construct of the fixture
// is one the importer converts.
func TestImportFixtures(t *testing.T) {
	for _, gen := range Generators {
		t.Run(gen, func(t *testing.T) {
			dir := filepath.Join("testdata", "import", gen)
			if _, err := os.Stat(filepath.Join(dir, "src")); err != nil {
				t.Skipf("no fixture: %v", err)
			}
			res, err := Import(context.Background(), os.DirFS(filepath.Join(dir, "src")), Options{From: gen})
			if err != nil {
				t.Fatal(err)
			}
			got := goldenArchive(res)
			file := filepath.Join(dir, "want.txtar")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(file); err != nil {
				t.Fatalf("%v (run go test ./importer -update)", err)
			} else if !bytes.Equal(got, want) {
				t.Errorf("converted site differs from %s (go test ./importer -update rewrites it):\n%s", file, diffLines(string(want), string(got)))
			}
			for _, f := range res.Report.Left {
				if f.Rule == "syntax/foreign" || !f.Warning {
					t.Errorf("left: %s", f)
				}
			}
			fsys := fstest.MapFS{}
			for _, f := range res.Files {
				fsys[f.Path] = &fstest.MapFile{Data: f.Data}
			}
			if _, err := builder.New(builder.Options{NoIndex: true}).Build(context.Background(), fsys, discard{}); err != nil {
				t.Errorf("converted site does not build: %v", err)
			}
		})
	}
}

type discard struct{}

func (discard) Put(string, []byte) error { return nil }

// goldenArchive is the converted site and its report as a txtar archive:
// the report first, then each file under site/ (binary files by size).
func goldenArchive(res *Result) []byte {
	var rep bytes.Buffer
	res.Report.Print(&rep, "")
	a := &txtar.Archive{Files: []txtar.File{{Name: "report", Data: rep.Bytes()}}}
	for _, f := range res.Files {
		data := f.Data
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			data = []byte(fmt.Sprintf("(binary, %d bytes)\n", len(data)))
		}
		a.Files = append(a.Files, txtar.File{Name: "site/" + f.Path, Data: data})
	}
	return txtar.Format(a)
}

// diffLines shows the first lines where want and got differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// TestZulipImportBuilds imports Zulip's help center (Python-Markdown
// with Zulip's macros, no mkdocs.yml) as -from mkdocs would: the result
// builds, no admonition or tab marker is left, and what is left is
// warnings (Zulip's macros, icons removed with raw HTML, anchors made
// by Python-Markdown). BENCHMARKS.md has the counts and the time.
func TestZulipImportBuilds(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "corpus", "zulip-help")
	if _, err := os.Stat(filepath.Join(root, "help")); err != nil {
		t.Skipf("Zulip corpus not here: %v", err)
	}
	res, err := Import(context.Background(), os.DirFS(root), Options{From: "mkdocs", BaseURL: "https://zulip.com/help/"})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Pages != 213 || r.Snippets != 153 || r.Errors() != 0 {
		t.Errorf("%d pages, %d snippets, %d errors; want 213, 153, 0", r.Pages, r.Snippets, r.Errors())
	}
	left := map[string]int{}
	for _, f := range r.Left {
		kind := f.Rule
		if f.Rule == "syntax/foreign" {
			kind, _, _ = strings.Cut(f.Msg, " \"")
		}
		left[kind]++
	}
	for _, kind := range []string{"MkDocs admonition", "tab marker", "MkDocs collapsible admonition"} {
		if left[kind] > 0 {
			t.Errorf("%d %s left", left[kind], kind)
		}
	}
	if r.Converted["admonition → alert"] != 289 {
		t.Errorf("admonitions converted: %d, want 289", r.Converted["admonition → alert"])
	}
	fsys := fstest.MapFS{}
	for _, f := range res.Files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	if _, err := builder.New(builder.Options{NoIndex: true}).Build(context.Background(), fsys, discard{}); err != nil {
		t.Errorf("converted Zulip does not build: %v", err)
	}
	t.Logf("converted: %v; left by kind: %v", r.Converted, left)
}
