//go:build unix

package builder

// Benchmarks over a synthetic help center made by kbcorpus
// (../shared/tools/kbcorpus beside the repo). Run them with
//
//	go test -run='^$' -bench=. -benchmem ./builder
//
// -kb.articles=N benchmarks a corpus of another size (the 10,000-article
// one makes sections ten times longer, and so sidebars):
//
//	go test -run='^$' -bench=RenderArticle -benchmem ./builder -kb.articles=10000
//
// The corpus is generated once per test process (with "go run", which
// needs the Go toolchain and shared/ beside the repo; the benchmarks skip
// when either is missing), read into memory, and its folder removed, so
// the benchmarks measure the pipeline and not the disk. Outputs go to a
// sink that discards them (the search index, which bleve writes itself,
// goes to a temporary folder). scripts/bench-hugo.sh measures whole builds of
// the 10,000-article corpus, disk included, against Hugo.
//
// Besides ns/op (wall time), each benchmark reports cpu-ns/op: the CPU
// time (user + system, every thread) of the test process per operation,
// which a busy machine disturbs much less than wall time. The file is
// for unix systems, where getrusage gives it.

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// cpuTime is the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time used since start per operation. Call it
// after the b.Loop loop.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

var benchArticles = flag.Int("kb.articles", 1000, "articles in the kbcorpus site of the benchmarks")

const benchSeed = "1"

// benchCorpusDir is kbcorpus's module, relative to this package's folder
// (where go test runs the test binary).
var benchCorpusDir = filepath.Join("..", "..", "shared", "tools", "kbcorpus")

var benchCorpus struct {
	once sync.Once
	fsys fstest.MapFS
	skip string // why the benchmarks cannot run, "" when they can
}

// benchSite returns the generated corpus as an in-memory site folder, or
// skips the benchmark with the reason it cannot be made.
func benchSite(b *testing.B) fs.FS {
	b.Helper()
	benchCorpus.once.Do(func() {
		benchCorpus.fsys, benchCorpus.skip = makeBenchCorpus()
	})
	if benchCorpus.skip != "" {
		b.Skip(benchCorpus.skip)
	}
	return benchCorpus.fsys
}

func makeBenchCorpus() (fstest.MapFS, string) {
	if _, err := os.Stat(filepath.Join(benchCorpusDir, "go.mod")); err != nil {
		return nil, "kbcorpus not found at " + benchCorpusDir + " (shared/ is not beside the repo); skipping"
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, "the go command is not on PATH, so kbcorpus cannot be run; skipping"
	}
	tmp, err := os.MkdirTemp("", "kb-bench-corpus-")
	if err != nil {
		return nil, "cannot create a temporary folder: " + err.Error()
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "site")
	cmd := exec.Command(goTool, "run", ".", "-n", strconv.Itoa(*benchArticles), "-seed", benchSeed, "-out", out)
	cmd.Dir = benchCorpusDir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, "kbcorpus failed: " + err.Error() + ": " + string(msg)
	}
	m := fstest.MapFS{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		return nil, "cannot read the corpus: " + err.Error()
	}
	return m, ""
}

// benchDiscard is a Sink that drops every output.
type benchDiscard struct{}

func (benchDiscard) Put(string, []byte) error { return nil }

// benchIndexSink drops every output too, but has a folder, so that the
// build makes its search index there (bleve writes it directly, not
// through Put).
type benchIndexSink struct {
	benchDiscard
	dir string
}

func (s benchIndexSink) Dir() string { return s.dir }

var _ folderSink = benchIndexSink{}

