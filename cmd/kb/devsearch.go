package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"

	"kb/builder"
	"kb/search"
)

// devSearch gives kb serve's dev mode a search API. The dev server builds
// into memory, so after each good build the index is built apart, in a
// temporary folder, on its own goroutine: a save shows in the browser
// without waiting for it, and search follows a moment later. An index
// whose content hash matches the build is kept as it is.
type devSearch struct {
	stderr  io.Writer
	handler atomic.Pointer[http.Handler]

	mu     sync.Mutex
	cancel context.CancelFunc // of the index being built, if any
	ix     *search.Index      // the open index
	dir    string             // its folder
	hash   string             // its content hash
	wg     sync.WaitGroup
}

func newDevSearch(stderr io.Writer) *devSearch {
	d := &devSearch{stderr: stderr}
	h := search.Handler(nil) // 503 until the first index is ready
	d.handler.Store(&h)
	return d
}

func (d *devSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*d.handler.Load()).ServeHTTP(w, r)
}

// update starts indexing a successful build, cancelling one in progress.
func (d *devSearch) update(ctx context.Context, res *builder.Result) {
	docs := res.Site.SearchDocs()
	opts := search.BuildOptions{Synonyms: res.Site.Config.Synonyms}
	hash := search.ContentHash(docs, opts.Synonyms)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel != nil {
		d.cancel()
	}
	if hash == d.hash {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	d.cancel = cancel
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		dir, err := os.MkdirTemp("", "kb-dev-search-")
		if err != nil {
			fmt.Fprintf(d.stderr, "kb: search index: %v\n", err)
			return
		}
		if err := search.Build(ctx, dir, docs, opts); err != nil {
			os.RemoveAll(dir)
			if ctx.Err() == nil {
				fmt.Fprintf(d.stderr, "kb: search index: %v\n", err)
			}
			return
		}
		ix, err := search.Open(dir)
		if err != nil {
			os.RemoveAll(dir)
			fmt.Fprintf(d.stderr, "kb: search index: %v\n", err)
			return
		}
		d.mu.Lock()
		if ctx.Err() != nil { // a newer build took over
			d.mu.Unlock()
			ix.Close()
			os.RemoveAll(dir)
			return
		}
		old, oldDir := d.ix, d.dir
		d.ix, d.dir, d.hash = ix, dir, hash
		h := search.Handler(ix)
		d.handler.Store(&h)
		d.mu.Unlock()
		if old != nil {
			old.Close() // waits for searches in flight
			os.RemoveAll(oldDir)
		}
	}()
}

// close stops indexing and removes the index.
func (d *devSearch) close() {
	d.mu.Lock()
	if d.cancel != nil {
		d.cancel()
	}
	d.mu.Unlock()
	d.wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ix != nil {
		d.ix.Close()
		os.RemoveAll(d.dir)
		d.ix = nil
	}
}
