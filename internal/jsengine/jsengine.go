// Package jsengine runs kb's static search client (layouts/search/*.js,
// the script readers' browsers run) in goja, a JavaScript interpreter
// written in Go, over a static index on disk. The tests use it to hold
// the static engine to the server's relevance and to fuzz it without a
// browser; the figures scripts use it to count what a query fetches. kb
// itself never imports it.
package jsengine

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/kbhelp/kb/layouts"
)

// Hit and Results are what the engine answers, as its JSON has them.
type Hit struct {
	URL        string   `json:"url"`
	Title      string   `json:"title"`
	Section    string   `json:"section"`
	Breadcrumb []string `json:"breadcrumb"`
	Category   string   `json:"category"`
	Snippet    [][2]any `json:"snippet"` // [text, marked]
	Score      float64  `json:"score"`
	Fallback   bool     `json:"fallback"`
}

type Count struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Count int    `json:"count"`
}

type Results struct {
	Query      string  `json:"query"`
	Total      int     `json:"total"`
	Hits       []Hit   `json:"hits"`
	Categories []Count `json:"categories"`
}

// Fetch is one file the engine asked for, and its sizes.
type Fetch struct {
	Path      string
	Bytes, GZ int64
}

// Engine is one engine over one index, as one page of a reader's session
// has it: files it fetched stay cached. Not safe for concurrent use.
type Engine struct {
	mu      sync.Mutex
	vm      *goja.Runtime
	dir     string
	fetches []Fetch
}

// Open starts the engine over the static index in dir (the version
// folder: …/assets/search/<version>/).
func Open(dir string) (*Engine, error) {
	e := &Engine{vm: goja.New(), dir: dir}
	base := "/idx/" + filepath.Base(dir) + "/"
	e.vm.Set("__read", func(url string) (string, error) {
		rel := strings.TrimPrefix(url, base)
		if !filepath.IsLocal(rel) {
			return "", fmt.Errorf("outside the index: %s", url)
		}
		b, err := e.fetch(filepath.FromSlash(rel))
		return string(b), err
	})
	// The script readers get: the one kb build wrote beside the index,
	// with meta.json inside it, or else the theme's alone.
	client := layouts.SearchEngine()
	if found, _ := filepath.Glob(filepath.Join(dir, "kb-search.*.js")); len(found) == 1 {
		b, err := e.fetch(filepath.Base(found[0]))
		if err != nil {
			return nil, err
		}
		client = b
	}
	if _, err := e.vm.RunString(string(client)); err != nil {
		return nil, fmt.Errorf("jsengine: load the client: %w", err)
	}
	q, _ := json.Marshal(base)
	_, err := e.vm.RunString(`var __eng = kbSearch.open(` + string(q) + `, function (url) {
		return new Promise(function (ok, fail) { try { ok(JSON.parse(__read(url))); } catch (e) { fail(e); } });
	});`)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// fetch reads the index's file rel, as a reader's browser fetches it,
// and records its sizes.
func (e *Engine) fetch(rel string) ([]byte, error) {
	p := filepath.Join(e.dir, rel)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	f := Fetch{Path: filepath.ToSlash(rel), Bytes: int64(len(b))}
	if st, err := os.Stat(p + ".gz"); err == nil {
		f.GZ = st.Size()
	}
	e.fetches = append(e.fetches, f)
	return b, nil
}

// Search runs one query as the search box does.
func (e *Engine) Search(text, category string, limit int) (*Results, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	opts, _ := json.Marshal(map[string]any{"category": category, "limit": limit})
	q, _ := json.Marshal(text)
	e.vm.Set("__out", goja.Undefined())
	e.vm.Set("__err", goja.Undefined())
	_, err := e.vm.RunString(`__eng.search(` + string(q) + `, ` + string(opts) + `).then(
		function (r) { __out = JSON.stringify(r); }, function (e) { __err = String(e && e.stack || e); });`)
	if err != nil {
		return nil, err
	}
	if v := e.vm.Get("__err"); !goja.IsUndefined(v) {
		return nil, fmt.Errorf("jsengine: %s", v.String())
	}
	v := e.vm.Get("__out")
	if goja.IsUndefined(v) {
		return nil, fmt.Errorf("jsengine: the search did not finish")
	}
	var r Results
	if err := json.Unmarshal([]byte(v.String()), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Fetches returns the files fetched since the last call, and forgets them.
func (e *Engine) Fetches() []Fetch {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.fetches
	e.fetches = nil
	return f
}

// Run evaluates JavaScript in the engine's runtime, for tests.
func (e *Engine) Run(js string) (goja.Value, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.vm.RunString(js)
}

// Version finds the one version folder of the static index under out
// (a build's output folder), by the name of its folder.
func Version(out string) (string, error) {
	ents, err := os.ReadDir(filepath.Join(out, "assets", "search"))
	if err != nil {
		return "", err
	}
	for _, e := range ents {
		if e.IsDir() {
			return filepath.Join(out, "assets", "search", e.Name()), nil
		}
	}
	return "", fmt.Errorf("jsengine: no static index under %s", out)
}
