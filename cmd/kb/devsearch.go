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
	job := &indexJob{docs: res.Site.SearchDocs(), synonyms: res.Site.Config.Synonyms, language: res.Site.Config.Language}
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
