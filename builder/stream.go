package builder

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/kbhelp/kb/search"
)

// A plain build into a folder feeds the search index while it parses,
// instead of after: the index (about as much CPU time as rendering) then
// runs beside the parse workers rather than on alone after the last page,
// and each article's search text goes to it as soon as it is made instead
// of waiting in memory for the whole site to be parsed.
//
// A search document needs the article's URL, category, section and
// breadcrumb, which the site model gives only once every file is parsed.
// They depend on the folders alone (their _index.md files and names) and
// on the article's own front matter and file name, so parseAll parses
// the _index.md files first and makes a site model of the folders
// (prelim); each article's document is made from it the moment the
// article is parsed. Once the real model is made, Build checks that
// every document says what SearchDocs would say of it (streamCheck), and
// fails rather than ship an index that does not.

// indexStream is the search index being fed during parse.
type indexStream struct {
	dir   string // the index folder
	lean  bool   // Builder.lean: each article's search text is the index's alone
	opts  func(*Config, int) search.BuildOptions
	w     *search.Writer
	items chan streamedDoc
	done  chan error // the feeder's result, then closed
	// Set by parseAll: the sources in order, and for each the hash of
	// what its document says besides its text (0 for no document).
	srcs  []*Source
	metas []uint64
	once  sync.Once
}

type streamedDoc struct {
	i   int         // the source's index
	doc *search.Doc // nil: the source has no document
}

// startStream starts an index fed during parse when the build is a
// plain one into a folder (see above); nil otherwise.
func (b *Builder) startStream(out Sink) *indexStream {
	fs, ok := out.(folderSink)
	if b.opts.NoIndex || b.opts.Cache != nil || b.noStream || !ok || fs.Dir() == "" {
		return nil
	}
	return &indexStream{dir: filepath.Join(fs.Dir(), SearchDir), lean: b.lean,
		opts: func(cfg *Config, docs int) search.BuildOptions { return b.indexOptions(cfg, fs.Dir(), docs) }}
}

// open creates the index and its feeder, which adds the documents in the
// order of the sources whatever order they are parsed in.
func (st *indexStream) open(cfg *Config, srcs []*Source) error {
	w, err := search.NewWriter(st.dir, st.opts(cfg, len(srcs)))
	if err != nil {
		return err
	}
	st.w, st.srcs, st.metas = w, srcs, make([]uint64, len(srcs))
	// Room for many documents: the feeder adds them a batch at a time
	// (a segment built every 500), and parse workers that wait for it
	// leave a core idle. 256 cost a tenth of a 10,000-article build's
	// wall time; 4,096 and 16,384 came out the same.
	st.items = make(chan streamedDoc, 4096)
	st.done = make(chan error, 1)
	// The feeder adds the documents in the order of the sources, which
	// load sorts by path when there is no Cache (as there is not here):
	// the order SearchDocs gives, which breaks ties between scores.
	go func() {
		var err error
		pending := map[int]*search.Doc{}
		next := 0
		for it := range st.items {
			pending[it.i] = it.doc
			for {
				d, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				if d != nil && err == nil {
					err = w.Add(d)
				}
			}
		}
		if err == nil && next != len(srcs) {
			err = fmt.Errorf("search index: %d of %d sources reached it", next, len(srcs))
		}
		st.done <- err
		close(st.done)
	}()
	return nil
}

// send gives the feeder source i's document, or nil for none.
func (st *indexStream) send(i int, p *Page, prelim *Site) {
	if p == nil || p.Kind != KindArticle || p.FM.Draft || prelim == nil {
		st.items <- streamedDoc{i: i}
		return
	}
	f := prelim.byRel[p.Dir]
	if f == nil { // cannot happen: prelim has every article's folder
		st.items <- streamedDoc{i: i}
		return
	}
	slug := articleSlug(p)
	if slug == "" {
		slug = "article"
	}
	tmp := &Page{Kind: KindArticle, URL: f.URL + slug + "/", Title: p.Title, Description: p.Description,
		FM: p.FM, Parent: f, text: p.text, Fallback: prelim.Config.isFallback(p.Src.Path)}
	d := prelim.searchDoc(tmp)
	st.metas[i] = docMetaKey(&d)
	if st.lean {
		p.text = nil // the index's now
	}
	st.items <- streamedDoc{i: i, doc: &d}
}

