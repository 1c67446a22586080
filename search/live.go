package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Live is an index that changes: kb serve builds one at start and then
// updates only the documents a save changed. Searches go to Index, a
// read-only view that Update replaces; a view taken before an Update
// keeps answering from the index as it was, until it is closed.
type Live struct {
	mu   sync.Mutex // serialises Update and Close
	dir  string
	bi   bleve.Index
	an   *analyzer
	meta Meta
	cur  *Index
}

// OpenLive opens the index in dir, built by Build, for updating. Unlike
// Open, it takes bleve's write lock: no other process may have the
// index open.
func OpenLive(dir string) (*Live, error) {
	m, err := ReadMeta(dir)
	if err != nil {
		return nil, err
	}
	if m.ReadOnly {
		return nil, ErrReadOnly
	}
	lang, err := languageNamed(m.Analysis)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIncompatible, err)
	}
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": lockTimeout.String()})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	l := &Live{dir: dir, bi: bi, an: newAnalyzerFor(lang), meta: m}
	if l.cur, err = l.view(); err != nil {
		bi.Close()
		return nil, err
	}
	return l, nil
}

// Index is the current view. The Update that replaces it closes it,
// after the searches in flight on it; searches after that fail with
// ErrClosed, so take the view again for each search.
func (l *Live) Index() *Index {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur
}

// Update indexes docs (added or changed, by URL) and removes the
// documents at the URLs in removed, in one batch, then makes a new view
// current. titles gives the titles of category and section keys, as
// BuildOptions' documents carry them (an entry replaces the old one).
func (l *Live) Update(ctx context.Context, docs []Doc, removed []string, synonyms map[string][]string) (*Index, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bi == nil {
		return nil, ErrClosed
	}
	b := l.bi.NewBatch()
	titles := make(map[string]string, len(l.meta.Titles))
	for k, v := range l.meta.Titles {
		titles[k] = v
	}
	for _, u := range removed {
		b.Delete(u)
	}
	for i := range docs {
		d := &docs[i]
		if d.URL == "" {
			return nil, errors.New("search: a document without a URL")
		}
		if d.Category != "" {
			titles[d.Category] = d.CategoryTitle
		}
		if d.Section != "" {
			titles[d.Section] = d.SectionTitle
		}
		if err := b.Index(d.URL, fields(l.an, d)); err != nil {
			return nil, fmt.Errorf("search: index %s: %w", d.URL, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := l.bi.Batch(b); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	n, err := l.bi.DocCount()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	l.meta.Docs, l.meta.Titles, l.meta.Synonyms = int(n), titles, synonyms
	l.meta.ContentHash = "" // no longer that of one build's documents
	v, err := l.view()
	if err != nil {
		return nil, err
	}
	old := l.cur
	l.cur = v
	old.Close() // waits for the searches in flight on it
	return v, nil
}

// Search searches the current view. A view replaced by an Update in the
// meantime is closed: the search is run again on the new one.
func (l *Live) Search(ctx context.Context, q Query) (*Results, error) {
	for try := 0; ; try++ {
		res, err := l.Index().Search(ctx, q)
		if !errors.Is(err, ErrClosed) || try == 2 {
			return res, err
		}
	}
}

// view makes a read-only Index over the live bleve index as it is now.
func (l *Live) view() (*Index, error) {
	ix, err := newIndex(l.dir, l.meta, l.bi, l.an)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	ix.shared = true
	return ix, nil
}

// Close closes the current view and the index.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bi == nil {
		return nil
	}
	err := errors.Join(l.cur.Close(), l.bi.Close())
	l.bi = nil
	return err
}

var docSeed = maphash.MakeSeed()

// DocHash hashes every field of d that the index holds, so that a
// document whose hash did not change need not be indexed again. Hashes
// are for one process only.
func DocHash(d *Doc) uint64 {
	var h maphash.Hash
	h.SetSeed(docSeed)
	str := func(ss ...string) {
		var n [8]byte
		for _, s := range ss {
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			h.Write(n[:])
			h.WriteString(s)
		}
		binary.LittleEndian.PutUint64(n[:], uint64(len(ss)))
		h.Write(n[:])
	}
	str(d.URL, d.Title, d.Description, d.Category, d.Section, d.CategoryTitle, d.SectionTitle, d.Slug, d.Body, d.Code)
	str(d.Breadcrumb...)
	str(d.Tags...)
	str(d.Headings...)
	str(d.Symptoms...)
	str(d.ErrorMessages...)
	if d.Fallback {
		str("fallback")
	}
	for _, s := range d.Sections {
		str(s.Anchor, s.Title, s.Text)
	}
	return h.Sum64()
}
