package builder

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// The repository root is the example site: site.yaml, content/, the
// default theme as layouts/, and static/.
const exampleSite = ".."

var exampleBuild struct {
	once sync.Once
	sink *memSink
	res  *Result
	err  error
}

// buildExample builds the example site once per test process.
func buildExample(t *testing.T) (*memSink, *Result) {
	t.Helper()
	exampleBuild.once.Do(func() {
		exampleBuild.sink = newMemSink()
		exampleBuild.res, exampleBuild.err = New(Options{}).Build(context.Background(), os.DirFS(exampleSite), exampleBuild.sink)
	})
	if exampleBuild.err != nil {
		t.Fatalf("example site does not build:\n%v", exampleBuild.err)
	}
	return exampleBuild.sink, exampleBuild.res
}

// TestExampleSite checks that the repository's own site builds cleanly
// and is big enough to exercise the theme: at least 30 articles in at
// least 4 categories, no errors, no warnings.
func TestExampleSite(t *testing.T) {
	sink, res := buildExample(t)
	if len(res.Warnings) > 0 {
		t.Errorf("example site has warnings:\n%v", res.Warnings)
	}
	if res.Articles < 30 {
		t.Errorf("%d articles, want at least 30", res.Articles)
	}
	cats := 0
	for _, p := range res.Site.Home.Children {
		if p.Kind == KindCategory && countArticles(p) > 0 {
			cats++
		}
	}
	if cats < 4 {
		t.Errorf("%d categories with articles, want at least 4", cats)
	}
	sink.check(t)
	if res.Files != len(sink.files) {
		t.Errorf("Result.Files = %d, sink got %d", res.Files, len(sink.files))
	}
}

// TestExampleSiteLinks checks every internal URL of every output: each
// href and src of a, img, link and script in the HTML, and each URL of
// the site in the markdown twins and llms files, must name an output
// file; a fragment must name an id of the HTML page it points at. Links
// to other sites must use an allowed scheme.
func TestExampleSiteLinks(t *testing.T) {
	sink, res := buildExample(t)
	cfg := res.Site.Config
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || cfg.BaseURL == "" {
		t.Fatalf("example site needs a base_url: %q", cfg.BaseURL)
	}
	ids := map[string]map[string]bool{} // HTML output → its ids
	type ref struct{ from, attr, url string }
	var refs []ref
	for p, data := range sink.files {
		switch {
		case strings.HasSuffix(p, ".html"):
			doc, err := html.Parse(bytes.NewReader(data))
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			ids[p] = map[string]bool{}
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				for _, a := range n.Attr {
					if a.Key == "id" {
						if ids[p][a.Val] {
							t.Errorf("%s: duplicate id %q", p, a.Val)
						}
						ids[p][a.Val] = true
					}
				}
				attr := ""
				switch n.Data {
				case "a", "link":
					attr = "href"
				case "img", "script":
					attr = "src"
				}
				for _, a := range n.Attr {
					if a.Key == attr {
						refs = append(refs, ref{p, n.Data + " " + attr, a.Val})
					}
				}
			}
		case strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".xml"):
			own := regexp.MustCompile(regexp.QuoteMeta(strings.TrimSuffix(cfg.BaseURL, "/")) + `[^\s)\]>"<]*`)
			for _, u := range own.FindAllString(string(data), -1) {
				refs = append(refs, ref{p, "text", strings.TrimRight(u, ".,;:")})
			}
		}
	}
	if len(refs) < 1000 {
		t.Errorf("only %d URLs found; is the parser looking at the right elements?", len(refs))
	}
	checked := 0
	for _, r := range refs {
		u, err := url.Parse(r.url)
		if err != nil {
			t.Errorf("%s: %s %q: %v", r.from, r.attr, r.url, err)
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			if !strings.EqualFold(u.Host, base.Host) {
				switch u.Scheme {
				case "http", "https", "mailto", "tel":
				default:
					t.Errorf("%s: %s %q: scheme not allowed", r.from, r.attr, r.url)
				}
				continue
			}
		} else {
			// Relative to the page's own URL, as a browser reads it.
			pageURL := &url.URL{Path: cfg.BasePath + r.from}
			u = pageURL.ResolveReference(u)
		}
		file, ok := outputFor(sink, cfg.BasePath, u.Path)
		if !ok {
			t.Errorf("%s: %s %q: no output file for %s", r.from, r.attr, r.url, u.Path)
			continue
		}
		checked++
		if u.Fragment != "" && strings.HasSuffix(file, ".html") && r.attr != "text" {
			if !ids[file][u.Fragment] {
				t.Errorf("%s: %s %q: no id %q in %s", r.from, r.attr, r.url, u.Fragment, file)
			}
		}
	}
	t.Logf("%d internal URLs checked, %d references in all", checked, len(refs))
}

// outputFor maps a URL path to the output file a static server would
// send for it: the file itself, or index.html of a folder.
func outputFor(sink *memSink, basePath, p string) (string, bool) {
	if !strings.HasPrefix(p, basePath) {
		return "", false
	}
	rel := strings.TrimPrefix(p, basePath)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	rel = path.Clean(rel)
	if _, ok := sink.files[rel]; ok {
		return rel, true
	}
	return "", false
}

// TestDeterministicBuild is B-07: two builds of the example site, one
// on one thread in UTC and one on two threads in a far-away time zone,
// give the same outputs byte for byte.
func TestDeterministicBuild(t *testing.T) {
	build := func(procs int, loc *time.Location) *memSink {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		oldLocal := time.Local
		time.Local = loc
		defer func() { time.Local = oldLocal }()
		sink, res, ds := buildFS(t, Options{}, os.DirFS(exampleSite))
		if res == nil {
			t.Fatalf("build: %v", ds)
		}
		return sink
	}
	a := build(1, time.UTC)
	b := build(2, time.FixedZone("UTC+14", 14*3600))
	c := build(2, time.FixedZone("UTC-12", -12*3600))
	for name, other := range map[string]*memSink{"GOMAXPROCS=2 UTC+14": b, "GOMAXPROCS=2 UTC-12": c} {
		var only []string
		for p := range a.files {
			if _, ok := other.files[p]; !ok {
				only = append(only, "-"+p)
			}
		}
		for p, data := range other.files {
			prev, ok := a.files[p]
			switch {
			case !ok:
				only = append(only, "+"+p)
			case !bytes.Equal(prev, data):
				t.Errorf("%s: %s differs:\n%s", name, p, lineDiff(string(prev), string(data)))
			}
		}
		sort.Strings(only)
		if len(only) > 0 {
			t.Errorf("%s: output paths differ: %v", name, only)
		}
	}
}
