package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveOutput collects what kb serve prints and finds its URL.
type serveOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *serveOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *serveOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

var servingURL = regexp.MustCompile(`serving .* at (http://\S+)`)

// startServe runs kb serve with args until the test ends and returns
// the URL it prints.
func startServe(t *testing.T, args ...string) (url string, stderr *serveOutput) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &serveOutput{}, &serveOutput{}
	code := make(chan int, 1)
	go func() { code <- run(ctx, append([]string{"serve"}, args...), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case c := <-code:
			if c != 0 {
				t.Errorf("kb serve exited %d: %s", c, stderr)
			}
		case <-time.After(10 * time.Second):
			t.Error("kb serve did not stop within 10s")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := servingURL.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stderr
		}
		select {
		case c := <-code:
			t.Fatalf("kb serve exited %d: %s", c, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("kb serve printed no URL: %s %s", stdout, stderr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

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

var serveSite = map[string]string{
	"site.yaml":                  "title: Serve Test\nfeedback_url: /api/feedback\n",
	"content/_index.md":          "---\ntitle: Serve Test\n---\nWelcome.\n",
	"content/billing/_index.md":  "---\ntitle: Billing\n---\nBilling.\n",
	"content/billing/refunds.md": "---\ntitle: Refunds\n---\n# Refunds\n\nVersion one.\n",
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServeDevRebuildsOnChange(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, serveSite)
	url, stderr := startServe(t, "-src", src, "-addr", "127.0.0.1:0")
	if code, b := httpGet(t, url+"billing/refunds/"); code != 200 || !strings.Contains(b, "Version one") || !strings.Contains(b, `data-dev-events="/_dev/events"`) {
		t.Fatalf("page: %d", code)
	}
	writeSite(t, src, map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds\n---\n# Refunds\n\nVersion two.\n"})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, b := httpGet(t, url+"billing/refunds/"); strings.Contains(b, "Version two") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("edit not served within 10s; log:\n%s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// A vote lands in SRC/.kb/feedback.jsonl.
	res, err := http.Post(url+"api/feedback", "application/json", strings.NewReader(`{"page":"/billing/refunds/","helpful":true}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("feedback: %d", res.StatusCode)
	}
	var out bytes.Buffer
	if code := run(context.Background(), []string{"feedback", "-src", src}, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "/billing/refunds/") {
		t.Errorf("kb feedback: %d %s", code, out.String())
	}
}

func TestServeProdTwoAtOnce(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, serveSite)
	if code := run(context.Background(), []string{"build", "-src", src}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("build: %d", code)
	}
	dir := filepath.Join(src, "public")
	fb := filepath.Join(t.TempDir(), "fb.jsonl")
	url1, _ := startServe(t, "-prod", "-dir", dir, "-addr", "127.0.0.1:0", "-feedback", fb, "-access-log=false")
	url2, _ := startServe(t, "-prod", "-dir", dir, "-addr", "127.0.0.1:0", "-feedback", fb, "-access-log=false")
	for _, u := range []string{url1, url2} {
		if code, b := httpGet(t, u+"billing/refunds/"); code != 200 || strings.Contains(b, "data-dev-events") {
			t.Errorf("%s: %d", u, code)
		}
		if code, _ := httpGet(t, u+"healthz"); code != 200 {
			t.Errorf("%s healthz: %d", u, code)
		}
		// Both processes open the one prebuilt index, read-only, at once.
		if code, b := httpGet(t, u+"api/search?q=refund"); code != 200 || !strings.Contains(b, `"url":"/billing/refunds/"`) {
			t.Errorf("%s search: %d %s", u, code, b)
		}
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "-prod", "-open"},
		{"serve", "-dir", "x"},
		{"serve", "extra"},
		{"serve", "-mcp-rate", "0"},
		{"serve", "-prod", "-mcp-rate", "-3"},
		{"serve", "-links", "maybe"},
		{"feedback", "extra"},
	} {
		if code := run(context.Background(), args, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	var out bytes.Buffer
	if code := run(context.Background(), []string{"feedback", "-file", filepath.Join(t.TempDir(), "none.jsonl")}, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "No feedback yet") {
		t.Errorf("feedback without a file: %d %q", code, out.String())
	}
	if code := run(context.Background(), []string{"serve", "-prod", "-dir", filepath.Join(t.TempDir(), "missing"), "-addr", "127.0.0.1:0"}, io.Discard, io.Discard); code != 1 {
		t.Errorf("missing folder: exit %d, want 1", code)
	}
}

// TestServeProdWithoutIndex: a folder whose search index is missing or
// corrupt is still served; only /api/search answers 503, with JSON.
func TestServeProdWithoutIndex(t *testing.T) {
	for _, breakIndex := range []struct {
		name string
		do   func(dir string) error
	}{
		{"missing", func(dir string) error { return os.RemoveAll(filepath.Join(dir, ".kb-search")) }},
		{"corrupt", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, ".kb-search", "kb-search.json"), []byte("{not json"), 0o644)
		}},
	} {
		t.Run(breakIndex.name, func(t *testing.T) {
			src := t.TempDir()
			writeSite(t, src, serveSite)
			if code := run(context.Background(), []string{"build", "-src", src}, io.Discard, io.Discard); code != 0 {
				t.Fatalf("build: %d", code)
			}
			dir := filepath.Join(src, "public")
			if err := breakIndex.do(dir); err != nil {
				t.Fatal(err)
			}
			u, _ := startServe(t, "-prod", "-dir", dir, "-addr", "127.0.0.1:0", "-access-log=false")
			if code, _ := httpGet(t, u+"billing/refunds/"); code != 200 {
				t.Errorf("page: %d", code)
			}
			if code, b := httpGet(t, u+"api/search?q=refund"); code != 503 || !strings.Contains(b, `"error"`) {
				t.Errorf("search: %d %s", code, b)
			}
		})
	}
}
