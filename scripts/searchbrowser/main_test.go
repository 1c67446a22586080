package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestStaticHostServesGzipTwinsAndCompressesText(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var twin bytes.Buffer
	zw := gzip.NewWriter(&twin)
	zw.Write([]byte(`{"twin":true}`))
	zw.Close()
	write("assets/search/v/meta.json", `{"plain":true}`)
	write("assets/search/v/meta.json.gz", twin.String())
	write("a/index.html", "<!doctype html><p>hello")
	write("pagefind/x.pf_meta", "\x1f\x8bpagefind's own")
	h := newStaticHost(dir)
	for _, c := range []struct {
		path, accept    string
		status          int
		encoding, ctype string
		body            string
	}{
		{"/assets/search/v/meta.json", "gzip, br", 200, "gzip", "application/json", `{"twin":true}`},
		{"/assets/search/v/meta.json", "", 200, "", "application/json", `{"plain":true}`},
		{"/a/", "gzip", 200, "gzip", "text/html; charset=utf-8", "<!doctype html><p>hello"},
		{"/a", "gzip", 301, "", "", ""},
		{"/pagefind/x.pf_meta", "gzip", 200, "", "application/octet-stream", "\x1f\x8bpagefind's own"},
		{"/missing", "gzip", 404, "", "", ""},
	} {
		req := httptest.NewRequest("GET", c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.path, w.Code, c.status)
			continue
		}
		if c.status != 200 {
			continue
		}
		if got := w.Header().Get("Content-Encoding"); got != c.encoding {
			t.Errorf("%s (Accept-Encoding %q): Content-Encoding %q, want %q", c.path, c.accept, got, c.encoding)
		}
		if got := w.Header().Get("Content-Type"); got != c.ctype {
			t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.ctype)
		}
		body := w.Body.Bytes()
		if c.encoding == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", c.path, err)
			}
			body, _ = io.ReadAll(zr)
		}
		if string(body) != c.body {
			t.Errorf("%s: body %q, want %q", c.path, body, c.body)
		}
	}
}

func TestStepsTypeASpaceWithTheNextKey(t *testing.T) {
	got := steps("ab cd")
	want := []string{"a", "ab", "ab c", "ab cd"}
	if !slices.Equal(got, want) {
		t.Errorf("steps: %q, want %q", got, want)
	}
}

func TestQueriesAreTitleWordsThenTyposThenFixed(t *testing.T) {
	arts := []article{{Title: "Reset your password"}, {Title: "Why is my invoice overdue?"}}
	got := queries(arts, 2)
	want := []query{{"reset your", "Reset your password"}, {Text: "invice overdue"}}
	for _, q := range fixed {
		want = append(want, query{Text: q})
	}
	if !slices.Equal(got, want) {
		t.Errorf("queries: %q, want %q", got, want)
	}
}
