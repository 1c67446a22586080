package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// devSearch gives kb serve's dev mode a search API. The dev server builds
// into memory; after each good build, a worker goroutine brings the index
// up to date apart from the rebuild, so a save shows in the browser
// without waiting for it and search follows a moment later. The first
// build makes the index with the offline builder in a temporary folder;
// after that, only the documents that changed are indexed again (and
// those removed deleted), through search.Live. A change of synonyms or
// of the site's language (which decides the analysis) builds it anew.
type devSearch struct {
	stderr  io.Writer
	handler atomic.Pointer[http.Handler]

	mu      sync.Mutex
	pending *indexJob // the latest good build not indexed yet
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}

	// The last job queued, owned by the goroutine that calls update.
	queued     []search.Doc
	queuedSyn  map[string][]string
	queuedLang string

	// Owned by the worker.
	live   *search.Live
	dir    string
	hashes map[string]uint64 // of the indexed documents, by URL
	syn    map[string][]string
	lang   string

	// updates counts index updates, for tests: full builds and
	// incremental ones, and the documents the last one indexed.
	fulls, incrementals, lastIndexed atomic.Int64
}

func newDevSearch(stderr io.Writer) *devSearch {
	d := &devSearch{stderr: stderr, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	h := search.Handler(nil) // 503 until the first index is ready
	d.handler.Store(&h)
	go d.work()
	return d
}

func (d *devSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*d.handler.Load()).ServeHTTP(w, r)
}

// indexJob is a build's search documents.
type indexJob struct {
	docs     []search.Doc
	synonyms map[string][]string
	language string
}

// update queues a successful build for indexing; a build queued before
// it and not started yet is skipped. The documents are taken here, on
// the build's goroutine: the next build may update the site model in
// place (builder's patch path).
func (d *devSearch) update(_ context.Context, res *builder.Result) {
	job := &indexJob{docs: res.SearchDocs(), synonyms: res.Site.Config.Synonyms, language: res.Site.Config.Language}
	// A save in another language gives this one's documents of the
	// last build again, the very same slice (builder.Result.SearchDocs):
	// nothing to index.
	if sameDocs(job.docs, d.queued) && maps.EqualFunc(job.synonyms, d.queuedSyn, slices.Equal[[]string]) && job.language == d.queuedLang {
		return
	}
	d.queued, d.queuedSyn, d.queuedLang = job.docs, job.synonyms, job.language
	d.mu.Lock()
	d.pending = job
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *devSearch) work() {
	defer close(d.done)
	for {
		select {
		case <-d.stop:
			return
		case <-d.wake:
		}
		d.mu.Lock()
		job := d.pending
		d.pending = nil
		d.mu.Unlock()
		if job == nil {
			continue
		}
		if err := d.index(job); err != nil {
			fmt.Fprintf(d.stderr, "kb: search index: %v\n", err)
		}
	}
}

// sameDocs reports whether a and b are the same slice of documents.
func sameDocs(a, b []search.Doc) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// index brings the index up to date with a build's documents.
func (d *devSearch) index(job *indexJob) error {
	docs, syn := job.docs, job.synonyms
	hashes := make(map[string]uint64, len(docs))
	for i := range docs {
		hashes[docs[i].URL] = search.DocHash(&docs[i])
	}
	if d.live != nil && maps.EqualFunc(syn, d.syn, slices.Equal[[]string]) && job.language == d.lang {
		var changed []search.Doc
		var removed []string
		for i := range docs {
			if h, ok := d.hashes[docs[i].URL]; !ok || h != hashes[docs[i].URL] {
				changed = append(changed, docs[i])
			}
		}
		for u := range d.hashes {
			if _, ok := hashes[u]; !ok {
				removed = append(removed, u)
			}
		}
		if len(changed) == 0 && len(removed) == 0 {
			return nil
		}
		if _, err := d.live.Update(context.Background(), changed, removed, syn); err != nil {
			return err
		}
		d.hashes = hashes
		d.incrementals.Add(1)
		d.lastIndexed.Store(int64(len(changed)))
		return nil
	}
	dir, err := os.MkdirTemp("", "kb-dev-search-")
	if err != nil {
		return err
	}
	if err := search.Build(context.Background(), dir, docs, search.BuildOptions{Language: job.language, Synonyms: syn}); err != nil {
		os.RemoveAll(dir)
		return err
	}
	live, err := search.OpenLive(dir)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	h := search.LiveHandler(live)
	d.handler.Store(&h)
	if d.live != nil {
		d.live.Close() // searches in flight on it finish first
		os.RemoveAll(d.dir)
	}
	d.live, d.dir, d.hashes, d.syn, d.lang = live, dir, hashes, syn, job.language
	d.fulls.Add(1)
	d.lastIndexed.Store(int64(len(docs)))
	return nil
}

// close stops the worker (after the update in progress) and removes the
// index.
func (d *devSearch) close() {
	close(d.stop)
	<-d.done
	if d.live != nil {
		d.live.Close()
		os.RemoveAll(d.dir)
		d.live = nil
	}
}

// devSearches is kb serve's search per language: a devSearch for each
// language of a multilingual site (builder.Result.Languages), each its
// own index in its own analysis, updated from its language's part of the
// build, so that {base}de/api/search searches the German pages (and the
// untranslated articles German readers get as fallbacks). A site in one
// language has one, under the code "". ServeHTTP answers for the default
// language (server.Config.Search); lang gives the others
// (server.Config.Searches).
type devSearches struct {
	stderr io.Writer

	mu   sync.Mutex
	by   map[string]*devSearch // by language code
	def  string                // the default language's code
	none http.Handler          // 503 before the first build
}

func newDevSearches(stderr io.Writer) *devSearches {
	return &devSearches{stderr: stderr, by: map[string]*devSearch{}, none: search.Handler(nil)}
}

// update queues each language of a good build for indexing. A language
// that is gone (site.yaml changed) has its index closed and removed.
func (d *devSearches) update(ctx context.Context, res *builder.Result) {
	parts := res.Languages
	if len(parts) == 0 {
		parts = []builder.LanguageResult{{Code: "", Result: res}}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	seen := map[string]bool{}
	for _, p := range parts {
		seen[p.Code] = true
		ds := d.by[p.Code]
		if ds == nil {
			ds = newDevSearch(d.stderr)
			d.by[p.Code] = ds
		}
		ds.update(ctx, p.Result)
	}
	d.def = parts[0].Code
	for code, ds := range d.by {
		if !seen[code] {
			delete(d.by, code)
			go ds.close() // after the update it may be making
		}
	}
}

// lang is the search API of the language code; nil for a language the
// last build did not have.
func (d *devSearches) lang(code string) http.Handler {
	d.mu.Lock()
	defer d.mu.Unlock()
	if ds := d.by[code]; ds != nil {
		return ds
	}
	return nil
}

func (d *devSearches) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	var h http.Handler = d.none
	if ds := d.by[d.def]; ds != nil {
		h = ds
	}
	d.mu.Unlock()
	h.ServeHTTP(w, r)
}

// close stops every language's worker and removes the indexes.
func (d *devSearches) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for code, ds := range d.by {
		ds.close()
		delete(d.by, code)
	}
}
