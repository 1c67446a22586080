package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRanking(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"reset your password", "/account/reset-your-password/"}, // exact title
		{"pasword", "/account/reset-your-password/"},             // typo
		{"passw", "/account/reset-your-password/"},               // search as you type
		{"later", "/messaging/schedule-a-message/"},              // a near word never beats an exact one
		{"timezone", "/messaging/set-your-time-zone/"},           // compound written together
		{"silence a channel", "/messaging/mute-a-channel/"},      // built-in synonym
		{"kudos", "/api/kudos/"},                                 // site synonym, slug word
		{"download invoice pdf", "/billing/download-a-receipt/"}, // the whole query beats a title word
		{"reactions endpoint", "/api/kudos/"},                    // body
		{"messages reactions post", "/api/kudos/"},               // code, weighted low but found
		{`"blue whale"`, "/api/exact-words/"},                    // phrase
	} {
		if got := first(t, c.q); !strings.HasPrefix(got, c.want) {
			t.Errorf("%q: first hit %s, want %s (all: %v)", c.q, got, c.want, hitURLs(t, c.q))
		}
	}
}

func TestSectionAnchor(t *testing.T) {
	res, err := testIndex(t).Search(context.Background(), Query{Text: "reset email never arrives spam"})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[0]
	if h.URL != "/account/reset-your-password/#the-reset-email-never-arrives" || h.Section != "The reset email never arrives" {
		t.Errorf("hit %s (section %q), want the section's anchor", h.URL, h.Section)
	}
	if !strings.Contains(h.Snippet, "<mark>spam</mark>") {
		t.Errorf("snippet %q does not mark spam", h.Snippet)
	}
	res, _ = testIndex(t).Search(context.Background(), Query{Text: "refunds"})
	if res.Hits[0].URL != "/billing/refunds/" {
		t.Errorf("a query the title answers points at %s, want the article", res.Hits[0].URL)
	}
}

var markup = regexp.MustCompile(`</?mark>`)

