package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kbhelp/kb/builder"
)

// longText makes pages big enough to be gzipped.
var longText = strings.Repeat("Refunds go back to the card that paid, within five to ten working days. ", 8)

// testSite is a small site: a home page, a category with two articles,
// an alias, and a stylesheet override.
func testSite(extra map[string]string) map[string]string {
	files := map[string]string{
		"site.yaml":                   "title: Test Help\nfeedback_url: /api/feedback\n",
		"content/_index.md":           "---\ntitle: Test Help\n---\nWelcome.\n",
		"content/billing/_index.md":   "---\ntitle: Billing\n---\nPlans and payments.\n",
		"content/billing/refunds.md":  "---\ntitle: Refunds\naliases:\n  - /old/refunds/\n---\n# Refunds\n\n" + longText + "\n\nSee [invoices](invoices.md).\n",
		"content/billing/invoices.md": "---\ntitle: Invoices\n---\n# Invoices\n\nDownload invoices from the billing page. " + longText + "\n",
	}
	for k, v := range extra {
		if v == "" {
			delete(files, k)
		} else {
			files[k] = v
		}
	}
	return files
}

// writeFiles writes files (slash paths) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
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

// newSiteDir writes a site into a fresh temporary folder and returns it.
func newSiteDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	writeFiles(t, dir, files)
	return dir
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// devServer returns a dev Server over the site folder src that has
// built once.
func devServer(t testing.TB, src string, mod func(*Config)) *Server {
	t.Helper()
	fsys := os.DirFS(src)
	build, changed := CachedBuild(fsys, builder.Options{Dev: true, Drafts: true})
	cfg := Config{
		Dev:          true,
		SourceFS:     fsys,
		Build:        build,
		Changed:      changed,
		FeedbackFile: filepath.Join(t.TempDir(), "feedback.jsonl"),
		Log:          io.Discard,
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(context.Background(), Batch{Rescan: true}); err != nil {
		t.Fatalf("first build: %v", err)
	}
	return s
}

// buildDir builds the site folder src into out, as kb build does.
func buildDir(t testing.TB, src, out string) {
	t.Helper()
	if _, err := builder.New(builder.Options{}).BuildDir(context.Background(), src, out); err != nil {
		t.Fatalf("build: %v", err)
	}
}

// prodServer builds src into a folder beside it and serves that.
func prodServer(t testing.TB, src string, mod func(*Config)) (*Server, string) {
	t.Helper()
	out := filepath.Join(filepath.Dir(src), "public")
	buildDir(t, src, out)
	cfg := Config{Dir: out, FeedbackFile: filepath.Join(t.TempDir(), "feedback.jsonl"), Log: io.Discard}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, out
}

// get sends one request through the handler.
func get(t testing.TB, h http.Handler, method, target string, header map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	r.Host = "127.0.0.1:1313" // httptest's example.com is not a local name
	for k, v := range header {
		if k == "Host" {
			r.Host = v
			continue
		}
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t testing.TB, res *http.Response) string {
	t.Helper()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return string(data)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