// closeItems tells the feeder that every source was sent.
func (st *indexStream) closeItems() {
	st.once.Do(func() { close(st.items) })
}

// abort stops the index and removes it.
func (st *indexStream) abort() {
	if st.w == nil {
		return
	}
	st.closeItems()
	for range st.done {
	}
	st.w.Abort()
}

// check compares each document sent with what SearchDocs says of the
// article in the final model, and then finishes the index on a goroutine
// of its own.
func (st *indexStream) check(site *Site) *indexJob {
	j := &indexJob{done: make(chan error, 1), finished: make(chan struct{}), cancel: func() {}, version: st.w.StaticVersion, client: staticClient(st.w, site.Config.Language)}
	var err error
	index := make(map[*Source]int, len(st.srcs))
	for i, s := range st.srcs {
		index[s] = i
	}
	seen := 0
	for _, p := range site.Pages {
		if p.Kind != KindArticle || p.FM.Draft {
			continue
		}
		seen++
		i, ok := index[p.Src]
		if d := site.searchDoc(p); !ok || st.metas[i] != docMetaKey(&d) {
			err = fmt.Errorf("search index: %s: the document made while parsing differs from the site's (a bug in kb)", p.Src.Path)
			break
		}
	}
	sent := 0
	for _, k := range st.metas {
		if k != 0 {
			sent++
		}
	}
	if err == nil && sent != seen {
		err = fmt.Errorf("search index: %d documents made while parsing, %d articles in the site (a bug in kb)", sent, seen)
	}
	go func() {
		defer close(j.finished)
		ferr := <-st.done
		switch {
		case err != nil:
			st.w.Abort()
		case ferr != nil:
			err = ferr
			st.w.Abort()
		default:
			err = st.w.Close()
		}
		j.done <- err
	}()
	return j
}

// docMetaKey hashes what a search document says besides the article's
// text.
func docMetaKey(d *search.Doc) uint64 {
	h := newHash()
	hashStrings(h, d.URL, d.Title, d.Description, d.Category, d.Section, d.CategoryTitle, d.SectionTitle, d.Slug)
	for _, list := range [][]string{d.Breadcrumb, d.Tags, d.Symptoms, d.ErrorMessages} {
		hashStrings(h, list...)
		hashStrings(h, "\x00")
	}
	hashInts(h, b2i(d.Fallback))
	return h.Sum64() | 1 // never 0, which means no document
}

// parseStreaming is parseAll for a build that feeds its index during
// parse: the _index.md files first, then a model of the folders, then
// the articles, each sent to the index once parsed.
func (b *Builder) parseStreaming(ctx context.Context, st *indexStream, srcs []*Source, snippets map[string]*Snippet) ([]*Page, error) {
	if err := st.open(b.cfg, srcs); err != nil {
		return nil, err
	}
	defer st.closeItems()
	pages := make([]*Page, len(srcs))
	var sections, articles []int
	for i, s := range srcs {
		if isIndexFile(baseName(s.Rel)) {
			sections = append(sections, i)
		} else {
			articles = append(articles, i)
		}
	}
	run := func(list []int, parsed func(i int)) error {
		return eachParallel(ctx, len(list), func(k int) error {
			i := list[k]
			pages[i] = b.parseSafe(srcs[i], snippets)
			parsed(i)
			return nil
		})
	}
	if err := run(sections, func(i int) { st.send(i, nil, nil) }); err != nil {
		return nil, err
	}
	// The folders as the site model will make them: from the _index.md
	// files, and a stand-in for each article, which only places it.
	stubs := make([]*Page, 0, len(srcs))
	for _, i := range sections {
		stubs = append(stubs, pages[i])
	}
	for _, i := range articles {
		stubs = append(stubs, &Page{Kind: KindArticle, Src: srcs[i], Dir: parentDir(srcs[i].Rel), NavIndex: -1})
	}
	prelim := newSite(b.cfg, stubs, nil)
	err := run(articles, func(i int) { st.send(i, pages[i], prelim) })
	return pages, err
}
