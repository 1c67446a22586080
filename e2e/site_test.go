package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
	"github.com/kbhelp/kb/server"
)

// searchPage is the example site's search page: site.yaml names no
// search_url, so the forms submit to the built-in one, which kb's server
// fills with results.
const searchPage = "/search/"

// built is the example site, built once per test binary into memory and
// written to a folder that every test's server serves. TestMain removes
// the folder.
var built = &builtSite{src: ".."}

// builtSite is a site folder built once per test binary (the example
// site, testdata/rtl, examples/rebrand), written to a temporary folder
// with the search index kb build writes beside the pages.
type builtSite struct {
	src    string // the site folder
	once   sync.Once
	files  map[string][]byte // output path ("billing/index.html") to contents
	dir    string
	res    *builder.Result
	search http.Handler // the search API over the folder's index, shared by every server
	ix     *search.Index
	err    error
}

// build builds the site the first time it is called.
func (b *builtSite) build(t *testing.T) {
	t.Helper()
	b.once.Do(func() {
		b.files, b.dir, b.res, b.err = buildAndWrite(b.src)
		if b.err == nil {
			b.ix, b.err = search.Open(filepath.Join(b.dir, builder.SearchDir))
			b.search = search.Handler(b.ix)
		}
	})
	if b.err != nil {
		t.Fatalf("build %s: %v", b.src, b.err)
	}
}

// close removes the written folder (TestMain).
func (b *builtSite) close() {
	if b.ix != nil {
		b.ix.Close()
	}
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
}

// serve builds the site (once) and serves it until the test ends with
// kb's own server in production mode, search included, votes going to a
// file of the test's own.
func (b *builtSite) serve(t *testing.T) *testSite {
	t.Helper()
	b.build(t)
	s := &testSite{Files: b.files, Res: b.res, feedback: filepath.Join(t.TempDir(), "feedback.jsonl")}
	srv, err := server.New(server.Config{Dir: b.dir, FeedbackFile: s.feedback, Search: b.search})
	if err != nil {
		t.Fatalf("start the server: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// buildExample builds the repository's example site.
func buildExample(t *testing.T) (files map[string][]byte, dir string, res *builder.Result) {
	t.Helper()
	built.build(t)
	return built.files, built.dir, built.res
}

// buildAndWrite builds the site folder src into memory and writes it,
// with its search index, to a new temporary folder.
func buildAndWrite(src string) (map[string][]byte, string, *builder.Result, error) {
	sink := builder.NewMemSink()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := builder.New(builder.Options{}).Build(ctx, os.DirFS(src), sink)
	if err != nil {
		return nil, "", nil, err
	}
	dir, err := os.MkdirTemp("", "kb-e2e-site-")
	if err != nil {
		return nil, "", nil, err
	}
	for name, data := range sink.Files() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, dir, nil, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, dir, nil, err
		}
	}
	err = search.Build(ctx, filepath.Join(dir, builder.SearchDir), res.Site.SearchDocs(), search.BuildOptions{Synonyms: res.Site.Config.Synonyms})
	return sink.Files(), dir, res, err
}

// testSite is the example site as a browser sees it.
type testSite struct {
	URL   string            // "http://127.0.0.1:port", no trailing slash
	Files map[string][]byte // the build's outputs, by output path
	Res   *builder.Result

	feedback string // the server's feedback file
}

// startSite builds the example site (once) and serves it until the test
// ends with kb's own server in production mode (kb serve -prod): pretty
// URLs, the 404 page, markdown twins, gzip, security headers, and
// "Was this page helpful?" votes appended to a file of the test's own,
// and search (the API and the search page) over the index of the build.
func startSite(t *testing.T) *testSite { return built.serve(t) }

// Votes returns the "Was this page helpful?" votes the server recorded.
func (s *testSite) Votes(t *testing.T) []server.Record {
	t.Helper()
	f, err := os.Open(s.feedback)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var votes []server.Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r server.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("feedback file: %v: %q", err, sc.Text())
		}
		if r.Kind == "vote" {
			votes = append(votes, r)
		}
	}
	return votes
}

// lookup maps a URL path to a built file, as the server does for pages.
func (s *testSite) lookup(urlPath string) (string, bool) {
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if strings.HasSuffix(urlPath, "/") {
		name = strings.TrimPrefix(name+"/index.html", "/")
	}
	_, ok := s.Files[name]
	return name, ok
}

// contentType is the type of a built file, by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// pageURLs lists the URL paths of the built pages of one kind
// ("article", "category", ...), in sidebar order.
func (s *testSite) pageURLs(kind string) []string {
	var urls []string
	for _, p := range s.Res.Site.Pages {
		if p.Kind.String() == kind {
			urls = append(urls, p.URL)
		}
	}
	return urls
}

// listedArticles returns the URLs of the articles in the sidebar, in
// sidebar order: the order Previous and Next follow.
func (s *testSite) listedArticles() []string {
	var listed []string
	for _, p := range s.Res.Site.Pages {
		if p.Kind.String() == "article" && p.NavIndex >= 0 {
			listed = append(listed, p.URL)
		}
	}
	return listed
}