func TestSnippetEscapes(t *testing.T) {
	res, err := testIndex(t).Search(context.Background(), Query{Text: "script alert markup password"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.ContainsAny(markup.ReplaceAllString(h.Snippet, ""), "<>") {
			t.Errorf("%s: snippet %q has unescaped HTML", h.URL, h.Snippet)
		}
		if h.URL == "/api/escaping/" && !strings.Contains(h.Snippet, "&lt;<mark>script</mark>&gt;") {
			t.Errorf("snippet %q", h.Snippet)
		}
	}
}

func TestResultsFields(t *testing.T) {
	res, err := testIndex(t).Search(context.Background(), Query{Text: "password"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total < 3 || len(res.Hits) != res.Total {
		t.Errorf("total %d, %d hits", res.Total, len(res.Hits))
	}
	h := res.Hits[0]
	if h.Title != "Reset your password" || strings.Join(h.Breadcrumb, "/") != "Account/Security" || h.Category != "account" {
		t.Errorf("hit %+v", h)
	}
	counts := map[string]int{}
	for _, c := range res.Categories {
		counts[c.Key] = c.Count
		if c.Key == "account" && c.Title != "Account" {
			t.Errorf("category title %q", c.Title)
		}
	}
	if counts["account"] != 2 || counts["api"] != 1 {
		t.Errorf("counts %v", res.Categories)
	}
}

func TestFilters(t *testing.T) {
	ix := testIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "password", Category: "api"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].URL != "/api/escaping/" {
		t.Errorf("category filter: %+v", res.Hits)
	}
	if len(res.Categories) < 2 {
		t.Errorf("counts should ignore the filter: %+v", res.Categories)
	}
	res, _ = ix.Search(context.Background(), Query{Text: "password", Section: "account/sign-in"})
	if len(res.Hits) != 1 || res.Hits[0].URL != "/account/cant-sign-in/" {
		t.Errorf("section filter: %+v", res.Hits)
	}
	res, _ = ix.Search(context.Background(), Query{Text: "password", Limit: 1})
	if len(res.Hits) != 1 || res.Total < 3 {
		t.Errorf("limit 1: %d hits of %d", len(res.Hits), res.Total)
	}
}

func TestQueryLimits(t *testing.T) {
	ix := testIndex(t)
	ctx := context.Background()
	if _, err := ix.Search(ctx, Query{Text: strings.Repeat("a", MaxQueryBytes+1)}); !errors.Is(err, ErrQueryTooLong) {
		t.Errorf("long query: %v", err)
	}
	if _, err := ix.Search(ctx, Query{Text: "x", Limit: MaxLimit + 1}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("limit: %v", err)
	}
	if _, err := ix.Search(ctx, Query{Text: "x", Category: "a\x00b"}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("category: %v", err)
	}
	for _, q := range []string{"", "   ", "the and of", "title:(", `"unterminated`, "+-", `\`, "AND OR", "- *", "/[/", "field:",
		"\xff\xfe", strings.Repeat("(", MaxQueryBytes), "a* *a* /.*/ aaaaaaaaaaaaaaaaaaaa~2 tes~3 ^1e308", strings.Repeat("word ", 50)} {
		if _, err := ix.Search(ctx, Query{Text: q}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	p := ix.parse(strings.Repeat("password sign ", 20), &readerDict{ctx: ctx, r: ix.r, dfs: map[[2]string]int{}})
	if len(p.units) > maxTerms {
		t.Errorf("%d units, cap %d", len(p.units), maxTerms)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ix.Search(done, Query{Text: "password"}); err == nil {
		t.Error("a cancelled context searched")
	}
}

func TestOpenChecksSidecar(t *testing.T) {
	fresh := func() string { return buildTemp(t, testDocs[:3]) }
	if _, err := Open(filepath.Join(t.TempDir(), "none")); !errors.Is(err, ErrNoIndex) {
		t.Errorf("missing: %v", err)
	}
	for _, c := range []struct {
		name  string
		spoil func(dir string)
		want  error
	}{
		{"no sidecar", func(dir string) { os.Remove(filepath.Join(dir, SidecarFile)) }, ErrNoIndex},
		{"other schema", func(dir string) { rewriteMeta(t, dir, func(m *Meta) { m.Schema++ }) }, ErrIncompatible},
		{"other bleve", func(dir string) { rewriteMeta(t, dir, func(m *Meta) { m.Bleve = "v2.0.0" }) }, ErrIncompatible},
		{"truncated sidecar", func(dir string) { os.WriteFile(filepath.Join(dir, SidecarFile), []byte(`{"schema":`), 0o644) }, ErrCorrupt},
		{"foreign file", func(dir string) { os.WriteFile(filepath.Join(dir, "store", "._000000000002.zap"), nil, 0o644) }, ErrCorrupt},
		{"truncated segment", func(dir string) {
			zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			os.Truncate(zaps[0], 100)
		}, ErrCorrupt},
		{"missing root.bolt", func(dir string) { os.Remove(filepath.Join(dir, "store", "root.bolt")) }, ErrCorrupt},
	} {
		dir := fresh()
		c.spoil(dir)
		start := time.Now()
		ix, err := Open(dir)
		if ix != nil {
			ix.Close()
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %v", c.name, d)
		}
	}
}

func TestOpenIsFastAndLeavesNothing(t *testing.T) {
	dir := buildTemp(t, testDocs)
	before := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		start := time.Now()
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("open took %v", d)
		}
		if _, err := ix.Search(context.Background(), Query{Text: "password"}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after 50 opens, %d before", n, before)
	}
}

func TestSeveralReaders(t *testing.T) {
	dir := buildTemp(t, testDocs)
	a, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(dir)
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	defer b.Close()
}

func TestSearchesDuringClose(t *testing.T) {
	ix, err := Open(buildTemp(t, testDocs))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				_, err := ix.Search(context.Background(), Query{Text: "password reset"})
				if err != nil && !errors.Is(err, ErrClosed) {
					t.Errorf("search: %v", err)
				}
			}
		}()
	}
	ix.Close()
	wg.Wait()
	if _, err := ix.Search(context.Background(), Query{Text: "x"}); !errors.Is(err, ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestBuildRefuses(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	if err := Build(ctx, dir, []Doc{{URL: "/a/"}, {URL: "/a/"}}, BuildOptions{}); err == nil {
		t.Error("a repeated URL was indexed")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("a failed build left its folder")
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	if err := Build(ctx, dir, testDocs, BuildOptions{}); err == nil {
		t.Error("built into a folder that was not empty")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	dir2 := filepath.Join(t.TempDir(), "idx")
	if err := Build(cancelled, dir2, testDocs, BuildOptions{}); err == nil {
		t.Error("a cancelled build succeeded")
	}
	if _, err := os.Stat(dir2); !os.IsNotExist(err) {
		t.Error("a cancelled build left its folder")
	}
}

func TestContentHash(t *testing.T) {
	a := ContentHash(testDocs, nil)
	docs := append([]Doc(nil), testDocs...)
	docs[0].Body += "!"
	if a == ContentHash(docs, nil) || a == ContentHash(testDocs, map[string][]string{"a": {"b"}}) || a != ContentHash(testDocs, nil) {
		t.Error("the content hash does not follow the content")
	}
	testIndex(t) // builds the fixture
	m, err := ReadMeta(filepath.Join(fixture.dir, "idx"))
	if err != nil || m.ContentHash != ContentHash(testDocs, map[string][]string{"kudos": {"reaction"}}) || m.Docs != len(testDocs) {
		t.Errorf("sidecar %+v, %v", m, err)
	}
}

// TestWriter checks that an index written a document at a time, each
// dropped once added, records the same content hash and answers the same
// searches as Build's.
func TestWriter(t *testing.T) {
	syn := map[string][]string{"kudos": {"reaction"}} // the fixture's
	dir := filepath.Join(t.TempDir(), "idx")
	w, err := NewWriter(dir, BuildOptions{Synonyms: syn, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range testDocs {
		if err := w.Add(&d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Add(&Doc{URL: testDocs[0].URL}); err == nil {
		t.Error("a repeated URL was added")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	m, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := ContentHash(testDocs, syn); m.ContentHash != want || m.Docs != len(testDocs) {
		t.Errorf("sidecar: hash %s, %d docs; want %s, %d", m.ContentHash, m.Docs, want, len(testDocs))
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want, err := testIndex(t).Search(context.Background(), Query{Text: "password"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Search(context.Background(), Query{Text: "password"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Hits) == 0 || len(got.Hits) != len(want.Hits) || got.Hits[0].URL != want.Hits[0].URL {
		t.Errorf("search for password: got %d hits, want %d like the fixture's", len(got.Hits), len(want.Hits))
	}
}

func rewriteMeta(t *testing.T, dir string, f func(*Meta)) {
	t.Helper()
	m, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	f(&m)
	data, _ := jsonMarshal(m)
	if err := os.WriteFile(filepath.Join(dir, SidecarFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEmptySite(t *testing.T) {
	ix, err := Open(buildTemp(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), Query{Text: "password"})
	if err != nil || res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("%+v, %v", res, err)
	}
}
