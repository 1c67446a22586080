package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchSite is the site the benchmarks serve: KB_BENCH_SITE, or the
// example site at the root of the repository. For a big one:
//
//	(cd ../../shared/tools/kbcorpus && go run . -n 1000 -seed 1 -out /tmp/kb1000)
//	KB_BENCH_SITE=/tmp/kb1000 go test ./server -run '^$' -bench Rebuild
func benchSite(b *testing.B) string {
	if s := os.Getenv("KB_BENCH_SITE"); s != "" {
		return s
	}
	return ".."
}

// BenchmarkRebuild is one rebuild of kb serve: a full build into memory
// and the swap of the served site.
func BenchmarkRebuild(b *testing.B) {
	s := devServer(b, benchSite(b), nil)
	for b.Loop() {
		if _, err := s.Rebuild(context.Background(), Batch{Paths: []string{"content/x.md"}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.mem.Load().names())), "files")
}

// BenchmarkEditToServed is the time from saving an article to the
// new page being served, through the real watcher (100 ms debounce),
// the rebuild loop and HTTP. The site is copied to a temporary folder.
func BenchmarkEditToServed(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS(benchSite(b))); err != nil {
		b.Fatal(err)
	}
	_ = os.RemoveAll(filepath.Join(src, "public"))
	// The article to edit: the first whose URL is its path under content/.
	s := devServer(b, src, nil)
	out := s.mem.Load().out
	var article, url string
	_ = filepath.WalkDir(filepath.Join(src, "content"), func(p string, d os.DirEntry, err error) error {
		if article != "" || err != nil || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return nil
		}
		rel, _ := filepath.Rel(filepath.Join(src, "content"), p)
		dir := strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
		if _, _, ok := out.Get(dir + "index.html"); ok {
			article, url = p, s.BasePath()+dir
		}
		return nil
	})
	if url == "" {
		b.Skip("article URL not found")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes, err := Watch(ctx, src, WatchOptions{})
	if err != nil {
		b.Fatal(err)
	}
	go s.Run(ctx, changes)
	orig, _ := os.ReadFile(article)
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("edit-marker-%d", i)
		if err := os.WriteFile(article, append(append([]byte(nil), orig...), "\n\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1"+url, nil))
			if strings.Contains(w.Body.String(), marker) {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("edit %d not served within 30s (%s)", i, url)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
}
