package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/internal/jsengine"
	"github.com/kbhelp/kb/search"
)

// TestStaticFindsEveryArticle: for every article of the example site,
// the static index finds it by its title's words and by its
// description's words in the top 3, as the server's does.
func TestStaticFindsEveryArticle(t *testing.T) {
	if raceEnabled {
		t.Skip("runs the static client in goja: not under the race detector (race_on_test.go)")
	}
	ix, js := buildIndexes(t, "..", nil)
	b := builder.New(builder.Options{})
	site, _, err := b.Analyze(context.Background(), os.DirFS(".."))
	if err != nil {
		t.Fatal(err)
	}
	top3 := func(urls []string, want string) bool {
		for i, u := range urls {
			if i < 3 && strings.Split(u, "#")[0] == want {
				return true
			}
		}
		return false
	}
	n := 0
	for _, d := range site.SearchDocs() {
		for _, q := range []string{d.Title, d.Description} {
			if q == "" {
				continue
			}
			n++
			res, err := ix.Search(context.Background(), search.Query{Text: q, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			var server []string
			for _, h := range res.Hits {
				server = append(server, h.URL)
			}
			sres, err := js.Search(q, "", 3)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			var static []string
			for _, h := range sres.Hits {
				static = append(static, h.URL)
			}
			if top3(server, d.URL) && !top3(static, d.URL) {
				t.Errorf("%q: the server has %s in its top 3 (%q), the static index does not (%q)", q, d.URL, server, static)
			}
		}
	}
	if n < 60 {
		t.Fatalf("only %d queries", n)
	}
}

// staticExample is the example site's static index, built once for the
// fuzz targets.
var staticExample struct {
	once sync.Once
	dir  string
	err  error
}

func exampleStatic(t testing.TB) string {
	staticExample.once.Do(func() {
		out, err := os.MkdirTemp("", "kb-static-")
		if err != nil {
			staticExample.err = err
			return
		}
		if _, err := builder.New(builder.Options{}).Build(context.Background(), os.DirFS(".."), folderSink{out}); err != nil {
			staticExample.err = err
			return
		}
		staticExample.dir, staticExample.err = jsengine.Version(out)
	})
	if staticExample.err != nil {
		t.Fatal(staticExample.err)
	}
	return staticExample.dir
}

// checkHits holds the engine's answer to what the box and the search
// page render: plain strings and [text, marked] pieces, which kb.js puts
// in text nodes and <mark> elements, never HTML.
func checkHits(t *testing.T, q string, res *jsengine.Results) {
	for _, h := range res.Hits {
		if h.URL == "" || !strings.HasPrefix(h.URL, "/") || h.Title == "" {
			t.Fatalf("%q: a hit without a site URL or title: %+v", q, h)
		}
		for _, p := range h.Snippet {
			if _, ok := p[0].(string); !ok {
				t.Fatalf("%q: snippet piece %v is not text", q, p)
			}
			if _, ok := p[1].(bool); !ok {
				t.Fatalf("%q: snippet piece %v has no mark flag", q, p)
			}
		}
	}
}

// FuzzStaticQuery: any text typed into the box is answered, never an
// exception, and the answer is text to put in text nodes.
func FuzzStaticQuery(f *testing.F) {
	for _, s := range []string{"", "pasword reset", `"two factor"`, "“", "KW-NET-0042", "a b c d e f g h i j k l", "\x00\x1f<script>", "élan ∑ 日本語", "'", "time zone", "oauth2"} {
		f.Add(s)
	}
	dir := exampleStatic(f)
	js, err := jsengine.Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res, err := js.Search(q, "", 10)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		checkHits(t, q, res)
	})
}

// FuzzStaticShard: a damaged shard (any bytes) makes a search fail with
// an error or answer, never hang or crash the engine.
func FuzzStaticShard(f *testing.F) {
	f.Add([]byte(`{"pass":[64,1,"0!"]}`))
	f.Add([]byte(`{"password":[65,3,2,"zzzz","0A1B"]}`))
	f.Add([]byte(`{"password":[1,1,"A"]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{not json`))
	src := exampleStatic(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		copyDir(t, src, dir)
		shard := filepath.Join(dir, "t", "pa.json")
		if _, err := os.Stat(shard); err != nil {
			t.Skip("no pa shard")
		}
		if err := os.WriteFile(shard, data, 0o644); err != nil {
			t.Fatal(err)
		}
		js, err := jsengine.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := js.Search("password reset", "", 10); err == nil {
			checkHits(t, "password reset", res)
		}
	})
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if strings.HasSuffix(p, ".gz") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