// BenchmarkBuild is a whole build of the 1,000-article corpus (by
// default): config, theme, load, parse, site model, link checking, every
// page and file (discarded) and the search index (written to a temporary
// folder, a fresh one for each build).
func BenchmarkBuild(b *testing.B) {
	fsys := benchSite(b)
	ctx := context.Background()
	tmp := b.TempDir()
	b.ReportAllocs()
	articles := 0
	cpu0 := cpuTime()
	for b.Loop() {
		dir, err := os.MkdirTemp(tmp, "out-")
		if err != nil {
			b.Fatal(err)
		}
		res, err := New(Options{}).Build(ctx, fsys, benchIndexSink{dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		articles = res.Articles
	}
	if articles != *benchArticles {
		b.Fatalf("built %d articles, want %d", articles, *benchArticles)
	}
	reportCPU(b, cpu0)
	b.ReportMetric(float64(articles*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// typicalArticle builds the corpus once and returns the article whose
// markdown is of median size, with everything renderPage needs.
func typicalArticle(b *testing.B) (*Builder, *Site, *SiteView, *theme, *Page) {
	b.Helper()
	fsys := benchSite(b)
	bl := New(Options{})
	res, err := bl.Build(context.Background(), fsys, benchDiscard{})
	if err != nil {
		b.Fatal(err)
	}
	th, diags := loadTheme(fsys)
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	var arts []*Page
	for _, p := range res.Site.Pages {
		if p.Kind == KindArticle && p.Src != nil {
			arts = append(arts, p)
		}
	}
	if len(arts) == 0 {
		b.Fatal("the corpus has no articles")
	}
	sort.Slice(arts, func(i, j int) bool {
		if li, lj := len(arts[i].Src.Src), len(arts[j].Src.Src); li != lj {
			return li < lj
		}
		return arts[i].Src.Rel < arts[j].Src.Rel
	})
	p := arts[len(arts)/2]
	b.Logf("typical article: %s (%d bytes of markdown, %d links)", p.Src.Path, len(p.Src.Src), len(p.Links))
	return bl, res.Site, res.Site.siteView(th), th, p
}

// BenchmarkRenderArticle renders one typical article of a built site to
// HTML: its view, the markdown body (links already resolved, code
// highlighted) and the page template.
func BenchmarkRenderArticle(b *testing.B) {
	bl, site, sv, th, p := typicalArticle(b)
	var size int64 // bytes of every output, over all iterations
	sink := sinkFunc(func(_ string, data []byte) error { size += int64(len(data)); return nil })
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		r, err := bl.renderPage(site, sv, th, p)
		if err != nil {
			b.Fatal(err)
		}
		if err := putPage(sink, p, site.Config, r); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
	b.SetBytes(size / int64(b.N))
}

// BenchmarkParseArticle parses the same article: front matter, markdown
// AST, headings and links.
func BenchmarkParseArticle(b *testing.B) {
	bl, _, _, _, p := typicalArticle(b)
	b.SetBytes(int64(len(p.Src.Src)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		src := *p.Src // parse caches the line index in the Source
		src.lines = nil
		if q := bl.parse(&src, nil); q.Doc == nil {
			b.Fatal("no document")
		}
	}
	reportCPU(b, cpu0)
}

type sinkFunc func(path string, data []byte) error

func (f sinkFunc) Put(path string, data []byte) error { return f(path, data) }

var benchLangCorpus struct {
	once sync.Once
	fsys fstest.MapFS
	skip string
}

// benchLangSite returns the corpus in English, German and French, as
// scripts/bench-languages.sh makes it: scripts/langcorpus translates 60%
// of the articles (and every _index.md) into content/de/ and content/fr/,
// and the rest are fallback pages there.
func benchLangSite(b *testing.B) fstest.MapFS {
	b.Helper()
	benchLangCorpus.once.Do(func() {
		en, skip := makeBenchCorpus()
		if skip != "" {
			benchLangCorpus.skip = skip
			return
		}
		benchLangCorpus.fsys, benchLangCorpus.skip = translateBenchCorpus(en)
	})
	if benchLangCorpus.skip != "" {
		b.Skip(benchLangCorpus.skip)
	}
	return benchLangCorpus.fsys
}

// translateBenchCorpus writes en into a temporary folder, runs
// scripts/langcorpus over it and reads it back.
func translateBenchCorpus(en fstest.MapFS) (fstest.MapFS, string) {
	tmp, err := os.MkdirTemp("", "kb-bench-langs-")
	if err != nil {
		return nil, "cannot create a temporary folder: " + err.Error()
	}
	defer os.RemoveAll(tmp)
	if err := os.CopyFS(tmp, en); err != nil {
		return nil, "cannot write the corpus: " + err.Error()
	}
	cmd := exec.Command("go", "run", "./scripts/langcorpus", "-site", tmp, "-langs", "de,fr", "-pct", "60")
	cmd.Dir = ".."
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, "langcorpus failed: " + err.Error() + ": " + string(msg)
	}
	m := fstest.MapFS{}
	err = filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(tmp, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		return nil, "cannot read the corpus: " + err.Error()
	}
	return m, ""
}

// langBenchArticles picks the articles bench-languages.sh saves: the
// first English article (in path order) translated into both languages,
// the first translated into neither, and the German translation of the
// second translated one.
func langBenchArticles(b *testing.B, fsys fstest.MapFS) (translated, fallback, german string) {
	var paths []string
	for p := range fsys {
		if strings.HasPrefix(p, "content/") && !strings.HasPrefix(p, "content/de/") && !strings.HasPrefix(p, "content/fr/") &&
			strings.HasSuffix(p, ".md") && path.Base(p) != "_index.md" {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var both []string
	for _, p := range paths {
		rel := strings.TrimPrefix(p, "content/")
		de, fr := fsys["content/de/"+rel] != nil, fsys["content/fr/"+rel] != nil
		switch {
		case de && fr && len(both) < 2:
			both = append(both, p)
		case !de && !fr && fallback == "":
			fallback = p
		}
	}
	if len(both) < 2 || fallback == "" {
		b.Fatal("the corpus has no translated and fallback articles to save")
	}
	return both[0], fallback, "content/de/" + strings.TrimPrefix(both[1], "content/")
}

// BenchmarkCacheSaveLanguages is kb serve's rebuild after a save on the
// 3-language corpus (benchLangSite): a cached build into memory after
// one article's body changed, and the search documents of each language
// taken as kb serve takes them. One sub-benchmark per kind of article
// saved (see langBenchArticles), and "english" for the same save as
// "translated" on the corpus in English alone.
func BenchmarkCacheSaveLanguages(b *testing.B) {
	langs := benchLangSite(b)
	translated, fallback, german := langBenchArticles(b, langs)
	en := benchSite(b)
	for _, bc := range []struct {
		name, file string
		fsys       fs.FS
	}{
		{"translated", translated, langs},
		{"fallback", fallback, langs},
		{"german", german, langs},
		{"english", translated, en},
	} {
		b.Run(bc.name, func(b *testing.B) {
			// A copy of the site, so that the edits stay in this benchmark.
			fsys := fstest.MapFS{}
			for p, f := range bc.fsys.(fstest.MapFS) {
				fsys[p] = f
			}
			orig := fsys[bc.file].Data
			cache := NewCache()
			bl := New(Options{Dev: true, Drafts: true, Cache: cache})
			build := func() {
				res, err := bl.Build(context.Background(), fsys, NewMemSink()) // as kb serve does
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Languages) == 0 {
					res.SearchDocs()
				}
				for _, l := range res.Languages {
					l.SearchDocs()
				}
			}
			build()
			b.ReportAllocs()
			cpu0 := cpuTime()
			i := 0
			for b.Loop() {
				i++
				data := append(slices.Clip(orig), fmt.Sprintf("\n\nSaved %d times.\n", i)...)
				fsys[bc.file] = &fstest.MapFile{Data: data, Mode: 0o644, ModTime: time.Unix(int64(i), 0)}
				cache.Changed(bc.file)
				// Labelled, so that a profile of the saves leaves the first
				// build out: go tool pprof -tagfocus=save=.
				pprof.Do(context.Background(), pprof.Labels("save", bc.name), func(context.Context) { build() })
			}
			reportCPU(b, cpu0)
			b.Logf("%s: %+v", bc.file, cache.Stats)
			for _, code := range []string{"en", "de", "fr"} {
				if ch := cache.children[code]; ch != nil {
					b.Logf("%s: %+v", code, ch.Stats)
				}
			}
		})
	}
}
